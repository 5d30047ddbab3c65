/**
 * `npm run bench`: every performance figure of the project in one run, after a production
 * build. Figures are printed, never asserted: times vary with the machine, while the tests
 * assert what must not vary (sync counts, request sizes, bundle bytes).
 *
 * Sections: custom functions (per-call time through the registered wrappers), Excel round trips
 * (setup, upgrade, adoption, append, read; against the object-model fake), calculated columns
 * (LibreOffice's recalculation vs the CRM functions' per-call cost), import pipeline
 * (beside the raw CSV parse of the same file), the customer card's story read (requests and
 * time for 100,000 follow-ups), task pane (start bundle, time to interactive in
 * headless Chromium), work lists at 1,000 and 10,000 customers (domain and headless Chromium) and
 * the bundle sizes of every entry and chunk.
 */
import os from "node:os";
import { benchBundle } from "./bundle";
import { benchCard, formatCardBench } from "./card";
import { benchExcel } from "./excel";
import { benchFunctions } from "./functions";
import { benchImport, formatImportBench } from "./import";
import { benchLibreOffice } from "./libreoffice";
import { benchPane } from "./pane";
import { benchSetup } from "./setup";
import { benchWorkLists } from "./worklists";

async function main(): Promise<void> {
  console.log(
    `# CRM add-in benchmarks — ${new Date().toISOString()} — Node ${process.version}, ` +
      `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, load ${os.loadavg()[0]?.toFixed(2)}`,
  );

  // benchFunctions and benchExcel print their own section headings.
  await benchFunctions();

  console.log("\n## Excel round trips: setup, upgrade, adoption (object-model fake)");
  console.table(await benchSetup());

  await benchExcel();

  console.log("\n## Customer card: one customer's story in a workbook of 100,000 follow-ups");
  console.log(formatCardBench(await benchCard()));

  // LibreOffice's recalculation of the set-up workbook (native formulas) beside the CRM
  // functions' cost for the same columns; skipped with a note where soffice is missing.
  await benchLibreOffice();

  console.log("\n## Import pipeline, data check, dashboard");
  console.log(formatImportBench(await benchImport()));

  await benchPane();
  await benchWorkLists();
  benchBundle();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

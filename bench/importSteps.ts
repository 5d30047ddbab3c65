/**
 * The measured steps of the import bench, free of Node APIs so that the same code runs in a
 * Node child process (bench/importChild.ts) and in a headless Chromium page
 * (bench/importBrowser.ts): the raw papaparse parse of the file, and the full pipeline.
 */
import Papa from "papaparse";
import { parseCsv } from "../src/domain/import/csv";
import { decodeText } from "../src/domain/import/decode";
import {
  analyseImport,
  detectMapping,
  planImport,
  type ImportPlan,
} from "../src/domain/import/pipeline";
import type { CrmRecord } from "../src/domain/port";
import { defaultListValues } from "../src/domain/schema";
import { serialFromYmd } from "../src/domain/values";

export const TODAY = serialFromYmd(2024, 6, 30);
/** Workbook customers the file is de-duplicated against (a mid-sized SME workbook). */
const EXISTING = 10_000;

export function existingCustomers(): CrmRecord[] {
  return Array.from({ length: EXISTING }, (_, i) => ({
    customerId: `C202401${String(i).padStart(6, "0")}`,
    name: `客户${i * 97}科技有限公司`,
    contact: `老联系人${i}`,
    needs: "ERP",
    phone: `139${String(i).padStart(8, "0")}`,
  }));
}

/** Time spent in the pipeline's own decode + CSV parse, for the breakdown in the report. */
let parseMs = 0;

export function runPipeline(bytes: Uint8Array, existing: CrmRecord[]): ImportPlan {
  const t0 = performance.now();
  const { text } = decodeText(bytes);
  const { grid } = parseCsv(text);
  parseMs = performance.now() - t0;
  const mapping = detectMapping(grid);
  if (!mapping) throw new Error("no header row");
  const analysed = analyseImport(grid, mapping, {
    lists: defaultListValues(),
    today: TODAY,
    customers: existing,
    existing,
  });
  return planImport(analysed, { duplicates: "skip" });
}

export type StepMode = "raw" | "pipeline" | "idle";

export interface StepTime {
  ms: number;
  rows: number;
  /** Pipeline only: its decode + parse, the rest being detect, analyse and plan. */
  parseMs?: number;
}

/**
 * Times one step on the file's bytes: "raw" decodes and parses with papaparse's defaults (the
 * baseline), "pipeline" runs decode, parse, header detection, analysis and plan, "idle" nothing
 * (the memory of a process or page that only holds the bytes).
 */
export function timeStep(mode: StepMode, bytes: Uint8Array): StepTime {
  const existing = existingCustomers();
  globalThis.gc?.();
  const t0 = performance.now();
  let rows = 0;
  if (mode === "raw") rows = Papa.parse<string[]>(new TextDecoder().decode(bytes)).data.length;
  if (mode === "pipeline") rows = runPipeline(bytes, existing).rows.length;
  const result: StepTime = { ms: performance.now() - t0, rows };
  if (mode === "pipeline") result.parseMs = parseMs;
  return result;
}

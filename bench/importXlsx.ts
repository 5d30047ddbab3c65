/**
 * .xlsx read time at 1,000, 10,000 and 100,000 rows of the customer template (the same rows as
 * the CSV bench, written by exceljs's streaming writer with shared strings, as Excel writes
 * them), beside papaparse's raw parse of the same rows as CSV. The reader is linear in the
 * file's cells: the per-row cost stays flat from 1,000 to 100,000 rows (the exceljs reader it
 * replaced took 0.8 s at 1,000 rows and 39–46 s at 8,000).
 *
 * Run alone with `npx tsx bench/importXlsx.ts`; benchImport() includes it.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { readXlsxFile } from "../src/domain/import/xlsx";
import { generateCsv } from "./import";

export interface XlsxReadFigure {
  rows: number;
  bytes: number;
  /** Median of the runs. */
  ms: number;
  /** papaparse's raw parse of the same rows as CSV text, median. */
  csvMs: number;
}

const SIZES = [1_000, 10_000, 100_000];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function writeXlsx(path: string, grid: string[][]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: true,
  });
  const sheet = workbook.addWorksheet("客户信息收集表");
  for (const row of grid) sheet.addRow(row).commit();
  await workbook.commit();
}

export async function benchXlsxRead(sizes = SIZES): Promise<XlsxReadFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), "crm-xlsx-"));
  const out: XlsxReadFigure[] = [];
  try {
    for (const rows of sizes) {
      const csv = generateCsv(rows);
      const grid = Papa.parse<string[]>(csv).data;
      // The CSV's final line break is no row.
      while (grid.length > 0 && (grid[grid.length - 1] ?? []).every((c) => c === "")) grid.pop();
      const path = join(dir, `customers-${rows}.xlsx`);
      await writeXlsx(path, grid);
      const bytes = new Uint8Array(readFileSync(path));
      const runs = rows >= 100_000 ? 3 : 5;
      const times: number[] = [];
      const csvTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        let t0 = performance.now();
        const { sheets } = await readXlsxFile(bytes);
        times.push(performance.now() - t0);
        if ((sheets[0]?.grid.length ?? 0) !== grid.length) throw new Error("row count differs");
        t0 = performance.now();
        Papa.parse<string[]>(csv);
        csvTimes.push(performance.now() - t0);
      }
      out.push({ rows, bytes: bytes.length, ms: median(times), csvMs: median(csvTimes) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export function formatXlsxRead(figures: readonly XlsxReadFigure[]): string {
  return [
    "Reading .xlsx (customer template, shared strings; median, in this process under tsx):",
    ...figures.map(
      (f) =>
        `  ${f.rows.toLocaleString("en")} rows (${(f.bytes / 1e6).toFixed(2)} MB): ${f.ms.toFixed(0)} ms, ${((f.ms / f.rows) * 1000).toFixed(1)} µs/row; the same rows as CSV, raw papaparse parse: ${f.csvMs.toFixed(0)} ms`,
    ),
  ].join("\n");
}

if (require.main === module) {
  benchXlsxRead()
    .then((figures) => console.log(formatXlsxRead(figures)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

/**
 * The measured step of the import bench: the raw papaparse parse or the full pipeline, run in a
 * fresh Node process. `bench/import.ts` bundles this module (with papaparse and the domain code)
 * into one minified file with esbuild and runs that file, because the add-in ships the pipeline
 * bundled and minified (webpack): under tsx's per-module CommonJS transform every cross-module
 * call goes through an export getter, a cost the product never pays. Both modes come from the
 * same bundle, so the baseline and the pipeline are measured alike.
 */
import { readFileSync } from "node:fs";
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

export interface ChildResult {
  ms: number;
  maxRssMb: number;
  rows?: number;
  /** Pipeline only: its decode + parse, the rest being detect, analyse and plan. */
  parseMs?: number;
}

/** Reads the file's bytes, then times one mode. Peak RSS covers the whole process. */
export function measureStep(mode: string, file: string): ChildResult {
  const bytes = new Uint8Array(readFileSync(file));
  const existing = existingCustomers();
  globalThis.gc?.();
  const t0 = performance.now();
  let rows = 0;
  if (mode === "raw") rows = Papa.parse<string[]>(new TextDecoder().decode(bytes)).data.length;
  if (mode === "pipeline") rows = runPipeline(bytes, existing).rows.length;
  const ms = performance.now() - t0;
  const result: ChildResult = { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, rows };
  if (mode === "pipeline") result.parseMs = parseMs;
  return result;
}

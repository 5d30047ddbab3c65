/**
 * The rejected rows as a file to fix and re-import: the original header row, the rows as they
 * were in the file, and a last column with the reasons. UTF-8 with a byte-order mark, because
 * Excel opens a BOM-less UTF-8 CSV in the system code page and garbles the Chinese.
 *
 * Cells that Excel would evaluate (`=…`, `+…`, `-…`, `@…`) get a leading apostrophe, so opening
 * the file cannot run an injected formula; the import strips that apostrophe again.
 */
import Papa from "papaparse";
import type { Lang } from "../i18n";
import { looksLikeFormula } from "../values";
import { REASON_HEADER } from "./messages";
import { describeProblems, type ImportMapping, type PlannedRow } from "./pipeline";
import type { GridCell } from "./xlsx";

function cellOut(value: GridCell | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return looksLikeFormula(text) ? `'${text}` : text;
}

export function rejectedCsv(
  mapping: ImportMapping,
  rows: readonly PlannedRow[],
  lang: Lang,
): string {
  const width = mapping.headers.length;
  const header = [...mapping.headers.map((h) => cellOut(h)), REASON_HEADER[lang]];
  const body = rows.map((row) => {
    const cells: string[] = [];
    for (let i = 0; i < width; i++) cells.push(cellOut(row.cells[i]));
    cells.push(describeProblems(mapping.table, row, lang));
    return cells;
  });
  return `\uFEFF${Papa.unparse([header, ...body], { newline: "\r\n" })}\r\n`;
}

/** The file name offered for download: `客户档案-待修正.csv`. */
export function rejectedFileName(sourceName: string, lang: Lang): string {
  const base = sourceName.replace(/\.(csv|xlsx)$/i, "");
  return lang === "zh" ? `${base}-待修正.csv` : `${base}-to-fix.csv`;
}

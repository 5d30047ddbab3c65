/**
 * CSV text → grid of cell strings, through papaparse (quoted fields, embedded line breaks and
 * doubled quotes are real CSV; a split on commas is not). The delimiter is detected, since
 * Excel writes a semicolon or a tab in some locales. Blank lines are kept so that row numbers
 * in the preview and the rejected-rows file match the row numbers the user sees in Excel.
 *
 * Control characters (NUL, form feed, …; a broken export or a binary file) are removed before
 * parsing and counted, and papaparse's own errors (an unbalanced quote swallows the rest of the
 * file into one cell) are returned with their row, so the pane can say what happened and where.
 */
import Papa from "papaparse";
import type { Label } from "../i18n";

export type CsvErrorKind = "quotes" | "other";

export interface CsvError {
  /** 1-based row of the grid (the row number the preview shows). */
  row: number;
  kind: CsvErrorKind;
}

export interface CsvResult {
  grid: string[][];
  delimiter: string;
  /** Malformed quoting and the like, with 1-based row numbers; rows are still returned. */
  errors: CsvError[];
  /** Control characters removed from the text. */
  controlChars: number;
}

export const CSV_ERRORS = {
  quotes: {
    zh: "第 {row} 行的引号没有配对：从这里起的内容可能被读进了同一个单元格。请在 Excel 中检查这一行，修正后重新保存为 CSV。",
    en: "Row {row} has an unbalanced quote: what follows may have been read into one cell. Check that row in Excel, fix it and save the CSV again.",
  },
  other: {
    zh: "第 {row} 行的格式有误，请在 Excel 中检查这一行。",
    en: "Row {row} is malformed; check it in Excel.",
  },
} satisfies Record<CsvErrorKind, Label>;

/** C0 controls but tab, line feed and carriage return, and DEL. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Removes control characters; returns the text and how many were removed. */
export function stripControls(text: string): { text: string; removed: number } {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(text)) return { text, removed: 0 };
  const clean = text.replace(CONTROL, "");
  return { text: clean, removed: text.length - clean.length };
}

export function parseCsv(text: string): CsvResult {
  const { text: clean, removed } = stripControls(text);
  const result = Papa.parse<string[]>(clean, { header: false, skipEmptyLines: false });
  const grid = result.data;
  // A final line break yields one empty record; it is not a row of the file.
  while (grid.length > 0 && isEmptyRow(grid[grid.length - 1])) grid.pop();
  const errors: CsvError[] = [];
  for (const e of result.errors) {
    // A one-column file has no delimiter to detect; papaparse then uses the comma, as we want.
    if (e.code === "UndetectableDelimiter") continue;
    errors.push({
      row: (e.row ?? 0) + 1,
      kind: e.code === "MissingQuotes" || e.code === "InvalidQuotes" ? "quotes" : "other",
    });
  }
  return { grid, delimiter: result.meta.delimiter, errors, controlChars: removed };
}

function isEmptyRow(row: readonly string[] | undefined): boolean {
  return !row || row.every((c) => c.trim() === "");
}

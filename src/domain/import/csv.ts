/**
 * CSV text → grid of cell strings, through papaparse (quoted fields, embedded line breaks and
 * doubled quotes are real CSV; a split on commas is not). The delimiter is detected, since
 * Excel writes a semicolon or a tab in some locales. Blank lines are kept so that row numbers
 * in the preview and the rejected-rows file match the row numbers the user sees in Excel.
 */
import Papa from "papaparse";

export interface CsvResult {
  grid: string[][];
  delimiter: string;
  /** Malformed quoting and the like, with 1-based row numbers; rows are still returned. */
  errors: { row: number; message: string }[];
}

export function parseCsv(text: string): CsvResult {
  const result = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false });
  const grid = result.data;
  // A final line break yields one empty record; it is not a row of the file.
  while (grid.length > 0 && isEmptyRow(grid[grid.length - 1])) grid.pop();
  return {
    grid,
    delimiter: result.meta.delimiter,
    errors: result.errors.map((e) => ({ row: (e.row ?? 0) + 1, message: e.message })),
  };
}

function isEmptyRow(row: readonly string[] | undefined): boolean {
  return !row || row.every((c) => c.trim() === "");
}

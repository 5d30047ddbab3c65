/**
 * .xlsx bytes → one grid of cell values per worksheet, through exceljs. exceljs is large, so it
 * is imported on first use: webpack puts it in its own chunk and the pane's start-up JavaScript
 * stays small (SPEC §7).
 *
 * Cells become what the rest of the import expects: dates as Excel serials, rich text and
 * hyperlinks as their text, formulas as their cached result, and every cell of a merged area as
 * the merged value (templates merge a title across the sheet and an industry down a group of
 * rows; both mean "this value, for each cell").
 */
import { toSerial } from "../values";

export type GridCell = string | number | boolean | null;

export interface SheetGrid {
  name: string;
  grid: GridCell[][];
}

/** The part of exceljs this module uses; the library's own types pull in @types/node@14. */
interface XlsxCell {
  value: unknown;
}
interface XlsxRow {
  getCell(col: number): XlsxCell;
}
interface XlsxWorksheet {
  name: string;
  rowCount: number;
  columnCount: number;
  getRow(row: number): XlsxRow;
}
interface XlsxWorkbook {
  worksheets: XlsxWorksheet[];
  xlsx: { load(data: ArrayBuffer): Promise<unknown> };
}
type WorkbookCtor = new () => XlsxWorkbook;

async function loadWorkbookClass(): Promise<WorkbookCtor> {
  const mod: unknown = await import("exceljs");
  // CommonJS under jest exposes Workbook on the namespace; webpack's UMD chunk on `default`.
  const lib = (
    mod && typeof mod === "object" && "Workbook" in mod
      ? mod
      : (mod as { default: unknown }).default
  ) as { Workbook: WorkbookCtor };
  return lib.Workbook;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** An exceljs cell value → a plain cell value. */
export function plainCell(value: unknown): GridCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (value instanceof Date) {
    const serial = toSerial(value);
    return typeof serial === "number" ? serial : null;
  }
  if (isRecord(value)) {
    if (Array.isArray(value.richText)) {
      return value.richText
        .map((run: unknown) => (isRecord(run) ? String(run.text ?? "") : ""))
        .join("");
    }
    if ("formula" in value || "sharedFormula" in value) return plainCell(value.result);
    if ("hyperlink" in value) return plainCell(value.text);
    if ("error" in value) return String(value.error);
    if ("text" in value) return plainCell(value.text);
  }
  return null;
}

function toArrayBuffer(input: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (input instanceof ArrayBuffer) return input;
  const copy = new Uint8Array(input.byteLength);
  copy.set(input);
  return copy.buffer;
}

export async function readXlsx(input: ArrayBuffer | Uint8Array): Promise<SheetGrid[]> {
  const Workbook = await loadWorkbookClass();
  const workbook = new Workbook();
  await workbook.xlsx.load(toArrayBuffer(input));
  return workbook.worksheets.map((ws) => {
    const grid: GridCell[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: GridCell[] = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        // An exceljs cell, not an Office proxy: its value is already in memory.
        const { value } = row.getCell(c);
        cells.push(plainCell(value));
      }
      grid.push(cells);
    }
    return { name: ws.name, grid };
  });
}

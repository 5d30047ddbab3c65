/**
 * Rows written just below a table join it only under conditions Excel does not promise: the
 * block's first cell must be non-blank (office-js #2097, "by design"), the user's AutoCorrect
 * option "Include new rows and columns in table" must be on (#2093, #6745), the table must not
 * show a totals row, and a block of several rows may join only in part (#3013, #3191). New rows
 * get the calculated-column formulas only while AutoCorrect "Fill formulas in tables to create
 * calculated columns" is on (#2093). So an append checks, after each request, where the table
 * ends and which computed cells hold their formula, and repairs what Excel left undone:
 * - rows left outside: `Table.resize` over them where ExcelApi 1.13 is supported (checked with
 *   isSetSupported first), their formats copied from the row above (a resize copies none);
 * - computed cells without their formula: the formula written explicitly, after a General (or the
 *   column's) number format, since a formula written into a Text cell stays text.
 * - rows joined by a resize: their columns' data validation (dropdowns, number and date rules),
 *   which a resize does not extend and a copy of formats does not carry (./validation.ts).
 * The caller removes the rows again when the table cannot be made to cover them.
 */
import type { Lang } from "../domain/schema";
import { supportsExcelApi } from "./run";
import { applyValidation, type ColumnValidation } from "./validation";

/** A computed column of the table: its index in the table and what its cells must hold. */
export interface ComputedColumn {
  index: number;
  formula: string;
  numberFormat: string;
}

/** A validated column of the table: its index in the table and its rule. */
export interface ValidatedColumn extends ColumnValidation {
  index: number;
}

/** The validation rows joined by a resize need, and the language of its alerts. */
export interface JoinedRowRules {
  columns: readonly ValidatedColumn[];
  lang: Lang;
}

/** Where the table sits on its sheet: header row, first column, width. */
export interface TableFrame {
  headerRow: number;
  columnIndex: number;
  columnCount: number;
}

/** Sheet rows r0..r1 (0-based, inclusive). */
export interface RowSpan {
  r0: number;
  r1: number;
}

/**
 * Excel applies a single value to every cell of the range; the typings only declare the 2-D
 * form. One value per column keeps the request the same size for 1 or 100,000 rows.
 */
function fillAll(range: Excel.Range, prop: "formulas" | "numberFormat", value: string): void {
  (range as unknown as Record<string, unknown>)[prop] = value;
}

/** Queues each column's number format, then its formula, over the rows. */
export function queueFormulas(
  sheet: Excel.Worksheet,
  frame: TableFrame,
  rows: RowSpan,
  columns: readonly ComputedColumn[],
): void {
  for (const col of columns) {
    const cells = sheet.getRangeByIndexes(
      rows.r0,
      frame.columnIndex + col.index,
      rows.r1 - rows.r0 + 1,
      1,
    );
    fillAll(cells, "numberFormat", col.numberFormat);
    fillAll(cells, "formulas", col.formula);
  }
}

/** True when a cell read back as (value, formula) holds a real formula, not text or a value. */
export function holdsFormula(value: unknown, formula: unknown): boolean {
  return typeof formula === "string" && formula.startsWith("=") && value !== formula;
}

/**
 * The computed columns that some probed row (first and last row of a block) lacks the formula
 * of. Excel fills a calculated column in all new rows or in none, so two rows tell.
 */
export function columnsLackingFormula(
  columns: readonly ComputedColumn[],
  probes: readonly { values: unknown[][]; formulas: unknown[][] }[],
): ComputedColumn[] {
  return columns.filter((col) =>
    probes.some((p) => !holdsFormula(p.values[0]?.[col.index], p.formulas[0]?.[col.index])),
  );
}

/**
 * Makes the table cover sheet rows down to `lastRow` with `Table.resize` (ExcelApi 1.13), copies
 * the formats of the row above the new rows onto them and sets their columns' validation; `alsoQueue` adds what must follow
 * the resize in the same request (the formulas). Returns false, without any request, when this
 * Excel lacks the API; otherwise whether the table now reaches `lastRow`.
 */
export async function resizeOver(
  context: Excel.RequestContext,
  table: Excel.Table,
  sheet: Excel.Worksheet,
  frame: TableFrame,
  rows: RowSpan,
  rules: JoinedRowRules,
  alsoQueue: () => void,
): Promise<boolean> {
  if (!supportsExcelApi("1.13")) return false;
  table.resize(
    sheet.getRangeByIndexes(
      frame.headerRow,
      frame.columnIndex,
      rows.r1 - frame.headerRow + 1,
      frame.columnCount,
    ),
  );
  if (rows.r0 - 1 > frame.headerRow) {
    const width = frame.columnCount;
    sheet
      .getRangeByIndexes(rows.r0, frame.columnIndex, rows.r1 - rows.r0 + 1, width)
      .copyFrom(
        sheet.getRangeByIndexes(rows.r0 - 1, frame.columnIndex, 1, width),
        Excel.RangeCopyType.formats,
      );
  }
  for (const col of rules.columns)
    applyValidation(
      sheet.getRangeByIndexes(rows.r0, frame.columnIndex + col.index, rows.r1 - rows.r0 + 1, 1),
      col,
      rules.lang,
    );
  alsoQueue();
  const end = table.getRange().load("rowIndex,rowCount");
  await context.sync();
  return end.rowIndex + end.rowCount - 1 >= rows.r1;
}

/**
 * Queues, after a block was written below the table, the resize over it (`grown`: the table's
 * range with the block, taken before the write), the formats of the row above, the columns'
 * validation and the computed columns' formulas: the whole repair in the write's own request. Only after a resize was needed
 * once in this append, and so only where ExcelApi 1.13 is supported.
 */
export function resizeWith(
  table: Excel.Table,
  grown: Excel.Range,
  block: Excel.Range,
  columns: readonly ComputedColumn[],
  rules: JoinedRowRules,
): void {
  table.resize(grown);
  block.copyFrom(block.getRowsAbove(1), Excel.RangeCopyType.formats);
  for (const col of rules.columns) applyValidation(block.getColumn(col.index), col, rules.lang);
  for (const col of columns) {
    const cells = block.getColumn(col.index);
    fillAll(cells, "numberFormat", col.numberFormat);
    fillAll(cells, "formulas", col.formula);
  }
}

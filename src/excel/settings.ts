/**
 * Writing the Settings panel's values to the named cells of the Settings sheet. The names are
 * listed first (one read) so that a workbook missing one (set up before it existed) is told to
 * run Repair before anything is written: a failed Excel batch may apply part of its work, so
 * the write request holds only cells known to exist. Then one request writes them all.
 */
import type { Settings } from "../domain/schema";
import { LISTS, SETTINGS, type ListKey, type SettingKey } from "../domain/schema";
import { AS_OF_AUTO_PROPERTY } from "../domain/layout";
import { NotFoundError } from "./errors";
import { newListItems } from "../domain/listItems";
import { cellText, trimmedText } from "../domain/values";
import { WriteRejected } from "../domain/writeRejected";
import { runExcel, supportsExcelApi } from "./run";

export async function writeSettings(values: Partial<Settings>): Promise<void> {
  const entries = SETTINGS.filter((s) => typeof values[s.key] === "number").map((s) => ({
    def: s,
    value: values[s.key as SettingKey] as number,
  }));
  if (entries.length === 0) return;
  await runExcel(async (context) => {
    const names = context.workbook.names.load("items/name");
    await context.sync();
    const present = new Set(names.items.map((n) => n.name.toLowerCase()));
    const missing = entries.filter((e) => !present.has(e.def.name.toLowerCase()));
    if (missing.length > 0) throw new NotFoundError(missing.map((e) => e.def.name).join(", "));
    for (const { def, value } of entries) {
      context.workbook.names.getItem(def.name).getRange().values = [[value]];
    }
    // Back to "follow today": the date written now counts as the add-in's own (the as-of
    // refresh leaves a date it did not write alone), so the daily refresh resumes tomorrow.
    if (values.asOfFixed === 0 && typeof values.asOf === "number") {
      context.workbook.properties.custom.add(AS_OF_AUTO_PROPERTY, values.asOf);
    }
    await context.sync();
  }, "CRM Settings");
}

/** Brings the Settings sheet to the front with a list table (dropdown choices) selected. */
export async function selectList(list: ListKey): Promise<void> {
  await runExcel(async (context) => {
    const table = context.workbook.tables.getItem(LISTS[list].table);
    table.worksheet.activate();
    table.getRange().select();
    await context.sync();
  }, LISTS[list].table);
}

/**
 * Puts one-column `cells` into a list table from row `first` of its range (row 0 is the header),
 * growing the table over the rows past its end (`rowCount` rows now). Rows written just below a
 * table join it only sometimes (the user's AutoCorrect option, a blank first cell: office-js
 * #2093, #3013), so the table is made to hold them: resized where ExcelApi 1.13 allows
 * (Table.resize), otherwise added as table rows (TableRowCollection.add, ExcelApi 1.1), which is
 * safe for a list table (a few dozen rows that no co-author filters). Used by set-up's refill of
 * an emptied list and by the import's "add it to the list".
 */
export function putListCells(
  table: Excel.Table,
  whole: Excel.Range,
  rowCount: number,
  first: number,
  cells: string[][],
): void {
  // Cells by their place relative to the table's range; getCell may reach below the range
  // (Range.getCell, Excel JS reference).
  const at = (row: number, count: number) => whole.getCell(row, 0).getResizedRange(count - 1, 0);
  const inside = Math.max(0, Math.min(cells.length, rowCount - first));
  if (inside > 0) at(first, inside).values = cells.slice(0, inside);
  const rest = cells.slice(inside);
  if (rest.length === 0) return;
  if (supportsExcelApi("1.13")) {
    table.resize(at(0, rowCount + rest.length));
    at(rowCount, rest.length).values = rest;
  } else table.rows.add(undefined, rest);
}

/**
 * Adds items below a list table's last item (the import's "add it to the list"), in one read
 * and one write. A list table is one column; rows the table already has but that are blank
 * (an emptied list keeps one) are filled first. Rows past the table's end must be empty on the
 * sheet, or the item would overwrite what the user put there: then nothing is written. The
 * rows below are read with the table, as many as there are items to add.
 */
export async function addListItems(list: ListKey, items: readonly string[]): Promise<string[]> {
  if (items.length === 0) return [];
  return await runExcel(async (context) => {
    const table = context.workbook.tables.getItem(LISTS[list].table);
    const whole = table.getRange().load("rowCount");
    const body = table.getDataBodyRange().load("values");
    // Range.getRowsBelow (ExcelApi 1.2): the cells the table would grow over.
    const below = table.getRange().getRowsBelow(items.length).load("values");
    await context.sync();
    const values = body.values.map((r) => trimmedText(r[0]));
    const added = newListItems(values.filter(Boolean), items);
    if (added.length === 0) return [];
    let used = values.length;
    while (used > 0 && !values[used - 1]) used--;
    const first = 1 + used;
    const beyond = first + added.length - whole.rowCount;
    if (beyond > 0 && below.values.slice(0, beyond).some((r) => trimmedText(r[0]) !== ""))
      throw new WriteRejected(
        `下拉列表“${LISTS[list].label.zh}”下方的单元格不是空的，未添加选项 / The cells below the list “${LISTS[list].label.en}” are not empty; no item was added`,
      );
    putListCells(
      table,
      whole,
      whole.rowCount,
      first,
      added.map((item) => [cellText(item)]),
    );
    await context.sync();
    return added;
  }, LISTS[list].table);
}

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
import { WriteRejected } from "../domain/memoryWorkbook";
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
 * Adds items below a list table's last item (the import's "add it to the list"), in one read
 * and one write. A list table is one column; rows the table already has but that are blank
 * (an emptied list keeps one) are filled first. Rows past the table's end must be empty on the
 * sheet, or the item would overwrite what the user put there: then nothing is written. The table
 * is resized over them (Table.resize, ExcelApi 1.13); on an older host they are added with
 * `rows.add`, which is safe for a list table (a few dozen rows that no co-author filters).
 */
export async function addListItems(list: ListKey, items: readonly string[]): Promise<string[]> {
  return await runExcel(async (context) => {
    const table = context.workbook.tables.getItem(LISTS[list].table);
    const whole = table.getRange().load("rowCount");
    const body = table.getDataBodyRange().load("values");
    await context.sync();
    const values = body.values.map((r) => trimmedText(r[0]));
    const added = newListItems(values.filter(Boolean), items);
    if (added.length === 0) return [];
    let used = values.length;
    while (used > 0 && !values[used - 1]) used--;
    // Cells by their place relative to the table's range (its header is row 0); getCell may
    // reach below the range (Range.getCell, Excel JS reference).
    const cellsAt = (row: number, count: number) =>
      whole.getCell(row, 0).getResizedRange(count - 1, 0);
    const first = 1 + used;
    const beyond = first + added.length - whole.rowCount;
    const cells = added.map((item) => [cellText(item)]);
    if (beyond <= 0) {
      cellsAt(first, added.length).values = cells;
    } else {
      const below = cellsAt(whole.rowCount, beyond).load("values");
      await context.sync();
      if (below.values.some((r) => trimmedText(r[0]) !== ""))
        throw new WriteRejected(
          `下拉列表“${LISTS[list].label.zh}”下方的单元格不是空的，未添加选项 / The cells below the list “${LISTS[list].label.en}” are not empty; no item was added`,
        );
      const inside = added.length - beyond;
      if (inside > 0) cellsAt(first, inside).values = cells.slice(0, inside);
      if (supportsExcelApi("1.13")) {
        table.resize(cellsAt(0, whole.rowCount + beyond));
        cellsAt(whole.rowCount, beyond).values = cells.slice(inside);
      } else table.rows.add(undefined, cells.slice(inside));
    }
    await context.sync();
    return added;
  }, LISTS[list].table);
}

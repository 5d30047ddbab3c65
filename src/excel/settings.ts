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
import { runExcel } from "./run";

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

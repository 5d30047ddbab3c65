/**
 * Seeds the fake workbook with CRM tables as setup would leave them: headers in one language,
 * text columns formatted as text, calculated columns holding their formula in every row, and
 * the named settings cells. Test helper for every Excel adapter test.
 */
import {
  LISTS,
  LIST_KEYS,
  NUMBER_FORMATS,
  SETTINGS,
  TABLES,
  columnFormula,
  standardHeaders,
  type Lang,
  type TableKey,
} from "../../src/domain/schema";
import type { CrmRecord } from "../../src/domain/port";
import { colLetters, type FakeExcel } from "./excel";

export interface SeedOptions {
  lang?: Lang;
  /** Header overrides by column key (an adopted template's synonyms). */
  headers?: Record<string, string>;
  /** Start cell of the header row (default A1). */
  at?: { row: number; col: number };
}

/** Creates the table's sheet (if needed) and the table with the given records. */
export function seedCrmTable(
  fake: FakeExcel,
  table: TableKey,
  records: readonly CrmRecord[] = [],
  opts: SeedOptions = {},
): void {
  const lang = opts.lang ?? "zh";
  const def = TABLES[table];
  const std = standardHeaders(lang);
  const header = (key: string) => opts.headers?.[key] ?? std(table, key);
  const sheetName = def.sheet[lang];
  const sheet = fake.findSheet(sheetName) ? fake.sheet(sheetName) : fake.addSheet(sheetName);
  const r0 = opts.at?.row ?? 0;
  const c0 = opts.at?.col ?? 0;
  const cols = def.columns;
  const bodyRows = Math.max(1, records.length);
  // Formats first, as setup does, so typed values land in text-formatted cells.
  cols.forEach((col, j) => {
    for (let r = 1; r <= bodyRows; r++)
      sheet.state.setNumberFormat(r0 + r, c0 + j, NUMBER_FORMATS[col.type]);
  });
  const grid: unknown[][] = [cols.map((c) => header(c.key))];
  for (const record of records) {
    grid.push(cols.map((c) => (c.kind === "computed" ? "" : (record[c.key] ?? ""))));
  }
  sheet.set(`${colLetters(c0)}${r0 + 1}`, grid);
  const last = `${colLetters(c0 + cols.length - 1)}${r0 + 1 + (records.length || 0)}`;
  fake.addTable(sheetName, `${colLetters(c0)}${r0 + 1}:${last}`, def.name);
  const refs = (t: TableKey, key: string) => (t === table ? header(key) : std(t, key));
  cols.forEach((col, j) => {
    if (col.kind !== "computed") return;
    const formula = columnFormula(table, col.key, "native", refs);
    for (let r = 1; r <= bodyRows; r++) sheet.state.setFormula(r0 + r, c0 + j, formula);
  });
}

/** The Settings sheet: list tables side by side and the named settings cells. */
export function seedSettings(
  fake: FakeExcel,
  opts: { lang?: Lang; asOf?: number; lists?: Partial<Record<keyof typeof LISTS, string[]>> } = {},
): void {
  const lang = opts.lang ?? "zh";
  const name = lang === "zh" ? "参数设置" : "Settings";
  const sheet = fake.addSheet(name);
  SETTINGS.forEach((s, i) => {
    sheet.set(`A${i + 1}`, [
      [s.label[lang], s.key === "asOf" ? (opts.asOf ?? 45000) : (s.defaultValue ?? 0)],
    ]);
    fake.addName(s.name, `${name}!$B$${i + 1}`);
  });
  LIST_KEYS.forEach((key, i) => {
    const col = colLetters(3 + i);
    const items = opts.lists?.[key] ?? [...LISTS[key].items];
    sheet.set(`${col}1`, [[LISTS[key].label[lang]], ...items.map((v) => [v])]);
    fake.addTable(name, `${col}1:${col}${items.length + 1}`, LISTS[key].table);
  });
}

/** Seeds the Excel fake with CRM tables laid out as setup makes them (headers from the schema). */
import type { CrmRecord } from "../../src/domain/port";
import { TABLES, TABLE_KEYS, type Lang, type TableKey } from "../../src/domain/schema";
import { colLetters, type FakeExcel } from "../fakes/excel";

export function tableGrid(table: TableKey, records: readonly CrmRecord[], lang: Lang): unknown[][] {
  const cols = TABLES[table].columns;
  const header = cols.map((c) => c.header[lang]);
  const body = records.map((r) => cols.map((c) => (c.kind === "computed" ? "" : (r[c.key] ?? ""))));
  // An Excel table always has at least one data row.
  if (body.length === 0) body.push(cols.map(() => ""));
  return [header, ...body];
}

export function seedCrm(
  fake: FakeExcel,
  records: Partial<Record<TableKey, readonly CrmRecord[]>>,
  opts: { lang?: Lang; asOf?: number } = {},
): void {
  const lang = opts.lang ?? "zh";
  for (const table of TABLE_KEYS) {
    const rows = records[table];
    if (!rows) continue;
    const def = TABLES[table];
    const grid = tableGrid(table, rows, lang);
    fake.addSheet(def.sheet[lang], grid);
    fake.addTable(
      def.sheet[lang],
      `A1:${colLetters(def.columns.length - 1)}${grid.length}`,
      def.name,
    );
  }
  if (opts.asOf !== undefined) {
    const sheet = lang === "zh" ? "参数设置" : "Settings";
    fake.addSheet(sheet, [["基准日期", opts.asOf]]);
    fake.addName("CRM_AsOf", `${sheet}!B1`);
  }
}

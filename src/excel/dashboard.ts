/**
 * Creates or refreshes the dashboard sheet (ribbon command and pane) in three round trips: what
 * exists; the tables' real headers, the list choices and the dashboard sheet's own state; then
 * one batch that writes every formula and draws every chart. A refresh is idempotent: it clears
 * only the dashboard's own columns (A:B) and deletes only the charts it drew (`CRM_Dash_*`).
 */
import {
  CHART_PREFIX,
  DASHBOARD_SHEET_NAMES,
  DASHBOARD_TITLES,
  buildDashboard,
} from "../domain/dashboard";
import type { Lang } from "../domain/i18n";
import type { DashboardReport } from "../domain/port";
import {
  LISTS,
  LIST_KEYS,
  TABLES,
  TABLE_KEYS,
  headerOf as schemaHeader,
  matchHeader,
  type TableKey,
} from "../domain/schema";
import { listValuesFrom } from "../domain/tableRows";
import { ExcelError } from "./errors";
import { runExcel } from "./run";

/** Columns each table must have for its figures; a table lacking one is reported as missing. */
const NEEDED: Partial<Record<TableKey, readonly string[]>> = {
  customers: ["name", "churnFlag", "valueClass", "customerType", "industry", "status"],
  interactions: ["date", "overdue"],
  feedback: ["status", "satisfaction", "type"],
};

export async function refreshDashboard(lang: Lang = "zh"): Promise<DashboardReport> {
  return runExcel(async (context) => {
    const wb = context.workbook;
    const tableItems = wb.tables.load("items/name");
    const sheetItems = wb.worksheets.load("items/name");
    await context.sync();

    const tableNames = new Set(tableItems.items.map((t) => t.name));
    const sheetNames = new Set(sheetItems.items.map((s) => s.name));
    const headerRanges = TABLE_KEYS.filter((k) => NEEDED[k] && tableNames.has(TABLES[k].name)).map(
      (table) => ({
        table,
        range: wb.tables.getItem(TABLES[table].name).getHeaderRowRange().load("values"),
      }),
    );
    const listRanges = LIST_KEYS.filter((k) => tableNames.has(LISTS[k].table)).map((key) => ({
      key,
      range: wb.tables.getItem(LISTS[key].table).getDataBodyRange().load("values"),
    }));
    const preferred = lang === "zh" ? DASHBOARD_SHEET_NAMES[0] : DASHBOARD_SHEET_NAMES[1];
    const candidates = [...DASHBOARD_SHEET_NAMES, `${preferred} (CRM)`]
      .filter((n) => sheetNames.has(n))
      .map((name) => {
        const sheet = wb.worksheets.getItem(name);
        return {
          name,
          title: sheet.getRange("A1").load("values"),
          charts: sheet.charts.load("items/name"),
        };
      });
    await context.sync();

    const headers = new Map<string, string>();
    const present = new Set<TableKey>();
    for (const { table, range } of headerRanges) {
      for (const h of range.values[0] ?? []) {
        const key = matchHeader(table, String(h ?? ""))?.key;
        if (key && !headers.has(`${table}.${key}`)) headers.set(`${table}.${key}`, String(h));
      }
      if ((NEEDED[table] ?? []).every((k) => headers.has(`${table}.${k}`))) present.add(table);
    }
    const lists = listValuesFrom(
      listRanges.map(({ key, range }) => ({ key, values: range.values })),
    );
    const layout = buildDashboard({
      lang,
      headerOf: (table, key) => headers.get(`${table}.${key}`) ?? schemaHeader(table, key, lang),
      lists,
      present,
    });

    // Our sheet is the one whose A1 holds our title; a user's own sheet of that name is left
    // alone and the dashboard goes to "仪表板 (CRM)".
    const ours = candidates.find((c) =>
      DASHBOARD_TITLES.includes(String(c.title.values[0]?.[0] ?? "")),
    );
    let name = ours?.name ?? layout.sheetName;
    if (!ours && sheetNames.has(name)) name = `${preferred} (CRM)`;
    if (!ours && sheetNames.has(name)) {
      throw new ExcelError("sheetTaken", { sheet: layout.sheetName, other: name });
    }
    const sheet = ours ? wb.worksheets.getItem(name) : wb.worksheets.add(name);
    for (const chart of ours?.charts.items ?? []) {
      if (chart.name.startsWith(CHART_PREFIX)) sheet.charts.getItem(chart.name).delete();
    }
    sheet.getRange("A:B").clear("All");
    const region = sheet.getRange(layout.region);
    region.formulas = layout.formulas;
    region.numberFormat = layout.numberFormats;
    const title = sheet.getRange("A1");
    title.format.font.bold = true;
    title.format.font.size = 16;
    for (const row of layout.headingRows) sheet.getRange(`A${row}:B${row}`).format.font.bold = true;
    sheet.getRange("A:A").format.columnWidth = 180;
    sheet.getRange("B:B").format.columnWidth = 90;
    for (const spec of layout.charts) {
      const chart = sheet.charts.add(spec.type, sheet.getRange(spec.source), "Columns");
      chart.name = spec.name;
      chart.title.text = spec.title;
      chart.legend.visible = spec.type === "Pie";
      chart.setPosition(spec.from, spec.to);
    }
    sheet.activate();
    await context.sync();
    return { sheet: name, charts: layout.charts.length, missing: layout.missing, syncs: 3 };
  }, "dashboard");
}

/**
 * The dashboard sheet's layout (SPEC §5): KPI cells and category counts as native Excel formulas
 * over the CRM tables' structured references, so they stay live as rows are added, plus the
 * specs of the charts drawn from those cells. Pure: the adapter writes it in one batch.
 *
 * Everything the dashboard owns lies in columns A:B (the figures) and the chart area beside
 * them; a refresh clears exactly that region and the charts named `CRM_Dash_*`, so anything a
 * user adds elsewhere on the sheet survives.
 */
import type { Label, Lang } from "./i18n";
import {
  DASHBOARD_SHEET,
  FEEDBACK_STATUS,
  TABLES,
  settingName,
  type HeaderOf,
  type ListValues,
  type TableKey,
} from "./schema";

export type ChartKind = "ColumnClustered" | "BarClustered" | "Pie" | "Line";

export interface ChartSpec {
  /** Stable name; a refresh deletes and redraws the charts with this prefix. */
  name: string;
  type: ChartKind;
  title: string;
  /** Category + value columns on the dashboard sheet, e.g. `A20:B23`. */
  source: string;
  /** Top-left and bottom-right cells the chart covers. */
  from: string;
  to: string;
}

export interface DashboardLayout {
  sheetName: string;
  /** Region owned by the dashboard (cleared on refresh), e.g. `A1:B80`. */
  region: string;
  /** Row-major, `region`-sized: literal values or `=formulas`; "" for empty cells. */
  formulas: (string | number)[][];
  /** Same shape: number formats ("General" where nothing special). */
  numberFormats: string[][];
  /** Rows (1-based) holding section headings, drawn bold. */
  headingRows: number[];
  charts: ChartSpec[];
  /** Tables the layout needed but the workbook lacks: their figures are left out. */
  missing: TableKey[];
}

export const CHART_PREFIX = "CRM_Dash_";

const L = {
  sheet: DASHBOARD_SHEET,
  title: { zh: "客户关系仪表板", en: "CRM dashboard" },
  asOf: { zh: "基准日期", en: "As of" },
  kpis: { zh: "关键指标", en: "Key figures" },
  customers: { zh: "客户总数", en: "Customers" },
  churn: { zh: "流失预警客户", en: "Churn-risk customers" },
  recent: { zh: "近30天跟进次数", en: "Follow-ups, last 30 days" },
  overdue: { zh: "逾期跟进", en: "Overdue follow-ups" },
  feedbackTotal: { zh: "反馈总数", en: "Feedback entries" },
  resolution: { zh: "反馈解决率（已完成÷全部）", en: "Resolution rate (done ÷ all)" },
  satisfaction: { zh: "平均满意度", en: "Average satisfaction" },
  count: { zh: "数量", en: "Count" },
  byClass: { zh: "按价值等级", en: "By value class" },
  byType: { zh: "按客户类型", en: "By customer type" },
  byIndustry: { zh: "按所属行业", en: "By industry" },
  byStatus: { zh: "按客户状态", en: "By customer status" },
  byMonth: { zh: "近12个月跟进次数", en: "Follow-ups per month, last 12 months" },
  byFeedbackType: { zh: "按反馈类型", en: "Feedback by type" },
  month: { zh: "月份", en: "Month" },
  missing: {
    zh: "缺少表 {table}，请先设置工作簿",
    en: "Table {table} is missing; set up the workbook first",
  },
} satisfies Record<string, Label>;

/** Column letter of the chart area and its width/height in cells. */
const CHART_FROM_COL = "D";
const CHART_TO_COL = "K";
const CHART_ROWS = 15;

/**
 * Escapes a header for a structured reference: `[`, `]`, `#` and `'` take a leading `'`.
 * Schema headers avoid them, but an adopted table may keep its own header.
 */
export function escapeHeader(header: string): string {
  return header.replace(/['#[\]]/g, "'$&");
}

function quoteText(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export interface DashboardOptions {
  lang: Lang;
  /** Headers actually present in the workbook (adopted tables may differ from the schema's). */
  headerOf: HeaderOf;
  lists: ListValues;
  /** CRM tables present in the workbook. */
  present: ReadonlySet<TableKey>;
}

/** A customer row is there when it has an ID or a name. */
export const CUSTOMER_ROW_KEYS = ["customerId", "name"] as const;
/** A feedback row is there when any of its typed key fields is filled. */
export const FEEDBACK_ROW_KEYS = [
  "feedbackId",
  "customerId",
  "date",
  "type",
  "description",
  "status",
] as const;

export function buildDashboard(opts: DashboardOptions): DashboardLayout {
  const { lang, headerOf, lists, present } = opts;
  const t = (label: Label) => label[lang];
  const col = (table: TableKey, key: string) =>
    `${TABLES[table].name}[[${escapeHeader(headerOf(table, key))}]]`;
  const asOf = settingName("asOf");
  const rows: [string | number, string | number][] = [];
  const formats: [string, string][] = [];
  const headingRows: number[] = [];
  const charts: ChartSpec[] = [];
  const missing = (["customers", "interactions", "feedback"] as const).filter(
    (k) => !present.has(k),
  );
  const has = (k: TableKey) => present.has(k);

  const put = (a: string | number, b: string | number = "", fmtB = "General") => {
    rows.push([a, b]);
    formats.push(["General", fmtB]);
    return rows.length;
  };
  const heading = (a: string, b: string | number = "") => {
    const row = put(a, b);
    headingRows.push(row);
    return row;
  };

  /**
   * Data rows of a table: rows where any of `keys` is filled. COUNTA of one column counted filled
   * cells (a customer without a name, a feedback without a status went missing), and ROWS counts
   * the empty row a new table starts with.
   */
  const rowCount = (table: TableKey, keys: readonly string[]) =>
    `SUMPRODUCT(--((${keys.map((k) => `(${col(table, k)}<>"")`).join("+")})>0))`;

  put(t(L.title));
  put(t(L.asOf), `=${asOf}`, "yyyy-mm-dd");
  for (const table of missing) put(t(L.missing).replace("{table}", TABLES[table].name));
  put("");
  heading(t(L.kpis));
  if (has("customers")) {
    put(t(L.customers), `=${rowCount("customers", CUSTOMER_ROW_KEYS)}`, "0");
    put(t(L.churn), `=COUNTIF(${col("customers", "churnFlag")},TRUE)`, "0");
  }
  if (has("interactions")) {
    const date = col("interactions", "date");
    put(t(L.recent), `=COUNTIFS(${date},">"&(${asOf}-30),${date},"<="&${asOf})`, "0");
    put(t(L.overdue), `=COUNTIF(${col("interactions", "overdue")},TRUE)`, "0");
  }
  if (has("feedback")) {
    const status = col("feedback", "status");
    const feedbackRows = rowCount("feedback", FEEDBACK_ROW_KEYS);
    put(t(L.feedbackTotal), `=${feedbackRows}`, "0");
    put(
      t(L.resolution),
      `=IFERROR(COUNTIF(${status},${quoteText(FEEDBACK_STATUS.done)})/${feedbackRows},0)`,
      "0%",
    );
    put(t(L.satisfaction), `=IFERROR(AVERAGE(${col("feedback", "satisfaction")}),"")`, "0.0");
  }

  /** A section of category counts with its chart; sections are spaced so charts never overlap. */
  let nextFree = rows.length + 2;
  const section = (
    key: string,
    title: Label,
    type: ChartKind,
    items: readonly (string | number)[],
    count: (labelCell: string) => string,
    labelFormula?: (i: number, firstCell: string) => string,
    labelFormat = "General",
  ) => {
    while (rows.length < nextFree - 1) put("");
    const head = heading(t(title), t(L.count));
    const first = head + 1;
    items.forEach((item, i) => {
      const row = head + 1 + i;
      const label = labelFormula ? labelFormula(i, `A${first}`) : item;
      rows.push([label, count(`A${row}`)]);
      formats.push([labelFormat, "0"]);
    });
    const last = head + items.length;
    charts.push({
      name: `${CHART_PREFIX}${key}`,
      type,
      title: t(title),
      source: `A${head}:B${last}`,
      from: `${CHART_FROM_COL}${head}`,
      to: `${CHART_TO_COL}${head + CHART_ROWS - 1}`,
    });
    nextFree = Math.max(last + 2, head + CHART_ROWS + 1);
  };

  if (has("customers")) {
    const countIn = (key: string) => (cell: string) => `=COUNTIF(${col("customers", key)},${cell})`;
    section("ABC", L.byClass, "Pie", ["A", "B", "C"], countIn("valueClass"));
    section("Type", L.byType, "ColumnClustered", lists.customerType, countIn("customerType"));
    section("Industry", L.byIndustry, "BarClustered", lists.industry, countIn("industry"));
    section("Status", L.byStatus, "ColumnClustered", lists.customerStatus, countIn("status"));
  }
  if (has("interactions")) {
    const date = col("interactions", "date");
    section(
      "Monthly",
      L.byMonth,
      "Line",
      Array.from({ length: 12 }, (_, i) => i),
      (cell) => `=COUNTIFS(${date},">="&${cell},${date},"<"&EDATE(${cell},1))`,
      (i, firstCell) =>
        i === 0 ? `=EDATE(EOMONTH(${asOf},-1)+1,-11)` : `=EDATE(${firstCell},${i})`,
      "yyyy-mm",
    );
  }
  if (has("feedback")) {
    section(
      "FeedbackType",
      L.byFeedbackType,
      "ColumnClustered",
      lists.feedbackType,
      (cell) => `=COUNTIF(${col("feedback", "type")},${cell})`,
    );
  }
  // The region reaches the bottom of the last chart, so a refresh with fewer rows still clears.
  while (rows.length < nextFree - 1) put("");

  return {
    sheetName: t(L.sheet),
    region: `A1:B${rows.length}`,
    formulas: rows.map(([a, b]) => [a, b]),
    numberFormats: formats.map(([a, b]) => [a, b]),
    headingRows,
    charts,
    missing,
  };
}

/** The dashboard sheet's name in either language (a refresh in English finds the Chinese one). */
export const DASHBOARD_SHEET_NAMES: readonly string[] = [L.sheet.zh, L.sheet.en];
export const DASHBOARD_TITLES: readonly string[] = [L.title.zh, L.title.en];

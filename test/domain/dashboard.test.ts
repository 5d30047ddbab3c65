/** The dashboard layout: native formulas over structured references, and chart specs. */
import { CHART_PREFIX, buildDashboard, escapeHeader } from "../../src/domain/dashboard";
import {
  TABLE_KEYS,
  defaultListValues,
  standardHeaders,
  type TableKey,
} from "../../src/domain/schema";

const all = new Set<TableKey>(TABLE_KEYS);

function cell(
  layout: ReturnType<typeof buildDashboard>,
  label: string,
): string | number | undefined {
  return layout.formulas.find((row) => row[0] === label)?.[1];
}

describe("buildDashboard", () => {
  const zh = buildDashboard({
    lang: "zh",
    headerOf: standardHeaders("zh"),
    lists: defaultListValues(),
    present: all,
  });

  it("writes KPIs as live formulas over the tables", () => {
    expect(zh.sheetName).toBe("仪表板");
    // Customers are rows with an ID or a name, not filled name cells.
    expect(cell(zh, "客户总数")).toBe(
      '=SUMPRODUCT(--(((CRM_Customers[[客户编号]]<>"")+(CRM_Customers[[客户名称]]<>""))>0))',
    );
    expect(cell(zh, "流失预警客户")).toBe("=COUNTIF(CRM_Customers[[流失预警]],TRUE)");
    expect(cell(zh, "近30天跟进次数")).toBe(
      '=COUNTIFS(CRM_Interactions[[维护日期]],">"&(CRM_AsOf-30),CRM_Interactions[[维护日期]],"<="&CRM_AsOf)',
    );
    expect(cell(zh, "逾期跟进")).toBe("=COUNTIF(CRM_Interactions[[是否逾期]],TRUE)");
    expect(cell(zh, "反馈解决率（已完成÷全部）")).toBe(
      '=IFERROR(COUNTIF(CRM_Feedback[[处理状态]],"已完成")/SUMPRODUCT(--(((CRM_Feedback[[反馈编号]]<>"")+(CRM_Feedback[[客户编号]]<>"")+(CRM_Feedback[[反馈日期]]<>"")+(CRM_Feedback[[反馈类型]]<>"")+(CRM_Feedback[[反馈内容描述]]<>"")+(CRM_Feedback[[处理状态]]<>""))>0)),0)',
    );
    expect(cell(zh, "平均满意度")).toBe('=IFERROR(AVERAGE(CRM_Feedback[[满意度评分]]),"")');
  });

  it("counts customers by class, type, industry and status, next to their labels", () => {
    const at = (label: string) => zh.formulas.findIndex((r) => r[0] === label) + 1;
    expect(zh.formulas[at("A") - 1]?.[1]).toBe(`=COUNTIF(CRM_Customers[[价值等级]],A${at("A")})`);
    expect(zh.formulas[at("战略客户") - 1]?.[1]).toBe(
      `=COUNTIF(CRM_Customers[[客户类型]],A${at("战略客户")})`,
    );
    expect(zh.formulas.filter((r) => String(r[1]).includes("[[所属行业]]"))).toHaveLength(20);
    expect(zh.formulas[at("流失风险客户") - 1]?.[1]).toBe(
      `=COUNTIF(CRM_Customers[[客户状态]],A${at("流失风险客户")})`,
    );
    expect(zh.formulas[at("合作意向类") - 1]?.[1]).toBe(
      `=COUNTIF(CRM_Feedback[[反馈类型]],A${at("合作意向类")})`,
    );
  });

  it("counts follow-ups per month for 12 months ending with the as-of month", () => {
    const months = zh.formulas.filter((r) =>
      String(r[1]).startsWith('=COUNTIFS(CRM_Interactions[[维护日期]],">="&'),
    );
    expect(months).toHaveLength(12);
    expect(months[0]?.[0]).toBe("=EDATE(EOMONTH(CRM_AsOf,-1)+1,-11)");
    const first = zh.formulas.indexOf(months[0]!) + 1;
    expect(months[11]?.[0]).toBe(`=EDATE(A${first},11)`);
    expect(zh.numberFormats[first - 1]?.[0]).toBe("yyyy-mm");
  });

  it("draws six charts over its own cells without overlapping", () => {
    expect(zh.charts.map((c) => [c.name, c.type])).toEqual([
      [`${CHART_PREFIX}ABC`, "Pie"],
      [`${CHART_PREFIX}Type`, "ColumnClustered"],
      [`${CHART_PREFIX}Industry`, "BarClustered"],
      [`${CHART_PREFIX}Status`, "ColumnClustered"],
      [`${CHART_PREFIX}Monthly`, "Line"],
      [`${CHART_PREFIX}FeedbackType`, "ColumnClustered"],
    ]);
    const spans = zh.charts.map((c) => [Number(c.from.slice(1)), Number(c.to.slice(1))] as const);
    spans.slice(1).forEach(([top], i) => expect(top).toBeGreaterThan(spans[i]![1]));
    expect(zh.charts[0]?.source).toMatch(/^A\d+:B\d+$/);
    const last = Number(zh.region.split(":B")[1]);
    expect(last).toBeGreaterThanOrEqual(spans[spans.length - 1]![1]);
    expect(zh.formulas).toHaveLength(last);
    expect(zh.numberFormats).toHaveLength(last);
  });

  it("speaks English and follows adopted headers", () => {
    const headerOf = (t: TableKey, k: string) =>
      t === "customers" && k === "name" ? "Client [full]" : standardHeaders("en")(t, k);
    const en = buildDashboard({ lang: "en", headerOf, lists: defaultListValues(), present: all });
    expect(en.sheetName).toBe("Dashboard");
    expect(cell(en, "Customers")).toBe(
      `=SUMPRODUCT(--(((CRM_Customers[[Customer ID]]<>"")+(CRM_Customers[[Client '[full']]]<>""))>0))`,
    );
    expect(en.charts[0]?.title).toBe("By value class");
    expect(escapeHeader("a#b'c")).toBe("a'#b''c");
  });

  it("leaves out the figures of a missing table and says so", () => {
    const partial = buildDashboard({
      lang: "zh",
      headerOf: standardHeaders("zh"),
      lists: defaultListValues(),
      present: new Set(["customers"]),
    });
    expect(partial.missing).toEqual(["interactions", "feedback"]);
    expect(partial.formulas.some((r) => String(r[1]).includes("CRM_Interactions"))).toBe(false);
    expect(partial.charts).toHaveLength(4);
  });
});

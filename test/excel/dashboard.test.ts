/** The dashboard in the Excel fake: formulas, charts, three round trips, idempotent refresh. */
import { CHART_PREFIX } from "../../src/domain/dashboard";
import { refreshDashboard } from "../../src/excel/dashboard";
import { FakeExcel, installFakeExcel } from "../fakes/excel";
import { chartsOf, installCharts } from "../fakes/excelCharts";
import { PLANTED, TODAY } from "../fixtures/check/planted";
import { seedCrm } from "./crmFake";

installCharts();

describe("refreshDashboard", () => {
  let fake: FakeExcel;
  beforeEach(() => {
    fake = installFakeExcel();
    seedCrm(fake, PLANTED, { asOf: TODAY });
  });
  afterEach(() => fake.uninstall());

  it("builds the sheet with native formulas and six charts in three round trips", async () => {
    const report = await refreshDashboard("zh");
    expect(report).toMatchObject({ sheet: "仪表板", charts: 6, missing: [], syncs: 3 });
    expect(fake.syncCount).toBe(3);
    const sheet = fake.sheet("仪表板");
    const formulas = sheet.formulas();
    const find = (label: string) => formulas.find((r) => r[0] === label)?.[1];
    expect(find("客户总数")).toBe(
      '=SUMPRODUCT(--(((CRM_Customers[[客户编号]]<>"")+(CRM_Customers[[客户名称]]<>""))>0))',
    );
    expect(find("逾期跟进")).toBe("=COUNTIF(CRM_Interactions[[是否逾期]],TRUE)");
    expect(find("平均满意度")).toBe('=IFERROR(AVERAGE(CRM_Feedback[[满意度评分]]),"")');
    const charts = chartsOf(fake, "仪表板");
    expect(charts.map((c) => c.name)).toEqual([
      `${CHART_PREFIX}ABC`,
      `${CHART_PREFIX}Type`,
      `${CHART_PREFIX}Industry`,
      `${CHART_PREFIX}Status`,
      `${CHART_PREFIX}Monthly`,
      `${CHART_PREFIX}FeedbackType`,
    ]);
    expect(charts[0]).toMatchObject({ type: "Pie", title: "按价值等级", seriesBy: "Columns" });
    expect(charts[0]?.source).toMatch(/^仪表板!A\d+:B\d+$/);
    expect(charts[0]?.from).toMatch(/^D\d+$/);
  });

  it("refreshes idempotently and keeps the user's own content and charts", async () => {
    await refreshDashboard("zh");
    fake.sheet("仪表板").set("M3", [["我的备注"]]);
    chartsOf(fake, "仪表板").push({
      name: "我的图表",
      type: "Pie",
      source: "仪表板!M1:M2",
      seriesBy: "Auto",
      title: "",
    });
    fake.resetCounters();
    const again = await refreshDashboard("zh");
    expect(again.syncs).toBe(3);
    expect(fake.syncCount).toBe(3);
    expect(fake.sheetNames().filter((n) => n.startsWith("仪表板"))).toEqual(["仪表板"]);
    const charts = chartsOf(fake, "仪表板");
    expect(charts.filter((c) => c.name.startsWith(CHART_PREFIX))).toHaveLength(6);
    expect(charts.map((c) => c.name)).toContain("我的图表");
    expect(fake.sheet("仪表板").cell("M3").value).toBe("我的备注");
  });

  it("writes English labels and leaves out a missing table's figures", async () => {
    const bare = installFakeExcel();
    try {
      seedCrm(bare, { customers: PLANTED.customers }, { lang: "en", asOf: TODAY });
      const report = await refreshDashboard("en");
      expect(report).toMatchObject({
        sheet: "Dashboard",
        charts: 4,
        missing: ["interactions", "feedback"],
      });
      const formulas = bare.sheet("Dashboard").formulas();
      expect(formulas.find((r) => r[0] === "Customers")?.[1]).toBe(
        '=SUMPRODUCT(--(((CRM_Customers[[Customer ID]]<>"")+(CRM_Customers[[Customer name]]<>""))>0))',
      );
    } finally {
      bare.uninstall();
    }
  });

  it("does not take over a user's own sheet named 仪表板", async () => {
    fake.addSheet("仪表板", [["我自己的表"]]);
    const report = await refreshDashboard("zh");
    expect(report.sheet).toBe("仪表板 (CRM)");
    expect(fake.sheet("仪表板").cell("A1").value).toBe("我自己的表");
  });

  it("leaves the workbook unchanged when the write fails", async () => {
    fake.failSync(3);
    await expect(refreshDashboard("zh")).rejects.toThrow();
    expect(fake.sheetNames()).not.toContain("仪表板");
  });
});

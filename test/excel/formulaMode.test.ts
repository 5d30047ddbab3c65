/**
 * The formula-mode setting (SPEC §3, changed 2026-12): native Excel formulas by default, `=CRM.*`
 * on request, the switch rewriting every calculated column in one write; a workbook of layout
 * version 1 (CRM formulas, no mode cell) moves to native formulas on its next set-up; typed
 * input columns get whole number / decimal / date validation.
 */
import { FakeExcel } from "../fakes/excel";
import { setupWorkbook, workbookStatus } from "../../src/excel/setup";
import { appendRecords } from "../../src/excel/records";
import {
  FORMULA_MODE_SETTING,
  INVALID_MARK,
  TABLES,
  TABLE_KEYS,
  columnFormula,
  computedColumns,
  type FormulaMode,
  type Lang,
  type TableKey,
} from "../../src/domain/schema";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";

const TODAY = 45500;

/** Columns whose formula differs between the modes (lookups, 最近互动 and 金额 do not). */
const SWITCHED = TABLE_KEYS.reduce(
  (n, k) =>
    n +
    computedColumns(k).filter(
      (c) => columnFormula(k, c.key, "native", "zh") !== columnFormula(k, c.key, "crm", "zh"),
    ).length,
  0,
);
const ctxOf = (fake: FakeExcel) => fake.newContext() as unknown as Excel.RequestContext;

/** Every row's formula of every computed column, by table and column key. */
function computedFormulas(fake: FakeExcel, lang: Lang, table: TableKey): Map<string, unknown[]> {
  const t = fake.table(TABLES[table].name);
  const headers = t.headers();
  const out = new Map<string, unknown[]>();
  for (const c of computedColumns(table)) {
    const i = headers.indexOf(c.header[lang]);
    out.set(
      c.key,
      t.formulas().map((r) => r[i]),
    );
  }
  return out;
}

function expectMode(fake: FakeExcel, lang: Lang, mode: FormulaMode): void {
  for (const key of TABLE_KEYS)
    for (const [col, formulas] of computedFormulas(fake, lang, key))
      for (const f of formulas) expect(f).toBe(columnFormula(key, col, mode, lang));
  expect(fake.nameValue(FORMULA_MODE_SETTING.name)).toBe(mode);
}

/** A set-up workbook with three customers holding data. */
async function setUp(lang: Lang): Promise<FakeExcel> {
  const fake = new FakeExcel();
  await setupWorkbook(ctxOf(fake), lang, { today: TODAY });
  const t = fake.table("CRM_Customers");
  const nameCol = t.state.rect.c0 + t.headers().indexOf(TABLES.customers.columns[1]!.header[lang]);
  t.state.sheet.setInput(1, nameCol, "甲公司");
  fake.appendRowsDirect("CRM_Customers", [
    ["C202405002", "乙公司"],
    ["C202405003", "丙公司"],
  ]);
  return fake;
}

describe.each<Lang>(["zh", "en"])("formula mode (%s)", (lang) => {
  it("a new workbook computes with native formulas and records the mode", async () => {
    const fake = await setUp(lang);
    expectMode(fake, lang, "native");
    for (const key of TABLE_KEYS)
      for (const [, formulas] of computedFormulas(fake, lang, key))
        for (const f of formulas) expect(String(f)).not.toMatch(/CRM\./);
    const status = await workbookStatus(ctxOf(fake));
    expect(status.formulaMode).toBe("native");
    for (const key of TABLE_KEYS) expect(status.tables[key].formulaDrift).toEqual([]);
  });

  it("switching rewrites every row of every calculated column in one write, data kept", async () => {
    const fake = await setUp(lang);
    const before = fake.table("CRM_Customers").values();
    fake.resetCounters();
    const report = await setupWorkbook(ctxOf(fake), lang, { today: TODAY, formulaMode: "crm" });
    // Two reads and one write, whatever the row count.
    expect(report.syncs).toBe(3);
    expectMode(fake, lang, "crm");
    expect(report.upgraded).toHaveLength(SWITCHED);
    expect(report.warnings).toEqual([]);
    const after = fake.table("CRM_Customers").values();
    expect(after.map((r) => r.slice(0, 2))).toEqual(before.map((r) => r.slice(0, 2)));
    expect((await workbookStatus(ctxOf(fake))).formulaMode).toBe("crm");

    // Set-up again keeps the chosen mode; switching back restores the native formulas.
    const again = await setupWorkbook(ctxOf(fake), lang, { today: TODAY });
    expect(again.upgraded).toEqual([]);
    expectMode(fake, lang, "crm");
    await setupWorkbook(ctxOf(fake), lang, { today: TODAY, formulaMode: "native" });
    expectMode(fake, lang, "native");
  });

  it("rows appended after a switch get the formulas of the workbook's mode", async () => {
    const fake = await setUp(lang);
    await setupWorkbook(ctxOf(fake), lang, { today: TODAY, formulaMode: "crm" });
    fake.install();
    try {
      await appendRecords("customers", [
        { name: "丁公司", contact: "张三", needs: "软件", createdDate: TODAY, annualAmount: 6e5 },
      ]);
    } finally {
      fake.uninstall();
    }
    expectMode(fake, lang, "crm");
  });

  it("switching to the mode already set writes nothing", async () => {
    const fake = await setUp(lang);
    fake.resetCounters();
    const report = await setupWorkbook(ctxOf(fake), lang, {
      today: TODAY,
      formulaMode: "native",
    });
    expect(report.syncs).toBe(2);
    expect(report.upgraded).toEqual([]);
  });
});

describe("a workbook of layout version 1", () => {
  /** CRM formulas of version 1, no mode cell: what the previous release set up. */
  async function versionOne(): Promise<FakeExcel> {
    const fake = await setUp("zh");
    const mode = fake.names.findIndex((n) => n.name === FORMULA_MODE_SETTING.name);
    fake.names.splice(mode, 1);
    for (const key of TABLE_KEYS) {
      const t = fake.table(TABLES[key].name);
      const headers = t.headers();
      for (const c of computedColumns(key)) {
        const col = t.state.rect.c0 + headers.indexOf(c.header.zh);
        let f = columnFormula(key, c.key, "crm", "zh");
        if (c.key === "lastContact")
          f =
            '=IF(COUNTIF(CRM_Interactions[[客户编号]],[@[客户编号]])=0,"",MAXIFS(CRM_Interactions[[维护日期]],CRM_Interactions[[客户编号]],[@[客户编号]]))';
        if (c.key === "customerName")
          f =
            '=IF([@[客户编号]]="","",IFERROR(INDEX(CRM_Customers[[客户名称]],MATCH([@[客户编号]],CRM_Customers[[客户编号]],0)),""))';
        for (let r = t.state.rect.r0 + 1; r <= t.state.rect.r1; r++)
          t.state.sheet.setFormula(r, col, f);
      }
    }
    return fake;
  }

  it("moves to native formulas on its next set-up, without a Repair", async () => {
    const fake = await versionOne();
    expect((await workbookStatus(ctxOf(fake))).tables.customers.formulaDrift).not.toEqual([]);
    const report = await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(report.warnings).toEqual([]);
    expectMode(fake, "zh", "native");
    for (const key of TABLE_KEYS)
      expect((await workbookStatus(ctxOf(fake))).tables[key].formulaDrift).toEqual([]);
  });

  it("a formula the user wrote is still reported as drift, not overwritten", async () => {
    const fake = await versionOne();
    const t = fake.table("CRM_Orders");
    const col = t.state.rect.c0 + t.headers().indexOf("金额");
    t.state.sheet.setFormula(1, col, "=[@数量]*[@单价]*1.13");
    const report = await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(report.warnings.join("\n")).toMatch(/金额/);
    expect(t.formulas()[0]![t.headers().indexOf("金额")]).toBe("=[@数量]*[@单价]*1.13");
  });
});

describe("a workbook of layout version 2", () => {
  it("its exact 客户名称 lookups become the binary-search ones on its next set-up", async () => {
    const fake = await setUp("zh");
    const v2 =
      '=IF([@[客户编号]]="","",IFERROR(INDEX(CRM_Customers[[客户名称]],MATCH([@[客户编号]],CRM_Customers[[客户编号]],0))&"",""))';
    for (const key of ["interactions", "feedback", "orders"] as const) {
      const t = fake.table(TABLES[key].name);
      const col = t.state.rect.c0 + t.headers().indexOf("客户名称");
      for (let r = t.state.rect.r0 + 1; r <= t.state.rect.r1; r++)
        t.state.sheet.setFormula(r, col, v2);
    }
    fake.customProperties.get("CRM_LayoutVersion")!.value = 2;
    const report = await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(report.warnings).toEqual([]);
    expect(report.upgraded.length).toBe(3);
    for (const key of ["interactions", "feedback", "orders"] as const) {
      const t = fake.table(TABLES[key].name);
      expect(t.formulas()[0]![t.headers().indexOf("客户名称")]).toBe(
        columnFormula(key, "customerName", "native", "zh"),
      );
      expect((await workbookStatus(ctxOf(fake))).tables[key].formulaDrift).toEqual([]);
    }
  });
});

describe("typed input columns are validated at entry", () => {
  it.each<[TableKey, string, unknown]>([
    ["customers", "员工人数", { wholeNumber: { formula1: 0, operator: "GreaterThanOrEqualTo" } }],
    ["customers", "年合作额", { decimal: { formula1: 0, operator: "GreaterThanOrEqualTo" } }],
    ["customers", "复购率", { decimal: { formula1: 0, formula2: 1, operator: "Between" } }],
    [
      "customers",
      "建档日期",
      { date: { formula1: "1900-01-01", formula2: "9999-12-31", operator: "Between" } },
    ],
    ["feedback", "满意度评分", { wholeNumber: { formula1: 1, formula2: 5, operator: "Between" } }],
    ["orders", "数量", { decimal: { formula1: 0, operator: "GreaterThan" } }],
  ])("%s.%s", async (table, header, rule) => {
    const fake = new FakeExcel();
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    const t = fake.table(TABLES[table].name);
    const col = t.state.rect.c0 + t.headers().indexOf(header);
    const v = t.state.sheet.validations.find((x) => x.rect.c0 === col && x.rect.c1 === col);
    expect(v?.rule).toEqual(rule);
    expect(v?.errorAlert).toMatchObject({ showAlert: true, style: "Stop" });
  });

  it("no computed or text column is validated as a number", async () => {
    const fake = new FakeExcel();
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    const t = fake.table("CRM_Customers");
    for (const header of ["价值等级", "客户名称", "联系电话"]) {
      const col = t.state.rect.c0 + t.headers().indexOf(header);
      expect(t.state.sheet.validations.find((x) => x.rect.c0 === col)).toBeUndefined();
    }
  });
});

describe("the in-memory workbook", () => {
  it("records and reports the mode; a switch names each rewritten column", async () => {
    const wb = new MemoryWorkbook({ today: TODAY });
    expect((await wb.status()).formulaMode).toBe("native");
    const report = await wb.setFormulaMode("crm", "zh");
    expect(report.upgraded).toHaveLength(SWITCHED);
    expect((await wb.status()).formulaMode).toBe("crm");
    expect((await wb.setFormulaMode("crm", "zh")).upgraded).toEqual([]);
  });
});

it("the invalid-input mark is visible text, the same in both languages", () => {
  expect(INVALID_MARK).toMatch(/^⚠/);
  expect(columnFormula("customers", "valueClass", "native", "en")).toContain(INVALID_MARK);
});

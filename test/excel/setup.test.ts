/**
 * Setup and upgrade against the Excel fake: the SPEC §3 layout exactly, a second run that writes
 * nothing, user data that survives every path (same-named sheet, older layout, failed sync), a
 * constant number of round trips, drift detection and the requirement-set check.
 */
import { FakeExcel, installFakeExcel, type CellValue } from "../fakes/excel";
import { refreshAsOf, runSetup, setupWorkbook, workbookStatus } from "../../src/excel/setup";
import { ExcelTooOldError } from "../../src/excel/errors";
import {
  LISTS,
  LIST_KEYS,
  NUMBER_FORMATS,
  SETTINGS,
  SETTINGS_SHEET,
  TABLES,
  TABLE_KEYS,
  FORMULA_MODE_SETTING,
  LAYOUT_VERSION,
  columnFormula,
  numberValidation,
  standardHeaders,
  type Lang,
} from "../../src/domain/schema";
import { LAYOUT_VERSION_PROPERTY } from "../../src/domain/layout";
import { colLetters } from "../../src/domain/a1";

const TODAY = 45500;
const ctxOf = (fake: FakeExcel) => fake.newContext() as unknown as Excel.RequestContext;

/** Everything setup can change, as plain data, to prove a run changed nothing. */
function dump(fake: FakeExcel): unknown {
  return {
    sheets: fake.sheets.map((s) => ({
      name: s.name,
      formulas: fake.sheet(s.name).formulas(),
      validations: s.validations.length,
      conditionalFormats: s.conditionalFormats.length,
      formats: s.formats.length,
      freeze: s.freezeRows,
    })),
    tables: fake.tables.map((t) => ({ name: t.name, sheet: t.sheet.name, rect: t.rect })),
    names: fake.names.map((n) => n.name),
    props: [...fake.customProperties.values()],
  };
}

function colOf(fake: FakeExcel, table: string, header: string): number {
  const t = fake.table(table).state;
  return t.rect.c0 + fake.table(table).headers().indexOf(header);
}

describe.each<Lang>(["zh", "en"])("setup on an empty workbook (%s)", (lang) => {
  let fake: FakeExcel;
  beforeAll(async () => {
    fake = new FakeExcel();
    fake.addSheet("Sheet1");
    const report = await setupWorkbook(ctxOf(fake), lang, { today: TODAY });
    expect(report.warnings).toEqual([]);
    expect(report.syncs).toBe(3);
  });

  it("creates the four CRM sheets and the settings sheet, in the display language", () => {
    expect(fake.sheetNames()).toEqual([
      "Sheet1",
      ...TABLE_KEYS.map((k) => TABLES[k].sheet[lang]),
      SETTINGS_SHEET[lang],
    ]);
  });

  it.each(TABLE_KEYS)("lays out %s exactly as the schema says", (key) => {
    const def = TABLES[key];
    const t = fake.table(def.name);
    expect(t.sheet).toBe(def.sheet[lang]);
    expect(t.address).toMatch(/!A1:[A-Z]+2$/);
    expect(t.headers()).toEqual(def.columns.map((c) => c.header[lang]));
    const sheet = fake.sheet(def.sheet[lang]);
    expect(sheet.freezeRows).toBe(1);
    const formulas = t.formulas()[0]!;
    def.columns.forEach((c, i) => {
      if (c.kind === "computed")
        expect(formulas[i]).toBe(columnFormula(key, c.key, "native", standardHeaders(lang)));
      else expect(formulas[i]).toBe("");
      const nf = sheet.state.numberFormat(1, i);
      const expected = NUMBER_FORMATS[c.type];
      expect(nf).toBe(c.kind === "computed" && expected === "@" ? "General" : expected);
      if (c.width) expect(sheet.columnWidth(colLetters(i))).toBe(c.width);
    });
  });

  it("marks computed columns grey and input columns not", () => {
    for (const key of TABLE_KEYS) {
      const def = TABLES[key];
      const sheet = fake.sheet(def.sheet[lang]);
      def.columns.forEach((c) => {
        const col = colOf(fake, def.name, c.header[lang]);
        const fill = sheet.state.formatAt(1, col, "fill.color");
        expect(fill).toBe(c.kind === "computed" ? "#F2F2F2" : undefined);
      });
    }
  });

  it("gives every list column a dropdown fed by its list table", () => {
    for (const key of TABLE_KEYS) {
      const def = TABLES[key];
      const sheet = fake.sheet(def.sheet[lang]);
      for (const c of def.columns.filter((x) => x.list)) {
        const col = colOf(fake, def.name, c.header[lang]);
        const v = sheet.validations.find((x) => x.rect.c0 === col && x.rect.c1 === col);
        expect(v?.rule).toEqual({
          list: { inCellDropDown: true, source: `=${LISTS[c.list!].name}` },
        });
      }
      // Every other typed input column gets its number/date rule (tested below).
      expect(sheet.validations).toHaveLength(
        def.columns.filter((x) => x.list || numberValidation(x)).length,
      );
    }
    for (const key of LIST_KEYS) {
      const list = fake.table(LISTS[key].table);
      expect(list.sheet).toBe(SETTINGS_SHEET[lang]);
      expect(list.headers()).toEqual([LISTS[key].label[lang]]);
      expect(list.column(LISTS[key].label[lang])).toEqual([...LISTS[key].items]);
      expect(fake.names.find((n) => n.name === LISTS[key].name)).toMatchObject({
        formula: `=${LISTS[key].table}[#Data]`,
      });
    }
  });

  it("defines the settings as named cells with their defaults and today as the as-of date", () => {
    for (const s of SETTINGS) expect(fake.nameValue(s.name)).toBe(s.defaultValue ?? TODAY);
    const settings = fake.sheet(SETTINGS_SHEET[lang]);
    expect(settings.state.numberFormat(1, 1)).toBe("yyyy-mm-dd");
    expect(fake.customProperties.get(LAYOUT_VERSION_PROPERTY)?.value).toBe(LAYOUT_VERSION);
    expect(fake.nameValue(FORMULA_MODE_SETTING.name)).toBe("native");
  });

  it("marks overdue follow-ups, churn-flagged customers and overdue feedback", () => {
    const cf = (key: "customers" | "interactions" | "feedback") =>
      fake.sheet(TABLES[key].sheet[lang]).conditionalFormats;
    const rule = (key: "customers" | "interactions" | "feedback") =>
      (cf(key)[0]?.settings as { custom: { rule: { formula: string } } }).custom.rule.formula;
    expect(cf("interactions")).toHaveLength(1);
    expect(rule("interactions")).toBe("=$N2=TRUE");
    expect(rule("customers")).toBe("=$AC2=TRUE");
    expect(rule("feedback")).toBe('=$P2="已逾期"');
    expect(fake.sheet(TABLES.orders.sheet[lang]).conditionalFormats).toHaveLength(0);
  });

  it("a second run on the same day is a no-op: two reads, no write", async () => {
    const before = dump(fake);
    fake.resetCounters();
    const report = await setupWorkbook(ctxOf(fake), lang, { today: TODAY });
    expect(report).toEqual({ created: [], upgraded: [], skipped: [], warnings: [], syncs: 2 });
    expect(fake.requests.every((r) => r.bytes === 0)).toBe(true);
    expect(dump(fake)).toEqual(before);
  });

  it("the next day only the as-of date changes", async () => {
    fake.resetCounters();
    await setupWorkbook(ctxOf(fake), lang, { today: TODAY + 1 });
    expect(fake.nameValue("CRM_AsOf")).toBe(TODAY + 1);
    expect(fake.syncCount).toBe(3);
    expect(await refreshAsOf(ctxOf(fake), TODAY + 2)).toBe(true);
    expect(await refreshAsOf(ctxOf(fake), TODAY + 2)).toBe(false);
    expect(fake.nameValue("CRM_AsOf")).toBe(TODAY + 2);
  });

  it("reports the workbook as complete", async () => {
    const status = await workbookStatus(ctxOf(fake));
    for (const key of TABLE_KEYS)
      expect(status.tables[key]).toEqual({
        present: true,
        rows: 0,
        missingColumns: [],
        formulaDrift: [],
        renamedColumns: [],
        unknownHeaders: [],
      });
    expect(status.settingsPresent).toBe(true);
    expect(status.layoutVersion).toBe(LAYOUT_VERSION);
    expect(status.formulaMode).toBe("native");
    expect(status.candidates).toEqual([]);
  });
});

describe("user data is never lost", () => {
  it("a same-named sheet with data is left alone; the table goes to a free name", async () => {
    const fake = new FakeExcel();
    const grid = [
      ["我的笔记", "金额"],
      ["随便写写", 12],
    ];
    fake.addSheet("客户档案", grid);
    const report = await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(fake.sheet("客户档案").grid()).toEqual(grid);
    expect(fake.table("CRM_Customers").sheet).toBe("客户档案 (2)");
    expect(report.warnings.join()).toContain("客户档案 (2)");
  });

  it("an empty same-named sheet is used", async () => {
    const fake = new FakeExcel();
    fake.addSheet("客户档案");
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(fake.table("CRM_Customers").sheet).toBe("客户档案");
  });

  it("a same-named settings sheet with data is left alone", async () => {
    const fake = new FakeExcel();
    fake.addSheet("参数设置", [["税率", 0.13]]);
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(fake.sheet("参数设置").grid()).toEqual([["税率", 0.13]]);
    expect(fake.table("CRM_List_Industry").sheet).toBe("参数设置 (2)");
    expect(fake.nameValue("CRM_ABC_A")).toBe(500000);
  });

  it("an older layout gains its missing columns in place, every row kept", async () => {
    const fake = new FakeExcel();
    const old = ["客户编号", "客户名称", "对接人", "联系电话", "年合作额", "复购率", "备注"];
    const rows: CellValue[][] = Array.from({ length: 500 }, (_, i) => [
      `C202401${String(i + 1).padStart(3, "0")}`,
      `客户${i}`,
      `联系人${i}`,
      `138${String(i).padStart(8, "0")}`,
      10000 * i,
      0.5,
      i % 7 ? "" : "重点",
    ]);
    fake.addSheet("客户档案", [old, ...rows]);
    fake.addTable("客户档案", "A1:G501", "CRM_Customers");
    const before = fake.table("CRM_Customers").values();
    const report = await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(report.syncs).toBe(3);
    expect(report.upgraded[0]).toMatch(/^CRM_Customers: \+ 所属行业/);
    const t = fake.table("CRM_Customers");
    expect(t.rowCount).toBe(500);
    expect(t.headers().slice(0, 7)).toEqual(old);
    expect(t.headers()).toHaveLength(TABLES.customers.columns.length);
    expect(t.values().map((r) => r.slice(0, 7))).toEqual(before);
    const abc = t.headers().indexOf("价值等级");
    expect(t.formulas()[499]![abc]).toBe(columnFormula("customers", "valueClass", "native", "zh"));
    // And it is complete now.
    const again = await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(again.syncs).toBe(2);
  });

  it("an English layout upgraded from a Chinese pane keeps English headers", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Orders", [
      ["Order ID", "Customer ID", "Order date", "Product"],
      ["O1", "C1", 45000, "Desk"],
    ]);
    fake.addTable("Orders", "A1:D2", "CRM_Orders");
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    const had = ["Order ID", "Customer ID", "Order date", "Product"];
    expect(fake.table("CRM_Orders").headers()).toEqual([
      ...had,
      ...TABLES.orders.columns.map((c) => c.header.en).filter((h) => !had.includes(h)),
    ]);
    expect(fake.table("CRM_Orders").values()[0]!.slice(0, 4)).toEqual(["O1", "C1", 45000, "Desk"]);
  });

  it("a failed write leaves the workbook as it was, and a retry completes it", async () => {
    const fake = new FakeExcel();
    fake.addSheet("客户档案", [["我的数据"]]);
    const before = dump(fake);
    fake.failSync(3);
    await expect(setupWorkbook(ctxOf(fake), "zh", { today: TODAY })).rejects.toMatchObject({
      code: "GeneralException",
    });
    expect(dump(fake)).toEqual(before);
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(fake.sheet("客户档案").grid()).toEqual([["我的数据"]]);
    expect(fake.hasTable("CRM_Feedback")).toBe(true);
  });
});

describe("round trips", () => {
  it("setup costs 3 syncs whatever the workbook holds", async () => {
    const counts: number[] = [];
    for (const n of [0, 10, 5000]) {
      const fake = new FakeExcel();
      const rows = Array.from({ length: n }, (_, i) => [`C${i}`, `客户${i}`]);
      fake.addSheet("客户档案", [["客户编号", "客户名称"], ...rows]);
      if (n) fake.addTable("客户档案", `A1:B${n + 1}`, "CRM_Customers");
      counts.push((await setupWorkbook(ctxOf(fake), "zh", { today: TODAY })).syncs);
      expect(fake.largestRequestBytes).toBeLessThan(64 * 1024);
    }
    expect(counts).toEqual([3, 3, 3]);
  });
});

describe("formula drift", () => {
  it("is detected, reported, and repaired on request", async () => {
    const fake = new FakeExcel();
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    const t = fake.table("CRM_Customers");
    const col = colOf(fake, "CRM_Customers", "价值等级");
    // Excel's calculated-column AutoCorrect rewrote the whole column.
    t.state.sheet.setFormula(1, col, '="A"');
    const status = await workbookStatus(ctxOf(fake));
    expect(status.tables.customers.formulaDrift).toEqual(["valueClass"]);
    const report = await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(report.warnings.join()).toContain("价值等级");
    expect(t.formulas()[0]![col - t.state.rect.c0]).toBe('="A"');
    const repaired = await setupWorkbook(ctxOf(fake), "zh", {
      today: TODAY,
      repairFormulas: true,
    });
    expect(repaired.upgraded.join()).toContain("价值等级");
    expect((await workbookStatus(ctxOf(fake))).tables.customers.formulaDrift).toEqual([]);
  });

  it("Excel's own spelling of a structured reference is not drift", async () => {
    const fake = new FakeExcel();
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    const col = colOf(fake, "CRM_Orders", "金额");
    fake
      .table("CRM_Orders")
      .state.sheet.setFormula(
        1,
        col,
        '=IF(OR([@数量]="",[@单价]=""),"",IF(AND(ISNUMBER([@数量]),ISNUMBER([@单价])),[@数量]*[@单价],"⚠数据有误"))',
      );
    expect((await workbookStatus(ctxOf(fake))).tables.orders.formulaDrift).toEqual([]);
  });
});

describe("Excel too old", () => {
  it("says which API version is needed instead of failing midway", async () => {
    const fake = installFakeExcel({ apiVersion: "1.3" });
    try {
      await expect(runSetup("zh")).rejects.toBeInstanceOf(ExcelTooOldError);
      expect(fake.syncCount).toBe(0);
    } finally {
      fake.uninstall();
    }
  });

  it("runs through runExcel with the fake installed", async () => {
    const fake = installFakeExcel();
    try {
      const report = await runSetup("zh", { today: TODAY });
      expect(report.syncs).toBe(3);
      expect(fake.hasTable("CRM_Customers")).toBe(true);
    } finally {
      fake.uninstall();
    }
  });
});

/** The user types a date into the as-of cell. */
function typeAsOf(fake: FakeExcel, serial: number): void {
  const name = fake.names.find((n) => n.name === "CRM_AsOf");
  if (!name?.sheet) throw new Error("no as-of cell");
  name.sheet.setInput(name.rect.r0, name.rect.c0, serial);
}

describe("refreshAsOf: when it writes", () => {
  async function setUp(): Promise<FakeExcel> {
    const fake = new FakeExcel();
    fake.addSheet("Sheet1");
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    return fake;
  }

  it("writes a new day once, then only reads", async () => {
    const fake = await setUp();
    fake.resetCounters();
    expect(await refreshAsOf(ctxOf(fake), TODAY + 1)).toBe(true);
    expect(fake.syncCount).toBe(2);
    fake.resetCounters();
    expect(await refreshAsOf(ctxOf(fake), TODAY + 1)).toBe(false);
    expect(fake.syncCount).toBe(1);
    expect(fake.nameValue("CRM_AsOf")).toBe(TODAY + 1);
  });

  it("at most one write a day, even when the cell was changed since", async () => {
    const fake = await setUp();
    await refreshAsOf(ctxOf(fake), TODAY + 1);
    typeAsOf(fake, TODAY - 30);
    expect(await refreshAsOf(ctxOf(fake), TODAY + 1)).toBe(false);
    expect(fake.nameValue("CRM_AsOf")).toBe(TODAY - 30);
  });

  it("a date the user fixed stays on later days", async () => {
    const fake = await setUp();
    typeAsOf(fake, TODAY - 30);
    expect(await refreshAsOf(ctxOf(fake), TODAY + 5)).toBe(false);
    expect(fake.nameValue("CRM_AsOf")).toBe(TODAY - 30);
  });

  it("never writes in a read-only workbook", async () => {
    const fake = await setUp();
    fake.readOnly = true;
    fake.resetCounters();
    expect(await refreshAsOf(ctxOf(fake), TODAY + 1)).toBe(false);
    expect(fake.syncCount).toBe(1);
    expect(fake.nameValue("CRM_AsOf")).toBe(TODAY);
  });

  it("a workbook not set up yet: nothing, quietly", async () => {
    const fake = new FakeExcel();
    fake.addSheet("Sheet1");
    expect(await refreshAsOf(ctxOf(fake), TODAY)).toBe(false);
  });
});

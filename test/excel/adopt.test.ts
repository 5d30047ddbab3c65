/**
 * Adoption of the five seed-template layouts against the Excel fake: found under their title
 * rows, converted in place with every cell kept, missing columns added, combined columns split,
 * unrecognised and replaced columns kept; and the refusals and failures that must not lose data.
 */
import { FakeExcel, type CellValue } from "../fakes/excel";
import { AdoptError, adoptTemplate, setupWorkbook, workbookStatus } from "../../src/excel/setup";
import { resolveHeaders } from "../../src/domain/layout";
import { TABLES, columnFormula, type TableKey } from "../../src/domain/schema";
import {
  CUSTOMER_INFO,
  TEMPLATES,
  customerInfoRows,
  type TemplateSheet,
} from "../fixtures/templates";

const TODAY = 45500;
const ctxOf = (fake: FakeExcel) => fake.newContext() as unknown as Excel.RequestContext;

function load(t: TemplateSheet, grid = t.grid): FakeExcel {
  const fake = new FakeExcel();
  const sheet = fake.addSheet(t.sheet, grid);
  t.merges.forEach((m) => sheet.merge(m));
  return fake;
}

describe.each(TEMPLATES.map((t) => [t.seed, t] as const))("adopting %s", (_seed, t) => {
  let fake: FakeExcel;
  let before: CellValue[][];
  let syncs: number;
  const name = TABLES[t.table].name;
  beforeAll(async () => {
    fake = load(t);
    before = fake.sheet(t.sheet).grid();
    const status = await workbookStatus(ctxOf(fake));
    expect(status.candidates).toEqual([
      expect.objectContaining({
        sheet: t.sheet,
        table: t.table,
        headerRow: t.headerRow,
        dataRows: t.grid.length - t.headerRow - 1,
        unrecognised: t.unrecognised,
      }),
    ]);
    const report = await adoptTemplate(ctxOf(fake), status.candidates[0]!, "zh", { today: TODAY });
    syncs = report.syncs;
  });

  it("turns the range under the title rows into the CRM table, in place", () => {
    const table = fake.table(name);
    expect(table.sheet).toBe(t.sheet);
    expect(table.address).toMatch(new RegExp(`!A${t.headerRow + 1}:`));
    expect(table.rowCount).toBe(t.grid.length - t.headerRow - 1);
    expect(fake.sheet(t.sheet).merges).toEqual(t.merges);
    expect(fake.sheet(t.sheet).freezeRows).toBe(t.headerRow + 1);
  });

  it("keeps every cell of the template: title rows and every data value where it was", () => {
    const after = fake.sheet(t.sheet).grid();
    for (let r = 0; r < before.length; r++) {
      if (r === t.headerRow) continue;
      expect(after[r]!.slice(0, before[r]!.length)).toEqual(before[r]);
    }
  });

  it("names recognised columns canonically, keeps the others, adds what is missing", () => {
    const headers = fake.table(name).headers();
    for (const h of t.unrecognised) expect(headers).toContain(h);
    const resolved = resolveHeaders(t.table, headers);
    for (const c of TABLES[t.table].columns) expect(resolved.get(c.key)).toBe(c.header.zh);
    expect(new Set(headers.map((h) => h.toLowerCase())).size).toBe(headers.length);
  });

  it("writes the calculated columns against the table's real headers", () => {
    const table = fake.table(name);
    const resolved = resolveHeaders(t.table, table.headers());
    const headerOf = (tk: TableKey, key: string) =>
      tk === t.table
        ? resolved.get(key)!
        : TABLES[tk].columns.find((c) => c.key === key)!.header.zh;
    const first = table.formulas()[0]!;
    for (const c of TABLES[t.table].columns.filter((x) => x.kind === "computed"))
      expect(first[table.headers().indexOf(c.header.zh)]).toBe(
        columnFormula(t.table, c.key, "native", headerOf),
      );
  });

  it("costs a fixed number of round trips and leaves nothing for setup to do", async () => {
    expect(syncs).toBeLessThanOrEqual(5);
    const again = await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(again).toMatchObject({ created: [], upgraded: [], warnings: [], syncs: 2 });
  });
});

describe("adopting the customer information template", () => {
  it("splits the combined columns into their parts and keeps the data of replaced columns", async () => {
    const fake = load(CUSTOMER_INFO);
    const report = await adoptTemplate(
      ctxOf(fake),
      { sheet: CUSTOMER_INFO.sheet, table: "customers" },
      "zh",
      {
        today: TODAY,
      },
    );
    const [seed, second] = fake.table("CRM_Customers").records();
    expect(seed).toMatchObject({
      客户编号: "C202405001",
      "企业规模(员工人数/年营收)": "200人/1.2亿元",
      员工人数: 200,
      年营收: 120_000_000,
      年合作额: 1_200_000,
      复购率: 0.85,
      "最近互动时间(原)": "2024-05-10",
    });
    expect(second).toMatchObject({ 员工人数: 80, 年营收: 30_000_000, 负责人: "李明" });
    expect(report.warnings.join("\n")).toContain("最近互动时间(原)");
    expect(report.warnings.join("\n")).toContain("历史合作记录");
  });

  it("handles 10,000 rows in a constant number of round trips under the payload limit", async () => {
    const fake = load(CUSTOMER_INFO, customerInfoRows(10_000));
    const report = await adoptTemplate(
      ctxOf(fake),
      { sheet: CUSTOMER_INFO.sheet, table: "customers" },
      "zh",
      {
        today: TODAY,
      },
    );
    expect(report.syncs).toBe(5);
    expect(fake.largestRequestBytes).toBeLessThan(5 * 1024 * 1024);
    const table = fake.table("CRM_Customers");
    expect(table.rowCount).toBe(10_000);
    const last = table.records()[9_999]!;
    expect(last).toMatchObject({ 客户名称: "客户10000有限公司", 员工人数: 50 + (9_999 % 400) });
    expect(last.复购率).toBeCloseTo((9_999 % 100) / 100);
  });
});

describe("adoption and the rest of the workbook", () => {
  it("setup leaves a template's table to adoption and says so", async () => {
    const fake = load(CUSTOMER_INFO);
    const report = await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(report.skipped).toEqual(["CRM_Customers"]);
    expect(report.warnings.join()).toContain(CUSTOMER_INFO.sheet);
    expect(fake.hasTable("CRM_Customers")).toBe(false);
    await adoptTemplate(ctxOf(fake), { sheet: CUSTOMER_INFO.sheet, table: "customers" }, "zh", {
      today: TODAY,
    });
    // The follow-up log's lookup waited for the customers table and has its formula now.
    const lookup = fake.table("CRM_Interactions").formulas()[0]![2];
    expect(lookup).toContain("CRM_Customers[[客户名称]]");
    expect((await workbookStatus(ctxOf(fake))).tables.interactions.formulaDrift).toEqual([]);
  });

  it("replaces an empty CRM table made by an earlier setup, and mends the formulas reading it", async () => {
    const fake = new FakeExcel();
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    const sheet = fake.addSheet(CUSTOMER_INFO.sheet, CUSTOMER_INFO.grid);
    CUSTOMER_INFO.merges.forEach((m) => sheet.merge(m));
    const report = await adoptTemplate(
      ctxOf(fake),
      { sheet: CUSTOMER_INFO.sheet, table: "customers" },
      "zh",
      {
        today: TODAY,
      },
    );
    expect(report.warnings.join()).toContain("CRM_Customers");
    expect(fake.table("CRM_Customers").sheet).toBe(CUSTOMER_INFO.sheet);
    expect(fake.sheetNames()).not.toContain("客户档案");
    const status = await workbookStatus(ctxOf(fake));
    for (const key of ["customers", "interactions", "feedback", "orders"] as const)
      expect(status.tables[key]).toMatchObject({
        present: true,
        missingColumns: [],
        formulaDrift: [],
      });
  });

  it("refuses to adopt into a table that holds data, writing nothing", async () => {
    const fake = load(CUSTOMER_INFO);
    fake.addSheet("客户档案", [
      ["客户编号", "客户名称"],
      ["C1", "已有客户"],
    ]);
    fake.addTable("客户档案", "A1:B2", "CRM_Customers");
    fake.resetCounters();
    await expect(
      adoptTemplate(ctxOf(fake), { sheet: CUSTOMER_INFO.sheet, table: "customers" }, "zh"),
    ).rejects.toBeInstanceOf(AdoptError);
    expect(fake.requests.every((r) => r.bytes === 0)).toBe(true);
  });

  it("a failed write leaves the template untouched, and a retry adopts it", async () => {
    const fake = load(CUSTOMER_INFO);
    const before = fake.sheet(CUSTOMER_INFO.sheet).grid();
    fake.failSync(5);
    await expect(
      adoptTemplate(ctxOf(fake), { sheet: CUSTOMER_INFO.sheet, table: "customers" }, "zh", {
        today: TODAY,
      }),
    ).rejects.toMatchObject({ code: "GeneralException" });
    expect(fake.sheet(CUSTOMER_INFO.sheet).grid()).toEqual(before);
    expect(fake.tableNames()).toEqual([]);
    await adoptTemplate(ctxOf(fake), { sheet: CUSTOMER_INFO.sheet, table: "customers" }, "zh", {
      today: TODAY,
    });
    expect(fake.table("CRM_Customers").rowCount).toBe(2);
  });

  it("says so when the header row is gone", async () => {
    const fake = new FakeExcel();
    fake.addSheet("空表", [["随便"]]);
    await expect(
      adoptTemplate(ctxOf(fake), { sheet: "空表", table: "customers" }, "en"),
    ).rejects.toThrow(/no longer found/);
  });
});

/**
 * Real Excel's rules on an adopted Chinese template: whole columns formatted as 文本 (Text) keep
 * a formula written into them as text, and a template's validation below its data stops the
 * table from growing. Adoption and appends must end with real formulas and rows in the table;
 * Status and Repair must find and fix computed cells that hold their formula as text.
 */
import { installFakeExcel, type FakeExcel } from "../fakes/excel";
import { adoptTemplate, setupWorkbook, workbookStatus } from "../../src/excel/setup";
import { appendRecords } from "../../src/excel/records";
import { setupNeeds } from "../../src/domain/workbookStatus";
import { TABLES, columnDef } from "../../src/domain/schema";
import { parseA1 } from "../../src/domain/a1";
import { serialFromYmd } from "../../src/domain/values";
import { CUSTOMER_INFO } from "../fixtures/templates";

const TODAY = 45500;
const ctxOf = (fake: FakeExcel) => fake.newContext() as unknown as Excel.RequestContext;

let fake: FakeExcel;
beforeEach(() => {
  fake = installFakeExcel();
});
afterEach(() => fake.uninstall());

/** The template with every column formatted as Text down to row 200 and validation below it. */
function textTemplate(): void {
  const t = CUSTOMER_INFO;
  const sheet = fake.addSheet(t.sheet);
  for (let r = 0; r < 200; r++) for (let c = 0; c < 40; c++) sheet.state.setNumberFormat(r, c, "@");
  sheet.set("A1", t.grid);
  t.merges.forEach((m) => sheet.merge(m));
  sheet.state.validations.push({
    rect: parseA1(`E${t.grid.length + 1}:E200`),
    rule: { list: { inCellDropDown: true, source: "新客户,老客户" } },
  });
}

describe.each([true, false])("an adopted Text-formatted template (AutoCorrect fill %s)", (fill) => {
  it("computes with real formulas, and appended rows join the table", async () => {
    textTemplate();
    fake.autoCorrect.fillFormulasInTables = fill;
    const status = await workbookStatus(ctxOf(fake));
    await adoptTemplate(ctxOf(fake), status.candidates[0]!, "zh", { today: TODAY });
    const after = await workbookStatus(ctxOf(fake));
    expect(after.tables.customers.formulaDrift).toEqual([]);
    const t = fake.table(TABLES.customers.name);
    const c = t.headers().indexOf(columnDef("customers", "valueClass").header.zh);
    const first = t.state.rect.r0 + 1;
    expect(t.state.sheet.cell(first, t.state.rect.c0 + c).formula).toMatch(/^=/);

    fake.resetCounters();
    await appendRecords("customers", [
      {
        name: "新公司",
        contact: "王",
        needs: "仓储",
        createdDate: serialFromYmd(2024, 5, 10),
        annualAmount: 600000,
      },
    ]);
    expect(fake.opCount("table.resize")).toBe(0);
    const last = t.state.rect.r1;
    expect(t.rowCount).toBe(CUSTOMER_INFO.grid.length - 1);
    expect(t.state.sheet.cell(last, t.state.rect.c0 + c).formula).toMatch(/^=IF/);
    expect(t.state.sheet.isEmpty(last + 1, t.state.rect.c0 + 1)).toBe(true);
  });
});

describe("Status and Repair find formulas stored as text", () => {
  it("reports the column, offers Repair, and Repair writes a real formula", async () => {
    fake.addSheet("Sheet1");
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    const t = fake.table(TABLES.customers.name);
    const c = t.state.rect.c0 + t.headers().indexOf(columnDef("customers", "sizeTier").header.zh);
    const r = t.state.rect.r0 + 1;
    const formula = t.state.sheet.cell(r, c).formula!;
    // What Excel holds after a formula was written into a Text cell.
    t.state.sheet.setNumberFormat(r, c, "@");
    t.state.sheet.setFormula(r, c, undefined);
    t.state.sheet.setInput(r, c, formula);
    expect(t.state.sheet.cell(r, c)).toMatchObject({ formula: undefined, value: formula });

    const status = await workbookStatus(ctxOf(fake));
    expect(status.tables.customers.formulaDrift).toEqual(["sizeTier"]);
    expect(setupNeeds(status).repair).toBe(true);
    const plain = await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(plain.warnings.join("\n")).toMatch(/存成了文本/);

    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY, repairFormulas: true });
    expect(t.state.sheet.cell(r, c)).toMatchObject({ formula, numberFormat: "General" });
    expect((await workbookStatus(ctxOf(fake))).tables.customers.formulaDrift).toEqual([]);
  });

  it("finds a formula stored as text in the last row only (a row appended later)", async () => {
    fake.addSheet("Sheet1");
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    const t = fake.table(TABLES.customers.name);
    const row = t.headers().map((h) => (h === "客户编号" ? "C202405001" : ""));
    fake.appendRowsDirect(TABLES.customers.name, [row]);
    fake.appendRowsDirect(TABLES.customers.name, [row.map((v) => (v ? "C202405002" : ""))]);
    const c = t.state.rect.c0 + t.headers().indexOf(columnDef("customers", "valueClass").header.zh);
    const last = t.state.rect.r1;
    const formula = t.state.sheet.cell(last, c).formula!;
    t.state.sheet.setNumberFormat(last, c, "@");
    t.state.sheet.setFormula(last, c, undefined);
    t.state.sheet.setInput(last, c, formula);
    const status = await workbookStatus(ctxOf(fake));
    expect(status.tables.customers.formulaDrift).toEqual(["valueClass"]);
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY, repairFormulas: true });
    expect(t.state.sheet.cell(last, c).formula).toBe(formula);
  });
});

/**
 * Repair from any state (issue 17): a deleted Settings sheet, deleted or #REF! names, an
 * emptied list table, a table moved to another sheet. Status says what is wrong in words and
 * never fails; one Repair makes the workbook whole, saying what it rebuilt with defaults, and
 * every user cell stays as it was.
 */
import { appendRecords, readListsAndSettings } from "../../src/excel/records";
import { readStatus, runSetup } from "../../src/excel/setup";
import { problemText } from "../../src/domain/recovery";
import { setupNeeds } from "../../src/domain/workbookStatus";
import { LISTS, SETTINGS, TABLES, TABLE_KEYS } from "../../src/domain/schema";
import type { CrmRecord } from "../../src/domain/port";
import { serialFromYmd } from "../../src/domain/values";
import { FakeExcel, installFakeExcel } from "../fakes/excel";

const may10 = serialFromYmd(2024, 5, 10);
const customer = (i: number): CrmRecord => ({
  name: `客户${i}有限公司`,
  contact: `联系人${i}`,
  needs: "智能仓储",
  createdDate: may10,
  industry: "制造业",
});

let fake: FakeExcel;
beforeEach(async () => {
  fake = installFakeExcel();
  fake.addSheet("Sheet1");
  await runSetup("zh");
  await appendRecords("customers", [customer(1), customer(2)]);
});
afterEach(() => fake.uninstall());

/** Every cell of the four CRM tables, as formulas. */
function userCells(): unknown {
  return TABLE_KEYS.map((k) => fake.table(TABLES[k].name).formulas());
}

async function expectWholeAfterOneRepair(): Promise<string[]> {
  const before = userCells();
  const status = await readStatus();
  expect(setupNeeds(status).setup || setupNeeds(status).repair).toBe(true);
  const report = await runSetup("zh", { repairFormulas: true });
  expect(userCells()).toEqual(before);
  const after = await readStatus();
  expect(after.problems).toEqual([]);
  expect(setupNeeds(after)).toEqual({ setup: false, repair: false });
  for (const s of SETTINGS) expect(fake.nameValue(s.name)).toEqual(expect.any(Number));
  const { lists } = await readListsAndSettings();
  expect(lists.industry).toEqual([...LISTS.industry.items]);
  return report.warnings;
}

describe("repair from any state", () => {
  it("the Settings sheet deleted: status says so, Repair rebuilds it with defaults and says so", async () => {
    fake.deleteSheet(fake.findSheet("参数设置")!);
    const status = await readStatus();
    expect(status.settingsPresent).toBe(false);
    const words = status.problems!.map((p) => problemText(p, "zh"));
    expect(words).toEqual([expect.stringContaining("参数设置工作表")]);
    expect(problemText(status.problems![0]!, "en")).toContain("Settings sheet");
    const warnings = await expectWholeAfterOneRepair();
    expect(warnings.join("\n")).toContain("默认值");
  });

  it("#REF! names: status names them; Repair defines them again", async () => {
    fake.breakNames((n) => n.name === "CRM_ABC_A" || n.name === "CRM_L_Industry");
    const status = await readStatus();
    expect(status.problems!.map((p) => problemText(p, "en"))).toEqual([
      expect.stringMatching(/CRM_ABC_A, CRM_L_Industry point at deleted cells/),
    ]);
    await expectWholeAfterOneRepair();
  });

  it("deleted names: Repair points them at their cells again, keeping the user's values", async () => {
    const abcA = fake.names.find((n) => n.name === "CRM_ABC_A")!;
    if (!abcA.sheet) throw new Error("CRM_ABC_A is not a range");
    abcA.sheet.setInput(abcA.rect.r0, abcA.rect.c0, 800000);
    fake.names.splice(fake.names.indexOf(abcA), 1);
    const status = await readStatus();
    expect(status.problems!.map((p) => p.kind)).toEqual(["missingNames"]);
    const warnings = await expectWholeAfterOneRepair();
    expect(fake.nameValue("CRM_ABC_A")).toBe(800000);
    expect(warnings.join("\n")).toContain("原有单元格");
  });

  it("an emptied list table: status says so; Repair fills in the defaults", async () => {
    const t = fake.table(LISTS.industry.table).state;
    t.sheet.clear(t.body, "Contents");
    const status = await readStatus();
    expect(status.problems!.map((p) => problemText(p, "zh"))).toEqual([
      expect.stringContaining("是空的"),
    ]);
    await expectWholeAfterOneRepair();
  });

  it("a list table emptied to one row is resized to hold its items again", async () => {
    const t = fake.table(LISTS.industry.table).state;
    t.sheet.clear(t.body, "Contents");
    t.rect = { ...t.rect, r1: t.rect.r0 + 1 };
    await expectWholeAfterOneRepair();
  });

  it.each([
    ["1.12, AutoCorrect on", true],
    ["1.12, AutoCorrect off", false],
  ])(
    "a list table emptied to one row gets its items back without Table.resize (ExcelApi %s)",
    async (_, include) => {
      const t = fake.table(LISTS.industry.table).state;
      t.sheet.clear(t.body, "Contents");
      t.rect = { ...t.rect, r1: t.rect.r0 + 1 };
      fake.apiVersion = "1.12";
      fake.autoCorrect.includeNewRowsInTable = include;
      // Rows written below a table join it only sometimes (office-js #2093, #3013): the items
      // that do not fit go in through TableRowCollection.add (ExcelApi 1.1), which always does.
      await expectWholeAfterOneRepair();
      expect(fake.table(LISTS.industry.table).rowCount).toBe(LISTS.industry.items.length);
    },
  );

  it("a table moved to another sheet is reported where it is and keeps working", async () => {
    const moved = fake.addSheet("搬家后");
    const t = fake.table("CRM_Customers").state;
    const grid = fake.sheet("客户档案").formulas();
    moved.set("A1", grid);
    fake.sheet("客户档案").state.clear(t.rect, "All");
    t.sheet = moved.state;
    const status = await readStatus();
    expect(status.problems!.map((p) => problemText(p, "zh"))).toEqual([
      "客户档案 (CRM_Customers)位于工作表“搬家后”（原为“客户档案”），仍可正常使用。",
    ]);
    expect(setupNeeds(status)).toEqual({ setup: false, repair: false });
    await appendRecords("customers", [customer(3)]);
    expect(fake.table("CRM_Customers").rowCount).toBe(3);
  });
});

describe("the pane still loads on a damaged workbook", () => {
  it("reads lists and settings with #REF! names, falling back to the defaults", async () => {
    fake.deleteSheet(fake.findSheet("参数设置")!);
    const { lists, settings } = await readListsAndSettings(45000);
    expect(lists.industry).toEqual([...LISTS.industry.items]);
    expect(settings.asOf).toBe(45000);
  });
});

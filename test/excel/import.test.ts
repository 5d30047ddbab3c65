/**
 * The import's write step against the Excel fake, through the adapter's append and batch update:
 * accepted rows land in one pass, formula-like text is stored as text, a failed write leaves
 * the table as it was, and a failed update reports exactly which rows were added.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { executeImport } from "../../src/domain/import/execute";
import { loadImportFile } from "../../src/domain/import/load";
import { runImport } from "../../src/domain/import/pipeline";
import type { CrmWorkbook } from "../../src/domain/port";
import { defaultListValues } from "../../src/domain/schema";
import { appendRecords, updateRecord, updateRecords } from "../../src/excel/records";
import { FakeExcel, installFakeExcel } from "../fakes/excel";
import { portWith } from "../fakes/port";
import { INJECTION, TODAY, WORKBOOK_CUSTOMERS } from "../fixtures/import/data";
import { seedCrm } from "./crmFake";

/** The port's write methods, as the Excel implementation provides them. */
function excelPort(): CrmWorkbook {
  return portWith({ appendRecords, updateRecord, updateRecords }, "excel");
}

async function customerPlan(choice: "skip" | "update" = "skip") {
  const name = "customers-gb18030.csv";
  const file = await loadImportFile(
    name,
    readFileSync(join(__dirname, "../fixtures/import", name)),
  );
  const result = runImport(
    file.sheets[0]!.grid,
    {
      lists: defaultListValues(),
      today: TODAY,
      customers: WORKBOOK_CUSTOMERS,
      existing: WORKBOOK_CUSTOMERS,
    },
    { duplicates: choice },
  );
  if (!result) throw new Error("no mapping");
  return result.plan;
}

describe("writing an import plan", () => {
  let fake: FakeExcel;
  beforeEach(() => {
    fake = installFakeExcel();
    seedCrm(fake, { customers: WORKBOOK_CUSTOMERS });
  });
  afterEach(() => fake.uninstall());

  it("appends the accepted rows and stores formula-like text as text", async () => {
    const plan = await customerPlan();
    const outcome = await executeImport(excelPort(), plan);
    expect(outcome.failure).toBeUndefined();
    // The seed's example row (malformed phone and email) and the VIP客户 row are written too,
    // with warnings (issue 15): the values as given, for the data check to mark.
    expect(outcome.inserted).toHaveLength(6);
    expect(outcome.inserted.slice(0, 2)).toEqual(["C202405001", "C202405002"]);
    const records = fake.table("CRM_Customers").records();
    expect(records).toHaveLength(2 + 6);
    const injected = fake.table("CRM_Customers").column("需求描述");
    const row = injected.indexOf(INJECTION.needDetail);
    expect(row).toBeGreaterThan(0);
    // The adapter writes an apostrophe first: Excel keeps the text and never evaluates it.
    const cell = fake.sheet("客户档案").cell(`O${row + 2}`);
    expect(cell).toMatchObject({ value: INJECTION.needDetail });
    expect(cell.formula).toBeUndefined();
    expect(fake.table("CRM_Customers").column("预算范围")).toContain(INJECTION.budget);
  });

  it("updates a duplicate in place without writing blanks over values", async () => {
    const plan = await customerPlan("update");
    expect(plan.updates).toHaveLength(1);
    const outcome = await executeImport(excelPort(), plan);
    expect(outcome).toMatchObject({ updated: 1 });
    const xihu = fake.table("CRM_Customers").records()[0]!;
    expect(xihu["邮箱"]).toBe("li@xihu-elec.com");
    expect(xihu["联系电话"]).toBe("0571-88990011");
    expect(xihu["核心需求"]).toBe("电子元器件");
  });

  it("leaves the table as it was when the write fails", async () => {
    const plan = await customerPlan();
    const before = fake.table("CRM_Customers").values();
    fake.failWhen((r) =>
      r.ops.some((k) => k.startsWith("Range.values"))
        ? { code: "GeneralException", message: "boom" }
        : undefined,
    );
    const outcome = await executeImport(excelPort(), plan);
    fake.failWhen(undefined);
    expect(outcome.failure?.step).toBe("append");
    expect(outcome.inserted).toEqual([]);
    expect(fake.table("CRM_Customers").values()).toEqual(before);
  });

  it("reports exactly which rows were added when the update step fails", async () => {
    const plan = await customerPlan("update");
    const port = excelPort();
    port.updateRecords = () => Promise.reject(new Error("update failed"));
    const outcome = await executeImport(port, plan);
    expect(outcome.failure?.step).toBe("update");
    expect(outcome.inserted).toHaveLength(plan.inserts.length);
    expect(fake.table("CRM_Customers").records()).toHaveLength(2 + plan.inserts.length);
  });
});

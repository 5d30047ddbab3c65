/**
 * Columns are found or the write stops (issue 17): a header renamed to a name the add-in does
 * not know never makes a write drop data silently; Repair never adds a twin of a renamed column.
 */
import { appendRecords, readRecords, updateRecord, updateRecords } from "../../src/excel/records";
import { mapColumn, renameColumnBack } from "../../src/excel/columns";
import { readStatus, runSetup } from "../../src/excel/setup";
import { ColumnsNotFoundError } from "../../src/excel/errors";
import { memoryProperty } from "../../src/domain/columnMap";
import type { CrmRecord } from "../../src/domain/port";
import { serialFromYmd } from "../../src/domain/values";
import { FakeExcel, installFakeExcel } from "../fakes/excel";

const may10 = serialFromYmd(2024, 5, 10);
const customer = (i: number): CrmRecord => ({
  name: `客户${i}有限公司`,
  contact: `联系人${i}`,
  needs: "智能仓储",
  createdDate: may10,
});

let fake: FakeExcel;
beforeEach(async () => {
  fake = installFakeExcel();
  fake.addSheet("Sheet1");
  await runSetup("zh");
  await appendRecords("customers", [customer(1), customer(2)]);
});
afterEach(() => fake.uninstall());

/** A user retypes a header cell of 客户档案. */
function renameHeader(from: string, to: string): void {
  const headers = fake.table("CRM_Customers").headers();
  const col = headers.indexOf(from);
  const letter = String.fromCharCode(65 + col);
  fake.sheet("客户档案").set(`${letter}1`, [[to]]);
}

describe("a renamed column", () => {
  it("setup remembers each table's columns", () => {
    for (const name of ["CRM_Customers", "CRM_Interactions", "CRM_Feedback", "CRM_Orders"])
      expect(fake.customProperties.get(`CRM_Cols_${name}`)?.value).toEqual(expect.any(String));
  });

  it("stops an append that needs it, naming it, and writes nothing", async () => {
    renameHeader("客户名称", "公司简称");
    const before = fake.sheet("客户档案").formulas();
    const error = await appendRecords("customers", [customer(3)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ColumnsNotFoundError);
    expect((error as ColumnsNotFoundError).text("zh")).toContain("“客户名称”（现名为“公司简称”）");
    expect((error as ColumnsNotFoundError).text("en")).toContain(
      '"Customer name" (now named "公司简称")',
    );
    expect(fake.sheet("客户档案").formulas()).toEqual(before);
  });

  it("stops an update of it instead of reporting success", async () => {
    renameHeader("客户名称", "公司简称");
    const [first] = await readRecords("customers");
    // Reads still find the data under its new name.
    expect(first!.name).toBe("客户1有限公司");
    const before = fake.sheet("客户档案").formulas();
    await expect(
      updateRecord("customers", String(first!.customerId), { name: "新名称" }),
    ).rejects.toBeInstanceOf(ColumnsNotFoundError);
    await expect(
      updateRecords("customers", [{ id: String(first!.customerId), row: 0, patch: { name: "x" } }]),
    ).rejects.toBeInstanceOf(ColumnsNotFoundError);
    expect(fake.sheet("客户档案").formulas()).toEqual(before);
    // A write that does not touch it goes ahead.
    await updateRecord("customers", String(first!.customerId), { notes: "备注" });
  });

  it("status reports it as renamed, not missing; Repair adds no twin", async () => {
    renameHeader("客户编号", "编码");
    const status = await readStatus();
    expect(status.tables.customers.renamedColumns).toEqual([{ key: "customerId", header: "编码" }]);
    expect(status.tables.customers.missingColumns).toEqual([]);
    const headers = fake.table("CRM_Customers").headers();
    const report = await runSetup("zh", { repairFormulas: true });
    expect(fake.table("CRM_Customers").headers()).toEqual(headers);
    expect(report.warnings.join("\n")).toContain("“客户编号”已被改名为“编码”");
    // Follow-ups still find their customers: the write stops instead of a "not found".
    await expect(
      appendRecords("interactions", [{ customerId: "C202405001", date: may10, topic: "回访" }]),
    ).rejects.toBeInstanceOf(ColumnsNotFoundError);
  });

  it("an ID column renamed before the workbook had a memory is still not added twice", async () => {
    fake.customProperties.delete(memoryProperty("customers"));
    renameHeader("客户编号", "编码");
    const headers = fake.table("CRM_Customers").headers();
    await runSetup("zh", { repairFormulas: true });
    expect(fake.table("CRM_Customers").headers()).toEqual(headers);
  });

  it("renamed back, every write works again", async () => {
    renameHeader("客户名称", "公司简称");
    await expect(renameColumnBack("customers", "name", "zh")).resolves.toBe("客户名称");
    expect(fake.table("CRM_Customers").headers()[1]).toBe("客户名称");
    await appendRecords("customers", [customer(3)]);
    expect(fake.table("CRM_Customers").column("客户名称")).toContain("客户3有限公司");
  });

  it("mapped (the user keeps the new name), writes go to it", async () => {
    renameHeader("客户名称", "公司简称");
    await mapColumn("customers", "name", "公司简称");
    await appendRecords("customers", [customer(3)]);
    expect(fake.table("CRM_Customers").column("公司简称")).toContain("客户3有限公司");
    const status = await readStatus();
    expect(status.tables.customers.renamedColumns).toEqual([]);
    expect(status.tables.customers.missingColumns).toEqual([]);
    // Repair keeps the mapping and adds nothing.
    const headers = fake.table("CRM_Customers").headers();
    await runSetup("zh", { repairFormulas: true });
    expect(fake.table("CRM_Customers").headers()).toEqual(headers);
    await appendRecords("customers", [customer(4)]);
    expect(fake.table("CRM_Customers").column("公司简称")).toContain("客户4有限公司");
  });

  it("without a memory, a missing column stops the write and can be mapped", async () => {
    fake.customProperties.delete(memoryProperty("customers"));
    renameHeader("客户名称", "公司简称");
    const error = (await appendRecords("customers", [customer(3)]).catch(
      (e) => e,
    )) as ColumnsNotFoundError;
    expect(error).toBeInstanceOf(ColumnsNotFoundError);
    expect(error.problem.missing).toEqual(["name"]);
    expect(error.problem.unknown).toEqual(["公司简称"]);
    // Repair cannot tell which unknown column it is: it adds no empty 客户名称 and says why.
    const headers = fake.table("CRM_Customers").headers();
    const report = await runSetup("zh", { repairFormulas: true });
    expect(fake.table("CRM_Customers").headers()).toEqual(headers);
    expect(report.warnings.join("\n")).toContain(
      "缺少必填列“客户名称”，但表中有未识别的列（公司简称）",
    );
    await mapColumn("customers", "name", "公司简称");
    await appendRecords("customers", [customer(3)]);
    expect(fake.table("CRM_Customers").column("公司简称")).toContain("客户3有限公司");
  });
});

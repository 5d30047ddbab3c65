/**
 * An ID conflict's new number, remembered in the workbook (the renumbered customer's 备注) and
 * used by a follow-up file imported later that still quotes the old number.
 */
import { executeImport } from "../../../src/domain/import/execute";
import { runImport, type GridCell } from "../../../src/domain/import/pipeline";
import { IdRemap, formerIdNote, formerIds } from "../../../src/domain/import/remap";
import { MemoryWorkbook } from "../../../src/domain/memoryWorkbook";
import type { TableKey } from "../../../src/domain/schema";
import { serialFromYmd } from "../../../src/domain/values";
import { TODAY, WORKBOOK_CUSTOMERS } from "../../fixtures/import/data";

async function importRows(workbook: MemoryWorkbook, rows: GridCell[][]) {
  const customers = await workbook.readRecords("customers");
  const lists = await workbook.readLists();
  const result = runImport(rows, (table: TableKey) => ({
    lists,
    today: TODAY,
    customers,
    existing: table === "customers" ? customers : [],
  }));
  if (!result) throw new Error("no header");
  const outcome = await executeImport(workbook, result.plan);
  expect(outcome.failure).toBeUndefined();
  return { ...result, outcome };
}

describe("former IDs in 备注", () => {
  it.each([
    [formerIdNote("C202405001"), ["C202405001"]],
    [
      `重点客户\n${formerIdNote("c202405001")}\n${formerIdNote("C202406002")}`,
      ["C202405001", "C202406002"],
    ],
    ["导入前编号:C2024", ["C2024"]],
    ["编号 C202405001", []],
    [null, []],
  ])("%s", (notes, ids) => {
    expect(formerIds(notes)).toEqual(ids);
  });

  const remap = new IdRemap([
    { customerId: "C202401001", name: "杭州西湖电子有限公司" },
    { customerId: "C202406001", name: "北京星辰科技有限公司", notes: formerIdNote("C202401001") },
    { customerId: "C202406002", name: "重名公司", notes: formerIdNote("C202401009") },
    { customerId: "C202406003", name: "重名公司", notes: formerIdNote("C202401009") },
  ]);
  it.each([
    ["C202401001", "北京星辰科技有限公司", { from: "C202401001", to: "C202406001" }],
    ["c202401001", " 北京星辰科技（有限）公司", { from: "c202401001", to: "C202406001" }],
    // The ID's own company: nothing to change.
    ["C202401001", "杭州西湖电子有限公司", undefined],
    // A name no renumbered customer has: left to the usual checks.
    ["C202401001", "别的公司", undefined],
    // Two renumbered customers fit: not guessed.
    ["C202401009", "重名公司", undefined],
    ["C202401001", "", undefined],
  ])("%s + %s", (id, name, expected) => {
    expect(remap.resolve(id, name)).toEqual(expected);
  });
});

describe("a follow-up file imported after a customer file with an ID conflict", () => {
  it("finds the renumbered customer by the old ID and its name, in a workbook read afresh", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY, empty: true });
    await workbook.appendRecords("customers", WORKBOOK_CUSTOMERS);
    // A customer file whose C202401001 is another company: inserted under a new ID.
    const customers = await importRows(workbook, [
      ["客户编号", "客户名称", "对接人", "核心需求", "联系电话"],
      ["C202401001", "北京星辰科技有限公司", "张经理", "仓储", "13800138000"],
    ]);
    expect(customers.plan.summary.conflict).toBe(1);
    const [newId] = customers.outcome.inserted;
    expect(newId).not.toBe("C202401001");
    const written = (await workbook.readRecords("customers")).find((c) => c.customerId === newId);
    expect(written?.notes).toBe("导入前编号：C202401001");

    // Later (another session, another user: nothing but the workbook is shared), the team's
    // follow-up log, which quotes the old numbers.
    const followUps = await importRows(workbook, [
      ["客户名称", "客户编号", "维护日期", "维护主题"],
      ["北京星辰科技有限公司", "C202401001", "2024-06-01", "现场测试"],
      ["杭州西湖电子有限公司", "C202401001", "2024-06-02", "季度回访"],
    ]);
    expect(followUps.plan.rows.map((r) => [r.line, r.status, r.remapped])).toEqual([
      [2, "insert", { from: "C202401001", to: newId }],
      [3, "insert", undefined],
    ]);
    const written2 = await workbook.readRecords("interactions");
    expect(written2.map((f) => [f.customerId, f.date, f.topic])).toEqual([
      [newId, serialFromYmd(2024, 6, 1), "现场测试"],
      ["C202401001", serialFromYmd(2024, 6, 2), "季度回访"],
    ]);
  });

  it("an ID a co-author takes between the preview and the write: renumbered, and remembered too", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY, empty: true });
    const rows = [
      ["客户编号", "客户名称", "对接人", "核心需求", "备注"],
      ["C202405007", "北京星辰科技有限公司", "张经理", "仓储", "重点客户"],
    ];
    const result = runImport(rows, {
      lists: await workbook.readLists(),
      today: TODAY,
      customers: [],
      existing: [],
    });
    if (!result) throw new Error("no header");
    expect(result.plan.summary.insert).toBe(1);
    // Another user writes C202405007 before this user presses Import.
    await workbook.appendRecords("customers", [
      { customerId: "C202405007", name: "别人的客户有限公司", contact: "李四", needs: "ERP" },
    ]);
    const outcome = await executeImport(workbook, result.plan);
    expect(outcome.failure).toBeUndefined();
    const [to] = outcome.inserted;
    expect(to).not.toBe("C202405007");
    expect(outcome.renumbered).toEqual([{ from: "C202405007", to }]);
    const written = (await workbook.readRecords("customers")).find((c) => c.customerId === to);
    expect(written?.notes).toBe("重点客户\n导入前编号：C202405007");
    expect(
      new IdRemap(await workbook.readRecords("customers")).resolve(
        "C202405007",
        "北京星辰科技有限公司",
      ),
    ).toEqual({ from: "C202405007", to });
  });

  it("an ID kept as it was (no conflict) leaves no note", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY, empty: true });
    const imported = await importRows(workbook, [
      ["客户编号", "客户名称", "对接人", "核心需求"],
      ["C202405007", "北京星辰科技有限公司", "张经理", "仓储"],
    ]);
    expect(imported.outcome.inserted).toEqual(["C202405007"]);
    expect((await workbook.readRecords("customers"))[0]?.notes ?? null).toBeNull();
  });
});

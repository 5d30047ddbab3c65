/**
 * Idempotent appends (issue 17): a retry of the same batch after a failed append whose clean-up
 * failed too writes only the rows that are not there yet; each row is found exactly once.
 */
import { ExcelWorkbook } from "../../src/excel/excelWorkbook";
import { PartialWriteError } from "../../src/excel/errors";
import { batchIdOf, matchWritten } from "../../src/domain/batch";
import type { CrmRecord } from "../../src/domain/port";
import { serialFromYmd } from "../../src/domain/values";
import { FakeExcel, installFakeExcel } from "../fakes/excel";
import { seedCrmTable } from "../fakes/crmSeed";

const may10 = serialFromYmd(2024, 5, 10);
const order = (i: number): CrmRecord => ({
  customerId: "C202405001",
  date: may10,
  product: `智能仓储系统升级-${i}`,
  quantity: 1 + (i % 5),
  unitPrice: 1999.5,
  channel: "线上",
  notes: i % 7 === 0 ? `=HYPERLINK("x${i}")` : `第${i}笔`,
});

let fake: FakeExcel;
const workbook = new ExcelWorkbook();
beforeEach(() => {
  fake = installFakeExcel();
  seedCrmTable(fake, "customers", [
    { customerId: "C202405001", name: "甲公司", contact: "张三", needs: "ERP", createdDate: may10 },
  ]);
  seedCrmTable(fake, "orders", [{ ...order(-1), orderId: "O202405001" }]);
});
afterEach(() => fake.uninstall());

function products(): string[] {
  return fake.table("CRM_Orders").column("产品服务").map(String);
}

describe("a retried append", () => {
  const drafts = Array.from({ length: 30000 }, (_, i) => order(i));
  const batchId = batchIdOf("orders", drafts);

  it("after its append and its clean-up both failed, writes each row exactly once", async () => {
    // Request 1 reads the batch mark, 2 writes it; the append reads (3, 4), writes (5, 6...):
    // fail the second write and everything after it, so the clean-up fails too.
    let n = 0;
    fake.failWhen((r) => {
      if (!r.ops.includes("Range.values=") && n < 2) return undefined;
      n++;
      return n >= 2 ? { code: "GeneralException", message: "connection lost" } : undefined;
    });
    const error = await workbook.appendRecords("orders", drafts, { batchId }).catch((e) => e);
    expect(error).toBeInstanceOf(PartialWriteError);
    fake.failWhen(undefined);
    const half = products().length - 1;
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(drafts.length);

    const result = await workbook.appendRecords("orders", drafts, { batchId });
    const all = products().slice(1);
    expect(all).toHaveLength(drafts.length);
    expect(new Set(all).size).toBe(drafts.length);
    expect(new Set(result.ids).size).toBe(drafts.length);
    expect(result.ids.every((id) => /^O\d{9,}$/.test(id))).toBe(true);
    // Each returned ID is the row holding that draft.
    const rows = fake.table("CRM_Orders").records();
    const byId = new Map(rows.map((r) => [r["订单编号"], r["产品服务"]]));
    result.ids.forEach((id, i) => expect(byId.get(id)).toBe(drafts[i]!.product));
    // Injection text stayed text in both tries.
    const cell = fake.sheet("交易记录").cell("J3");
    expect(cell.formula).toBeUndefined();
  });

  it("a retry of a batch that went through writes nothing and returns the same IDs", async () => {
    const few = drafts.slice(0, 5);
    const id = batchIdOf("orders", few);
    const first = await workbook.appendRecords("orders", few, { batchId: id });
    const before = fake.sheet("交易记录").formulas();
    const again = await workbook.appendRecords("orders", few, { batchId: id });
    expect(again.ids).toEqual(first.ids);
    expect(fake.sheet("交易记录").formulas()).toEqual(before);
  });

  it("another batch with the same rows is written again (only a retry is suppressed)", async () => {
    const few = drafts.slice(0, 3);
    await workbook.appendRecords("orders", few, { batchId: "a" });
    await workbook.appendRecords("orders", few, { batchId: "b" });
    expect(products().slice(1)).toHaveLength(6);
  });
});

describe("matchWritten", () => {
  it("matches each existing row once, by cells as they read back", () => {
    const toWrite = [
      ["'=X", 1, null, "a"],
      ["'=X", 1, null, "a"],
      ["b", 2, null, ""],
    ];
    const existing = [
      ["=X", 1, "calc", "a"],
      ["b", 2, "calc", ""],
    ];
    expect(matchWritten(toWrite, existing, new Set())).toEqual([0, null, 1]);
    expect(matchWritten(toWrite, existing, new Set([3]))).toEqual([0, null, 1]);
  });
  it("the batch id follows the content", () => {
    expect(batchIdOf("orders", [order(1)])).toBe(batchIdOf("orders", [order(1)]));
    expect(batchIdOf("orders", [order(1)])).not.toBe(batchIdOf("orders", [order(2)]));
  });
});

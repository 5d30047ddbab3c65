import { MemoryWorkbook, WriteRejected } from "../../src/domain/memoryWorkbook";
import { computeWorkLists } from "../../src/domain/worklists";
import { serialFromYmd } from "../../src/domain/values";
import { LAYOUT_VERSION, TABLE_KEYS } from "../../src/domain/schema";
import { validateRecord } from "../../src/domain/validation";

const today = serialFromYmd(2024, 11, 20);

async function lists(wb: MemoryWorkbook) {
  const settings = await wb.readSettings();
  return computeWorkLists(
    {
      customers: await wb.readRecords("customers"),
      interactions: await wb.readRecords("interactions"),
      feedback: await wb.readRecords("feedback"),
    },
    settings,
    settings.asOf,
  );
}

describe("MemoryWorkbook sample data", () => {
  it("holds a dozen customers from the templates' example, with follow-ups, feedback and orders", async () => {
    const wb = new MemoryWorkbook({ today });
    const customers = await wb.readRecords("customers");
    expect(customers).toHaveLength(12);
    expect(customers[0]).toMatchObject({
      customerId: "C202405001",
      industry: "制造业",
      needs: "智能仓储系统升级",
    });
    expect((await wb.readRecords("interactions")).length).toBeGreaterThanOrEqual(12);
    expect((await wb.readRecords("feedback")).length).toBeGreaterThanOrEqual(8);
    expect((await wb.readRecords("orders")).length).toBeGreaterThan(0);
  });

  it("every sample row passes the same validation as a form", async () => {
    const wb = new MemoryWorkbook({ today });
    const ctx = {
      lists: await wb.readLists(),
      today,
      customerIds: new Set((await wb.readRecords("customers")).map((c) => String(c.customerId))),
    };
    for (const table of TABLE_KEYS) {
      for (const row of await wb.readRecords(table)) {
        expect(validateRecord(table, row, ctx).issues).toEqual([]);
      }
    }
  });

  it("has something in every work list", async () => {
    const l = await lists(new MemoryWorkbook({ today }));
    expect(l.dueSoon.length).toBeGreaterThan(0);
    expect(l.overdue.length).toBeGreaterThan(0);
    expect(l.churn.length).toBeGreaterThan(0);
    expect(l.feedbackLate.length).toBeGreaterThan(0);
  });

  it("reports every table present at the current layout version, as-of today", async () => {
    const status = await new MemoryWorkbook({ today }).status();
    expect(status.mode).toBe("preview");
    expect(TABLE_KEYS.every((k) => status.tables[k].present)).toBe(true);
    expect(status.layoutVersion).toBe(LAYOUT_VERSION);
    expect(status.asOf).toBe(today);
  });
});

describe("MemoryWorkbook writes", () => {
  const draft = {
    name: "新客户有限公司",
    contact: "李雷",
    needs: "ERP升级",
    createdDate: "2024-11-20",
    annualAmount: "120万",
  };

  it("allocates C+YYYYMM+NNN at write time and normalises the values", async () => {
    const wb = new MemoryWorkbook({ today, empty: true });
    const first = await wb.appendRecords("customers", [draft, { ...draft, name: "第二家公司" }]);
    expect(first).toEqual({ ids: ["C202411001", "C202411002"], firstRow: 0 });
    const again = await wb.appendRecords("customers", [{ ...draft, name: "第三家公司" }]);
    expect(again).toEqual({ ids: ["C202411003"], firstRow: 2 });
    const rows = await wb.readRecords("customers");
    expect(rows[0]).toMatchObject({ annualAmount: 1_200_000, createdDate: today, valueClass: "A" });
  });

  it("writes nothing when one draft of a batch is invalid", async () => {
    const wb = new MemoryWorkbook({ today, empty: true });
    await expect(
      wb.appendRecords("customers", [draft, { ...draft, name: "", email: "bad" }]),
    ).rejects.toBeInstanceOf(WriteRejected);
    expect(await wb.readRecords("customers")).toEqual([]);
  });

  it("explains a rejection in either language", async () => {
    const wb = new MemoryWorkbook({ today, empty: true });
    const error = await wb.appendRecords("customers", [{ ...draft, name: "" }]).catch((e) => e);
    expect(error).toBeInstanceOf(WriteRejected);
    expect((error as WriteRejected).text("zh")).toBe("客户名称：必填");
    expect((error as WriteRejected).text("en")).toBe("Customer name: Required");
  });

  it("rejects a follow-up for a customer that does not exist", async () => {
    const wb = new MemoryWorkbook({ today });
    await expect(
      wb.appendRecords("interactions", [{ customerId: "C209901001", date: today, topic: "x" }]),
    ).rejects.toThrow(/C209901001/);
  });

  it("recomputes 最近互动, 下次跟进 and 流失预警 after a follow-up, so the work lists change", async () => {
    const wb = new MemoryWorkbook({ today });
    const before = await lists(wb);
    const churned = before.churn[0];
    expect(churned).toBeDefined();
    const id = churned?.customerId ?? "";
    await wb.appendRecords("interactions", [{ customerId: id, date: today, topic: "回访" }]);
    const row = (await wb.readRecords("customers")).find((c) => c.customerId === id);
    expect(row).toMatchObject({ lastContact: today, churnFlag: false });
    const after = await lists(wb);
    expect(after.churn.map((i) => i.customerId)).not.toContain(id);
    expect(after.churn).toHaveLength(before.churn.length - 1);
  });

  it("computes the feedback SLA and the lookups", async () => {
    const wb = new MemoryWorkbook({ today });
    const { ids } = await wb.appendRecords("feedback", [
      {
        customerId: "C202405001",
        date: today - 5,
        type: "投诉类",
        description: "延迟",
        plannedDate: today - 1,
      },
    ]);
    const row = (await wb.readRecords("feedback")).find((f) => f.feedbackId === ids[0]);
    expect(ids[0]).toMatch(/^F202411\d{3}$/);
    expect(row).toMatchObject({
      status: "待处理",
      sla: "已逾期",
      customerName: "北京智联科技有限公司",
    });
  });

  it("updates only the patched input columns, validated with the stored row", async () => {
    const wb = new MemoryWorkbook({ today });
    const fb = (await wb.readRecords("feedback")).find((f) => f.status === "处理中");
    const id = String(fb?.feedbackId);
    await expect(
      wb.updateRecord("feedback", id, { status: "已完成", actualDate: Number(fb?.date) - 1 }),
    ).rejects.toThrow(/不能早于反馈日期/);
    await wb.updateRecord("feedback", id, {
      status: "已完成",
      actualDate: today,
      satisfaction: "5",
    });
    const row = (await wb.readRecords("feedback")).find((f) => f.feedbackId === id);
    expect(row).toMatchObject({ status: "已完成", actualDate: today, satisfaction: 5 });
    await expect(wb.updateRecord("feedback", "F209901999", { status: "已完成" })).rejects.toThrow(
      /F209901999/,
    );
  });

  it("remembers the selected row and refuses a row that does not exist", async () => {
    const wb = new MemoryWorkbook({ today });
    await wb.select({ table: "customers", row: 3 });
    expect(wb.lastSelection).toEqual({ table: "customers", row: 3 });
    await expect(wb.select({ table: "customers", row: 99 })).rejects.toBeInstanceOf(WriteRejected);
  });

  it("moves the as-of date", async () => {
    const wb = new MemoryWorkbook({ today });
    await wb.refreshAsOf(today + 30);
    expect((await wb.readSettings()).asOf).toBe(today + 30);
  });
});

/**
 * The customer card's reads and the edit's writes against the Excel object-model fake: a story
 * in a fixed number of requests (never one per record), an edit writing only its changed cells
 * in one request with the row found by ID at write time, a co-author's change detected before
 * anything is written, and the Settings panel's single write.
 */
import { readCustomerStory } from "../../src/excel/story";
import { updateRecord } from "../../src/excel/records";
import { selectList, writeSettings } from "../../src/excel/settings";
import { runRefreshAsOf } from "../../src/excel/setup";
import { NotFoundError } from "../../src/excel/errors";
import { EditConflict } from "../../src/domain/edit";
import { serialFromYmd } from "../../src/domain/values";
import type { CrmRecord } from "../../src/domain/port";
import { FakeExcel, installFakeExcel } from "../fakes/excel";
import { seedCrmTable, seedSettings } from "../fakes/crmSeed";

const may10 = serialFromYmd(2024, 5, 10);

let fake: FakeExcel;
beforeEach(() => {
  fake = installFakeExcel();
});
afterEach(() => fake.uninstall());

const customer = (n: number, extra: CrmRecord = {}): CrmRecord => ({
  customerId: `C202405${String(n).padStart(3, "0")}`,
  name: `客户${n}有限公司`,
  contact: `联系人${n}`,
  needs: "智能仓储",
  phone: "13800138000",
  createdDate: may10,
  annualAmount: 120000,
  ...extra,
});

function seedAll(followUps = 30) {
  seedCrmTable(fake, "customers", [customer(1), customer(2), customer(3)]);
  seedCrmTable(
    fake,
    "interactions",
    Array.from({ length: followUps }, (_, i) => ({
      recordId: `R202405${String(i + 1).padStart(3, "0")}`,
      customerId: i % 3 === 0 ? "C202405002" : "C202405001",
      date: may10 + i,
      topic: `回访${i}`,
    })),
  );
  seedCrmTable(fake, "feedback", [
    {
      feedbackId: "F202405001",
      customerId: "C202405002",
      date: may10,
      type: "投诉类",
      description: "慢",
      status: "待处理",
    },
  ]);
  seedCrmTable(fake, "orders", [
    {
      orderId: "O202405001",
      customerId: "C202405001",
      date: may10,
      product: "ERP",
      quantity: 1,
      unitPrice: 10,
    },
    {
      orderId: "O202405002",
      customerId: "c202405002 ",
      date: may10,
      product: "MES",
      quantity: 2,
      unitPrice: 5,
    },
  ]);
  seedSettings(fake);
}

describe("readCustomerStory", () => {
  it("reads one customer's rows of every table in three requests, with their data rows", async () => {
    seedAll();
    fake.resetCounters();
    const story = await readCustomerStory("C202405002");
    expect(fake.syncCount).toBe(3);
    expect(story.customer).toMatchObject({ row: 1, record: { name: "客户2有限公司" } });
    expect(story.followUps.map((f) => f.row)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect(story.followUps[1]!.record).toMatchObject({ recordId: "R202405004", topic: "回访3" });
    expect(story.feedback.map((f) => f.row)).toEqual([0]);
    // The ID is matched trimmed and case-insensitively, as the writer finds rows.
    expect(story.orders.map((o) => o.record.orderId)).toEqual(["O202405002"]);
  });

  it("a customer with no records: empty lists; an unknown ID: no customer", async () => {
    seedAll();
    const story = await readCustomerStory("C202405003");
    expect(story.customer?.row).toBe(2);
    expect([story.followUps, story.feedback, story.orders]).toEqual([[], [], []]);
    expect((await readCustomerStory("C209901001")).customer).toBeNull();
  });

  it("the request count does not grow with the follow-ups (3,000 rows: still three)", async () => {
    seedAll(3000);
    fake.resetCounters();
    const story = await readCustomerStory("C202405002");
    expect(story.followUps).toHaveLength(1000);
    expect(fake.syncCount).toBe(3);
  });

  it("a workbook without the orders table: one more request, the rest is read", async () => {
    seedCrmTable(fake, "customers", [customer(1)]);
    seedCrmTable(fake, "interactions", [
      { recordId: "R1", customerId: "C202405001", date: may10, topic: "x" },
    ]);
    seedCrmTable(fake, "feedback", []);
    fake.resetCounters();
    const story = await readCustomerStory("C202405001");
    expect(story.followUps).toHaveLength(1);
    expect(story.orders).toEqual([]);
    expect(fake.syncCount).toBe(5);
  });
});

describe("updateRecord for an edit form", () => {
  const opened = (): CrmRecord => ({ ...customer(2) });

  it("writes only the changed cells, in one request, to the row found by ID now", async () => {
    seedAll();
    // A co-author inserted a row above meanwhile: C202405002 is now data row 2, not 1.
    const other = customer(9);
    fake.insertRowsDirect("CRM_Customers", 0, [
      ["C202405009", other.name, "", "", "", "", "", "", other.contact],
    ]);
    const before = fake.table("CRM_Customers").records();
    fake.resetCounters();
    await updateRecord("customers", "C202405002", { phone: "02166668888" }, { expected: opened() });
    // Find, re-read the row, write.
    expect(fake.syncCount).toBe(3);
    const write = fake.requests[2]!;
    expect(write.ops.filter((k) => k.endsWith(".values="))).toHaveLength(1);
    const after = fake.table("CRM_Customers").records();
    expect(after[2]).toEqual({ ...before[2], 联系电话: "02166668888" });
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toEqual(before[1]);
  });

  it("two changed fields are two cells of one request; the calculated cells keep their formulas", async () => {
    seedAll();
    const formulas = fake.sheet("客户档案").formulas();
    fake.resetCounters();
    await updateRecord("customers", "C202405001", { address: "上海", annualAmount: 600000 });
    expect(fake.syncCount).toBe(2);
    expect(fake.requests[1]!.ops.filter((k) => k.endsWith(".values="))).toHaveLength(2);
    const now = fake.sheet("客户档案").formulas();
    const changed = now.flatMap((row, r) =>
      row.map((v, c) => (v !== formulas[r]?.[c] ? `${r}:${c}` : null)).filter(Boolean),
    );
    expect(changed).toHaveLength(2);
  });

  it("a co-author's change since the form opened: EditConflict names it, nothing is written", async () => {
    seedAll();
    // Another user changes the email of C202405002 (data row 1 → sheet row 3).
    fake.sheet("客户档案").set("L3", [["new@other.cn"]]);
    const before = fake.sheet("客户档案").formulas();
    fake.resetCounters();
    const error = await updateRecord(
      "customers",
      "C202405002",
      { phone: "02166668888" },
      { expected: opened() },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EditConflict);
    const conflict = error as EditConflict;
    expect(conflict.fields).toEqual([{ key: "email", opened: null, current: "new@other.cn" }]);
    expect(conflict.text("zh")).toContain("邮箱");
    expect(fake.sheet("客户档案").formulas()).toEqual(before);
    expect(fake.requests.some((r) => r.ops.some((k) => k.endsWith(".values=")))).toBe(false);
  });
});

describe("writeSettings", () => {
  it("writes the named cells in one request after one read of the names", async () => {
    seedSettings(fake);
    fake.resetCounters();
    await writeSettings({ abcA: 600000, cadenceB: 2, asOf: may10, asOfFixed: 1 });
    expect(fake.syncCount).toBe(2);
    expect(fake.requests[1]!.ops.filter((k) => k.endsWith(".values="))).toHaveLength(4);
    expect(fake.nameValue("CRM_ABC_A")).toBe(600000);
    expect(fake.nameValue("CRM_Cadence_B")).toBe(2);
    expect(fake.nameValue("CRM_AsOfFixed")).toBe(1);
  });

  it("a fixed as-of date stops the as-of refresh; following today lets it run again", async () => {
    seedSettings(fake, { asOf: may10 });
    await writeSettings({ asOf: may10, asOfFixed: 1 });
    expect(await runRefreshAsOf(may10 + 30)).toBe(false);
    expect(fake.nameValue("CRM_AsOf")).toBe(may10);
    await writeSettings({ asOfFixed: 0 });
    expect(await runRefreshAsOf(may10 + 30)).toBe(true);
    expect(fake.nameValue("CRM_AsOf")).toBe(may10 + 30);
  });

  it("a missing name is reported and nothing is written", async () => {
    seedSettings(fake);
    fake.resetCounters();
    await expect(
      writeSettings({ abcA: 1, churnMonths: 99 as number, abcB: 0 }),
    ).resolves.toBeUndefined();
    fake.uninstall();
    fake = installFakeExcel();
    const sheet = fake.addSheet("参数设置");
    sheet.set("A1", [["A", 500000]]);
    fake.addName("CRM_ABC_A", "参数设置!$B$1");
    fake.resetCounters();
    await expect(writeSettings({ abcA: 1, asOfFixed: 1 })).rejects.toThrow(NotFoundError);
    expect(fake.nameValue("CRM_ABC_A")).toBe(500000);
    expect(fake.syncCount).toBe(1);
  });
});

describe("selectList", () => {
  it("brings the Settings sheet forward with the list table selected, in one request", async () => {
    seedSettings(fake);
    fake.resetCounters();
    await selectList("customerType");
    expect(fake.syncCount).toBe(1);
    // seedSettings puts the lists side by side from column D; customerType is the second.
    expect(fake.selectionAddress).toMatch(/^参数设置!E1:E\d+$/);
  });
});

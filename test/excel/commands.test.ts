/**
 * Ribbon commands against the fake: registered under the manifest's ids, the outcome reaches
 * the pane through the bridge, and `event.completed()` is called on success and on failure.
 */
import { installFakeExcel, type FakeExcel } from "../fakes/excel";
import { seedCrmTable } from "../fakes/crmSeed";
import { subscribe, type CommandMessage } from "../../src/commands/bridge";
import { registerCommands } from "../../src/commands/commands";
import { serialFromYmd } from "../../src/domain/values";
import { watchSelection } from "../../src/excel/selection";

let fake: FakeExcel;
let messages: CommandMessage[];
let unsubscribe: () => void;

beforeEach(async () => {
  fake = installFakeExcel();
  messages = [];
  unsubscribe = subscribe((m) => messages.push(m));
  await registerCommands();
});
afterEach(() => {
  unsubscribe();
  fake.uninstall();
});

async function invoke(id: string): Promise<jest.Mock> {
  const completed = jest.fn();
  const action = fake.actions.get(id);
  if (!action) throw new Error(`no action ${id}`);
  await action({ completed, source: { id } });
  return completed;
}

it("registers exactly the manifest's action ids", () => {
  expect([...fake.actions.keys()].sort()).toEqual(
    [
      "checkData",
      "logFollowUpForSelection",
      "openCustomerCard",
      "openImport",
      "refreshDashboard",
      "setupWorkbook",
    ].sort(),
  );
});

it("Import file opens the pane on its Import panel, touching nothing in the workbook", async () => {
  fake.resetCounters();
  const completed = await invoke("openImport");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(messages).toEqual([{ kind: "openTab", tab: "import" }]);
  expect(fake.showAsTaskpaneCalls).toBe(1);
  expect(fake.syncCount).toBe(0);
});

it("logs a follow-up for the selected customer row: the pane hears the customer and opens", async () => {
  seedCrmTable(fake, "customers", [
    {
      customerId: "C202405001",
      name: "甲公司",
      contact: "张三",
      needs: "仓储",
      createdDate: serialFromYmd(2024, 5, 10),
    },
    {
      customerId: "C202405002",
      name: "乙公司",
      contact: "李四",
      needs: "仓储",
      createdDate: serialFromYmd(2024, 5, 11),
    },
  ]);
  fake.select("客户档案", "E3");
  const completed = await invoke("logFollowUpForSelection");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(messages).toEqual([
    { kind: "logFollowUp", customerId: "C202405002", customerName: "乙公司" },
  ]);
  expect(fake.showAsTaskpaneCalls).toBe(1);
});

it("says what to do when the selection is not a customer row", async () => {
  seedCrmTable(fake, "customers", []);
  fake.addSheet("其他");
  fake.select("其他", "A1");
  const completed = await invoke("logFollowUpForSelection");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(messages[0]).toMatchObject({
    kind: "outcome",
    ok: false,
    text: expect.stringContaining("客户档案"),
  });
});

describe("the selected row of any CRM table (log follow-up, customer card)", () => {
  const may10 = serialFromYmd(2024, 5, 10);
  beforeEach(() => {
    seedTwoCustomers(may10);
    seedCrmTable(fake, "orders", [
      { orderId: "O202405001", customerId: "C202405001", date: may10, product: "ERP" },
      { orderId: "O202405002", customerId: "", date: may10, product: "无客户" },
    ]);
  });

  it("a follow-up row logs a follow-up for its customer", async () => {
    fake.select("维护记录", "F2");
    await invoke("logFollowUpForSelection");
    expect(messages[0]).toMatchObject({ kind: "logFollowUp", customerId: "C202405002" });
  });

  it("an order row opens its customer's card", async () => {
    fake.select("交易记录", "A2");
    const completed = await invoke("openCustomerCard");
    expect(completed).toHaveBeenCalledTimes(1);
    expect(messages).toEqual([{ kind: "openCard", customerId: "C202405001" }]);
    expect(fake.showAsTaskpaneCalls).toBe(1);
  });

  it.each([
    ["a header cell", "客户档案", "B1", "不在任何 CRM 表格"],
    ["a cell right of the table", "客户档案", "AZ2", "不在任何 CRM 表格"],
    ["a row without a customer ID", "交易记录", "E3", "第 2 条记录没有客户编号"],
  ])("%s is said clearly", async (_n, sheet, cell, text) => {
    fake.select(sheet, cell);
    await invoke("logFollowUpForSelection");
    expect(messages[0]).toMatchObject({
      kind: "outcome",
      ok: false,
      text: expect.stringContaining(text),
    });
  });
});

it.each([
  "setupWorkbook",
  "checkData",
  "refreshDashboard",
  "logFollowUpForSelection",
  "openCustomerCard",
])("%s completes the event even when Excel fails", async (id) => {
  fake.addSheet("S");
  fake.failWhen(() => ({ code: "AccessDenied", message: "denied" }));
  const completed = await invoke(id);
  fake.failWhen(undefined);
  expect(completed).toHaveBeenCalledTimes(1);
  expect(messages[0]).toMatchObject({ kind: "outcome", ok: false });
});

it("sets up the workbook and reports what was created", async () => {
  fake.addSheet("Sheet1");
  const completed = await invoke("setupWorkbook");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(messages[0]).toMatchObject({ kind: "outcome", command: "setupWorkbook", ok: true });
  expect(fake.hasTable("CRM_Customers")).toBe(true);
});

describe("the customer card follows the selection (Workbook.onSelectionChanged)", () => {
  beforeEach(() => {
    const may10 = serialFromYmd(2024, 5, 10);
    seedTwoCustomers(may10);
    fake.addSheet("其他");
  });

  it("reports the customer of each newly selected CRM row once, nothing outside, and stops when removed", async () => {
    const seen: string[] = [];
    const stop = await watchSelection((id) => seen.push(id));
    expect(fake.selectionHandlers.size).toBe(1);
    fake.select("客户档案", "B2");
    await waitUntil(() => seen.length === 1);
    // A follow-up row of another customer, then a cell of the same customer, then outside.
    fake.select("维护记录", "D2");
    await waitUntil(() => seen.length === 2);
    fake.select("客户档案", "E3");
    fake.select("其他", "A1");
    await flush();
    expect(seen).toEqual(["C202405001", "C202405002"]);
    stop();
    await waitUntil(() => fake.selectionHandlers.size === 0);
    fake.select("客户档案", "B2");
    await flush();
    expect(seen).toEqual(["C202405001", "C202405002"]);
  });
});

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
}

async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(done()).toBe(true);
}

/** 甲公司 (C202405001) and 乙公司 (C202405002), and one follow-up of 乙公司. */
function seedTwoCustomers(date: number): void {
  seedCrmTable(fake, "customers", [
    { customerId: "C202405001", name: "甲公司", contact: "张三", needs: "仓储", createdDate: date },
    { customerId: "C202405002", name: "乙公司", contact: "李四", needs: "仓储", createdDate: date },
  ]);
  seedCrmTable(fake, "interactions", [
    { recordId: "R202405001", customerId: "C202405002", date, topic: "回访" },
  ]);
}

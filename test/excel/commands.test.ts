/**
 * Ribbon commands against the fake: registered under the manifest's ids, the outcome reaches
 * the pane through the bridge, and `event.completed()` is called on success and on failure.
 */
import { installFakeExcel, type FakeExcel } from "../fakes/excel";
import { seedCrmTable } from "../fakes/crmSeed";
import { subscribe, type CommandMessage } from "../../src/commands/bridge";
import { registerCommands } from "../../src/commands/commands";
import { serialFromYmd } from "../../src/domain/values";

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

it.each(["setupWorkbook", "checkData", "refreshDashboard", "logFollowUpForSelection"])(
  "%s completes the event even when Excel fails",
  async (id) => {
    fake.addSheet("S");
    fake.failWhen(() => ({ code: "AccessDenied", message: "denied" }));
    const completed = await invoke(id);
    fake.failWhen(undefined);
    expect(completed).toHaveBeenCalledTimes(1);
    expect(messages[0]).toMatchObject({ kind: "outcome", ok: false });
  },
);

it("sets up the workbook and reports what was created", async () => {
  fake.addSheet("Sheet1");
  const completed = await invoke("setupWorkbook");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(messages[0]).toMatchObject({ kind: "outcome", command: "setupWorkbook", ok: true });
  expect(fake.hasTable("CRM_Customers")).toBe(true);
});

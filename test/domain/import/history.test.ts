/**
 * History becomes records: a customer sheet's last-contact, plan and past-deal columns make
 * follow-ups and orders that the writer appends after the customers, pointing at their IDs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { executeImport } from "../../../src/domain/import/execute";
import {
  describeHistoryNote,
  historyColumns,
  parseDeal,
  parsePlan,
  planHistory,
} from "../../../src/domain/import/history";
import { loadImportFile } from "../../../src/domain/import/load";
import { runImport } from "../../../src/domain/import/pipeline";
import { MemoryWorkbook } from "../../../src/domain/memoryWorkbook";
import { defaultListValues } from "../../../src/domain/schema";
import { serialFromYmd } from "../../../src/domain/values";
import { CUSTOMER_LINES, TODAY } from "../../fixtures/import/data";

const DIR = join(__dirname, "../../fixtures/import");
const lists = defaultListValues();

describe("parsing the template's texts", () => {
  it.each([
    ["2027-01-10/签续约/张三", { date: serialFromYmd(2027, 1, 10), goal: "签续约", owner: "张三" }],
    [
      "2024/6/1/现场测试/李明",
      { date: serialFromYmd(2024, 6, 1), goal: "现场测试", owner: "李明" },
    ],
    ["2024年6月1日/现场测试", { date: serialFromYmd(2024, 6, 1), goal: "现场测试", owner: "" }],
    ["尽快回访", { date: undefined, goal: "尽快回访", owner: "" }],
    ["回访/张三", { date: undefined, goal: "回访", owner: "张三" }],
  ])("plan %s", (text, expected) => {
    expect(parsePlan(text)).toEqual(expected);
  });

  it.each([
    [
      "2023年Q1采购ERP系统,金额50万",
      { product: "采购ERP系统", date: serialFromYmd(2023, 1, 1), amount: 500_000 },
    ],
    [
      "智能仓储一期、2023.3-2023.9、85万元",
      { product: "智能仓储一期", date: serialFromYmd(2023, 3, 1), amount: 850_000 },
    ],
    [
      "2022-05-10 MES实施 合同额¥1,200,000",
      { product: "MES实施", date: serialFromYmd(2022, 5, 10), amount: 1_200_000 },
    ],
  ])("deal %s", (text, expected) => {
    expect(parseDeal(text)).toEqual(expected);
  });

  it.each([["合作多年，关系良好"], ["2023年采购ERP系统"], ["ERP系统 50万"], ["2023年 50万"]])(
    "deal %s does not parse (no product, date or amount): it stays in 备注",
    (text) => {
      expect(parseDeal(text)).toBeUndefined();
    },
  );
});

async function customerFile(variant: string) {
  const name = variant === "xlsx" ? "customers.xlsx" : `customers-${variant}`;
  const file = await loadImportFile(name, readFileSync(join(DIR, name)));
  const grid = file.sheets[file.best]?.grid ?? [];
  const result = runImport(grid, { lists, today: TODAY, customers: [], existing: [] });
  if (!result) throw new Error("no header");
  return { grid, ...result };
}

describe("the seed customer sheet's history", () => {
  it.each(["xlsx", "utf8.csv", "gb18030.csv"])(
    "%s: each customer with a last contact gets one follow-up with its plan; a parsed deal an order",
    async (variant) => {
      const { grid, mapping, plan } = await customerFile(variant);
      expect(Object.keys(historyColumns(mapping)).sort()).toEqual(
        ["deals", "lastContent", "lastDate", "lastResult", "plan"].sort(),
      );
      const history = planHistory(plan, grid, mapping, { lists, today: TODAY });
      const lines = plan.inserts.map((i) => i.lines[0]);
      const completed = history.followUps.find((f) => f.line === CUSTOMER_LINES.seedCompleted);
      expect(completed?.insert).toBe(lines.indexOf(CUSTOMER_LINES.seedCompleted));
      expect(completed?.record).toMatchObject({
        customerId: null,
        date: serialFromYmd(2024, 5, 10),
        topic: "最近互动（导入）",
        summary: "推示新仓储系统Demo",
        result: "进展:客户同意下周现场测试",
        nextAction: "现场测试",
        dueDate: serialFromYmd(2024, 6, 1),
        owner: "李明",
      });
      const order = history.orders.find((o) => o.line === CUSTOMER_LINES.seedCompleted);
      expect(order?.record).toMatchObject({
        date: serialFromYmd(2023, 1, 1),
        product: "采购ERP系统",
        quantity: 1,
        unitPrice: 500_000,
      });
      // Every follow-up belongs to an inserted customer, at most one per customer.
      const inserts = history.followUps.map((f) => f.insert);
      expect(new Set(inserts).size).toBe(inserts.length);
    },
  );

  it("the writer appends the follow-ups and orders after the customers, with their new IDs", async () => {
    const { grid, mapping, plan } = await customerFile("xlsx");
    const history = planHistory(plan, grid, mapping, { lists, today: TODAY });
    const workbook = new MemoryWorkbook({ today: TODAY });
    const before = (await workbook.readRecords("interactions")).length;
    const outcome = await executeImport(workbook, plan, {}, history);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.followUps).toBe(history.followUps.length);
    expect(outcome.orders).toBe(history.orders.length);
    const followUps = (await workbook.readRecords("interactions")).slice(before);
    const completedId = outcome.inserted[history.followUps[0]?.insert ?? -1];
    expect(followUps[0]?.customerId).toBe(completedId);
    const customers = await workbook.readRecords("customers");
    const ids = new Set(customers.map((c) => String(c.customerId)));
    expect(followUps.every((f) => ids.has(String(f.customerId)))).toBe(true);
  });

  it("each kind can be turned off", async () => {
    const { grid, mapping, plan } = await customerFile("xlsx");
    const none = planHistory(
      plan,
      grid,
      mapping,
      { lists, today: TODAY },
      { followUps: false, orders: false },
    );
    expect(none.followUps).toHaveLength(0);
    expect(none.orders).toHaveLength(0);
    expect(none.offers).toEqual({ followUps: true, orders: true });
  });

  it("a last contact after today makes no follow-up and says so", async () => {
    const { grid, mapping, plan } = await customerFile("xlsx");
    const early = planHistory(plan, grid, mapping, { lists, today: serialFromYmd(2024, 1, 1) });
    expect(early.followUps).toHaveLength(0);
    expect(early.notes.some((n) => n.kind === "futureDate")).toBe(true);
  });
});

describe("history of customers the import updates", () => {
  const header = [
    "客户名称",
    "对接人",
    "核心需求",
    "联系电话",
    "最近互动时间",
    "最近互动内容",
    "跟进计划",
  ];
  const grid = (date: string, content: string) => [
    header,
    [
      "杭州西湖电子有限公司",
      "李经理",
      "电子元器件",
      "0571-88990011",
      date,
      content,
      "2024-07-01/报价/张三",
    ],
  ];

  /** Imports a customer file with "update" for duplicates, its history included. */
  async function importOnce(workbook: MemoryWorkbook, rows: string[][]) {
    const ctx = async () => ({
      lists,
      today: TODAY,
      customers: await workbook.readRecords("customers"),
      existing: await workbook.readRecords("customers"),
    });
    const context = await ctx();
    const result = runImport(rows, context, { duplicates: "update" });
    if (!result) throw new Error("no header");
    const history = planHistory(result.plan, rows, result.mapping, {
      lists,
      today: TODAY,
      existingFollowUps: await workbook.readRecords("interactions"),
      existingOrders: await workbook.readRecords("orders"),
    });
    const outcome = await executeImport(workbook, result.plan, {}, history);
    return { ...result, history, outcome };
  }

  it("an updated customer gets its file's last contact as a follow-up under its own ID", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY, empty: true });
    const first = await importOnce(workbook, grid("2024-05-10", "季度方案沟通"));
    expect(first.plan.summary.insert).toBe(1);
    const id = first.outcome.inserted[0];

    // A later file about the same customer (same phone): an update, with a newer contact.
    const second = await importOnce(workbook, grid("2024-06-20", "现场测试"));
    expect(second.plan.summary.update).toBe(1);
    expect(second.history.followUps).toEqual([
      expect.objectContaining({ customerId: id, line: 2 }),
    ]);
    expect(second.outcome.followUps).toBe(1);
    const followUps = await workbook.readRecords("interactions");
    expect(
      followUps.map((f) => [f.customerId, f.date, f.summary, f.nextAction, f.dueDate]),
    ).toEqual([
      [id, serialFromYmd(2024, 5, 10), "季度方案沟通", "报价", serialFromYmd(2024, 7, 1)],
      [id, serialFromYmd(2024, 6, 20), "现场测试", "报价", serialFromYmd(2024, 7, 1)],
    ]);
  });

  it("the same file imported again makes no second copy of a follow-up, and says so", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY, empty: true });
    const first = await importOnce(workbook, grid("2024-05-10", "季度方案沟通"));
    const id = first.outcome.inserted[0];
    const again = await importOnce(workbook, grid("2024-05-10", " 季度方案沟通 "));
    expect(again.history.followUps).toHaveLength(0);
    expect(again.history.notes).toEqual([{ line: 2, kind: "existingFollowUp", value: id }]);
    expect(describeHistoryNote(again.history.notes[0]!, "zh")).toBe(
      `第 2 行：客户 ${id} 已有同一天、同样内容的跟进记录，不再重复生成`,
    );
    expect(await workbook.readRecords("interactions")).toHaveLength(1);
  });

  it("a skipped duplicate makes no history (the user chose to leave that customer alone)", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY, empty: true });
    await importOnce(workbook, grid("2024-05-10", "季度方案沟通"));
    const rows = grid("2024-06-20", "现场测试");
    const customers = await workbook.readRecords("customers");
    const result = runImport(rows, { lists, today: TODAY, customers, existing: customers });
    if (!result) throw new Error("no header");
    const history = planHistory(result.plan, rows, result.mapping, { lists, today: TODAY });
    expect(result.plan.summary.skip).toBe(1);
    expect(history.followUps).toHaveLength(0);
  });
});

/**
 * Issue 15's "done when", for fixtures made from all five seed templates: each imports through
 * the pipeline into the in-memory workbook with its history — every customer gets its last
 * follow-up and its next plan, no good value is lost (each cell of a written row is found in
 * the workbook afterwards, as it was or as the value it was read into), and every value that
 * is not written is named in the preview (a row's problems, a duplicate's reason, a history
 * note).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { executeImport } from "../../../src/domain/import/execute";
import { describeHistoryNote, planHistory } from "../../../src/domain/import/history";
import { loadImportFile } from "../../../src/domain/import/load";
import {
  describeDuplicate,
  describeProblems,
  detectMapping,
  analyseImport,
  planImport,
  type DuplicateChoice,
  type GridCell,
} from "../../../src/domain/import/pipeline";
import { MemoryWorkbook } from "../../../src/domain/memoryWorkbook";
import type { CrmRecord } from "../../../src/domain/port";
import { TABLE_KEYS, type TableKey } from "../../../src/domain/schema";
import { serialFromYmd, toNumber, toSerial, trimmedText } from "../../../src/domain/values";
import {
  CUSTOMER_LINES,
  TODAY,
  WORKBOOK_CUSTOMERS,
  WORKBOOK_FOLLOWUPS,
} from "../../fixtures/import/data";
import { PROFILE_LINES } from "../../fixtures/import/seedSheets";

const DIR = join(__dirname, "../../fixtures/import");

/** The workbook the seed files import into: two customers and a follow-up already there. */
async function startingWorkbook(): Promise<MemoryWorkbook> {
  const workbook = new MemoryWorkbook({ today: TODAY, empty: true });
  await workbook.appendRecords("customers", WORKBOOK_CUSTOMERS);
  await workbook.appendRecords("interactions", WORKBOOK_FOLLOWUPS);
  return workbook;
}

async function sheetsOf(name: string) {
  const file = await loadImportFile(name, readFileSync(join(DIR, name)));
  return file.sheets.map((s) => ({ name: s.name, grid: s.grid }));
}

/** What the pane does: read the workbook, analyse, plan, plan the history, write. */
async function importGrid(
  workbook: MemoryWorkbook,
  grid: readonly (readonly GridCell[])[],
  duplicates: DuplicateChoice = "update",
) {
  const mapping = detectMapping(grid);
  if (!mapping) throw new Error("no header row");
  const customers = await workbook.readRecords("customers");
  const existing =
    mapping.table === "customers" ? customers : await workbook.readRecords(mapping.table);
  const lists = await workbook.readLists();
  const analysed = analyseImport(grid, mapping, { lists, today: TODAY, customers, existing });
  const plan = planImport(analysed, { duplicates });
  const history = planHistory(plan, grid, mapping, {
    lists,
    today: TODAY,
    existingFollowUps: await workbook.readRecords("interactions"),
    existingOrders: await workbook.readRecords("orders"),
  });
  const outcome = await executeImport(workbook, plan, {}, history);
  expect(outcome.failure).toBeUndefined();
  return { mapping, analysed, plan, history, outcome };
}

type Imported = Awaited<ReturnType<typeof importGrid>>;

/** Everything the workbook holds, as texts (no spaces) and numbers. */
async function contents(workbook: MemoryWorkbook) {
  const texts: string[] = [];
  const numbers = new Set<number>();
  for (const table of TABLE_KEYS) {
    for (const record of await workbook.readRecords(table)) {
      for (const value of Object.values(record)) {
        if (typeof value === "number") numbers.add(Math.round(value * 1e6) / 1e6);
        else if (typeof value === "string") texts.push(squash(value));
      }
    }
  }
  return { text: texts.join("\u0001"), numbers };
}

function squash(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

/**
 * Whether a file cell's value is in the workbook: as text, as a date or a number it was read
 * into, or piece by piece for a combined cell (`200人/1.2亿元`, `制造业-电子设备`,
 * `B类/年合作额￥300,000.00/30%`), each piece by the same test.
 */
function found(cell: GridCell, hay: Awaited<ReturnType<typeof contents>>, depth = 0): boolean {
  if (typeof cell === "number") {
    return hay.numbers.has(Math.round(cell * 1e6) / 1e6) || hay.text.includes(String(cell));
  }
  const text = trimmedText(cell);
  if (!text) return true;
  const squashed = squash(text);
  if (hay.text.includes(squashed)) return true;
  const digits = text.replace(/\D/g, "");
  if (digits.length >= 7 && hay.text.replace(/\D/g, "").includes(digits)) return true;
  const date = toSerial(text, true);
  if (typeof date === "number" && hay.numbers.has(date)) return true;
  const withoutLabel = text.replace(/^[^\d¥￥+\-.]+?[:：]?\s*(?=[\d¥￥+\-.])/u, "");
  for (const candidate of [text, withoutLabel, withoutLabel.replace(/[人分]$/u, "")]) {
    const n = toNumber(candidate);
    if (typeof n === "number" && (hay.numbers.has(n) || hay.numbers.has(n / 100))) return true;
  }
  // A class letter written with its word (B类).
  if (/^[A-C]类$/u.test(text) && hay.text.includes(squash(text.slice(0, 1)))) return true;
  if (depth > 0) return false;
  const pieces = text.split(/[/／、,，;；]|-(?=\D)/u).filter((p) => p.trim());
  return pieces.length > 1 && pieces.every((p) => found(p, hay, depth + 1));
}

/**
 * No good value lost: every non-blank cell of every written row (its mapped columns and its
 * 备注 columns) is in the workbook; every row not written is named in the preview.
 */
async function expectNothingLost(
  workbook: MemoryWorkbook,
  grid: readonly (readonly GridCell[])[],
  imported: Imported,
) {
  const hay = await contents(workbook);
  const lost: string[] = [];
  for (const row of imported.plan.rows) {
    if (row.status === "rejected") {
      expect(describeProblems(imported.plan.table, row, "zh")).not.toBe("");
      continue;
    }
    if (row.status === "skip") {
      expect(describeDuplicate(imported.analysed, row, "zh")).not.toBe("");
      continue;
    }
    const cells = grid[row.line - 1] ?? [];
    imported.mapping.targets.forEach((target, i) => {
      if (target.kind === "ignore") return;
      const cell = cells[i];
      if (cell === undefined || cell === null || cell === "") return;
      if (!found(cell, hay)) lost.push(`line ${row.line}, ${imported.mapping.headers[i]}: ${cell}`);
    });
  }
  expect(lost).toEqual([]);
}

/** Every history note is a sentence of the preview naming its line. */
function expectNotesNamed(imported: Imported) {
  for (const note of imported.history.notes) {
    expect(describeHistoryNote(note, "zh")).toContain(`第 ${note.line} 行`);
    expect(describeHistoryNote(note, "en")).toContain(`Row ${note.line}`);
  }
}

async function recordsOf(workbook: MemoryWorkbook, table: TableKey, customerId: unknown) {
  return (await workbook.readRecords(table)).filter((r) => r.customerId === customerId);
}

function latest(records: readonly CrmRecord[]): CrmRecord | undefined {
  return [...records].sort((a, b) => Number(a.date) - Number(b.date)).at(-1);
}

describe("seed-002: 客户信息收集表 (combined columns, 最近互动 columns)", () => {
  it.each(["customers.xlsx", "customers-utf8.csv", "customers-gb18030.csv"])(
    "%s: every written customer with a last contact gets it as its last follow-up, with its plan",
    async (name) => {
      const workbook = await startingWorkbook();
      const [sheet] = await sheetsOf(name);
      const grid = sheet?.grid ?? [];
      const imported = await importGrid(workbook, grid);
      const ids = imported.outcome.inserted;
      const idOfLine = new Map<number, string>();
      imported.plan.inserts.forEach((insert, i) => idOfLine.set(insert.lines[0] ?? 0, ids[i]!));
      // The completed seed row: its contact and its 2024/6/1 plan for 李明.
      const completed = latest(
        await recordsOf(workbook, "interactions", idOfLine.get(CUSTOMER_LINES.seedCompleted)),
      );
      expect(completed).toMatchObject({
        date: serialFromYmd(2024, 5, 10),
        summary: "推示新仓储系统Demo",
        nextAction: "现场测试",
        dueDate: serialFromYmd(2024, 6, 1),
        owner: "李明",
      });
      // Every written row with a last-contact date has that follow-up, under its customer.
      for (const [line, id] of idOfLine) {
        const date = grid[line - 1]?.[15];
        if (date === undefined || date === null || date === "") continue;
        const last = latest(await recordsOf(workbook, "interactions", id));
        expect(last?.date).toBe(serialFromYmd(2024, 5, 10));
      }
      // The past deal became an order.
      expect(
        await recordsOf(workbook, "orders", idOfLine.get(CUSTOMER_LINES.seedCompleted)),
      ).toEqual([expect.objectContaining({ product: "采购ERP系统", unitPrice: 500_000 })]);
      expectNotesNamed(imported);
      await expectNothingLost(workbook, grid, imported);
    },
  );
});

describe("客户档案模板 (customer profiles: private customers, one column per plan item)", () => {
  it.each([
    "customer-profiles.xlsx",
    "customer-profiles-utf8.csv",
    "customer-profiles-gb18030.csv",
  ])(
    "%s: every customer gets its last contact and next plan; what cannot become a record is named",
    async (name) => {
      const workbook = await startingWorkbook();
      const [sheet] = await sheetsOf(name);
      const grid = sheet?.grid ?? [];
      const imported = await importGrid(workbook, grid);
      expect(imported.mapping).toMatchObject({ table: "customers", headerRow: 2 });
      expect(imported.plan.summary).toMatchObject({ insert: 5, rejected: 0 });
      const idOf = (line: number) =>
        imported.outcome.inserted[imported.plan.inserts.findIndex((i) => i.lines[0] === line)];
      const customers = await workbook.readRecords("customers");
      // The person is the customer's own contact (对接人 is required; the sheet has none).
      expect(customers.find((c) => c.customerId === idOf(PROFILE_LINES.wang))).toMatchObject({
        name: "王丽华",
        contact: "王丽华",
        phone: "13812345678",
      });
      const last = async (line: number) =>
        latest(await recordsOf(workbook, "interactions", idOf(line)));
      expect(await last(PROFILE_LINES.wang)).toMatchObject({
        date: serialFromYmd(2024, 6, 18),
        method: "电话沟通",
        summary: "确认安装时间，客户希望周末上门",
        nextAction: "上门；安装并培训使用；完成安装",
        dueDate: serialFromYmd(2024, 7, 6),
      });
      // 微信 is not a 维护方式 of the list: kept in the summary, not dropped or guessed.
      expect(await last(PROFILE_LINES.chen)).toMatchObject({
        date: serialFromYmd(2024, 5, 28),
        method: null,
        summary: "发送升级套餐报价（微信）",
        dueDate: serialFromYmd(2024, 7, 15),
      });
      // A plan date written in words stays in the plan's text.
      expect(await last(PROFILE_LINES.liu)).toMatchObject({
        summary: "到店看样机，关注售后响应（面谈）",
        nextAction: "电话；确认型号；下单；下周",
        dueDate: null,
      });
      expect(await last(PROFILE_LINES.sun)).toMatchObject({ method: "邮件往来" });
      // 赵强 has a contact text but no date: named, kept in 备注.
      expect(imported.history.notes).toEqual(
        expect.arrayContaining([
          { line: PROFILE_LINES.zhao, kind: "noDate", value: "" },
          { line: PROFILE_LINES.liu, kind: "dealText", value: "老客户，多次购买" },
        ]),
      );
      expect(await recordsOf(workbook, "orders", idOf(PROFILE_LINES.wang))).toEqual([
        expect.objectContaining({ date: serialFromYmd(2023, 11, 5), unitPrice: 1280 }),
      ]);
      expect(await recordsOf(workbook, "orders", idOf(PROFILE_LINES.chen))).toEqual([
        expect.objectContaining({ date: serialFromYmd(2024, 3, 1), unitPrice: 12_800 }),
      ]);
      expectNotesNamed(imported);
      await expectNothingLost(workbook, grid, imported);
    },
  );
});

describe("the same customer files imported twice (update)", () => {
  it.each(["customers.xlsx", "customer-profiles.xlsx"])(
    "%s: the second import updates the customers and doubles no follow-up or order, saying so",
    async (name) => {
      const workbook = await startingWorkbook();
      const [sheet] = await sheetsOf(name);
      const grid = sheet?.grid ?? [];
      await importGrid(workbook, grid);
      const followUps = (await workbook.readRecords("interactions")).length;
      const orders = (await workbook.readRecords("orders")).length;
      const again = await importGrid(workbook, grid);
      expect(again.plan.summary.insert).toBe(0);
      expect(again.plan.updates.length).toBeGreaterThan(0);
      expect(again.history.followUps).toHaveLength(0);
      expect(again.history.orders).toHaveLength(0);
      const skipped = again.history.notes.filter((n) => n.kind === "existingFollowUp");
      expect(skipped.length).toBeGreaterThan(0);
      for (const note of skipped)
        expect(describeHistoryNote(note, "zh")).toMatch(/已有同一天、同样内容的跟进记录/);
      expect(await workbook.readRecords("interactions")).toHaveLength(followUps);
      expect(await workbook.readRecords("orders")).toHaveLength(orders);
    },
  );
});

describe("seed-000: 客户关系维护记录表 (the follow-up log)", () => {
  it.each(["followups.xlsx", "followups-utf8.csv", "followups-gb18030.csv"])(
    "%s: each customer's last written follow-up carries the file's plan; nothing good is lost",
    async (name) => {
      const workbook = await startingWorkbook();
      const [sheet] = await sheetsOf(name);
      const grid = sheet?.grid ?? [];
      const imported = await importGrid(workbook, grid, "skip");
      expect(imported.mapping.table).toBe("interactions");
      const xihu = latest(await recordsOf(workbook, "interactions", "C202401001"));
      // Its newest row is dated by a serial typed as a number (45433: 2024-05-21).
      expect(xihu).toMatchObject({
        date: 45433,
        topic: "新品推介",
        owner: "张三",
        result: "已发送资料",
      });
      const nanfang = await workbook.readRecords("customers");
      expect(nanfang.some((c) => c.name === "广州南方物流有限公司")).toBe(true);
      const firstXihu = (await recordsOf(workbook, "interactions", "C202401001")).find(
        (f) => f.date === serialFromYmd(2024, 5, 10),
      );
      expect(firstXihu).toMatchObject({
        nextAction: "6月15日前提供定制化方案",
        dueDate: serialFromYmd(2024, 6, 15),
      });
      await expectNothingLost(workbook, grid, imported);
    },
  );
});

describe("seed-004: 客户反馈信息记录表 (the feedback form)", () => {
  it.each(["feedback.xlsx", "feedback-utf8.csv", "feedback-gb18030.csv"])(
    "%s: every written row's values are in the workbook; the others are named",
    async (name) => {
      const workbook = await startingWorkbook();
      const [sheet] = await sheetsOf(name);
      const grid = sheet?.grid ?? [];
      const imported = await importGrid(workbook, grid);
      expect(imported.mapping.table).toBe("feedback");
      expect(imported.outcome.inserted.length).toBeGreaterThan(0);
      await expectNothingLost(workbook, grid, imported);
    },
  );
});

describe("客户关系管理文档 (crm-records guide: one workbook, a sheet per record kind)", () => {
  it("customers, then their contacts and deals: each customer ends with its last contact and next plan", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY, empty: true });
    const sheets = await sheetsOf("crm-records.xlsx");
    expect(sheets.map((s) => s.name)).toEqual(["客户信息", "沟通记录", "交易记录"]);
    const results: Imported[] = [];
    for (const sheet of sheets) {
      const imported = await importGrid(workbook, sheet.grid);
      expect(imported.plan.summary.rejected).toBe(0);
      results.push(imported);
    }
    expect(results.map((r) => r.mapping.table)).toEqual(["customers", "interactions", "orders"]);
    const customers = await workbook.readRecords("customers");
    expect(customers).toHaveLength(3);
    const byName = new Map(customers.map((c) => [c.name, c.customerId]));
    const last = async (name: string) =>
      latest(await recordsOf(workbook, "interactions", byName.get(name)));
    expect(await last("苏州恒达精密机械有限公司")).toMatchObject({
      date: serialFromYmd(2024, 6, 12),
      method: "上门拜访",
      topic: "批量采购",
      summary: "样品测试结果良好",
      result: "同意下月签约",
      nextAction: "准备合同",
      owner: "李雷",
      dueDate: serialFromYmd(2024, 7, 10),
    });
    expect(await last("武汉光谷数据服务有限公司")).toMatchObject({
      nextAction: "两周后回访",
      dueDate: serialFromYmd(2024, 6, 17),
    });
    expect(await last("青岛海润食品有限公司")).toMatchObject({
      nextAction: "电话确认方案",
      dueDate: serialFromYmd(2024, 7, 1),
    });
    // 交易金额 with no unit price: the line's price, quantity 1, so 金额 and totals see it.
    expect(await recordsOf(workbook, "orders", byName.get("苏州恒达精密机械有限公司"))).toEqual([
      expect.objectContaining({
        product: "主轴配件",
        quantity: 1,
        unitPrice: 86_000,
        amount: 86_000,
      }),
    ]);
    for (const [i, sheet] of sheets.entries()) {
      await expectNothingLost(workbook, sheet.grid, results[i]!);
    }
  });
});

/**
 * Problems that block vs problems that warn (issue 15, part 2). Required fields, must-exist
 * references and impossible values block a row; a malformed email or phone, a doubtful phone,
 * an unusual date and an off-list value warn: the row is written with the value as given, and
 * the data check marks it afterwards. The rejected-rows file carries only blocking reasons.
 */
import fc from "fast-check";
import { parseCsv } from "../../../src/domain/import/csv";
import { executeImport } from "../../../src/domain/import/execute";
import { planHistory } from "../../../src/domain/import/history";
import {
  analyseImport,
  describeProblems,
  describeWarnings,
  detectMapping,
  offListKey,
  planImport,
  runImport,
  type GridCell,
  type ImportContext,
  type OffListChoice,
} from "../../../src/domain/import/pipeline";
import { rejectedCsv } from "../../../src/domain/import/rejected";
import { MemoryWorkbook } from "../../../src/domain/memoryWorkbook";
import type { CrmRecord } from "../../../src/domain/port";
import { defaultListValues } from "../../../src/domain/schema";
import { serialFromYmd } from "../../../src/domain/values";

const TODAY = serialFromYmd(2024, 6, 30);

const HEADER = [
  "客户编号",
  "客户名称",
  "对接人",
  "联系电话",
  "邮箱",
  "核心需求",
  "客户类型",
  "年合作额",
  "复购率",
  "建档日期",
];

/** A valid row; `change` replaces cells by header. */
function row(change: Record<string, GridCell> = {}, name = "甲科技有限公司"): GridCell[] {
  const base: Record<string, GridCell> = {
    客户编号: "",
    客户名称: name,
    对接人: "张三",
    联系电话: "13812345678",
    邮箱: "zhang@example.com",
    核心需求: "ERP",
    客户类型: "新客户",
    年合作额: "50万",
    复购率: "80%",
    建档日期: "2024-03-05",
  };
  return HEADER.map((h) => (h in change ? (change[h] ?? null) : (base[h] ?? null)));
}

function ctx(customers: CrmRecord[] = []): ImportContext {
  return { lists: defaultListValues(), today: TODAY, customers, existing: customers };
}

function analyseCustomers(rows: GridCell[][]) {
  const grid = [HEADER, ...rows];
  const mapping = detectMapping(grid);
  if (!mapping) throw new Error("no mapping");
  return analyseImport(grid, mapping, ctx());
}

describe("which problems block and which warn", () => {
  it.each([
    // [what, cell changes, blocking keys, warning keys]
    ["a valid row", {}, [], []],
    ["a blank required name", { 客户名称: "" }, ["name"], []],
    ["a blank required contact", { 对接人: "  " }, ["contact"], []],
    ["a negative amount", { 年合作额: "-5" }, ["annualAmount"], []],
    ["text in an amount", { 年合作额: "很多" }, ["annualAmount"], []],
    ["a rate over 100 %", { 复购率: "150%" }, ["repurchaseRate"], []],
    // An optional date that cannot be read goes to 备注 (a warning); see the test below.
    ["no such day in an optional date", { 建档日期: "2024-02-30" }, [], ["createdDate"]],
    ["an unreadable optional date", { 建档日期: "去年春天" }, [], ["createdDate"]],
    ["four core needs (the column holds 1–3)", { 核心需求: "A、B、C、D" }, ["needs"], []],
    ["a malformed email", { 邮箱: "zhang@@example" }, [], ["email"]],
    ["a formula-like email", { 邮箱: "=HYPERLINK(1)" }, [], ["email"]],
    ["text in the phone", { 联系电话: "无" }, [], ["phone"]],
    // A phone number that fits no Chinese numbering plan is the data check's to mark (see
    // RowReader.read): the import writes it without a word.
    ["a doubtful phone (10 digits)", { 联系电话: "1381234567" }, [], []],
    ["an off-list customer type", { 客户类型: "VIP客户" }, [], ["customerType"]],
    ["a date long past (1924 for 2024)", { 建档日期: "1924-03-05" }, [], ["createdDate"]],
    ["a date far ahead (2204 for 2024)", { 建档日期: "2204-03-05" }, [], ["createdDate"]],
    ["the first usual day (1980-01-01)", { 建档日期: "1980-01-01" }, [], []],
    ["the day before it", { 建档日期: "1979-12-31" }, [], ["createdDate"]],
    ["a blank name and a malformed email", { 客户名称: "", 邮箱: "bad" }, ["name"], ["email"]],
  ] as const)("%s", (_, change, blocking, warning) => {
    const analysed = analyseCustomers([row(change as Record<string, GridCell>)]);
    const [r] = analysed.rows;
    expect(r?.issues.map((i) => i.key)).toEqual(blocking);
    expect(r?.warnings.map((i) => i.key)).toEqual(warning);
    const plan = planImport(analysed);
    expect(plan.rejected).toHaveLength(blocking.length > 0 ? 1 : 0);
    expect(plan.inserts).toHaveLength(blocking.length > 0 ? 0 : 1);
  });

  it("keeps a warned value as given, trimmed, and formula-like text as text", () => {
    const analysed = analyseCustomers([
      row({ 邮箱: "  =HYPERLINK(1) ", 联系电话: "+无", 客户类型: " VIP客户 " }),
    ]);
    const plan = planImport(analysed);
    expect(plan.inserts[0]?.record).toMatchObject({
      email: "=HYPERLINK(1)",
      phone: "+无",
      customerType: "VIP客户",
    });
    expect(plan.summary).toMatchObject({ insert: 1, rejected: 0, warnings: 1 });
    expect(describeWarnings("customers", analysed.rows[0]!, "zh")).toBe(
      "客户类型：“VIP客户”不在可选项中；联系电话：电话号码格式不正确；邮箱：邮箱格式不正确",
    );
    expect(describeWarnings("customers", analysed.rows[0]!, "en")).toBe(
      "Customer type: “VIP客户” is not one of the choices; Phone: Not a valid phone number; Email: Not a valid email address",
    );
  });

  it("moves an unreadable optional date to 备注 and says so; the date stays blank", () => {
    const grid = [
      [...HEADER, "备注"],
      [...row({ 建档日期: "去年春天" }), "老朋友"],
    ];
    const mapping = detectMapping(grid);
    if (!mapping) throw new Error("no mapping");
    const analysed = analyseImport(grid, mapping, ctx());
    const [r] = analysed.rows;
    expect(r?.record.notes).toBe("老朋友\n建档日期: 去年春天");
    expect(r?.record.createdDate ?? null).toBeNull();
    expect(describeWarnings("customers", r!, "zh")).toBe(
      "建档日期：无法识别的日期“去年春天”已移到备注，日期留空",
    );
    expect(describeWarnings("customers", r!, "en")).toBe(
      "Created on: Unreadable date “去年春天” moved to Notes; the date is left blank",
    );
    expect(planImport(analysed).inserts[0]?.record.notes).toBe("老朋友\n建档日期: 去年春天");
  });

  it("a follow-up dated after today, unreadable, or of a customer that exists nowhere, is blocked", () => {
    const grid: GridCell[][] = [
      ["客户编号", "维护日期", "维护方式", "维护主题"],
      ["C202401001", "2024-07-01", "电话沟通", "回访"],
      ["C209901001", "2024-06-01", "电话沟通", "回访"],
      ["C202401001", "2024-06-01", "微信", "回访"],
      // 维护日期 is required: the work lists and 流失预警 count from it.
      ["C202401001", "上周", "电话沟通", "回访"],
    ];
    const mapping = detectMapping(grid);
    if (!mapping) throw new Error("no mapping");
    const customers: CrmRecord[] = [{ customerId: "C202401001", name: "甲", contact: "张三" }];
    const analysed = analyseImport(grid, mapping, ctx(customers));
    expect(analysed.rows.map((r) => r.issues.map((i) => i.key))).toEqual([
      ["date"],
      ["customerId"],
      [],
      ["date"],
    ]);
    expect(analysed.rows[2]?.warnings.map((i) => i.key)).toEqual(["method"]);
  });
});

describe("a typo in a secondary field no longer costs the customer and its history", () => {
  const grid: GridCell[][] = [
    ["客户编号", "客户名称", "对接人", "邮箱", "核心需求", "最近互动时间", "最近互动内容"],
    ["C202405001", "甲科技有限公司", "张三", "zhang#example.com", "ERP", "2024-06-01", "演示"],
    ["C202405002", "乙贸易有限公司", "李四", "li@example.com", "CRM", "2024-06-02", "报价"],
  ];

  it("imports the customer with the bad email, its follow-up, and a follow-up file after it", async () => {
    const workbook = new MemoryWorkbook({ empty: true, today: TODAY });
    const result = runImport(grid, ctx());
    if (!result) throw new Error("no mapping");
    const { mapping, plan } = result;
    expect(plan.rejected).toHaveLength(0);
    expect(plan.rows[0]?.warnings.map((w) => w.key)).toEqual(["email"]);
    const history = planHistory(plan, grid, mapping, { lists: defaultListValues(), today: TODAY });
    expect(history.followUps).toHaveLength(2);
    const outcome = await executeImport(workbook, plan, {}, history);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.inserted).toEqual(["C202405001", "C202405002"]);
    expect(outcome.followUps).toBe(2);
    const customers = await workbook.readRecords("customers");
    expect(customers[0]).toMatchObject({ customerId: "C202405001", email: "zhang#example.com" });

    // Then the log of that customer's follow-ups: no "客户编号不存在".
    const log: GridCell[][] = [
      ["客户编号", "维护日期", "维护方式", "维护主题"],
      ["C202405001", "2024-06-10", "电话沟通", "回访"],
      ["C202405001", "2024-06-20", "上门拜访", "签约"],
    ];
    const logResult = runImport(log, ctx(customers));
    expect(logResult?.plan.rejected).toHaveLength(0);
    expect(logResult?.plan.inserts).toHaveLength(2);
  });
});

describe("off-list values: keep, add to the list, map to an item", () => {
  const grid: GridCell[][] = [
    HEADER,
    // Each its own phone and email, or they would be duplicates of one another.
    row({ 客户类型: "VIP客户", 联系电话: "13800000001", 邮箱: "a@x.cn" }, "甲公司"),
    row({ 客户类型: "VIP客户", 联系电话: "13800000002", 邮箱: "b@x.cn" }, "乙公司"),
    row({ 客户类型: "渠道", 联系电话: "13800000003", 邮箱: "c@x.cn" }, "丙公司"),
    row({ 客户类型: "老客", 联系电话: "13800000004", 邮箱: "d@x.cn" }, "丁公司"),
    // A row that is rejected anyway: its off-list value is not offered.
    row({ 客户类型: "黑名单", 客户名称: "" }),
  ];

  function analysed() {
    const mapping = detectMapping(grid);
    if (!mapping) throw new Error("no mapping");
    return analyseImport(grid, mapping, ctx());
  }

  it("offers each distinct value of rows to write once, with its count and first row", () => {
    expect(analysed().offList).toEqual([
      { column: "customerType", list: "customerType", value: "VIP客户", rows: 2, firstLine: 2 },
      { column: "customerType", list: "customerType", value: "渠道", rows: 1, firstLine: 4 },
      { column: "customerType", list: "customerType", value: "老客", rows: 1, firstLine: 5 },
    ]);
  });

  it("writes what the user chose: added to the list, mapped to an item, kept as text", async () => {
    const a = analysed();
    const offList = new Map<string, OffListChoice>([
      [offListKey("customerType", "VIP客户"), { kind: "add" }],
      [offListKey("customerType", "老客"), { kind: "map", to: "老客户" }],
      // 渠道: no choice, kept as text (the default).
    ]);
    const plan = planImport(a, { duplicates: "skip", offList });
    expect(plan.listAdditions).toEqual([{ list: "customerType", items: ["VIP客户"] }]);
    const workbook = new MemoryWorkbook({ empty: true, today: TODAY });
    const outcome = await executeImport(workbook, plan);
    expect(outcome.failure).toBeUndefined();
    expect((await workbook.readLists()).customerType).toContain("VIP客户");
    const types = (await workbook.readRecords("customers")).map((c) => c.customerType);
    expect(types).toEqual(["VIP客户", "VIP客户", "渠道", "老客户"]);
  });
});

describe("no row is lost", () => {
  const cell = (values: readonly GridCell[]) => fc.constantFrom(...values);
  const fileRow = fc.record({
    name: cell(["甲公司", "乙公司", "", "  ", "=1+1", "丙公司"]),
    contact: cell(["张三", "", "@李四"]),
    phone: cell(["13812345678", "1381234567", "无", "", "+86 10 6234 5678", "-1"]),
    email: cell(["a@b.cn", "a@@b", "", "=x"]),
    needs: cell(["ERP", "", "A、B、C、D"]),
    type: cell(["新客户", "VIP客户", "", "老客"]),
    amount: cell(["50万", "-5", "abc", "", 12]),
    rate: cell(["80%", "150%", ""]),
    created: cell(["2024-03-05", "1924-03-05", "2024-02-30", "", 45000]),
    id: cell(["", "C202401001", "C2024", "C202405009"]),
  });

  it("every row is written or in the rejected file with a blocking reason", () => {
    fc.assert(
      fc.property(fc.array(fileRow, { minLength: 1, maxLength: 12 }), (rows) => {
        const grid: GridCell[][] = [
          HEADER,
          ...rows.map((r) => [
            r.id,
            r.name,
            r.contact,
            r.phone,
            r.email,
            r.needs,
            r.type,
            r.amount,
            r.rate,
            r.created,
          ]),
        ];
        const mapping = detectMapping(grid);
        if (!mapping) throw new Error("no mapping");
        const existing: CrmRecord[] = [{ customerId: "C202401001", name: "旧公司", contact: "王" }];
        const a = analyseImport(grid, mapping, ctx(existing));
        // Keep both: a duplicate is written too, so every row is written or rejected.
        const plan = planImport(a, { duplicates: "keepBoth" });
        const written = new Set(plan.inserts.flatMap((i) => i.lines));
        for (const u of plan.updates) for (const l of u.lines) written.add(l);
        const csv = parseCsv(rejectedCsv(mapping, plan.rejected, "zh").replace(/^\uFEFF/, ""));
        const reasons = csv.grid.slice(1).map((r) => r[HEADER.length]);
        // Rows that are blank (every cell blank) are no rows; all others are accounted for.
        const lines = a.rows.map((r) => r.line);
        expect(lines.length).toBe(
          grid.slice(1).filter((r) => r.some((c) => String(c ?? "").trim() !== "")).length,
        );
        for (const r of plan.rows) {
          if (r.status === "rejected") {
            expect(written.has(r.line)).toBe(false);
            expect(r.issues.length).toBeGreaterThan(0);
          } else expect(written.has(r.line)).toBe(true);
        }
        expect(reasons).toHaveLength(plan.rejected.length);
        plan.rejected.forEach((r, i) => {
          const reason = describeProblems("customers", r, "zh");
          expect(reasons[i]).toBe(reason);
          expect(reason).not.toBe("");
          // Only blocking reasons: no warning of the row is in its reason text.
          for (const w of r.warnings)
            expect(reason).not.toContain(
              describeWarnings("customers", { ...r, warnings: [w] }, "zh"),
            );
        });
      }),
      { numRuns: 150 },
    );
  });
});

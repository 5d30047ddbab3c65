import fc from "fast-check";
import {
  PLAN_DONE,
  WORK_LIST_KEYS,
  WORK_PAGE_SIZE,
  checkPlanEdit,
  closedByFollowUp,
  computeWorkLists,
  customerSchedule,
  filterWorkLists,
  isPastDue,
  lastContacts,
  matchesFilter,
  openPlansOf,
  ownersOf,
  searchTerms,
  shownCount,
  type WorkItem,
  type WorkLists,
} from "../../src/domain/worklists";
import { defaultSettings } from "../../src/domain/schema";
import { addMonths, serialFromYmd } from "../../src/domain/values";
import type { CrmRecord } from "../../src/domain/port";

const asOf = serialFromYmd(2024, 11, 20);
const settings = defaultSettings(asOf);

const customer = (id: string, extra: CrmRecord = {}): CrmRecord => ({
  customerId: id,
  name: `客户${id}`,
  createdDate: serialFromYmd(2024, 1, 10),
  ...extra,
});
const followUp = (customerId: string, date: number, extra: CrmRecord = {}): CrmRecord => ({
  recordId: `R${customerId}`,
  customerId,
  date,
  topic: "回访",
  ...extra,
});

describe("customerSchedule (the calculated columns' rules)", () => {
  it.each([
    ["A class: monthly", 1_200_000, 0.85, "A", 1],
    ["B class: quarterly", 300_000, null, "B", 3],
    ["C class: quarterly", 50_000, null, "C", 3],
    ["no amount: blank class, quarterly", null, null, "", 3],
  ])("%s", (_name, amount, rate, cls, months) => {
    const last = serialFromYmd(2024, 10, 31);
    const s = customerSchedule(
      customer("C1", { annualAmount: amount, repurchaseRate: rate }),
      last,
      settings,
      asOf,
    );
    expect(s.valueClass).toBe(cls);
    expect(s.nextFollowUp).toBe(addMonths(last, months));
    expect(s.churnFlag).toBe(false);
  });

  it("a customer never contacted is due from its 建档日期 and churns 3 months after it", () => {
    const s = customerSchedule(customer("C1"), null, settings, asOf);
    expect(s.lastTouch).toBe(serialFromYmd(2024, 1, 10));
    expect(s.nextFollowUp).toBe(serialFromYmd(2024, 4, 10));
    expect(s.churnFlag).toBe(true);
  });

  it("follows the Settings cadence and churn months", () => {
    const last = serialFromYmd(2024, 10, 1);
    const s = customerSchedule(
      customer("C1", { annualAmount: 200_000 }),
      last,
      { ...settings, cadenceB: 1, churnMonths: 1 },
      asOf,
    );
    expect(s.nextFollowUp).toBe(serialFromYmd(2024, 11, 1));
    expect(s.churnFlag).toBe(true);
  });

  it("a negative amount (#NUM! in Excel) leaves the class blank instead of throwing", () => {
    const s = customerSchedule(customer("C1", { annualAmount: -5 }), asOf - 1, settings, asOf);
    expect(s.valueClass).toBe("");
  });
});

describe("lastContacts", () => {
  it("takes the latest 维护日期 per customer and ignores rows without a date or ID", () => {
    const map = lastContacts([
      followUp("C1", 100),
      followUp("C1", 300),
      followUp("C1", 200),
      followUp("C2", 50),
      { customerId: "C3", date: null },
      { customerId: "", date: 10 },
      followUp("C2", "2024-05-10" as unknown as number),
    ]);
    expect(map.get("C1")).toBe(300);
    expect(map.get("C2")).toBe(serialFromYmd(2024, 5, 10));
    expect(map.has("C3")).toBe(false);
  });
});

describe("computeWorkLists", () => {
  const customers = [
    customer("C1", { annualAmount: 1_000_000, repurchaseRate: 0.9 }), // A
    customer("C2", { annualAmount: 200_000 }), // B
    customer("C3"), // never contacted
    customer("C4", { annualAmount: 200_000 }),
  ];
  const interactions = [
    followUp("C1", addMonths(asOf, -1) + 3), // A: due in 3 days
    followUp("C2", addMonths(asOf, -3) - 1), // B: overdue by 1 day, churned
    followUp("C4", asOf - 10, { dueDate: asOf + 6, nextAction: "发方案" }), // action due in 6 days
    followUp("C4", asOf - 20, { dueDate: asOf - 2, nextAction: "回电" }), // action overdue
    followUp("C4", asOf - 30, { dueDate: asOf - 5, result: "已完成" }), // finished
    followUp("C4", asOf - 40, { dueDate: asOf + 7 }), // beyond the week
  ];
  const feedback: CrmRecord[] = [
    { feedbackId: "F1", customerId: "C1", status: "处理中", plannedDate: asOf - 1, type: "投诉类" },
    { feedbackId: "F2", customerId: "C2", status: "待处理", plannedDate: asOf, type: "建议类" },
    {
      feedbackId: "F3",
      customerId: "C2",
      status: "已完成",
      plannedDate: asOf - 9,
      actualDate: asOf - 1,
    },
    {
      feedbackId: "F4",
      customerId: "C3",
      status: "待跟进",
      plannedDate: asOf - 30,
      type: "需求类",
    },
    { feedbackId: "F5", customerId: "C3", status: "无法解决", plannedDate: asOf - 30 },
    { feedbackId: "F6", customerId: "C3", status: "待处理", plannedDate: null },
  ];
  const lists = computeWorkLists({ customers, interactions, feedback }, settings, asOf);

  it("lists follow-ups due within 7 days, soonest first", () => {
    expect(lists.dueSoon.map((i) => `${i.kind}:${i.customerId}:${-i.days}`)).toEqual([
      "followUp:C1:3",
      "action:C4:6",
    ]);
  });

  it("lists overdue follow-ups and unfinished actions, most overdue first", () => {
    const ids = lists.overdue.map((i) => `${i.kind}:${i.customerId}`);
    expect(ids[0]).toBe("followUp:C3");
    expect(ids).toEqual(expect.arrayContaining(["followUp:C2", "action:C4"]));
    expect(ids).not.toContain("followUp:C1");
    expect(lists.overdue.find((i) => i.kind === "action")?.text).toBe("回电");
  });

  it("lists churn-flagged customers with the row to select", () => {
    expect(lists.churn.map((i) => i.customerId).sort()).toEqual(["C2", "C3"]);
    const c3 = lists.churn.find((i) => i.customerId === "C3");
    expect(c3?.neverContacted).toBe(true);
    expect(c3?.ref).toEqual({ table: "customers", row: 2, column: "churnFlag" });
  });

  it("lists open feedback past its planned date (FEEDBACKSLA 已逾期) only", () => {
    expect(lists.feedbackLate.map((i) => i.id)).toEqual(["F4", "F1"]);
    expect(lists.feedbackLate[1]?.customerName).toBe("客户C1");
    expect(lists.feedbackLate[1]?.ref).toEqual({ table: "feedback", row: 0, column: "status" });
  });

  it("is empty for an empty workbook", () => {
    const empty = computeWorkLists(
      { customers: [], interactions: [], feedback: [] },
      settings,
      asOf,
    );
    expect([empty.dueSoon, empty.overdue, empty.churn, empty.feedbackLate].flat()).toEqual([]);
  });
});

describe("owners on items", () => {
  const customers = [
    customer("C1", { owner: "张伟", annualAmount: 200_000 }),
    customer("C2", { owner: " 李娜 " }),
  ];
  const interactions = [
    // An action plan with its own 责任人, and one nobody took over (falls to the account owner).
    followUp("C1", asOf - 20, { recordId: "R1", dueDate: asOf - 2, owner: "王芳" }),
    followUp("C1", asOf - 25, { recordId: "R2", dueDate: asOf - 3 }),
  ];
  const feedback: CrmRecord[] = [
    { feedbackId: "F1", customerId: "C2", status: "处理中", plannedDate: asOf - 1 },
    { feedbackId: "F2", customerId: "C1", status: "处理中", plannedDate: asOf - 1, owner: "赵敏" },
  ];
  const lists = computeWorkLists({ customers, interactions, feedback }, settings, asOf);
  const all = WORK_LIST_KEYS.flatMap((k) => lists[k]);
  const ownerOf = (kind: string, id: string) =>
    all.find((i) => i.kind === kind && i.id === id)?.owner;

  it.each([
    ["a customer's follow-up: the customer's 负责人", "followUp", "C2", "李娜"],
    ["a churn item: the customer's 负责人", "churn", "C2", "李娜"],
    ["an action plan with a 责任人: that person", "action", "R1", "王芳"],
    ["an action plan without one: the customer's 负责人", "action", "R2", "张伟"],
    ["feedback without a 责任人: the customer's 负责人", "feedback", "F1", "李娜"],
    ["feedback with a 责任人: that person", "feedback", "F2", "赵敏"],
  ])("%s", (_name, kind, id, owner) => {
    expect(ownerOf(kind, id)).toBe(owner);
  });

  it("lists every owner once with their item count, in pinyin order", () => {
    const owners = ownersOf(lists);
    expect(owners.map((o) => o.owner)).toEqual(["李娜", "王芳", "张伟", "赵敏"]);
    expect(owners.reduce((s, o) => s + o.count, 0)).toBe(all.length);
  });
});

function item(extra: Partial<WorkItem>): WorkItem {
  return {
    kind: "followUp",
    ref: { table: "customers", row: 0 },
    id: "C202411001",
    customerId: "C202411001",
    customerName: "上海云杉科技有限公司",
    date: asOf,
    days: 0,
    owner: "张伟",
    ...extra,
  };
}

describe("searchTerms and matchesFilter", () => {
  it.each<[string, string, string[]]>([
    ["blank", "   ", []],
    ["terms at white space, the ideographic space too", "云杉\u3000张伟 x", ["云杉", "张伟", "x"]],
    ["full-width letters and digits fold to ASCII, lower case", "Ｃ２０２４", ["c2024"]],
  ])("%s", (_name, query, terms) => {
    expect(searchTerms(query)).toEqual(terms);
  });

  it.each<[string, Partial<WorkItem>, string | null, string, boolean]>([
    ["no filter", {}, null, "", true],
    ["owner matches", {}, "张伟", "", true],
    ["owner differs", {}, "李娜", "", false],
    ["an item without owner is nobody's", { owner: "" }, "张伟", "", false],
    ["customer name", {}, null, "云杉", true],
    ["customer ID, any case", {}, null, "c2024110", true],
    ["full-width query", {}, null, "Ｃ２０２４１１", true],
    ["plan text", { kind: "action", id: "R1", text: "发送报价单" }, null, "报价", true],
    ["owner name as text", {}, null, "张", true],
    ["every term must match", {}, null, "云杉 报价", false],
    ["owner and text together", {}, "张伟", "云杉", true],
  ])("%s", (_name, extra, owner, query, expected) => {
    expect(matchesFilter(item(extra), owner, searchTerms(query))).toBe(expected);
  });

  it("filterWorkLists keeps order and returns the lists themselves when nothing filters", () => {
    const lists: WorkLists = {
      asOf,
      overdue: [item({ id: "A", owner: "甲" }), item({ id: "B", owner: "乙" }), item({ id: "C" })],
      dueSoon: [],
      churn: [item({ id: "D", owner: "甲" })],
      feedbackLate: [],
    };
    expect(filterWorkLists(lists, { owner: null, query: " " })).toBe(lists);
    // The owner is compared trimmed.
    expect(filterWorkLists(lists, { owner: " 甲 ", query: "" }).overdue.map((i) => i.id)).toEqual([
      "A",
    ]);
    const mine = filterWorkLists(lists, { owner: "甲", query: "" });
    expect(mine.overdue.map((i) => i.id)).toEqual(["A"]);
    expect(mine.churn.map((i) => i.id)).toEqual(["D"]);
  });

  it("a filtered list is the sub-sequence of items that match (property)", () => {
    const owners = ["张伟", "李娜", ""];
    const arbItem = fc.record({
      id: fc.string({ maxLength: 6 }),
      customerName: fc.string({ maxLength: 8 }),
      owner: fc.constantFrom(...owners),
    });
    fc.assert(
      fc.property(
        fc.array(arbItem, { maxLength: 40 }),
        fc.constantFrom<string | null>(null, ...owners),
        fc.string({ maxLength: 3 }),
        (raw, owner, query) => {
          const items = raw.map((r) => item(r));
          const lists: WorkLists = {
            asOf,
            overdue: items,
            dueSoon: [],
            churn: [],
            feedbackLate: [],
          };
          const out = filterWorkLists(lists, { owner, query }).overdue;
          const terms = searchTerms(query);
          expect(out).toEqual(items.filter((i) => matchesFilter(i, owner, terms)));
          if (owner !== null) expect(out.every((i) => i.owner === owner)).toBe(true);
        },
      ),
    );
  });
});

describe("shownCount (pages of a group)", () => {
  it.each([
    [0, 1, 0],
    [1, 1, 1],
    [WORK_PAGE_SIZE, 1, WORK_PAGE_SIZE],
    [WORK_PAGE_SIZE + 1, 1, WORK_PAGE_SIZE],
    [WORK_PAGE_SIZE + 1, 2, WORK_PAGE_SIZE + 1],
    [10_000, 3, 3 * WORK_PAGE_SIZE],
    [10_000, 0, WORK_PAGE_SIZE],
  ])("%i items, %i pages → %i rows", (total, pages, rows) => {
    expect(shownCount(total, pages)).toBe(rows);
  });
});

describe("openPlansOf", () => {
  const rows: CrmRecord[] = [
    { recordId: "R1", customerId: "C1", dueDate: asOf + 5, nextAction: "发方案" },
    { recordId: "R2", customerId: "C1", dueDate: asOf - 1, topic: "回访" },
    { recordId: "R3", customerId: "C1", dueDate: asOf - 9, result: "已完成" },
    { recordId: "R4", customerId: "C1", dueDate: null, nextAction: "无日期" },
    { recordId: "R5", customerId: "C2", dueDate: asOf },
    { recordId: "", customerId: "C1", dueDate: asOf },
    { recordId: "R6", customerId: " C1 ", dueDate: "2024-12-01" },
  ];
  it("lists the customer's plans with a due date and no result, soonest first", () => {
    expect(openPlansOf(rows, "C1")).toEqual([
      { id: "R2", row: 1, due: asOf - 1, text: "回访" },
      { id: "R1", row: 0, due: asOf + 5, text: "发方案" },
      { id: "R6", row: 6, due: serialFromYmd(2024, 12, 1), text: "" },
    ]);
  });
  it.each(["", "  ", "C9"])("none for customer %j", (id) => {
    expect(openPlansOf(rows, id)).toEqual([]);
  });
});

describe("checkPlanEdit (close or reschedule an action plan)", () => {
  it.each<[string, Parameters<typeof checkPlanEdit>[0], ReturnType<typeof checkPlanEdit>]>([
    [
      "close with the default result",
      { kind: "close", result: PLAN_DONE },
      { ok: true, patch: { result: "已完成" }, pastDue: false },
    ],
    [
      "close: the result is trimmed",
      { kind: "close", result: "  已签约 " },
      { ok: true, patch: { result: "已签约" }, pastDue: false },
    ],
    [
      "close without a result",
      { kind: "close", result: "  " },
      { ok: false, problem: "resultRequired" },
    ],
    [
      "reschedule to today: not past",
      { kind: "reschedule", due: "2024-11-20" },
      { ok: true, patch: { dueDate: asOf }, pastDue: false },
    ],
    [
      "reschedule to yesterday: past, asks first",
      { kind: "reschedule", due: "2024/11/19" },
      { ok: true, patch: { dueDate: asOf - 1 }, pastDue: true },
    ],
    [
      "reschedule to next year",
      { kind: "reschedule", due: "2025年1月5日" },
      { ok: true, patch: { dueDate: serialFromYmd(2025, 1, 5) }, pastDue: false },
    ],
    [
      "reschedule without a date",
      { kind: "reschedule", due: "" },
      { ok: false, problem: "dateRequired" },
    ],
    [
      "no such date",
      { kind: "reschedule", due: "2027-13-45" },
      { ok: false, problem: "dateInvalid" },
    ],
    ["not a date", { kind: "reschedule", due: "下周" }, { ok: false, problem: "dateInvalid" }],
  ])("%s", (_name, edit, expected) => {
    expect(checkPlanEdit(edit, asOf)).toEqual(expected);
  });

  it.each([
    [asOf - 1, true],
    [asOf, false],
    [asOf + 1, false],
  ])("isPastDue(%i) → %s", (due, past) => {
    expect(isPastDue(due, asOf)).toBe(past);
  });

  it("a plan closed by a follow-up says which one, and counts as finished", () => {
    expect(closedByFollowUp("R202411007")).toBe("已完成（见 R202411007）");
    const after = openPlansOf(
      [{ recordId: "R1", customerId: "C1", dueDate: asOf, result: closedByFollowUp("R2") }],
      "C1",
    );
    expect(after).toEqual([]);
  });
});

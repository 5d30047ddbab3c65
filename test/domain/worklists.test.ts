import { computeWorkLists, customerSchedule, lastContacts } from "../../src/domain/worklists";
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

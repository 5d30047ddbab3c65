/**
 * The customer card's content (客户卡片): header from the calculated columns' rules, one
 * timeline newest first, counts and 近12个月交易额 — with the clock injected (asOf).
 */
import fc from "fast-check";
import {
  amountLast12Months,
  buildCustomerCard,
  orderAmount,
  storyFromTables,
} from "../../src/domain/customerStory";
import { defaultSettings } from "../../src/domain/schema";
import { addMonths, serialFromYmd } from "../../src/domain/values";
import type { CrmRecord } from "../../src/domain/port";

const asOf = serialFromYmd(2024, 11, 20);
const settings = defaultSettings(asOf);
const d = (y: number, m: number, day: number) => serialFromYmd(y, m, day);

const customers: CrmRecord[] = [
  {
    customerId: "C202405001",
    name: "北京智联科技有限公司",
    annualAmount: 1_200_000,
    repurchaseRate: 0.85,
    status: "稳定合作客户",
    owner: "李娜",
    contact: "张伟",
    phone: "13800138000",
    email: "zw@zl.cn",
    createdDate: d(2024, 5, 10),
  },
  {
    customerId: "C202405002",
    name: "上海华信贸易有限公司",
    annualAmount: 50_000,
    createdDate: d(2024, 5, 16),
  },
];
const interactions: CrmRecord[] = [
  {
    recordId: "R202410001",
    customerId: "C202405001",
    date: d(2024, 10, 31),
    method: "电话沟通",
    topic: "季度回访",
    summary: "满意",
    nextAction: "寄送方案",
    dueDate: d(2024, 11, 10),
  },
  {
    recordId: "R202411001",
    customerId: " c202405001 ",
    date: d(2024, 11, 5),
    method: "上门拜访",
    topic: "需求调研",
    nextAction: "报价",
    dueDate: d(2024, 11, 30),
  },
  {
    recordId: "R202409001",
    customerId: "C202405001",
    date: d(2024, 9, 1),
    topic: "签约",
    nextAction: "交付",
    dueDate: d(2024, 9, 15),
    result: "已交付",
  },
  { recordId: "R202411002", customerId: "C202405099", date: d(2024, 11, 6), topic: "别的客户" },
];
const feedback: CrmRecord[] = [
  {
    feedbackId: "F202411001",
    customerId: "C202405001",
    date: d(2024, 11, 1),
    type: "投诉类",
    status: "处理中",
    plannedDate: d(2024, 11, 10),
    description: "交付延迟",
  },
  {
    feedbackId: "F202406001",
    customerId: "C202405001",
    date: d(2024, 6, 1),
    type: "建议类",
    status: "已完成",
    plannedDate: d(2024, 6, 10),
    actualDate: d(2024, 6, 20),
  },
];
const orders: CrmRecord[] = [
  {
    orderId: "O202411001",
    customerId: "C202405001",
    date: d(2024, 11, 5),
    product: "ERP",
    quantity: 2,
    unitPrice: 1000,
  },
  {
    orderId: "O202311001",
    customerId: "C202405001",
    date: d(2023, 11, 20),
    product: "旧单",
    quantity: 1,
    unitPrice: 500,
    amount: 500,
  },
  {
    orderId: "O202312001",
    customerId: "C202405001",
    date: d(2023, 12, 1),
    product: "年内",
    amount: 300,
  },
];
const tables = { customers, interactions, feedback, orders };

describe("storyFromTables", () => {
  it("keeps each record's data row and matches IDs trimmed and case-insensitively", () => {
    const s = storyFromTables("C202405001", tables);
    expect(s.customer?.row).toBe(0);
    expect(s.followUps.map((r) => r.row)).toEqual([0, 1, 2]);
    expect(s.feedback.map((r) => r.row)).toEqual([0, 1]);
    expect(s.orders.map((r) => r.row)).toEqual([0, 1, 2]);
  });

  it("a blank ID matches nothing (not the blank rows)", () => {
    const s = storyFromTables(" ", { ...tables, interactions: [{ customerId: "" }] });
    expect(s.customer).toBeNull();
    expect(s.followUps).toEqual([]);
  });
});

describe("buildCustomerCard", () => {
  it("a customer with every kind of record: header, timeline newest first, counts, 12-month sum", () => {
    const card = buildCustomerCard(storyFromTables("C202405001", tables), settings, asOf);
    expect(card).toMatchObject({
      found: true,
      name: "北京智联科技有限公司",
      valueClass: "A",
      status: "稳定合作客户",
      owner: "李娜",
      contact: "张伟",
      phone: "13800138000",
      email: "zw@zl.cn",
      counts: { followUps: 3, feedback: 2, openFeedback: 1, orders: 3 },
      // 2,000 (2024-11-05) + 300 (2023-12-01); 2023-11-20 is exactly 12 months back: out.
      amountLast12Months: 2300,
    });
    // A class: monthly after the last contact 2024-11-05.
    expect(card.schedule?.nextFollowUp).toBe(d(2024, 12, 5));
    expect(card.daysToNextFollowUp).toBe(15);
    expect(card.schedule?.churnFlag).toBe(false);
    expect(card.timeline.map((e) => `${e.kind}:${e.id}`)).toEqual([
      "followUp:R202411001",
      "order:O202411001",
      "feedback:F202411001",
      "followUp:R202410001",
      "followUp:R202409001",
      "feedback:F202406001",
      "order:O202312001",
      "order:O202311001",
    ]);
    const byId = new Map(card.timeline.map((e) => [e.id, e]));
    expect(byId.get("R202410001")).toMatchObject({
      actionState: "overdue",
      method: "电话沟通",
      topic: "季度回访",
    });
    expect(byId.get("R202411001")).toMatchObject({ actionState: "open", row: 1 });
    expect(byId.get("R202409001")).toMatchObject({ actionState: "closed" });
    expect(byId.get("F202411001")).toMatchObject({
      feedbackType: "投诉类",
      feedbackStatus: "处理中",
      sla: "已逾期",
    });
    expect(byId.get("F202406001")).toMatchObject({ sla: "逾期完成" });
    expect(byId.get("O202411001")).toMatchObject({ product: "ERP", amount: 2000 });
  });

  it("a customer with no records: empty timeline, zero counts, due from 建档日期", () => {
    const card = buildCustomerCard(storyFromTables("C202405002", tables), settings, asOf);
    expect(card.timeline).toEqual([]);
    expect(card.counts).toEqual({ followUps: 0, feedback: 0, openFeedback: 0, orders: 0 });
    expect(card.amountLast12Months).toBe(0);
    expect(card.valueClass).toBe("C");
    expect(card.schedule?.nextFollowUp).toBe(addMonths(d(2024, 5, 16), 3));
    expect(card.daysToNextFollowUp).toBeLessThan(0);
    expect(card.schedule?.churnFlag).toBe(true);
  });

  it("an unknown ID: not found, nothing invented", () => {
    const card = buildCustomerCard(storyFromTables("C209901001", tables), settings, asOf);
    expect(card.found).toBe(false);
    expect(card.schedule).toBeNull();
    expect(card.daysToNextFollowUp).toBeNull();
  });
});

describe("amountLast12Months", () => {
  const order = (date: number | string | null, amount: number): CrmRecord => ({ date, amount });
  it.each([
    ["the as-of day itself", asOf, 1],
    ["a day after the as-of date (a fixed date looks at the past)", asOf + 1, 0],
    ["exactly 12 months back", addMonths(asOf, -12), 0],
    ["12 months back plus a day", addMonths(asOf, -12) + 1, 1],
    ["an undated order", null, 0],
    ["a date typed as text", "2024-11-01", 1],
  ])("%s", (_name, date, counted) => {
    expect(amountLast12Months([order(date, 100)], asOf)).toBe(counted * 100);
  });

  it("金额 falls back to 数量 × 单价 when the calculated cell is not a number", () => {
    expect(orderAmount({ amount: "", quantity: "3", unitPrice: 0.1 })).toBeCloseTo(0.3);
    expect(orderAmount({ amount: "#VALUE!" })).toBeNull();
  });

  it("equals the sum of the orders inside the window, in cents (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            offset: fc.integer({ min: -800, max: 50 }),
            cents: fc.integer({ min: 0, max: 10_000_000 }),
          }),
        ),
        (rows) => {
          const list = rows.map((r) => order(asOf + r.offset, r.cents / 100));
          const from = addMonths(asOf, -12);
          const expected = rows
            .filter((r) => asOf + r.offset > from && r.offset <= 0)
            .reduce((s, r) => s + r.cents, 0);
          expect(Math.round(amountLast12Months(list, asOf) * 100)).toBe(expected);
        },
      ),
    );
  });
});

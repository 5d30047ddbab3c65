/**
 * The pane's work lists: follow-ups due within a week or overdue, customers at risk of churn,
 * open feedback past its planned date. Computed from the input columns with the same rules as
 * the custom functions (rules.ts) and the same inputs the calculated columns use (last contact =
 * latest 维护日期, due from 建档日期 when never contacted, cadence by value class from Settings),
 * so the lists agree with the sheet even before Excel has recalculated.
 */
import type { CrmRecord, RowRef } from "./port";
import { FEEDBACK_STATUS, type Settings } from "./schema";
import {
  RuleError,
  abcClass,
  churnFlag,
  feedbackSla,
  isFinished,
  nextFollowUp,
  overdue,
  type AbcClass,
} from "./rules";
import { BLANK, INVALID, toNumber, toRate, toSerial } from "./values";

export type WorkItemKind = "followUp" | "action" | "churn" | "feedback";

export interface WorkItem {
  kind: WorkItemKind;
  /** The row to select when the item is clicked. */
  ref: RowRef;
  /** The record's own ID (customer, follow-up record or feedback). */
  id: string;
  customerId: string;
  customerName: string;
  /** The date the item is about: next follow-up, action due date, last touch, planned date. */
  date: number;
  /** Days past `date` (positive) or until it (negative); for churn, days since the last touch. */
  days: number;
  /** Action plan text (actions) or feedback type (feedback). */
  text?: string;
  /** A churn item whose customer was never contacted (due from 建档日期). */
  neverContacted?: boolean;
}

export interface WorkLists {
  asOf: number;
  dueSoon: WorkItem[];
  overdue: WorkItem[];
  churn: WorkItem[];
  feedbackLate: WorkItem[];
}

export interface WorkbookRecords {
  customers: readonly CrmRecord[];
  interactions: readonly CrmRecord[];
  feedback: readonly CrmRecord[];
}

/** What the customer table's calculated columns hold for one customer. */
export interface CustomerSchedule {
  valueClass: AbcClass | "";
  lastContact: number | null;
  /** lastContact, or 建档日期 for a customer never contacted. */
  lastTouch: number | null;
  nextFollowUp: number | null;
  churnFlag: boolean | null;
}

/** "Due soon" is the as-of date and the six days after it. */
export const DUE_SOON_DAYS = 7;

function serialOf(value: unknown): number | null {
  const s = toSerial(value, true);
  return typeof s === "number" ? s : null;
}

function text(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return String(value);
  return "";
}

/** Latest 维护日期 per customer ID (the 最近互动 column's MAXIFS). */
export function lastContacts(interactions: readonly CrmRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of interactions) {
    const id = text(r.customerId);
    const date = serialOf(r.date);
    if (!id || date === null) continue;
    const prev = out.get(id);
    if (prev === undefined || date > prev) out.set(id, date);
  }
  return out;
}

/**
 * 价值等级, 下次跟进 and 流失预警 of one customer, as the calculated columns compute them. A rule
 * error (a negative amount, say) leaves the affected values null: Excel shows #NUM! there and
 * the data check reports it; the work lists simply skip the customer.
 */
export function customerSchedule(
  customer: CrmRecord,
  lastContact: number | null,
  settings: Settings,
  asOf: number,
): CustomerSchedule {
  let valueClass: AbcClass | "" = "";
  const amount = toNumber(customer.annualAmount);
  const rate = toRate(customer.repurchaseRate);
  try {
    if (amount !== BLANK && amount !== INVALID) {
      valueClass = abcClass(
        amount,
        typeof rate === "number" ? rate : null,
        settings.abcA,
        settings.abcB,
        settings.highRepurchase,
      );
    }
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
  }
  const lastTouch = lastContact ?? serialOf(customer.createdDate);
  let next: number | null = null;
  let churn: boolean | null = null;
  if (lastTouch !== null) {
    const cadence =
      valueClass === "A"
        ? settings.cadenceA
        : valueClass === "B"
          ? settings.cadenceB
          : settings.cadenceC;
    try {
      next = nextFollowUp(lastTouch, valueClass, cadence);
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
    }
    try {
      churn = churnFlag(lastTouch, asOf, settings.churnMonths);
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
    }
  }
  return { valueClass, lastContact, lastTouch, nextFollowUp: next, churnFlag: churn };
}

const byDays = (a: WorkItem, b: WorkItem) => b.days - a.days || a.id.localeCompare(b.id);
const byDate = (a: WorkItem, b: WorkItem) => a.date - b.date || a.id.localeCompare(b.id);

export function computeWorkLists(
  records: WorkbookRecords,
  settings: Settings,
  asOf: number,
): WorkLists {
  const lists: WorkLists = { asOf, dueSoon: [], overdue: [], churn: [], feedbackLate: [] };
  const names = new Map<string, string>();
  records.customers.forEach((c) => names.set(text(c.customerId), text(c.name)));
  // A follow-up's or feedback's customer: named from the customer table, else by the row's own
  // lookup column (a customer ID that is no longer in the table).
  const customerOf = (r: CrmRecord) => {
    const customerId = text(r.customerId);
    return { customerId, customerName: names.get(customerId) ?? text(r.customerName) };
  };
  const contacts = lastContacts(records.interactions);
  const soonEnd = asOf + DUE_SOON_DAYS - 1;

  records.customers.forEach((c, row) => {
    const id = text(c.customerId);
    if (!id) return;
    const last = contacts.get(id) ?? null;
    const s = customerSchedule(c, last, settings, asOf);
    const base = { id, customerId: id, customerName: text(c.name) };
    if (s.nextFollowUp !== null) {
      const item: WorkItem = {
        ...base,
        ref: { table: "customers", row, column: "nextFollowUp" },
        kind: "followUp",
        date: s.nextFollowUp,
        days: asOf - s.nextFollowUp,
      };
      if (s.nextFollowUp < asOf) lists.overdue.push(item);
      else if (s.nextFollowUp <= soonEnd) lists.dueSoon.push(item);
    }
    if (s.churnFlag && s.lastTouch !== null) {
      lists.churn.push({
        ...base,
        ref: { table: "customers", row, column: "churnFlag" },
        kind: "churn",
        date: s.lastTouch,
        days: asOf - s.lastTouch,
        neverContacted: last === null,
      });
    }
  });

  // Action plans of follow-ups (计划完成时间 without an 执行结果): the OVERDUE column's rule.
  records.interactions.forEach((r, row) => {
    const due = serialOf(r.dueDate);
    if (due === null) return;
    const finished = isFinished(r.result);
    if (finished) return;
    const item: WorkItem = {
      kind: "action",
      ref: { table: "interactions", row, column: "dueDate" },
      id: text(r.recordId),
      ...customerOf(r),
      date: due,
      days: asOf - due,
      text: text(r.nextAction) || text(r.topic),
    };
    if (overdue(due, finished, asOf)) lists.overdue.push(item);
    else if (due <= soonEnd) lists.dueSoon.push(item);
  });

  records.feedback.forEach((f, row) => {
    const status = text(f.status);
    if (!FEEDBACK_STATUS.open.includes(status)) return;
    const planned = serialOf(f.plannedDate);
    if (planned === null) return;
    if (feedbackSla(status, planned, serialOf(f.actualDate), asOf) !== "已逾期") return;
    lists.feedbackLate.push({
      kind: "feedback",
      ref: { table: "feedback", row, column: "status" },
      id: text(f.feedbackId),
      ...customerOf(f),
      date: planned,
      days: asOf - planned,
      text: text(f.type),
    });
  });

  lists.overdue.sort(byDays);
  lists.dueSoon.sort(byDate);
  lists.churn.sort(byDays);
  lists.feedbackLate.sort(byDays);
  return lists;
}

/**
 * One customer's whole story (客户卡片): the profile row, and the follow-ups, feedback and orders
 * that name the customer, each with its data row so the pane can select it in the sheet. The
 * adapters read a story with at most one request per table (filtered in the adapter, never one
 * request per record); this module turns it into what the card shows, with the same rules as
 * the calculated columns (value class, next follow-up, churn flag, overdue, feedback SLA), so
 * the card agrees with the sheet even before Excel has recalculated.
 */
import type { CrmRecord } from "./port";
import { FEEDBACK_STATUS, type Settings } from "./schema";
import { RuleError, feedbackSla, isFeedbackStatus, isFinished, overdue } from "./rules";
import { customerSchedule, type CustomerSchedule } from "./worklists";
import { addMonths, toNumber, toSerial, trimmedText } from "./values";

/** A record and its 0-based data row in its table. */
export interface StoryRow {
  row: number;
  record: CrmRecord;
}

export interface CustomerStory {
  customerId: string;
  /** The customer's row; null when no customer has this ID (deleted, or a typo). */
  customer: StoryRow | null;
  followUps: StoryRow[];
  feedback: StoryRow[];
  orders: StoryRow[];
}

/** Children of one customer from whole tables: the in-memory workbook's filter. */
export function storyFromTables(
  customerId: string,
  tables: {
    customers: readonly CrmRecord[];
    interactions: readonly CrmRecord[];
    feedback: readonly CrmRecord[];
    orders: readonly CrmRecord[];
  },
): CustomerStory {
  const id = customerId.trim();
  const pick = (rows: readonly CrmRecord[]): StoryRow[] => {
    const out: StoryRow[] = [];
    rows.forEach((record, row) => {
      if (sameId(record.customerId, id)) out.push({ row, record });
    });
    return out;
  };
  const c = tables.customers.findIndex((r) => sameId(r.customerId, id));
  return {
    customerId: id,
    customer: c >= 0 ? { row: c, record: tables.customers[c]! } : null,
    followUps: pick(tables.interactions),
    feedback: pick(tables.feedback),
    orders: pick(tables.orders),
  };
}

/** IDs match trimmed and case-insensitively, as the writer finds a row by ID. */
export function sameId(value: unknown, id: string): boolean {
  return trimmedText(value).toLowerCase() === id.trim().toLowerCase() && id.trim() !== "";
}

export type TimelineKind = "followUp" | "feedback" | "order";

export interface TimelineEntry {
  kind: TimelineKind;
  /** The table row to select when the entry is clicked. */
  row: number;
  id: string;
  /** null for an undated record (listed last). */
  date: number | null;
  // Follow-up
  topic?: string;
  method?: string;
  summary?: string;
  nextAction?: string;
  dueDate?: number | null;
  /** The action plan: none, open (due later), overdue, or closed (执行结果 filled). */
  actionState?: "none" | "open" | "overdue" | "closed";
  // Feedback
  feedbackType?: string;
  feedbackStatus?: string;
  sla?: string;
  // Order
  product?: string;
  amount?: number | null;
}

export interface CustomerCard {
  customerId: string;
  found: boolean;
  name: string;
  valueClass: string;
  status: string;
  owner: string;
  contact: string;
  phone: string;
  email: string;
  schedule: CustomerSchedule | null;
  /** Days from the as-of date to the next follow-up (negative: overdue by that many days). */
  daysToNextFollowUp: number | null;
  timeline: TimelineEntry[];
  counts: { followUps: number; feedback: number; openFeedback: number; orders: number };
  /** Sum of 金额 of orders dated after asOf − 12 months, up to asOf (inclusive). */
  amountLast12Months: number;
}

function text(value: unknown): string {
  return trimmedText(value);
}

function serialOf(value: unknown): number | null {
  const s = toSerial(value, true);
  return typeof s === "number" ? s : null;
}

function numberOf(value: unknown): number | null {
  const n = toNumber(value);
  return typeof n === "number" ? n : null;
}

/**
 * An order's 金额: the calculated column's value when it is a number, else 数量 × 单价 (a row
 * Excel has not recalculated yet, or the in-memory workbook); null when neither is known.
 */
export function orderAmount(order: CrmRecord): number | null {
  const stored = order.amount;
  if (typeof stored === "number" && Number.isFinite(stored)) return stored;
  const q = numberOf(order.quantity);
  const p = numberOf(order.unitPrice);
  return q !== null && p !== null ? q * p : null;
}

/**
 * 近12个月交易额: orders dated in (EDATE(asOf, −12), asOf]. An order dated after the as-of date
 * is not counted (a fixed as-of date looks at the past); undated orders are not counted.
 */
export function amountLast12Months(orders: readonly CrmRecord[], asOf: number): number {
  const from = addMonths(asOf, -12);
  let sum = 0;
  for (const o of orders) {
    const d = serialOf(o.date);
    if (d === null || d <= from || d > asOf) continue;
    sum += orderAmount(o) ?? 0;
  }
  // Money in 元 with cents: keep the sum free of binary fractions (0.1 + 0.2).
  return Math.round(sum * 100) / 100;
}

function followUpEntry(r: StoryRow, asOf: number): TimelineEntry {
  const f = r.record;
  const due = serialOf(f.dueDate);
  const closed = isFinished(f.result);
  const actionState =
    due === null && !text(f.nextAction)
      ? "none"
      : closed
        ? "closed"
        : due !== null && overdue(due, false, asOf)
          ? "overdue"
          : "open";
  return {
    kind: "followUp",
    row: r.row,
    id: text(f.recordId),
    date: serialOf(f.date),
    topic: text(f.topic),
    method: text(f.method),
    summary: text(f.summary),
    nextAction: text(f.nextAction),
    dueDate: due,
    actionState,
  };
}

function feedbackEntry(r: StoryRow, asOf: number): TimelineEntry {
  const f = r.record;
  const status = text(f.status);
  let sla = "";
  if (isFeedbackStatus(status)) {
    try {
      sla = feedbackSla(status, serialOf(f.plannedDate), serialOf(f.actualDate), asOf);
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
    }
  }
  return {
    kind: "feedback",
    row: r.row,
    id: text(f.feedbackId),
    date: serialOf(f.date),
    feedbackType: text(f.type),
    feedbackStatus: status,
    summary: text(f.description),
    sla,
  };
}

function orderEntry(r: StoryRow): TimelineEntry {
  const o = r.record;
  return {
    kind: "order",
    row: r.row,
    id: text(o.orderId),
    date: serialOf(o.date),
    product: text(o.product),
    amount: orderAmount(o),
  };
}

const KIND_ORDER: Record<TimelineKind, number> = { followUp: 0, feedback: 1, order: 2 };

/** Newest first; the same day by kind then ID (stable across reads); undated last. */
function byNewest(a: TimelineEntry, b: TimelineEntry): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return b.date - a.date;
  }
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.id.localeCompare(a.id) || b.row - a.row;
}

/** What the card shows for a story, as of `asOf` with the workbook's settings. */
export function buildCustomerCard(
  story: CustomerStory,
  settings: Settings,
  asOf: number,
): CustomerCard {
  const c = story.customer?.record ?? null;
  let lastContact: number | null = null;
  for (const f of story.followUps) {
    const d = serialOf(f.record.date);
    if (d !== null && (lastContact === null || d > lastContact)) lastContact = d;
  }
  const schedule = c ? customerSchedule(c, lastContact, settings, asOf) : null;
  const timeline = [
    ...story.followUps.map((r) => followUpEntry(r, asOf)),
    ...story.feedback.map((r) => feedbackEntry(r, asOf)),
    ...story.orders.map(orderEntry),
  ].sort(byNewest);
  return {
    customerId: story.customerId,
    found: c !== null,
    name: c ? text(c.name) : "",
    valueClass: schedule?.valueClass ?? "",
    status: c ? text(c.status) : "",
    owner: c ? text(c.owner) : "",
    contact: c ? text(c.contact) : "",
    phone: c ? text(c.phone) : "",
    email: c ? text(c.email) : "",
    schedule,
    daysToNextFollowUp:
      schedule?.nextFollowUp !== null && schedule?.nextFollowUp !== undefined
        ? schedule.nextFollowUp - asOf
        : null,
    timeline,
    counts: {
      followUps: story.followUps.length,
      feedback: story.feedback.length,
      openFeedback: story.feedback.filter((f) =>
        FEEDBACK_STATUS.open.includes(text(f.record.status)),
      ).length,
      orders: story.orders.length,
    },
    amountLast12Months: amountLast12Months(
      story.orders.map((o) => o.record),
      asOf,
    ),
  };
}

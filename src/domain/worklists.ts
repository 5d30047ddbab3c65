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
  /**
   * Who answers for the item: the row's own 责任人 for an action plan or a feedback entry, else
   * the customer's 负责人 (a plan or complaint nobody took over falls to the account's owner).
   */
  owner: string;
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
  const owners = new Map<string, string>();
  records.customers.forEach((c) => {
    names.set(text(c.customerId), text(c.name));
    owners.set(text(c.customerId), text(c.owner));
  });
  // A follow-up's or feedback's customer: named from the customer table, else by the row's own
  // lookup column (a customer ID that is no longer in the table).
  const customerOf = (r: CrmRecord) => {
    const customerId = text(r.customerId);
    return {
      customerId,
      customerName: names.get(customerId) ?? text(r.customerName),
      owner: text(r.owner) || (owners.get(customerId) ?? ""),
    };
  };
  const contacts = lastContacts(records.interactions);
  const soonEnd = asOf + DUE_SOON_DAYS - 1;

  records.customers.forEach((c, row) => {
    const id = text(c.customerId);
    if (!id) return;
    const last = contacts.get(id) ?? null;
    const s = customerSchedule(c, last, settings, asOf);
    const base = { id, customerId: id, customerName: text(c.name), owner: text(c.owner) };
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

// ---------------------------------------------------------------------------------------------
// A team's lists: owner filter, search, pages, and the action-plan edits made from an item
// ---------------------------------------------------------------------------------------------

export const WORK_LIST_KEYS = ["overdue", "dueSoon", "churn", "feedbackLate"] as const;
export type WorkListKey = (typeof WORK_LIST_KEYS)[number];

export interface WorkFilter {
  /** Only the items of this 负责人 (trimmed, exact); null shows everyone's. */
  owner: string | null;
  /** Free text; every term must occur in the item's customer, IDs, plan text or owner. */
  query: string;
}

/**
 * Search terms: NFKC-folded (a full-width Ｃ２０２４ typed with a Chinese IME matches C2024),
 * lower case, split at white space (the ideographic space U+3000 included).
 */
export function searchTerms(query: string): string[] {
  return query.normalize("NFKC").toLowerCase().split(/\s+/u).filter(Boolean);
}

// Items are immutable once computed; their folded text is kept so a keystroke over 10,000 items
// costs one substring test per item, not a normalisation.
const folded = new WeakMap<WorkItem, string>();
function searchText(item: WorkItem): string {
  let text = folded.get(item);
  if (text === undefined) {
    text = [item.customerName, item.customerId, item.id, item.text ?? "", item.owner]
      .join("\n")
      .normalize("NFKC")
      .toLowerCase();
    folded.set(item, text);
  }
  return text;
}

/** `owner` is compared as given: filterWorkLists trims it once, not once per item. */
export function matchesFilter(item: WorkItem, owner: string | null, terms: readonly string[]) {
  if (owner !== null && item.owner !== owner) return false;
  if (terms.length === 0) return true;
  const text = searchText(item);
  return terms.every((term) => text.includes(term));
}

/** The four lists with only the items that pass the filter; order is kept. */
export function filterWorkLists(lists: WorkLists, filter: WorkFilter): WorkLists {
  const terms = searchTerms(filter.query);
  const owner = filter.owner === null ? null : filter.owner.trim();
  if (owner === null && terms.length === 0) return lists;
  const keep = (items: WorkItem[]) => items.filter((i) => matchesFilter(i, owner, terms));
  return {
    asOf: lists.asOf,
    overdue: keep(lists.overdue),
    dueSoon: keep(lists.dueSoon),
    churn: keep(lists.churn),
    feedbackLate: keep(lists.feedbackLate),
  };
}

export interface OwnerCount {
  owner: string;
  /** Items of this owner over the four lists. */
  count: number;
}

/**
 * The owners a user can pick as "me", with how many items each has: every 负责人 / 责任人 that
 * appears on an item, in Chinese collation (pinyin order), blanks left out.
 */
export function ownersOf(lists: WorkLists): OwnerCount[] {
  const counts = new Map<string, number>();
  for (const key of WORK_LIST_KEYS) {
    for (const item of lists[key]) {
      if (item.owner) counts.set(item.owner, (counts.get(item.owner) ?? 0) + 1);
    }
  }
  const collator = new Intl.Collator("zh-CN");
  return [...counts]
    .map(([owner, count]) => ({ owner, count }))
    .sort((a, b) => collator.compare(a.owner, b.owner));
}

/**
 * Items shown per page of a group. A group renders at most `pages × WORK_PAGE_SIZE` rows, so
 * 10,000 items cost the DOM no more than a few dozen rows until the user asks for more.
 */
export const WORK_PAGE_SIZE = 25;

export function shownCount(total: number, pages: number): number {
  return Math.max(0, Math.min(total, Math.max(1, pages) * WORK_PAGE_SIZE));
}

/** An open action plan of a follow-up: a 计划完成时间 and no 执行结果. */
export interface OpenPlan {
  /** The follow-up's 记录编号. */
  id: string;
  row: number;
  due: number;
  text: string;
}

/**
 * A customer's open action plans, soonest first: the plans a new follow-up of that customer can
 * close. Rows without a record ID are left out (an update finds its row by ID).
 */
export function openPlansOf(interactions: readonly CrmRecord[], customerId: string): OpenPlan[] {
  const wanted = customerId.trim();
  if (!wanted) return [];
  const plans: OpenPlan[] = [];
  interactions.forEach((r, row) => {
    if (text(r.customerId) !== wanted) return;
    const id = text(r.recordId);
    const due = serialOf(r.dueDate);
    if (!id || due === null || isFinished(r.result)) return;
    plans.push({ id, row, due, text: text(r.nextAction) || text(r.topic) });
  });
  return plans.sort((a, b) => a.due - b.due || a.id.localeCompare(b.id));
}

/** What a person may ask of an action plan from its item. */
export type PlanEdit = { kind: "close"; result: string } | { kind: "reschedule"; due: string };

export type PlanEditCheck =
  | {
      ok: true;
      /** The columns to write to the follow-up row (执行结果 or 计划完成时间). */
      patch: CrmRecord;
      /** A new due date before today: the pane asks before saving it. */
      pastDue: boolean;
    }
  | { ok: false; problem: "resultRequired" | "dateRequired" | "dateInvalid" };

/** The default 执行结果 written when a plan is closed (a canonical, Chinese cell value). */
export const PLAN_DONE = "已完成";

/** The 执行结果 of a plan closed by a new follow-up: done, and where to read how. */
export function closedByFollowUp(followUpId: string): string {
  return `${PLAN_DONE}（见 ${followUpId}）`;
}

/**
 * Checks a close or a reschedule before anything is written. Closing needs a result (any text:
 * the OVERDUE rule counts a non-blank 执行结果 as finished); rescheduling needs a real date, and
 * a date before today is allowed only after the person confirms it (`pastDue`).
 */
export function checkPlanEdit(edit: PlanEdit, today: number): PlanEditCheck {
  if (edit.kind === "close") {
    const result = edit.result.trim();
    return result
      ? { ok: true, patch: { result }, pastDue: false }
      : { ok: false, problem: "resultRequired" };
  }
  const due = toSerial(edit.due);
  if (due === BLANK) return { ok: false, problem: "dateRequired" };
  if (due === INVALID) return { ok: false, problem: "dateInvalid" };
  return { ok: true, patch: { dueDate: due }, pastDue: isPastDue(due, today) };
}

/** A plan due before today (yesterday is past; today is not). */
export function isPastDue(due: number, today: number): boolean {
  return due < today;
}

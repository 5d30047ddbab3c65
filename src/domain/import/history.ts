/**
 * History becomes records: a legacy customer sheet keeps a customer's last contact (最近互动时间 /
 * 最近互动内容 / 互动结果), its next plan (跟进计划(下次跟进时间/目标/负责人)) and its past deals
 * (历史合作记录(项目/产品、周期、金额)) as columns of the customer row. Left as 备注 text, none of
 * it feeds 最近互动, 下次跟进 or 流失预警, so every imported customer looked never contacted.
 *
 * Here each imported customer with a last-contact date gets one follow-up (维护记录): that date,
 * the content as its summary, the result, and the plan as its 下一步行动计划 / 计划完成时间 /
 * 责任人. A deal text that parses (a product, a date or period, an amount) becomes an order (交易
 * 记录: quantity 1, unit price = the amount); one that does not stays in 备注, where the customer
 * mapping already puts the column. Every derived record passes the table's own validation; one
 * that fails is not created and the preview says why. The customer IDs are known only after the
 * customers are appended (the writer allocates them), so records point at their customer by the
 * index of its insert in the plan, and the writer fills the ID in.
 */
import type { Label, Lang } from "../i18n";
import { say } from "../i18n";
import type { CrmRecord } from "../port";
import { normalizeHeader, type ListValues } from "../schema";
import { validateForWrite } from "../validation";
import { serialFromYmd, toNumber, toSerial, trimmedText } from "../values";
import type { ImportMapping, ImportPlan } from "./pipeline";
import type { GridCell } from "./xlsx";

export type HistoryField =
  | "lastDate"
  | "lastContent"
  | "lastMethod"
  | "lastResult"
  | "plan"
  | "planDate"
  | "planMethod"
  | "planContent"
  | "planGoal"
  | "deals";

/**
 * Source headers (normalised: no brackets' content needed) that carry history. The
 * customer-info-collection template keeps the last contact and the plan in combined columns
 * (最近互动时间, 跟进计划(下次跟进时间/目标/负责人)); the customer-profile template
 * (客户档案模板) has a 客户沟通记录 block (沟通时间 / 沟通方式 / 沟通内容) and a 客户跟进计划
 * block with one column per part (跟进时间 / 跟进方式 / 跟进内容 / 跟进目标), and a 购买记录.
 */
const HISTORY_HEADERS: readonly [HistoryField, readonly string[]][] = [
  [
    "lastDate",
    [
      "最近互动时间",
      "最近互动日期",
      "最近联系时间",
      "最近沟通时间",
      "最后联系时间",
      "沟通时间",
      "沟通日期",
    ],
  ],
  ["lastContent", ["最近互动内容", "最近沟通内容", "最近联系内容", "沟通内容", "沟通记录"]],
  ["lastMethod", ["沟通方式", "最近互动方式", "联系方式(沟通)"]],
  ["lastResult", ["互动结果", "互动结果(进展/待办/问题)", "沟通结果"]],
  ["plan", ["跟进计划(下次跟进时间/目标/负责人)", "跟进计划", "下次跟进计划"]],
  ["planDate", ["跟进时间", "下次跟进时间", "计划跟进时间", "下次跟进日期"]],
  ["planMethod", ["跟进方式"]],
  ["planContent", ["跟进内容"]],
  ["planGoal", ["跟进目标"]],
  [
    "deals",
    ["历史合作记录(项目/产品、周期、金额)", "历史合作记录", "合作记录", "历史订单", "购买记录"],
  ],
];

const BY_HEADER = new Map<string, HistoryField>(
  HISTORY_HEADERS.flatMap(([field, headers]) => headers.map((h) => [normalizeHeader(h), field])),
);

/** Source columns of a customer mapping that carry history, by field. */
export function historyColumns(mapping: ImportMapping): Partial<Record<HistoryField, number>> {
  const out: Partial<Record<HistoryField, number>> = {};
  if (mapping.table !== "customers") return out;
  mapping.headers.forEach((header, i) => {
    const field = BY_HEADER.get(normalizeHeader(header));
    if (field && out[field] === undefined) out[field] = i;
  });
  return out;
}

export interface HistoryChoices {
  followUps: boolean;
  orders: boolean;
}

/**
 * A derived record and the customer it belongs to: the index of its insert in the plan (its ID
 * is known once the append returns it), or the ID of the workbook customer the import updates.
 */
export interface DerivedRecord {
  insert?: number;
  customerId?: string;
  /** The file line it came from. */
  line: number;
  record: CrmRecord;
}

export interface HistoryNote {
  line: number;
  kind: "noDate" | "futureDate" | "dealText" | "invalid" | "existingFollowUp" | "existingOrder";
  value: string;
}

export interface HistoryPlan {
  followUps: DerivedRecord[];
  orders: DerivedRecord[];
  /** What could not become a record (kept in 备注), per file line. */
  notes: HistoryNote[];
  /** Whether the file has the columns at all (the pane offers a switch only then). */
  offers: { followUps: boolean; orders: boolean };
}

/** The 维护主题 of a follow-up made from a customer row (the template has no topic column). */
export const IMPORTED_TOPIC: Label = { zh: "最近互动（导入）", en: "Last contact (imported)" };

// ---------------------------------------------------------------------------------------------
// Parsing the template's texts
// ---------------------------------------------------------------------------------------------

function cellText(cell: GridCell | undefined): string {
  return typeof cell === "string" ? cell.trim() : trimmedText(cell);
}

/** A date cell (a serial from .xlsx) or text in the forms the import reads. */
function dateOf(cell: GridCell | undefined): number | undefined {
  if (typeof cell === "number") {
    const serial = toSerial(cell);
    return typeof serial === "number" ? serial : undefined;
  }
  const text = cellText(cell).replace(/[T\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, "");
  if (!text) return undefined;
  const serial = toSerial(text, true);
  return typeof serial === "number" ? serial : undefined;
}

export interface ParsedPlan {
  date?: number;
  goal: string;
  owner: string;
}

/**
 * `2027-01-10/签续约/张三` (or `2027/1/10/签续约/张三`, or fewer pieces): the next contact's date,
 * its goal and who does it. A first piece that is no date is part of the goal.
 */
export function parsePlan(text: string): ParsedPlan {
  const protectedText = text
    .replace(/／/g, "/")
    .replace(/(\d{4})\/(\d{1,2})\/(\d{1,2})/g, "$1-$2-$3");
  const pieces = protectedText.split("/").map((p) => p.trim());
  const first = pieces[0] ?? "";
  const date = first ? dateOf(first) : undefined;
  const rest = date === undefined ? pieces : pieces.slice(1);
  // With a date, the template's order is date / goal / owner; the owner is the last piece.
  const owner = rest.length >= 2 ? (rest[rest.length - 1] ?? "") : "";
  const goal = (rest.length >= 2 ? rest.slice(0, -1) : rest).filter(Boolean).join("/");
  return { date, goal, owner };
}

export interface ParsedDeal {
  product: string;
  date: number;
  amount: number;
}

const AMOUNT =
  /(?:金额|合同额|合作额|成交额|总额|合计)?[:：]?\s*[¥￥]?\s*(\d[\d,]*(?:\.\d+)?)\s*(万|亿)?\s*元?/g;
const PERIOD_DATES: readonly [RegExp, (m: RegExpExecArray) => number | undefined][] = [
  [/(\d{4})\s*年?\s*Q([1-4])/i, (m) => ymd(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 1)],
  [
    /(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?!\d)/,
    (m) => ymd(Number(m[1]), Number(m[3]), Number(m[4])),
  ],
  [/(\d{4})年(\d{1,2})月(\d{1,2})日?/, (m) => ymd(Number(m[1]), Number(m[2]), Number(m[3]))],
  [/(\d{4})(?:[-./]|年)(\d{1,2})(?!\d)月?/, (m) => ymd(Number(m[1]), Number(m[2]), 1)],
  [/(\d{4})\s*年/, (m) => ymd(Number(m[1]), 1, 1)],
];
/** The end of a period after its start date (`-2023.9`, `至2024年3月`). */
const PERIOD_END =
  /^\s*[-~～至到]\s*(?:\d{4}\s*(?:[-./年]\s*\d{1,2}(?:[-./月]\s*\d{1,2}日?|月)?|年)?|\d{1,2}月?)/;

function ymd(y: number, m: number, d: number): number | undefined {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  return serialFromYmd(y, m, d);
}

/**
 * `2023年Q1采购ERP系统,金额50万`, `智能仓储一期、2023.3-2023.9、85万元`: the product (what is left
 * once the period and the amount are taken out), the start of the period, the amount in 元.
 * Undefined unless all three are there: an order needs each of them.
 */
export function parseDeal(text: string): ParsedDeal | undefined {
  const normalised = text.normalize("NFKC");
  let date: number | undefined;
  let dateMatch: RegExpExecArray | undefined;
  for (const [re, read] of PERIOD_DATES) {
    const m = re.exec(normalised);
    if (m) {
      date = read(m);
      dateMatch = m;
      break;
    }
  }
  if (date === undefined || !dateMatch) return undefined;
  // The period (its start date and any end) is not part of the product.
  const before = normalised.slice(0, dateMatch.index);
  const after = normalised.slice(dateMatch.index + dateMatch[0].length).replace(PERIOD_END, "");
  let rest = `${before} ${after}`;
  let amount: number | undefined;
  let amountText = "";
  AMOUNT.lastIndex = 0;
  for (let m = AMOUNT.exec(rest); m; m = AMOUNT.exec(rest)) {
    // An amount has a unit or a label: a bare number is more likely a quantity or a phase.
    if (!m[2] && !/[元¥￥]|金额|合同额|合作额|成交额|总额|合计/.test(m[0])) continue;
    const n = toNumber(`${m[1]}${m[2] ?? ""}`);
    if (typeof n === "number" && n > 0) {
      amount = n;
      amountText = m[0];
    }
  }
  if (amount === undefined) return undefined;
  rest = rest.replace(amountText, " ");
  const product = rest
    .replace(/[,，、;；:：()（）]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!product) return undefined;
  return { product, date, amount };
}

// ---------------------------------------------------------------------------------------------
// The plan's derived records
// ---------------------------------------------------------------------------------------------

/** A customer ID that passes the must-exist check while the real one is not known yet. */
const PENDING_ID = "C000000000";

/**
 * A 沟通方式 as the template writes it (电话, 邮件, 面谈) to an item of the workbook's 维护方式
 * list: the item itself, else the one item that begins with it or contains it. Undefined when
 * none or several fit: the text then goes into the summary rather than being lost or guessed.
 */
function listMethod(text: string, items: readonly string[]): string | undefined {
  if (!text) return undefined;
  if (items.includes(text)) return text;
  const fits = items.filter((item) => item.startsWith(text) || item.includes(text));
  return fits.length === 1 ? fits[0] : undefined;
}

/** The same follow-up: same customer, same 维护日期, same summary (whitespace aside). */
function followUpKey(customerId: unknown, date: unknown, summary: unknown): string {
  const text = typeof summary === "string" ? summary.normalize("NFKC").replace(/\s+/g, "") : "";
  return `${String(customerId ?? "").toUpperCase()}|${String(date ?? "")}|${text}`;
}

/** The same order: same customer, same date, same product and unit price. */
function orderKey(customerId: unknown, date: unknown, product: unknown, price: unknown): string {
  const text = typeof product === "string" ? product.normalize("NFKC").replace(/\s+/g, "") : "";
  return `${String(customerId ?? "").toUpperCase()}|${String(date ?? "")}|${text}|${String(price ?? "")}`;
}

export interface HistoryContext {
  lists: ListValues;
  today: number;
  /**
   * The workbook's follow-ups and orders, read through the port when the file was analysed.
   * A customer the import updates or merges into may already have the record a re-import
   * would make (the same file imported twice, or a follow-up log imported before): such a
   * record is skipped, and said so, instead of doubling the customer's history.
   */
  existingFollowUps?: readonly CrmRecord[];
  existingOrders?: readonly CrmRecord[];
}

/** A customer of the plan that history records attach to: an insert, or an updated record. */
interface HistoryTarget {
  insert?: number;
  customerId?: string;
  lines: readonly number[];
}

export function planHistory(
  plan: ImportPlan,
  grid: readonly (readonly GridCell[])[],
  mapping: ImportMapping,
  ctx: HistoryContext,
  choices: HistoryChoices = { followUps: true, orders: true },
): HistoryPlan {
  const cols = historyColumns(mapping);
  const offers = {
    followUps: cols.lastDate !== undefined,
    orders: cols.deals !== undefined,
  };
  const out: HistoryPlan = { followUps: [], orders: [], notes: [], offers };
  if (mapping.table !== "customers" || (!offers.followUps && !offers.orders)) return out;
  const vctx = { lists: ctx.lists, today: ctx.today, customerIds: new Set([PENDING_ID]) };
  const at = (cells: readonly GridCell[], col: number | undefined) =>
    col === undefined ? undefined : cells[col];
  const text = (cells: readonly GridCell[], col: number | undefined) => cellText(at(cells, col));
  const methods = ctx.lists.contactMethod ?? [];
  const knownFollowUps = new Set(
    (ctx.existingFollowUps ?? []).map((r) => followUpKey(r.customerId, r.date, r.summary)),
  );
  const knownOrders = new Set(
    (ctx.existingOrders ?? []).map((r) => orderKey(r.customerId, r.date, r.product, r.unitPrice)),
  );

  const targets: HistoryTarget[] = [
    ...plan.inserts.map((insert, index) => ({ insert: index, lines: insert.lines })),
    // Updated (and merged-into) customers: their IDs are known, so their records can be
    // checked against the workbook's.
    ...plan.updates.flatMap((u) => (u.id ? [{ customerId: u.id, lines: u.lines }] : [])),
  ];

  for (const target of targets) {
    const customerName = target.customerId ?? `#${target.insert ?? 0}`;
    /** Records of this customer made from earlier lines (rows merged into one customer). */
    const made = new Set<string>();
    for (const line of target.lines) {
      const cells = grid[line - 1] ?? [];
      if (choices.followUps && offers.followUps) {
        const rawDate = at(cells, cols.lastDate);
        let content = text(cells, cols.lastContent);
        const result = text(cells, cols.lastResult);
        const planText = text(cells, cols.plan);
        const lastMethod = text(cells, cols.lastMethod);
        const planDateCell = at(cells, cols.planDate);
        const planParts = [
          text(cells, cols.planMethod),
          text(cells, cols.planContent),
          text(cells, cols.planGoal),
        ];
        const date = dateOf(rawDate);
        const anything =
          content ||
          result ||
          planText ||
          lastMethod ||
          cellText(rawDate) ||
          planParts.some(Boolean);
        if (date === undefined) {
          if (anything) out.notes.push({ line, kind: "noDate", value: cellText(rawDate) });
        } else if (date > ctx.today) {
          out.notes.push({ line, kind: "futureDate", value: cellText(rawDate) });
        } else {
          const parsed = planText ? parsePlan(planText) : undefined;
          const method = listMethod(lastMethod, methods);
          // A 沟通方式 outside the list is kept in the summary, not dropped.
          if (lastMethod && !method) content = content ? `${content}（${lastMethod}）` : lastMethod;
          // The plan's own columns (customer-profile template): its date, then what and how.
          const planDate = dateOf(planDateCell);
          const planDateText = planDate === undefined ? cellText(planDateCell) : "";
          const nextAction =
            [parsed?.goal ?? "", ...planParts, planDateText].filter(Boolean).join("；") || null;
          const raw: CrmRecord = {
            customerId: PENDING_ID,
            date,
            method: method ?? null,
            topic: IMPORTED_TOPIC.zh,
            summary: content || null,
            result: result || null,
            nextAction,
            dueDate: parsed?.date ?? planDate ?? null,
            owner: parsed?.owner || null,
          };
          const key = followUpKey(target.customerId ?? customerName, date, raw.summary);
          // The writer's rule: what only warns (an off-list value, a doubtful phone) does not
          // cost the derived record, as it does not cost a file row (issue 15, part 2).
          const { record, issues } = validateForWrite("interactions", raw, vctx);
          if (issues.length > 0) {
            out.notes.push({ line, kind: "invalid", value: issues.map((i) => i.key).join("、") });
          } else if (made.has(key)) {
            // The same contact on two rows merged into one customer: one follow-up.
          } else if (target.customerId && knownFollowUps.has(key)) {
            out.notes.push({ line, kind: "existingFollowUp", value: target.customerId });
          } else {
            made.add(key);
            out.followUps.push({ ...attach(target), line, record: withoutPending(record) });
          }
        }
      }
      if (choices.orders && offers.orders) {
        const dealText = text(cells, cols.deals);
        if (!dealText) continue;
        const deal = parseDeal(dealText);
        if (!deal) {
          out.notes.push({ line, kind: "dealText", value: dealText });
          continue;
        }
        const raw: CrmRecord = {
          customerId: PENDING_ID,
          date: deal.date,
          product: deal.product,
          quantity: 1,
          unitPrice: deal.amount,
          notes: dealText,
        };
        const key = orderKey(
          target.customerId ?? customerName,
          deal.date,
          deal.product,
          deal.amount,
        );
        const { record, issues } = validateForWrite("orders", raw, vctx);
        if (issues.length > 0) {
          out.notes.push({ line, kind: "invalid", value: issues.map((i) => i.key).join("、") });
        } else if (made.has(key)) {
          // The same deal on two merged rows: one order.
        } else if (target.customerId && knownOrders.has(key)) {
          out.notes.push({ line, kind: "existingOrder", value: target.customerId });
        } else {
          made.add(key);
          out.orders.push({ ...attach(target), line, record: withoutPending(record) });
        }
      }
    }
  }
  return out;
}

function attach(target: HistoryTarget): Pick<DerivedRecord, "insert" | "customerId"> {
  return target.customerId ? { customerId: target.customerId } : { insert: target.insert };
}

function withoutPending(record: CrmRecord): CrmRecord {
  return { ...record, customerId: null };
}

/** Derived records with their customer's ID, once the customers' append returned the IDs. */
export function withCustomerIds(
  derived: readonly DerivedRecord[],
  ids: readonly string[],
): CrmRecord[] {
  const out: CrmRecord[] = [];
  for (const d of derived) {
    const id = d.customerId ?? (d.insert === undefined ? undefined : ids[d.insert]);
    if (id) out.push({ ...d.record, customerId: id });
  }
  return out;
}

export const HISTORY_MESSAGES = {
  summary: {
    zh: "将同时生成 {followUps} 条跟进记录（最近互动、跟进计划）和 {orders} 条交易记录（历史合作记录）。",
    en: "This also creates {followUps} follow-ups (last contact, next plan) and {orders} orders (past deals).",
  },
  followUps: { zh: "生成跟进记录", en: "Create follow-ups" },
  orders: { zh: "生成交易记录", en: "Create orders" },
  noDate: {
    zh: "第 {line} 行：最近互动时间“{value}”不是日期，未生成跟进记录（内容保留在备注）",
    en: "Row {line}: last contact “{value}” is not a date; no follow-up (the text stays in Notes)",
  },
  futureDate: {
    zh: "第 {line} 行：最近互动时间“{value}”在今天之后，未生成跟进记录（内容保留在备注）",
    en: "Row {line}: last contact “{value}” is after today; no follow-up (the text stays in Notes)",
  },
  dealText: {
    zh: "第 {line} 行：历史合作记录“{value}”读不出产品、日期和金额，保留在备注",
    en: "Row {line}: past deal “{value}” has no readable product, date and amount; it stays in Notes",
  },
  invalid: {
    zh: "第 {line} 行：生成的记录有问题（{value}），未生成",
    en: "Row {line}: the derived record has problems ({value}); not created",
  },
  existingFollowUp: {
    zh: "第 {line} 行：客户 {value} 已有同一天、同样内容的跟进记录，不再重复生成",
    en: "Row {line}: customer {value} already has a follow-up of that day with the same summary; not created again",
  },
  existingOrder: {
    zh: "第 {line} 行：客户 {value} 已有同一天、同一产品和金额的交易记录，不再重复生成",
    en: "Row {line}: customer {value} already has an order of that day for the same product and amount; not created again",
  },
  noCreatedDate: {
    zh: "文件没有建档日期（建档时间 / 合作起始时间）列：导入的客户建档日期留空。",
    en: "The file has no created-on column (建档时间 / 合作起始时间): imported customers' 建档日期 stays blank.",
  },
} satisfies Record<string, Label>;

export function describeHistoryNote(note: HistoryNote, lang: Lang): string {
  return say(HISTORY_MESSAGES[note.kind], lang, { line: note.line, value: note.value });
}

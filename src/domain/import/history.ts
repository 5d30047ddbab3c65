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
import { validateRecord } from "../validation";
import { serialFromYmd, toNumber, toSerial, trimmedText } from "../values";
import type { ImportMapping, ImportPlan } from "./pipeline";
import type { GridCell } from "./xlsx";

export type HistoryField = "lastDate" | "lastContent" | "lastResult" | "plan" | "deals";

/** Source headers (normalised: no brackets' content needed) that carry history. */
const HISTORY_HEADERS: readonly [HistoryField, readonly string[]][] = [
  ["lastDate", ["最近互动时间", "最近互动日期", "最近联系时间", "最近沟通时间", "最后联系时间"]],
  ["lastContent", ["最近互动内容", "最近沟通内容", "最近联系内容"]],
  ["lastResult", ["互动结果", "互动结果(进展/待办/问题)", "沟通结果"]],
  ["plan", ["跟进计划(下次跟进时间/目标/负责人)", "跟进计划", "下次跟进计划"]],
  ["deals", ["历史合作记录(项目/产品、周期、金额)", "历史合作记录", "合作记录", "历史订单"]],
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

/** A derived record and the customer it belongs to: the index of its insert in the plan. */
export interface DerivedRecord {
  insert: number;
  /** The file line it came from. */
  line: number;
  record: CrmRecord;
}

export interface HistoryNote {
  line: number;
  kind: "noDate" | "futureDate" | "dealText" | "invalid";
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

export function planHistory(
  plan: ImportPlan,
  grid: readonly (readonly GridCell[])[],
  mapping: ImportMapping,
  ctx: { lists: ListValues; today: number },
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

  plan.inserts.forEach((insert, index) => {
    const line = insert.lines[0] ?? 0;
    const cells = grid[line - 1] ?? [];
    if (choices.followUps && offers.followUps) {
      const rawDate = at(cells, cols.lastDate);
      const content = cellText(at(cells, cols.lastContent));
      const result = cellText(at(cells, cols.lastResult));
      const planText = cellText(at(cells, cols.plan));
      const date = dateOf(rawDate);
      if (date === undefined) {
        if (content || result || planText || cellText(rawDate))
          out.notes.push({ line, kind: "noDate", value: cellText(rawDate) });
      } else if (date > ctx.today) {
        out.notes.push({ line, kind: "futureDate", value: cellText(rawDate) });
      } else {
        const parsed = planText ? parsePlan(planText) : undefined;
        const raw: CrmRecord = {
          customerId: PENDING_ID,
          date,
          topic: IMPORTED_TOPIC.zh,
          summary: content || null,
          result: result || null,
          nextAction: parsed?.goal || null,
          dueDate: parsed?.date ?? null,
          owner: parsed?.owner || null,
        };
        const { record, issues } = validateRecord("interactions", raw, vctx);
        if (issues.length > 0)
          out.notes.push({ line, kind: "invalid", value: issues.map((i) => i.key).join("、") });
        else out.followUps.push({ insert: index, line, record: withoutPending(record) });
      }
    }
    if (choices.orders && offers.orders) {
      const text = cellText(at(cells, cols.deals));
      if (!text) return;
      const deal = parseDeal(text);
      if (!deal) {
        out.notes.push({ line, kind: "dealText", value: text });
        return;
      }
      const raw: CrmRecord = {
        customerId: PENDING_ID,
        date: deal.date,
        product: deal.product,
        quantity: 1,
        unitPrice: deal.amount,
        notes: text,
      };
      const { record, issues } = validateRecord("orders", raw, vctx);
      if (issues.length > 0)
        out.notes.push({ line, kind: "invalid", value: issues.map((i) => i.key).join("、") });
      else out.orders.push({ insert: index, line, record: withoutPending(record) });
    }
  });
  return out;
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
    const id = ids[d.insert];
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
  noCreatedDate: {
    zh: "文件没有建档日期（建档时间 / 合作起始时间）列：导入的客户建档日期留空。",
    en: "The file has no created-on column (建档时间 / 合作起始时间): imported customers' 建档日期 stays blank.",
  },
} satisfies Record<string, Label>;

export function describeHistoryNote(note: HistoryNote, lang: Lang): string {
  return say(HISTORY_MESSAGES[note.kind], lang, { line: note.line, value: note.value });
}

/**
 * The templates' business rules (SPEC §2): value classes, follow-up cadence, churn, overdue,
 * need priority, size tiers, feedback SLA and customer IDs.
 *
 * Two layers:
 * - typed rules (`abcClass`, `nextFollowUp`, `churnFlag`, ...) take already-coerced numbers and
 *   serials; the pane's work lists, the data check and the dashboard reuse them;
 * - cell rules (`abcClassCell`, ...) take what Excel hands a custom function (numbers, numeric or
 *   date text, booleans, null, 0 for an empty desktop cell, 2-D arrays), coerce it with values.ts,
 *   apply the blank rule (blank primary input → "") and call the typed rule.
 * Bad input throws a `RuleError` (kind "value" → #VALUE!, "num" → #NUM!) carrying a message key,
 * so this module stays free of Office and the wrapper picks the user's language.
 */
import { FEEDBACK_STATUS } from "./schema";
import type { Lang } from "./i18n";
import {
  functionMessage,
  type ArgKey,
  type FunctionMessageKey,
  type FunctionMessageParams,
} from "./messages/functions";
import {
  BLANK,
  INVALID,
  MAX_SERIAL,
  addMonths,
  daysInMonth,
  isBlank,
  toNumber,
  toRate,
  toSerial,
  serialFromYmd,
  todaySerial,
  ymdFromSerial,
} from "./values";

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** "value": the wrong kind of value (#VALUE!); "num": a number out of range (#NUM!). */
export type RuleErrorKind = "value" | "num";

export class RuleError extends Error {
  constructor(
    readonly kind: RuleErrorKind,
    readonly key: FunctionMessageKey,
    readonly params: FunctionMessageParams = {},
  ) {
    super(functionMessage(key, "en", params));
    this.name = "RuleError";
  }

  messageIn(lang: Lang): string {
    return functionMessage(this.key, lang, this.params);
  }
}

/** A short, readable rendering of the offending value for an error message. */
function shown(value: unknown): string {
  if (typeof value === "string") {
    const text = value.trim();
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
  }
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (Array.isArray(value)) return "{…}";
  return String(value);
}

function valueError(key: FunctionMessageKey, arg: ArgKey, value: unknown): RuleError {
  return new RuleError("value", key, { arg, value: shown(value) });
}

function numError(
  key: FunctionMessageKey,
  arg: ArgKey,
  value: number,
  range?: { min: number; max: number },
): RuleError {
  return new RuleError("num", key, { arg, value: String(value), ...range });
}

function checkInteger(n: number, arg: ArgKey, min: number, max: number): number {
  if (!Number.isInteger(n)) throw numError("notInteger", arg, n);
  if (n < min || n > max) throw numError("outOfRange", arg, n, { min, max });
  return n;
}

function checkNonNegative(n: number, arg: ArgKey): number {
  if (n < 0) throw numError("negative", arg, n);
  return n;
}

function checkRate(n: number, arg: ArgKey): number {
  if (!(n >= 0 && n <= 1)) throw numError("outOfRange", arg, n, { min: 0, max: 1 });
  return n;
}

function checkSerial(serial: number, arg: ArgKey): number {
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_SERIAL) {
    throw numError("outOfRange", arg, serial, { min: 1, max: MAX_SERIAL });
  }
  return serial;
}

/** EDATE that reports a date past 9999-12-31 instead of returning a serial Excel cannot show. */
function monthsLater(serial: number, months: number): number {
  const out = addMonths(serial, months);
  if (out > MAX_SERIAL) throw new RuleError("num", "dateOverflow");
  return out;
}

// ---------------------------------------------------------------------------------------------
// Typed rules (coerced inputs)
// ---------------------------------------------------------------------------------------------

export type AbcClass = "A" | "B" | "C";

export const ABC_DEFAULTS = { aThreshold: 500_000, bThreshold: 100_000, highRepurchase: 0.5 };

/**
 * Template rule: A = 年合作额 > 50万 and 高复购 (a blank rate does not disqualify), B = at least
 * 10万, C = below. Amounts in 元, rate 0–1.
 */
export function abcClass(
  amount: number,
  rate: number | null = null,
  aThreshold: number = ABC_DEFAULTS.aThreshold,
  bThreshold: number = ABC_DEFAULTS.bThreshold,
  highRepurchase: number = ABC_DEFAULTS.highRepurchase,
): AbcClass {
  checkNonNegative(amount, "annualAmount");
  if (rate !== null) checkRate(rate, "repurchaseRate");
  checkNonNegative(aThreshold, "aThreshold");
  checkNonNegative(bThreshold, "bThreshold");
  checkRate(highRepurchase, "highRepurchase");
  if (amount > aThreshold && (rate === null || rate >= highRepurchase)) return "A";
  return amount >= bThreshold ? "B" : "C";
}

export const PARETO_DEFAULTS = { aShare: 0.8, bShare: 0.95 };

export function checkParetoShares(aShare: number, bShare: number): void {
  checkRate(aShare, "aShare");
  checkRate(bShare, "bShare");
  if (aShare > bShare) throw new RuleError("num", "sharesOrder", { value: String(aShare) });
}

/** s = G / T: the share of the total held by strictly larger amounts. */
function paretoFromShare(
  amount: number,
  larger: number,
  total: number,
  aShare: number,
  bShare: number,
): AbcClass {
  if (!(amount > 0) || !(total > 0)) return "C";
  const share = larger / total;
  if (share < aShare) return "A";
  return share < bShare ? "B" : "C";
}

/** A range as Excel hands it (rows of cells); a row that is a bare value counts as one cell. */
export type Range = readonly unknown[];

/** Only positive finite numbers count toward the Pareto total; blanks, text and booleans do not. */
function countsTowardTotal(v: unknown): v is number {
  return typeof v === "number" && v > 0 && v < Infinity;
}

/**
 * Pareto class of one amount against a range: one linear pass over `amounts`, no sort, no copy
 * (a calculated column hands every row the whole column, so each call must stay O(n)).
 */
export function paretoClass(
  amount: number,
  amounts: Range,
  aShare: number = PARETO_DEFAULTS.aShare,
  bShare: number = PARETO_DEFAULTS.bShare,
): AbcClass {
  checkParetoShares(aShare, bShare);
  let total = 0;
  let larger = 0;
  // The hot loop of a calculated column (every row passes the whole column): the positivity
  // test is written out inline because a type-guard call here costs several times the loop.
  for (let r = 0; r < amounts.length; r++) {
    const row: unknown = amounts[r];
    if (Array.isArray(row)) {
      for (let c = 0; c < row.length; c++) {
        const v: unknown = row[c];
        if (typeof v === "number" && v > 0 && v < Infinity) {
          total += v;
          if (v > amount) larger += v;
        }
      }
    } else if (typeof row === "number" && row > 0 && row < Infinity) {
      total += row;
      if (row > amount) larger += row;
    }
  }
  return paretoFromShare(amount, larger, total, aShare, bShare);
}

/** The positive amounts sorted ascending with suffix sums, for many lookups after one sort. */
export interface ParetoIndex {
  sorted: Float64Array;
  /** suffix[i] = sum of sorted[i..n-1]; suffix[n] = 0; suffix[0] is the total T. */
  suffix: Float64Array;
}

export function paretoIndex(amounts: Range): ParetoIndex {
  let count = 0;
  for (let r = 0; r < amounts.length; r++) {
    const row = amounts[r];
    if (!Array.isArray(row)) {
      if (countsTowardTotal(row)) count++;
      continue;
    }
    for (let c = 0; c < row.length; c++) if (countsTowardTotal(row[c])) count++;
  }
  const sorted = new Float64Array(count);
  let i = 0;
  for (let r = 0; r < amounts.length; r++) {
    const row = amounts[r];
    if (!Array.isArray(row)) {
      if (countsTowardTotal(row)) sorted[i++] = row;
      continue;
    }
    for (let c = 0; c < row.length; c++) {
      const v: unknown = row[c];
      if (countsTowardTotal(v)) sorted[i++] = v;
    }
  }
  sorted.sort();
  const suffix = new Float64Array(count + 1);
  // Summing from the largest down keeps the big terms from swallowing the small ones' rounding.
  for (let k = count - 1; k >= 0; k--) suffix[k] = (suffix[k + 1] ?? 0) + (sorted[k] ?? 0);
  return { sorted, suffix };
}

/** Pareto class of `amount` from a prebuilt index: a binary search for the first larger value. */
export function paretoClassFromIndex(
  amount: number,
  index: ParetoIndex,
  aShare: number,
  bShare: number,
): AbcClass {
  const { sorted, suffix } = index;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) > amount) hi = mid;
    else lo = mid + 1;
  }
  return paretoFromShare(amount, suffix[lo] ?? 0, suffix[0] ?? 0, aShare, bShare);
}

/** 重点客户每月1次, 普通客户每季度1次: an unclassified customer follows the quarterly cadence. */
export const DEFAULT_CADENCE: Readonly<Record<AbcClass | "", number>> = { A: 1, B: 3, C: 3, "": 3 };

/** Last contact + cadence months (EDATE). `cadence` (1–24) overrides the class default. */
export function nextFollowUp(
  lastSerial: number,
  cls: AbcClass | "" = "",
  cadence: number | null = null,
): number {
  checkSerial(lastSerial, "lastContact");
  const months =
    cadence === null ? DEFAULT_CADENCE[cls] : checkInteger(cadence, "cadenceMonths", 1, 24);
  return monthsLater(lastSerial, months);
}

export const CHURN_DEFAULT_MONTHS = 3;
/** A century: any longer inactivity window runs past Excel's calendar. */
const MAX_INACTIVE_MONTHS = 1200;

/** 连续3个月未沟通 → 流失风险: TRUE once asOf reaches last contact + inactiveMonths months. */
export function churnFlag(
  lastSerial: number,
  asOf: number,
  inactiveMonths: number = CHURN_DEFAULT_MONTHS,
): boolean {
  checkSerial(lastSerial, "lastContact");
  checkSerial(asOf, "asOf");
  checkInteger(inactiveMonths, "inactiveMonths", 1, MAX_INACTIVE_MONTHS);
  return asOf >= addMonths(lastSerial, inactiveMonths);
}

/**
 * Whether a follow-up's `done` cell means finished: blank, FALSE and the 0 desktop Excel passes
 * for an empty cell mean open; anything else (a completion date, result text, TRUE) is finished.
 */
export function isFinished(done: unknown): boolean {
  return !(isBlank(done) || done === false || done === 0);
}

/** Due before the as-of date and not finished. */
export function overdue(dueSerial: number, finished: boolean, asOf: number): boolean {
  checkSerial(dueSerial, "dueDate");
  checkSerial(asOf, "asOf");
  return !finished && dueSerial < asOf;
}

export type NeedPriority = "高" | "中" | "低";

/** 3个月内 → 高 (past dates included), 3–6个月 → 中, later → 低. */
export function needPriority(expectedSerial: number, asOf: number): NeedPriority {
  checkSerial(expectedSerial, "expectedDate");
  checkSerial(asOf, "asOf");
  if (expectedSerial <= addMonths(asOf, 3)) return "高";
  return expectedSerial <= addMonths(asOf, 6) ? "中" : "低";
}

export type SizeTier = "<50人" | "50-200人" | ">200人";

export function sizeTier(employees: number): SizeTier {
  checkNonNegative(employees, "employees");
  if (!Number.isInteger(employees)) throw numError("notInteger", "employees", employees);
  if (employees < 50) return "<50人";
  return employees <= 200 ? "50-200人" : ">200人";
}

export type RevenueTier = "<500万" | "500-2000万" | ">2000万";

export function revenueTier(revenue: number): RevenueTier {
  checkNonNegative(revenue, "annualRevenue");
  if (revenue < 5_000_000) return "<500万";
  return revenue <= 20_000_000 ? "500-2000万" : ">2000万";
}

export type FeedbackSla = "按期完成" | "逾期完成" | "无法解决" | "已逾期" | "进行中";

const FEEDBACK_STATUSES: readonly string[] = [
  ...FEEDBACK_STATUS.open,
  FEEDBACK_STATUS.done,
  FEEDBACK_STATUS.unresolvable,
];

export function isFeedbackStatus(status: string): boolean {
  return FEEDBACK_STATUSES.includes(status);
}

/**
 * 已完成 → 逾期完成 when both dates are known and the actual one is later, else 按期完成;
 * 无法解决 → 无法解决; open statuses → 已逾期 once asOf is past the planned date, else 进行中.
 */
export function feedbackSla(
  status: string,
  plannedSerial: number | null,
  actualSerial: number | null,
  asOf: number,
): FeedbackSla {
  if (!isFeedbackStatus(status)) throw valueError("unknownStatus", "status", status);
  if (status === FEEDBACK_STATUS.done) {
    return plannedSerial !== null && actualSerial !== null && actualSerial > plannedSerial
      ? "逾期完成"
      : "按期完成";
  }
  if (status === FEEDBACK_STATUS.unresolvable) return "无法解决";
  return plannedSerial !== null && asOf > plannedSerial ? "已逾期" : "进行中";
}

/** prefix + YYYYMM + sequence padded to at least 3 digits: (2024-05-10, 1) → C202405001. */
export function customerId(createdSerial: number, sequence: number, prefix = "C"): string {
  checkSerial(createdSerial, "createdDate");
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw numError("outOfRange", "sequence", sequence, { min: 1, max: Number.MAX_SAFE_INTEGER });
  }
  const { y, m } = ymdFromSerial(createdSerial);
  return `${prefix}${y}${m < 10 ? "0" : ""}${m}${String(sequence).padStart(3, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Cell coercion
// ---------------------------------------------------------------------------------------------

const UNIT_TEN_THOUSAND = 0x4e07; // 万
const UNIT_HUNDRED_MILLION = 0x4ebf; // 亿
const UNIT_SUFFIXES = new Set([0x5143, 0x4eba, 0x5757]); // 元 人 块

/**
 * Numeric text in ASCII digits, white space and the units 万/亿 then 元/人/块
 * (" 500000 ", "120万", "1.2亿元"), read without NFKC or regular expressions:
 * a column of text amounts is the common case. Returns undefined for anything else (full-width
 * digits, currency signs, exponents, malformed text), which then takes toNumber's full path, so
 * the result is always the one toNumber gives.
 */
function plainNumberText(text: string): number | undefined {
  let digits = "";
  let factor = 1;
  let unitSeen = false;
  let suffixSeen = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) continue; // space, tab
    // A comma must separate groups of three digits ("1,2,3" is no amount): toNumber decides.
    if (c === 44) return undefined;
    if (suffixSeen) return undefined;
    if ((c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45) {
      if (unitSeen) return undefined;
      digits += text[i];
    } else if (c === UNIT_TEN_THOUSAND || c === UNIT_HUNDRED_MILLION) {
      if (unitSeen) return undefined;
      unitSeen = true;
      factor = c === UNIT_TEN_THOUSAND ? 1e4 : 1e8;
    } else if (UNIT_SUFFIXES.has(c)) {
      suffixSeen = true;
    } else {
      return undefined;
    }
  }
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(digits)) return undefined;
  const n = Number(digits) * factor;
  // Same rounding as toNumber: 1.2亿 is 120000000.00000001 in binary floating point.
  const out = factor === 1 ? n : Math.round(n * 100) / 100;
  return Number.isFinite(out) ? out : undefined;
}

/** A number argument; null when blank. Text with 万/亿/元/人 and separators is read as a number. */
export function numberArg(value: unknown, arg: ArgKey): number | null {
  if (typeof value === "number" && value < Infinity && value > -Infinity) return value;
  if (typeof value === "string") {
    const fast = plainNumberText(value);
    if (fast !== undefined) return fast;
  }
  const n = toNumber(value);
  if (n === BLANK) return null;
  if (n === INVALID) throw valueError("notNumber", arg, value);
  return n;
}

/** A rate argument (0.85 or "85%"); null when blank. Range checks belong to the typed rules. */
export function rateArg(value: unknown, arg: ArgKey): number | null {
  const n = toRate(value);
  if (n === BLANK) return null;
  if (n === INVALID) throw valueError("notRate", arg, value);
  return n;
}

/**
 * A date argument as a serial; null when blank (serial 0 included). A number outside Excel's
 * calendar is out of range (#NUM!); text that is not one of the four date forms, or an impossible
 * date such as 2024-02-30, is the wrong kind (#VALUE!).
 */
export function dateArg(value: unknown, arg: ArgKey): number | null {
  if (typeof value === "number") {
    // The fast path of the 1,000,000-call loops: a plain serial.
    if (value >= 1 && value < MAX_SERIAL + 1) return Math.floor(value);
    if (value >= 0 && value < 1) return null;
    if (Number.isFinite(value))
      throw numError("outOfRange", arg, value, { min: 1, max: MAX_SERIAL });
  }
  if (typeof value === "string") {
    const fast = isoDateSerial(value);
    if (fast !== undefined) return fast;
  }
  const serial = toSerial(value);
  if (serial === BLANK) return null;
  if (serial === INVALID) throw valueError("notDate", arg, value);
  return serial;
}

/** The number written in ASCII digits from `at` to `end`; -1 when any is not a digit. */
function digitsAt(text: string, at: number, end: number): number {
  let n = 0;
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return end > at ? n : -1;
}

/**
 * `YYYY-MM-DD`, `YYYY/M/D` or `YYYY.M.D` in plain ASCII, read without NFKC or regular expressions:
 * the common case in a column of text dates. Anything else (full-width digits, 年月日, spaces,
 * impossible dates) returns undefined and takes toSerial's full path.
 */
function isoDateSerial(text: string): number | undefined {
  const len = text.length;
  if (len < 8 || len > 10) return undefined;
  const sep = text.charCodeAt(4);
  if (sep !== 45 && sep !== 47 && sep !== 46) return undefined;
  const second = text.indexOf(text[4] ?? "", 5);
  if (second < 6 || second > 7 || len - second < 2 || len - second > 3) return undefined;
  const y = digitsAt(text, 0, 4);
  const m = digitsAt(text, 5, second);
  const d = digitsAt(text, second + 1, len);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return serialFromYmd(y, m, d);
}

/** The as-of date; omitted or blank means today's local date (what TODAY() returns). */
export function asOfArg(value: unknown): number {
  return dateArg(value, "asOf") ?? todaySerial();
}

/**
 * A text argument, trimmed and NFKC-normalised (full-width letters); null when blank. A numeric 0
 * counts as blank because desktop Excel passes an empty cell as 0 (office-js #4702) and 0 is never
 * meaningful text here.
 */
function textArg(value: unknown, arg: ArgKey, numbersAsText: boolean): string | null {
  if (isBlank(value) || value === 0) return null;
  if (typeof value === "string") return value.normalize("NFKC").trim();
  if (numbersAsText && typeof value === "number" && Number.isFinite(value)) return String(value);
  throw valueError("notText", arg, value);
}

/** "A", "a", "A类" → A; blank → ""; anything else is #VALUE!. */
export function parseAbcClass(value: unknown): AbcClass | "" {
  if (typeof value !== "string" && !isBlank(value) && value !== 0) {
    throw valueError("unknownClass", "abcClass", value);
  }
  const text = textArg(value, "abcClass", false);
  if (text === null) return "";
  const cls = text.replace(/类$/, "").toUpperCase();
  if (cls === "A" || cls === "B" || cls === "C") return cls;
  throw valueError("unknownClass", "abcClass", value);
}

/** Normalises a scalar-or-range argument to the 2-D shape Excel uses for ranges. */
function asMatrix(value: unknown): readonly (readonly unknown[])[] {
  if (!Array.isArray(value)) return [[value]];
  // Excel hands a range as rows of cells; normalise only a hand-made 1-D array.
  for (const row of value as unknown[]) {
    if (!Array.isArray(row)) return (value as unknown[]).map((r) => (Array.isArray(r) ? r : [r]));
  }
  return value as unknown[][];
}

// ---------------------------------------------------------------------------------------------
// Cell rules: Excel arguments in, Excel values out ("" for a blank primary input)
// ---------------------------------------------------------------------------------------------

export function abcClassCell(
  annualAmount: unknown,
  repurchaseRate?: unknown,
  aThreshold?: unknown,
  bThreshold?: unknown,
  highRepurchase?: unknown,
): AbcClass | "" {
  const amount = numberArg(annualAmount, "annualAmount");
  if (amount === null) return "";
  return abcClass(
    amount,
    rateArg(repurchaseRate, "repurchaseRate"),
    numberArg(aThreshold, "aThreshold") ?? ABC_DEFAULTS.aThreshold,
    numberArg(bThreshold, "bThreshold") ?? ABC_DEFAULTS.bThreshold,
    rateArg(highRepurchase, "highRepurchase") ?? ABC_DEFAULTS.highRepurchase,
  );
}

export type ParetoCell = AbcClass | "" | RuleError;

/**
 * PARETOCLASS. A single amount (or a 1×1 range) takes one linear pass over `amounts`; a larger
 * range of amounts is classified with one sort of the positive amounts and a binary search per
 * cell, and returns a same-shaped array (a spill). A cell that is not a number becomes a
 * RuleError in place, so one bad cell does not blank the whole spill.
 */
export function paretoClassCells(
  amount: unknown,
  amounts: unknown,
  aShare?: unknown,
  bShare?: unknown,
): ParetoCell[][] {
  const a = rateArg(aShare, "aShare") ?? PARETO_DEFAULTS.aShare;
  const b = rateArg(bShare, "bShare") ?? PARETO_DEFAULTS.bShare;
  checkParetoShares(a, b);
  const cells = asMatrix(amount);
  // No normalising copy of `amounts`: the one-cell form runs once per table row.
  const range: Range = Array.isArray(amounts) ? amounts : [amounts];
  const only = cells.length === 1 && cells[0]?.length === 1;
  if (only) return [[paretoCell(cells[0]?.[0], (x) => paretoClass(x, range, a, b))]];
  const index = paretoIndex(range);
  const out: ParetoCell[][] = new Array(cells.length);
  for (let r = 0; r < cells.length; r++) {
    const row = cells[r] ?? [];
    const classes: ParetoCell[] = new Array(row.length);
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      // Plain numbers, nearly every cell of a real column, skip the coercion call.
      classes[c] =
        typeof cell === "number" && cell < Infinity && cell > -Infinity
          ? paretoClassFromIndex(cell, index, a, b)
          : paretoCell(cell, (x) => paretoClassFromIndex(x, index, a, b));
    }
    out[r] = classes;
  }
  return out;
}

function paretoCell(cell: unknown, classify: (amount: number) => AbcClass): ParetoCell {
  try {
    const x = numberArg(cell, "amount");
    return x === null ? "" : classify(x);
  } catch (e) {
    if (e instanceof RuleError) return e;
    throw e;
  }
}

export function nextFollowUpCell(
  lastContact: unknown,
  abcClassValue?: unknown,
  cadenceMonths?: unknown,
): number | "" {
  const last = dateArg(lastContact, "lastContact");
  if (last === null) return "";
  const cls = parseAbcClass(abcClassValue);
  const cadence = numberArg(cadenceMonths, "cadenceMonths");
  return nextFollowUp(last, cls, cadence);
}

export function churnFlagCell(
  lastContact: unknown,
  asOf?: unknown,
  inactiveMonths?: unknown,
): boolean | "" {
  const last = dateArg(lastContact, "lastContact");
  if (last === null) return "";
  const months = numberArg(inactiveMonths, "inactiveMonths") ?? CHURN_DEFAULT_MONTHS;
  return churnFlag(last, asOfArg(asOf), months);
}

export function overdueCell(dueDate: unknown, done?: unknown, asOf?: unknown): boolean | "" {
  const due = dateArg(dueDate, "dueDate");
  if (due === null) return "";
  if (Array.isArray(done)) throw valueError("notText", "done", done);
  return overdue(due, isFinished(done), asOfArg(asOf));
}

export function needPriorityCell(expectedDate: unknown, asOf?: unknown): NeedPriority | "" {
  const expected = dateArg(expectedDate, "expectedDate");
  if (expected === null) return "";
  return needPriority(expected, asOfArg(asOf));
}

export function sizeTierCell(employees: unknown): SizeTier | "" {
  const n = numberArg(employees, "employees");
  return n === null ? "" : sizeTier(n);
}

export function revenueTierCell(annualRevenue: unknown): RevenueTier | "" {
  const n = numberArg(annualRevenue, "annualRevenue");
  return n === null ? "" : revenueTier(n);
}

export function feedbackSlaCell(
  status: unknown,
  plannedDate?: unknown,
  actualDate?: unknown,
  asOf?: unknown,
): FeedbackSla | "" {
  if (typeof status === "number" && status !== 0)
    throw valueError("unknownStatus", "status", status);
  const text = textArg(status, "status", false);
  if (text === null) return "";
  if (!isFeedbackStatus(text)) throw valueError("unknownStatus", "status", status);
  return feedbackSla(
    text,
    dateArg(plannedDate, "plannedDate"),
    dateArg(actualDate, "actualDate"),
    asOfArg(asOf),
  );
}

export function customerIdCell(createdDate: unknown, sequence: unknown, prefix?: unknown): string {
  const created = dateArg(createdDate, "createdDate");
  if (created === null) return "";
  const seq = numberArg(sequence, "sequence");
  if (seq === null) throw new RuleError("value", "required", { arg: "sequence" });
  const pre = textArg(prefix, "prefix", true) ?? "C";
  return customerId(created, seq, pre);
}

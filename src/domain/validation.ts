/**
 * Field and record validation, built from the schema. The forms (through react-hook-form's zod
 * resolver), the import and the data check all use these rules, so a value accepted by one is
 * accepted by all. Each input value is normalised on the way (text trimmed, dates to serials,
 * `120万` to 1200000, `85%` to 0.85), and every rejection carries a bilingual message.
 */
import { z } from "zod";
import { say, type Label, type Lang } from "./i18n";
import { columnDef, inputColumns, type ColumnDef, type ListValues, type TableKey } from "./schema";
import type { CrmRecord } from "./port";
import {
  BLANK,
  INVALID,
  formatSerial,
  toNumber,
  toRate,
  toSerial,
  toText,
  trimmedText,
  type Coerced,
} from "./values";

/**
 * The coercions and markers used for every field, bound once. Run as CommonJS (ts-jest, tsx,
 * the benchmark), an imported binding is read through two getters on every use; the import
 * validates 2.5 million fields, and those reads were ~5 % of its time. (A bundle reads the
 * bindings directly either way.)
 */
const textOf = toText;
const serialOf = toSerial;
const blankValue: typeof BLANK = BLANK;
const invalidValue: typeof INVALID = INVALID;

export type CellValue = string | number | boolean | null;

export interface ValidationContext {
  lists: ListValues;
  /** Today's serial: follow-ups may not be dated in the future. */
  today: number;
  /** Existing customer IDs, for must-exist references; omit to skip that check. */
  customerIds?: ReadonlySet<string>;
}

/**
 * The customer IDs a child row may refer to (`customerIds` above), from the customers' ID
 * values: trimmed text, blanks left out, so that the forms, the import, the writer and the
 * data check agree on which customers exist.
 */
export function customerIdSet(ids: Iterable<unknown>): Set<string> {
  const set = new Set<string>();
  for (const id of ids) {
    const text = trimmedText(id);
    if (text) set.add(text);
  }
  return set;
}

export interface FieldIssue {
  key: string;
  message: Label;
  params?: Record<string, string | number>;
}

/** The date forms the pane and import accept, with any numbers in them (validity not checked). */
const DATE_SHAPE = /^\d{4}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日?|\d{2}\d{2})$/;

export const MESSAGES = {
  required: { zh: "必填", en: "Required" },
  text: { zh: "请输入文本", en: "Enter text" },
  tooLong: {
    zh: "内容过长（最多 {max} 个字符）",
    en: "Too long (at most {max} {max|character|characters})",
  },
  date: { zh: "日期格式不正确，请用 YYYY-MM-DD", en: "Not a date; use YYYY-MM-DD" },
  noSuchDate: { zh: "没有这一天：“{value}”", en: "No such date: “{value}”" },
  dateFuture: { zh: "日期不能晚于今天", en: "The date cannot be in the future" },
  dateBefore: { zh: "不能早于反馈日期 {date}", en: "Cannot be before the feedback date {date}" },
  number: { zh: "请输入数字（可带 万/亿/元）", en: "Enter a number (万/亿/元 allowed)" },
  integer: { zh: "请输入整数", en: "Enter a whole number" },
  min: { zh: "不能小于 {min}", en: "Must be at least {min}" },
  max: { zh: "不能大于 {max}", en: "Must be at most {max}" },
  positive: { zh: "必须大于 {min}", en: "Must be greater than {min}" },
  rate: { zh: "请输入 0–100% 之间的比例，如 85%", en: "Enter a rate from 0 to 100%, e.g. 85%" },
  list: { zh: "“{value}”不在可选项中", en: "“{value}” is not one of the choices" },
  items: {
    zh: "请填写 1–{max} 项，用顿号或逗号分隔",
    en: "Enter 1 to {max} {max|item|items}, separated by commas",
  },
  phone: { zh: "电话号码格式不正确", en: "Not a valid phone number" },
  email: { zh: "邮箱格式不正确", en: "Not a valid email address" },
  mustExist: { zh: "客户编号“{value}”不存在", en: "No customer with ID “{value}”" },
  id: { zh: "编号格式不正确", en: "Not a valid ID" },
} satisfies Record<string, Label>;

/**
 * Text that NFKC cannot change: printable ASCII and the CJK Unified Ideographs (no
 * decompositions, and no composition pairs among them). Most cells are such text, and `normalize` is costly.
 */
const NFKC_STABLE = /^[\t\n\r\u0020-\u007e\u4e00-\u9fff]*$/;

/** `text.normalize("NFKC")`, skipping the call for text it cannot change. */
export function nfkc(text: string): string {
  return NFKC_STABLE.test(text) ? text : text.normalize("NFKC");
}

/** A plain amount as imports and forms mostly carry it: `205`, `1.5`, `205人`, `1.2亿元`. */
const PLAIN_NUMBER = /^(\d+(?:\.\d+)?)(万|亿)?(元|人|块)?$/;
const PLAIN_RATE = /^(\d+(?:\.\d+)?)%$/;

/**
 * toNumber with a fast path for plain amounts. For text PLAIN_NUMBER matches, toNumber's
 * NFKC, separator and currency steps change nothing and its pattern reads the same groups,
 * so the arithmetic below is its arithmetic; anything else goes to toNumber.
 */
function numberOf(raw: unknown): Coerced<number> {
  if (typeof raw === "string") {
    const m = PLAIN_NUMBER.exec(raw);
    if (m) {
      const n = m[2]
        ? Math.round(Number(m[1]) * (m[2] === "亿" ? 1e8 : 1e4) * 100) / 100
        : Number(m[1]);
      return Number.isFinite(n) ? n : invalidValue;
    }
  }
  return toNumber(raw);
}

/** toRate with the same kind of fast path (`85%`). */
function rateOf(raw: unknown): Coerced<number> {
  if (typeof raw === "string") {
    const m = PLAIN_RATE.exec(raw);
    if (m) return Number(m[1]) / 100;
    return toRate(raw);
  }
  return numberOf(raw);
}

/** Excel's limit for the text of one cell (the import checks 备注 against it too). */
export const MAX_TEXT = 32_767;
const ITEM_SEPARATORS = /[、,，;；\n]+/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type FieldResult = { ok: true; value: CellValue } | { ok: false; issue: Omit<FieldIssue, "key"> };

/**
 * A rejected value inside the validator. The per-field functions return the accepted value
 * itself or one of these, rather than a `{ ok, value }` wrapper: the import validates 25 fields
 * of 100,000 rows, and 2.5 million short-lived wrappers were a good part of its GC time.
 */
class FieldFailure {
  constructor(readonly issue: Omit<FieldIssue, "key">) {}
}

type FieldOutcome = CellValue | FieldFailure;

/**
 * What a caller may remember per column: a field's outcome for a text value. It depends on the
 * column, the text and the context's lists only, so one import (one context) can reuse it for
 * every row with the same text (undefined: not remembered).
 */
export interface FieldMemo {
  get(text: string): FieldOutcome | undefined;
  set(text: string, outcome: FieldOutcome): void;
}
export type { FieldOutcome };

const ok = (value: CellValue): FieldOutcome => value;
const fail = (message: Label, params?: Record<string, string | number>): FieldOutcome =>
  new FieldFailure({ message, params });

function checkRange(col: ColumnDef, n: number): FieldOutcome {
  if (col.min !== undefined) {
    if (col.exclusiveMin && n <= col.min) return fail(MESSAGES.positive, { min: col.min });
    if (n < col.min) return fail(MESSAGES.min, { min: col.min });
  }
  if (col.max !== undefined && n > col.max) return fail(MESSAGES.max, { max: col.max });
  return ok(n);
}

function numeric(col: ColumnDef, coerced: Coerced<number>, bad: Label): FieldOutcome {
  if (coerced === invalidValue || coerced === blankValue) return fail(bad);
  return checkRange(col, coerced);
}

/** Splits and rejoins a multi-item cell (核心需求 1–3 items) with the Chinese enumeration comma. */
export function splitItems(text: string): string[] {
  return text
    .split(ITEM_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Phone numbers: one or several (`010-8888 6666/13800138000`), each with 5–20 digits once
 * spaces, dashes, brackets, a `+86` prefix and an extension are taken away. This is the block
 * (text that is no phone number at all); phone.ts tells a doubtful number from a good one.
 */
export function isPhone(text: string): boolean {
  return plainIsPhone(text) ?? generalIsPhone(text);
}

/** Items text that splitItems would change or that holds another separator than a single 、. */
const LOOSE_ITEMS = /[,，;；\s]|^、|、$|、、/;

function itemCount(text: string): number {
  let count = 1;
  for (let at = text.indexOf("、"); at >= 0; at = text.indexOf("、", at + 1)) count++;
  return count;
}

/**
 * isPhone for text of ASCII digits, spaces, `-`, `(`, `)` and `/` only, read by character codes:
 * NFKC leaves it as it is, `/` is its only separator, no part ends in an extension, and every
 * part passes the character test; what remains is each part's digit count after a leading
 * `86` (and one space or dash) is dropped. Undefined for any other text.
 */
function plainIsPhone(text: string): boolean | undefined {
  const n = text.length;
  let parts = 0;
  let good = true;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0x2f;
    if (c === 0x2f) {
      // One part: text[start, i), trimmed of spaces.
      let from = start;
      let to = i;
      while (from < to && text.charCodeAt(from) === 0x20) from++;
      while (to > from && text.charCodeAt(to - 1) === 0x20) to--;
      if (to > from) {
        parts++;
        if (
          to - from >= 2 &&
          text.charCodeAt(from) === 0x38 &&
          text.charCodeAt(from + 1) === 0x36
        ) {
          from += 2;
          const next = text.charCodeAt(from);
          if (from < to && (next === 0x20 || next === 0x2d)) from++;
        }
        let digits = 0;
        for (let k = from; k < to; k++) {
          const d = text.charCodeAt(k);
          if (d >= 0x30 && d <= 0x39) digits++;
        }
        // The general path's core is empty when the part was just "86": its character test fails.
        if (from >= to || digits < 5 || digits > 20) good = false;
      }
      start = i + 1;
    } else if (!(c >= 0x30 && c <= 0x39) && c !== 0x20 && c !== 0x2d && c !== 0x28 && c !== 0x29)
      return undefined;
  }
  return parts > 0 && good;
}

/** isPhone without its fast path (exported for the property test of that path). */
export function generalIsPhone(text: string): boolean {
  const parts = nfkc(text)
    .split(/[/、,;]|或/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    parts.length > 0 &&
    parts.every((p) => {
      // Extensions as written in China (转 / 分机 / #) or abroad (ext. / x); a country code
      // (+86, also in brackets, or any other: customers abroad have phones too).
      const core = p
        .replace(/(转|分机|ext\.?|x|#)\s*\d+$/i, "")
        .replace(/^\(\s*\+86\s*\)\s*|^\+\d{1,3}[\s-]?|^86[\s-]?/, "");
      if (!/^[\d\s\-()]+$/.test(core)) return false;
      const digits = core.replace(/\D/g, "");
      return digits.length >= 5 && digits.length <= 20;
    })
  );
}

/**
 * Normalises and validates one input value of a column. Blank values pass unless required;
 * the returned value is what gets written to the workbook.
 */
export function normalizeField(col: ColumnDef, raw: unknown, ctx: ValidationContext): FieldResult {
  const outcome = fieldOutcome(col, raw, ctx);
  return outcome instanceof FieldFailure
    ? { ok: false, issue: outcome.issue }
    : { ok: true, value: outcome };
}

/** normalizeField without the result wrapper (see FieldFailure). */
function fieldOutcome(col: ColumnDef, raw: unknown, ctx: ValidationContext): FieldOutcome {
  const text = textOf(raw);
  if (text === blankValue) return col.required ? fail(MESSAGES.required) : ok(null);
  switch (col.type) {
    case "date": {
      const serial = serialOf(raw, true);
      if (typeof serial === "number") return ok(serial);
      // 2027-13-45 is written right but is no day of any calendar: say that, quoting it, not
      // that the format is wrong (the user would look for a typo in the separators).
      return typeof raw === "string" && DATE_SHAPE.test(raw.normalize("NFKC").trim())
        ? fail(MESSAGES.noSuchDate, { value: raw.trim() })
        : fail(MESSAGES.date);
    }
    case "integer": {
      // toInteger is toNumber plus a whole-number check; read the number once.
      const n = numberOf(raw);
      if (typeof n !== "number")
        return fail(n === invalidValue ? MESSAGES.number : MESSAGES.integer);
      return Number.isInteger(n) ? checkRange(col, n) : fail(MESSAGES.integer);
    }
    case "money":
    case "number":
      return numeric(col, numberOf(raw), MESSAGES.number);
    case "rate": {
      let rate = rateOf(raw);
      // "85" typed into a rate field means 85 %: rates above 1 up to 100 are percentages.
      const percentText = typeof raw === "string" && raw.includes("%");
      if (
        typeof rate === "number" &&
        rate > 1 &&
        rate <= 100 &&
        typeof raw === "string" &&
        !percentText
      ) {
        rate = rate / 100;
      }
      if (typeof rate !== "number" || rate < 0 || rate > 1) return fail(MESSAGES.rate);
      return ok(rate);
    }
    case "boolean":
      return typeof raw === "boolean" ? ok(raw) : fail(MESSAGES.text);
    default:
      break;
  }
  if (text === invalidValue) return fail(MESSAGES.text);
  if (text.length > MAX_TEXT) return fail(MESSAGES.tooLong, { max: MAX_TEXT });
  switch (col.type) {
    case "list": {
      const choices = col.list ? ctx.lists[col.list] : [];
      return choices.includes(text) ? ok(text) : fail(MESSAGES.list, { value: text });
    }
    case "items": {
      const max = col.maxItems ?? 3;
      // Text already in the joined form (items between single 、, nothing to trim) is its own result.
      if (!LOOSE_ITEMS.test(text)) {
        const count = itemCount(text);
        return count <= max ? ok(text) : fail(MESSAGES.items, { max });
      }
      const items = splitItems(text);
      return items.length >= 1 && items.length <= max
        ? ok(items.join("、"))
        : fail(MESSAGES.items, { max });
    }
    case "phone":
      return isPhone(text) ? ok(nfkc(text)) : fail(MESSAGES.phone);
    case "email": {
      const email = nfkc(text).toLowerCase();
      return EMAIL.test(email) ? ok(email) : fail(MESSAGES.email);
    }
    default:
      return ok(text);
  }
}

/**
 * The issues of every valid row: one shared, frozen empty list. The import validates 100,000
 * rows and keeps each row's list; an empty array per row was 3 MB of objects to collect.
 */
const NO_ISSUES: FieldIssue[] = Object.freeze([]) as unknown as FieldIssue[];

/** `issues` with `issue` added: a new list when `issues` is the shared empty one. */
function withIssue(issues: FieldIssue[], issue: FieldIssue): FieldIssue[] {
  const list = issues === NO_ISSUES ? [] : issues;
  list.push(issue);
  return list;
}

/**
 * Rules that involve more than one field or the rest of the workbook, added to `issues`;
 * returns the list, a new one when `issues` is the shared empty list.
 */
function addCrossFieldIssues(
  table: TableKey,
  record: CrmRecord,
  ctx: ValidationContext,
  list: FieldIssue[],
): FieldIssue[] {
  let issues = list;
  const customerId = record.customerId;
  if (
    table !== "customers" &&
    ctx.customerIds &&
    typeof customerId === "string" &&
    !ctx.customerIds.has(customerId)
  ) {
    issues = withIssue(issues, {
      key: "customerId",
      message: MESSAGES.mustExist,
      params: { value: customerId },
    });
  }
  if (table === "interactions" && typeof record.date === "number" && record.date > ctx.today) {
    issues = withIssue(issues, { key: "date", message: MESSAGES.dateFuture });
  }
  if (
    table === "feedback" &&
    typeof record.date === "number" &&
    typeof record.actualDate === "number" &&
    record.actualDate < record.date
  ) {
    issues = withIssue(issues, {
      key: "actualDate",
      message: MESSAGES.dateBefore,
      params: { date: formatSerial(record.date) },
    });
  }
  return issues;
}

export interface RecordResult {
  /** The normalised record (input columns only; invalid fields are left out). */
  record: CrmRecord;
  issues: FieldIssue[];
}

/**
 * A table's validation prepared once: the input columns in sheet order and a record template.
 * The import validates 100,000 rows with it; rebuilding the column list and growing each
 * record key by key (V8 turns such an object into a hash table past ~16 keys, three times
 * the memory of a fast object) dominated its time and memory.
 */
export interface TableValidator {
  readonly table: TableKey;
  /** Input columns in sheet order; `values[i]` of `validate` belongs to `columns[i]`. */
  readonly columns: readonly ColumnDef[];
  /** Position of each input column key in `columns`. */
  readonly positions: ReadonlyMap<string, number>;
  /**
   * Validates one row given by column position (see validateRecord). With `memos` (by column
   * position, for one context), text outcomes are remembered.
   */
  validate(
    values: readonly unknown[],
    ctx: ValidationContext,
    memos?: readonly FieldMemo[],
  ): RecordResult;
}

const validators = new Map<TableKey, TableValidator>();

function isBlankInput(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

export function tableValidator(table: TableKey): TableValidator {
  const cached = validators.get(table);
  if (cached) return cached;
  const columns = inputColumns(table);
  const positions = new Map(columns.map((c, i) => [c.key, i] as const));
  // Every record starts as a copy of this object, so all records share one fast shape.
  // (Built by fromEntries: an object grown by 25 keyed stores is a hash table, and so are
  // its copies.)
  const template: CrmRecord = Object.fromEntries(columns.map((c) => [c.key, null]));
  // A column's literal default (the schema's defaultValue; "today" is the forms' business)
  // stands in for a blank value: a new feedback entry starts as 待处理.
  const fills = columns.map((c) =>
    c.defaultValue !== undefined && c.defaultValue !== "today" ? c.defaultValue : undefined,
  );
  const validate = (
    values: readonly unknown[],
    ctx: ValidationContext,
    memos?: readonly FieldMemo[],
  ): RecordResult => {
    const record: CrmRecord = { ...template };
    let issues = NO_ISSUES;
    let rejected: string[] | undefined;
    for (let i = 0; i < columns.length; i++) {
      const col = columns[i] as ColumnDef;
      const fill = fills[i];
      const value = fill !== undefined && isBlankInput(values[i]) ? fill : values[i];
      if (col.kind === "auto" && isBlankInput(value)) continue;
      const memo = memos !== undefined && typeof value === "string" ? memos[i] : undefined;
      let result = memo?.get(value as string);
      if (result === undefined) {
        result = fieldOutcome(col, value, ctx);
        memo?.set(value as string, result);
      }
      if (!(result instanceof FieldFailure)) record[col.key] = result;
      else {
        issues = withIssue(issues, { key: col.key, ...result.issue });
        (rejected ??= []).push(col.key);
      }
    }
    // Invalid fields are left out of the record, as callers expect.
    if (rejected) for (const key of rejected) delete record[key];
    return { record, issues: addCrossFieldIssues(table, record, ctx, issues) };
  };
  const validator: TableValidator = { table, columns, positions, validate };
  validators.set(table, validator);
  return validator;
}

/**
 * Validates a draft or an imported row: every input column (auto IDs may be blank, they are
 * allocated at write time), then the cross-field rules. Unknown keys are ignored.
 */
export function validateRecord(
  table: TableKey,
  raw: Readonly<Record<string, unknown>>,
  ctx: ValidationContext,
): RecordResult {
  const validator = tableValidator(table);
  const values = validator.columns.map((col) => raw[col.key]);
  return validator.validate(values, ctx);
}

/**
 * The zod schema of a table's record, for react-hook-form's zodResolver and for callers that
 * prefer zod's result shape. Issues carry the column key as path and a message in `lang`.
 */
export function recordSchema(table: TableKey, ctx: ValidationContext, lang: Lang) {
  return z.record(z.string(), z.unknown()).transform((raw, zctx) => {
    const { record, issues } = validateRecord(table, raw, ctx);
    for (const issue of issues) {
      zctx.addIssue({
        code: "custom",
        path: [issue.key],
        message: say(issue.message, lang, issue.params),
      });
    }
    return record;
  });
}

/**
 * Problems that warn rather than block (issue 15): a malformed email or phone and a value
 * outside a list. Each sits in a secondary field whose value a person can still read and fix
 * later, and rejecting the row for it would cost the whole record (a customer and, through the
 * references, its follow-ups). So the import writes such a row with the value as given, the
 * writers accept it (the forms still refuse it: a person typing can fix it on the spot), and
 * the data check marks the cell afterwards. Everything else blocks: a required field left
 * blank, a reference to a customer that does not exist, and values that cannot be what the
 * column means (text in an amount, a negative amount, a rate over 100 %, an unreadable date,
 * a follow-up dated in the future, text longer than a cell holds), because the workbook's
 * formulas (totals, 下次跟进, 流失预警) would read them wrongly or not at all.
 */
const WARNING_MESSAGES: ReadonlySet<Label> = new Set<Label>([
  MESSAGES.list,
  MESSAGES.email,
  MESSAGES.phone,
]);

/** Whether an issue warns (the value is kept as given) rather than blocks (see above). */
export function isWarningIssue(issue: Pick<FieldIssue, "message">): boolean {
  return WARNING_MESSAGES.has(issue.message);
}

/**
 * A draft as a writer stores it (both adapters): validated and normalised; a value with a
 * warning (off-list, malformed email or phone) goes as given, trimmed, and list values always
 * do, since the workbook's own lists may differ from the schema's. `issues` are those that
 * block the write.
 */
export function validateForWrite(
  table: TableKey,
  draft: Readonly<Record<string, unknown>>,
  ctx: ValidationContext,
): RecordResult {
  const { record, issues } = validateRecord(table, draft, ctx);
  const blocking: FieldIssue[] = [];
  const warned = new Set<string>();
  for (const issue of issues) {
    if (isWarningIssue(issue)) warned.add(issue.key);
    else blocking.push(issue);
  }
  for (const col of inputColumns(table)) {
    const value = draft[col.key];
    if (value === undefined || value === null) continue;
    if (col.list || warned.has(col.key))
      record[col.key] = typeof value === "string" ? value.trim() : (value as CellValue);
  }
  return { record, issues: blocking };
}

/** Formats an issue for display: `客户名称: 必填`. */
export function describeIssue(table: TableKey, issue: FieldIssue, lang: Lang): string {
  // A Chinese sentence takes the full-width colon, with no space after it.
  const sep = lang === "zh" ? "：" : ": ";
  return `${columnDef(table, issue.key).header[lang]}${sep}${say(issue.message, lang, issue.params)}`;
}

/** Every table's input column keys, in sheet order (for forms and import previews). */
export function inputKeys(table: TableKey): string[] {
  return inputColumns(table).map((c) => c.key);
}

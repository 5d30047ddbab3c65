/**
 * Doubtful values: valid by the column's rules, but likely a mistake, so the import lists them
 * as warnings (the row is still written, the value kept) and the data check lists them beside
 * the warnings of validation (isWarningIssue): a phone number that fits no Chinese numbering
 * plan (phone.ts) and a date far in the past or the future.
 */
import type { Label } from "./i18n";
import { checkPhone, PHONE_MESSAGES } from "./phone";
import type { CrmRecord } from "./port";
import { inputColumns, type ColumnDef, type TableKey } from "./schema";
import { formatSerial, serialFromYmd } from "./values";
import type { FieldIssue } from "./validation";

export const DOUBT_MESSAGES = {
  unusualDate: {
    zh: "日期 {value} 不太寻常（早于 {from} 或晚于今天 {years} 年以上），请核对",
    en: "Unusual date {value} (before {from} or more than {years} years after today); please check it",
  },
} satisfies Record<string, Label>;

/**
 * Dates before this are taken for typos (1924 for 2024): the CRM records a company's dealings,
 * and no customer relationship kept in these templates reaches back to before 1980.
 */
export const EARLIEST_USUAL_DATE = serialFromYmd(1980, 1, 1);
/**
 * Plans (计划完成时间, 预计采购时间) may lie ahead, but not this far: more than five years after
 * today is taken for a typo (2204 for 2024).
 */
export const USUAL_YEARS_AHEAD = 5;

/** No doubts: one shared, frozen list (the import keeps a list per row). */
const NONE: FieldIssue[] = Object.freeze([]) as unknown as FieldIssue[];

/** Whether a date serial lies outside the usual span (today is the as-of date). */
export function isUnusualDate(serial: number, today: number): boolean {
  return serial < EARLIEST_USUAL_DATE || serial > today + Math.round(USUAL_YEARS_AHEAD * 365.25);
}

/** Each table's date and phone input columns, found once (the import asks on every row). */
const doubtColumns = new Map<TableKey, ColumnDef[]>();

function columnsToDoubt(table: TableKey): ColumnDef[] {
  let cols = doubtColumns.get(table);
  if (!cols) {
    cols = inputColumns(table).filter((c) => c.type === "date" || c.type === "phone");
    doubtColumns.set(table, cols);
  }
  return cols;
}

/**
 * The doubtful values of a validated record (dates as serials, phones as text). `phones: false`
 * leaves phones out (the import: see RowReader.read).
 */
export function recordDoubts(
  table: TableKey,
  record: CrmRecord,
  today: number,
  options: { phones?: boolean } = {},
): FieldIssue[] {
  const phones = options.phones ?? true;
  let out: FieldIssue[] | undefined;
  for (const col of columnsToDoubt(table)) {
    const value = record[col.key];
    if (col.type === "date" && typeof value === "number" && isUnusualDate(value, today)) {
      (out ??= []).push({
        key: col.key,
        message: DOUBT_MESSAGES.unusualDate,
        params: {
          value: formatSerial(value),
          from: formatSerial(EARLIEST_USUAL_DATE),
          years: USUAL_YEARS_AHEAD,
        },
      });
    } else if (phones && col.type === "phone" && typeof value === "string" && value.trim()) {
      const check = checkPhone(value);
      const first = check.parts.find((p) => p.doubt);
      if (check.verdict === "doubtful" && first?.doubt)
        (out ??= []).push({
          key: col.key,
          message: PHONE_MESSAGES[first.doubt],
          params: { number: first.text },
        });
    }
  }
  return out ?? NONE;
}

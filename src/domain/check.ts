/**
 * The whole-workbook data check (SPEC §5). Excel's list validation stops typing, not pasting, and
 * rows written by other tools never met the forms, so every CRM table is scanned with the same
 * rules as the forms and the import (`validateRecord`), plus the rules that need the whole
 * table: missing and duplicate IDs, duplicate customer names, references to customers that do
 * not exist. One pass per table with hash sets: linear in the number of rows.
 */
import { recordDoubts } from "./doubts";
import { normalizeName } from "./duplicates";
import type { Label } from "./i18n";
import type { CrmRecord } from "./port";
import { TABLES, TABLE_KEYS, inputColumns, type ListValues, type TableKey } from "./schema";
import {
  MESSAGES,
  customerIdSet,
  inputKeys,
  isWarningIssue,
  validateRecord,
  type ValidationContext,
} from "./validation";
import { formatSerial, isBlank } from "./values";

export interface Problem {
  table: TableKey;
  /** 0-based data row of the table. */
  row: number;
  /** Column key. */
  column: string;
  /** The cell's value as text (dates as YYYY-MM-DD), for the list. */
  value: string;
  reason: Label;
  params?: Record<string, string | number>;
  /**
   * "warning": a doubtful value the import writes as given (a malformed email or phone, a phone
   * that fits no Chinese numbering plan, an off-list value, an unusual date; isWarningIssue and
   * doubts.ts). Worth a look, but the rest of the workbook reads the row fine. Absent: an error.
   */
  severity?: "warning";
}

export const CHECK_MESSAGES = {
  missingId: { zh: "缺少编号", en: "Missing ID" },
  duplicateId: { zh: "编号与第 {row} 行重复", en: "Same ID as data row {row}" },
  duplicateName: { zh: "客户名称与第 {row} 行重复", en: "Same customer name as data row {row}" },
  dateAsText: {
    zh: "日期存成了文本，公式和筛选不会把它当日期",
    en: "A date stored as text; formulas and filters will not treat it as a date",
  },
  numberAsText: {
    zh: "数字存成了文本，合计和分类不会计算它",
    en: "A number stored as text; totals and classes will not count it",
  },
} satisfies Record<string, Label>;

export interface CheckInput {
  /** Rows of each table as read from the workbook; a missing table is skipped. */
  records: Partial<Record<TableKey, readonly CrmRecord[]>>;
  lists: ListValues;
  /** The as-of date: follow-ups after it are "in the future". */
  today: number;
}

function display(table: TableKey, column: string, value: unknown): string {
  if (isBlank(value)) return "";
  const col = TABLES[table].columns.find((c) => c.key === column);
  if (col?.type === "date" && typeof value === "number" && value > 0) return formatSerial(value);
  return String(value);
}

export function checkWorkbook(input: CheckInput): Problem[] {
  const problems: Problem[] = [];
  const customerIds = customerIdSet((input.records.customers ?? []).map((c) => c.customerId));
  const ctx: ValidationContext = { lists: input.lists, today: input.today, customerIds };

  for (const table of TABLE_KEYS) {
    const records = input.records[table];
    if (!records) continue;
    const keys = inputKeys(table);
    const typed = inputColumns(table).filter((c) =>
      ["date", "integer", "money", "number", "rate"].includes(c.type),
    );
    const idColumn = TABLES[table].idColumn;
    const ids = new Map<string, number>();
    const names = new Map<string, number>();
    records.forEach((raw, row) => {
      if (keys.every((k) => isBlank(raw[k]))) return;
      const push = (column: string, reason: Label, params?: Problem["params"], warning = false) =>
        problems.push({
          table,
          row,
          column,
          value: display(table, column, raw[column]),
          reason,
          params,
          ...(warning ? { severity: "warning" as const } : {}),
        });

      const { record, issues } = validateRecord(
        table,
        raw,
        table === "customers" ? { ...ctx, customerIds: undefined } : ctx,
      );
      for (const issue of issues)
        push(issue.key, issue.message, issue.params, isWarningIssue(issue));
      // A doubt about a value that already has a problem (a follow-up in 2099) adds nothing.
      for (const doubt of recordDoubts(table, record, input.today))
        if (!issues.some((i) => i.key === doubt.key))
          push(doubt.key, doubt.message, doubt.params, true);
      // The forms default a blank feedback status to 待处理; in the sheet a blank one is missing.
      if (table === "feedback" && isBlank(raw.status)) push("status", MESSAGES.required);
      // Valid once normalised, but Excel's own formulas (COUNTIFS, MAXIFS, the dashboard) need
      // a real date or number in the cell, not text that looks like one.
      for (const col of typed) {
        const value = raw[col.key];
        if (typeof value !== "string" || !value.trim() || issues.some((i) => i.key === col.key))
          continue;
        push(
          col.key,
          col.type === "date" ? CHECK_MESSAGES.dateAsText : CHECK_MESSAGES.numberAsText,
        );
      }

      const id = raw[idColumn];
      if (isBlank(id)) push(idColumn, CHECK_MESSAGES.missingId);
      else {
        const key = String(id).trim().toUpperCase();
        const first = ids.get(key);
        if (first === undefined) ids.set(key, row);
        else push(idColumn, CHECK_MESSAGES.duplicateId, { row: first + 1 });
      }
      if (table === "customers" && typeof raw.name === "string" && raw.name.trim()) {
        const key = normalizeName(raw.name);
        const first = names.get(key);
        if (first === undefined) names.set(key, row);
        else push("name", CHECK_MESSAGES.duplicateName, { row: first + 1 });
      }
    });
  }
  return problems;
}

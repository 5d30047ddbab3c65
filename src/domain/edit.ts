/**
 * Editing an existing record: what changed in the form (only those cells are written), and
 * whether the row changed in the workbook since the form was opened (a co-author's edit), so
 * a save never overwrites someone else's change silently.
 *
 * Values are compared as the workbook means them, not as they are typed: a date cell (serial
 * 45422) equals the form's "2024-05-10", 120000 equals "120,000", " 张伟 " equals "张伟".
 */
import type { Lang } from "./i18n";
import type { CrmRecord } from "./port";
import { TABLES, columnDef, headerOf, type TableKey } from "./schema";
import { formatSerial, toNumber, toRate, toSerial } from "./values";

/** The comparable form of a cell or form value for a column. */
export function comparable(table: TableKey, key: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" && value.trim() === "") return "";
  const col = columnDef(table, key);
  if (col.type === "date") {
    const s = toSerial(value, true);
    if (typeof s === "number") return `d:${s}`;
  } else if (col.type === "rate") {
    const r = toRate(value);
    if (typeof r === "number") return `n:${Math.round(r * 1e9) / 1e9}`;
  } else if (["integer", "money", "number"].includes(col.type)) {
    const n = toNumber(value);
    if (typeof n === "number") return `n:${n}`;
  }
  if (typeof value === "boolean") return value ? "b:1" : "b:0";
  return `t:${String(value).normalize("NFKC").trim()}`;
}

/** The input columns of a table that an edit may write (never the ID, never computed ones). */
export function editableKeys(table: TableKey): string[] {
  const def = TABLES[table];
  return def.columns.filter((c) => c.kind === "input" && c.key !== def.idColumn).map((c) => c.key);
}

/** Keys among `keys` whose values differ between two versions of a record. */
export function differingKeys(
  table: TableKey,
  a: CrmRecord,
  b: CrmRecord,
  keys: readonly string[] = editableKeys(table),
): string[] {
  return keys.filter((k) => comparable(table, k, a[k]) !== comparable(table, k, b[k]));
}

/**
 * The patch an edit writes: the editable fields the user changed against the values read when
 * the form was opened, with the validated values of `edited`. Empty when nothing changed.
 */
export function editPatch(
  table: TableKey,
  opened: CrmRecord,
  edited: CrmRecord,
  /** The fields the form shows: a field it does not show is never part of the patch. */
  keys: readonly string[] = editableKeys(table),
): CrmRecord {
  const editable = new Set(editableKeys(table));
  const patch: CrmRecord = {};
  const shown = keys.filter((k) => editable.has(k));
  for (const k of differingKeys(table, opened, edited, shown)) patch[k] = edited[k] ?? null;
  return patch;
}

/** One field a co-author changed since the form was opened. */
export interface ConflictField {
  key: string;
  /** The value when the form was opened. */
  opened: CrmRecord[string];
  /** The value in the workbook now. */
  current: CrmRecord[string];
}

/**
 * The row changed in the workbook since the form was opened; nothing was written. `fields`
 * says which and how; `current` is the row now (the form may reload it).
 */
export class EditConflict extends Error {
  constructor(
    readonly table: TableKey,
    readonly id: string,
    readonly fields: readonly ConflictField[],
    readonly current: CrmRecord,
  ) {
    super(
      `${id}：打开表单后此行已被修改(${fields.map((f) => headerOf(table, f.key, "zh")).join("、")}) / ` +
        `${id} changed since the form was opened`,
    );
    this.name = "EditConflict";
  }

  /** Which fields differ, in the pane's language. */
  text(lang: Lang): string {
    const names = this.fields.map((f) => headerOf(this.table, f.key, lang));
    return lang === "zh"
      ? `打开表单后，其他人修改了此记录的：${names.join("、")}`
      : `Since you opened the form, someone changed: ${names.join(", ")}`;
  }
}

/**
 * The fields of `current` that differ from `opened` (the row as read when the form opened),
 * over every editable column: a co-author's change to a field this edit does not write is
 * kept anyway, but the user is told before saving over a row that moved.
 */
export function conflictFields(
  table: TableKey,
  opened: CrmRecord,
  current: CrmRecord,
): ConflictField[] {
  return differingKeys(table, opened, current).map((key) => ({
    key,
    opened: opened[key] ?? null,
    current: current[key] ?? null,
  }));
}

/** A stored value as a form field shows it: dates as YYYY-MM-DD, rates as percent text. */
export function formValueOf(table: TableKey, key: string, value: unknown): string {
  if (value === null || value === undefined) return "";
  const col = columnDef(table, key);
  if (col.type === "date") {
    const s = toSerial(value, true);
    if (typeof s === "number") return formatSerial(s);
  }
  if (col.type === "rate" && typeof value === "number") {
    return `${Math.round(value * 1e6) / 1e4}%`;
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

/** The form values of a stored record for the given fields. */
export function formValuesOf(
  table: TableKey,
  record: CrmRecord,
  keys: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = formValueOf(table, k, record[k]);
  return out;
}

/**
 * A CRM table's rows as Excel returns them (a header row and arrays of cell values) → records
 * keyed by column, and a list table's body → the list's choices. Pure: the adapter reads the cells, this decides what they mean, so the rule
 * for "a fresh table's empty row is no record" lives in one place with its tests.
 */
import { mapHeaders } from "./headers";
import type { CrmRecord } from "./port";
import {
  columnDef,
  defaultListValues,
  type ListKey,
  type ListValues,
  type TableKey,
} from "./schema";

/** Column key of each table column, by position; null for columns the schema does not know. */
export function columnKeys(table: TableKey, headerRow: readonly unknown[]): (string | null)[] {
  return mapHeaders(table, headerRow).map((a) => (a.kind === "column" ? a.key : null));
}

/** A cell as read from Excel → a record value; empty cells become null. */
export function fromCell(value: unknown): CrmRecord[string] {
  if (value === "" || value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return value;
  }
  return String(value);
}

/**
 * Whether a data row holds no input value. Computed columns do not count: a fresh table's one
 * data row shows its calculated columns' results (0, "", a class) and is still empty.
 */
export function isBlankDataRow(
  row: readonly unknown[],
  keys: readonly (string | null)[],
  table: TableKey,
): boolean {
  return row.every((v, i) => {
    const key = keys[i];
    if (!key || columnDef(table, key).kind === "computed") return true;
    return v === "" || v === null;
  });
}

/** Records of a table's data rows, in sheet order; a fresh table's one empty row is none. */
export function recordsFromRows(
  table: TableKey,
  keys: readonly (string | null)[],
  rows: readonly (readonly unknown[])[],
): CrmRecord[] {
  if (rows.length === 1 && isBlankDataRow(rows[0] ?? [], keys, table)) return [];
  return rows.map((row) => {
    const record: CrmRecord = {};
    keys.forEach((key, i) => {
      if (key) record[key] = fromCell(row[i]);
    });
    return record;
  });
}

/**
 * The choices of a list table's one-column body: text trimmed, numbers as text, blanks (and
 * anything else) dropped.
 */
function listItems(values: readonly (readonly unknown[])[] | undefined): string[] {
  return (values ?? [])
    .map((r) =>
      typeof r[0] === "string" ? r[0].trim() : typeof r[0] === "number" ? String(r[0]) : "",
    )
    .filter(Boolean);
}

/**
 * The workbook's lists from the bodies of the list tables that were read. A list whose table is
 * missing or empty keeps the schema's items: a dropdown with no choice would help nobody.
 */
export function listValuesFrom(
  bodies: Iterable<{ key: ListKey; values: readonly (readonly unknown[])[] | undefined }>,
): ListValues {
  const lists = defaultListValues();
  for (const { key, values } of bodies) {
    const items = listItems(values);
    if (items.length > 0) lists[key] = items;
  }
  return lists;
}

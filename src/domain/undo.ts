/**
 * Undo: of a failed append by record ID, and of an update made from the pane.
 *
 * In a co-authored workbook another user may add rows to the same table while a large append
 * is being written, so "the rows the table grew by" are not all ours. IDs are unique in a
 * table and the append allocated its own before writing, so the rows to remove are exactly
 * those whose ID is one this append wrote.
 */

import type { CrmRecord } from "./port";
import { trimmedText } from "./values";

/** Consecutive rows: `start` is an offset into the ID column that was read, `count` >= 1. */
export interface RowRun {
  start: number;
  count: number;
}

/**
 * True when an ID cell as read from Excel (its value, or its one-cell row) holds one of `ours`.
 * IDs are compared trimmed; a blank ID is never ours.
 */
export function holdsOwnId(cell: unknown, ours: ReadonlySet<string>): boolean {
  const text = trimmedText(Array.isArray(cell) ? cell[0] : cell);
  return text !== "" && ours.has(text);
}

/**
 * The runs of rows whose ID is one of `ours`, last run first: deleting them in that order
 * (shift up) keeps the offsets of the runs still to delete valid, so all go in one batch.
 * `ids` is an ID column as read (one cell per row) or its values.
 */
export function ownRowRuns(ids: readonly unknown[], ours: ReadonlySet<string>): RowRun[] {
  const runs: RowRun[] = [];
  let start = -1;
  for (let i = 0; i <= ids.length; i++) {
    const own = i < ids.length && holdsOwnId(ids[i], ours);
    if (own && start < 0) start = i;
    if (!own && start >= 0) {
      runs.push({ start, count: i - start });
      start = -1;
    }
  }
  return runs.reverse();
}

// ---------------------------------------------------------------------------------------------
// Undoing an update made from the pane (closing or rescheduling an action plan)
// ---------------------------------------------------------------------------------------------

type Cell = CrmRecord[string];

/** A cell as compared for undo: blanks alike, text trimmed, numeric text as its number. */
function comparable(value: Cell): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    const text = value.trim();
    if (text === "") return null;
    const n = Number(text);
    return Number.isFinite(n) && /^[-+]?\d/.test(text) ? n : text;
  }
  return value;
}

/** The patch that puts back what `patch` overwrites in `before` (a blank as null). */
export function revertPatch(before: CrmRecord, patch: CrmRecord): CrmRecord {
  const out: CrmRecord = {};
  for (const key of Object.keys(patch)) {
    const old = before[key];
    out[key] = old === undefined || old === "" ? null : old;
  }
  return out;
}

/**
 * Whether `current` still holds what `patch` wrote. Undo writes only then: a co-author may have
 * changed the row since, and undoing would silently overwrite their edit.
 */
export function stillPatched(current: CrmRecord, patch: CrmRecord): boolean {
  return Object.keys(patch).every((key) => comparable(current[key]) === comparable(patch[key]));
}

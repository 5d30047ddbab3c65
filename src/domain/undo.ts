/**
 * Undoing a failed append by record ID.
 *
 * In a co-authored workbook another user may add rows to the same table while a large append
 * is being written, so "the rows the table grew by" are not all ours. IDs are unique in a
 * table and the append allocated its own before writing, so the rows to remove are exactly
 * those whose ID is one this append wrote.
 */

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

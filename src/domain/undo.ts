/**
 * Undoing a failed append by record ID.
 *
 * In a co-authored workbook another user may add rows to the same table while a large append
 * is being written, so "the rows the table grew by" are not all ours. IDs are unique in a
 * table and the append allocated its own before writing, so the rows to remove are exactly
 * those whose ID is one this append wrote.
 */

/** Consecutive rows: `start` is an offset into the ID column that was read, `count` >= 1. */
export interface RowRun {
  start: number;
  count: number;
}

/** An ID cell as read from Excel → the text compared with written IDs; blank is "". */
function idText(cell: unknown): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}

/**
 * The runs of rows whose ID is one of `ours`, last run first: deleting them in that order
 * (shift up) keeps the offsets of the runs still to delete valid, so all go in one batch.
 * A blank ID is never ours. `ids` is an ID column as read (one cell per row) or its values.
 */
export function ownRowRuns(ids: readonly unknown[], ours: ReadonlySet<string>): RowRun[] {
  const runs: RowRun[] = [];
  let start = -1;
  for (let i = 0; i <= ids.length; i++) {
    const cell = ids[i];
    const text = i < ids.length ? idText(Array.isArray(cell) ? cell[0] : cell) : "";
    const own = text !== "" && ours.has(text);
    if (own && start < 0) start = i;
    if (!own && start >= 0) {
      runs.push({ start, count: i - start });
      start = -1;
    }
  }
  return runs.reverse();
}

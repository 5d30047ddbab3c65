/**
 * The data check in Excel (ribbon command and pane): reads every CRM table in as few round trips
 * as the data's size allows, runs the domain check, and marks the problem cells with a light red
 * fill in one batch.
 *
 * Marks are static fills, not conditional formats (those would have to re-implement every rule
 * in Excel formulas). A new check first clears the fill of the tables' INPUT columns, which is
 * where marks can be: stale marks disappear even after rows were sorted or deleted, and the
 * computed columns keep the fill that setup gave them.
 */
import { checkWorkbook } from "../domain/check";
import type { Lang } from "../domain/i18n";
import type { CheckProblem, CheckReport } from "../domain/port";
import { TABLES, TABLE_KEYS, columnDef, type TableKey } from "../domain/schema";
import { todaySerial } from "../domain/values";
import { runExcel } from "./run";
import { columnLetter, quoteSheetName, readTables, type TableSnapshot } from "./tableRead";

export const MARK_COLOR = "#FFC7CE";
/** Format operations per round trip when marking (each is a small request entry). */
const MARK_OPS_PER_SYNC = 5_000;
/** More marked ranges than this helps nobody; the pane still lists every problem. */
export const MAX_MARKED_RANGES = 20_000;

interface MarkRange {
  sheet: string;
  address: string;
}

/** Consecutive problem rows of one column become one range. */
function markRanges(
  problems: readonly CheckProblem[],
  snapshots: ReadonlyMap<TableKey, TableSnapshot>,
): MarkRange[] {
  const byColumn = new Map<string, { snap: TableSnapshot; col: number; rows: number[] }>();
  for (const p of problems) {
    const snap = snapshots.get(p.table);
    const col = snap?.keys.indexOf(p.column) ?? -1;
    if (!snap || col < 0) continue;
    const key = `${p.table}\u0000${col}`;
    const entry = byColumn.get(key) ?? { snap, col, rows: [] };
    entry.rows.push(p.row);
    byColumn.set(key, entry);
  }
  const ranges: MarkRange[] = [];
  for (const { snap, col, rows } of byColumn.values()) {
    const letter = columnLetter(snap.columnIndex + col);
    const sorted = [...new Set(rows)].sort((a, b) => a - b);
    let start = sorted[0];
    for (let i = 0; i < sorted.length && start !== undefined; i++) {
      const cur = sorted[i] ?? start;
      const next = sorted[i + 1];
      if (next === cur + 1) continue;
      const r0 = snap.rowIndex + start + 1;
      const r1 = snap.rowIndex + cur + 1;
      ranges.push({
        sheet: snap.sheet,
        address: r0 === r1 ? `${letter}${r0}` : `${letter}${r0}:${letter}${r1}`,
      });
      start = next;
    }
  }
  return ranges;
}

export async function runDataCheck(
  _lang: Lang = "zh",
  options: { today?: number } = {},
): Promise<CheckReport> {
  return runExcel(async (context) => {
    const { snapshots, lists, asOf, syncs: readSyncs } = await readTables(context, TABLE_KEYS);
    let syncs = readSyncs;
    const byTable = new Map(snapshots.map((s) => [s.table, s]));
    const records = Object.fromEntries(snapshots.map((s) => [s.table, s.records]));
    const today = options.today ?? asOf ?? todaySerial();
    const problems: CheckProblem[] = checkWorkbook({ records, lists, today }).map((p) => {
      const snap = byTable.get(p.table);
      const col = snap?.keys.indexOf(p.column) ?? -1;
      return snap && col >= 0
        ? {
            ...p,
            address: `${quoteSheetName(snap.sheet)}!${columnLetter(snap.columnIndex + col)}${snap.rowIndex + p.row + 1}`,
          }
        : p;
    });

    const ranges = markRanges(problems, byTable).slice(0, MAX_MARKED_RANGES);
    // Clearing and the first marks go in one batch, so the sheet never shows a half-done check.
    let ops = 0;
    for (const snap of snapshots) {
      const body = context.workbook.tables.getItem(TABLES[snap.table].name).getDataBodyRange();
      snap.keys.forEach((key, c) => {
        if (key && columnDef(snap.table, key).kind !== "computed") {
          body.getColumn(c).format.fill.clear();
          ops++;
        }
      });
    }
    for (const range of ranges) {
      context.workbook.worksheets.getItem(range.sheet).getRange(range.address).format.fill.color =
        MARK_COLOR;
      if (++ops >= MARK_OPS_PER_SYNC) {
        // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one round trip per 5,000 marks, not per cell
        await context.sync();
        syncs++;
        ops = 0;
      }
    }
    if (ops > 0) {
      await context.sync();
      syncs++;
    }
    return { problems, marked: ranges.length, syncs };
  }, "data check");
}

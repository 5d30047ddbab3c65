/**
 * The data check in Excel (ribbon command and pane): reads every CRM table in as few round trips
 * as the data's size allows, runs the domain check, and marks the problem cells in one batch:
 * light red for an error, light yellow for a warning only (a doubtful phone or email, a value
 * outside its list, an unusual date — written as given, to be checked by a person). These are
 * the fills of Excel's own "Bad" and "Neutral" cell styles, so they read as Excel's.
 *
 * Marks are static fills, not conditional formats (those would have to re-implement every rule
 * in Excel formulas). A check clears only the marks it made the previous time, and only where a
 * cell still has the mark colour: a user's own fills survive. The marked cells are remembered
 * in custom document properties (`CRM_CheckMarks` holds the number of parts, `CRM_CheckMarks.1`…
 * the JSON of src/domain/checkMarks.ts cut into 255-character parts, the longest value Excel keeps
 * on every platform); they travel with the workbook and are shared by co-authors.
 *
 * Each marked cell is remembered with its row's record ID and its column key, not only its
 * address: sorting a table moves the fills with the rows, so the next check looks the ID up in
 * the rows it has just read and clears the cell where that row is now. No round trip is added:
 * the rows are read for the check anyway.
 */
import { checkWorkbook } from "../domain/check";
import type { Lang } from "../domain/i18n";
import type { CheckOptions, CheckReport } from "../domain/port";
import { TABLE_KEYS } from "../domain/schema";
import { todaySerial } from "../domain/values";
import { runExcel } from "./run";
import {
  cellsOf,
  decodeMarks,
  encodeMarks,
  markCells,
  planMarks,
  resolveMarks,
  withAddresses,
  type MarkRange,
  type RememberedMarks,
} from "../domain/checkMarks";
import { readTables } from "./tableRead";

export const MARK_COLOR = "#FFC7CE";
export const WARNING_MARK_COLOR = "#FFEB9C";
/** A fill this check may clear: only its own colours, so a user's fills survive. */
function isMarkColor(color: string): boolean {
  const c = color.toUpperCase();
  return c === MARK_COLOR || c === WARNING_MARK_COLOR;
}
/** Format operations per round trip when marking (each is a small request entry). */
const MARK_OPS_PER_SYNC = 5_000;
/** More marked ranges than this helps nobody; the pane still lists every problem. */
const MAX_MARKED_RANGES = 20_000;
/**
 * About how many characters of properties may remember marks with their rows' IDs (~9,000
 * cells, ~600 properties of 255 characters); further marks are remembered by address alone.
 */
const MAX_REMEMBERED_CHARS = 150_000;

/** Custom document property with the number of parts of the remembered marks. */
export const MARKS_PROPERTY = "CRM_CheckMarks";

interface PreviousMarks {
  marks: RememberedMarks;
  /** Keys of every remembered-marks property now in the workbook (to remove stale parts). */
  keys: string[];
}

function previousMarks(props: Excel.CustomPropertyCollection): PreviousMarks {
  const byKey = new Map<string, unknown>();
  const keys: string[] = [];
  for (const item of props.items) {
    const key = item.key;
    if (key === MARKS_PROPERTY || key.startsWith(`${MARKS_PROPERTY}.`)) {
      keys.push(key);
      byKey.set(key, item.value);
    }
  }
  const count = Number(byKey.get(MARKS_PROPERTY));
  if (!Number.isInteger(count) || count <= 0) return { marks: { ranges: [], cells: [] }, keys };
  const parts = Array.from({ length: count }, (_, i) => {
    const v = byKey.get(`${MARKS_PROPERTY}.${i + 1}`);
    return typeof v === "string" ? v : undefined;
  });
  return { marks: decodeMarks(parts), keys };
}

/**
 * Reads the fill of each remembered range and returns the cells that still carry the mark
 * colour. A range whose cells differ (the user recoloured one) is read again cell by cell.
 */
async function stillMarked(
  context: Excel.RequestContext,
  ranges: readonly MarkRange[],
): Promise<{ cells: MarkRange[]; syncs: number }> {
  const out: MarkRange[] = [];
  let syncs = 0;
  let pending = [...ranges];
  while (pending.length > 0) {
    const mixed: MarkRange[] = [];
    for (let i = 0; i < pending.length; i += MARK_OPS_PER_SYNC) {
      const batch = pending.slice(i, i + MARK_OPS_PER_SYNC).map((r) => {
        const fill = context.workbook.worksheets.getItem(r.sheet).getRange(r.address).format.fill;
        fill.load("color");
        return { ...r, fill };
      });
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one round trip per 5,000 ranges
      await context.sync();
      syncs++;
      for (const r of batch) {
        const color = r.fill.color as string | null;
        if (color !== null && isMarkColor(color)) out.push(r);
        else if (color === null) {
          const cells = cellsOf(r.address);
          if (cells.length > 1)
            for (const address of cells) mixed.push({ sheet: r.sheet, address });
        }
      }
    }
    pending = mixed;
  }
  return { cells: out, syncs };
}

export async function runDataCheck(
  _lang: Lang = "zh",
  options: CheckOptions & { today?: number } = {},
): Promise<CheckReport> {
  return runExcel(async (context) => {
    // Read with the tables' first round trip: the remembered marks and the sheet names.
    const props = context.workbook.properties.custom.load("items/key,items/value");
    const sheets = context.workbook.worksheets.load("items/name");
    const read = await readTables(context, TABLE_KEYS, options);
    const { snapshots, lists, asOf } = read;
    let syncs = read.syncs;
    const byTable = new Map(snapshots.map((s) => [s.table, s]));
    const previous = previousMarks(props);
    // Where the remembered marks are now (a sort moves them with their rows), from the rows
    // just read: no extra round trip.
    const candidates = resolveMarks(
      previous.marks,
      byTable,
      new Set(sheets.items.map((s) => s.name)),
    );
    const toClear = candidates.length > 0 ? await stillMarked(context, candidates) : undefined;
    syncs += toClear?.syncs ?? 0;
    const records = Object.fromEntries(snapshots.map((s) => [s.table, s.records]));
    const today = options.today ?? asOf ?? todaySerial();
    const problems = withAddresses(checkWorkbook({ records, lists, today }), byTable);

    const { ranges, remembered } = planMarks(
      markCells(problems, byTable),
      MAX_MARKED_RANGES,
      MAX_REMEMBERED_CHARS,
    );
    // Clearing, the first marks and remembering them go in one batch, so the sheet never shows
    // a half-done check.
    let ops = 0;
    for (const cell of toClear?.cells ?? []) {
      context.workbook.worksheets.getItem(cell.sheet).getRange(cell.address).format.fill.clear();
      ops++;
    }
    const parts = encodeMarks(remembered);
    const custom = context.workbook.properties.custom;
    custom.add(MARKS_PROPERTY, parts.length);
    parts.forEach((part, i) => custom.add(`${MARKS_PROPERTY}.${i + 1}`, part));
    // The count was just rewritten; a part past the new count (or not numbered) is stale.
    for (const key of previous.keys) {
      if (key === MARKS_PROPERTY) continue;
      const part = Number(key.slice(MARKS_PROPERTY.length + 1));
      if (!(Number.isInteger(part) && part >= 1 && part <= parts.length))
        custom.getItem(key).delete();
    }
    for (const range of ranges) {
      context.workbook.worksheets.getItem(range.sheet).getRange(range.address).format.fill.color =
        range.warning ? WARNING_MARK_COLOR : MARK_COLOR;
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

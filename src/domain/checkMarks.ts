/**
 * Where the data check's marks go and how they are remembered, as pure rules: problem cells
 * become one-column A1 ranges; each marked cell is remembered with its row's record ID and its
 * column key, cut into custom-property-sized JSON parts and read back; and the next check finds
 * where those cells are now, after the user sorted a table. The Excel adapter
 * (src/excel/check.ts) only reads, fills and stores them.
 */
import { colLetters, quoteSheetName } from "./a1";
import type { CheckProblem, CrmRecord } from "./port";
import { TABLES, type TableKey } from "./schema";
import { trimmedText } from "./values";

/** Where a table's data sits on its sheet, and which column key each table column holds. */
export interface TablePlace {
  sheet: string;
  /** Column key of each table column (undefined for columns the schema does not know). */
  keys: readonly (string | undefined)[];
  /** 0-based sheet row and column of the first data cell. */
  rowIndex: number;
  columnIndex: number;
}

export interface MarkRange {
  sheet: string;
  address: string;
  /** Every problem of its cells is a warning (a doubtful value): marked in the warning colour. */
  warning?: true;
}

/**
 * The problems with the sheet address of their cell (`'客户档案'!K5`), for the pane's list;
 * a problem in a column the table lacks keeps no address.
 */
export function withAddresses(
  problems: readonly CheckProblem[],
  places: ReadonlyMap<TableKey, TablePlace>,
): CheckProblem[] {
  return problems.map((p) => {
    const place = places.get(p.table);
    const col = place?.keys.indexOf(p.column) ?? -1;
    if (!place || col < 0) return p;
    const letter = colLetters(place.columnIndex + col);
    return {
      ...p,
      address: `${quoteSheetName(place.sheet)}!${letter}${place.rowIndex + p.row + 1}`,
    };
  });
}

/** A table's place with its rows as the check read them. */
export interface TableRows extends TablePlace {
  records: readonly CrmRecord[];
}

/**
 * One marked cell and what identifies its row, so the next check can find the cell after the
 * user sorted the table (Excel moves cell formats, and so the mark, with the sorted rows).
 */
export interface MarkCell {
  /** Sheet and column letters when marked (the fallback when the table or column is gone). */
  sheet: string;
  letter: string;
  /** 1-based sheet row when marked (the fallback when the row has no ID, or lost it). */
  row: number;
  table: TableKey;
  /** Column key. */
  column: string;
  /** The row's record ID as trimmed text; "" when the row had none. */
  id: string;
  /** Another row of the table held the same ID, so the ID alone does not name the row. */
  shared: boolean;
  /** Only warnings at this cell (an error at the same cell wins). */
  warning?: true;
}

/** What a previous check remembered. */
export interface RememberedMarks {
  /** Address-only ranges (written before marks carried their row's ID). */
  ranges: MarkRange[];
  cells: MarkCell[];
}

/** A record ID as identity: the cell's text, trimmed (the same rule on both checks). */
const idText = trimmedText;

/**
 * A lookup of each table's data rows by record ID (rows without an ID left out), each table's
 * index built on first use from the rows the check read.
 */
function rowsById(): (table: TableKey, snap: TableRows) => ReadonlyMap<string, readonly number[]> {
  const indexes = new Map<TableKey, Map<string, number[]>>();
  return (table, snap) => {
    let index = indexes.get(table);
    if (!index) {
      index = new Map();
      const idColumn = TABLES[table].idColumn;
      for (let i = 0; i < snap.records.length; i++) {
        const id = idText(snap.records[i]?.[idColumn]);
        if (!id) continue;
        const rows = index.get(id);
        if (rows) rows.push(i);
        else index.set(id, [i]);
      }
      indexes.set(table, index);
    }
    return index;
  };
}

/** A one-column address (`K5`, `K5:K9`) → its column letters and first and last rows. */
function columnSpan(address: string): { letter: string; r0: number; r1: number } | undefined {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address);
  if (!m?.[1] || (m[3] !== undefined && m[3] !== m[1])) return undefined;
  return { letter: m[1], r0: Number(m[2]), r1: Number(m[4] ?? m[2]) };
}

/**
 * The problem cells with their rows' IDs, one per cell, grouped by column (in the order the
 * columns first appear among the problems) with rows ascending.
 */
export function markCells(
  problems: readonly CheckProblem[],
  tables: ReadonlyMap<TableKey, TableRows>,
): MarkCell[] {
  const byColumn = new Map<
    string,
    {
      table: TableKey;
      snap: TableRows;
      col: number;
      column: string;
      rows: number[];
      /** Rows of this column with an error (not only warnings). */
      errors: Set<number>;
    }
  >();
  for (const p of problems) {
    const snap = tables.get(p.table);
    const col = snap?.keys.indexOf(p.column) ?? -1;
    if (!snap || col < 0) continue;
    const key = `${p.table}\u0000${col}`;
    const entry = byColumn.get(key) ?? {
      table: p.table,
      snap,
      col,
      column: p.column,
      rows: [],
      errors: new Set<number>(),
    };
    entry.rows.push(p.row);
    if (p.severity !== "warning") entry.errors.add(p.row);
    byColumn.set(key, entry);
  }
  const idRows = rowsById();
  const cells: MarkCell[] = [];
  for (const { table, snap, col, column, rows, errors } of byColumn.values()) {
    const letter = colLetters(snap.columnIndex + col);
    const byId = idRows(table, snap);
    for (const row of [...new Set(rows)].sort((a, b) => a - b)) {
      const id = idText(snap.records[row]?.[TABLES[table].idColumn]);
      cells.push({
        sheet: snap.sheet,
        letter,
        row: snap.rowIndex + row + 1,
        table,
        column,
        id,
        shared: (byId.get(id)?.length ?? 0) > 1,
        ...(errors.has(row) ? {} : { warning: true as const }),
      });
    }
  }
  return cells;
}

/**
 * Cells as one-column ranges: consecutive rows of a column with the same kind of mark (error or
 * warning) become one range. Columns keep the order in which they first appear; rows ascend.
 */
export function rangesOf(
  cells: readonly { sheet: string; letter: string; row: number; warning?: true }[],
): MarkRange[] {
  const byColumn = new Map<
    string,
    { sheet: string; letter: string; rows: number[]; warning?: true }
  >();
  for (const c of cells) {
    const key = `${c.sheet}\u0000${c.letter}\u0000${c.warning ? 1 : 0}`;
    const entry = byColumn.get(key) ?? {
      sheet: c.sheet,
      letter: c.letter,
      rows: [],
      ...(c.warning ? { warning: true as const } : {}),
    };
    entry.rows.push(c.row);
    byColumn.set(key, entry);
  }
  const ranges: MarkRange[] = [];
  for (const { sheet, letter, rows, warning } of byColumn.values()) {
    const sorted = [...new Set(rows)].sort((a, b) => a - b);
    let start = sorted[0];
    for (let i = 0; i < sorted.length && start !== undefined; i++) {
      const cur = sorted[i] ?? start;
      const next = sorted[i + 1];
      if (next === cur + 1) continue;
      ranges.push({
        sheet,
        address: start === cur ? `${letter}${start}` : `${letter}${start}:${letter}${cur}`,
        ...(warning ? { warning } : {}),
      });
      start = next;
    }
  }
  return ranges;
}

/**
 * The ranges to mark, at most `maxRanges` of them (a workbook with more problems than anyone
 * can look at gets its first ones marked), and how they are remembered: cells with their rows'
 * IDs while that memory stays under about `maxChars` characters, and the ranges past that by
 * address alone, as before IDs were remembered. A whole column of problems (100,000 bad phone
 * numbers) would otherwise write megabytes of IDs into the properties, where one range
 * `K2:K100001` does; those marks then do not follow a sort, but they are still cleared.
 */
export function planMarks(
  cells: readonly MarkCell[],
  maxRanges: number,
  maxChars: number,
): { ranges: MarkRange[]; remembered: RememberedMarks } {
  const ranges = rangesOf(cells).slice(0, maxRanges);
  const byAddress = new Map(cells.map((c) => [`${c.sheet}\u0000${c.letter}${c.row}`, c]));
  const remembered: RememberedMarks = { ranges: [], cells: [] };
  let chars = 0;
  for (const range of ranges) {
    if (remembered.ranges.length === 0) {
      const covered = cellsOf(range.address).flatMap((address) => {
        const c = byAddress.get(`${range.sheet}\u0000${address}`);
        return c ? [c] : [];
      });
      // What encodeMarks writes per cell: the row, the quoted ID and two commas.
      const cost = covered.reduce(
        (sum, c) => sum + String(c.row).length + JSON.stringify(c.id).length + 3,
        0,
      );
      if (chars + cost <= maxChars) {
        chars += cost;
        remembered.cells.push(...covered);
        continue;
      }
    }
    remembered.ranges.push(range);
  }
  return { ranges, remembered };
}

/**
 * Where each remembered mark is now. A row whose ID is unique (now and when marked) is found
 * by that ID wherever a sort moved it: only that cell is a candidate, so a cell that the sort
 * brought to the old address is left alone. A row without an ID, or whose ID is gone (the row
 * was deleted or its ID edited: fixing a bad or duplicate ID does that), falls back to the
 * remembered row. When several rows share the ID, any of them may carry the mark: they and the
 * remembered row are candidates. The column is found by its key, so an inserted column does not
 * throw marks off. Candidates are only that: the caller still clears only cells whose fill is
 * the mark colour. Marks on sheets that no longer exist are dropped.
 *
 * Candidates known exactly (a unique ID, or no ID to go by, as before IDs were remembered) are
 * merged into ranges, so a column of marks is read in one request; the doubtful ones stay
 * single cells, so one unmarked neighbour cannot make a whole range read as mixed.
 */
export function resolveMarks(
  remembered: RememberedMarks,
  tables: ReadonlyMap<TableKey, TableRows>,
  sheets: ReadonlySet<string>,
): MarkRange[] {
  const idRows = rowsById();

  const exact: { sheet: string; letter: string; row: number }[] = [];
  const doubtful: { sheet: string; letter: string; row: number }[] = [];
  for (const mark of remembered.cells) {
    const snap = tables.get(mark.table);
    const col = snap ? snap.keys.indexOf(mark.column) : -1;
    const sheet = snap?.sheet ?? mark.sheet;
    const letter = snap && col >= 0 ? colLetters(snap.columnIndex + col) : mark.letter;
    if (!sheets.has(sheet)) continue;
    const now = (snap && mark.id ? idRows(mark.table, snap).get(mark.id) : undefined) ?? [];
    const first = now[0];
    if (snap && first !== undefined && now.length === 1 && !mark.shared)
      exact.push({ sheet, letter, row: snap.rowIndex + first + 1 });
    else if (!snap || now.length === 0) exact.push({ sheet, letter, row: mark.row });
    else {
      for (const i of now) doubtful.push({ sheet, letter, row: snap.rowIndex + i + 1 });
      doubtful.push({ sheet, letter, row: mark.row });
    }
  }

  const ranges = [...remembered.ranges.filter((r) => sheets.has(r.sheet)), ...rangesOf(exact)];
  if (doubtful.length === 0) return ranges;
  // Row spans per column, to skip doubtful cells a range already reads (ranges can be long:
  // they are not expanded cell by cell).
  const spans = new Map<string, [number, number][]>();
  for (const r of ranges) {
    const span = columnSpan(r.address);
    if (!span) continue;
    const key = `${r.sheet}\u0000${span.letter}`;
    const list = spans.get(key) ?? [];
    list.push([span.r0, span.r1]);
    spans.set(key, list);
  }
  for (const c of doubtful) {
    const key = `${c.sheet}\u0000${c.letter}`;
    const list = spans.get(key) ?? [];
    if (list.some(([r0, r1]) => c.row >= r0 && c.row <= r1)) continue;
    list.push([c.row, c.row]);
    spans.set(key, list);
    ranges.push({ sheet: c.sheet, address: `${c.letter}${c.row}` });
  }
  return ranges;
}

/** The longest custom property value every Excel platform keeps. */
const PROPERTY_CHARS = 255;

/** Address-only ranges as `{sheet: "K5,B3:B9"}` (the whole format before IDs were remembered). */
function rangesJson(ranges: readonly MarkRange[]): Record<string, string> {
  const bySheet: Record<string, string[]> = {};
  for (const r of ranges) (bySheet[r.sheet] ??= []).push(r.address);
  return Object.fromEntries(
    Object.entries(bySheet).map(([sheet, list]) => [sheet, list.join(",")]),
  );
}

function rangesFromJson(value: Record<string, unknown>): MarkRange[] {
  const ranges: MarkRange[] = [];
  for (const [sheet, list] of Object.entries(value)) {
    if (typeof list !== "string") continue;
    for (const address of list.split(",")) if (address) ranges.push({ sheet, address });
  }
  return ranges;
}

/**
 * Remembered marks → the property values. The JSON is an array (the format before IDs was an
 * object, see decodeMarks) of one entry per table, `[sheet, table, [letter, columnKey, row, id,
 * row, id, …], …]`, then the address-only ranges, if any, as one `{sheet: "K5,B3:B9"}`. A row is
 * the 1-based sheet row, negative when the ID was shared by several rows; an empty id means the
 * row had none. Grouping by column keeps the sheet, table and column names out of every cell: a
 * cell costs its row number and its ID.
 */
export function encodeMarks(marks: RememberedMarks): string[] {
  const { cells, ranges } = marks;
  if (cells.length === 0 && ranges.length === 0) return [];
  const tables = new Map<string, { head: [string, TableKey]; columns: Map<string, unknown[]> }>();
  for (const c of cells) {
    const tableKey = `${c.sheet}\u0000${c.table}`;
    const entry = tables.get(tableKey) ?? {
      head: [c.sheet, c.table] as [string, TableKey],
      columns: new Map<string, unknown[]>(),
    };
    tables.set(tableKey, entry);
    const columnKey = `${c.letter}\u0000${c.column}`;
    const column = entry.columns.get(columnKey) ?? [c.letter, c.column];
    entry.columns.set(columnKey, column);
    column.push(c.shared ? -c.row : c.row, c.id);
  }
  const entries: unknown[] = [...tables.values()].map(({ head, columns }) => [
    ...head,
    ...columns.values(),
  ]);
  if (ranges.length > 0) entries.push(rangesJson(ranges));
  const json = JSON.stringify(entries);
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += PROPERTY_CHARS)
    parts.push(json.slice(i, i + PROPERTY_CHARS));
  return parts;
}

const LETTERS = /^[A-Z]{1,3}$/;

function isTableKey(value: unknown): value is TableKey {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(TABLES, value);
}

/** The cells of one table entry of the array format; malformed pieces are skipped. */
function decodeTable(entry: unknown): MarkCell[] {
  if (!Array.isArray(entry)) return [];
  const [sheet, table, ...columns] = entry as unknown[];
  if (typeof sheet !== "string" || !isTableKey(table)) return [];
  const cells: MarkCell[] = [];
  for (const column of columns) {
    if (!Array.isArray(column)) continue;
    const [letter, key, ...rows] = column as unknown[];
    if (typeof letter !== "string" || !LETTERS.test(letter) || typeof key !== "string") continue;
    for (let i = 0; i + 1 < rows.length; i += 2) {
      const row = rows[i];
      const id = rows[i + 1];
      if (typeof row !== "number" || !Number.isInteger(row) || row === 0 || typeof id !== "string")
        continue;
      cells.push({
        sheet,
        letter,
        row: Math.abs(row),
        table,
        column: key,
        id,
        shared: row < 0,
      });
    }
  }
  return cells;
}

/**
 * The remembered marks; nothing when the parts are missing or do not read back. Reads both the
 * array format and the older object `{sheet: "K5,B3:B9"}` (addresses only), so a workbook
 * checked by an earlier version still has its marks cleared: its entries are address-only.
 */
export function decodeMarks(parts: readonly (string | undefined)[]): RememberedMarks {
  const none: RememberedMarks = { ranges: [], cells: [] };
  if (parts.length === 0 || parts.some((p) => p === undefined)) return none;
  let parsed: unknown;
  try {
    parsed = JSON.parse(parts.join(""));
  } catch {
    return none;
  }
  if (Array.isArray(parsed))
    return {
      ranges: parsed.flatMap((e: unknown) =>
        e && typeof e === "object" && !Array.isArray(e)
          ? rangesFromJson(e as Record<string, unknown>)
          : [],
      ),
      cells: parsed.flatMap(decodeTable),
    };
  if (!parsed || typeof parsed !== "object") return none;
  return { ranges: rangesFromJson(parsed as Record<string, unknown>), cells: [] };
}

/** The single cells of a range address (`K5:K7` → K5, K6, K7); marks are one column wide. */
export function cellsOf(address: string): string[] {
  const span = columnSpan(address);
  if (!span || span.r0 === span.r1) return [address];
  const out: string[] = [];
  for (let r = span.r0; r <= span.r1; r++) out.push(`${span.letter}${r}`);
  return out;
}

/**
 * Where the data check's marks go and how they are remembered, as pure rules: problem rows
 * become one-column A1 ranges, and the ranges are cut into custom-property-sized JSON parts and
 * read back. The Excel adapter (src/excel/check.ts) only reads, fills and stores them.
 */
import { colLetters } from "./a1";
import type { CheckProblem } from "./port";
import type { TableKey } from "./schema";

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
}

/** Consecutive problem rows of one column become one range. */
export function markRanges(
  problems: readonly CheckProblem[],
  snapshots: ReadonlyMap<TableKey, TablePlace>,
): MarkRange[] {
  const byColumn = new Map<string, { snap: TablePlace; col: number; rows: number[] }>();
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
    const letter = colLetters(snap.columnIndex + col);
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

/** The longest custom property value every Excel platform keeps. */
const PROPERTY_CHARS = 255;

/** Ranges by sheet → the property values that remember them. */
export function encodeMarks(ranges: readonly MarkRange[]): string[] {
  if (ranges.length === 0) return [];
  const bySheet: Record<string, string[]> = {};
  for (const r of ranges) (bySheet[r.sheet] ??= []).push(r.address);
  const json = JSON.stringify(
    Object.fromEntries(Object.entries(bySheet).map(([sheet, list]) => [sheet, list.join(",")])),
  );
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += PROPERTY_CHARS)
    parts.push(json.slice(i, i + PROPERTY_CHARS));
  return parts;
}

/** The remembered ranges; nothing when the parts are missing or do not read back. */
export function decodeMarks(parts: readonly (string | undefined)[]): MarkRange[] {
  if (parts.some((p) => p === undefined)) return [];
  try {
    const parsed: unknown = JSON.parse(parts.join(""));
    if (!parsed || typeof parsed !== "object") return [];
    const ranges: MarkRange[] = [];
    for (const [sheet, list] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof list !== "string") continue;
      for (const address of list.split(",")) if (address) ranges.push({ sheet, address });
    }
    return ranges;
  } catch {
    return [];
  }
}

/** The single cells of a range address (`K5:K7` → K5, K6, K7); marks are one column wide. */
export function cellsOf(address: string): string[] {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address);
  if (!m || !m[3] || m[3] !== m[1]) return [address];
  const out: string[] = [];
  for (let r = Number(m[2]); r <= Number(m[4]); r++) out.push(`${m[1]}${r}`);
  return out;
}

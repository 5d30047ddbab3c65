/**
 * Finding the header row of a template sheet or an imported file, and mapping its headers to
 * schema columns. Templates put one or more title rows (often merged cells such as
 * `客户信息收集表`) above the header row, and name columns with synonyms (`客户名称(全称)`,
 * `对接人*`); adoption and import both start here.
 */
import {
  COMBINED_COLUMNS,
  TABLES,
  TABLE_KEYS,
  matchHeader,
  normalizeHeader,
  type Label,
  type TableKey,
} from "./schema";
import { toText } from "./values";

/** What one source column becomes. */
export type ColumnAssignment =
  | { kind: "column"; key: string; header: string }
  | { kind: "combined"; parts: readonly (string | null)[]; header: string }
  | { kind: "unknown"; header: string }
  | { kind: "empty" };

export interface HeaderMatch {
  table: TableKey;
  /** 0-based row of the header within the grid. */
  row: number;
  /** One entry per grid column. */
  columns: ColumnAssignment[];
  /** Column keys found (directly or through a combined column). */
  recognised: string[];
  /** Non-empty headers that match nothing; their data is kept, never dropped. */
  unrecognised: string[];
  /** Number of schema columns matched; the best row and table win. */
  score: number;
}

function cellHeader(value: unknown): string {
  const text = toText(value);
  return typeof text === "string" ? text : "";
}

let normalisedCombined: string[] | undefined;

/** The combined columns' headers, normalised once (header detection compares ~2,500 cells). */
function combinedHeaders(): string[] {
  return (normalisedCombined ??= COMBINED_COLUMNS.map((c) => normalizeHeader(c.header)));
}

/**
 * Maps a header row to a table's columns. A key claimed by an earlier column is not claimed
 * again: the later duplicate is reported as unknown so its data is kept as an extra column.
 */
export function mapHeaders(table: TableKey, headerRow: readonly unknown[]): ColumnAssignment[] {
  const taken = new Set<string>();
  return headerRow.map((cell): ColumnAssignment => {
    const header = cellHeader(cell);
    if (!header) return { kind: "empty" };
    const h = normalizeHeader(header);
    const combined = COMBINED_COLUMNS.find(
      (c, i) => c.table === table && combinedHeaders()[i] === h,
    );
    if (combined) {
      const parts = combined.parts.map((p) => (p && !taken.has(p) ? p : null));
      parts.forEach((p) => p && taken.add(p));
      return { kind: "combined", parts, header };
    }
    const col = matchHeader(table, header);
    if (!col || taken.has(col.key)) return { kind: "unknown", header };
    taken.add(col.key);
    return { kind: "column", key: col.key, header };
  });
}

function summarise(table: TableKey, row: number, columns: ColumnAssignment[]): HeaderMatch {
  const recognised: string[] = [];
  const unrecognised: string[] = [];
  for (const c of columns) {
    if (c.kind === "column") recognised.push(c.key);
    else if (c.kind === "combined") recognised.push(...c.parts.filter((p): p is string => !!p));
    else if (c.kind === "unknown") unrecognised.push(c.header);
  }
  const matchedHeaders = columns.filter((c) => c.kind === "column" || c.kind === "combined").length;
  return { table, row, columns, recognised, unrecognised, score: matchedHeaders };
}

/** Recognised headers that make a header row whatever the number of unknown ones beside them. */
const WIDE_SHEET_MATCHES = 5;

/**
 * Scans the first `maxScan` rows for the row that best matches a CRM table's headers. A header
 * row needs at least `minMatches` recognised headers making up at least a third of its non-empty
 * cells, or WIDE_SHEET_MATCHES of them, so a title row or a data row never passes for a header.
 * Returns undefined when nothing matches.
 */
export function detectHeader(
  grid: readonly (readonly unknown[])[],
  options: { tables?: readonly TableKey[]; maxScan?: number; minMatches?: number } = {},
): HeaderMatch | undefined {
  const tables = options.tables ?? TABLE_KEYS;
  const maxScan = options.maxScan ?? 30;
  const minMatches = options.minMatches ?? 2;
  let best: HeaderMatch | undefined;
  for (let r = 0; r < Math.min(grid.length, maxScan); r++) {
    const row = grid[r] ?? [];
    for (const table of tables) {
      const match = summarise(table, r, mapHeaders(table, row));
      if (match.score < minMatches) continue;
      // Few matches among many unknown headers is more likely a data row that happens to hold
      // a word or two; a wide sheet (a team's own columns beside the template's) still has a
      // header when enough of the template's columns are there.
      if (match.score < WIDE_SHEET_MATCHES && match.score < match.unrecognised.length / 2) continue;
      if (!best || match.score > best.score) best = match;
    }
  }
  return best;
}

/**
 * Suffix of a template column kept beside the computed column that replaces it. Half-width on
 * purpose: it is part of a header that workbooks adopted by earlier versions already carry.
 */
export const KEPT_SUFFIX: Label = { zh: "(原)", en: " (original)" };

/** A template column an adoption already kept (`最近互动时间(原)`). */
export function isKept(header: string): boolean {
  const h = normalizeHeader(header);
  return h.endsWith(normalizeHeader(KEPT_SUFFIX.zh)) || h.endsWith(normalizeHeader(KEPT_SUFFIX.en));
}

/**
 * The position of each schema column in a CRM table's header row: the canonical zh or en
 * header first, then a known synonym. Kept template columns (`最近互动时间(原)`) never stand for
 * the computed column that replaced them, and a header claimed by a combined template column
 * (`企业规模(员工人数/年营收)` claims 员工人数) is still its own column once the table has it.
 */
function resolvePositions(table: TableKey, headers: readonly unknown[]): Map<string, number> {
  const out = new Map<string, number>();
  const claimed = new Set<number>();
  const norm = headers.map((h) => normalizeHeader(cellHeader(h)));
  for (const col of TABLES[table].columns) {
    const names = [col.header.zh, col.header.en].map(normalizeHeader);
    const i = norm.findIndex((h, idx) => !claimed.has(idx) && names.includes(h));
    if (i >= 0) {
      claimed.add(i);
      out.set(col.key, i);
    }
  }
  mapHeaders(table, headers).forEach((m, i) => {
    if (claimed.has(i) || m.kind !== "column" || out.has(m.key) || isKept(m.header)) return;
    claimed.add(i);
    out.set(m.key, i);
  });
  return out;
}

/** The schema columns of a CRM table and the headers standing for them (resolvePositions). */
export function resolveHeaders(table: TableKey, headers: readonly string[]): Map<string, string> {
  return new Map([...resolvePositions(table, headers)].map(([k, i]) => [k, headers[i]!]));
}

/** The schema column at each position of a CRM table's header row, or null (resolvePositions). */
export function headerKeys(table: TableKey, headers: readonly unknown[]): (string | null)[] {
  const keys: (string | null)[] = headers.map(() => null);
  for (const [k, i] of resolvePositions(table, headers)) keys[i] = k;
  return keys;
}

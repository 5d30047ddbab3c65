/**
 * Which column of a CRM table is which, and whether a write can find every column it needs.
 *
 * A header is found by its canonical zh/en name or a synonym (src/domain/headers.ts). A header a
 * user renamed to something the schema does not know (客户名称 → 公司简称) is still found when
 * the workbook remembers its layout: setup stores, per table, the schema column at each position
 * (the "column memory", a custom document property). Such a column is reported as renamed, and
 * a write that needs it stops until the user renames it back or confirms the new name (a
 * confirmed mapping, kept in the same memory). Without this, an unknown header maps to nothing
 * and the write silently drops that column's data.
 *
 * Pure: src/excel/columns.ts reads the header row and the memory, this decides.
 */
import { headerKeys, mapHeaders } from "./headers";
import { TABLES, columnDef, type Label, type TableKey } from "./schema";
import { trimmedText } from "./values";

/** Custom document property holding a table's column memory. */
export function memoryProperty(table: TableKey): string {
  return `CRM_Cols_${TABLES[table].name}`;
}

/**
 * The memory is one character per table column, the schema index of its column in base 36
 * (`-` for a column the schema does not know), with `!` before a position the user confirmed
 * under a name of their own. Compact on purpose: a custom property's value is cut at 255
 * characters outside Excel on the web (Microsoft docs, Excel.CustomProperty.value), and a table
 * of 31 columns with every one confirmed needs 62.
 */
export interface ColumnMemory {
  keys: (string | null)[];
  confirmed: boolean[];
}

export function encodeMemory(table: TableKey, memory: ColumnMemory): string {
  const cols = TABLES[table].columns;
  return memory.keys
    .map((key, i) => {
      const index = key === null ? -1 : cols.findIndex((c) => c.key === key);
      const ch = index < 0 ? "-" : index.toString(36);
      return (memory.confirmed[i] && index >= 0 ? "!" : "") + ch;
    })
    .join("");
}

/** The memory in `text`, or null when it is absent or not one this version wrote. */
export function decodeMemory(table: TableKey, text: unknown): ColumnMemory | null {
  if (typeof text !== "string" || !/^(!?[0-9a-z]|-)*$/.test(text) || !text) return null;
  const cols = TABLES[table].columns;
  const keys: (string | null)[] = [];
  const confirmed: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    let mark = false;
    if (text[i] === "!") {
      mark = true;
      i++;
    }
    const ch = text[i]!;
    if (ch === "-") {
      keys.push(null);
      confirmed.push(false);
      continue;
    }
    const col = cols[parseInt(ch, 36)];
    if (!col) return null;
    keys.push(col.key);
    confirmed.push(mark);
  }
  return { keys, confirmed };
}

/** A schema column found only by its remembered position: its header was changed. */
export interface RenamedColumn {
  key: string;
  /** 0-based position in the table. */
  position: number;
  /** The header it has now. */
  header: string;
}

export interface ResolvedColumns {
  /**
   * Column key of each table column, by position: found by header or synonym, or confirmed
   * by the user under another name. A write uses these and nothing else.
   */
  keys: (string | null)[];
  /** Columns the memory (or an ID column's contents) identifies, whose header was changed. */
  renamed: RenamedColumn[];
  /** Schema columns found neither way. */
  missing: string[];
  /** Non-empty headers that stand for no schema column (what a missing column may be mapped to). */
  unknown: string[];
  /** The memory that describes the table as resolved (to store when it differs). */
  memory: ColumnMemory;
  /** Whether a stored memory was there and could be trusted for this header row. */
  trusted: boolean;
}

function headerText(cell: unknown): string {
  return trimmedText(cell);
}

/**
 * Resolves a table's header row. `firstRow` (the first data row, optional) lets an ID column
 * renamed in a workbook that has no memory yet be recognised by its contents (`C202405001`
 * under 编码), so Repair does not add a second, empty ID column beside it.
 */
export function resolveColumns(
  table: TableKey,
  headerRow: readonly unknown[],
  memoryText?: unknown,
  firstRow?: readonly unknown[],
): ResolvedColumns {
  const mapped = mapHeaders(table, headerRow);
  // By the same rule as the layout planner (headers.ts resolvePositions): an adopted table's
  // kept template column (`最近互动时间(原)`) is not the column that replaced it, and a header a
  // combined template column also names (员工人数) is still that column. Otherwise the memory
  // setup wrote would disagree with the headers, and writes would miss columns the table has.
  const keys = headerKeys(table, headerRow);
  const found = new Set(keys.filter((k): k is string => k !== null));
  const memory = decodeMemory(table, memoryText);
  // The memory is trusted only while the table keeps its shape: same width, and every column
  // found by its header where the memory says it is (a column inserted or moved shifts them).
  const usable =
    memory !== null &&
    memory.keys.length === headerRow.length &&
    keys.every((k, i) => k === null || memory.keys[i] === k);
  const renamed: RenamedColumn[] = [];
  const confirmed = keys.map(() => false);
  if (usable) {
    memory.keys.forEach((k, i) => {
      if (k === null || keys[i] !== null || found.has(k)) return;
      if (memory.confirmed[i]) {
        keys[i] = k;
        confirmed[i] = true;
        found.add(k);
      } else {
        renamed.push({ key: k, position: i, header: headerText(headerRow[i]) });
        found.add(k);
      }
    });
  } else if (firstRow) {
    for (const key of idKeys(table)) {
      if (found.has(key)) continue;
      const prefix = idPrefixOf(table, key);
      const shape = new RegExp(`^${prefix}\\d{9,}$`);
      const i = mapped.findIndex(
        (m, idx) =>
          m.kind === "unknown" &&
          keys[idx] === null &&
          !renamed.some((r) => r.position === idx) &&
          shape.test(trimmedText(firstRow[idx])),
      );
      if (i >= 0) {
        renamed.push({ key, position: i, header: headerText(headerRow[i]) });
        found.add(key);
      }
    }
  }
  const missing = TABLES[table].columns.map((c) => c.key).filter((k) => !found.has(k));
  const unknown = mapped
    .map((m, i) =>
      m.kind === "unknown" &&
      keys[i] === null &&
      !renamed.some((r) => r.position === i) &&
      !confirmed[i]
        ? m.header
        : "",
    )
    .filter(Boolean);
  const remembered = keys.map((k, i) => k ?? renamed.find((r) => r.position === i)?.key ?? null);
  return {
    keys,
    renamed,
    missing,
    unknown,
    memory: { keys: remembered, confirmed },
    trusted: usable,
  };
}

/** The ID-shaped columns of a table: its own ID and the customer ID it references. */
function idKeys(table: TableKey): string[] {
  return TABLES[table].columns
    .filter((c) => c.idPrefix !== undefined || c.references !== undefined)
    .map((c) => c.key);
}

function idPrefixOf(table: TableKey, key: string): string {
  const col = columnDef(table, key);
  if (col.idPrefix !== undefined) return col.idPrefix;
  const ref = col.references;
  return ref ? (columnDef(ref, TABLES[ref].idColumn).idPrefix ?? "") : "";
}

/** Keys a reader may use: confirmed and renamed columns both hold their column's data. */
export function readKeys(resolved: ResolvedColumns): (string | null)[] {
  const keys = [...resolved.keys];
  for (const r of resolved.renamed) keys[r.position] = r.key;
  return keys;
}

/** What stops a write: the needed columns that were renamed or are missing. */
export interface ColumnsProblem {
  table: TableKey;
  renamed: RenamedColumn[];
  missing: string[];
  /** Headers a missing column could be mapped to. */
  unknown: string[];
}

/** The needed columns a write cannot find, or null when every one is there. */
export function columnsProblem(
  table: TableKey,
  resolved: ResolvedColumns,
  needed: Iterable<string>,
): ColumnsProblem | null {
  const want = new Set(needed);
  const renamed = resolved.renamed.filter((r) => want.has(r.key));
  const missing = resolved.missing.filter((k) => want.has(k));
  if (!renamed.length && !missing.length) return null;
  return { table, renamed, missing, unknown: resolved.unknown };
}

const COLUMN_WORDS = {
  renamed: { zh: "“{column}”（现名为“{header}”）", en: '"{column}" (now named "{header}")' },
  missing: { zh: "“{column}”（找不到）", en: '"{column}" (not found)' },
  separator: { zh: "、", en: ", " },
} satisfies Record<string, Label>;

/** The problem's columns in words, e.g. `“客户名称”（现名为“公司简称”）、“邮箱”（找不到）`. */
export function describeColumns(problem: ColumnsProblem, lang: "zh" | "en"): string {
  const name = (key: string) => columnDef(problem.table, key).header[lang];
  const fill = (label: Label, params: Record<string, string>) =>
    label[lang].replace(/\{(\w+)\}/g, (w, k: string) => params[k] ?? w);
  return [
    ...problem.renamed.map((r) =>
      fill(COLUMN_WORDS.renamed, { column: name(r.key), header: r.header }),
    ),
    ...problem.missing.map((k) => fill(COLUMN_WORDS.missing, { column: name(k) })),
  ].join(COLUMN_WORDS.separator[lang]);
}

/**
 * Whether a file fits the table it is about to be imported into. A follow-up log imported as
 * customers has no 对接人 or 核心需求 column, so every one of its rows failed with the same
 * "必填" problem: hundreds of lines saying one thing, and nothing said what to do. Here the
 * mapping is checked once: the required columns no source column fills, and another table that
 * the same header row fits better (more columns recognised, none of its required ones missing),
 * which the pane offers to switch to.
 */
import type { Label } from "../i18n";
import { TABLES, TABLE_KEYS, columnDef, type TableKey } from "../schema";
import { impliedValues, remapTable, type GridCell, type ImportMapping } from "./pipeline";

export interface TableFit {
  /** Required input columns of the mapping's table that no source column fills. */
  missing: string[];
  /** A table the header row fits better, if any. */
  better?: TableKey;
  /** Columns recognised for the mapping's table and for the better one. */
  matched: number;
  betterMatched?: number;
}

function mappedKeys(mapping: ImportMapping): Set<string> {
  const keys = new Set<string>();
  for (const t of mapping.targets) {
    if (t.kind === "column") keys.add(t.key);
    else if (t.kind === "combined") for (const p of t.parts) if (p) keys.add(p);
  }
  return keys;
}

/** Required columns the mapping leaves without a source (see TableFit.missing). */
export function missingRequired(mapping: ImportMapping): string[] {
  const keys = mappedKeys(mapping);
  const implied = impliedValues(mapping);
  return TABLES[mapping.table].columns
    .filter((c) => c.kind === "input" && c.required && !keys.has(c.key))
    .filter((c) => {
      // A child row finds its customer by 客户名称 when it has no 客户编号.
      if (c.key === "customerId" && keys.has("customerName")) return false;
      if (c.key === "contact" && implied.contactFromName) return false;
      return true;
    })
    .map((c) => c.key);
}

function matchedColumns(mapping: ImportMapping): number {
  return mapping.targets.filter((t) => t.kind === "column" || t.kind === "combined").length;
}

export function tableFit(grid: readonly (readonly GridCell[])[], mapping: ImportMapping): TableFit {
  const missing = missingRequired(mapping);
  const matched = matchedColumns(mapping);
  let better: { table: TableKey; matched: number } | undefined;
  for (const table of TABLE_KEYS) {
    if (table === mapping.table) continue;
    const other = remapTable(grid, mapping, table);
    if (missingRequired(other).length > 0) continue;
    const count = matchedColumns(other);
    // Better: it has every required column and either the current table lacks one, or it
    // recognises more of the file's columns.
    if ((missing.length > 0 || count > matched) && (!better || count > better.matched))
      better = { table, matched: count };
  }
  return better
    ? { missing, matched, better: better.table, betterMatched: better.matched }
    : { missing, matched };
}

export const TABLE_FIT_MESSAGES = {
  missing: {
    zh: "文件中没有“{table}”必需的列：{columns}。按现在的设置，每一行都会因此无法导入。",
    en: "The file has no column for {columns}, which {table} requires: as it is, no row can be imported.",
  },
  missingFix: {
    zh: "请在“列对应关系”中为它们选择来源列，或改为导入到别的表。",
    en: "Choose a source column for them under “Column mapping”, or import into another table.",
  },
  better: {
    zh: "这个文件更像“{better}”：有 {betterMatched} 列对得上（“{table}”只有 {matched} 列）。",
    en: "This file looks more like {better}: {betterMatched} columns match ({table}: {matched}).",
  },
  switch: { zh: "改为导入到“{better}”", en: "Import into {better} instead" },
} satisfies Record<string, Label>;

/** The missing columns' headers, in the pane's language. */
export function missingHeaders(
  table: TableKey,
  keys: readonly string[],
  lang: "zh" | "en",
): string {
  return keys.map((k) => columnDef(table, k).header[lang]).join(lang === "zh" ? "、" : ", ");
}

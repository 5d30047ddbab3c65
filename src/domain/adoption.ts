/**
 * Resumable adoption (issue 17). Adopting a large template takes several requests; if one of
 * the later ones fails, the table exists and its headers are renamed but split columns, settings
 * and names may be missing, and the sheet no longer looks like a template. So adoption records
 * its progress in the workbook — a custom property written in its first request and deleted in
 * its last — and an unfinished adoption is recognised by status and finished by Repair (or by
 * adopting again): what is missing is set up, and the split columns are completed where they
 * are still blank, never over a cell that holds a value.
 *
 * Pure: which adoption is pending, and the operations that finish its split columns.
 */
import { mapHeaders } from "./headers";
import type { LayoutOp, PlannedTable } from "./layout";
import { TABLES, TABLE_KEYS, type TableKey } from "./schema";

/** Custom document property present while an adoption is unfinished. */
export const ADOPTION_PROPERTY = "CRM_AdoptionPending";

export interface PendingAdoption {
  table: TableKey;
  sheet: string;
  /** Column keys the adoption fills from combined template columns. */
  splitKeys: string[];
}

/** `table|k1.k2|sheet`, keys as base-36 schema indexes: under a property's 255 characters. */
export function encodePending(p: PendingAdoption): string {
  const cols = TABLES[p.table].columns;
  const keys = p.splitKeys.map((k) => cols.findIndex((c) => c.key === k).toString(36));
  return `${p.table}|${keys.join(".")}|${p.sheet}`;
}

export function decodePending(text: unknown): PendingAdoption | null {
  if (typeof text !== "string") return null;
  const m = /^(\w+)\|([0-9a-z.]*)\|(.+)$/.exec(text);
  if (!m || !(TABLE_KEYS as readonly string[]).includes(m[1]!)) return null;
  const table = m[1] as TableKey;
  const cols = TABLES[table].columns;
  const splitKeys = (m[2] ? m[2].split(".") : [])
    .map((k) => cols[parseInt(k, 36)]?.key)
    .filter((k): k is string => k !== undefined);
  return { table, sheet: m[3]!, splitKeys };
}

/**
 * The split columns that finishing the adoption fills, blanks only: each combined column of the
 * adopted table feeds the remembered target columns it holds a part for. `planned` is the table
 * as the repair plan leaves it (a target column the interrupted write never added is added by
 * that plan, so it is there by the time these run).
 */
export function resumeSplitOps(planned: PlannedTable | null, pending: PendingAdoption): LayoutOp[] {
  const def = TABLES[pending.table];
  if (!planned || planned.body.r1 < planned.body.r0 || pending.splitKeys.length === 0) return [];
  const mapped = mapHeaders(pending.table, planned.headers);
  const ops: LayoutOp[] = [];
  const want = new Set(pending.splitKeys);
  mapped.forEach((m, i) => {
    if (m.kind !== "combined") return;
    m.parts.forEach((part, p) => {
      if (!part || !want.has(part)) return;
      const header = def.columns.find((c) => c.key === part)!.header;
      const target = planned.headers.findIndex((h) => h === header.zh || h === header.en);
      if (target < 0) return;
      ops.push({
        kind: "splitColumn",
        table: def.name,
        tableKey: pending.table,
        sheet: planned.sheet,
        rows: { r0: planned.body.r0, r1: planned.body.r1 },
        sourceCol: planned.body.c0 + i,
        targetCol: planned.body.c0 + target,
        parts: m.parts,
        part: p,
        onlyBlank: true,
      });
    });
  });
  return ops;
}

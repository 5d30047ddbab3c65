/**
 * Idempotent appends (issue 17): an append carries a batch id, remembered in the workbook with
 * the number of data rows the table had before the batch. A retry of the same batch — after a
 * failed request, a failed clean-up, or a response lost on the way back — finds the rows of the
 * batch that are already there (below that row count, with the same cells) and writes only the
 * others, so each row lands exactly once.
 *
 * Pure: src/excel/batch.ts reads the table and the remembered batch, this decides.
 */
import type { CellInput } from "./values";
import { TABLES, type TableKey } from "./schema";

/** Custom document property remembering a table's last batch. */
export function batchProperty(table: TableKey): string {
  return `CRM_Batch_${TABLES[table].name}`;
}

export interface BatchMark {
  id: string;
  /** Data rows of the table before the batch's first row was written. */
  rowsBefore: number;
}

/** `id|rowsBefore`: well under a custom property's 255 characters. */
export function encodeBatch(mark: BatchMark): string {
  return `${mark.id}|${mark.rowsBefore}`;
}

export function decodeBatch(text: unknown): BatchMark | null {
  if (typeof text !== "string") return null;
  const m = /^([^|]{1,200})\|(\d+)$/.exec(text);
  return m ? { id: m[1]!, rowsBefore: Number(m[2]) } : null;
}

/**
 * A batch id from the records' content (FNV-1a over their JSON, with the count): the same
 * import of the same rows retried gets the same id without the pane keeping any state.
 */
export function batchIdOf(table: TableKey, records: readonly unknown[]): string {
  let h = 0x811c9dc5;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  };
  feed(table);
  for (const r of records) feed(JSON.stringify(r) ?? "");
  return `${table}-${records.length}-${(h >>> 0).toString(36)}`;
}

/**
 * A cell as a key part: what the written input reads back as (the leading apostrophe is not
 * part of the value; blank is blank), numbers at Excel's 15 significant digits.
 */
function keyPart(value: unknown): string {
  if (value === null || value === undefined || value === "") return "b:";
  if (typeof value === "number") return `n:${Number(value.toPrecision(15))}`;
  if (typeof value === "boolean") return `l:${value}`;
  return `s:${String(value)}`;
}

function inputPart(input: CellInput): string {
  if (typeof input === "string" && input.startsWith("'")) return keyPart(input.slice(1));
  return keyPart(input);
}

/**
 * For each row to write, the index of an existing row holding the same cells (each existing
 * row matched once), or null. Cells whose input is null (calculated columns) and the columns in
 * `skip` (an ID allocated anew on each try) are not compared. One pass over each side.
 */
export function matchWritten(
  toWrite: readonly (readonly CellInput[])[],
  existing: readonly (readonly unknown[])[],
  skip: ReadonlySet<number>,
): (number | null)[] {
  const width = Math.max(0, ...toWrite.map((r) => r.length));
  const compared = Array.from({ length: width }, (_, c) => c).filter(
    (c) => !skip.has(c) && toWrite.some((r) => r[c] !== null && r[c] !== undefined),
  );
  const waiting = new Map<string, number[]>();
  existing.forEach((row, i) => {
    const key = compared.map((c) => keyPart(row[c])).join("\u0001");
    const list = waiting.get(key);
    if (list) list.push(i);
    else waiting.set(key, [i]);
  });
  return toWrite.map((row) => {
    const key = compared
      // A null input leaves a new row's cell blank.
      .map((c) => inputPart(row[c] ?? null))
      .join("\u0001");
    return waiting.get(key)?.shift() ?? null;
  });
}

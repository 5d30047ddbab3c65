/**
 * The size of what travels to and from Excel, shared by the adapter's modules: a request's or
 * response's bytes, and rows cut to a byte budget. A leaf module (no Excel calls, no adapter
 * imports) so that every lazily loaded part (set-up, check, dashboard, records) can use it
 * without pulling in the others.
 */
/** UTF-8 bytes of a value's JSON, as it travels in a request or a response. */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value) ?? "";
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A run of rows cut out of a longer list for one request, and the bytes of its JSON array. */
export interface PayloadChunk<T> {
  /** Index of the chunk's first row in the whole list. */
  start: number;
  rows: T[];
  bytes: number;
}

/**
 * Cuts rows into runs whose JSON array (`[row,row]`) stays within `budget` bytes; a row larger
 * than the budget goes alone. One cutter for every writer (set-up, append, update), so they
 * count the bytes of a request the same way.
 */
export function* payloadChunks<T>(rows: readonly T[], budget: number): Generator<PayloadChunk<T>> {
  let start = 0;
  // "[" plus, per row, its JSON and the "," or "]" after it.
  let bytes = 1;
  for (let i = 0; i < rows.length; i++) {
    const b = jsonBytes(rows[i]) + 1;
    if (i > start && bytes + b > budget) {
      yield { start, rows: rows.slice(start, i), bytes };
      start = i;
      bytes = 1;
    }
    bytes += b;
  }
  if (rows.length > start) yield { start, rows: rows.slice(start), bytes };
}

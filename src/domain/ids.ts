/**
 * Auto IDs: prefix + YYYYMM + sequence (C202405001). IDs are allocated at write time from the
 * IDs currently in the table, so rows another user added a moment ago (co-authoring) are taken
 * into account; the sequence continues after the highest one used for that prefix and month,
 * and gaps are never reused (a deleted row's ID may still be quoted somewhere).
 */
import { customerId } from "./rules";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Highest sequence per YYYYMM among well-formed IDs with this prefix; malformed ones are ignored. */
export function highestSequences(existing: Iterable<unknown>, prefix: string): Map<string, number> {
  const pattern = new RegExp(`^${escapeRegExp(prefix)}(\\d{6})(\\d{3,})$`);
  const highest = new Map<string, number>();
  for (const id of existing) {
    if (typeof id !== "string") continue;
    const m = pattern.exec(id.trim());
    if (!m || !m[1] || !m[2]) continue;
    const seq = Number(m[2]);
    if (Number.isSafeInteger(seq) && seq > (highest.get(m[1]) ?? 0)) highest.set(m[1], seq);
  }
  return highest;
}

/** `count` new IDs for records dated `dateSerial`, after the highest existing sequence. */
export function nextIds(
  existing: Iterable<unknown>,
  prefix: string,
  dateSerial: number,
  count: number,
): string[] {
  return allocateIdsByDate(
    existing,
    prefix,
    Array.from({ length: count }, () => dateSerial),
  );
}

/** One new ID per date (each record's own month), in order, continuing per month. */
export function allocateIdsByDate(
  existing: Iterable<unknown>,
  prefix: string,
  dates: readonly number[],
): string[] {
  const highest = highestSequences(existing, prefix);
  return dates.map((date) => {
    const month = customerId(date, 1, "").slice(0, 6);
    const seq = (highest.get(month) ?? 0) + 1;
    highest.set(month, seq);
    return customerId(date, seq, prefix);
  });
}

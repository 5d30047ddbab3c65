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

/**
 * The IDs of appended rows, the rule both workbook implementations follow (port contract): a
 * draft's own ID is kept when it is well formed (prefix + at least nine digits) and not used by
 * the table or an earlier draft, so records that others already quote keep their numbers (an
 * import of a legacy sheet, and the follow-ups that name its customers); every other draft gets
 * a new ID from its own date's month, after the highest in use.
 */
export function keepOrAllocateIds(
  existing: Iterable<unknown>,
  prefix: string,
  own: readonly unknown[],
  dates: readonly number[],
): string[] {
  const taken = new Set<string>();
  for (const id of existing) {
    const text = typeof id === "string" ? id.trim() : id == null ? "" : String(id);
    if (text) taken.add(text);
  }
  const wellFormed = new RegExp(`^${escapeRegExp(prefix)}\\d{9,}$`);
  const wanted = own.map((value) => {
    const id = typeof value === "string" ? value.trim() : "";
    if (!id || taken.has(id) || !wellFormed.test(id)) return null;
    taken.add(id);
    return id;
  });
  const fresh = allocateIdsByDate(
    taken,
    prefix,
    dates.filter((_, i) => wanted[i] === null),
  );
  let next = 0;
  return wanted.map((id) => id ?? (fresh[next++] as string));
}

/**
 * Duplicate detection for customers: the same ID, the same name once normalised, the same phone
 * digits or the same email. Used by the new-customer form (a warning with a link to the row),
 * the import (skip / update / keep both) and the data check.
 */
import type { Label } from "./i18n";
import type { CrmRecord } from "./port";
import { headerOf } from "./schema";

export type DuplicateField = "customerId" | "name" | "phone" | "email";

/**
 * What a duplicate warning calls each field, wherever it is shown (the new-customer form, the
 * import preview): the customer sheet's header in Chinese, a word inside a sentence in English.
 */
export const DUPLICATE_FIELD_LABELS: Readonly<Record<DuplicateField, Label>> = {
  customerId: { zh: headerOf("customers", "customerId", "zh"), en: "customer ID" },
  name: { zh: headerOf("customers", "name", "zh"), en: "name" },
  phone: { zh: headerOf("customers", "phone", "zh"), en: "phone" },
  email: { zh: headerOf("customers", "email", "zh"), en: "email" },
};

export interface DuplicateHit {
  field: DuplicateField;
  /** Index of the existing row (data row index in the table, or in the list given). */
  row: number;
  id: string | null;
  value: string;
}

/** `  北京 科技（有限）公司 ` and `北京科技(有限)公司` are the same name: NFKC, no spaces or punctuation, lower case. */
export function normalizeName(text: string): string {
  return plainName(text) ?? generalName(text);
}

/** normalizeName without its fast path (exported for the property test of that path). */
export function generalName(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

/**
 * normalizeName for text of ASCII letters and digits and CJK Unified Ideographs only, as most
 * company names are: NFKC leaves such text as it is, and it holds no space, punctuation or
 * symbol, so only the ASCII capitals change. Undefined for any other text. The import reads
 * 100,000 names; the Unicode-property pattern and NFKC were most of that time.
 */
function plainName(text: string): string | undefined {
  let upper = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x4e00 && c <= 0x9fff))
      continue;
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else return undefined;
  }
  return upper ? text.toLowerCase() : text;
}

/** Each phone number of a cell as digits only, without a +86 prefix; short fragments dropped. */
export function phoneKeys(text: string): string[] {
  return plainPhoneKeys(text) ?? generalPhoneKeys(text);
}

/** phoneKeys without its fast path (exported for the property test of that path). */
export function generalPhoneKeys(text: string): string[] {
  return text
    .normalize("NFKC")
    .split(/[/、,;]|或/)
    .map((p) =>
      p
        .replace(/(转|ext\.?|x)\s*\d+$/i, "")
        .replace(/\D/g, "")
        .replace(/^86(?=1\d{10}$)/, ""),
    )
    .filter((d) => d.length >= 5);
}

/**
 * phoneKeys for text of ASCII digits, spaces, `-`, `(`, `)`, `+` and `/` only, read by character
 * codes: NFKC leaves it as it is, `/` is the only separator in it, and no part can end in an
 * extension (转, ext, x). Undefined for any other text.
 */
function plainPhoneKeys(text: string): string[] | undefined {
  const keys: string[] = [];
  let from = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2f;
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2f) {
      if (digits >= 5) keys.push(phoneDigits(text, from, i, digits));
      from = i + 1;
      digits = 0;
    } else if (c !== 0x20 && c !== 0x2d && c !== 0x28 && c !== 0x29 && c !== 0x2b) return undefined;
  }
  return keys;
}

/** The digits of text[from, to), without a +86 before a mobile number (86 then 1 and 10 digits). */
function phoneDigits(text: string, from: number, to: number, count: number): string {
  const part = text.slice(from, to);
  const digits = count === to - from ? part : part.replace(/\D/g, "");
  return count === 13 && digits.startsWith("861") ? digits.slice(2) : digits;
}

/** Printable ASCII, which NFKC leaves as it is: nearly every email address. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function emailKey(text: string): string {
  // The import asks for 100,000 keys; the ICU call was most of their time.
  return (PRINTABLE_ASCII.test(text) ? text : text.normalize("NFKC")).trim().toLowerCase();
}

/** emailKey without its fast path (exported for the property test of that path). */
export function generalEmailKey(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase();
}

function str(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

/** Keys under which a customer record is indexed, per field. */
export function duplicateKeys(record: CrmRecord): [DuplicateField, string][] {
  const fields: DuplicateField[] = [];
  const keys: string[] = [];
  duplicateKeysInto(record, fields, keys);
  return fields.map((f, i) => [f, keys[i] as string]);
}

/**
 * duplicateKeys into two parallel arrays the caller owns (and may reuse): the import asks for
 * the keys of 100,000 rows, and a pair array per key was garbage to collect.
 */
export function duplicateKeysInto<F extends string>(
  record: CrmRecord,
  fields: (F | DuplicateField)[],
  keys: string[],
): void {
  const id = str(record.customerId).trim();
  if (id) {
    fields.push("customerId");
    keys.push(id.toUpperCase());
  }
  const name = normalizeName(str(record.name));
  if (name) {
    fields.push("name");
    keys.push(name);
  }
  for (const p of phoneKeys(str(record.phone))) {
    fields.push("phone");
    keys.push(p);
  }
  const email = emailKey(str(record.email));
  if (email) {
    fields.push("email");
    keys.push(email);
  }
}

/**
 * An index over existing customers, built once (O(n)) and queried per draft or imported row
 * (O(1)), so de-duplicating 100,000 imported rows stays linear.
 */
export class DuplicateIndex {
  private readonly map = new Map<string, { row: number; id: string | null }>();

  constructor(records: readonly CrmRecord[] = []) {
    records.forEach((r, i) => this.add(r, i));
  }

  /** Adds a record; the first record with a key keeps it. */
  add(record: CrmRecord, row: number): void {
    const id = str(record.customerId) || null;
    for (const [field, key] of duplicateKeys(record)) {
      const k = `${field}\u0000${key}`;
      if (!this.map.has(k)) this.map.set(k, { row, id });
    }
  }

  find(record: CrmRecord): DuplicateHit[] {
    const hits: DuplicateHit[] = [];
    for (const [field, key] of duplicateKeys(record)) {
      const hit = this.map.get(`${field}\u0000${key}`);
      if (hit) hits.push({ field, row: hit.row, id: hit.id, value: key });
    }
    return hits;
  }
}

export function findDuplicates(draft: CrmRecord, existing: readonly CrmRecord[]): DuplicateHit[] {
  return new DuplicateIndex(existing).find(draft);
}

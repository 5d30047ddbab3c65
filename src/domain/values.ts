/**
 * Coercion of the values Excel and users hand us: numbers, numeric text with separators and
 * Chinese units, percent text, Excel date serials and the template's text date forms.
 *
 * The way back is here too: toCellInput is what a record's value becomes in a cell (text kept
 * as text, never a formula).
 *
 * Every function here is pure and total: it returns a value, BLANK, or INVALID, and never
 * throws, so the custom functions, forms, import and data check share one reading of a cell.
 */

import type { ColumnDef } from "./schema";

/** The input was empty (null, undefined, "", white space; a date serial of 0 for dates). */
export const BLANK = Symbol("blank");
/** The input is present but not of the expected kind. */
export const INVALID = Symbol("invalid");
export type Coerced<T> = T | typeof BLANK | typeof INVALID;

export function isBlank(value: unknown): boolean {
  return (
    value === null || value === undefined || (typeof value === "string" && value.trim() === "")
  );
}

// ---------------------------------------------------------------------------------------------
// Dates: Excel 1900 date system
// ---------------------------------------------------------------------------------------------

/** Largest serial Excel accepts: 9999-12-31. */
export const MAX_SERIAL = 2_958_465;

/**
 * Days from 1899-12-30 to a proleptic Gregorian date, in integer arithmetic (H. Hinnant's
 * days_from_civil): EDATE runs a million times in a recalculation and Date objects cost ~10×.
 * Months outside 1–12 and days outside the month roll over as with Date.UTC. Serial 61 is
 * 1900-03-01; from there on serial = days since 1899-12-30.
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = y + Math.floor((m - 1) / 12);
  const mm = ((((m - 1) % 12) + 12) % 12) + 1;
  const ya = mm <= 2 ? yy - 1 : yy;
  const era = Math.floor(ya / 400);
  const yoe = ya - era * 400;
  const doy = Math.floor((153 * (mm > 2 ? mm - 3 : mm + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  // 693,899 days separate 0000-03-01 (the algorithm's epoch) from 1899-12-30.
  return era * 146_097 + doe - 693_899;
}

/** Calendar date → Excel serial. Months are 1-based. No validation: callers check ranges. */
export function serialFromYmd(y: number, m: number, d: number): number {
  const days = Math.round(daysFromCivil(y, m, d));
  // Excel keeps Lotus 1-2-3's phantom 1900-02-29 (serial 60): dates before it are one lower.
  return days < 61 ? days - 1 : days;
}

/** Excel serial (integer part) → calendar date. Serial 60 reads as 1900-02-28's successor. */
export function ymdFromSerial(serial: number): { y: number; m: number; d: number } {
  const whole = Math.floor(serial);
  // Inverse of daysFromCivil (Hinnant's civil_from_days).
  const z = (whole < 61 ? whole + 1 : whole) + 693_899;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Today's local date as a serial (what Excel's TODAY() returns). */
export function todaySerial(now: Date = new Date()): number {
  return serialFromYmd(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** Excel EDATE: add whole months, clamping the day to the target month's length. */
export function addMonths(serial: number, months: number): number {
  const { y, m, d } = ymdFromSerial(serial);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  return serialFromYmd(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

export function formatSerial(serial: number): string {
  const { y, m, d } = ymdFromSerial(serial);
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const DATE_TEXT = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
];
/** Import also meets `20240510` and ISO timestamps; functions accept only the four forms. */
const DATE_TEXT_LOOSE = [
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/,
];

/**
 * A date cell or text → serial. Numbers are serials (time of day dropped, 0 is blank); text in
 * `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日` (and, with `loose`, `YYYYMMDD` and ISO
 * timestamps). Booleans, other text and impossible dates (2024-02-30) are INVALID.
 */
export function toSerial(value: unknown, loose = false): Coerced<number> {
  if (isBlank(value)) return BLANK;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return INVALID;
    const whole = Math.floor(value);
    if (whole === 0) return BLANK;
    if (whole < 0 || whole > MAX_SERIAL) return INVALID;
    return whole;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return INVALID;
    return serialFromYmd(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value !== "string") return INVALID;
  return plainDateText(value, loose) ?? dateText(value.normalize("NFKC").trim(), loose);
}

/** The text forms of toSerial, tried in order on NFKC-normalised, trimmed text. */
export function dateText(text: string, loose = false): Coerced<number> {
  const patterns = loose ? DATE_TEXT_ALL : DATE_TEXT;
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) {
      const y = Number(m[1]);
      const mo = Number(m[2]);
      const d = Number(m[3]);
      return validYmd(y, mo, d) ? serialFromYmd(y, mo, d) : INVALID;
    }
  }
  return INVALID;
}

const DATE_TEXT_ALL = [...DATE_TEXT, ...DATE_TEXT_LOOSE];

const C0 = 48;
const C9 = 57;
const YEAR = 0x5e74; // 年
const MONTH = 0x6708; // 月
const DAY = 0x65e5; // 日

function isDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= C0 && c <= C9;
}

/** Reads 1–2 digits at `i`: the value and the index after them, or undefined. */
function smallNumberAt(text: string, i: number): [number, number] | undefined {
  if (!isDigitAt(text, i)) return undefined;
  if (isDigitAt(text, i + 1))
    return [(text.charCodeAt(i) - C0) * 10 + text.charCodeAt(i + 1) - C0, i + 2];
  return [text.charCodeAt(i) - C0, i + 1];
}

/**
 * dateText for text made only of ASCII digits, `-`, `/`, `.`, 年, 月 and 日, read by character
 * codes: NFKC and trimming leave such text unchanged, and the import reads 100,000 dates.
 * Undefined for any other text (the general path decides). Property-tested against dateText.
 */
function plainDateText(text: string, loose: boolean): Coerced<number> | undefined {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (
      !(c >= C0 && c <= C9) &&
      c !== 45 &&
      c !== 47 &&
      c !== 46 &&
      c !== YEAR &&
      c !== MONTH &&
      c !== DAY
    )
      return undefined;
  }
  // Every form starts with a four-digit year; the ISO timestamp needs characters not allowed here.
  if (
    n < 4 ||
    !isDigitAt(text, 0) ||
    !isDigitAt(text, 1) ||
    !isDigitAt(text, 2) ||
    !isDigitAt(text, 3)
  )
    return INVALID;
  const y =
    (text.charCodeAt(0) - C0) * 1000 +
    (text.charCodeAt(1) - C0) * 100 +
    (text.charCodeAt(2) - C0) * 10 +
    text.charCodeAt(3) -
    C0;
  let mo: number;
  let d: number;
  const sep = text.charCodeAt(4);
  if (sep >= C0 && sep <= C9) {
    if (!loose || n !== 8) return INVALID;
    for (let i = 5; i < 8; i++) if (!isDigitAt(text, i)) return INVALID;
    mo = (sep - C0) * 10 + text.charCodeAt(5) - C0;
    d = (text.charCodeAt(6) - C0) * 10 + text.charCodeAt(7) - C0;
  } else {
    const month = smallNumberAt(text, 5);
    if (!month) return INVALID;
    const [m, afterMonth] = month;
    const sep2 = text.charCodeAt(afterMonth);
    if (sep === YEAR ? sep2 !== MONTH : sep === MONTH || sep === DAY || sep2 !== sep)
      return INVALID;
    const day = smallNumberAt(text, afterMonth + 1);
    if (!day) return INVALID;
    const [dd, end] = day;
    if (!(end === n || (sep === YEAR && end === n - 1 && text.charCodeAt(end) === DAY)))
      return INVALID;
    mo = m;
    d = dd;
  }
  return validYmd(y, mo, d) ? serialFromYmd(y, mo, d) : INVALID;
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

const UNIT_FACTORS: Record<string, number> = { 万: 1e4, 亿: 1e8 };
/** A comma not between a digit and a group of exactly three digits. */
const MISPLACED_COMMA = /(?:^|\D),|,(?!\d{3}(?!\d))/;
const NUMBER_TEXT = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)(万|亿)?(元|人|块)?$/i;

/**
 * A number cell or numeric text → number. Text may carry thousands separators, white space,
 * a currency sign (¥, ￥, RMB), the units 万 (×10⁴) and 亿 (×10⁸), and 元 or 人:
 * `"1,200,000.00"`, `" 500000 "`, `"120万"`, `"1.2亿元"`, `"200人"`. Percent text is INVALID
 * here (use toRate). Booleans are INVALID: Excel's TRUE is not an amount.
 */
export function toNumber(value: unknown): Coerced<number> {
  if (typeof value === "number") return Number.isFinite(value) ? value : INVALID;
  if (isBlank(value)) return BLANK;
  if (typeof value !== "string") return INVALID;
  const spaced = value.normalize("NFKC").replace(/\s/g, "");
  // A comma is a thousands separator only between digit groups of three ("1,200,000.00");
  // "1,2,3" is a list, not 123.
  if (spaced.includes(",") && MISPLACED_COMMA.test(spaced)) return INVALID;
  const text = spaced.replace(/,/g, "").replace(/^(¥|RMB|CNY)/i, "");
  const m = NUMBER_TEXT.exec(text);
  if (!m) return INVALID;
  const n = Number(m[1]) * (m[2] ? (UNIT_FACTORS[m[2]] ?? 1) : 1);
  // 1.2亿 is 120000000.00000001 in binary floating point; amounts are cents at most.
  const rounded = m[2] ? Math.round(n * 100) / 100 : n;
  return Number.isFinite(rounded) ? rounded : INVALID;
}

/**
 * A rate: a number (0.85) or percent text ("85%", "85 %"). Range checks are the caller's:
 * the functions report #NUM! for a rate outside [0, 1].
 */
export function toRate(value: unknown): Coerced<number> {
  if (typeof value === "string") {
    const text = value.normalize("NFKC").trim();
    const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%$/.exec(text);
    if (m) return Number(m[1]) / 100;
  }
  return toNumber(value);
}

/** A whole number (head counts, cadences, sequences); fractional numbers are INVALID. */
export function toInteger(value: unknown): Coerced<number> {
  const n = toNumber(value);
  if (typeof n !== "number") return n;
  return Number.isInteger(n) ? n : INVALID;
}

/**
 * A cell's content as trimmed text, "" for an empty cell: how record IDs and header cells are
 * compared (the check's marks, a failed append's undo, an imported file's header row).
 */
export function trimmedText(value: unknown): string {
  return value === null || value === undefined ? "" : String(value).trim();
}

/** Text of a cell: trimmed, numbers in plain notation, blanks as BLANK. */
export function toText(value: unknown): Coerced<string> {
  if (isBlank(value)) return BLANK;
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : INVALID;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return INVALID;
}

// ---------------------------------------------------------------------------------------------
// Writing text safely
// ---------------------------------------------------------------------------------------------

/** Leading characters that Excel would read as a formula or that smuggle one in (CSV injection). */
const FORMULA_LEAD = /^[=+\-@\t\r]/;

export function looksLikeFormula(text: string): boolean {
  return FORMULA_LEAD.test(text);
}

/**
 * The value to put into `Range.values` for user text. A leading apostrophe makes Excel store
 * the rest as text (the apostrophe itself is not part of the value), so `=HYPERLINK(...)`
 * typed into a form or found in a CSV is never evaluated.
 */
export function cellText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** A value as the adapter writes it into a cell. */
export type CellInput = string | number | boolean | null;

const TEXT_TYPES = new Set(["id", "text", "list", "items", "phone", "email"]);

/**
 * Text Excel would not keep as typed: numbers (a phone loses its leading zero, a long one turns
 * into 1.38E+10), dates, percentages and TRUE/FALSE. A leading apostrophe stores them as text.
 */
function excelWouldConvert(text: string): boolean {
  const t = text.trim();
  if (!t) return false;
  if (/^[+-]?(\d[\d,]*\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i.test(t)) return true;
  if (/^\d{1,4}[-/.年]\d{1,2}([-/.月]\d{1,4}日?)?$/.test(t)) return true;
  if (/^\d{1,2}:\d{2}(:\d{2})?$/.test(t)) return true;
  return /^(true|false)$/i.test(t);
}

/**
 * Text as it must be written to stay exactly this text: a leading apostrophe when Excel would
 * read it as a formula (injection) or convert it (a number, date, TRUE). Every write of text
 * uses it: forms, import, and the rollbacks that put back what a cell held.
 */
export function textInput(text: string): string {
  // Excel strips one leading apostrophe from what is written: text that starts with one needs
  // a second, or `'abc` comes back as `abc`.
  if (text.startsWith("'")) return `'${text}`;
  const safe = cellText(text);
  return safe === text && excelWouldConvert(text) ? `'${text}` : safe;
}

/** The value to write for a column: text safe from formula injection and from coercion. */
export function toCellInput(col: ColumnDef, value: unknown): CellInput {
  if (value === null || value === undefined) return "";
  if (TEXT_TYPES.has(col.type)) return textInput(typeof value === "string" ? value : String(value));
  if (typeof value === "number") return Number.isFinite(value) ? value : "";
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    if (col.type === "date") {
      const serial = toSerial(value, true);
      if (typeof serial === "number") return serial;
    }
    return cellText(value);
  }
  return cellText(String(value));
}

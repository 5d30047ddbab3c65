/**
 * Chinese phone numbers, checked as a Chinese user writes them (issue 12, part 8).
 *
 * A cell may hold several numbers separated by `/`, `、`, `,`, `;` or 或 (`010-62345678/13800138000`).
 * Each number may carry `+86` / `0086` / `86`, spaces, dashes and brackets, and an extension
 * (`转 8001`, `分机 8001`, `ext. 8001`, `x8001`, `#8001`). What is left is then:
 * - a mobile number: `1[3-9]` + 9 digits (MIIT's numbering plan: 13x–19x);
 * - a landline with its area code: `010` or `02x` + an 8-digit local number, or a 4-digit area
 *   code `0[3-9]xx` + a 7- or 8-digit local number; local numbers never start with 0 or 1;
 * - a 400/800 service number (10 digits) or a 5-digit 95xxx/96xxx/12xxx service line;
 * - a foreign number written with `+` and a country code other than 86 (not checked further).
 *
 * Text that is not a phone number at all (letters, fewer than 5 or more than 20 digits) is
 * `invalid`: validation.isPhone decides that, so forms, import and the data check block exactly
 * what they blocked before. Anything else that fits none of the shapes above (an 11-digit number
 * starting 10–12, a local number without its area code, a digit too many) is `doubtful`: a
 * warning the user can save anyway, since a number may be right in ways a rule cannot know
 * (an internal switchboard, a number from abroad written without `+`).
 */
import type { Label, Lang } from "./i18n";
import { say } from "./i18n";
import { isPhone } from "./validation";

export type PhoneKind = "mobile" | "landline" | "service" | "international";

/** Why a number is doubtful (keys of PHONE_MESSAGES). */
export type PhoneDoubt = "mobilePrefix" | "mobileLength" | "noAreaCode" | "areaCode" | "unknown";

export interface PhonePart {
  /** The number as written (trimmed, NFKC). */
  text: string;
  kind: PhoneKind | null;
  doubt: PhoneDoubt | null;
}

export interface PhoneCheck {
  verdict: "ok" | "doubtful" | "invalid";
  parts: PhonePart[];
}

export const PHONE_MESSAGES = {
  mobilePrefix: {
    zh: "“{number}”不像手机号：手机号以 13–19 开头",
    en: "“{number}” does not look like a mobile number: they start with 13 to 19",
  },
  mobileLength: {
    zh: "“{number}”位数不对：手机号是 11 位",
    en: "“{number}” has the wrong number of digits: mobile numbers have 11",
  },
  noAreaCode: {
    zh: "“{number}”缺少区号，如 010-62345678",
    en: "“{number}” has no area code, e.g. 010-62345678",
  },
  areaCode: {
    zh: "“{number}”的区号或号码位数不对，如 010-62345678、0755 8888 8888",
    en: "“{number}”: area code or number length looks wrong, e.g. 010-62345678, 0755 8888 8888",
  },
  unknown: {
    zh: "“{number}”不像中国的手机或固定电话号码",
    en: "“{number}” does not look like a Chinese mobile or landline number",
  },
  saveAnyway: {
    zh: "请核对；如无误可照常保存。",
    en: "Please check it; you can still save it as it is.",
  },
} satisfies Record<string, Label>;

const SEPARATORS = /[/、,;]|或/;
const EXTENSION = /\s*(?:转|分机|ext\.?|x|#)\s*\d{1,6}$/i;
const INTERNATIONAL = /^(?:\+|00)(?!86)\d/;
const COUNTRY_CODE = /^(?:\+|00)?86(?=[\s\-(]|1[3-9]\d{9}$|0\d|[2-9]\d{6})/;

function classify(digits: string): { kind: PhoneKind | null; doubt: PhoneDoubt | null } {
  if (/^1[3-9]\d{9}$/.test(digits)) return { kind: "mobile", doubt: null };
  if (/^(?:010|02\d)[2-9]\d{7}$/.test(digits)) return { kind: "landline", doubt: null };
  if (/^0[3-9]\d{2}[2-9]\d{6,7}$/.test(digits)) return { kind: "landline", doubt: null };
  if (/^[48]00\d{7}$/.test(digits) || /^(?:95|96|12)\d{3}$/.test(digits))
    return { kind: "service", doubt: null };
  if (/^1[0-2]\d{9}$/.test(digits)) return { kind: null, doubt: "mobilePrefix" };
  if (/^1[3-9]\d{8,10}$/.test(digits)) return { kind: null, doubt: "mobileLength" };
  if (/^[2-9]\d{6,7}$/.test(digits)) return { kind: null, doubt: "noAreaCode" };
  if (/^0/.test(digits)) return { kind: null, doubt: "areaCode" };
  return { kind: null, doubt: "unknown" };
}

/** One number of a cell (no separators), already NFKC-normalised and trimmed. */
function checkPart(text: string): PhonePart {
  const core = text.replace(EXTENSION, "").trim();
  if (INTERNATIONAL.test(core)) return { text, kind: "international", doubt: null };
  const national = core.replace(/^\(\s*(\+|00)?86\s*\)/, "").replace(COUNTRY_CODE, "");
  let digits = national.replace(/[\s\-()]/g, "");
  // After +86 a landline drops its trunk 0 (+86 10 62345678 is 010-62345678).
  if (national !== core && !/^(0|1[3-9])/.test(digits)) digits = `0${digits}`;
  return { text, ...classify(digits) };
}

/** Checks a phone cell: ok, doubtful (a warning that can be saved) or invalid (blocked). */
export function checkPhone(text: string): PhoneCheck {
  const normal = text.normalize("NFKC");
  const parts = normal
    .split(SEPARATORS)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!isPhone(text))
    return { verdict: "invalid", parts: parts.map((p) => ({ text: p, kind: null, doubt: null })) };
  const checked = parts.map(checkPart);
  return { verdict: checked.some((p) => p.doubt) ? "doubtful" : "ok", parts: checked };
}

/**
 * The warning for a doubtful phone cell in the user's language (the first doubtful number's
 * reason, then that it can still be saved), or null when the cell is blank, fine or invalid
 * (invalid text gets the validation's own message).
 */
export function phoneWarning(text: string, lang: Lang): string | null {
  if (!text.trim()) return null;
  const check = checkPhone(text);
  const first = check.parts.find((p) => p.doubt);
  if (check.verdict !== "doubtful" || !first?.doubt) return null;
  const reason = say(PHONE_MESSAGES[first.doubt], lang, { number: first.text });
  return `${reason}${lang === "zh" ? "。" : ". "}${say(PHONE_MESSAGES.saveAnyway, lang)}`;
}

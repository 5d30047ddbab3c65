/**
 * The Settings panel's rules: which values the named cells may hold (B threshold below A,
 * months 1–24, a rate 0–100 %, a real as-of date), and what a change re-classifies — counted
 * with the same rules as the calculated columns over the customers as they are, so the panel
 * can say "12 位客户的价值等级将改变" before anything is written.
 */
import type { Label, Lang } from "./i18n";
import { say } from "./i18n";
import type { CrmRecord } from "./port";
import { SETTINGS, type SettingKey, type Settings } from "./schema";
import { customerSchedule, lastContacts } from "./worklists";
import { toNumber, toRate, toSerial } from "./values";

export const SETTINGS_MESSAGES = {
  required: { zh: "必填", en: "Required" },
  notNumber: { zh: "请输入数字", en: "Enter a number" },
  negative: { zh: "不能小于 0", en: "Cannot be below 0" },
  bNotBelowA: {
    zh: "B类阈值必须小于A类阈值",
    en: "The class B threshold must be below the class A threshold",
  },
  rate: { zh: "请输入 0–100% 之间的比例", en: "Enter a rate from 0 to 100%" },
  months: { zh: "请输入 1–24 之间的整数", en: "Enter a whole number from 1 to 24" },
  date: { zh: "请输入有效日期", en: "Enter a valid date" },
  // One clause per kind of change; a kind that moves no customer is left out.
  valueClassChanges: {
    zh: "{n} 位客户的价值等级将改变",
    en: "{n} {n|customer changes|customers change} value class",
  },
  nextFollowUpChanges: {
    zh: "{n} 位客户的下次跟进日期将改变",
    en: "{n} {n|customer changes|customers change} next follow-up date",
  },
  churnChanges: {
    zh: "{n} 位客户的流失预警将改变",
    en: "{n} {n|customer changes|customers change} churn flag",
  },
  noChanges: { zh: "没有客户的分类会改变。", en: "No customer is re-classified." },
} as const satisfies Record<string, Label>;

export type SettingsMessage = keyof typeof SETTINGS_MESSAGES;

/** What the panel's fields hold: text as typed (numbers may be "50万", rates "50%"). */
export type SettingsDraft = Record<SettingKey, string | number>;

export interface SettingsIssue {
  key: SettingKey;
  message: SettingsMessage;
}

const MONTH_KEYS: readonly SettingKey[] = ["cadenceA", "cadenceB", "cadenceC", "churnMonths"];

/**
 * Validates a draft; the values are returned only when every field is valid. The as-of date is
 * required only when it is fixed (following today, the pane sets it).
 */
export function validateSettings(
  draft: SettingsDraft,
): { ok: true; values: Settings } | { ok: false; issues: SettingsIssue[] } {
  const issues: SettingsIssue[] = [];
  const values = {} as Settings;
  const blank = (v: unknown) => v === "" || v === null || v === undefined;
  for (const s of SETTINGS) {
    const raw = draft[s.key];
    if (s.key === "asOfFixed") {
      values.asOfFixed = raw === 1 || raw === "1" ? 1 : 0;
      continue;
    }
    if (s.key === "asOf") {
      const d = toSerial(raw);
      if (typeof d === "number") values.asOf = d;
      else if (draft.asOfFixed === 1 || draft.asOfFixed === "1" || !blank(raw)) {
        issues.push({ key: "asOf", message: blank(raw) ? "required" : "date" });
      }
      continue;
    }
    if (blank(raw)) {
      issues.push({ key: s.key, message: "required" });
      continue;
    }
    if (s.type === "rate") {
      const r = toRate(raw);
      if (typeof r !== "number" || r < 0 || r > 1) issues.push({ key: s.key, message: "rate" });
      else values[s.key] = r;
      continue;
    }
    const n = toNumber(raw);
    if (typeof n !== "number") {
      issues.push({ key: s.key, message: MONTH_KEYS.includes(s.key) ? "months" : "notNumber" });
      continue;
    }
    if (MONTH_KEYS.includes(s.key)) {
      if (!Number.isInteger(n) || n < 1 || n > 24) issues.push({ key: s.key, message: "months" });
      else values[s.key] = n;
      continue;
    }
    if (n < 0) issues.push({ key: s.key, message: "negative" });
    else values[s.key] = n;
  }
  if (
    typeof values.abcA === "number" &&
    typeof values.abcB === "number" &&
    !(values.abcB < values.abcA) &&
    !issues.some((i) => i.key === "abcB")
  ) {
    issues.push({ key: "abcB", message: "bNotBelowA" });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}

export interface Reclassification {
  valueClass: number;
  nextFollowUp: number;
  churn: number;
}

/**
 * How many customers a change of settings moves: value class, next follow-up date and churn
 * flag, each computed before and after with the calculated columns' rules.
 */
export function reclassification(
  customers: readonly CrmRecord[],
  interactions: readonly CrmRecord[],
  before: Settings,
  after: Settings,
): Reclassification {
  const contacts = lastContacts(interactions);
  const out: Reclassification = { valueClass: 0, nextFollowUp: 0, churn: 0 };
  for (const c of customers) {
    const last = contacts.get(String(c.customerId ?? "").trim()) ?? null;
    const a = customerSchedule(c, last, before, before.asOf);
    const b = customerSchedule(c, last, after, after.asOf);
    if (a.valueClass !== b.valueClass) out.valueClass++;
    if (a.nextFollowUp !== b.nextFollowUp) out.nextFollowUp++;
    if (a.churnFlag !== b.churnFlag) out.churn++;
  }
  return out;
}

/** The panel's line about what a change re-classifies. */
export function reclassificationText(r: Reclassification, lang: Lang): string {
  const clauses = (
    [
      [r.valueClass, SETTINGS_MESSAGES.valueClassChanges],
      [r.nextFollowUp, SETTINGS_MESSAGES.nextFollowUpChanges],
      [r.churn, SETTINGS_MESSAGES.churnChanges],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, label]) => say(label, lang, { n }));
  if (clauses.length === 0) return say(SETTINGS_MESSAGES.noChanges, lang);
  return lang === "zh" ? `${clauses.join("，")}。` : `${clauses.join(", ")}.`;
}

/** The settings keys whose values differ (only those named cells are written). */
export function changedSettings(before: Settings, after: Settings): SettingKey[] {
  return SETTINGS.map((s) => s.key).filter((k) => before[k] !== after[k]);
}

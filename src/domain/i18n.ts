/**
 * Display language. The UI, headers and error messages follow Office's display language;
 * zh-CN is the default. Each area keeps its own message table (functions, pane, import...) as
 * `Record<string, Label>` and formats it with `say`.
 */
import type { Label, Lang } from "./schema";

export type { Label, Lang };

/** Office display language (e.g. "zh-CN", "en-US") → our language. Unknown or missing → zh. */
export function langFromLocale(locale: string | null | undefined): Lang {
  if (!locale) return "zh";
  return /^zh/i.test(locale) ? "zh" : "en";
}

const PLURALS: Record<Lang, Intl.PluralRules> = {
  zh: new Intl.PluralRules("zh-CN"),
  en: new Intl.PluralRules("en"),
};
const NUMBERS: Record<Lang, Intl.NumberFormat> = {
  zh: new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 20 }),
  en: new Intl.NumberFormat("en", { maximumFractionDigits: 20 }),
};

/**
 * A number as a parameter of a message: grouped by Intl.NumberFormat from 10,000 on (100,000
 * rows is "100,000"); smaller numbers are left as they are, so years, row numbers and four-digit
 * counts read as people write them in both languages.
 */
export function formatNumber(value: number, lang: Lang): string {
  return Math.abs(value) >= 10_000 ? NUMBERS[lang].format(value) : String(value);
}

/**
 * Fills `{name}` placeholders of a label in the given language. `{name|one|other}` picks the
 * word for the number `name` by Intl.PluralRules: "{count} {count|row|rows}" reads "1 row",
 * "2 rows" (Chinese labels need no such forms).
 */
export function say(label: Label, lang: Lang, params?: Record<string, string | number>): string {
  const text = label[lang];
  if (!params) return text;
  return text.replace(
    /\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g,
    (whole, name: string, one?: string, other?: string) => {
      if (!(name in params)) return whole;
      const value = params[name];
      if (one !== undefined && other !== undefined)
        return PLURALS[lang].select(Number(String(value).replace(/,/g, ""))) === "one"
          ? one
          : other;
      return typeof value === "number" ? formatNumber(value, lang) : String(value);
    },
  );
}

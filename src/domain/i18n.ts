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

/** Fills `{name}` placeholders of a label in the given language. */
export function say(label: Label, lang: Lang, params?: Record<string, string | number>): string {
  const text = label[lang];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

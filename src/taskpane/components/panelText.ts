/** Error text for the import, check and dashboard panels: typed adapter errors speak both languages. */
import type { Lang } from "../../domain/i18n";

export function errorText(error: unknown, lang: Lang): string {
  if (error && typeof error === "object" && "text" in error && typeof error.text === "function") {
    const text: unknown = error.text(lang);
    if (typeof text === "string") return text;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Small pieces shared by the panels. */
import { tokens } from "@fluentui/react-components";
import type { Lang } from "../../domain/i18n";
import { TABLES, type TableKey } from "../../domain/schema";
import { t } from "../strings";
import type { StatusMessage } from "./FormStatus";

/**
 * The reason of a failure in the pane's language. The adapters' errors (ExcelError,
 * WriteRejected) carry `text(lang)`; anything else shows its message as it is.
 */
export function errorText(e: unknown, lang: Lang): string {
  if (e && typeof e === "object" && "text" in e && typeof e.text === "function") {
    const text: unknown = e.text(lang);
    if (typeof text === "string") return text;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

/** What the pane says after selecting a row (preview mode has no sheet to show it in). */
export function selectRowMessage(
  mode: "excel" | "preview",
  table: TableKey,
  row: number,
  id: string,
  lang: Lang,
): StatusMessage {
  const params = { sheet: TABLES[table].sheet[lang], row: row + 1, id };
  return {
    intent: "info",
    text: t(mode === "preview" ? "selectedPreview" : "selected", lang, params),
  };
}

/**
 * Styles of a list of status lines with an icon in front (Home's table list, the problems
 * under 需要注意): the icon stays at the top of a line that wraps, long IDs break anywhere.
 */
export const statusListStyles = {
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  row: {
    display: "flex",
    alignItems: "flex-start",
    gap: tokens.spacingHorizontalS,
    paddingTop: tokens.spacingVerticalXXS,
    paddingBottom: tokens.spacingVerticalXXS,
    overflowWrap: "anywhere",
  },
} as const;

/**
 * A Field is a grid whose track takes its control's min-content width; a select's is its
 * longest option ("Production and supply of electricity, heat, gas and water"), which ran past
 * a 320 px pane's edge in English. The track may shrink to the pane; the option wraps in the
 * open list and is cut with an ellipsis in the closed select. For every Field with a select.
 */
export const shrinkingField = { gridTemplateColumns: "minmax(0, 1fr)" } as const;

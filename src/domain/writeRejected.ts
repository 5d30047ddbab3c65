/**
 * The refusal both workbook adapters throw when a write breaks the schema's rules (a required
 * field blank, an unknown customer) or cannot be placed: nothing was written. Its own module,
 * so the Excel adapter does not load the in-memory workbook (and its sample data) to throw it.
 */
import type { Lang } from "./i18n";
import type { TableKey } from "./schema";
import { describeIssue, type FieldIssue } from "./validation";

/** A write the workbook refused; nothing was written. `issues` name the offending fields. */
export class WriteRejected extends Error {
  constructor(
    message: string,
    readonly table: TableKey | null = null,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = "WriteRejected";
  }

  /** The reason in the pane's language (the same `text(lang)` shape as the Excel errors). */
  text(lang: Lang): string {
    const table = this.table;
    if (!table || this.issues.length === 0) {
      // Messages without field issues are written "中文 / English": show the user's half.
      const halves = this.message.split(" / ");
      return halves.length === 2 ? halves[lang === "zh" ? 0 : 1]! : this.message;
    }
    return this.issues
      .map((issue) => describeIssue(table, issue, lang))
      .join(lang === "zh" ? "；" : "; ");
  }
}

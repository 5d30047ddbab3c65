/**
 * The few typed errors the Excel adapter throws. Office reports failures as
 * `OfficeExtension.Error` with a string `code`; the pane should not need to know those codes, so
 * the boundary (`runExcel`) converts them into these classes, each with a message in Chinese
 * and English. Errors that are not Office errors (a rejected draft, a bug) pass through as they
 * are: never swallowed, never disguised.
 */
import { say, type Label, type Lang } from "../domain/i18n";
import { describeColumns, type ColumnsProblem } from "../domain/columnMap";
import { TABLES } from "../domain/schema";

export type ExcelErrorKind =
  | "busy"
  | "notFound"
  | "protected"
  | "tooLarge"
  | "tooOld"
  | "notAvailable"
  | "blocked"
  | "notGrown"
  | "totalsRow"
  | "partialWrite"
  | "columns"
  | "sheetTaken"
  | "failed";

const EXCEL_MESSAGES = {
  busy: {
    zh: "Excel 正忙（可能正在编辑单元格）。请按 Enter 或 Esc 结束编辑后重试。",
    en: "Excel is busy (a cell may be in edit mode). Press Enter or Esc, then try again.",
  },
  notFound: {
    zh: "工作簿中找不到 {what}。请先在任务窗格中设置或修复工作簿。",
    en: "{what} was not found in the workbook. Set up or repair the workbook from the task pane first.",
  },
  protected: {
    zh: "工作表受保护，无法写入。请先撤销工作表保护。",
    en: "The sheet is protected and cannot be changed. Unprotect it first.",
  },
  tooLarge: {
    zh: "一次写入或读取的数据超出 Excel 的限制。请分批导入。",
    en: "The data is larger than Excel accepts in one request. Import it in smaller parts.",
  },
  tooOld: {
    zh: "此 Excel 版本过旧：需要支持 ExcelApi {version} 的 Excel（Microsoft 365、Excel 2021 或网页版）。",
    en: "This version of Excel is too old: the add-in needs ExcelApi {version} (Microsoft 365, Excel 2021 or Excel on the web).",
  },
  notAvailable: {
    zh: "{what} 不可用：此操作需要在 Excel 中打开的任务窗格。请在 Excel 中打开加载项后重试。",
    en: "{what} is not available: this needs the task pane opened inside Excel. Open the add-in in Excel, then try again.",
  },
  blocked: {
    zh: "表格 {table} 下方的单元格 {address} 已有内容，为避免覆盖未写入任何数据。请移走这些内容后重试。",
    en: 'Cells "{address}" below table {table} are not empty; nothing was written so as not to overwrite them. Move them, then try again.',
  },
  notGrown: {
    zh: "表格 {table} 没有扩展到新写入的行，已撤销这次写入，没有添加任何记录。可能原因：Excel 的自动更正选项“表中包括新行和新列”已关闭，或表格显示了汇总行，或表格下方有数据验证。请打开该选项（文件 > 选项 > 校对 > 自动更正选项 > 键入时自动套用格式）或关闭汇总行后重试。",
    en: 'Table {table} did not extend over the rows just written, so the write was undone and no record was added. Excel\'s AutoCorrect option "Include new rows and columns in table" may be off, the table may show a totals row, or data validation may sit below it. Turn the option on (File > Options > Proofing > AutoCorrect Options > AutoFormat As You Type) or hide the totals row, then try again.',
  },
  totalsRow: {
    zh: "表格 {table} 显示了汇总行，写在它下方的行不会加入表格，因此没有写入任何数据。请先关闭汇总行（表设计 > 汇总行），然后重试。",
    en: "Table {table} shows a totals row, so rows written below it would not join the table; nothing was written. Turn the totals row off (Table Design > Total Row), then try again.",
  },
  partialWrite: {
    zh: "写入失败，且无法撤销已写入的行：工作表 {sheet} 第 {first}–{last} 行可能含有这次写入的数据。原因：{cause}。请检查这些行，或再次运行同一操作（只会补上尚未写入的部分）。",
    en: 'The write failed and the rows already written could not be removed: rows {first}–{last} of sheet "{sheet}" may hold data of this write. Cause: {cause}. Check those rows, or run the same operation again (it completes only what is missing).',
  },
  columns: {
    zh: "{table}中找不到这次写入所需的列：{columns}。未写入任何数据。请在“首页”把列名改回，或指定对应的列，然后重试。",
    en: "{table} lacks columns this write needs: {columns}. Nothing was written. On Home, rename them back or say which column holds them, then try again.",
  },
  sheetTaken: {
    zh: "工作表“{sheet}”和“{other}”都已存在且不是本加载项的仪表板，未作任何更改。请重命名其中一个后重试。",
    en: 'Sheets "{sheet}" and "{other}" both exist and are not the add-in\'s dashboard; nothing was changed. Rename one of them, then try again.',
  },
  failed: {
    zh: "Excel 未能完成此操作（{code}：{detail}）。请重试；若仍失败，请保存并重新打开工作簿后再试。",
    en: "Excel could not complete the operation ({code}: {detail}). Try again; if it fails again, save and reopen the workbook, then retry.",
  },
} as const satisfies Record<ExcelErrorKind, Label>;

/** Base class: `text(lang)` is what the pane shows; `message` carries both languages for logs. */
export class ExcelError extends Error {
  constructor(
    readonly kind: ExcelErrorKind,
    readonly params: Record<string, string | number> = {},
    /** The Office error code this came from, if any. */
    readonly code?: string,
    override readonly cause?: unknown,
  ) {
    super(
      `${say(EXCEL_MESSAGES[kind], "zh", params)} / ${say(EXCEL_MESSAGES[kind], "en", params)}`,
    );
    this.name = "ExcelError";
  }

  text(lang: Lang): string {
    return say(EXCEL_MESSAGES[this.kind], lang, this.params);
  }
}

/** The user is editing a cell, or Excel aborted the request; retrying later works. */
export class WorkbookBusyError extends ExcelError {
  constructor(code?: string, cause?: unknown) {
    super("busy", {}, code, cause);
    this.name = "WorkbookBusyError";
  }
}

/** A table, sheet, name or row the operation needs does not exist. */
export class NotFoundError extends ExcelError {
  constructor(what: string, code?: string, cause?: unknown) {
    super("notFound", { what }, code, cause);
    this.name = "NotFoundError";
  }
}

export class ProtectedError extends ExcelError {
  constructor(code?: string, cause?: unknown) {
    super("protected", {}, code, cause);
    this.name = "ProtectedError";
  }
}

/** A request or response over Excel on the web's payload limit (5 MB). */
export class TooLargeError extends ExcelError {
  constructor(code?: string, cause?: unknown) {
    super("tooLarge", {}, code, cause);
    this.name = "TooLargeError";
  }
}

export class ExcelTooOldError extends ExcelError {
  constructor(version: string) {
    super("tooOld", { version });
    this.name = "ExcelTooOldError";
  }
}

/** A feature this build cannot provide here (outside Excel, or a module not wired in). */
export class NotAvailableError extends ExcelError {
  constructor(what: string) {
    super("notAvailable", { what });
    this.name = "NotAvailableError";
  }
}

/** Appending would overwrite non-empty cells below a table; nothing was written. */
export class BlockedError extends ExcelError {
  constructor(table: string, address: string) {
    super("blocked", { table, address });
    this.name = "BlockedError";
  }
}

/**
 * Rows written below a table stayed outside it (Excel did not grow the table and this Excel has
 * no Table.resize, ExcelApi 1.13): they were removed again and nothing was added.
 */
export class TableNotGrownError extends ExcelError {
  constructor(table: string) {
    super("notGrown", { table });
    this.name = "TableNotGrownError";
  }
}

/** The table shows a totals row: an append would land outside it; nothing was written. */
export class TotalsRowError extends ExcelError {
  constructor(table: string) {
    super("totalsRow", { table });
    this.name = "TotalsRowError";
  }
}

/**
 * A multi-request write failed and its cleanup failed too: the rows named here (1-based sheet
 * rows) may hold data of this write. The only error that admits a half-written state, and it
 * says exactly where.
 */
export class PartialWriteError extends ExcelError {
  constructor(
    readonly sheet: string,
    readonly firstRow: number,
    readonly lastRow: number,
    cause: unknown,
  ) {
    super(
      "partialWrite",
      { sheet, first: firstRow, last: lastRow, cause: describe(cause).replace(/[.。]\s*$/, "") },
      officeCode(cause),
      cause,
    );
    this.name = "PartialWriteError";
  }
}

/**
 * A write needs a column the table no longer has under a name we know (renamed or deleted):
 * nothing was written. `problem` says which, so the pane can offer to rename it back or map it.
 */
export class ColumnsNotFoundError extends ExcelError {
  constructor(readonly problem: ColumnsProblem) {
    super("columns", ColumnsNotFoundError.params(problem, "zh"));
    this.name = "ColumnsNotFoundError";
    this.message = `${this.text("zh")} / ${this.text("en")}`;
  }

  private static params(problem: ColumnsProblem, lang: Lang): Record<string, string> {
    const def = TABLES[problem.table];
    return { table: `${def.sheet[lang]} (${def.name})`, columns: describeColumns(problem, lang) };
  }

  override text(lang: Lang): string {
    return say(EXCEL_MESSAGES.columns, lang, ColumnsNotFoundError.params(this.problem, lang));
  }
}

/** Any other Office failure, with its code kept for the log. */
export class ExcelFailedError extends ExcelError {
  constructor(code: string, detail: string, cause?: unknown) {
    // Office's message may be empty or only repeat the code: say something a person can read.
    const said = detail.trim() && detail.trim() !== code ? detail.trim() : "no detail given";
    super("failed", { code, detail: said.replace(/[.。]\s*$/, "") }, code, cause);
    this.name = "ExcelFailedError";
  }
}

/** The `code` of an OfficeExtension.Error (or anything shaped like one), else undefined. */
export function officeCode(error: unknown): string | undefined {
  if (error instanceof ExcelError) return undefined;
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function describe(error: unknown): string {
  if (error instanceof ExcelError) return error.text("en");
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === "string") return message;
  return String(error);
}

const BUSY = new Set([
  "InvalidOperationInCellEditMode",
  "RequestAborted",
  "ActivityLimitReached",
  "Conflict",
]);
const TOO_LARGE = new Set(["RequestPayloadSizeLimitExceeded", "ResponsePayloadSizeLimitExceeded"]);

/**
 * Converts an Office error into one of the typed errors; anything else is returned unchanged.
 * `what` names the object for ItemNotFound when the caller knows it.
 */
export function toExcelError(error: unknown, what?: string): unknown {
  if (error instanceof ExcelError) return error;
  const code = officeCode(error);
  if (code === undefined) return error;
  if (BUSY.has(code)) return new WorkbookBusyError(code, error);
  if (code === "ItemNotFound") return new NotFoundError(what ?? describe(error), code, error);
  if (code === "AccessDenied") return new ProtectedError(code, error);
  if (TOO_LARGE.has(code)) return new TooLargeError(code, error);
  return new ExcelFailedError(code, describe(error), error);
}

/**
 * Shows any error in the user's language: typed errors and anything else with `text(lang)`
 * (a rejected draft, a refused adoption) by their own words, others as they are.
 */
export function errorText(error: unknown, lang: Lang): string {
  if (error instanceof ExcelError) return error.text(lang);
  const text = (error as { text?: unknown } | null)?.text;
  if (typeof text === "function") {
    const said: unknown = (text as (l: Lang) => unknown).call(error, lang);
    if (typeof said === "string") return said;
  }
  return describe(error);
}

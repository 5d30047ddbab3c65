/**
 * The few typed errors the Excel adapter throws. Office reports failures as
 * `OfficeExtension.Error` with a string `code`; the pane should not need to know those codes, so
 * the boundary (`runExcel`) converts them into these classes, each with a message in Chinese
 * and English. Errors that are not Office errors (a rejected draft, a bug) pass through as they
 * are: never swallowed, never disguised.
 */
import { say, type Label, type Lang } from "../domain/i18n";

export type ExcelErrorKind =
  | "busy"
  | "notFound"
  | "protected"
  | "tooLarge"
  | "tooOld"
  | "notAvailable"
  | "blocked"
  | "partialWrite"
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
    zh: "{what} 不可用。",
    en: "{what} is not available.",
  },
  blocked: {
    zh: "表格 {table} 下方的单元格 {address} 已有内容，为避免覆盖未写入任何数据。请移走这些内容后重试。",
    en: "Cells {address} below table {table} are not empty; nothing was written so as not to overwrite them. Move them, then try again.",
  },
  partialWrite: {
    zh: "写入失败，且无法撤销已写入的行：工作表 {sheet} 第 {first}–{last} 行可能含有不完整的数据，请检查。原因：{cause}",
    en: "The write failed and the rows already written could not be removed: rows {first}–{last} of sheet {sheet} may hold incomplete data; please check them. Cause: {cause}",
  },
  failed: {
    zh: "Excel 操作失败（{code}）：{detail}",
    en: "The Excel operation failed ({code}): {detail}",
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
      { sheet, first: firstRow, last: lastRow, cause: describe(cause) },
      officeCode(cause),
      cause,
    );
    this.name = "PartialWriteError";
  }
}

/** Any other Office failure, with its code kept for the log. */
export class ExcelFailedError extends ExcelError {
  constructor(code: string, detail: string, cause?: unknown) {
    super("failed", { code, detail }, code, cause);
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

/** Shows any error in the user's language (typed errors by their label, others as they are). */
export function errorText(error: unknown, lang: Lang): string {
  if (error instanceof ExcelError) return error.text(lang);
  return describe(error);
}

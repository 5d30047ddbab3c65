/**
 * Why a picked file cannot be read, in words a person can act on. Library messages ("Can't find
 * end of central directory") mean nothing to the user; each failure here says what happened and
 * what to do (save as .xlsx, re-export as UTF-8, split the file), in both display languages.
 */
import { say, type Label, type Lang } from "../i18n";

/** The largest file the import reads (bytes). A 100,000-row customer CSV is about 25 MB. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** The most non-empty cells one .xlsx sheet may hold: a zip of a few MB can inflate to GBs. */
export const MAX_SHEET_CELLS = 6_000_000;

export const FILE_ERRORS = {
  tooLarge: {
    zh: "文件有 {size} MB，超过导入上限 {limit} MB。请按年份或地区拆成几个较小的文件，分别导入。",
    en: "The file is {size} MB, over the import limit of {limit} MB. Split it into smaller files (by year or region) and import each.",
  },
  tooManyCells: {
    zh: "工作表“{sheet}”的数据超过 {limit} 个单元格，无法导入。请拆成几个较小的文件。",
    en: "Sheet “{sheet}” holds more than {limit} cells, too many to import. Split it into smaller files.",
  },
  xls: {
    zh: "这是旧版 Excel 97-2003 文件（.xls）。请在 Excel 中打开它，选择“另存为 → Excel 工作簿（.xlsx）”，再导入新文件。",
    en: "This is an old Excel 97-2003 file (.xls). Open it in Excel, choose Save As → Excel Workbook (.xlsx), then import the new file.",
  },
  notZip: {
    zh: "文件不是有效的 .xlsx 工作簿（可能改过扩展名）。请在 Excel 中打开它并另存为 .xlsx，或导出为 CSV UTF-8 后再导入。",
    en: "The file is not a valid .xlsx workbook (its extension may have been changed). Open it in Excel and save it as .xlsx, or export it as CSV UTF-8, then import that.",
  },
  truncated: {
    zh: "文件不完整（可能下载或复制时被截断）。请重新下载或复制原文件，或在 Excel 中打开并另存一份后再导入。",
    en: "The file is incomplete (probably cut off while downloading or copying). Download or copy it again, or open it in Excel and save a new copy, then import that.",
  },
  damaged: {
    zh: "文件内容已损坏，无法读取（{part}）。请在 Excel 中打开并另存为新的 .xlsx，或导出为 CSV UTF-8 后再导入。",
    en: "The file is damaged and cannot be read ({part}). Open it in Excel and save it as a new .xlsx, or export it as CSV UTF-8, then import that.",
  },
  encrypted: {
    zh: "文件设置了密码保护，无法读取。请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后再导入。",
    en: "The file is password-protected and cannot be read. Remove the password in Excel (File → Info → Protect Workbook), then import it.",
  },
  noSheets: {
    zh: "工作簿中没有可导入的工作表。",
    en: "The workbook has no worksheet to import.",
  },
  binaryText: {
    zh: "文件看起来不是文本（CSV）文件。请在 Excel 中打开原文件，另存为“CSV UTF-8（逗号分隔）”后再导入。",
    en: "The file does not look like a text (CSV) file. Open the original in Excel and save it as “CSV UTF-8 (Comma delimited)”, then import that.",
  },
  unsupported: {
    zh: "只支持 .xlsx 和 .csv 文件。其他格式请在 Excel 中另存为 .xlsx 或 CSV UTF-8 后再导入。",
    en: "Only .xlsx and .csv files are supported. Save other formats as .xlsx or CSV UTF-8 in Excel, then import that.",
  },
} satisfies Record<string, Label>;

export type FileErrorCode = keyof typeof FILE_ERRORS;

/** A read failure with its translated message; the pane shows text(lang) (see errorText). */
export class ImportFileError extends Error {
  constructor(
    readonly code: FileErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(say(FILE_ERRORS[code], "en", params));
    this.name = "ImportFileError";
  }

  text(lang: Lang): string {
    return say(FILE_ERRORS[this.code], lang, this.params);
  }
}

/** Refuses a file over MAX_IMPORT_BYTES before a byte of it is read. */
export function checkFileSize(size: number, limit = MAX_IMPORT_BYTES): void {
  if (size > limit) {
    const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
    throw new ImportFileError("tooLarge", { size: mb(size), limit: mb(limit) });
  }
}

/** Messages of the import, the data check and the dashboard, in both display languages. */
import type { Label } from "../i18n";
import { DUPLICATE_FIELD_LABELS } from "../duplicates";
import type { DupField } from "./duplicateIndex";

export const IMPORT_MESSAGES = {
  noHeader: {
    zh: "没有找到表头行：请确认文件包含“客户名称”“对接人”等列名",
    en: "No header row found: the file needs column names such as 客户名称 (customer name)",
  },
  fileDuplicate: {
    zh: "与文件第 {line} 行重复（{fields}）",
    en: "Duplicate of file row {line} ({fields})",
  },
  workbookDuplicate: {
    zh: "与工作簿中的 {id} 重复（{fields}）",
    en: "Duplicate of {id} in the workbook ({fields})",
  },
  workbookRow: { zh: "第 {row} 行", en: "row {row}" },
  idConflict: {
    zh: "编号冲突：{id} 在工作簿中属于另一家客户“{name}”，这一行将使用新编号导入（它的跟进记录也用新编号）",
    en: "ID conflict: {id} belongs to another customer in the workbook (“{name}”); this row is imported under a new ID (and so are its follow-ups)",
  },
  unknownCustomerName: {
    zh: "客户名称“{value}”在客户档案中不存在",
    en: "No customer named “{value}” in the customer table",
  },
  ambiguousCustomerName: {
    zh: "客户名称“{value}”对应多个客户，请填写客户编号",
    en: "Several customers are named “{value}”; fill in the customer ID",
  },
  dateToNotes: {
    zh: "无法识别的日期“{value}”已移到备注，日期留空",
    en: "Unreadable date “{value}” moved to Notes; the date is left blank",
  },
  unreadable: { zh: "无法读取文件：{message}", en: "Cannot read the file: {message}" },
  unsupported: { zh: "只支持 .xlsx 和 .csv 文件", en: "Only .xlsx and .csv files are supported" },
} satisfies Record<string, Label>;

/** Header of the reason column in the rejected-rows file; ignored when that file is re-imported. */
export const REASON_HEADER: Label = { zh: "导入问题", en: "Import problems" };

/**
 * Field names used in duplicate messages: the customer fields as the new-customer form names
 * them (DUPLICATE_FIELD_LABELS: Chinese from the schema's headers), and the child tables' keys.
 */
export const DUPLICATE_FIELDS: Readonly<Record<DupField, Label>> = {
  ...DUPLICATE_FIELD_LABELS,
  id: { zh: "编号", en: "ID" },
  content: { zh: "内容相同", en: "same content" },
};

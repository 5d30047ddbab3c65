/**
 * The task pane's UI strings in Chinese (default) and English. Column headers, list items and
 * validation messages are not here: they come from the schema and the domain's MESSAGES, so a
 * header reads the same in the pane, the sheet and an error message.
 */
import { say, type Label, type Lang } from "../domain/i18n";
import { DUPLICATE_FIELD_LABELS } from "../domain/duplicates";
import { CARD_STRINGS } from "./cardStrings";
import { WORK_LIST_STRINGS } from "./workListStrings";

export const STRINGS = {
  appTitle: { zh: "客户关系管理", en: "Customer relationships" },
  previewBanner: {
    zh: "预览模式 / Preview — 示例数据，不会写入 Excel",
    en: "预览模式 / Preview — sample data, nothing is written to Excel",
  },
  loading: { zh: "正在读取工作簿…", en: "Reading the workbook…" },
  loadFailed: { zh: "无法读取工作簿：{message}", en: "Could not read the workbook: {message}" },
  retry: { zh: "重试", en: "Try again" },
  navLabel: { zh: "功能", en: "Sections" },
  navMore: { zh: "更多", en: "More" },

  tabHome: { zh: "首页", en: "Home" },
  tabWork: { zh: "待办", en: "To do" },
  tabCustomer: { zh: "新客户", en: "New customer" },
  tabFollowUp: { zh: "记录跟进", en: "Follow-up" },
  tabFeedback: { zh: "记录反馈", en: "Feedback" },
  tabFeedbackStatus: { zh: "反馈处理", en: "Feedback status" },
  tabImport: { zh: "导入", en: "Import" },
  tabCheck: { zh: "数据检查", en: "Data check" },
  tabDashboard: { zh: "仪表板", en: "Dashboard" },
  panelLoading: { zh: "正在加载…", en: "Loading…" },

  // Home
  language: { zh: "语言 / Language", en: "Language / 语言" },
  statusHeading: { zh: "工作簿状态", en: "Workbook status" },
  modeExcel: { zh: "已连接 Excel 工作簿", en: "Connected to the Excel workbook" },
  modePreview: { zh: "示例工作簿（预览）", en: "Sample workbook (preview)" },
  tablePresent: { zh: "{sheet}：{rows} 行", en: "{sheet}: {rows} {rows|row|rows}" },
  tableMissing: { zh: "{sheet}：未创建", en: "{sheet}: not set up" },
  tableMissingColumns: {
    zh: "缺少 {count} 列，可修复",
    en: "{count} {count|column|columns} missing; repair adds {count|it|them}",
  },
  tableFormulaDrift: {
    zh: "{count} 个计算列公式被改动，可修复",
    en: "{count} calculated {count|column|columns} changed; repair restores {count|it|them}",
  },
  layoutVersion: { zh: "版式版本：{version}", en: "Layout version: {version}" },
  layoutNone: { zh: "版式版本：无", en: "Layout version: none" },
  asOf: { zh: "基准日期：{date}", en: "As-of date: {date}" },
  asOfNone: { zh: "基准日期：未设置", en: "As-of date: not set" },
  asOfRefreshFailed: {
    zh: "未能把基准日期更新为今天：{message}",
    en: "Could not set the as-of date to today: {message}",
  },
  formulaMode: { zh: "计算列公式", en: "Calculated columns" },
  formulaModeNative: { zh: "Excel 公式（推荐）", en: "Excel formulas (recommended)" },
  formulaModeCrm: { zh: "CRM 函数", en: "CRM functions" },
  formulaModeHint: {
    zh: "Excel 公式：未装加载项的同事、手机和 WPS 也能计算。CRM 函数：仅当所有人都已安装加载项。切换会一次改写全部计算列。",
    en: "Excel formulas work for co-authors without the add-in, on phones and in WPS. CRM functions: only if everyone has the add-in. Switching rewrites every calculated column at once.",
  },
  settingsMissing: { zh: "参数设置表：未创建", en: "Settings sheet: not set up" },
  setUp: { zh: "创建 CRM 表格", en: "Set up the workbook" },
  repair: { zh: "修复 / 升级", en: "Repair / upgrade" },
  adopt: { zh: "采用“{sheet}”", en: "Adopt “{sheet}”" },
  adoptHint: {
    zh: "“{sheet}”看起来是{table}模板（表头在第 {row} 行，{rows} 行数据，识别 {known} 列）",
    en: "“{sheet}” looks like a {table} template (header on row {row}, {rows} data {rows|row|rows}, {known} {known|column|columns} recognised)",
  },
  adoptHeading: { zh: "可采用的现有表格", en: "Existing sheets you can adopt" },
  working: { zh: "正在处理…", en: "Working…" },
  setupDone: {
    zh: "完成：新建 {created} 项，升级 {upgraded} 项，跳过 {skipped} 项。",
    en: "Done: {created} created, {upgraded} upgraded, {skipped} skipped.",
  },
  setupFailed: {
    zh: "未完成：{message}。已有数据未被改动，请重试。",
    en: "Not done: {message}. Existing data was left unchanged; try again.",
  },
  refresh: { zh: "刷新", en: "Refresh" },

  // Forms
  save: { zh: "保存", en: "Save" },
  saving: { zh: "正在保存…", en: "Saving…" },
  saveAnyway: { zh: "仍然保存", en: "Save anyway" },
  clear: { zh: "清空", en: "Clear" },
  requiredHint: { zh: "带 * 的为必填项", en: "Fields marked * are required" },
  moreFields: { zh: "更多信息（选填）", en: "More details (optional)" },
  fixErrors: {
    zh: "有 {count} 处需要修改，请看标红的字段。",
    en: "{count} {count|field needs|fields need} attention; see the messages in red.",
  },
  draftRestored: {
    zh: "已恢复上次未保存的草稿。",
    en: "Your unsaved draft was restored.",
  },
  writeFailed: {
    zh: "保存失败：{message}。草稿已保留，请再次点击“保存”重试；已经写入表格的内容不会重复写入。",
    en: "Saving failed: {message}. Your draft is kept; press Save again to retry. Anything that did reach the table is not written twice.",
  },
  customerSaved: { zh: "已保存客户 {id}。", en: "Customer {id} saved." },
  followUpSaved: { zh: "已保存跟进记录 {id}。", en: "Follow-up {id} saved." },
  followUpStatusUpdated: {
    zh: "已保存跟进记录 {id}，客户状态已更新为“{status}”。",
    en: "Follow-up {id} saved; the customer's status is now “{status}”.",
  },
  statusUpdateFailed: {
    zh: "跟进记录 {id} 已保存，但客户状态未能更新：{message}。请在客户档案中手动修改。",
    en: "Follow-up {id} was saved but the customer's status was not updated: {message}. Change it in the customer sheet.",
  },
  feedbackSaved: { zh: "已保存反馈 {id}。", en: "Feedback {id} saved." },
  feedbackUpdated: { zh: "反馈 {id} 已更新为“{status}”。", en: "Feedback {id} is now “{status}”." },
  showRow: { zh: "在表格中查看", en: "Show in sheet" },

  duplicateWarning: {
    zh: "可能重复：现有客户 {id}“{name}”的{field}相同。",
    en: "Possible duplicate: existing customer {id} “{name}” has the same {field}.",
  },
  duplicateConfirm: {
    zh: "如确认不是同一客户，请点“仍然保存”。",
    en: "If this is a different customer, choose “Save anyway”.",
  },
  viewExisting: { zh: "查看现有客户", en: "View existing customer" },
  // The same field names as the import preview's duplicate reasons.
  dupField_name: DUPLICATE_FIELD_LABELS.name,
  dupField_phone: DUPLICATE_FIELD_LABELS.phone,
  dupField_email: DUPLICATE_FIELD_LABELS.email,
  dupField_customerId: DUPLICATE_FIELD_LABELS.customerId,

  customerPicker: { zh: "客户", en: "Customer" },
  customerPickerHint: {
    zh: "输入名称、编号或电话搜索",
    en: "Type a name, ID or phone number",
  },
  pickerOpen: { zh: "展开{label}列表", en: "Show the choices for {label}" },
  pickerChosen: { zh: "已选：{text}", en: "Chosen: {text}" },
  customerPickerEmpty: { zh: "没有匹配的客户", en: "No matching customer" },
  customerRequired: { zh: "请选择一个客户", en: "Choose a customer" },
  updateCustomerStatus: {
    zh: "同时更新客户档案中的客户状态",
    en: "Also update the customer's status",
  },
  optionNone: { zh: "（不选）", en: "(none)" },

  feedbackPicker: { zh: "待处理的反馈", en: "Open feedback" },
  feedbackPickerHint: { zh: "输入编号、客户或内容搜索", en: "Type an ID, customer or text" },
  feedbackPickerEmpty: { zh: "没有未完成的反馈", en: "No open feedback" },
  feedbackRequired: { zh: "请选择一条反馈", en: "Choose a feedback entry" },
  feedbackCurrent: {
    zh: "{id} · {customer} · {type} · 当前：{status}",
    en: "{id} · {customer} · {type} · now: {status}",
  },

  hint_money: { zh: "单位：元，可写 120万", en: "In 元; 120万 is accepted" },
  hint_rate: { zh: "如 85%", en: "e.g. 85%" },
  hint_items: { zh: "1–3 项，用顿号或逗号分隔", en: "1 to 3 items, separated by commas" },
  hint_phone: { zh: "多个号码用 / 分隔", en: "Separate several numbers with /" },
  hint_satisfaction: { zh: "1–5 分", en: "1 to 5" },
  hint_integer: { zh: "整数", en: "Whole number" },

  // Work lists
  workHeading: { zh: "今日待办", en: "Today's work" },
  workAsOf: { zh: "截至 {date}", en: "As of {date}" },
  workDueSoon: { zh: "7 天内需跟进", en: "Follow-ups due within 7 days" },
  workOverdue: { zh: "已逾期的跟进", en: "Overdue follow-ups" },
  workChurn: { zh: "流失预警客户", en: "Customers at risk of churn" },
  workFeedback: { zh: "超过计划时间的未完成反馈", en: "Open feedback past its planned date" },
  workEmpty: { zh: "暂无", en: "Nothing here" },
  workCount: { zh: "{count}", en: "{count}" },
  itemNextFollowUp: { zh: "下次跟进 {date}", en: "next follow-up {date}" },
  itemAction: { zh: "行动计划到期 {date}：{text}", en: "action due {date}: {text}" },
  // No-break spaces (\u00a0) and word joiners (\u2060, Chinese breaks between any two characters)
  // keep a count with its words: "逾" on one line and "期 894 天" on the next is what a 320 px pane
  // showed.
  itemLastContact: {
    zh: "最近互动 {date}，已\u00a0{days}\u00a0天未沟通",
    en: "last contact {date}, {days}\u00a0{days|day|days} ago",
  },
  itemNeverContacted: {
    zh: "建档于 {date}，尚未沟通",
    en: "created {date}, never contacted",
  },
  itemFeedback: {
    zh: "计划 {date} 完成，已逾\u2060期\u00a0{days}\u00a0天",
    en: "planned {date}, {days}\u00a0{days|day|days} late",
  },
  itemDaysLate: {
    zh: "逾\u2060期\u00a0{days}\u00a0天",
    en: "{days}\u00a0{days|day|days}\u00a0late",
  },
  itemDueIn: { zh: "{days}\u00a0天\u2060后", en: "in\u00a0{days}\u00a0{days|day|days}" },
  itemDueToday: { zh: "今天", en: "today" },
  selectRow: { zh: "在工作表中选中 {id}", en: "Select {id} in the sheet" },
  logFollowUp: { zh: "记录跟进", en: "Log follow-up" },
  selected: {
    zh: "已在“{sheet}”中选中 {id}（第 {row} 条记录）。",
    en: "Selected {id} in “{sheet}” (record {row}).",
  },
  selectedPreview: {
    zh: "预览模式：在 Excel 中会选中“{sheet}”的 {id}（第 {row} 条记录）。",
    en: "Preview: in Excel this selects {id} in “{sheet}” (record {row}).",
  },
  selectFailed: { zh: "无法选中该行：{message}", en: "Could not select the row: {message}" },
  ...CARD_STRINGS,
  ...WORK_LIST_STRINGS,
} satisfies Record<string, Label>;

export type StringKey = keyof typeof STRINGS;

export function t(key: StringKey, lang: Lang, params?: Record<string, string | number>): string {
  return say(STRINGS[key], lang, params);
}

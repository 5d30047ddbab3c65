/**
 * The work lists' strings for a team (search, owner filter, groups, plan actions), kept apart
 * from strings.ts so the lists can grow without touching every panel's table; strings.ts spreads
 * them into STRINGS, so `t()` and the pane's text checks see them like any other.
 */
import type { Label } from "../domain/i18n";
import { columnDef } from "../domain/schema";

export const WORK_LIST_STRINGS = {
  workSearch: { zh: "搜索待办", en: "Search the work lists" },
  workSearchHint: {
    zh: "客户名称、编号、计划内容或负责人",
    en: "Customer name, ID, plan or owner",
  },
  workMine: { zh: "只看我的", en: "Only mine" },
  workMineOf: { zh: "只看我的（{me}）", en: "Only mine ({me})" },
  workMe: { zh: "我是", en: "I am" },
  workMeNone: { zh: "（选择负责人）", en: "(choose an owner)" },
  workMeOption: { zh: "{owner}（{count} 项）", en: "{owner} ({count})" },
  workOwner: { zh: "负责人：{owner}", en: "Owner: {owner}" },
  workNoOwner: { zh: "负责人：未指定", en: "Owner: not set" },
  workFiltered: { zh: "{shown}/{total}", en: "{shown} of {total}" },
  workNoMatch: { zh: "没有符合条件的项", en: "Nothing matches" },
  workShowMore: { zh: "再显示 {next} 项（还有 {left} 项）", en: "Show {next} more ({left} left)" },
  workShowing: { zh: "显示 {shown}/{total} 项", en: "Showing {shown} of {total}" },
  planClose: { zh: "关闭", en: "Close" },
  planCloseOf: { zh: "关闭行动计划 {id}", en: "Close the action plan {id}" },
  planReschedule: { zh: "改期", en: "Reschedule" },
  planRescheduleOf: { zh: "改期行动计划 {id}", en: "Reschedule the action plan {id}" },
  feedbackHandle: { zh: "处理", en: "Handle" },
  feedbackHandleOf: { zh: "处理反馈 {id}", en: "Handle the feedback {id}" },
  // The field is the follow-up's 执行结果 column: its label is the schema's header.
  planResult: columnDef("interactions", "result").header,
  planNewDue: { zh: "新的计划完成时间", en: "New due date" },
  planConfirmClose: { zh: "确定关闭", en: "Close the plan" },
  planSaveDue: { zh: "保存新日期", en: "Save the date" },
  planCancel: { zh: "取消", en: "Cancel" },
  planResultRequired: { zh: "请填写执行结果", en: "Enter the result" },
  planDateRequired: { zh: "请填写日期", en: "Enter a date" },
  planDateInvalid: {
    zh: "“{value}”不是有效日期（例如 2024-11-30）",
    en: "“{value}” is no such date (for example 2024-11-30)",
  },
  planPastDue: {
    zh: "{date} 早于今天（{today}），计划一保存就会逾期。确定吗？",
    en: "{date} is before today ({today}): the plan will be overdue at once. Save it anyway?",
  },
  planPastConfirm: { zh: "确定保存", en: "Save anyway" },
  planClosed: {
    zh: "已关闭 {id} 的行动计划（执行结果：{result}）。",
    en: "Closed the action plan of {id} (result: {result}).",
  },
  planRescheduled: {
    zh: "已将 {id} 的计划完成时间改为 {date}。",
    en: "Moved the due date of {id} to {date}.",
  },
  planUndo: { zh: "撤销", en: "Undo" },
  planUndone: { zh: "已撤销：{id} 已恢复原样。", en: "Undone: {id} is as it was." },
  planUndoConflict: {
    zh: "未撤销：{id} 在此之后已被修改（可能是其他协作者），保留当前内容。",
    en: "Not undone: {id} was changed since (perhaps by a co-author); its current content stays.",
  },
  planUpdateFailed: { zh: "未能更新 {id}：{message}", en: "Could not update {id}: {message}" },
  // The follow-up form: close the plan a follow-up answers; a due date in the past.
  closePlansLegend: {
    zh: "这次跟进完成了以下行动计划",
    en: "This follow-up completes these action plans",
  },
  closePlanOption: {
    zh: "{id}：{text}（计划 {date}）",
    en: "{id}: {text} (due {date})",
  },
  plansClosed: { zh: "已关闭行动计划 {ids}。", en: "Closed the action plans {ids}." },
  plansCloseFailed: {
    zh: "未能关闭行动计划 {ids}：{message}",
    en: "Could not close the action plans {ids}: {message}",
  },
  followUpPastDue: {
    zh: "计划完成时间 {date} 早于今天（{today}），保存后立即逾期。仍要保存吗？",
    en: "The due date {date} is before today ({today}): the plan will be overdue at once. Save anyway?",
  },
} satisfies Record<string, Label>;

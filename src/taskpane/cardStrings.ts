/**
 * UI strings of the customer card, the edit and order forms and the Settings panel (zh default,
 * en). Kept in their own table, spread into the pane's STRINGS, so `t()` reaches them with the
 * same typed keys.
 */
import type { Label } from "../domain/i18n";
import { columnDef } from "../domain/schema";

export const CARD_STRINGS = {
  tabCard: { zh: "客户卡片", en: "Customer card" },
  tabOrder: { zh: "新订单", en: "New order" },
  tabSettings: { zh: "设置", en: "Settings" },

  // Search at the top of the pane
  searchLabel: { zh: "查找客户", en: "Find a customer" },
  searchHint: { zh: "名称、编号、电话或对接人", en: "Name, ID, phone or contact" },
  viewCard: { zh: "查看客户卡片", en: "View customer card" },

  // Card
  cardChoose: {
    zh: "在上方搜索框中查找客户，或从待办、重复提示或选中的行打开客户卡片。",
    en: "Find a customer in the search box above, or open a card from a work list, a duplicate warning or the selected row.",
  },
  cardNotFound: {
    zh: "找不到编号为 {id} 的客户（可能已被删除或编号有误）。",
    en: "No customer has the ID {id} (deleted, or a wrong ID).",
  },
  cardValueClass: { zh: "价值等级 {cls}", en: "Class {cls}" },
  cardNoClass: { zh: "未分级", en: "No class" },
  cardOwner: { zh: "负责人：{owner}", en: "Owner: {owner}" },
  cardNoOwner: { zh: "负责人：未指定", en: "Owner: none" },
  cardContact: { zh: "对接人：{contact}", en: "Contact: {contact}" },
  copy: { zh: "复制{what}", en: "Copy {what}" },
  copied: { zh: "已复制：{text}", en: "Copied: {text}" },
  copyFailed: {
    zh: "无法复制（浏览器不允许），请手动选择：{text}",
    en: "Could not copy (not allowed here); select it by hand: {text}",
  },
  cardNext: { zh: "下次跟进 {date}", en: "Next follow-up {date}" },
  cardNextNone: { zh: "下次跟进：无日期", en: "Next follow-up: no date" },
  cardDaysLeft: { zh: "还有 {days} 天", en: "in {days} {days|day|days}" },
  cardDueToday: { zh: "今天到期", en: "due today" },
  cardOverdue: { zh: "已逾期 {days} 天", en: "{days} {days|day|days} overdue" },
  // The 流失预警 column's own header: the card says it as the sheet does.
  cardChurn: columnDef("customers", "churnFlag").header,
  cardNoChurn: { zh: "无流失预警", en: "No churn risk" },
  cardCounts: {
    zh: "跟进 {followUps} 次 · 反馈 {feedback} 条（未结 {open}） · 订单 {orders} 笔",
    en: "{followUps} follow-ups · {feedback} feedback ({open} open) · {orders} orders",
  },
  cardAmount12: { zh: "近12个月交易额 {amount} 元", en: "Last 12 months: {amount} 元" },
  cardTimeline: { zh: "时间线", en: "Timeline" },
  cardTimelineEmpty: {
    zh: "还没有跟进、反馈或订单记录。",
    en: "No follow-ups, feedback or orders yet.",
  },
  cardFollowsSelection: {
    zh: "客户卡片会跟随工作表中选中的行。",
    en: "The card follows the row selected in the sheet.",
  },
  kind_followUp: { zh: "跟进", en: "Follow-up" },
  kind_feedback: { zh: "反馈", en: "Feedback" },
  kind_order: { zh: "订单", en: "Order" },
  entryNext: { zh: "下一步：{text}", en: "Next: {text}" },
  entryDue: { zh: "计划 {date}", en: "due {date}" },
  action_open: { zh: "进行中", en: "open" },
  action_overdue: { zh: "已逾期", en: "overdue" },
  action_closed: { zh: "已完成", en: "done" },
  entryAmount: { zh: "{amount} 元", en: "{amount} 元" },
  entrySelect: { zh: "在工作表中选中 {id}", en: "Select {id} in the sheet" },
  entryEdit: { zh: "编辑 {id}", en: "Edit {id}" },
  actionFollowUp: { zh: "记录跟进", en: "Log follow-up" },
  actionFeedback: { zh: "记录反馈", en: "Record feedback" },
  actionOrder: { zh: "新订单", en: "New order" },
  actionEdit: { zh: "编辑", en: "Edit" },

  // Edit mode of the forms
  editHeading: { zh: "编辑 {id}", en: "Edit {id}" },
  editNotFound: {
    zh: "找不到编号为 {id} 的记录，可能已被删除。",
    en: "No record has the ID {id}; it may have been deleted.",
  },
  editNothing: { zh: "没有修改。", en: "Nothing changed." },
  editSaved: {
    zh: "已更新 {id}：{fields}。",
    en: "{id} updated: {fields}.",
  },
  editConflict: {
    zh: "{message}。当前值：{values}。",
    en: "{message}. Now: {values}.",
  },
  editOverwrite: { zh: "仍保存我的修改", en: "Save my changes anyway" },
  editReload: { zh: "载入最新内容", en: "Load the latest values" },
  editReloaded: {
    zh: "已载入最新内容，请重新修改后保存。",
    en: "The latest values are loaded; make your change again and save.",
  },
  editCancel: { zh: "返回客户卡片", en: "Back to the card" },
  editThisOne: { zh: "（即本记录）", en: "(this record)" },

  // Order form
  orderSaved: { zh: "已保存订单 {id}。", en: "Order {id} saved." },
  orderAmount: { zh: "金额（自动计算）：{amount} 元", en: "Amount (calculated): {amount} 元" },
  orderAmountNone: {
    zh: "金额（自动计算）：填写数量和单价后显示",
    en: "Amount (calculated): shown once quantity and unit price are filled",
  },

  // Settings panel
  settingsHeading: { zh: "规则参数", en: "Rule settings" },
  settingsAsOf: { zh: "基准日期", en: "As-of date" },
  settingsFollowToday: {
    zh: "跟随今天（打开窗格时每天更新一次）",
    en: "Follow today (updated once a day when the pane opens)",
  },
  settingsFixed: {
    zh: "固定日期（查看过去，直到再次修改）",
    en: "Fixed date (look at the past; stays until changed)",
  },
  settingsSave: { zh: "保存设置", en: "Save settings" },
  settingsSaved: {
    zh: "设置已保存，工作簿会按新规则重新计算。",
    en: "Settings saved; the workbook recalculates with them.",
  },
  settingsUnchanged: { zh: "设置没有变化。", en: "Nothing changed." },
  settingsFailed: { zh: "设置未保存：{message}", en: "Settings not saved: {message}" },
  settingsLists: { zh: "下拉列表选项", en: "Dropdown choices" },
  settingsListsHint: {
    zh: "下拉选项保存在“参数设置”工作表的列表中，可直接增删；表单和数据验证会跟随。",
    en: "Dropdown choices live in the list tables of the Settings sheet; edit them there and the forms and validation follow.",
  },
  settingsOpenList: { zh: "打开“{list}”列表", en: "Open the “{list}” list" },
  settingsListSelected: {
    zh: "已在“参数设置”工作表中选中“{list}”列表。",
    en: "The “{list}” list is selected on the Settings sheet.",
  },
  settingsListPreview: {
    zh: "预览模式：在 Excel 中会打开“参数设置”工作表的“{list}”列表。",
    en: "Preview: in Excel this opens the “{list}” list on the Settings sheet.",
  },

  // Ribbon
  ribbonNotCrmRow: {
    zh: "所选单元格不在任何 CRM 表格（客户档案、维护记录、客户反馈、交易记录）的数据行中。",
    en: "The selected cell is not in a data row of a CRM table (Customers, Follow-ups, Feedback, Orders).",
  },
} satisfies Record<string, Label>;

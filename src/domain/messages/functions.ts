/**
 * Messages of the CRM.* custom functions' errors, in Chinese and English. Excel shows the message
 * of a #VALUE! error in the cell's error tooltip, so it names the argument and the offending value
 * in the user's words; the pane and the data check may reuse the same texts.
 */
import { say, type Label, type Lang } from "../i18n";

/** Arguments named in messages; the keys are the JSDoc parameter names. */
export const ARG_LABELS = {
  annualAmount: { zh: "年合作额", en: "annualAmount (annual amount)" },
  repurchaseRate: { zh: "复购率", en: "repurchaseRate (repurchase rate)" },
  aThreshold: { zh: "A类阈值", en: "aThreshold (class A threshold)" },
  bThreshold: { zh: "B类阈值", en: "bThreshold (class B threshold)" },
  highRepurchase: { zh: "高复购率", en: "highRepurchase (high repurchase rate)" },
  amount: { zh: "金额", en: "amount" },
  aShare: { zh: "A类占比", en: "aShare (class A share)" },
  bShare: { zh: "B类占比", en: "bShare (class B share)" },
  lastContact: { zh: "最近互动日期", en: "lastContact (last contact date)" },
  abcClass: { zh: "价值等级", en: "abcClass (value class)" },
  cadenceMonths: { zh: "跟进周期（月）", en: "cadenceMonths (cadence in months)" },
  asOf: { zh: "基准日期", en: "asOf (as-of date)" },
  inactiveMonths: { zh: "未沟通月数", en: "inactiveMonths (months without contact)" },
  dueDate: { zh: "计划完成时间", en: "dueDate (due date)" },
  done: { zh: "执行结果", en: "done (result)" },
  expectedDate: { zh: "预计采购时间", en: "expectedDate (expected purchase date)" },
  employees: { zh: "员工人数", en: "employees (head count)" },
  annualRevenue: { zh: "年营收", en: "annualRevenue (annual revenue)" },
  status: { zh: "处理状态", en: "status (handling status)" },
  plannedDate: { zh: "计划完成时间", en: "plannedDate (planned date)" },
  actualDate: { zh: "实际完成时间", en: "actualDate (actual date)" },
  createdDate: { zh: "建档日期", en: "createdDate (created date)" },
  sequence: { zh: "序号", en: "sequence" },
  prefix: { zh: "前缀", en: "prefix" },
} as const satisfies Record<string, Label>;

export type ArgKey = keyof typeof ARG_LABELS;

export const FUNCTION_MESSAGES = {
  notNumber: {
    zh: "{arg}应为数字（可带 万/亿/元/人 或千分位），收到“{value}”",
    en: "{arg} must be a number (万/亿/元/人 and separators allowed); got “{value}”",
  },
  notRate: {
    zh: "{arg}应为 0–1 的小数或百分比（如 85%），收到“{value}”",
    en: "{arg} must be a rate from 0 to 1 or a percentage such as 85%; got “{value}”",
  },
  notDate: {
    zh: "{arg}应为日期（YYYY-MM-DD、YYYY/M/D、YYYY.M.D 或 YYYY年M月D日），收到“{value}”",
    en: "{arg} must be a date (YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日); got “{value}”",
  },
  notText: {
    zh: "{arg}应为文本，收到“{value}”",
    en: "{arg} must be text; got “{value}”",
  },
  required: {
    zh: "缺少{arg}",
    en: "{arg} is required",
  },
  negative: {
    zh: "{arg}不能为负数，收到 {value}",
    en: "{arg} cannot be negative; got {value}",
  },
  notInteger: {
    zh: "{arg}应为整数，收到 {value}",
    en: "{arg} must be a whole number; got {value}",
  },
  outOfRange: {
    zh: "{arg}应在 {min} 到 {max} 之间，收到 {value}",
    en: "{arg} must be between {min} and {max}; got {value}",
  },
  sharesOrder: {
    zh: "A类占比（{value}）不能大于B类占比",
    en: "aShare ({value}) cannot be greater than bShare",
  },
  unknownClass: {
    zh: "{arg}应为 A、B、C 或留空，收到“{value}”",
    en: "{arg} must be A, B, C or blank; got “{value}”",
  },
  unknownStatus: {
    zh: "{arg}应为 待处理/处理中/已完成/待跟进/无法解决 之一，收到“{value}”",
    en: "{arg} must be one of 待处理/处理中/已完成/待跟进/无法解决; got “{value}”",
  },
  unexpected: {
    zh: "计算出错：{value}",
    en: "The calculation failed: {value}",
  },
  dateOverflow: {
    zh: "计算出的日期超出 Excel 的日期范围（9999-12-31 之后）",
    en: "The resulting date is beyond Excel's last date (9999-12-31)",
  },
} as const satisfies Record<string, Label>;

export type FunctionMessageKey = keyof typeof FUNCTION_MESSAGES;

/** Parameters of a function error message; `arg` names the argument at fault. */
export interface FunctionMessageParams {
  arg?: ArgKey;
  value?: string;
  min?: number;
  max?: number;
}

/** The message of a function error in the given language. */
export function functionMessage(
  key: FunctionMessageKey,
  lang: Lang,
  params: FunctionMessageParams = {},
): string {
  const filled: Record<string, string | number> = {};
  if (params.arg !== undefined) filled.arg = ARG_LABELS[params.arg][lang];
  if (params.value !== undefined) filled.value = params.value;
  if (params.min !== undefined) filled.min = params.min;
  if (params.max !== undefined) filled.max = params.max;
  return say(FUNCTION_MESSAGES[key], lang, filled);
}

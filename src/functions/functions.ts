/**
 * The CRM.* custom functions (namespace CRM, set in manifest.xml). Each is a thin wrapper: the
 * JSDoc is the metadata (custom-functions-metadata-plugin writes functions.json from it), the
 * rule lives in src/domain/rules.ts, and a rule's RuleError becomes #VALUE! or #NUM! with a
 * message in Office's language. The ids are what workbooks store: they never change.
 *
 * Parameters are typed `unknown`, which the metadata records as type "any": with "number" Excel
 * would coerce (and reject text such as "120万") before the function runs. No function is
 * @volatile: calculated columns pass the Settings sheet's as-of date instead of TODAY().
 */
import {
  abcClassCell,
  churnFlagCell,
  customerIdCell,
  feedbackSlaCell,
  needPriorityCell,
  nextFollowUpCell,
  overdueCell,
  paretoClassCells,
  revenueTierCell,
  sizeTierCell,
} from "../domain/rules";
import { toExcelCell, toExcelError } from "./errors";

interface Registrar {
  associate(id: string, fn: (...args: never[]) => unknown): void;
}

/**
 * The build appends `CustomFunctions.associate("ID", fn)` calls to this module. In a plain
 * browser (the pane's preview mode) office.js defines no CustomFunctions and those calls would
 * throw, stopping the scripts loaded after this one. This module-scoped binding shadows the
 * global for them: Excel's registrar when present, otherwise a registrar that does nothing.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- used by the appended associate calls
const CustomFunctions: Registrar = (globalThis as { CustomFunctions?: Registrar })
  .CustomFunctions ?? { associate: () => undefined };

/**
 * 价值等级(ABC分类): "A" when the annual amount is above the A threshold and the repurchase rate is blank or high; "B" when it is at least the B threshold; otherwise "C".
 * @customfunction ABCCLASS
 * @param annualAmount 年合作额 Annual amount in 元 (a number or text such as "120万").
 * @param [repurchaseRate] 复购率 Repurchase rate, 0–1 or "85%"; blank does not disqualify class A.
 * @param [aThreshold] A类阈值 Class A threshold in 元 (default 500000).
 * @param [bThreshold] B类阈值 Class B threshold in 元 (default 100000).
 * @param [highRepurchase] 高复购率 High repurchase rate (default 0.5).
 * @returns "A", "B", "C", or "" when the amount is blank.
 */
export function crmAbcClass(
  annualAmount: unknown,
  repurchaseRate?: unknown,
  aThreshold?: unknown,
  bThreshold?: unknown,
  highRepurchase?: unknown,
): string {
  try {
    return abcClassCell(annualAmount, repurchaseRate, aThreshold, bThreshold, highRepurchase);
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * 帕累托(80/20) ABC 分类: by the share of the total held by larger amounts. Pass a range as the amount to get one class per cell (one sort for the whole range).
 * @customfunction PARETOCLASS
 * @param amount 金额 The amount to classify, or a range of amounts (spills one class per cell).
 * @param amounts 全部金额 All amounts; blanks and text are ignored.
 * @param [aShare] A类占比 Class A while larger amounts hold less than this share (default 0.8).
 * @param [bShare] B类占比 Class B while larger amounts hold less than this share (default 0.95).
 * @returns "A", "B" or "C" per amount; "" for a blank amount.
 */
export function crmParetoClass(
  amount: unknown[][],
  amounts: unknown[][],
  aShare?: unknown,
  bShare?: unknown,
): unknown[][] {
  try {
    const cells: unknown[][] = paretoClassCells(amount, amounts, aShare, bShare);
    // Replace rule errors in place: a 100,000-row spill is not worth a second copy.
    for (const row of cells) {
      for (let c = 0; c < row.length; c++) row[c] = toExcelCell(row[c]);
    }
    return cells;
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * 下次跟进日期: the last contact plus the cadence in months (A类每月1次, B/C类及未分类每季度1次).
 * @customfunction NEXTFOLLOWUP
 * @param lastContact 最近互动日期 Last contact date (an Excel date or text such as "2024-05-10").
 * @param [abcClass] 价值等级 Value class A, B, C or blank.
 * @param [cadenceMonths] 跟进周期(月) Cadence in months, 1–24; overrides the class default.
 * @returns The next follow-up date (a date serial), or "" when the last contact is blank.
 */
export function crmNextFollowUp(
  lastContact: unknown,
  abcClass?: unknown,
  cadenceMonths?: unknown,
): number | string {
  try {
    return nextFollowUpCell(lastContact, abcClass, cadenceMonths);
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * 流失预警: TRUE when the as-of date is at least the given number of months after the last contact (连续3个月未沟通).
 * @customfunction CHURNFLAG
 * @param lastContact 最近互动日期 Last contact date.
 * @param [asOf] 基准日期 As-of date (default today).
 * @param [inactiveMonths] 未沟通月数 Months without contact (default 3).
 * @returns TRUE or FALSE, or "" when the last contact is blank.
 */
export function crmChurnFlag(
  lastContact: unknown,
  asOf?: unknown,
  inactiveMonths?: unknown,
): boolean | string {
  try {
    return churnFlagCell(lastContact, asOf, inactiveMonths);
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * 是否逾期: TRUE when the due date is before the as-of date and the follow-up is not done.
 * @customfunction OVERDUE
 * @param dueDate 计划完成时间 Due date.
 * @param [done] 执行结果 Blank or FALSE means open; a date, text or TRUE means finished.
 * @param [asOf] 基准日期 As-of date (default today).
 * @returns TRUE or FALSE, or "" when the due date is blank.
 */
export function crmOverdue(dueDate: unknown, done?: unknown, asOf?: unknown): boolean | string {
  try {
    return overdueCell(dueDate, done, asOf);
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * 需求优先级: "高" within 3 months of the as-of date (past dates included), "中" within 6 months, otherwise "低".
 * @customfunction NEEDPRIORITY
 * @param expectedDate 预计采购时间 Expected purchase date.
 * @param [asOf] 基准日期 As-of date (default today).
 * @returns "高", "中" or "低", or "" when the expected date is blank.
 */
export function crmNeedPriority(expectedDate: unknown, asOf?: unknown): string {
  try {
    return needPriorityCell(expectedDate, asOf);
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * 规模等级(按员工人数): "<50人", "50-200人" or ">200人".
 * @customfunction SIZETIER
 * @param employees 员工人数 Head count (a whole number or text such as "200人").
 * @returns The size tier, or "" when the head count is blank.
 */
export function crmSizeTier(employees: unknown): string {
  try {
    return sizeTierCell(employees);
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * 规模等级(按年营收): "<500万", "500-2000万" or ">2000万".
 * @customfunction REVENUETIER
 * @param annualRevenue 年营收 Annual revenue in 元 (a number or text such as "1.2亿元").
 * @returns The revenue tier, or "" when the revenue is blank.
 */
export function crmRevenueTier(annualRevenue: unknown): string {
  try {
    return revenueTierCell(annualRevenue);
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * 反馈处理时效: "按期完成", "逾期完成", "无法解决", "已逾期" or "进行中" from the handling status and dates.
 * @customfunction FEEDBACKSLA
 * @param status 处理状态 One of 待处理, 处理中, 已完成, 待跟进, 无法解决.
 * @param [plannedDate] 计划完成时间 Planned completion date.
 * @param [actualDate] 实际完成时间 Actual completion date.
 * @param [asOf] 基准日期 As-of date (default today).
 * @returns The SLA state, or "" when the status is blank.
 */
export function crmFeedbackSla(
  status: unknown,
  plannedDate?: unknown,
  actualDate?: unknown,
  asOf?: unknown,
): string {
  try {
    return feedbackSlaCell(status, plannedDate, actualDate, asOf);
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * 客户编号: prefix + YYYYMM of the created date + the sequence padded to 3 digits, e.g. C202405001.
 * @customfunction CUSTOMERID
 * @param createdDate 建档日期 Date the customer was created.
 * @param sequence 序号 Sequence number within the month, a whole number from 1.
 * @param [prefix] 前缀 ID prefix (default "C").
 * @returns The customer ID, or "" when the created date is blank.
 */
export function crmCustomerId(createdDate: unknown, sequence: unknown, prefix?: unknown): string {
  try {
    return customerIdCell(createdDate, sequence, prefix);
  } catch (e) {
    throw toExcelError(e);
  }
}

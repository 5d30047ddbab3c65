/**
 * Ribbon commands. The manifest names these action ids: setupWorkbook, checkData,
 * refreshDashboard, logFollowUpForSelection, openImport, openCustomerCard. Each does its work through src/excel, hands the
 * outcome to the task pane through the shared-runtime bridge and opens the pane to show it
 * (Excel has no notification area for add-in commands), and always calls `event.completed()`,
 * also on failure: Office otherwise shows the command as still running.
 *
 * The Excel work is imported on demand: this entry loads with the pane at start-up, and the
 * setup, check and dashboard code is only needed when a button is pressed.
 */
import { langFromLocale, say, type Label, type Lang } from "../domain/i18n";
import { errorText } from "../excel/errors";
import { publish, type CommandId, type CommandMessage } from "./bridge";

export const COMMAND_MESSAGES = {
  setupDone: {
    zh: "工作簿已设置：新建 {created} 项，升级 {upgraded} 项，保留 {skipped} 项。",
    en: "Workbook set up: {created} created, {upgraded} upgraded, {skipped} kept.",
  },
  setupWarnings: { zh: "请注意：{warnings}", en: "Please note: {warnings}" },
  checkDone: {
    zh: "数据检查完成：发现 {problems} 个问题，已在表格中标记 {marked} 处。",
    en: "Data check done: {problems} {problems|problem|problems} found, {marked} {marked|cell|cells} marked.",
  },
  dashboardDone: {
    zh: "仪表板已刷新：工作表 {sheet}，{charts} 个图表。",
    en: "Dashboard refreshed: sheet {sheet}, {charts} {charts|chart|charts}.",
  },
  dashboardMissing: {
    zh: "缺少表格：{tables}。请先设置工作簿。",
    en: "Missing tables: {tables}. Set up the workbook first.",
  },
  notCrmRow: {
    zh: "所选单元格不在任何 CRM 表格（客户档案、维护记录、客户反馈、交易记录）的数据行中。请先选中一位客户或其记录所在的行，再点击“记录跟进”。",
    en: "The selected cell is not in a data row of a CRM table (Customers, Follow-ups, Feedback, Orders). Select the row of a customer or one of its records, then click Log follow-up.",
  },
  notCrmRowCard: {
    zh: "所选单元格不在任何 CRM 表格（客户档案、维护记录、客户反馈、交易记录）的数据行中。请先选中一行，再点击“客户卡片”。",
    en: "The selected cell is not in a data row of a CRM table (Customers, Follow-ups, Feedback, Orders). Select a row, then click Customer card.",
  },
  rowWithoutCustomer: {
    zh: "所选的第 {row} 条记录没有客户编号。",
    en: "The selected record {row} has no customer ID.",
  },
  failed: { zh: "操作未完成：{reason}", en: "Not done: {reason}" },
} as const satisfies Record<string, Label>;

function lang(): Lang {
  return langFromLocale(Office.context?.displayLanguage);
}

async function showPane(): Promise<void> {
  try {
    await Office.addin.showAsTaskpane();
  } catch {
    // Older hosts without the shared-runtime API keep the message until the user opens the pane.
  }
}

/** Runs a command's work; whatever happens, the pane gets the outcome and Office hears back. */
async function perform(
  command: CommandId,
  event: Office.AddinCommands.Event,
  work: (lang: Lang) => Promise<CommandMessage>,
): Promise<void> {
  const l = lang();
  try {
    publish(await work(l));
  } catch (error) {
    const reason = errorText(error, l);
    publish({
      kind: "outcome",
      command,
      ok: false,
      text: say(COMMAND_MESSAGES.failed, l, { reason }),
    });
  } finally {
    await showPane();
    event.completed();
  }
}

export function setupWorkbookCommand(event: Office.AddinCommands.Event): Promise<void> {
  return perform("setupWorkbook", event, async (l) => {
    const { runSetup } = await import("../excel/setup");
    const report = await runSetup(l);
    const parts = [
      say(COMMAND_MESSAGES.setupDone, l, {
        created: report.created.length,
        upgraded: report.upgraded.length,
        skipped: report.skipped.length,
      }),
    ];
    if (report.warnings.length) {
      parts.push(say(COMMAND_MESSAGES.setupWarnings, l, { warnings: report.warnings.join("；") }));
    }
    return { kind: "outcome", command: "setupWorkbook", ok: true, text: parts.join(" ") };
  });
}

export function checkDataCommand(event: Office.AddinCommands.Event): Promise<void> {
  return perform("checkData", event, async (l) => {
    const { runDataCheck } = await import("../excel/check");
    const report = await runDataCheck(l);
    const text = say(COMMAND_MESSAGES.checkDone, l, {
      problems: report.problems.length,
      marked: report.marked,
    });
    return { kind: "outcome", command: "checkData", ok: true, text };
  });
}

export function refreshDashboardCommand(event: Office.AddinCommands.Event): Promise<void> {
  return perform("refreshDashboard", event, async (l) => {
    const { refreshDashboard } = await import("../excel/dashboard");
    const report = await refreshDashboard(l);
    const text = report.missing.length
      ? say(COMMAND_MESSAGES.dashboardMissing, l, { tables: report.missing.join(", ") })
      : say(COMMAND_MESSAGES.dashboardDone, l, { sheet: report.sheet, charts: report.charts });
    return { kind: "outcome", command: "refreshDashboard", ok: report.missing.length === 0, text };
  });
}

export function logFollowUpForSelectionCommand(event: Office.AddinCommands.Event): Promise<void> {
  return perform("logFollowUpForSelection", event, async (l) => {
    const { readSelectedCrmRow } = await import("../excel/selection");
    const selected = await readSelectedCrmRow();
    if (!selected) {
      const text = say(COMMAND_MESSAGES.notCrmRow, l);
      return { kind: "outcome", command: "logFollowUpForSelection", ok: false, text };
    }
    if (!selected.customerId) {
      const text = say(COMMAND_MESSAGES.rowWithoutCustomer, l, { row: selected.row + 1 });
      return { kind: "outcome", command: "logFollowUpForSelection", ok: false, text };
    }
    return {
      kind: "logFollowUp",
      customerId: selected.customerId,
      customerName: selected.customerName,
    };
  });
}

/** Opens the customer card of the selected row of any CRM table. */
export function openCustomerCardCommand(event: Office.AddinCommands.Event): Promise<void> {
  return perform("openCustomerCard", event, async (l) => {
    const { readSelectedCrmRow } = await import("../excel/selection");
    const selected = await readSelectedCrmRow();
    if (!selected || !selected.customerId) {
      const text = selected
        ? say(COMMAND_MESSAGES.rowWithoutCustomer, l, { row: selected.row + 1 })
        : say(COMMAND_MESSAGES.notCrmRowCard, l);
      return { kind: "outcome", command: "openCustomerCard", ok: false, text };
    }
    return { kind: "openCard", customerId: selected.customerId };
  });
}

/**
 * Opens the pane on its Import panel. Picking a file needs the pane (a file input), so the
 * ribbon button only takes the user there.
 */
export function openImportCommand(event: Office.AddinCommands.Event): Promise<void> {
  return perform("openImport", event, async () => ({ kind: "openTab", tab: "import" }));
}

/** Registers the actions once Office is ready; outside Office (preview in a browser) it does nothing. */
export async function registerCommands(): Promise<boolean> {
  if (typeof Office === "undefined") return false;
  await Office.onReady();
  if (!Office.actions?.associate) return false;
  Office.actions.associate("setupWorkbook", setupWorkbookCommand);
  Office.actions.associate("checkData", checkDataCommand);
  Office.actions.associate("refreshDashboard", refreshDashboardCommand);
  Office.actions.associate("logFollowUpForSelection", logFollowUpForSelectionCommand);
  Office.actions.associate("openImport", openImportCommand);
  Office.actions.associate("openCustomerCard", openCustomerCardCommand);
  return true;
}

void registerCommands();

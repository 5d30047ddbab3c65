/**
 * Ribbon commands. The manifest names these action ids: setupWorkbook, checkData,
 * refreshDashboard, logFollowUpForSelection, openImport. Each does its work through src/excel, hands the
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
  noCustomerRow: {
    zh: "请先在“客户档案”表中选中一位客户所在的行，再点击“记录跟进”。",
    en: "Select a customer's row in the Customers table first, then click Log follow-up.",
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
    const { readSelectedCustomer } = await import("../excel/records");
    const selected = await readSelectedCustomer();
    if (!selected) {
      const text = say(COMMAND_MESSAGES.noCustomerRow, l);
      return { kind: "outcome", command: "logFollowUpForSelection", ok: false, text };
    }
    return { kind: "logFollowUp", ...selected };
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
  return true;
}

void registerCommands();

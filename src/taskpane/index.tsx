/**
 * Task pane entry. Inside Excel the pane works on the real workbook; opened anywhere else (a
 * plain browser, the browser tests) Office.onReady reports no host and the pane runs in preview
 * mode on the in-memory sample workbook, with a banner saying so. If office.js itself failed to
 * load there is no Office global at all: also preview.
 *
 * URL parameters (handy for tests and demos): `?lang=en|zh` picks the language, `?tab=customer`
 * (home, work, customer, followUp, feedback, feedbackStatus) the first panel, and in preview mode
 * only `?today=YYYY-MM-DD` the pane's today (the browser tests run on fixed dates: the 1st of a
 * month, 31 December). Inside Excel today is always the real date: a link must not be able to
 * move a workbook's as-of date.
 */
import { createRoot } from "react-dom/client";
import type { CrmWorkbook } from "../domain/port";
import { langFromLocale, type Lang } from "../domain/i18n";
import { dateText, todaySerial } from "../domain/values";
import { subscribe } from "../commands/bridge";
import { App, PANEL_KEYS, type PanelKey } from "./App";

const LANG_KEY = "crm.lang";
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage can be blocked (privacy settings); drafts and the language choice are then not kept.
    return null;
  }
}

function initialLang(officeLang: Lang): Lang {
  const param = new URLSearchParams(window.location.search).get("lang");
  if (param === "en" || param === "zh") return param;
  const stored = storage()?.getItem(LANG_KEY);
  if (stored === "en" || stored === "zh") return stored;
  return officeLang;
}

function initialTab(): PanelKey | undefined {
  const param = new URLSearchParams(window.location.search).get("tab");
  return PANEL_KEYS.find((p) => p === param);
}

/** `?today=YYYY-MM-DD` as a serial, or null when absent or not a real date (then the clock). */
function todayParam(): number | null {
  const param = new URLSearchParams(window.location.search).get("today") ?? "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(param)) return null;
  const serial = dateText(param);
  return typeof serial === "number" ? serial : null;
}

interface OfficeInternals {
  OSF?: { Logger?: { ulsEndpoint?: { loadProxyFrame?: () => void } | null } };
}

/**
 * Outside Office, office.js still loads Microsoft's telemetry proxy page in a hidden frame three
 * seconds after start (its "unknown host" path). Preview mode has nothing to report and the
 * add-in makes no network calls, so that frame is switched off; inside Office this is untouched.
 */
function silenceOfficeTelemetryOutsideOffice(): void {
  const endpoint = (window as unknown as OfficeInternals).OSF?.Logger?.ulsEndpoint;
  if (endpoint && typeof endpoint.loadProxyFrame === "function") {
    endpoint.loadProxyFrame = () => undefined;
  }
}

async function start(inExcel: boolean): Promise<void> {
  if (!inExcel) silenceOfficeTelemetryOutsideOffice();
  const today = (inExcel ? null : todayParam()) ?? todaySerial();
  // Each mode loads only its own workbook code: the Excel adapter (set-up, adoption, data check,
  // dashboard) is not needed in preview, nor the sample data in Excel.
  const workbook: CrmWorkbook = inExcel
    ? new (await import("../excel/excelWorkbook")).ExcelWorkbook()
    : new (await import("../domain/memoryWorkbook")).MemoryWorkbook({ today });
  const officeLang: Lang = inExcel ? langFromLocale(Office.context.displayLanguage) : "zh";
  try {
    // SPEC §3: the as-of date follows today when the pane loads.
    await workbook.refreshAsOf(today);
  } catch {
    // A workbook that is not set up yet has no Settings sheet; Home offers the set-up.
  }
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html lacks #root");
  createRoot(container).render(
    <App
      workbook={workbook}
      initialLang={initialLang(officeLang)}
      initialTab={initialTab()}
      today={today}
      drafts={storage()}
      subscribeCommands={subscribe}
      onLangChange={(lang) => storage()?.setItem(LANG_KEY, lang)}
    />,
  );
}

if (typeof Office === "undefined") {
  void start(false);
} else {
  void Office.onReady((info) => start(info.host === Office.HostType.Excel));
}

/**
 * Task pane entry. Inside Excel the pane works on the real workbook; opened anywhere else (a
 * plain browser, the browser tests) Office.onReady reports no host and the pane runs in preview
 * mode on the in-memory sample workbook, with a banner saying so. If office.js itself failed to
 * load there is no Office global at all: also preview.
 *
 * URL parameters (handy for tests and demos): `?lang=en|zh` picks the language, `?tab=customer`
 * (home, work, customer, followUp, feedback, feedbackStatus) the first panel, and in preview mode
 * only `?today=YYYY-MM-DD` the pane's today (the browser tests run on fixed dates: the 1st of a
 * month, 31 December) and `?seed=1000` a team-sized sample of that many more customers (the work
 * lists at scale). Inside Excel today is always the real date: a link must not be able to move a
 * workbook's as-of date.
 */
import { createRoot } from "react-dom/client";
import type { CrmWorkbook } from "../domain/port";
import { langFromLocale, type Lang } from "../domain/i18n";
import { dateText, todaySerial } from "../domain/values";
import {
  dropUnpartitionedDrafts,
  partitionedDraftStore,
  type WorkbookIdentity,
} from "../domain/drafts";
import { publish, subscribe } from "../commands/bridge";
import { workbookKeyOf } from "../domain/prefs";
import { App, PANEL_KEYS, type PanelKey } from "./App";
import { startAsOfRefresh } from "./asOfRefresh";
import { errorText } from "./components/common";
import { t } from "./strings";

const LANG_KEY = "crm.lang";
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage can be blocked (privacy settings); drafts and the language choice are then not kept.
    return null;
  }
}

/** The document setting holding this workbook's id (drafts are kept per workbook). */
const WORKBOOK_ID_SETTING = "crmWorkbookId";

/**
 * The workbook's own id, kept in the document's add-in settings (Office.context.document.settings,
 * saved inside the file); created when the first draft is saved. A file that cannot be saved
 * (read-only) keeps the id for this session only.
 */
function workbookIdentity(inExcel: boolean): WorkbookIdentity {
  if (!inExcel) return { read: () => "preview", create: () => "preview" };
  let session: string | null = null;
  return {
    read: () => {
      const id: unknown = Office.context.document?.settings?.get(WORKBOOK_ID_SETTING);
      return typeof id === "string" && id ? id : session;
    },
    create: () => {
      const id = crypto.randomUUID();
      session = id;
      const settings = Office.context.document?.settings;
      if (settings) {
        settings.set(WORKBOOK_ID_SETTING, id);
        settings.saveAsync(() => undefined);
      }
      return id;
    },
  };
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

/** `?seed=N`: customers of the team-sized preview sample; 0 when absent or not a count. */
function seedParam(): number {
  const param = new URLSearchParams(window.location.search).get("seed");
  const n = param && /^\d{1,6}$/.test(param) ? Number(param) : 0;
  return Math.min(n, 100_000);
}

/**
 * The workbook's key for per-workbook choices: Office's storage partition (where the host has one)
 * and the document's URL. Preview mode has one sample workbook.
 */
function workbookKey(inExcel: boolean): string {
  if (!inExcel) return "preview";
  return workbookKeyOf(Office.context.partitionKey, Office.context.document?.url ?? "");
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
    : new (await import("../domain/memoryWorkbook")).MemoryWorkbook({ today, team: seedParam() });
  const officeLang: Lang = inExcel ? langFromLocale(Office.context.displayLanguage) : "zh";
  const lang = initialLang(officeLang);
  // SPEC §3: the as-of date follows today when the pane is shown, not when the shared runtime
  // starts for a ribbon command with the pane hidden. Failures are shown, never swallowed.
  startAsOfRefresh({
    workbook,
    // Preview keeps its fixed day (`?today=`); in Excel the runtime may live past midnight.
    today: () => (inExcel ? todaySerial() : today),
    isShown: () => document.visibilityState === "visible",
    onShown: (callback) => {
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") callback();
      });
      // SharedRuntime 1.1: the pane shown or hidden without the page's visibility changing.
      if (inExcel && typeof Office.addin?.onVisibilityModeChanged === "function")
        void Office.addin.onVisibilityModeChanged((args) => {
          if (args.visibilityMode === Office.VisibilityMode.taskpane) callback();
        });
    },
    report: (error) =>
      publish({
        kind: "outcome",
        command: "refreshAsOf",
        ok: false,
        text: t("asOfRefreshFailed", lang, { message: errorText(error, lang) }),
      }),
  });
  dropUnpartitionedDrafts(storage());
  const drafts = partitionedDraftStore(
    storage(),
    inExcel ? Office.context.partitionKey : undefined,
    workbookIdentity(inExcel),
  );
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html lacks #root");
  createRoot(container).render(
    <App
      workbook={workbook}
      initialLang={lang}
      initialTab={initialTab()}
      today={today}
      drafts={drafts}
      workbookKey={workbookKey(inExcel)}
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

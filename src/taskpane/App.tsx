/**
 * The task pane: a preview banner outside Excel, a tab bar on one row at any width (the tabs
 * that do not fit go into a "more" menu), and one panel at a time. Panels re-read the workbook
 * on every change; drafts keep what a user typed when they switch tabs or close the pane.
 */
import { Suspense, lazy, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Text,
  makeStaticStyles,
  makeStyles,
  mergeClasses,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";
import type { CrmWorkbook } from "../domain/port";
import type { Lang } from "../domain/i18n";
import type { DraftStore } from "../domain/drafts";
import type { CommandMessage } from "../commands/bridge";
import { PaneContext, type PaneContextValue } from "./context";
import { t, type StringKey } from "./strings";
import { WorkLists } from "./components/WorkLists";
import { TabBar } from "./components/TabBar";

// The work lists are the start panel; the forms (react-hook-form, zod, comboboxes and their
// positioning code) and Home load when first opened, keeping the start bundle small.
const Home = lazy(() => import("./components/Home").then((m) => ({ default: m.Home })));
const CustomerForm = lazy(() =>
  import("./components/CustomerForm").then((m) => ({ default: m.CustomerForm })),
);
const FollowUpForm = lazy(() =>
  import("./components/FollowUpForm").then((m) => ({ default: m.FollowUpForm })),
);
const FeedbackForm = lazy(() =>
  import("./components/FeedbackForm").then((m) => ({ default: m.FeedbackForm })),
);
// Import (xlsx reader), data check and dashboard: heavy, and used now and then.
const ImportPanel = lazy(() => import("./components/import/ImportPanel"));
const CheckPanel = lazy(() => import("./components/check/CheckPanel"));
const DashboardPanel = lazy(() => import("./components/dashboard/DashboardPanel"));

const FeedbackStatusForm = lazy(() =>
  import("./components/FeedbackStatusForm").then((m) => ({ default: m.FeedbackStatusForm })),
);

export type PanelKey =
  | "home"
  | "work"
  | "customer"
  | "followUp"
  | "feedback"
  | "feedbackStatus"
  | "import"
  | "check"
  | "dashboard";

const TABS: { key: PanelKey; title: StringKey }[] = [
  { key: "home", title: "tabHome" },
  { key: "work", title: "tabWork" },
  { key: "customer", title: "tabCustomer" },
  { key: "followUp", title: "tabFollowUp" },
  { key: "feedback", title: "tabFeedback" },
  { key: "feedbackStatus", title: "tabFeedbackStatus" },
  { key: "import", title: "tabImport" },
  { key: "check", title: "tabCheck" },
  { key: "dashboard", title: "tabDashboard" },
];

/** Every panel's key, in tab order (the start-up code checks a `?tab=` link against it). */
export const PANEL_KEYS: readonly PanelKey[] = TABS.map((t) => t.key);

/**
 * Panels that stay mounted, hidden, once opened: an import's file, mapping and preview, a check's
 * list of problems, and the long tasks they run (an analysis, a write, a check) must not be lost
 * because the user looked at another tab meanwhile.
 */
const KEPT_PANELS: readonly PanelKey[] = ["import", "check"];

const useStyles = makeStyles({
  // The page's own box, inside the provider, not on it: Fluent copies the provider's className
  // onto every portal's mount node (comboboxes' lists, menus, tooltips), an absolutely placed
  // layer at z-index 1,000,000. A `minHeight: 100vh` there made each open list a white sheet over
  // the whole pane (issue 12).
  page: { minHeight: "100vh", backgroundColor: tokens.colorNeutralBackground1 },
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    boxSizing: "border-box",
    maxWidth: "100%",
    minWidth: 0,
    // clip, not hidden: hidden makes <main> a scroll container, and the sticky tab row would
    // stick to it (which never scrolls) instead of to the page.
    overflowX: "clip",
  },
  // The tab row stays at the top while a long form scrolls: after a save at the bottom of a
  // 320 px pane the next panel is one click away, not a scroll back up.
  nav: {
    position: "sticky",
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    paddingTop: tokens.spacingVerticalXS,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  panel: { minWidth: 0 },
});

// A field or message scrolled into view (a focused invalid field, a save's message) stops below
// the sticky tab row, not under it.
const usePageStyles = makeStaticStyles({ html: { scrollPaddingTop: "56px" } });

export interface AppProps {
  workbook: CrmWorkbook;
  initialLang: Lang;
  today: number;
  drafts: DraftStore | null;
  initialTab?: PanelKey;
  /** Subscribes to the ribbon commands' messages (log a follow-up for a customer, outcomes). */
  subscribeCommands?: (handler: (message: CommandMessage) => void) => () => void;
  /** Called when the user switches language (to remember the choice). */
  onLangChange?: (lang: Lang) => void;
  /** Names the workbook for per-workbook choices (see PaneContextValue.workbookKey). */
  workbookKey?: string;
}

export function App(props: AppProps) {
  const { workbook, today, drafts, subscribeCommands, onLangChange, workbookKey } = props;
  const styles = useStyles();
  usePageStyles();
  const [lang, setLangState] = useState<Lang>(props.initialLang);
  const [tab, setTab] = useState<PanelKey>(props.initialTab ?? "work");
  /** The kept panels opened so far (see KEPT_PANELS). */
  const [opened, setOpened] = useState<ReadonlySet<PanelKey>>(() => new Set());
  useEffect(() => {
    if (KEPT_PANELS.includes(tab)) setOpened((o) => (o.has(tab) ? o : new Set([...o, tab])));
  }, [tab]);
  /** A kept panel: rendered once opened, hidden while another tab is shown. */
  const kept = (key: PanelKey, panel: ReactNode) =>
    tab === key || opened.has(key) ? <div hidden={tab !== key}>{panel}</div> : null;
  const [version, setVersion] = useState(0);
  const [followUpFor, setFollowUpFor] = useState<string | null>(null);
  const [followUpPlan, setFollowUpPlan] = useState<string | null>(null);
  const [feedbackFor, setFeedbackFor] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const setLang = useCallback(
    (next: Lang) => {
      setLangState(next);
      onLangChange?.(next);
    },
    [onLangChange],
  );
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const logFollowUp = useCallback((customerId: string, planId?: string) => {
    setFollowUpFor(customerId);
    setFollowUpPlan(planId ?? null);
    setTab("followUp");
  }, []);
  const handleFeedback = useCallback((feedbackId: string) => {
    setFeedbackFor(feedbackId);
    setTab("feedbackStatus");
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  }, [lang]);

  useEffect(
    () =>
      subscribeCommands?.((message) => {
        if (message.kind === "logFollowUp") logFollowUp(message.customerId);
        else if (message.kind === "openTab") setTab(message.tab);
        else {
          setOutcome({ ok: message.ok, text: message.text });
          // A command changed the workbook (set-up, check, dashboard): panels re-read.
          changed();
        }
      }),
    [subscribeCommands, logFollowUp, changed],
  );

  const context = useMemo<PaneContextValue>(
    () => ({
      workbook,
      lang,
      setLang,
      today,
      version,
      changed,
      drafts,
      logFollowUp,
      handleFeedback,
      workbookKey,
    }),
    [
      workbook,
      lang,
      setLang,
      today,
      version,
      changed,
      drafts,
      logFollowUp,
      handleFeedback,
      workbookKey,
    ],
  );

  return (
    <FluentProvider theme={webLightTheme} lang={lang === "zh" ? "zh-CN" : "en"}>
      <PaneContext.Provider value={context}>
        <main className={mergeClasses(styles.page, styles.root)}>
          {workbook.mode === "preview" ? (
            <MessageBar intent="warning" data-testid="preview-banner">
              <MessageBarBody>{t("previewBanner", lang)}</MessageBarBody>
            </MessageBar>
          ) : null}
          {outcome ? (
            <MessageBar intent={outcome.ok ? "success" : "error"}>
              <MessageBarBody>{outcome.text}</MessageBarBody>
            </MessageBar>
          ) : null}
          <h1 className={styles.title}>{t("appTitle", lang)}</h1>
          <nav className={styles.nav}>
            <TabBar
              tabs={TABS.map((x) => ({ key: x.key, label: t(x.title, lang) }))}
              selected={tab}
              label={t("navLabel", lang)}
              moreLabel={t("navMore", lang)}
              panelId="panel"
              onSelect={(key) => {
                if (key !== "followUp") {
                  setFollowUpFor(null);
                  setFollowUpPlan(null);
                }
                if (key !== "feedbackStatus") setFeedbackFor(null);
                setTab(key);
              }}
            />
          </nav>
          <div id="panel" role="tabpanel" aria-labelledby={`tab-${tab}`} className={styles.panel}>
            <Suspense fallback={<Text role="status">{t("panelLoading", lang)}</Text>}>
              {tab === "home" ? <Home /> : null}
              {tab === "work" ? <WorkLists /> : null}
              {tab === "customer" ? <CustomerForm /> : null}
              {tab === "followUp" ? (
                <FollowUpForm customerId={followUpFor} planId={followUpPlan} />
              ) : null}
              {tab === "feedback" ? <FeedbackForm /> : null}
              {tab === "feedbackStatus" ? <FeedbackStatusForm feedbackId={feedbackFor} /> : null}
              {kept("import", <ImportPanel workbook={workbook} lang={lang} today={today} />)}
              {kept("check", <CheckPanel workbook={workbook} lang={lang} today={today} />)}
              {tab === "dashboard" ? <DashboardPanel workbook={workbook} lang={lang} /> : null}
            </Suspense>
          </div>
        </main>
      </PaneContext.Provider>
    </FluentProvider>
  );
}

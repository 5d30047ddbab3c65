/**
 * Today's work for a team: follow-ups due within a week, overdue follow-ups and action plans,
 * customers at risk of churn, open feedback past its plan. Computed by the domain (the custom
 * functions' rules) from what the workbook holds now; clicking an item selects its row in the
 * sheet.
 *
 * Built for thousands of items (an import of 1,000 legacy customers puts ~800 in one list): each
 * item names its 负责人; "只看我的" filters by the owner the user said they are (remembered per
 * workbook); a search box narrows all four lists; each list is a collapsible group with its count
 * and renders one page of rows at a time, so the DOM holds a few dozen rows whatever the size.
 * From an item: close or reschedule an action plan (with undo), 处理 an overdue feedback.
 */
import {
  Suspense,
  lazy,
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from "react";
import { Button, Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ChevronDownRegular, ChevronRightRegular } from "@fluentui/react-icons";
import {
  WORK_PAGE_SIZE,
  computeWorkLists,
  filterWorkLists,
  ownersOf,
  shownCount,
  type WorkItem,
  type WorkListKey,
} from "../../domain/worklists";
import { loadWorkListPrefs, saveWorkListPrefs, type WorkListPrefs } from "../../domain/prefs";
import { revertPatch, stillPatched } from "../../domain/undo";
import { formatSerial, trimmedText } from "../../domain/values";
import type { CrmRecord } from "../../domain/port";
import type { Lang } from "../../domain/i18n";
import { usePane } from "../context";
import { t, type StringKey } from "../strings";
import { useWorkbookData } from "../hooks/useWorkbookData";
import { FormStatus, type StatusMessage } from "./FormStatus";
import { errorText, selectRowMessage } from "./common";
import type { EditKind } from "./PlanEditor";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, minWidth: 0 },
  toolbar: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  mineRow: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
  },
  field: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, minWidth: 0 },
  label: { fontSize: tokens.fontSizeBase300, color: tokens.colorNeutralForeground1 },
  hint: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  // A text field as Fluent draws one: 32 px, a stroke with a darker bottom edge, brand focus.
  control: {
    boxSizing: "border-box",
    minHeight: "32px",
    maxWidth: "100%",
    padding: `0 ${tokens.spacingHorizontalS}`,
    fontFamily: "inherit",
    fontSize: tokens.fontSizeBase300,
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderBottomColor: tokens.colorNeutralStrokeAccessible,
    borderRadius: tokens.borderRadiusMedium,
    ":focus-visible": {
      outline: `2px solid ${tokens.colorBrandStroke1}`,
      outlineOffset: "-2px",
    },
  },
  check: {
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase300,
    minHeight: "32px",
    cursor: "pointer",
  },
  checkbox: {
    width: "16px",
    height: "16px",
    margin: 0,
    accentColor: tokens.colorBrandBackground,
    cursor: "inherit",
  },
  disabled: { color: tokens.colorNeutralForegroundDisabled, cursor: "default" },
  meField: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, minWidth: 0 },
  meSelect: { minWidth: "8em" },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  toggle: {
    width: "100%",
    justifyContent: "flex-start",
    textAlign: "left",
    paddingLeft: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    gap: tokens.spacingHorizontalS,
  },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  item: {
    display: "flex",
    flexDirection: "column",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: tokens.spacingVerticalXXS,
  },
  itemButton: {
    width: "100%",
    minWidth: 0,
    justifyContent: "flex-start",
    textAlign: "left",
    fontWeight: tokens.fontWeightRegular,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXXS,
  },
  itemText: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  detail: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  // The owner on the left and the item's actions on the right, on one line where they fit.
  footer: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    columnGap: tokens.spacingHorizontalS,
    paddingLeft: tokens.spacingHorizontalM,
  },
  owner: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    justifyContent: "flex-end",
    marginLeft: "auto",
    gap: tokens.spacingHorizontalXS,
  },
  action: { whiteSpace: "nowrap", minWidth: "auto" },
  // A count pill, cheaper than Fluent's Badge in the start bundle; never broken across lines.
  count: {
    minWidth: "20px",
    paddingLeft: tokens.spacingHorizontalXS,
    paddingRight: tokens.spacingHorizontalXS,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
    fontSize: tokens.fontSizeBase200,
    textAlign: "center",
    whiteSpace: "nowrap",
  },
  countLate: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  status: { outlineStyle: "none" },
  statusEmpty: { marginTop: `calc(-1 * ${tokens.spacingVerticalL})` },
});

/** Counts as people read them: 1,234 (grouped in both languages). */
function num(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en").format(n);
}

function detailOf(item: WorkItem, lang: Lang): string {
  const date = formatSerial(item.date);
  switch (item.kind) {
    case "followUp": {
      const when =
        item.days > 0
          ? t("itemDaysLate", lang, { days: item.days })
          : item.days === 0
            ? t("itemDueToday", lang)
            : t("itemDueIn", lang, { days: -item.days });
      return `${t("itemNextFollowUp", lang, { date })} · ${when}`;
    }
    case "action": {
      const base = t("itemAction", lang, { date, text: item.text ?? "" });
      return item.days > 0 ? `${base} · ${t("itemDaysLate", lang, { days: item.days })}` : base;
    }
    case "churn":
      return item.neverContacted
        ? t("itemNeverContacted", lang, { date })
        : t("itemLastContact", lang, { date, days: item.days });
    case "feedback":
      return `${item.text ?? ""} · ${t("itemFeedback", lang, { date, days: item.days })}`;
  }
}

const SECTIONS: { key: WorkListKey; title: StringKey; testId: string }[] = [
  { key: "overdue", title: "workOverdue", testId: "work-overdue" },
  { key: "dueSoon", title: "workDueSoon", testId: "work-due-soon" },
  { key: "churn", title: "workChurn", testId: "work-churn" },
  { key: "feedbackLate", title: "workFeedback", testId: "work-feedback" },
];

const itemKey = (item: WorkItem) => `${item.kind}-${item.ref.table}-${item.ref.row}`;

// The plan editor's form controls load on first use (see PlanEditor).
const PlanEditor = lazy(() => import("./PlanEditor"));

export function WorkLists() {
  const pane = usePane();
  const { workbook, lang, drafts, changed } = pane;
  const workbookKey = pane.workbookKey ?? "";
  const styles = useStyles();
  const { data, error, reload } = useWorkbookData(["customers", "interactions", "feedback"]);
  const [status, setStatus] = useState<StatusMessage[]>([]);
  const statusRef = useRef<HTMLDivElement>(null);
  const lists = useMemo(
    () =>
      data
        ? computeWorkLists(
            {
              customers: data.tables.customers ?? [],
              interactions: data.tables.interactions ?? [],
              feedback: data.tables.feedback ?? [],
            },
            data.settings,
            data.settings.asOf,
          )
        : null,
    [data],
  );
  const owners = useMemo(() => (lists ? ownersOf(lists) : []), [lists]);

  const [prefs, setPrefsState] = useState<WorkListPrefs>(() =>
    loadWorkListPrefs(drafts, workbookKey),
  );
  const setPrefs = (next: WorkListPrefs) => {
    setPrefsState(next);
    saveWorkListPrefs(drafts, workbookKey, next);
  };
  const [query, setQuery] = useState("");
  // Typing stays responsive: the lists re-filter at React's lower priority.
  const deferredQuery = useDeferredValue(query);
  const ownerFilter = prefs.mineOnly && prefs.me ? prefs.me : null;
  const shown = useMemo(
    () => (lists ? filterWorkLists(lists, { owner: ownerFilter, query: deferredQuery }) : null),
    [lists, ownerFilter, deferredQuery],
  );
  const [collapsed, setCollapsed] = useState<ReadonlySet<WorkListKey>>(new Set());
  const [pages, setPages] = useState<Partial<Record<WorkListKey, number>>>({});
  // A new filter starts every list at its first page.
  useEffect(() => setPages({}), [ownerFilter, deferredQuery]);
  const [editing, setEditing] = useState<{ key: string; kind: EditKind } | null>(null);

  const searchId = useId();
  const meId = useId();

  if (error) return <FormStatus messages={[{ intent: "error", text: errorText(error, lang) }]} />;
  if (!lists || !shown || !data) return <Text role="status">{t("loading", lang)}</Text>;

  const say = (messages: StatusMessage[]) => {
    setStatus(messages);
    // The item the user acted on may be gone from the list: the message takes the focus.
    setTimeout(() => statusRef.current?.focus(), 0);
  };

  const select = async (item: WorkItem) => {
    try {
      await workbook.select(item.ref);
      setStatus([selectRowMessage(workbook.mode, item.ref.table, item.ref.row, item.id, lang)]);
    } catch (e) {
      setStatus([
        { intent: "error", text: t("selectFailed", lang, { message: errorText(e, lang) }) },
      ]);
    }
  };

  const afterWrite = () => {
    reload();
    changed();
  };

  /** The follow-up row of a plan as read: to undo, the pane needs what the patch overwrites. */
  const planRow = (item: WorkItem): CrmRecord => {
    const row = data.tables.interactions?.[item.ref.row];
    return row && trimmedText(row.recordId) === item.id ? row : {};
  };

  const undo = async (id: string, patch: CrmRecord, revert: CrmRecord) => {
    try {
      // Read now, not from the lists: a co-author may have changed the row since.
      const rows = await workbook.readRecords("interactions");
      const current = rows.find((r) => trimmedText(r.recordId) === id);
      if (!current || !stillPatched(current, patch)) {
        say([{ intent: "warning", text: t("planUndoConflict", lang, { id }) }]);
        return;
      }
      await workbook.updateRecord("interactions", id, revert);
      say([{ intent: "success", text: t("planUndone", lang, { id }) }]);
      afterWrite();
    } catch (e) {
      say([
        { intent: "error", text: t("planUpdateFailed", lang, { id, message: errorText(e, lang) }) },
      ]);
    }
  };

  /** Writes a close or reschedule; true when written (the editor then closes). */
  const updatePlan = async (item: WorkItem, patch: CrmRecord, done: string): Promise<boolean> => {
    const revert = revertPatch(planRow(item), patch);
    try {
      await workbook.updateRecord("interactions", item.id, patch);
    } catch (e) {
      say([
        {
          intent: "error",
          text: t("planUpdateFailed", lang, { id: item.id, message: errorText(e, lang) }),
        },
      ]);
      return false;
    }
    setEditing(null);
    say([
      {
        intent: "success",
        text: done,
        action: { label: t("planUndo", lang), onClick: () => void undo(item.id, patch, revert) },
      },
    ]);
    afterWrite();
    return true;
  };

  const total = (key: WorkListKey) => lists[key].length;
  const filtering = ownerFilter !== null || deferredQuery.trim() !== "";
  const meOptions =
    owners.some((o) => o.owner === prefs.me) || !prefs.me
      ? owners
      : [{ owner: prefs.me, count: 0 }, ...owners];

  return (
    <div className={styles.root}>
      <Text className={styles.muted}>
        {t("workAsOf", lang, { date: formatSerial(lists.asOf) })}
      </Text>
      {/*
        Native controls styled with Fluent's tokens: this is the start panel, and Fluent's
        SearchBox, Checkbox, Select and Field together cost the start bundle ~15 KB gzip.
      */}
      <div className={styles.toolbar} role="search">
        <div className={styles.field}>
          <label htmlFor={searchId} className={styles.label}>
            {t("workSearch", lang)}
          </label>
          <input
            id={searchId}
            type="search"
            className={styles.control}
            value={query}
            aria-describedby={`${searchId}-hint`}
            onChange={(e) => setQuery(e.target.value)}
          />
          <span id={`${searchId}-hint`} className={styles.hint}>
            {t("workSearchHint", lang)}
          </span>
        </div>
        <div className={styles.mineRow}>
          <label className={mergeClasses(styles.check, !prefs.me ? styles.disabled : undefined)}>
            <input
              type="checkbox"
              className={styles.checkbox}
              checked={ownerFilter !== null}
              disabled={!prefs.me}
              onChange={(e) => setPrefs({ ...prefs, mineOnly: e.target.checked })}
            />
            {prefs.me ? t("workMineOf", lang, { me: prefs.me }) : t("workMine", lang)}
          </label>
          <div className={styles.meField}>
            <label htmlFor={meId} className={styles.label}>
              {t("workMe", lang)}
            </label>
            <select
              id={meId}
              className={mergeClasses(styles.control, styles.meSelect)}
              value={prefs.me}
              onChange={(e) => setPrefs({ me: e.target.value, mineOnly: e.target.value !== "" })}
            >
              <option value="">{t("workMeNone", lang)}</option>
              {meOptions.map((o) => (
                <option key={o.owner} value={o.owner}>
                  {t("workMeOption", lang, { owner: o.owner, count: num(o.count, lang) })}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      {/* Always mounted (a live region announces what is put into it); empty, it takes no gap. */}
      <div
        ref={statusRef}
        tabIndex={-1}
        className={mergeClasses(
          styles.status,
          status.length === 0 ? styles.statusEmpty : undefined,
        )}
      >
        <FormStatus messages={status} />
      </div>
      {SECTIONS.map((section) => {
        const items = shown[section.key];
        const headingId = `${section.testId}-heading`;
        const listId = `${section.testId}-list`;
        const open = !collapsed.has(section.key);
        const rows = shownCount(items.length, pages[section.key] ?? 1);
        const left = items.length - rows;
        return (
          <section
            key={section.key}
            className={styles.section}
            aria-labelledby={headingId}
            data-testid={section.testId}
            data-count={items.length}
            data-total={total(section.key)}
          >
            <h3 id={headingId} className={styles.heading}>
              <Button
                appearance="subtle"
                className={styles.toggle}
                aria-expanded={open}
                aria-controls={listId}
                onClick={() =>
                  setCollapsed((c) => {
                    const next = new Set(c);
                    if (open) next.add(section.key);
                    else next.delete(section.key);
                    return next;
                  })
                }
              >
                {open ? <ChevronDownRegular aria-hidden /> : <ChevronRightRegular aria-hidden />}
                {t(section.title, lang)}
                <span
                  className={mergeClasses(
                    styles.count,
                    items.length > 0 && section.key !== "dueSoon" ? styles.countLate : undefined,
                  )}
                >
                  {filtering
                    ? t("workFiltered", lang, {
                        shown: num(items.length, lang),
                        total: num(total(section.key), lang),
                      })
                    : t("workCount", lang, { count: num(items.length, lang) })}
                </span>
              </Button>
            </h3>
            {!open ? null : items.length === 0 ? (
              <Text id={listId} className={styles.muted}>
                {total(section.key) > 0 ? t("workNoMatch", lang) : t("workEmpty", lang)}
              </Text>
            ) : (
              <div id={listId}>
                <ul className={styles.list}>
                  {items.slice(0, rows).map((item) => (
                    <WorkItemRow
                      key={itemKey(item)}
                      item={item}
                      editing={editing?.key === itemKey(item) ? editing.kind : null}
                      onEdit={(kind) => setEditing(kind ? { key: itemKey(item), kind } : null)}
                      onSelect={() => void select(item)}
                      onUpdate={(patch, done) => updatePlan(item, patch, done)}
                    />
                  ))}
                </ul>
                {left > 0 ? (
                  <Button
                    appearance="secondary"
                    size="small"
                    onClick={() =>
                      setPages((p) => ({ ...p, [section.key]: (p[section.key] ?? 1) + 1 }))
                    }
                  >
                    {t("workShowMore", lang, {
                      next: num(Math.min(left, WORK_PAGE_SIZE), lang),
                      left: num(left, lang),
                    })}
                  </Button>
                ) : null}
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

function WorkItemRow(props: {
  item: WorkItem;
  editing: EditKind | null;
  onEdit: (kind: EditKind | null) => void;
  onSelect: () => void;
  onUpdate: (patch: CrmRecord, done: string) => Promise<boolean>;
}) {
  const { item, editing, onEdit } = props;
  const { lang, logFollowUp, handleFeedback } = usePane();
  const styles = useStyles();
  const who = item.customerName || item.customerId;
  return (
    <li className={styles.item}>
      <Button
        className={styles.itemButton}
        appearance="subtle"
        title={t("selectRow", lang, { id: item.id })}
        onClick={props.onSelect}
      >
        <span className={styles.itemText}>
          <span>
            {who} · {item.id}
          </span>
          <span className={styles.detail}>{detailOf(item, lang)}</span>
        </span>
      </Button>
      <div className={styles.footer}>
        <span className={styles.owner}>
          {item.owner ? t("workOwner", lang, { owner: item.owner }) : t("workNoOwner", lang)}
        </span>
        <div className={styles.actions}>
          {item.kind === "action" ? (
            <>
              <Button
                size="small"
                appearance="transparent"
                className={styles.action}
                aria-label={t("planCloseOf", lang, { id: item.id })}
                aria-expanded={editing === "close"}
                onClick={() => onEdit(editing === "close" ? null : "close")}
              >
                {t("planClose", lang)}
              </Button>
              <Button
                size="small"
                appearance="transparent"
                className={styles.action}
                aria-label={t("planRescheduleOf", lang, { id: item.id })}
                aria-expanded={editing === "reschedule"}
                onClick={() => onEdit(editing === "reschedule" ? null : "reschedule")}
              >
                {t("planReschedule", lang)}
              </Button>
            </>
          ) : null}
          {item.kind === "feedback" && handleFeedback ? (
            <Button
              size="small"
              appearance="transparent"
              className={styles.action}
              aria-label={t("feedbackHandleOf", lang, { id: item.id })}
              onClick={() => handleFeedback(item.id)}
            >
              {t("feedbackHandle", lang)}
            </Button>
          ) : null}
          {item.kind !== "feedback" && item.customerId ? (
            <Button
              size="small"
              appearance="transparent"
              className={styles.action}
              aria-label={`${t("logFollowUp", lang)}: ${who}`}
              onClick={() =>
                logFollowUp(item.customerId, item.kind === "action" ? item.id : undefined)
              }
            >
              {t("logFollowUp", lang)}
            </Button>
          ) : null}
        </div>
      </div>
      {editing ? (
        <Suspense fallback={<Text role="status">{t("panelLoading", lang)}</Text>}>
          <PlanEditor
            item={item}
            kind={editing}
            onCancel={() => onEdit(null)}
            onUpdate={props.onUpdate}
          />
        </Suspense>
      ) : null}
    </li>
  );
}

/**
 * 客户卡片: one customer's whole story in the pane. The header (name, ID, value class, status,
 * owner, contact with phone and email to copy, next follow-up with days left or overdue, churn
 * flag), the counts and 近12个月交易额, the actions that open the forms pre-filled for this
 * customer, and one timeline, newest first, of its follow-ups, feedback and orders, each entry
 * selecting its row in the sheet. Read with `readCustomerStory` (one request per table at
 * most) on open and after every write; in Excel the card follows the selected row.
 */
import { useEffect, useState } from "react";
import { Button, Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { CustomerStory, TimelineEntry } from "../../../domain/customerStory";
import { buildCustomerCard } from "../../../domain/customerStory";
import type { TableKey } from "../../../domain/schema";
import { headerOf } from "../../../domain/schema";
import { formatSerial } from "../../../domain/values";
import type { Lang } from "../../../domain/i18n";
import { usePane } from "../../context";
import { t } from "../../strings";
import { useWorkbookData } from "../../hooks/useWorkbookData";
import { FormStatus, type StatusMessage } from "../FormStatus";
import { errorText, selectRowMessage } from "../common";
import { formatMoney } from "./OrderForm";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  name: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
  },
  chips: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  chip: {
    paddingLeft: tokens.spacingHorizontalS,
    paddingRight: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
  },
  chipA: {
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorBrandForeground2,
  },
  chipAlert: {
    backgroundColor: tokens.colorPaletteRedBackground2,
    color: tokens.colorPaletteRedForeground2,
  },
  row: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    minWidth: 0,
  },
  copy: { minWidth: 0, maxWidth: "100%", overflowWrap: "anywhere", textAlign: "left" },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  late: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  timeline: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
  },
  entry: {
    display: "flex",
    alignItems: "flex-start",
    gap: tokens.spacingHorizontalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  entryButton: {
    flexGrow: 1,
    minWidth: 0,
    justifyContent: "flex-start",
    textAlign: "left",
    fontWeight: tokens.fontWeightRegular,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
  },
  entryText: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  entryEdit: { flexShrink: 0 },
});

/** The table and the form panel of each timeline kind. */
const KIND_TABLE: Record<TimelineEntry["kind"], TableKey> = {
  followUp: "interactions",
  feedback: "feedback",
  order: "orders",
};

/** Copies text; Office's webviews may refuse the async clipboard, so a selection copy backs it. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the selection copy.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

function dueText(days: number, lang: Lang): string {
  if (days > 0) return t("cardDaysLeft", lang, { days });
  if (days === 0) return t("cardDueToday", lang);
  return t("cardOverdue", lang, { days: -days });
}

function entryLines(e: TimelineEntry, lang: Lang): { title: string; detail: string[] } {
  const date = e.date === null ? "—" : formatSerial(e.date);
  const kind = t(`kind_${e.kind}`, lang);
  switch (e.kind) {
    case "followUp": {
      const detail: string[] = [];
      if (e.summary) detail.push(e.summary);
      if (e.nextAction || (e.dueDate !== null && e.dueDate !== undefined)) {
        const parts = [t("entryNext", lang, { text: e.nextAction || "—" })];
        if (e.dueDate !== null && e.dueDate !== undefined) {
          parts.push(t("entryDue", lang, { date: formatSerial(e.dueDate) }));
        }
        if (e.actionState && e.actionState !== "none") {
          parts.push(t(`action_${e.actionState}`, lang));
        }
        detail.push(parts.join(" · "));
      }
      const head = [date, kind, e.method, e.topic].filter(Boolean).join(" · ");
      return { title: head, detail };
    }
    case "feedback":
      return {
        title: [date, kind, e.feedbackType, e.feedbackStatus, e.sla].filter(Boolean).join(" · "),
        detail: e.summary ? [e.summary] : [],
      };
    case "order":
      return {
        title: [
          date,
          kind,
          e.product,
          e.amount === null || e.amount === undefined
            ? ""
            : t("entryAmount", lang, { amount: formatMoney(e.amount, lang) }),
        ]
          .filter(Boolean)
          .join(" · "),
        detail: [],
      };
  }
}

export default function CustomerCard({ customerId }: { customerId: string | null }) {
  const { workbook, lang, version, openForm, openCard } = usePane();
  const styles = useStyles();
  const { data, error: settingsError } = useWorkbookData([]);
  const [story, setStory] = useState<CustomerStory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<StatusMessage[]>([]);

  useEffect(() => {
    if (!customerId) return;
    let live = true;
    workbook
      .readCustomerStory(customerId)
      .then((s) => {
        if (!live) return;
        setStory(s);
        setError(null);
      })
      .catch((e: unknown) => {
        if (live) setError(errorText(e, lang));
      });
    return () => {
      live = false;
    };
  }, [workbook, customerId, version, lang]);

  // A new customer: the old one's messages no longer apply.
  useEffect(() => setStatus([]), [customerId]);

  // In Excel, the card follows the row selected in any CRM table while it is open.
  useEffect(() => {
    if (!workbook.watchSelection) return;
    let stop: (() => void) | null = null;
    let live = true;
    workbook
      .watchSelection((id) => {
        if (live) openCard(id);
      })
      .then((off) => {
        if (live) stop = off;
        else off();
      })
      .catch(() => undefined);
    return () => {
      live = false;
      stop?.();
    };
  }, [workbook, openCard]);

  if (!customerId) return <Text>{t("cardChoose", lang)}</Text>;
  const failure = error ?? settingsError;
  if (failure) return <FormStatus messages={[{ intent: "error", text: failure }]} />;
  if (!story || !data || story.customerId !== customerId.trim()) {
    return <Text role="status">{t("loading", lang)}</Text>;
  }
  const card = buildCustomerCard(story, data.settings, data.settings.asOf);
  if (!card.found) {
    return (
      <FormStatus
        messages={[{ intent: "warning", text: t("cardNotFound", lang, { id: customerId }) }]}
      />
    );
  }

  const select = (table: TableKey, row: number, id: string, column?: string) => {
    workbook
      .select({ table, row, column })
      .then(() => setStatus([selectRowMessage(workbook.mode, table, row, id, lang)]))
      .catch((e: unknown) =>
        setStatus([
          { intent: "error", text: t("selectFailed", lang, { message: errorText(e, lang) }) },
        ]),
      );
  };
  const copy = (text: string) => {
    void copyText(text).then((ok) =>
      setStatus([
        ok
          ? { intent: "success", text: t("copied", lang, { text }) }
          : { intent: "warning", text: t("copyFailed", lang, { text }) },
      ]),
    );
  };
  const id = card.customerId;
  const next = card.schedule?.nextFollowUp ?? null;
  const days = card.daysToNextFollowUp;

  return (
    <article className={styles.root} aria-labelledby="card-name" data-testid="customer-card">
      <header className={styles.header}>
        <h2 id="card-name" className={styles.name}>
          {card.name}
        </h2>
        <Text className={styles.muted}>{id}</Text>
        <div className={styles.chips}>
          <span
            className={mergeClasses(
              styles.chip,
              card.valueClass === "A" ? styles.chipA : undefined,
            )}
          >
            {card.valueClass
              ? t("cardValueClass", lang, { cls: card.valueClass })
              : t("cardNoClass", lang)}
          </span>
          {card.status ? <span className={styles.chip}>{card.status}</span> : null}
          <span className={styles.chip}>
            {card.owner ? t("cardOwner", lang, { owner: card.owner }) : t("cardNoOwner", lang)}
          </span>
          <span
            className={mergeClasses(
              styles.chip,
              card.schedule?.churnFlag ? styles.chipAlert : undefined,
            )}
          >
            {card.schedule?.churnFlag ? t("cardChurn", lang) : t("cardNoChurn", lang)}
          </span>
        </div>
        <div className={styles.row}>
          <Text>{t("cardContact", lang, { contact: card.contact || "—" })}</Text>
          {card.phone ? (
            <Button
              size="small"
              appearance="subtle"
              className={styles.copy}
              aria-label={`${t("copy", lang, { what: headerOf("customers", "phone", lang) })}: ${card.phone}`}
              onClick={() => copy(card.phone)}
              data-testid="card-phone"
            >
              {card.phone}
            </Button>
          ) : null}
          {card.email ? (
            <Button
              size="small"
              appearance="subtle"
              className={styles.copy}
              aria-label={`${t("copy", lang, { what: headerOf("customers", "email", lang) })}: ${card.email}`}
              onClick={() => copy(card.email)}
            >
              {card.email}
            </Button>
          ) : null}
        </div>
        <Text>
          {next === null
            ? t("cardNextNone", lang)
            : t("cardNext", lang, { date: formatSerial(next) })}
          {days !== null ? (
            <span className={days < 0 ? styles.late : undefined}> · {dueText(days, lang)}</span>
          ) : null}
        </Text>
        <Text className={styles.muted}>
          {t("cardCounts", lang, {
            followUps: card.counts.followUps,
            feedback: card.counts.feedback,
            open: card.counts.openFeedback,
            orders: card.counts.orders,
          })}
        </Text>
        <Text weight="semibold" data-testid="card-amount12">
          {t("cardAmount12", lang, { amount: formatMoney(card.amountLast12Months, lang) })}
        </Text>
      </header>
      <div className={styles.actions}>
        <Button
          appearance="primary"
          onClick={() => openForm({ table: "interactions", customerId: id })}
        >
          {t("actionFollowUp", lang)}
        </Button>
        <Button onClick={() => openForm({ table: "feedback", customerId: id })}>
          {t("actionFeedback", lang)}
        </Button>
        <Button onClick={() => openForm({ table: "orders", customerId: id })}>
          {t("actionOrder", lang)}
        </Button>
        <Button onClick={() => openForm({ table: "customers", editId: id })}>
          {t("actionEdit", lang)}
        </Button>
        <Button
          appearance="subtle"
          onClick={() => story.customer && select("customers", story.customer.row, id)}
        >
          {t("showRow", lang)}
        </Button>
      </div>
      <FormStatus messages={status} />
      {workbook.watchSelection ? (
        <Text className={styles.muted}>{t("cardFollowsSelection", lang)}</Text>
      ) : null}
      <section aria-labelledby="card-timeline" className={styles.header}>
        <h3 id="card-timeline" className={styles.heading}>
          {t("cardTimeline", lang)}
        </h3>
        {card.timeline.length === 0 ? (
          <Text className={styles.muted}>{t("cardTimelineEmpty", lang)}</Text>
        ) : (
          <ol className={styles.timeline} data-testid="card-timeline">
            {card.timeline.map((e) => {
              const { title, detail } = entryLines(e, lang);
              const table = KIND_TABLE[e.kind];
              return (
                <li key={`${e.kind}-${e.row}`} className={styles.entry}>
                  <Button
                    className={styles.entryButton}
                    appearance="subtle"
                    title={t("entrySelect", lang, { id: e.id })}
                    onClick={() => select(table, e.row, e.id)}
                  >
                    <span className={styles.entryText}>
                      <span>{title}</span>
                      {detail.map((line, i) => (
                        <span key={i} className={styles.muted}>
                          {line}
                        </span>
                      ))}
                    </span>
                  </Button>
                  {e.id ? (
                    <Button
                      size="small"
                      appearance="transparent"
                      className={styles.entryEdit}
                      aria-label={t("entryEdit", lang, { id: e.id })}
                      onClick={() => openForm({ table, editId: e.id })}
                    >
                      {t("actionEdit", lang)}
                    </Button>
                  ) : null}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </article>
  );
}

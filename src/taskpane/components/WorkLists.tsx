/**
 * Today's work: follow-ups due within a week, overdue follow-ups and action plans, customers at
 * risk of churn, open feedback past its plan. Computed by the domain (the custom functions'
 * rules) from what the workbook holds now; clicking an item selects its row in the sheet.
 */
import { useMemo, useState } from "react";
import { Button, Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { computeWorkLists, type WorkItem, type WorkLists as Lists } from "../../domain/worklists";
import { formatSerial } from "../../domain/values";
import type { Lang } from "../../domain/i18n";
import { usePane } from "../context";
import { t, type StringKey } from "../strings";
import { useWorkbookData } from "../hooks/useWorkbookData";
import { FormStatus, type StatusMessage } from "./FormStatus";
import { errorText, selectRowMessage } from "./common";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, minWidth: 0 },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  heading: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  item: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  itemButton: {
    flexGrow: 1,
    minWidth: 0,
    justifyContent: "flex-start",
    textAlign: "left",
    fontWeight: tokens.fontWeightRegular,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
  },
  itemText: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  followUp: { flexShrink: 0, whiteSpace: "nowrap", minWidth: 0 },
  detail: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  // A count pill, cheaper than Fluent's Badge in the start bundle.
  count: {
    minWidth: "20px",
    paddingLeft: tokens.spacingHorizontalXS,
    paddingRight: tokens.spacingHorizontalXS,
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
    fontSize: tokens.fontSizeBase200,
    textAlign: "center",
  },
  countLate: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

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

const SECTIONS: { key: keyof Omit<Lists, "asOf">; title: StringKey; testId: string }[] = [
  { key: "overdue", title: "workOverdue", testId: "work-overdue" },
  { key: "dueSoon", title: "workDueSoon", testId: "work-due-soon" },
  { key: "churn", title: "workChurn", testId: "work-churn" },
  { key: "feedbackLate", title: "workFeedback", testId: "work-feedback" },
];

export function WorkLists() {
  const { workbook, lang, logFollowUp, openCard } = usePane();
  const styles = useStyles();
  const { data, error } = useWorkbookData(["customers", "interactions", "feedback"]);
  const [status, setStatus] = useState<StatusMessage[]>([]);
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

  if (error) return <FormStatus messages={[{ intent: "error", text: errorText(error, lang) }]} />;
  if (!lists) return <Text role="status">{t("loading", lang)}</Text>;

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

  return (
    <div className={styles.root}>
      <Text className={styles.muted}>
        {t("workAsOf", lang, { date: formatSerial(lists.asOf) })}
      </Text>
      <FormStatus messages={status} />
      {SECTIONS.map((section) => {
        const items = lists[section.key];
        const headingId = `${section.testId}-heading`;
        return (
          <section
            key={section.key}
            className={styles.section}
            aria-labelledby={headingId}
            data-testid={section.testId}
            data-count={items.length}
          >
            <h3 id={headingId} className={styles.heading}>
              {t(section.title, lang)}
              <span
                className={mergeClasses(
                  styles.count,
                  items.length > 0 && section.key !== "dueSoon" ? styles.countLate : undefined,
                )}
              >
                {t("workCount", lang, { count: items.length })}
              </span>
            </h3>
            {items.length === 0 ? (
              <Text className={styles.muted}>{t("workEmpty", lang)}</Text>
            ) : (
              <ul className={styles.list}>
                {items.map((item) => (
                  <li
                    key={`${item.kind}-${item.ref.table}-${item.ref.row}`}
                    className={styles.item}
                  >
                    <Button
                      className={styles.itemButton}
                      appearance="subtle"
                      title={t("selectRow", lang, { id: item.id })}
                      onClick={() => void select(item)}
                    >
                      <span className={styles.itemText}>
                        <span>
                          {item.customerName || item.customerId} · {item.id}
                        </span>
                        <span className={styles.detail}>{detailOf(item, lang)}</span>
                      </span>
                    </Button>
                    {item.kind !== "feedback" && item.customerId ? (
                      <Button
                        size="small"
                        appearance="transparent"
                        className={styles.followUp}
                        aria-label={`${t("logFollowUp", lang)}: ${item.customerName || item.customerId}`}
                        onClick={() => logFollowUp(item.customerId)}
                      >
                        {t("logFollowUp", lang)}
                      </Button>
                    ) : null}
                    {item.customerId ? (
                      <Button
                        size="small"
                        appearance="transparent"
                        className={styles.followUp}
                        // By ID: the item's own button already carries the customer's name.
                        aria-label={`${t("viewCard", lang)}: ${item.customerId}`}
                        title={t("viewCard", lang)}
                        onClick={() => openCard(item.customerId)}
                      >
                        {t("tabCard", lang)}
                      </Button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

/**
 * Close (with an 执行结果, 已完成 by default) or reschedule (a new 计划完成时间) one action plan,
 * below its work-list item. Loaded when first opened: the work lists are the start panel and
 * their first paint should not pay for the form controls of an edit most visits never make.
 * A date before today is not refused (a plan may be recorded late) but asks first.
 */
import { useEffect, useRef, useState } from "react";
import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { PLAN_DONE, checkPlanEdit, type WorkItem } from "../../domain/worklists";
import { formatSerial } from "../../domain/values";
import type { CrmRecord } from "../../domain/port";
import { usePane } from "../context";
import { t } from "../strings";
import { FormStatus } from "./FormStatus";

export type EditKind = "close" | "reschedule";

const useStyles = makeStyles({
  editor: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    margin: `${tokens.spacingVerticalXS} 0 ${tokens.spacingVerticalS}`,
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export default function PlanEditor(props: {
  item: WorkItem;
  kind: EditKind;
  onCancel: () => void;
  onUpdate: (patch: CrmRecord, done: string) => Promise<boolean>;
}) {
  const { item, kind, onCancel, onUpdate } = props;
  const { lang, today } = usePane();
  const styles = useStyles();
  const [value, setValue] = useState(kind === "close" ? PLAN_DONE : formatSerial(item.date));
  const [problem, setProblem] = useState<string | null>(null);
  /** A due date before today waiting for the user's yes. */
  const [pastDate, setPastDate] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  const save = async (confirmed: boolean) => {
    const check = checkPlanEdit(
      kind === "close" ? { kind, result: value } : { kind, due: value },
      today,
    );
    if (!check.ok) {
      setProblem(
        check.problem === "resultRequired"
          ? t("planResultRequired", lang)
          : check.problem === "dateRequired"
            ? t("planDateRequired", lang)
            : t("planDateInvalid", lang, { value }),
      );
      inputRef.current?.focus();
      return;
    }
    setProblem(null);
    if (check.pastDue && !confirmed) {
      setPastDate(Number(check.patch.dueDate));
      return;
    }
    setBusy(true);
    const done =
      kind === "close"
        ? t("planClosed", lang, { id: item.id, result: String(check.patch.result ?? "") })
        : t("planRescheduled", lang, {
            id: item.id,
            date: formatSerial(Number(check.patch.dueDate)),
          });
    const ok = await onUpdate(check.patch, done);
    if (!ok) setBusy(false);
  };

  const label = kind === "close" ? t("planResult", lang) : t("planNewDue", lang);
  return (
    <form
      className={styles.editor}
      aria-label={
        kind === "close"
          ? t("planCloseOf", lang, { id: item.id })
          : t("planRescheduleOf", lang, { id: item.id })
      }
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <Field label={label} required validationMessage={problem ?? undefined}>
        <Input
          ref={inputRef}
          type={kind === "close" ? "text" : "date"}
          value={value}
          onChange={(_, d) => {
            setValue(d.value);
            setPastDate(null);
          }}
        />
      </Field>
      {pastDate !== null ? (
        <FormStatus
          messages={[
            {
              intent: "warning",
              text: t("planPastDue", lang, {
                date: formatSerial(pastDate),
                today: formatSerial(today),
              }),
              action: { label: t("planPastConfirm", lang), onClick: () => void save(true) },
            },
          ]}
        />
      ) : null}
      <div className={styles.buttons}>
        <Button appearance="primary" type="submit" disabled={busy}>
          {kind === "close" ? t("planConfirmClose", lang) : t("planSaveDue", lang)}
        </Button>
        <Button disabled={busy} onClick={onCancel}>
          {t("planCancel", lang)}
        </Button>
      </div>
    </form>
  );
}

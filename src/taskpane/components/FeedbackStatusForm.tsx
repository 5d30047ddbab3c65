/**
 * Update a feedback entry's handling: status, completion date (today by default once 已完成 is
 * chosen), resolution and satisfaction. The patch is validated together with the stored row, so
 * cross-field rules hold (a completion date cannot precede the feedback date), but only the
 * fields being changed can block the update.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { Button, Spinner, Text } from "@fluentui/react-components";
import { Controller, type FieldErrors, type Resolver } from "react-hook-form";
import type { CrmRecord } from "../../domain/port";
import { say } from "../../domain/i18n";
import { formatSerial, toSerial } from "../../domain/values";
import { FEEDBACK_STATUS, type ListValues } from "../../domain/schema";
import { validateRecord, type ValidationContext } from "../../domain/validation";
import { usePane } from "../context";
import { t } from "../strings";
import { useRecordForm } from "../hooks/useRecordForm";
import { useWorkbookData } from "../hooks/useWorkbookData";
import { SchemaField, useFormStyles, type FormValues } from "./fields";
import { FormStatus, type StatusMessage } from "./FormStatus";
import { errorText, selectRowMessage } from "./common";
import { RecordPicker, type PickerOption } from "./RecordPicker";

const PATCH = ["status", "actualDate", "resolution", "satisfaction"] as const;
const ORDER = ["feedbackId", ...PATCH];

function isOpen(f: CrmRecord): boolean {
  return typeof f.status === "string" && FEEDBACK_STATUS.open.includes(f.status);
}

function asInput(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  return String(value);
}

export function FeedbackStatusForm() {
  const { lang } = usePane();
  const { data, error } = useWorkbookData(["feedback", "customers"]);
  if (error) return <FormStatus messages={[{ intent: "error", text: errorText(error, lang) }]} />;
  if (!data) return <Spinner size="small" label={t("loading", lang)} />;
  return (
    <FeedbackStatusBody
      lists={data.lists}
      feedback={data.tables.feedback ?? []}
      customers={data.tables.customers ?? []}
    />
  );
}

/** Validates the patch merged into the stored row; reports only the patched fields. */
function patchResolver(
  feedback: readonly CrmRecord[],
  ctx: ValidationContext,
  lang: "zh" | "en",
): Resolver<FormValues, unknown, CrmRecord> {
  return async (values) => {
    const errors: FieldErrors<FormValues> = {};
    const id = typeof values.feedbackId === "string" ? values.feedbackId.trim() : "";
    const existing = feedback.find((f) => f.feedbackId === id);
    if (!existing) {
      errors.feedbackId = { type: "required", message: t("feedbackRequired", lang) };
    }
    const patch: Record<string, unknown> = {};
    for (const k of PATCH) patch[k] = values[k];
    const { record, issues } = validateRecord("feedback", { ...(existing ?? {}), ...patch }, ctx);
    for (const issue of issues) {
      if ((PATCH as readonly string[]).includes(issue.key) && !errors[issue.key]) {
        errors[issue.key] = {
          type: "validate",
          message: say(issue.message, lang, issue.params),
        };
      }
    }
    if (Object.keys(errors).length > 0) return { values: {}, errors };
    const out: CrmRecord = { feedbackId: id };
    for (const k of PATCH) out[k] = record[k] ?? null;
    return { values: out, errors: {} };
  };
}

function FeedbackStatusBody(props: {
  lists: ListValues;
  feedback: readonly CrmRecord[];
  customers: readonly CrmRecord[];
}) {
  const { lists, feedback, customers } = props;
  const { workbook, lang, today, changed } = usePane();
  const styles = useFormStyles();
  const defaults = useMemo<FormValues>(() => {
    const d: FormValues = {};
    for (const k of ORDER) d[k] = "";
    return d;
  }, []);
  const ctx = useMemo(() => ({ lists, today }), [lists, today]);
  const resolver = useMemo(() => patchResolver(feedback, ctx, lang), [feedback, ctx, lang]);
  const api = useRecordForm({
    form: "feedbackStatus",
    table: "feedback",
    defaults,
    ctx,
    order: ORDER,
    resolver,
  });
  const { form } = api;
  const [status, setStatus] = useState<StatusMessage[]>([]);
  const busy = form.formState.isSubmitting;
  const names = useMemo(
    () => new Map(customers.map((c) => [String(c.customerId ?? ""), String(c.name ?? "")])),
    [customers],
  );
  const options = useMemo<PickerOption[]>(
    () =>
      feedback.filter(isOpen).map((f) => ({
        value: String(f.feedbackId ?? ""),
        text: `${String(f.feedbackId ?? "")} · ${names.get(String(f.customerId ?? "")) ?? ""} · ${String(f.type ?? "")}`,
        search: String(f.description ?? ""),
      })),
    [feedback, names],
  );

  const chosenId = form.watch("feedbackId");
  const chosen = feedback.find((f) => f.feedbackId === chosenId);
  const lastFilled = useRef<string | null>(null);
  useEffect(() => {
    // Picking an entry shows its current handling, ready to edit.
    if (!chosen || lastFilled.current === chosenId) return;
    lastFilled.current = typeof chosenId === "string" ? chosenId : null;
    const actual = toSerial(chosen.actualDate);
    form.setValue("status", asInput(chosen.status));
    form.setValue("actualDate", typeof actual === "number" ? formatSerial(actual) : "");
    form.setValue("resolution", asInput(chosen.resolution));
    form.setValue("satisfaction", asInput(chosen.satisfaction));
  }, [chosen, chosenId, form]);

  const newStatus = form.watch("status");
  useEffect(() => {
    if (newStatus === FEEDBACK_STATUS.done && !form.getValues("actualDate")) {
      form.setValue("actualDate", formatSerial(today));
    }
  }, [newStatus, form, today]);

  const submit = form.handleSubmit(async (record) => {
    const id = String(record.feedbackId ?? "");
    setStatus([{ intent: "info", text: t("saving", lang) }]);
    const patch: CrmRecord = {};
    for (const k of PATCH) patch[k] = record[k] ?? null;
    try {
      await workbook.updateRecord("feedback", id, patch);
      const row = feedback.findIndex((f) => f.feedbackId === id);
      lastFilled.current = null;
      api.finish();
      setStatus([
        {
          intent: "success",
          text: t("feedbackUpdated", lang, { id, status: String(record.status ?? "") }),
          action:
            row >= 0
              ? {
                  label: t("showRow", lang),
                  onClick: () => {
                    workbook
                      .select({ table: "feedback", row })
                      .then(() =>
                        setStatus([selectRowMessage(workbook.mode, "feedback", row, id, lang)]),
                      )
                      .catch((e: unknown) =>
                        setStatus([
                          {
                            intent: "error",
                            text: t("selectFailed", lang, { message: errorText(e, lang) }),
                          },
                        ]),
                      );
                  },
                }
              : undefined,
        },
      ]);
      changed();
    } catch (e) {
      setStatus([
        { intent: "error", text: t("writeFailed", lang, { message: errorText(e, lang) }) },
      ]);
    }
  }, api.onInvalid);

  const pickError = form.formState.errors.feedbackId?.message;

  return (
    <form
      className={styles.form}
      noValidate
      aria-label={t("tabFeedbackStatus", lang)}
      onSubmit={(e) => void submit(e)}
    >
      <Text className={styles.hint}>{t("requiredHint", lang)}</Text>
      <Controller
        control={form.control}
        name="feedbackId"
        render={({ field }) => (
          <RecordPicker
            label={t("feedbackPicker", lang)}
            hint={t("feedbackPickerHint", lang)}
            required
            emptyText={t("feedbackPickerEmpty", lang)}
            options={options}
            value={typeof field.value === "string" ? field.value : ""}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            name={field.name}
            validationMessage={typeof pickError === "string" ? pickError : undefined}
          />
        )}
      />
      {chosen ? (
        <Text>
          {t("feedbackCurrent", lang, {
            id: String(chosen.feedbackId ?? ""),
            customer: names.get(String(chosen.customerId ?? "")) ?? "",
            type: String(chosen.type ?? ""),
            status: String(chosen.status ?? ""),
          })}
          {chosen.description ? ` — ${String(chosen.description)}` : ""}
        </Text>
      ) : null}
      {PATCH.map((k) => (
        <SchemaField key={k} table="feedback" name={k} form={form} lists={lists} />
      ))}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={busy}>
          {busy ? t("saving", lang) : t("save", lang)}
        </Button>
      </div>
      <FormStatus messages={status} />
    </form>
  );
}

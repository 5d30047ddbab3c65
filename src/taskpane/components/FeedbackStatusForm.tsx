/**
 * Update a feedback entry's handling: status, completion date (today by default once 已完成 is
 * chosen), resolution and satisfaction. The patch is validated together with the stored row, so
 * cross-field rules hold (a completion date cannot precede the feedback date), but only the
 * fields being changed can block the update.
 */
import { useEffect, useMemo, useRef } from "react";
import { Text } from "@fluentui/react-components";
import type { FieldErrors, Resolver } from "react-hook-form";
import type { CrmRecord } from "../../domain/port";
import { say } from "../../domain/i18n";
import { formatSerial, toSerial } from "../../domain/values";
import { FEEDBACK_STATUS, type ListValues } from "../../domain/schema";
import { validateRecord, type ValidationContext } from "../../domain/validation";
import { usePane } from "../context";
import { t } from "../strings";
import { useRecordForm } from "../hooks/useRecordForm";
import type { FormValues } from "./fields";
import type { PickerOption } from "./RecordPicker";
import {
  FormActions,
  PickerField,
  RecordFormFrame,
  SchemaFields,
  WithWorkbookData,
  blankValues,
} from "./form/parts";
import { useFormStatus } from "./form/useFormStatus";

const PATCH = ["status", "actualDate", "resolution", "satisfaction"] as const;
const ORDER = ["feedbackId", ...PATCH];

function isOpen(f: CrmRecord): boolean {
  return typeof f.status === "string" && FEEDBACK_STATUS.open.includes(f.status);
}

function asInput(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

/** `feedbackId`: the entry to show at once (处理 on a work-list item). */
export function FeedbackStatusForm({ feedbackId }: { feedbackId?: string | null }) {
  return (
    <WithWorkbookData tables={["feedback", "customers"]}>
      {(data) => (
        <FeedbackStatusBody
          lists={data.lists}
          feedback={data.tables.feedback ?? []}
          customers={data.tables.customers ?? []}
          preselect={feedbackId ?? null}
        />
      )}
    </WithWorkbookData>
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
  preselect: string | null;
}) {
  const { lists, feedback, customers, preselect } = props;
  const { workbook, lang, today, changed } = usePane();
  const defaults = useMemo(() => blankValues(ORDER), []);
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
  const status = useFormStatus();
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

  useEffect(() => {
    if (preselect) form.setValue("feedbackId", preselect, { shouldDirty: true });
  }, [preselect, form]);

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
    status.saving();
    const patch: CrmRecord = {};
    for (const k of PATCH) patch[k] = record[k] ?? null;
    try {
      await workbook.updateRecord("feedback", id, patch);
      const row = feedback.findIndex((f) => f.feedbackId === id);
      lastFilled.current = null;
      api.finish();
      const text = t("feedbackUpdated", lang, { id, status: String(record.status ?? "") });
      status.saved(text, "feedback", row, id);
      changed();
    } catch (e) {
      status.writeFailed(e);
    }
  }, api.onInvalid);

  return (
    <RecordFormFrame label={t("tabFeedbackStatus", lang)} onSubmit={submit} status={status.status}>
      <PickerField
        form={form}
        name="feedbackId"
        label={t("feedbackPicker", lang)}
        hint={t("feedbackPickerHint", lang)}
        emptyText={t("feedbackPickerEmpty", lang)}
        options={options}
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
      <SchemaFields table="feedback" names={PATCH} form={form} lists={lists} />
      <FormActions busy={busy} />
    </RecordFormFrame>
  );
}

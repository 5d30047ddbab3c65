/**
 * Record feedback or a complaint (客户反馈信息记录). New entries start as 待处理 with today's
 * date; the ID (F+YYYYMM+NNN) is allocated when the row is written.
 */
import { useMemo, useState } from "react";
import { Button, Spinner, Text } from "@fluentui/react-components";
import { Controller } from "react-hook-form";
import type { CrmRecord } from "../../domain/port";
import { formatSerial } from "../../domain/values";
import { FEEDBACK_STATUS, columnDef, type ListValues } from "../../domain/schema";
import { usePane } from "../context";
import { t } from "../strings";
import { useRecordForm } from "../hooks/useRecordForm";
import { useWorkbookData } from "../hooks/useWorkbookData";
import { SchemaField, useFormStyles, type FormValues } from "./fields";
import { FormStatus, type StatusMessage } from "./FormStatus";
import { errorText, selectRowMessage } from "./common";
import { MoreSection } from "./MoreSection";
import { RecordPicker } from "./RecordPicker";
import { customerOptions } from "./FollowUpForm";

const PRIMARY = [
  "customerId",
  "date",
  "type",
  "channel",
  "description",
  "status",
  "owner",
  "plannedDate",
] as const;
const MORE = [
  "orderRef",
  "department",
  "actualDate",
  "resolution",
  "satisfaction",
  "notes",
] as const;
const ORDER = [...PRIMARY, ...MORE];

export function FeedbackForm() {
  const { lang } = usePane();
  const { data, error } = useWorkbookData(["customers"]);
  if (error) return <FormStatus messages={[{ intent: "error", text: errorText(error, lang) }]} />;
  if (!data) return <Spinner size="small" label={t("loading", lang)} />;
  return <FeedbackFormBody lists={data.lists} customers={data.tables.customers ?? []} />;
}

function FeedbackFormBody(props: { lists: ListValues; customers: readonly CrmRecord[] }) {
  const { lists, customers } = props;
  const { workbook, lang, today, changed } = usePane();
  const styles = useFormStyles();
  const defaults = useMemo<FormValues>(() => {
    const d: FormValues = {};
    for (const k of ORDER) d[k] = "";
    d.date = formatSerial(today);
    d.status = FEEDBACK_STATUS.default;
    return d;
  }, [today]);
  const ctx = useMemo(
    () => ({
      lists,
      today,
      customerIds: new Set(customers.map((c) => String(c.customerId ?? ""))),
    }),
    [lists, today, customers],
  );
  const api = useRecordForm({
    form: "feedback",
    table: "feedback",
    defaults,
    ctx,
    order: ORDER,
    more: MORE,
  });
  const { form } = api;
  const [status, setStatus] = useState<StatusMessage[]>([]);
  const busy = form.formState.isSubmitting;
  const options = useMemo(() => customerOptions(customers), [customers]);

  const submit = form.handleSubmit(async (record) => {
    setStatus([{ intent: "info", text: t("saving", lang) }]);
    try {
      const result = await workbook.appendRecords("feedback", [record]);
      const id = result.ids[0] ?? "";
      const row = result.firstRow;
      api.finish();
      setStatus([
        {
          intent: "success",
          text: t("feedbackSaved", lang, { id }),
          action: {
            label: t("showRow", lang),
            onClick: () => {
              workbook
                .select({ table: "feedback", row })
                .then(() => setStatus([selectRowMessage(workbook.mode, "feedback", row, id, lang)]))
                .catch((e: unknown) =>
                  setStatus([
                    {
                      intent: "error",
                      text: t("selectFailed", lang, { message: errorText(e, lang) }),
                    },
                  ]),
                );
            },
          },
        },
      ]);
      changed();
    } catch (e) {
      setStatus([
        { intent: "error", text: t("writeFailed", lang, { message: errorText(e, lang) }) },
      ]);
    }
  }, api.onInvalid);

  const customerError = form.formState.errors.customerId?.message;

  return (
    <form
      className={styles.form}
      noValidate
      aria-label={t("tabFeedback", lang)}
      onSubmit={(e) => void submit(e)}
    >
      <Text className={styles.hint}>{t("requiredHint", lang)}</Text>
      {api.draftRestored ? (
        <FormStatus messages={[{ intent: "info", text: t("draftRestored", lang) }]} />
      ) : null}
      <Controller
        control={form.control}
        name="customerId"
        render={({ field }) => (
          <RecordPicker
            label={columnDef("feedback", "customerId").header[lang]}
            hint={t("customerPickerHint", lang)}
            required
            emptyText={t("customerPickerEmpty", lang)}
            options={options}
            value={typeof field.value === "string" ? field.value : ""}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            name={field.name}
            validationMessage={typeof customerError === "string" ? customerError : undefined}
          />
        )}
      />
      {PRIMARY.filter((k) => k !== "customerId").map((k) => (
        <SchemaField key={k} table="feedback" name={k} form={form} lists={lists} />
      ))}
      <MoreSection open={api.moreOpen} onToggle={api.setMoreOpen} lang={lang}>
        {MORE.map((k) => (
          <SchemaField key={k} table="feedback" name={k} form={form} lists={lists} />
        ))}
      </MoreSection>
      {api.invalidCount > 0 && Object.keys(form.formState.errors).length > 0 ? (
        <FormStatus
          messages={[
            {
              intent: "error",
              text: t("fixErrors", lang, { count: Object.keys(form.formState.errors).length }),
            },
          ]}
        />
      ) : null}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={busy}>
          {busy ? t("saving", lang) : t("save", lang)}
        </Button>
        <Button
          disabled={busy}
          onClick={() => {
            api.finish();
            setStatus([]);
          }}
        >
          {t("clear", lang)}
        </Button>
      </div>
      <FormStatus messages={status} />
    </form>
  );
}

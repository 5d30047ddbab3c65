/**
 * Log a follow-up (客户关系维护记录). The customer is picked by name, ID or phone; the customer's
 * status can be updated in the same step. The follow-up row is written first and alone: if the
 * status update then fails, the pane says so and the row stays (it is complete on its own).
 */
import { useEffect, useMemo, useState } from "react";
import { Button, Checkbox, Spinner, Text } from "@fluentui/react-components";
import { Controller } from "react-hook-form";
import type { CrmRecord } from "../../domain/port";
import { formatSerial } from "../../domain/values";
import { columnDef, type ListValues } from "../../domain/schema";
import { usePane } from "../context";
import { t } from "../strings";
import { useRecordForm } from "../hooks/useRecordForm";
import { useWorkbookData } from "../hooks/useWorkbookData";
import { SchemaField, useFormStyles, type FormValues } from "./fields";
import { FormStatus, type StatusMessage } from "./FormStatus";
import { errorText, selectRowMessage } from "./common";
import { MoreSection } from "./MoreSection";
import { RecordPicker, type PickerOption } from "./RecordPicker";

const PRIMARY = [
  "customerId",
  "date",
  "method",
  "topic",
  "summary",
  "nextAction",
  "dueDate",
  "customerStatus",
] as const;
const MORE = ["customerFeedback", "owner", "result", "notes"] as const;
const ORDER = [...PRIMARY, ...MORE];

export function customerOptions(customers: readonly CrmRecord[]): PickerOption[] {
  return customers
    .filter((c) => typeof c.customerId === "string" && c.customerId !== "")
    .map((c) => ({
      value: String(c.customerId),
      text: `${String(c.name ?? "")} · ${String(c.customerId)}`,
      search: `${String(c.phone ?? "")} ${String(c.contact ?? "")}`,
    }));
}

export function FollowUpForm({ customerId }: { customerId?: string | null }) {
  const { lang } = usePane();
  const { data, error } = useWorkbookData(["customers"]);
  if (error) return <FormStatus messages={[{ intent: "error", text: errorText(error, lang) }]} />;
  if (!data) return <Spinner size="small" label={t("loading", lang)} />;
  return (
    <FollowUpFormBody
      lists={data.lists}
      customers={data.tables.customers ?? []}
      preselect={customerId ?? null}
    />
  );
}

function FollowUpFormBody(props: {
  lists: ListValues;
  customers: readonly CrmRecord[];
  preselect: string | null;
}) {
  const { lists, customers, preselect } = props;
  const { workbook, lang, today, changed } = usePane();
  const styles = useFormStyles();
  const defaults = useMemo<FormValues>(() => {
    const d: FormValues = {};
    for (const k of ORDER) d[k] = "";
    d.date = formatSerial(today);
    d.updateStatus = true;
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
    form: "followUp",
    table: "interactions",
    defaults,
    ctx,
    order: ORDER,
    more: MORE,
  });
  const { form } = api;
  const [status, setStatus] = useState<StatusMessage[]>([]);
  const busy = form.formState.isSubmitting;
  const options = useMemo(() => customerOptions(customers), [customers]);
  const chosenStatus = form.watch("customerStatus");

  useEffect(() => {
    if (preselect) form.setValue("customerId", preselect, { shouldDirty: true });
  }, [preselect, form]);

  const submit = form.handleSubmit(async (record) => {
    setStatus([{ intent: "info", text: t("saving", lang) }]);
    const wantsStatus = form.getValues("updateStatus") === true;
    let id = "";
    let row = 0;
    try {
      const result = await workbook.appendRecords("interactions", [record]);
      id = result.ids[0] ?? "";
      row = result.firstRow;
    } catch (e) {
      setStatus([
        { intent: "error", text: t("writeFailed", lang, { message: errorText(e, lang) }) },
      ]);
      return;
    }
    const show = {
      label: t("showRow", lang),
      onClick: () => {
        workbook
          .select({ table: "interactions", row })
          .then(() => setStatus([selectRowMessage(workbook.mode, "interactions", row, id, lang)]))
          .catch((e: unknown) =>
            setStatus([
              { intent: "error", text: t("selectFailed", lang, { message: errorText(e, lang) }) },
            ]),
          );
      },
    };
    const newStatus = typeof record.customerStatus === "string" ? record.customerStatus : "";
    let message: StatusMessage = {
      intent: "success",
      text: t("followUpSaved", lang, { id }),
      action: show,
    };
    if (wantsStatus && newStatus && typeof record.customerId === "string") {
      try {
        await workbook.updateRecord("customers", record.customerId, { status: newStatus });
        message = {
          intent: "success",
          text: t("followUpStatusUpdated", lang, { id, status: newStatus }),
          action: show,
        };
      } catch (e) {
        message = {
          intent: "warning",
          text: t("statusUpdateFailed", lang, { id, message: errorText(e, lang) }),
          action: show,
        };
      }
    }
    api.finish();
    setStatus([message]);
    changed();
  }, api.onInvalid);

  const customerError = form.formState.errors.customerId?.message;

  return (
    <form
      className={styles.form}
      noValidate
      aria-label={t("tabFollowUp", lang)}
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
            label={columnDef("interactions", "customerId").header[lang]}
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
        <SchemaField key={k} table="interactions" name={k} form={form} lists={lists} />
      ))}
      <Controller
        control={form.control}
        name="updateStatus"
        render={({ field }) => (
          <Checkbox
            ref={field.ref}
            name={field.name}
            checked={field.value === true}
            onChange={(_, data) => field.onChange(data.checked === true)}
            onBlur={field.onBlur}
            disabled={!chosenStatus}
            label={t("updateCustomerStatus", lang)}
          />
        )}
      />
      <MoreSection open={api.moreOpen} onToggle={api.setMoreOpen} lang={lang}>
        {MORE.map((k) => (
          <SchemaField key={k} table="interactions" name={k} form={form} lists={lists} />
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

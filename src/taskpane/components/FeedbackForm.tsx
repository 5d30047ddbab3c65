/**
 * Record feedback or a complaint (客户反馈信息记录). New entries start as 待处理 with today's
 * date; the ID (F+YYYYMM+NNN) is allocated when the row is written.
 */
import { useEffect, useMemo, useState } from "react";
import type { CrmRecord } from "../../domain/port";
import { formatSerial } from "../../domain/values";
import { FEEDBACK_STATUS, type ListValues } from "../../domain/schema";
import { formValuesOf } from "../../domain/edit";
import { usePane, type FormRequest } from "../context";
import { t } from "../strings";
import { useRecordForm } from "../hooks/useRecordForm";
import {
  CustomerPicker,
  FormFooter,
  MoreFields,
  RecordFormFrame,
  SchemaFields,
  WithRecordToEdit,
  blankValues,
  useCustomerContext,
} from "./form/parts";
import { useFormStatus } from "./form/useFormStatus";
import { useEditSave } from "./form/useEditSave";

/** The main fields, below the customer picker (customerId). */
const PRIMARY = [
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
const ORDER = ["customerId", ...PRIMARY, ...MORE];

export function FeedbackForm({ request }: { request?: FormRequest | null }) {
  const editId = request?.editId ?? null;
  return (
    <WithRecordToEdit
      table="feedback"
      editId={editId}
      tables={editId ? ["customers", "feedback"] : ["customers"]}
    >
      {(data, editing) => (
        <FeedbackFormBody
          lists={data.lists}
          customers={data.tables.customers ?? []}
          preselect={request?.customerId ?? null}
          editing={editing}
        />
      )}
    </WithRecordToEdit>
  );
}

function FeedbackFormBody(props: {
  lists: ListValues;
  customers: readonly CrmRecord[];
  preselect: string | null;
  /** The feedback being edited, as read when the form opened; null for a new entry. */
  editing: { id: string; record: CrmRecord } | null;
}) {
  const { lists, customers, preselect } = props;
  const { lang, today } = usePane();
  const [initial] = useState(props.editing);
  const defaults = useMemo(
    () =>
      initial
        ? blankValues(ORDER, formValuesOf("feedback", initial.record, ORDER))
        : blankValues(ORDER, { date: formatSerial(today), status: FEEDBACK_STATUS.default }),
    [today, initial],
  );
  const ctx = useCustomerContext(lists, customers);
  const api = useRecordForm({
    form: initial ? `edit:feedback:${initial.id}` : "feedback",
    table: "feedback",
    defaults,
    ctx,
    order: ORDER,
    more: MORE,
  });
  const { form } = api;
  const status = useFormStatus();
  const edit = useEditSave({
    table: "feedback",
    id: initial?.id ?? "",
    record: initial?.record ?? {},
    keys: ORDER,
    api,
    status,
    customerId: initial ? String(initial.record.customerId ?? "").trim() || null : null,
  });
  const busy = form.formState.isSubmitting;

  useEffect(() => {
    if (preselect) form.setValue("customerId", preselect, { shouldDirty: true });
  }, [preselect, form]);

  const submit = form.handleSubmit(
    (record) =>
      initial
        ? edit.save(record)
        : status.saveNew("feedback", record, "feedbackSaved", () => api.finish()),
    api.onInvalid,
  );

  return (
    <RecordFormFrame
      label={initial ? t("editHeading", lang, { id: initial.id }) : t("tabFeedback", lang)}
      heading={initial ? t("editHeading", lang, { id: initial.id }) : undefined}
      onSubmit={submit}
      draftRestored={api.draftRestored}
      status={status.status}
    >
      <CustomerPicker form={form} table="feedback" customers={customers} />
      <SchemaFields table="feedback" names={PRIMARY} form={form} lists={lists} />
      <MoreFields api={api} table="feedback" names={MORE} lists={lists} />
      <FormFooter api={api} busy={busy} onClear={status.clear} />
    </RecordFormFrame>
  );
}

/**
 * Record feedback or a complaint (客户反馈信息记录). New entries start as 待处理 with today's
 * date; the ID (F+YYYYMM+NNN) is allocated when the row is written.
 */
import { useMemo } from "react";
import type { CrmRecord } from "../../domain/port";
import { formatSerial } from "../../domain/values";
import { FEEDBACK_STATUS, type ListValues } from "../../domain/schema";
import { usePane } from "../context";
import { t } from "../strings";
import { useRecordForm } from "../hooks/useRecordForm";
import {
  CustomerPicker,
  FormFooter,
  MoreFields,
  RecordFormFrame,
  SchemaFields,
  WithWorkbookData,
  blankValues,
  useCustomerContext,
} from "./form/parts";
import { useFormStatus } from "./form/useFormStatus";

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

export function FeedbackForm() {
  return (
    <WithWorkbookData tables={["customers"]}>
      {(data) => <FeedbackFormBody lists={data.lists} customers={data.tables.customers ?? []} />}
    </WithWorkbookData>
  );
}

function FeedbackFormBody(props: { lists: ListValues; customers: readonly CrmRecord[] }) {
  const { lists, customers } = props;
  const { lang, today } = usePane();
  const defaults = useMemo(
    () => blankValues(ORDER, { date: formatSerial(today), status: FEEDBACK_STATUS.default }),
    [today],
  );
  const ctx = useCustomerContext(lists, customers);
  const api = useRecordForm({
    form: "feedback",
    table: "feedback",
    defaults,
    ctx,
    order: ORDER,
    more: MORE,
  });
  const { form } = api;
  const status = useFormStatus();
  const busy = form.formState.isSubmitting;

  const submit = form.handleSubmit(
    (record) => status.saveNew("feedback", record, "feedbackSaved", () => api.finish()),
    api.onInvalid,
  );

  return (
    <RecordFormFrame
      label={t("tabFeedback", lang)}
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

/**
 * Record feedback or a complaint (客户反馈信息记录). New entries start as 待处理 with today's
 * date; the ID (F+YYYYMM+NNN) is allocated when the row is written.
 */
import type { CrmRecord } from "../../domain/port";
import { formatSerial } from "../../domain/values";
import { FEEDBACK_STATUS, type ListValues } from "../../domain/schema";
import { usePane, type FormRequest } from "../context";
import { t } from "../strings";
import {
  CustomerPicker,
  FormFooter,
  MoreFields,
  RecordFormFrame,
  SchemaFields,
  WithRecordToEdit,
  useCustomerContext,
} from "./form/parts";
import { useRecordEditing } from "./form/useRecordEditing";

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

/** New feedback: dated today, 待处理. */
function newFeedback(today: number) {
  return { date: formatSerial(today), status: FEEDBACK_STATUS.default };
}

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
  const { lang } = usePane();
  const { initial, api, form, status, busy, save } = useRecordEditing({
    table: "feedback",
    form: "feedback",
    order: ORDER,
    more: MORE,
    ctx: useCustomerContext(lists, customers),
    editing: props.editing,
    preselect,
    newValues: newFeedback,
  });
  const submit = form.handleSubmit((record) => save(record, "feedbackSaved"), api.onInvalid);

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

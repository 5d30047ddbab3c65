/**
 * Record feedback or a complaint (客户反馈信息记录). New entries start as 待处理 with today's
 * date; the ID (F+YYYYMM+NNN) is allocated when the row is written.
 */
import { formatSerial } from "../../domain/values";
import { FEEDBACK_STATUS } from "../../domain/schema";
import { usePane, type FormRequest } from "../context";
import { t } from "../strings";
import {
  CustomerPicker,
  FormFooter,
  MoreFields,
  RecordFormFrame,
  SchemaFields,
  WithChildRecordForm,
  type ChildFormProps,
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
  return (
    <WithChildRecordForm table="feedback" request={request}>
      {(props) => <FeedbackFormBody {...props} />}
    </WithChildRecordForm>
  );
}

function FeedbackFormBody(props: ChildFormProps) {
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

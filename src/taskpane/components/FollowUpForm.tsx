/**
 * Log a follow-up (客户关系维护记录). The customer is picked by name, ID or phone; the customer's
 * status can be updated in the same step. The follow-up row is written first and alone: if the
 * status update then fails, the pane says so and the row stays (it is complete on its own).
 */
import { useEffect, useMemo, useState } from "react";
import { Checkbox } from "@fluentui/react-components";
import { Controller } from "react-hook-form";
import type { CrmRecord } from "../../domain/port";
import { formatSerial } from "../../domain/values";
import type { ListValues } from "../../domain/schema";
import { formValuesOf } from "../../domain/edit";
import { sameId } from "../../domain/customerStory";
import { usePane, type FormRequest } from "../context";
import { t } from "../strings";
import { useRecordForm } from "../hooks/useRecordForm";
import type { StatusMessage } from "./FormStatus";
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
import { useEditSave } from "./form/useEditSave";
import { FormStatus } from "./FormStatus";
import { errorText } from "./common";

/** The main fields, below the customer picker (customerId). */
const PRIMARY = [
  "date",
  "method",
  "topic",
  "summary",
  "nextAction",
  "dueDate",
  "customerStatus",
] as const;
const MORE = ["customerFeedback", "owner", "result", "notes"] as const;
const ORDER = ["customerId", ...PRIMARY, ...MORE];

export function FollowUpForm({ request }: { request?: FormRequest | null }) {
  const { lang } = usePane();
  const editId = request?.editId ?? null;
  return (
    <WithWorkbookData tables={editId ? ["customers", "interactions"] : ["customers"]}>
      {(data) => {
        const editing = editId
          ? (data.tables.interactions ?? []).find((r) => sameId(r.recordId, editId))
          : undefined;
        if (editId && !editing) {
          return (
            <FormStatus
              messages={[{ intent: "error", text: t("editNotFound", lang, { id: editId }) }]}
            />
          );
        }
        return (
          <FollowUpFormBody
            lists={data.lists}
            customers={data.tables.customers ?? []}
            preselect={request?.customerId ?? null}
            editing={editing && editId ? { id: editId, record: editing } : null}
          />
        );
      }}
    </WithWorkbookData>
  );
}

function FollowUpFormBody(props: {
  lists: ListValues;
  customers: readonly CrmRecord[];
  preselect: string | null;
  /** The follow-up being edited, as read when the form opened; null for a new one. */
  editing: { id: string; record: CrmRecord } | null;
}) {
  const { lists, customers, preselect } = props;
  const { workbook, lang, today, changed } = usePane();
  const [initial] = useState(props.editing);
  const defaults = useMemo(
    () =>
      initial
        ? blankValues(ORDER, formValuesOf("interactions", initial.record, ORDER))
        : blankValues(ORDER, { date: formatSerial(today), updateStatus: true }),
    [today, initial],
  );
  const ctx = useCustomerContext(lists, customers);
  const api = useRecordForm({
    form: initial ? `edit:interactions:${initial.id}` : "followUp",
    table: "interactions",
    defaults,
    ctx,
    order: ORDER,
    more: MORE,
  });
  const { form } = api;
  const status = useFormStatus();
  const edit = useEditSave({
    table: "interactions",
    id: initial?.id ?? "",
    record: initial?.record ?? {},
    keys: ORDER,
    api,
    status,
    customerId: initial ? String(initial.record.customerId ?? "").trim() || null : null,
  });
  const busy = form.formState.isSubmitting;
  const chosenStatus = form.watch("customerStatus");

  useEffect(() => {
    if (preselect) form.setValue("customerId", preselect, { shouldDirty: true });
  }, [preselect, form]);

  const submit = form.handleSubmit(async (record) => {
    if (initial) {
      await edit.save(record);
      return;
    }
    status.saving();
    const wantsStatus = form.getValues("updateStatus") === true;
    const written = await status.append("interactions", record);
    if (!written) return;
    const { id, row } = written;
    const show = status.showRow("interactions", row, id);
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
    status.setStatus([message]);
    changed();
  }, api.onInvalid);

  return (
    <RecordFormFrame
      label={initial ? t("editHeading", lang, { id: initial.id }) : t("tabFollowUp", lang)}
      heading={initial ? t("editHeading", lang, { id: initial.id }) : undefined}
      onSubmit={submit}
      draftRestored={api.draftRestored}
      status={status.status}
    >
      <CustomerPicker form={form} table="interactions" customers={customers} />
      <SchemaFields table="interactions" names={PRIMARY} form={form} lists={lists} />
      {initial ? null : (
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
      )}
      <MoreFields api={api} table="interactions" names={MORE} lists={lists} />
      <FormFooter api={api} busy={busy} onClear={status.clear} />
    </RecordFormFrame>
  );
}

/**
 * Log a follow-up (客户关系维护记录). The customer is picked by name, ID or phone; the customer's
 * status can be updated and the customer's open action plans that this follow-up answers closed
 * in the same step. The follow-up row is written first and alone: if the status update or the
 * closing then fails, the pane says so and the row stays (it is complete on its own). A plan
 * due date before today is saved only after the user confirms it.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { Checkbox } from "@fluentui/react-components";
import { Controller } from "react-hook-form";
import type { CrmRecord } from "../../domain/port";
import { formatSerial } from "../../domain/values";
import { closedByFollowUp, isPastDue, openPlansOf } from "../../domain/worklists";
import type { ListValues } from "../../domain/schema";
import { usePane, type FormRequest } from "../context";
import { t } from "../strings";
import type { StatusMessage } from "./FormStatus";
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
import { errorText } from "./common";
import { ClosePlans } from "./ClosePlans";

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

/**
 * `planId`: the action plan this follow-up answers (opened from that plan's work-list item);
 * `request.editId`: a follow-up to edit (same fields and validation, only changed cells written).
 */
export function FollowUpForm(props: {
  customerId?: string | null;
  planId?: string | null;
  request?: FormRequest | null;
}) {
  const { request } = props;
  const editId = request?.editId ?? null;
  return (
    <WithRecordToEdit table="interactions" editId={editId} tables={["customers", "interactions"]}>
      {(data, editing) => (
        <FollowUpFormBody
          lists={data.lists}
          customers={data.tables.customers ?? []}
          interactions={data.tables.interactions ?? []}
          preselect={props.customerId ?? request?.customerId ?? null}
          preselectPlan={editId ? null : (props.planId ?? null)}
          editing={editing}
        />
      )}
    </WithRecordToEdit>
  );
}

function FollowUpFormBody(props: {
  lists: ListValues;
  customers: readonly CrmRecord[];
  interactions: readonly CrmRecord[];
  preselect: string | null;
  preselectPlan: string | null;
  /** The follow-up being edited, as read when the form opened; null for a new one. */
  editing: { id: string; record: CrmRecord } | null;
}) {
  const { lists, customers, interactions, preselect, preselectPlan } = props;
  const { workbook, lang, today, changed } = usePane();
  const { initial, api, form, status, edit, busy } = useRecordEditing({
    table: "interactions",
    form: "followUp",
    order: ORDER,
    more: MORE,
    ctx: useCustomerContext(lists, customers),
    editing: props.editing,
    preselect,
    newValues: (day) => ({ date: formatSerial(day), updateStatus: true }),
  });
  const chosenStatus = form.watch("customerStatus");

  const chosenCustomer = form.watch("customerId");
  const plans = useMemo(
    () => openPlansOf(interactions, typeof chosenCustomer === "string" ? chosenCustomer : ""),
    [interactions, chosenCustomer],
  );
  const [closeIds, setCloseIds] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    // Another customer, other plans: only the plan the form was opened for starts ticked.
    setCloseIds(new Set(plans.filter((p) => p.id === preselectPlan).map((p) => p.id)));
  }, [plans, preselectPlan]);
  /** The past due date the user confirmed (a second Save with the same date goes through). */
  const confirmedDue = useRef<number | null>(null);

  const submit = form.handleSubmit(async (record) => {
    if (initial) {
      await edit.save(record);
      return;
    }
    const due = record.dueDate;
    if (typeof due === "number" && isPastDue(due, today) && confirmedDue.current !== due) {
      status.setStatus([
        {
          intent: "warning",
          text: t("followUpPastDue", lang, { date: formatSerial(due), today: formatSerial(today) }),
          action: {
            label: t("planPastConfirm", lang),
            onClick: () => {
              confirmedDue.current = due;
              void submit();
            },
          },
        },
      ]);
      return;
    }
    confirmedDue.current = null;
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
    const messages = [message];
    const closing = plans.filter((p) => closeIds.has(p.id)).map((p) => p.id);
    if (closing.length > 0) {
      // One update per plan: a customer has one or two open plans, rarely more.
      const failed: string[] = [];
      let reason = "";
      for (const planId of closing) {
        try {
          await workbook.updateRecord("interactions", planId, { result: closedByFollowUp(id) });
        } catch (e) {
          failed.push(planId);
          reason = errorText(e, lang);
        }
      }
      const closed = closing.filter((p) => !failed.includes(p));
      if (closed.length > 0) {
        messages.push({
          intent: "success",
          text: t("plansClosed", lang, { ids: closed.join("、") }),
        });
      }
      if (failed.length > 0) {
        messages.push({
          intent: "warning",
          text: t("plansCloseFailed", lang, { ids: failed.join("、"), message: reason }),
        });
      }
    }
    api.finish();
    setCloseIds(new Set());
    status.setStatus(messages);
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
      <ClosePlans plans={plans} checked={closeIds} onChange={setCloseIds} />
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

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
import { usePane } from "../context";
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

/** `planId`: the action plan this follow-up answers (opened from that plan's work-list item). */
export function FollowUpForm(props: { customerId?: string | null; planId?: string | null }) {
  return (
    <WithWorkbookData tables={["customers", "interactions"]}>
      {(data) => (
        <FollowUpFormBody
          lists={data.lists}
          customers={data.tables.customers ?? []}
          interactions={data.tables.interactions ?? []}
          preselect={props.customerId ?? null}
          preselectPlan={props.planId ?? null}
        />
      )}
    </WithWorkbookData>
  );
}

function FollowUpFormBody(props: {
  lists: ListValues;
  customers: readonly CrmRecord[];
  interactions: readonly CrmRecord[];
  preselect: string | null;
  preselectPlan: string | null;
}) {
  const { lists, customers, interactions, preselect, preselectPlan } = props;
  const { workbook, lang, today, changed } = usePane();
  const defaults = useMemo(
    () => blankValues(ORDER, { date: formatSerial(today), updateStatus: true }),
    [today],
  );
  const ctx = useCustomerContext(lists, customers);
  const api = useRecordForm({
    form: "followUp",
    table: "interactions",
    defaults,
    ctx,
    order: ORDER,
    more: MORE,
  });
  const { form } = api;
  const status = useFormStatus();
  const busy = form.formState.isSubmitting;
  const chosenStatus = form.watch("customerStatus");

  useEffect(() => {
    if (preselect) form.setValue("customerId", preselect, { shouldDirty: true });
  }, [preselect, form]);

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
      label={t("tabFollowUp", lang)}
      onSubmit={submit}
      draftRestored={api.draftRestored}
      status={status.status}
    >
      <CustomerPicker form={form} table="interactions" customers={customers} />
      <ClosePlans plans={plans} checked={closeIds} onChange={setCloseIds} />
      <SchemaFields table="interactions" names={PRIMARY} form={form} lists={lists} />
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
      <MoreFields api={api} table="interactions" names={MORE} lists={lists} />
      <FormFooter api={api} busy={busy} onClear={status.clear} />
    </RecordFormFrame>
  );
}

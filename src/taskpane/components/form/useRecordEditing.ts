/**
 * The set-up every record form shares, new entry or edit: the field values to start from (the
 * record as read when the form opened, or a new record's defaults), the validated form with its
 * draft, the message area, the edit-mode save (changed cells only, co-author check) and the
 * customer chosen by the caller (a work-list item or the customer card) put into the picker.
 * The forms differ only in their fields and in what a save does beyond the write.
 */
import { useEffect, useMemo, useState } from "react";
import type { CrmRecord } from "../../../domain/port";
import type { TableKey } from "../../../domain/schema";
import { formValuesOf } from "../../../domain/edit";
import type { ValidationContext } from "../../../domain/validation";
import { usePane } from "../../context";
import type { StringKey } from "../../strings";
import { useRecordForm, type RecordFormApi } from "../../hooks/useRecordForm";
import type { FormValues, RecordForm } from "../fields";
import { blankValues } from "./parts";
import { useFormStatus, type FormStatusApi } from "./useFormStatus";
import { useEditSave, type EditSaveApi } from "./useEditSave";

export interface RecordEditing {
  /** The record being edited, as read when the form opened; null for a new entry. */
  initial: { id: string; record: CrmRecord } | null;
  api: RecordFormApi;
  form: RecordForm;
  status: FormStatusApi;
  edit: EditSaveApi;
  busy: boolean;
  /** The save of a form without extra steps: the edit's patch, or the new row and its message. */
  save: (record: CrmRecord, savedKey: StringKey, afterNew?: () => void) => Promise<void>;
}

export function useRecordEditing(options: {
  table: TableKey;
  /** Draft key of the new-entry form; an edit's draft is keyed by the record's ID. */
  form: string;
  order: readonly string[];
  more?: readonly string[];
  ctx: ValidationContext;
  editing: { id: string; record: CrmRecord } | null;
  /** Customer to put into the picker when the form opens (forms of child tables). */
  preselect?: string | null;
  /** A new entry's starting values (today's date, a default status), from the pane's today. */
  newValues: (today: number) => FormValues;
  /** The customer whose card an edit's success message offers to go back to. */
  customerOf?: (record: CrmRecord) => string | null;
}): RecordEditing {
  const { table, order, more, ctx, preselect, newValues, customerOf } = options;
  const { today } = usePane();
  // Kept as first read: a re-read of the workbook while the form is open must not reset it.
  const [initial] = useState(options.editing);
  const defaults = useMemo(
    () =>
      initial
        ? blankValues(order, formValuesOf(table, initial.record, order))
        : blankValues(order, newValues(today)),
    // newValues is a module-level function of each form; today and the record decide.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [today, initial, table, order],
  );
  const api = useRecordForm({
    form: initial ? `edit:${table}:${initial.id}` : options.form,
    table,
    defaults,
    ctx,
    order,
    more,
  });
  const { form } = api;
  const status = useFormStatus();
  const edit = useEditSave({
    table,
    id: initial?.id ?? "",
    record: initial?.record ?? {},
    keys: order,
    api,
    status,
    customerId: initial ? (customerOf ?? customerIdOf)(initial.record) : null,
  });

  useEffect(() => {
    if (preselect) form.setValue("customerId", preselect, { shouldDirty: true });
  }, [preselect, form]);

  return {
    initial,
    api,
    form,
    status,
    edit,
    busy: form.formState.isSubmitting,
    save: (record, savedKey, afterNew) =>
      initial
        ? edit.save(record)
        : status.saveNew(table, record, savedKey, () => {
            api.finish();
            afterNew?.();
          }),
  };
}

/** A child record's customer (its 客户编号 column), or null when blank. */
function customerIdOf(record: CrmRecord): string | null {
  return String(record.customerId ?? "").trim() || null;
}

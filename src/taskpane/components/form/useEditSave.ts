/**
 * The save of a record form in edit mode, shared by the customer, follow-up, feedback and order
 * forms: the patch holds only the fields changed against the row as read when the form opened;
 * the workbook writes those cells of the row it finds by ID now, after checking the row did not
 * change meanwhile. A co-author's change is shown field by field, with the choice to save these
 * changes anyway (their other fields stay) or to load the latest values; never a silent
 * overwrite.
 */
import { useState } from "react";
import type { CrmRecord } from "../../../domain/port";
import type { TableKey } from "../../../domain/schema";
import { headerOf } from "../../../domain/schema";
import { EditConflict, editPatch, formValueOf, formValuesOf } from "../../../domain/edit";
import { usePane } from "../../context";
import { t } from "../../strings";
import type { RecordFormApi } from "../../hooks/useRecordForm";
import type { FormStatusApi } from "./useFormStatus";

export interface EditSaveApi {
  /** The row as the form last read it (when opened, reloaded or saved). */
  opened: CrmRecord;
  save: (record: CrmRecord) => Promise<void>;
}

export function useEditSave(options: {
  table: TableKey;
  id: string;
  record: CrmRecord;
  /** The fields the form shows, in display order. */
  keys: readonly string[];
  api: RecordFormApi;
  status: FormStatusApi;
  /** The customer whose card the success message offers to go back to. */
  customerId: string | null;
}): EditSaveApi {
  const { table, id, keys, api, status, customerId } = options;
  const { workbook, lang, changed, openCard } = usePane();
  const [opened, setOpened] = useState<CrmRecord>(() => ({ ...options.record }));

  const back = customerId
    ? { label: t("editCancel", lang), onClick: () => openCard(customerId) }
    : undefined;

  const write = async (patch: CrmRecord, before: CrmRecord) => {
    let expected = before;
    status.saving();
    try {
      await workbook.updateRecord(table, id, patch, { expected });
    } catch (e) {
      if (e instanceof EditConflict) {
        // A retry after a lost response finds the row already holding this form's change:
        // that is the save having landed, not a co-author.
        if (!landed(e, patch)) {
          conflict(e, patch);
          return;
        }
        expected = e.current;
      } else {
        status.writeFailed(e);
        return;
      }
    }
    const merged = { ...expected, ...patch };
    setOpened(merged);
    api.finish(formValuesOf(table, merged, keys));
    const fields = Object.keys(patch)
      .map((k) => headerOf(table, k, lang))
      .join(lang === "zh" ? "、" : ", ");
    status.setStatus([
      { intent: "success", text: t("editSaved", lang, { id, fields }), action: back },
    ]);
    changed();
  };

  /** Every field that differs from the row as opened now holds this form's value. */
  const landed = (e: EditConflict, patch: CrmRecord) =>
    e.fields.every(
      (f) =>
        f.key in patch &&
        formValueOf(table, f.key, f.current) === formValueOf(table, f.key, patch[f.key]),
    );

  const conflict = (e: EditConflict, patch: CrmRecord) => {
    const values = e.fields
      .map(
        (f) => `${headerOf(table, f.key, lang)} = ${formValueOf(table, f.key, f.current) || "—"}`,
      )
      .join(lang === "zh" ? "；" : "; ");
    status.setStatus([
      {
        intent: "warning",
        text: t("editConflict", lang, { message: e.text(lang), values }),
        // Writes only this form's changes; the co-author's other fields stay as they are now.
        action: { label: t("editOverwrite", lang), onClick: () => void write(patch, e.current) },
      },
      {
        intent: "info",
        text: t("editReload", lang),
        action: {
          label: t("editReload", lang),
          onClick: () => {
            setOpened({ ...e.current });
            api.finish(formValuesOf(table, e.current, keys));
            status.setStatus([{ intent: "info", text: t("editReloaded", lang) }]);
          },
        },
      },
    ]);
  };

  const save = async (record: CrmRecord) => {
    const patch = editPatch(table, opened, record, keys);
    if (Object.keys(patch).length === 0) {
      status.setStatus([{ intent: "info", text: t("editNothing", lang), action: back }]);
      return;
    }
    await write(patch, opened);
  };

  return { opened, save };
}

/**
 * The message area of a record form: "saving…", the outcome of a write, and the "show the row"
 * action that selects the written (or an existing) row. Every form says these the same way, so a
 * failed write or a failed selection reads alike whichever form it came from.
 */
import { useRef, useState } from "react";
import { batchIdOf } from "../../../domain/batch";
import type { CrmRecord } from "../../../domain/port";
import type { TableKey } from "../../../domain/schema";
import { usePane } from "../../context";
import { t, type StringKey } from "../../strings";
import type { StatusMessage } from "../FormStatus";
import { errorText, selectRowMessage } from "../common";

export interface FormStatusApi {
  status: StatusMessage[];
  setStatus: (messages: StatusMessage[]) => void;
  /** No message (the form was cleared). */
  clear: () => void;
  /** Shows the progress message before a write. */
  saving: () => void;
  /** Shows a successful write with the action that selects its row (none for row -1). */
  saved: (text: string, table: TableKey, row: number, id: string) => void;
  /** Shows a failed write; the form keeps the draft. */
  writeFailed: (e: unknown) => void;
  /** A click handler that selects the row and says so; a failed selection is shown, not thrown. */
  selectRow: (table: TableKey, row: number, id: string) => () => void;
  /** The "show row" action of a success message. */
  showRow: (table: TableKey, row: number, id: string) => NonNullable<StatusMessage["action"]>;
  /**
   * Appends one new record and gives its ID and row; a failed write is shown (the form keeps
   * its draft) and gives null.
   */
  append: (table: TableKey, record: CrmRecord) => Promise<{ id: string; row: number } | null>;
  /**
   * The whole save of a new-record form: "saving…", the write, then `done` (the form resets),
   * the `savedKey` message with the new ID and its row, and the other panels re-read.
   */
  saveNew: (
    table: TableKey,
    record: CrmRecord,
    savedKey: StringKey,
    done: () => void,
  ) => Promise<void>;
}

export function useFormStatus(): FormStatusApi {
  const { workbook, lang, changed } = usePane();
  const [status, setStatus] = useState<StatusMessage[]>([]);
  const selectRow = (table: TableKey, row: number, id: string) => () => {
    workbook
      .select({ table, row })
      .then(() => setStatus([selectRowMessage(workbook.mode, table, row, id, lang)]))
      .catch((e: unknown) =>
        setStatus([
          { intent: "error", text: t("selectFailed", lang, { message: errorText(e, lang) }) },
        ]),
      );
  };
  const showRow = (table: TableKey, row: number, id: string) => ({
    label: t("showRow", lang),
    onClick: selectRow(table, row, id),
  });
  const saving = () => setStatus([{ intent: "info", text: t("saving", lang) }]);
  const saved = (text: string, table: TableKey, row: number, id: string) =>
    setStatus([
      { intent: "success", text, action: row >= 0 ? showRow(table, row, id) : undefined },
    ]);
  const writeFailed = (e: unknown) =>
    setStatus([{ intent: "error", text: t("writeFailed", lang, { message: errorText(e, lang) }) }]);
  // The batch id of a save that failed. A failure may come after Excel wrote the row (the
  // response was lost on the way back): saving the same record again sends the same id, and
  // the workbook writes the row only if it is not there yet. A new record, or the same record
  // after a successful save (two equal follow-ups are allowed), gets a fresh id.
  const unconfirmed = useRef<{ content: string; batchId: string } | null>(null);
  const append = async (table: TableKey, record: CrmRecord) => {
    const content = batchIdOf(table, [record]);
    const batchId =
      unconfirmed.current?.content === content
        ? unconfirmed.current.batchId
        : `${content}-${freshSuffix()}`;
    try {
      const result = await workbook.appendRecords(table, [record], { batchId });
      unconfirmed.current = null;
      return { id: result.ids[0] ?? "", row: result.firstRow };
    } catch (e) {
      unconfirmed.current = { content, batchId };
      writeFailed(e);
      return null;
    }
  };
  return {
    status,
    setStatus,
    clear: () => setStatus([]),
    saving,
    saved,
    writeFailed,
    selectRow,
    showRow,
    append,
    saveNew: async (table, record, savedKey, done) => {
      saving();
      const written = await append(table, record);
      if (!written) return;
      done();
      saved(t(savedKey, lang, { id: written.id }), table, written.row, written.id);
      changed();
    },
  };
}

/** A suffix no other save of this or another pane uses (random, not the clock). */
function freshSuffix(): string {
  const bytes = new Uint32Array(2);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(36)).join("");
}

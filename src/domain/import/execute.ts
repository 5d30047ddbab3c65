/**
 * Writes an ImportPlan through the workbook port: the accepted rows in one append (all or
 * nothing, chunked by the adapter), then the updates in one batch. The two steps are separate
 * requests, so when the second fails the result says exactly what the first one wrote.
 */
import type { AppendOptions, CrmRecord, CrmWorkbook, RecordUpdate } from "../port";
import { formerIdNote } from "./remap";
import { withCustomerIds, type HistoryPlan } from "./history";
import { nextTask, stopIfAborted, type ImportPlan } from "./pipeline";
import { batchIdOf } from "../batch";

/**
 * Records read from the file per turn of the UI. The plan keeps a verdict per row, not its
 * record; reading 100,000 records again takes ~0.5 s, which would freeze the pane (and its Stop
 * button) before the first request.
 */
const READ_SLICE = 5_000;

/** The records of the plan's inserts, in plan order, a slice at a time; stops when aborted. */
async function insertRecords(
  plan: ImportPlan,
  signal: AbortSignal | undefined,
): Promise<CrmRecord[]> {
  const records: CrmRecord[] = [];
  for (const insert of plan.inserts) {
    if (records.length > 0 && records.length % READ_SLICE === 0) {
      await nextTask();
      stopIfAborted(signal);
    }
    records.push(insert.record);
  }
  return records;
}

export interface ImportOutcome {
  /** IDs of the appended rows, in plan order (empty when nothing was appended). */
  inserted: string[];
  updated: number;
  /** Follow-ups and orders made from the customers' history columns (history.ts). */
  followUps: number;
  orders: number;
  /**
   * Customers whose own ID was free when the file was analysed but taken when it was written
   * (a co-author wrote it in between): the writer gave them new IDs, and their 备注 remembers
   * the old one (remap.ts), as it does for an ID conflict found in the preview.
   */
  renumbered: { from: string; to: string }[];
  /** Writing that 备注 line failed (the customers are written, under their new IDs). */
  renumberFailure?: unknown;
  /** Set when a step failed: what failed, and the error. Earlier steps stay written. */
  failure?: { step: "append" | "followUps" | "orders" | "update"; error: unknown };
}

/**
 * The 备注 of customers the writer renumbered at write time, with their former ID remembered.
 * Their history records already follow the new IDs (they name their customer by insert index).
 */
async function rememberFormerIds(
  workbook: CrmWorkbook,
  records: readonly CrmRecord[],
  ids: readonly string[],
  outcome: ImportOutcome,
): Promise<void> {
  const updates: RecordUpdate[] = [];
  records.forEach((record, i) => {
    const own = typeof record.customerId === "string" ? record.customerId.trim() : "";
    const got = ids[i];
    if (!own || !got || own.toUpperCase() === got.toUpperCase()) return;
    outcome.renumbered.push({ from: own, to: got });
    const notes = typeof record.notes === "string" && record.notes ? `${record.notes}\n` : "";
    updates.push({ id: got, row: -1, patch: { notes: `${notes}${formerIdNote(own)}` } });
  });
  if (updates.length === 0) return;
  try {
    if (workbook.updateRecords) await workbook.updateRecords("customers", updates);
    else for (const u of updates) await workbook.updateRecord("customers", u.id ?? "", u.patch);
  } catch (error) {
    outcome.renumberFailure = error;
  }
}

export async function executeImport(
  workbook: CrmWorkbook,
  plan: ImportPlan,
  options: AppendOptions = {},
  history?: HistoryPlan,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = {
    inserted: [],
    updated: 0,
    followUps: 0,
    orders: 0,
    renumbered: [],
  };
  if (plan.inserts.length > 0 || plan.updates.length > 0) {
    // The off-list values the user chose to add to their lists, before the rows that hold them
    // (a failure here is the append's: nothing of the file is written yet).
    try {
      for (const { list, items } of plan.listAdditions ?? [])
        await workbook.addListItems(list, items);
    } catch (error) {
      return { ...outcome, failure: { step: "append", error } };
    }
  }
  if (plan.inserts.length > 0) {
    let appended: CrmRecord[] = [];
    try {
      const records = await insertRecords(plan, options.signal);
      // The same rows retried (after a failed request or clean-up) carry the same batch id,
      // so a retry writes only the rows that are not there yet.
      const batchId = options.batchId ?? batchIdOf(plan.table, records);
      const result = await workbook.appendRecords(plan.table, records, { ...options, batchId });
      outcome.inserted = result.ids;
      appended = records;
    } catch (error) {
      return { ...outcome, failure: { step: "append", error } };
    }
    if (plan.table === "customers")
      await rememberFormerIds(workbook, appended, outcome.inserted, outcome);
  }
  // The customers' history, once their IDs are known: each record names its customer's insert.
  for (const [step, table, derived] of [
    ["followUps", "interactions", history?.followUps ?? []],
    ["orders", "orders", history?.orders ?? []],
  ] as const) {
    const records = withCustomerIds(derived, outcome.inserted);
    if (records.length === 0) continue;
    try {
      const result = await workbook.appendRecords(table, records, { signal: options.signal });
      outcome[step] = result.ids.length;
    } catch (error) {
      return { ...outcome, failure: { step, error } };
    }
  }
  const updates = plan.updates.filter((u) => Object.keys(u.patch).length > 0);
  if (updates.length > 0) {
    try {
      if (workbook.updateRecords) {
        outcome.updated = (await workbook.updateRecords(plan.table, updates)).updated;
      } else {
        for (const u of updates) {
          if (!u.id) continue;
          await workbook.updateRecord(plan.table, u.id, u.patch);
          outcome.updated++;
        }
      }
    } catch (error) {
      return { ...outcome, failure: { step: "update", error } };
    }
  }
  return outcome;
}

/**
 * An append that a retry never duplicates (rules in src/domain/batch.ts). Before the rows go
 * in, one small request remembers the batch (its id and the table's row count then) in a custom
 * document property; a later call with the same id reads the rows below that count, finds the
 * drafts already written (same cells, any ID) and appends only the others through the ordinary
 * append. Cost: one round trip on a first try, two or more on a retry (the rows of the batch are
 * read back, cut by payload like any read).
 */
import { batchProperty, decodeBatch, encodeBatch, matchWritten } from "../domain/batch";
import type { AppendOptions, AppendResult, CrmRecord } from "../domain/port";
import { TABLES, defaultListValues, type TableKey } from "../domain/schema";
import { todaySerial, trimmedText } from "../domain/values";
import { jsonBytes } from "./cells";
import { columnsOf, loadColumns, requireColumns } from "./columns";
import { PAYLOAD_BUDGET, appendRecords, cleanDraft, rowCells } from "./records";
import { runExcel } from "./run";

interface Prepared {
  /** Drafts not yet in the table, with their index among all drafts. */
  remaining: { draft: CrmRecord; index: number }[];
  /** ID and data row of each draft already written by an earlier try of this batch. */
  present: Map<number, { id: string; row: number }>;
}

export async function appendOnce(
  table: TableKey,
  drafts: CrmRecord[],
  options: AppendOptions & { batchId: string },
): Promise<AppendResult> {
  const def = TABLES[table];
  const prepared = await runExcel(async (context): Promise<Prepared> => {
    const t = context.workbook.tables.getItem(def.name);
    const columns = loadColumns(context, table);
    const body = t.getDataBodyRange().load("rowIndex,columnIndex,rowCount,columnCount");
    const mark = context.workbook.properties.custom.getItemOrNullObject(batchProperty(table));
    mark.load("value");
    await context.sync();
    const resolved = columnsOf(columns);
    requireColumns(table, resolved, [def.idColumn]);
    const previous = mark.isNullObject ? null : decodeBatch(mark.value);
    const all = drafts.map((draft, index) => ({ draft, index }));
    if (!previous || previous.id !== options.batchId || previous.rowsBefore > body.rowCount) {
      // A first try: remember where the batch starts (a fresh table's one empty row counts as
      // none). Its own request, so that the mark is there before any row of the batch is.
      const rowsBefore = body.rowCount === 1 ? 0 : body.rowCount;
      context.workbook.properties.custom.add(
        batchProperty(table),
        encodeBatch({ id: options.batchId, rowsBefore }),
      );
      await context.sync();
      return { remaining: all, present: new Map() };
    }
    // A retry: the rows written since the batch began, read back by payload.
    const rows: unknown[][] = [];
    const start = body.rowIndex + previous.rowsBefore;
    const total = body.rowCount - previous.rowsBefore;
    const perRow = Math.max(
      1,
      jsonBytes(drafts.slice(0, 50)) / Math.max(1, Math.min(50, drafts.length)) + 40,
    );
    const step = Math.max(1, Math.floor((PAYLOAD_BUDGET * 0.5) / perRow));
    for (let done = 0; done < total; done += step) {
      const part = t.worksheet
        .getRangeByIndexes(
          start + done,
          body.columnIndex,
          Math.min(step, total - done),
          body.columnCount,
        )
        .load("values");
      // One request per ~1 MB of rows read back.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      rows.push(...part.values);
    }
    const keys = resolved.keys;
    const idIndex = keys.indexOf(def.idColumn);
    const ctx = { lists: defaultListValues(), today: todaySerial() };
    const cells = drafts.map((d) => rowCells(table, keys, cleanDraft(table, d, ctx).record, null));
    const match = matchWritten(cells, rows, new Set([idIndex]));
    const present = new Map<number, { id: string; row: number }>();
    match.forEach((m, i) => {
      if (m === null) return;
      const id = trimmedText(rows[m]?.[idIndex]);
      if (id) present.set(i, { id, row: previous.rowsBefore + m });
    });
    return { remaining: all.filter((d) => !present.has(d.index)), present };
  }, def.name);

  const result =
    prepared.remaining.length > 0
      ? await appendRecords(
          table,
          prepared.remaining.map((r) => r.draft),
          options,
        )
      : null;
  const ids = drafts.map((_, i) => prepared.present.get(i)?.id ?? "");
  prepared.remaining.forEach((r, k) => (ids[r.index] = result?.ids[k] ?? ""));
  const firstPresent = Math.min(...[...prepared.present.values()].map((p) => p.row));
  return {
    ids,
    firstRow: result ? result.firstRow : Number.isFinite(firstPresent) ? firstPresent : 0,
  };
}

/**
 * Reading whole CRM tables for the data check and the benchmark: headers mapped to column keys,
 * and the data body read in chunks sized by the bytes Excel actually returned, so no response
 * comes near Excel on the web's 5 MB cap and the number of round trips grows with the data's
 * size, never with its row count alone.
 */
import type { CheckOptions, CrmRecord } from "../domain/port";
import {
  LISTS,
  LIST_KEYS,
  TABLES,
  matchHeader,
  settingName,
  type ListValues,
  type TableKey,
} from "../domain/schema";
import { listValuesFrom } from "../domain/tableRows";
import { jsonBytes } from "./cells";

/** Response budget per round trip. */
const READ_BUDGET_BYTES = 2_000_000;
/** Cells per table in the first chunk, before the real size per cell is known. */
const FIRST_CHUNK_CELLS = 20_000;

export interface TableSnapshot {
  table: TableKey;
  sheet: string;
  /** Column key of each table column (undefined for columns the schema does not know). */
  keys: (string | undefined)[];
  /** 0-based sheet row and column of the first data cell. */
  rowIndex: number;
  columnIndex: number;
  records: CrmRecord[];
}

interface Pending {
  table: TableKey;
  body: Excel.Range;
  rows: number;
  cols: number;
  next: number;
  bytesPerCell: number;
  snapshot: TableSnapshot;
}

/**
 * Reads the given CRM tables, the list tables and the as-of date. Round trips: one to learn what
 * exists, one for headers, sizes and lists, then as many as the data's bytes need. Progress is
 * reported from what each of those round trips returns: the total once the sizes are known, then
 * the rows read after each data request.
 */
export async function readTables(
  context: Excel.RequestContext,
  tables: readonly TableKey[],
  options: CheckOptions = {},
): Promise<{ snapshots: TableSnapshot[]; lists: ListValues; asOf: number | null; syncs: number }> {
  const wb = context.workbook;
  let syncs = 2;
  const tableItems = wb.tables.load("items/name");
  const nameItems = wb.names.load("items/name");
  await context.sync();
  const existing = new Set(tableItems.items.map((t) => t.name));
  const asOfName = settingName("asOf");
  const hasAsOf = nameItems.items.some((n) => n.name === asOfName);

  const metas = tables
    .filter((k) => existing.has(TABLES[k].name))
    .map((table) => {
      const t = wb.tables.getItem(TABLES[table].name);
      const header = t.getHeaderRowRange().load("values");
      const body = t.getDataBodyRange().load("rowCount,columnCount,rowIndex,columnIndex");
      const sheet = t.worksheet.load("name");
      return { table, header, body, sheet };
    });
  const lists = LIST_KEYS.filter((k) => existing.has(LISTS[k].table)).map((key) => ({
    key,
    range: wb.tables.getItem(LISTS[key].table).getDataBodyRange().load("values"),
  }));
  const asOfRange = hasAsOf
    ? wb.names.getItem(asOfName).getRangeOrNullObject().load("values")
    : undefined;
  await context.sync();

  const listValues = listValuesFrom(lists.map(({ key, range }) => ({ key, values: range.values })));
  const asOfValue = asOfRange && !asOfRange.isNullObject ? asOfRange.values[0]?.[0] : undefined;
  const asOf = typeof asOfValue === "number" && asOfValue > 0 ? Math.floor(asOfValue) : null;

  const pending: Pending[] = metas.map(({ table, header, body, sheet }) => {
    const headers = (header.values[0] ?? []).map((h) => String(h ?? ""));
    const keys = headers.map((h) => matchHeader(table, h)?.key);
    // A new table has one empty data row; it is still read (and is blank, so it is skipped).
    return {
      table,
      body,
      rows: body.rowCount,
      cols: body.columnCount,
      next: 0,
      bytesPerCell: 0,
      snapshot: {
        table,
        sheet: sheet.name,
        keys,
        rowIndex: body.rowIndex,
        columnIndex: body.columnIndex,
        records: [],
      },
    };
  });

  let active = pending.filter((p) => p.rows > 0);
  const total = active.reduce((n, p) => n + p.rows, 0);
  let done = 0;
  const report = () => options.onProgress?.({ done, total, reading: active.map((p) => p.table) });
  report();
  while (active.length > 0) {
    const share = READ_BUDGET_BYTES / active.length;
    const loads = active.map((p) => {
      const rows = Math.max(
        1,
        Math.min(
          p.rows - p.next,
          p.bytesPerCell > 0
            ? Math.floor((share * 0.8) / (p.bytesPerCell * p.cols))
            : Math.floor(FIRST_CHUNK_CELLS / Math.max(1, p.cols)),
        ),
      );
      const range = p.body
        .getCell(p.next, 0)
        .getResizedRange(rows - 1, p.cols - 1)
        .load("values");
      return { p, rows, range };
    });
    // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one round trip per ~2 MB of data, not per row
    await context.sync();
    syncs++;
    for (const { p, rows, range } of loads) {
      const values = range.values;
      const perCell = jsonBytes(values) / Math.max(1, rows * p.cols);
      p.bytesPerCell = Math.max(p.bytesPerCell, perCell);
      for (const row of values) {
        const record: CrmRecord = {};
        p.snapshot.keys.forEach((key, c) => {
          if (key) record[key] = row[c] as CrmRecord[string];
        });
        p.snapshot.records.push(record);
      }
      p.next += rows;
      done += rows;
    }
    active = active.filter((p) => p.next < p.rows);
    report();
  }
  return { snapshots: pending.map((p) => p.snapshot), lists: listValues, asOf, syncs };
}

/**
 * One customer's story (客户卡片) read from the workbook: the profile row and the rows of the
 * follow-ups, feedback and orders that name the customer. Filtered here, in the adapter, with a
 * fixed number of requests whatever the number of records: never one request per record, and
 * never the whole of a 100,000-row follow-up table (~30 MB of values) for a card of a dozen.
 *
 * Requests: (1) headers and sizes of the four tables; (2) their 客户编号 columns only (~15 bytes
 * a row, so 100,000 follow-ups fit one request; more are cut by payload); (3) the matching rows.
 * Three requests for four tables; a workbook missing a table takes one more to list its tables.
 */
import type { CrmRecord } from "../domain/port";
import type { CustomerStory, StoryRow } from "../domain/customerStory";
import { sameId } from "../domain/customerStory";
import { TABLES, TABLE_KEYS, columnDef, type TableKey } from "../domain/schema";
import { columnKeys, recordsFromRows } from "../domain/tableRows";
import { NotFoundError } from "./errors";
import { PAYLOAD_BUDGET } from "./records";
import { isOfficeError, runExcel } from "./run";

/**
 * JSON bytes of one ID cell in a response (`["R202405001"],` is 15; 18 leaves room for longer
 * sequences). Sizes the requests of step 2 before anything has been read.
 */
const ID_CELL_BYTES = 18;
/** Bytes per cell assumed when sizing step 3 (the records module's first guess, too). */
const CELL_BYTES_GUESS = 60;

interface Meta {
  table: TableKey;
  keys: (string | null)[];
  body: Excel.Range;
  rows: number;
  cols: number;
  idColumn: number;
}

function queueMetas(context: Excel.RequestContext, tables: readonly TableKey[]) {
  return tables.map((table) => {
    const t = context.workbook.tables.getItem(TABLES[table].name);
    return {
      table,
      header: t.getHeaderRowRange().load("values"),
      body: t.getDataBodyRange().load("rowCount,columnCount"),
    };
  });
}

/** Contiguous runs of sorted row indexes: one range per run. */
function runsOf(rows: readonly number[]): { start: number; count: number }[] {
  const runs: { start: number; count: number }[] = [];
  for (const r of rows) {
    const last = runs[runs.length - 1];
    if (last && last.start + last.count === r) last.count++;
    else runs.push({ start: r, count: 1 });
  }
  return runs;
}

export async function readCustomerStory(customerId: string): Promise<CustomerStory> {
  const id = customerId.trim();
  return await runExcel(async (context) => {
    // 1. Headers and sizes. A workbook without one of the tables (not set up in full) fails
    // this request with ItemNotFound; then the tables it has are listed and read.
    let queued = queueMetas(context, TABLE_KEYS);
    try {
      await context.sync();
    } catch (error) {
      if (!isOfficeError(error, "ItemNotFound")) throw error;
      const items = context.workbook.tables.load("items/name");
      await context.sync();
      const names = new Set(items.items.map((t) => t.name));
      queued = queueMetas(
        context,
        TABLE_KEYS.filter((k) => names.has(TABLES[k].name)),
      );
      await context.sync();
    }
    const metas: Meta[] = queued.map(({ table, header, body }) => {
      const keys = columnKeys(table, header.values[0] ?? []);
      const idColumn = keys.indexOf("customerId");
      if (idColumn < 0) {
        const col = columnDef(table, "customerId");
        throw new NotFoundError(`${TABLES[table].name}[${col.header.zh} / ${col.header.en}]`);
      }
      return { table, keys, body, rows: body.rowCount, cols: body.columnCount, idColumn };
    });

    // 2. The 客户编号 columns, packed into requests of at most PAYLOAD_BUDGET bytes.
    const perRequest = Math.max(1, Math.floor(PAYLOAD_BUDGET / ID_CELL_BYTES));
    const matches = new Map<TableKey, number[]>(metas.map((m) => [m.table, []]));
    let pending: { meta: Meta; start: number; range: Excel.Range }[] = [];
    let room = perRequest;
    const flush = async () => {
      if (pending.length === 0) return;
      // One request per ~2 MB of IDs: 100,000 follow-ups and their customers fit one.
      await context.sync();
      for (const p of pending) {
        const found = matches.get(p.meta.table)!;
        p.range.values.forEach((row, i) => {
          if (sameId(row[0], id)) found.push(p.start + i);
        });
      }
      pending = [];
      room = perRequest;
    };
    for (const meta of metas) {
      let start = 0;
      while (start < meta.rows) {
        const n = Math.min(room, meta.rows - start);
        const range = meta.body
          .getCell(start, meta.idColumn)
          .getResizedRange(n - 1, 0)
          .load("values");
        pending.push({ meta, start, range });
        start += n;
        room -= n;
        if (room === 0) await flush();
      }
    }
    await flush();

    // 3. The matching rows, contiguous runs as one range each.
    const loads: { meta: Meta; rows: number[]; range: Excel.Range }[] = [];
    let bytes = 0;
    const read: Map<TableKey, StoryRow[]> = new Map(metas.map((m) => [m.table, []]));
    const drain = async () => {
      if (loads.length === 0) return;
      // Rows of one customer: one request unless they hold ~2 MB of text.
      await context.sync();
      for (const l of loads) {
        const records = recordsFromRows(l.meta.table, l.meta.keys, l.range.values);
        records.forEach((record: CrmRecord, i) =>
          read.get(l.meta.table)!.push({ row: l.rows[i]!, record }),
        );
      }
      loads.length = 0;
      bytes = 0;
    };
    for (const meta of metas) {
      for (const run of runsOf(matches.get(meta.table) ?? [])) {
        const range = meta.body
          .getCell(run.start, 0)
          .getResizedRange(run.count - 1, meta.cols - 1)
          .load("values");
        loads.push({
          meta,
          rows: Array.from({ length: run.count }, (_, i) => run.start + i),
          range,
        });
        bytes += run.count * meta.cols * CELL_BYTES_GUESS;
        if (bytes >= PAYLOAD_BUDGET) await drain();
      }
    }
    await drain();

    const customerRow = read.get("customers")?.[0] ?? null;
    return {
      customerId: id,
      customer: customerRow,
      followUps: read.get("interactions") ?? [],
      feedback: read.get("feedback") ?? [],
      orders: read.get("orders") ?? [],
    };
  }, "CRM_Customers");
}

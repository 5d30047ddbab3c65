/**
 * Reading and writing CRM records in the workbook's tables.
 *
 * Headers are read on every call and mapped to column keys with the schema's matcher, so a
 * workbook set up in Chinese or English, or adopted with template synonyms, works the same.
 * Nothing is cached across calls: in a co-authored workbook another user may have added rows.
 *
 * Round trips: a read is one request per ~2 MB of data (one for an ordinary table); an append is
 * two reads (header, then the ID column) and one write request per ~2 MB of values; an update
 * is one read and one write. Excel on the web caps a request or response at 5 MB, so large
 * reads and writes are cut by payload, never per row.
 *
 * Appends write values into the rows just below the table, never `rows.add`: Microsoft's
 * co-authoring guidance says it causes merge conflicts, and it is the slow path for bulk writes.
 * Excel grows the table over them and fills its calculated columns only under conditions (see
 * ./tableGrowth.ts), so each request is checked: rows left outside are joined with
 * `Table.resize` (ExcelApi 1.13) or removed again with a clear error, and computed cells Excel
 * left without their formula get it written explicitly. Computed columns get `null` in the
 * written matrix, which leaves a formula Excel filled untouched.
 */
import { keepOrAllocateIds } from "../domain/ids";
import {
  columnKeys,
  fromCell,
  isBlankDataRow,
  listValuesFrom,
  recordsFromRows,
} from "../domain/tableRows";
import { EditConflict, conflictFields } from "../domain/edit";
import { holdsOwnId, ownRowRuns } from "../domain/undo";
import { restoreInput } from "../domain/restore";
import { WriteRejected } from "../domain/writeRejected";
import type {
  AppendOptions,
  AppendResult,
  CrmRecord,
  RecordUpdate,
  RowRef,
  UpdateOptions,
} from "../domain/port";
import {
  LISTS,
  LIST_KEYS,
  SETTINGS,
  TABLES,
  DEFAULT_FORMULA_MODE,
  FORMULA_MODE_SETTING,
  columnDef,
  defaultListValues,
  defaultSettings,
  numberValidation,
  parseFormulaMode,
  type FormulaMode,
  type Lang,
  type ListKey,
  type ListValues,
  type Settings,
  type TableKey,
} from "../domain/schema";
import {
  customerIdSet,
  describeIssue,
  isWarningIssue,
  validateForWrite,
  validateRecord,
  type FieldIssue,
} from "../domain/validation";
import { toCellInput, todaySerial, toSerial, trimmedText, type CellInput } from "../domain/values";
import { columnNumberFormat, computedFormulas, formulaTables } from "../domain/layout";
import { jsonBytes, payloadChunks } from "./cells";
import { BlockedError, PartialWriteError, TableNotGrownError, TotalsRowError } from "./errors";
import {
  columnsLackingFormula,
  queueFormulas,
  resizeOver,
  resizeWith,
  type ComputedColumn,
  type JoinedRowRules,
  type RowSpan,
  type TableFrame,
  type ValidatedColumn,
} from "./tableGrowth";
import { columnsOf, loadColumns, requireColumns } from "./columns";
import { readKeys, type ResolvedColumns } from "../domain/columnMap";
import { isOfficeError, runExcel } from "./run";

/** Request/response budget per sync; Excel on the web rejects more than 5 MB. */
export const PAYLOAD_BUDGET = 2_000_000;
/** Bytes per cell assumed before the first rows of a table have been seen. */
const FIRST_GUESS_BYTES_PER_CELL = 60;

/** The record's own date column, whose month goes into its ID (C+YYYYMM+NNN). */
const ID_DATE_COLUMN: Record<TableKey, string> = {
  customers: "createdDate",
  interactions: "date",
  feedback: "date",
  orders: "date",
};

/** Cuts rows into runs whose JSON stays within `budget` bytes (at least one row each). */
export function chunkByPayload<T>(rows: readonly T[], budget = PAYLOAD_BUDGET): T[][] {
  return Array.from(payloadChunks(rows, budget), (c) => c.rows);
}

function tableLabel(table: TableKey): string {
  return `${TABLES[table].name} (${TABLES[table].sheet.zh} / ${TABLES[table].sheet.en})`;
}

/** The columns an append must find: the ID and every input column some record fills. */
function neededColumns(table: TableKey, records: readonly CrmRecord[]): string[] {
  const def = TABLES[table];
  return def.columns
    .filter(
      (c) =>
        c.key === def.idColumn ||
        (c.kind === "input" &&
          records.some((r) => r[c.key] !== null && r[c.key] !== undefined && r[c.key] !== "")),
    )
    .map((c) => c.key);
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

/** Reads the table's header row and its data rows, cutting the body read by payload. */
async function readTable(
  context: Excel.RequestContext,
  table: TableKey,
  options: { formulas?: boolean } = {},
): Promise<{
  resolved: ResolvedColumns;
  rows: unknown[][];
  /** Formulas of the same cells, when asked for (what a rollback must put back). */
  formulas: unknown[][];
  bodyRow: number;
  bodyCol: number;
}> {
  const what = options.formulas ? "values,formulas" : "values";
  const t = context.workbook.tables.getItem(TABLES[table].name);
  const columns = loadColumns(context, table);
  const count = t.rows.load("count");
  const body = t.getDataBodyRange().load("rowIndex,columnIndex,columnCount");
  const guess = Math.max(
    1,
    Math.floor(PAYLOAD_BUDGET / (TABLES[table].columns.length * FIRST_GUESS_BYTES_PER_CELL)),
  );
  // The first window may reach below the table; the row count trims it.
  const first = body
    .getRow(0)
    .getResizedRange(guess - 1, 0)
    .load(what);
  await context.sync();
  const total = count.count;
  const rows: unknown[][] = first.values.slice(0, total);
  const formulas: unknown[][] = options.formulas ? first.formulas.slice(0, total) : [];
  if (total > rows.length) {
    const firstBytes = jsonBytes(first.values) + (options.formulas ? jsonBytes(first.formulas) : 0);
    const perRow = Math.max(1, firstBytes / Math.max(1, first.values.length));
    // 10% headroom: later rows may be longer than the first window's average.
    const step = Math.max(1, Math.floor((PAYLOAD_BUDGET * 0.9) / perRow));
    for (let start = rows.length; start < total; start += step) {
      const n = Math.min(step, total - start);
      const part = t.worksheet
        .getRangeByIndexes(body.rowIndex + start, body.columnIndex, n, body.columnCount)
        .load(what);
      // One request per ~2 MB of rows: the response limit, not the row count, sets the pace.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      rows.push(...part.values);
      if (options.formulas) formulas.push(...part.formulas);
    }
  }
  const resolved = columnsOf(columns);
  return { resolved, rows, formulas, bodyRow: body.rowIndex, bodyCol: body.columnIndex };
}

/** Every data row of a table, in sheet order; dates stay serials. */
export async function readRecords(table: TableKey): Promise<CrmRecord[]> {
  return await runExcel(async (context) => {
    const { resolved, rows } = await readTable(context, table);
    // A renamed column still holds its data: reading it is safe, only writes wait.
    return recordsFromRows(table, readKeys(resolved), rows);
  }, tableLabel(table));
}

// ---------------------------------------------------------------------------------------------
// Append
// ---------------------------------------------------------------------------------------------

/**
 * A draft as it is written: validated and normalised; list values and values with a warning
 * (a malformed email or phone) go as given, trimmed (validateForWrite, shared with the
 * in-memory workbook). `issues` are those that block it.
 */
export function cleanDraft(
  table: TableKey,
  draft: CrmRecord,
  ctx: Parameters<typeof validateRecord>[2],
): { record: CrmRecord; issues: FieldIssue[] } {
  return validateForWrite(table, draft, ctx);
}

/** The cells of a new row, by table column: null leaves calculated and unknown columns alone. */
export function rowCells(
  table: TableKey,
  keys: readonly (string | null)[],
  record: CrmRecord,
  id: string | null,
): CellInput[] {
  return keys.map((key) => {
    const col = key ? columnDef(table, key) : null;
    if (!col || col.kind === "computed") return null;
    if (col.key === TABLES[table].idColumn) return id === null ? null : toCellInput(col, id);
    return toCellInput(col, record[col.key]);
  });
}

function rejectIssues(table: TableKey, index: number, issues: FieldIssue[]): never {
  const zh = issues.map((issue) => describeIssue(table, issue, "zh")).join("；");
  throw new WriteRejected(`第 ${index + 1} 条记录未通过校验：${zh}`, table, issues);
}

/**
 * Appends drafts below the table. IDs are allocated now from the table's current ID column; a
 * draft's own well-formed, unused ID is kept (import of records that others already quote).
 *
 * All or nothing: each request either applies whole or not at all; when a later request of a
 * large append fails, the rows the earlier ones added are found by their IDs and deleted again
 * before the error is thrown, and rows a co-author added meanwhile stay. If even that cleanup
 * fails, a PartialWriteError names the sheet rows that may hold the partial write.
 */
export async function appendRecords(
  table: TableKey,
  drafts: CrmRecord[],
  options: AppendOptions = {},
): Promise<AppendResult> {
  const def = TABLES[table];
  return await runExcel(async (context) => {
    const t = context.workbook.tables.getItem(def.name);
    const columns = loadColumns(context, table);
    const range = t.getRange().load("rowIndex,columnIndex,rowCount,columnCount");
    // `worksheet` is a navigation property (a proxy), not a value that needs loading.
    // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read
    const sheet = t.worksheet;
    sheet.load("name");
    const below = t
      .getRange()
      .getRowsBelow(Math.max(1, drafts.length))
      .getUsedRangeOrNullObject(true)
      .load("address");
    const needsCustomers = def.columns.some((c) => c.references === "customers");
    const customerColumns = needsCustomers ? loadColumns(context, "customers") : null;
    const customersHeader = customerColumns?.header ?? null;
    // Which other tables exist: the computed columns' formulas name their columns.
    const tableNames = context.workbook.tables.load("items/name");
    // Which lists are defined: rows a resize joins get the dropdowns of those only.
    const definedNames = context.workbook.names.load("items/name");
    t.load("showTotals");
    await context.sync();

    // Rows written below a totals row never join the table, and resizing over them would leave
    // the totals row among the data: refused before anything is written.
    if (t.showTotals && drafts.length > 0) throw new TotalsRowError(def.name);
    const resolved = columnsOf(columns);
    // The ID column is read before anything is written; the others are checked once the drafts
    // are validated and it is known which columns they fill.
    requireColumns(table, resolved, [def.idColumn]);
    const keys = resolved.keys;
    const idIndex = keys.indexOf(def.idColumn);
    const rowCount = range.rowCount - 1;

    // Second read: the ID column (and the customers' IDs for must-exist checks), plus the only
    // body row when the table may be fresh (one empty row that the first record fills).
    const ids = t.columns.getItemAt(idIndex).getDataBodyRange().load("values");
    const onlyRow = rowCount === 1 ? t.getDataBodyRange().load("values") : null;
    let customerIds: Excel.Range | null = null;
    if (customerColumns) {
      const customersResolved = columnsOf(customerColumns);
      requireColumns("customers", customersResolved, ["customerId"]);
      const ci = customersResolved.keys.indexOf("customerId");
      customerIds = context.workbook.tables
        .getItem(TABLES.customers.name)
        .columns.getItemAt(ci)
        .getDataBodyRange()
        .load("values");
    }
    const present = new Set(tableNames.items.map((x) => x.name.toLowerCase()));
    const otherHeaders = formulaTables(table)
      .filter((k) => k !== table && !(k === "customers" && customersHeader))
      .filter((k) => present.has(TABLES[k].name.toLowerCase()))
      .map((k) => ({
        k,
        range: context.workbook.tables.getItem(TABLES[k].name).getHeaderRowRange().load("values"),
      }));
    // The workbook's formula mode (Settings' CRM_FormulaMode; absent: native), so new rows get
    // the formulas their column holds.
    const modeCell = context.workbook.names
      .getItemOrNullObject(FORMULA_MODE_SETTING.name)
      .getRangeOrNullObject()
      .load("values");
    await context.sync();
    const mode = modeCell.isNullObject
      ? DEFAULT_FORMULA_MODE
      : (parseFormulaMode(modeCell.values[0]?.[0]) ?? DEFAULT_FORMULA_MODE);
    const computed = computedColumns(
      table,
      columns.header.values[0] ?? [],
      resolved.keys,
      [
        ...(customersHeader ? [{ k: "customers" as const, range: customersHeader }] : []),
        ...otherHeaders,
      ],
      mode,
    );

    const joinedRowRules = validatedColumns(
      table,
      columns.header.values[0] ?? [],
      resolved.keys,
      new Set(definedNames.items.map((n) => n.name.toLowerCase())),
    );

    const today = todaySerial();
    const ctx = {
      lists: defaultListValues(),
      today,
      customerIds: customerIds ? customerIdSet(customerIds.values.map((r) => r[0])) : undefined,
    };
    // Lists are checked by the forms and import against the workbook's own lists; here only
    // shape, required fields, ranges and references are enforced.
    const clean = drafts.map((draft, i) => {
      const { record, issues } = cleanDraft(table, draft, ctx);
      if (issues.length) rejectIssues(table, i, issues);
      return record;
    });

    const prefix = columnDef(table, def.idColumn).idPrefix ?? "";
    const dates = clean.map((r) => {
      const d = toSerial(r[ID_DATE_COLUMN[table]]);
      return typeof d === "number" ? d : today;
    });
    // The one ID rule of the port (src/domain/ids.ts), shared with the in-memory workbook so
    // that the port contract suite holds for both: a well-formed unused own ID is kept, every
    // other draft gets a new one from its date's month. Read from the table's ID column now,
    // so rows a co-author added a moment ago count.
    const allocated = keepOrAllocateIds(
      ids.values.map((r) => trimmedText(r[0])),
      prefix,
      drafts.map((d) => d[def.idColumn]),
      dates,
    );

    // Every column a draft fills must be found, or the write stops here, before writing.
    requireColumns(table, resolved, neededColumns(table, clean));

    if (!below.isNullObject && drafts.length > 0) {
      throw new BlockedError(def.name, below.address);
    }
    const fresh1 = onlyRow !== null && isBlankDataRow(onlyRow.values[0] ?? [], keys, table);
    const firstRow = fresh1 ? 0 : rowCount;
    if (drafts.length === 0) return { ids: [], firstRow };

    const matrix: CellInput[][] = clean.map((record, i) =>
      rowCells(table, keys, record, allocated[i]!),
    );

    const top = range.rowIndex + 1 + firstRow;
    const frame: TableFrame = {
      headerRow: range.rowIndex,
      columnIndex: range.columnIndex,
      columnCount: range.columnCount,
    };
    const chunks = chunkByPayload(matrix);
    let written = 0;
    /** Sheet rows from `top` down to the table's end after the last request done. */
    let span = 0;
    /** Excel left rows outside the table and a resize joined them (ExcelApi 1.13). */
    let resized = false;
    /** Rows of the last request whose computed cells still need their formulas. */
    let lacking: { rows: RowSpan; columns: ComputedColumn[] } | null = null;
    /** Undoes the first `sent` rows, which may reach `attempted` rows down from `top`. */
    const undo = (attempted: number, sent: number, error: unknown) =>
      undoAppend(context, t, sheet, {
        top,
        attempted,
        ids: allocated.slice(0, sent),
        idColumn: range.columnIndex + idIndex,
        columnIndex: range.columnIndex,
        columnCount: range.columnCount,
        freshRowKeys: fresh1 ? keys : null,
        table,
        error,
      });
    for (let k = 0; k < chunks.length; k++) {
      const chunk = chunks[k] as CellInput[][];
      if (k > 0 && options.signal?.aborted) {
        // Stopped by the user between two requests: undo what was written, as for a failure.
        const reason: unknown = options.signal.reason ?? new Error("Aborted");
        await undo(span, written, reason);
        throw reason;
      }
      if (matrix.length > 1) context.workbook.application.suspendApiCalculationUntilNextSync();
      // The previous request's rows are in the table now: their formulas ride on this request.
      if (lacking) queueFormulas(sheet, frame, lacking.rows, lacking.columns);
      lacking = null;
      // The fresh table's empty row is inside the table; the rows after it go below the table,
      // where Excel's auto-expansion may pick them up.
      const inside = k === 0 && fresh1 ? 1 : 0;
      const insideRow = inside
        ? sheet.getRangeByIndexes(top, range.columnIndex, 1, range.columnCount)
        : null;
      if (insideRow) insideRow.values = [chunk[0]!];
      // "The rows below the table", resolved by Excel when it runs the request, not a row
      // number fixed when the append began: a row a co-author adds to the table between two
      // requests stays, and the next chunk goes below it.
      const block = chunk.length > inside ? t.getRange().getRowsBelow(chunk.length - inside) : null;
      // Once Excel has left a request's rows outside the table, the next ones will be too: the
      // resize and formulas then ride on the write itself, over the table as it is when Excel
      // runs the request (the range is taken before the write).
      const grown =
        block && resized ? t.getRange().getResizedRange(chunk.length - inside, 0) : null;
      if (block) block.values = chunk.slice(inside);
      if (block && grown) resizeWith(t, grown, block, computed, joinedRowRules);
      // In the same request: the first and last rows written (did Excel fill the computed
      // cells?), where the table ends now (did it grow over them?), and whether the rows the
      // next chunk needs are still empty (a co-author may type below the table meanwhile).
      const probes = computed.length
        ? [insideRow ?? block!.getRow(0), block ? block.getLastRow() : insideRow!]
        : [];
      for (const p of probes) p.load("values,formulas");
      const firstWritten = (insideRow ?? block!).load("rowIndex");
      const following = chunks[k + 1];
      const end = t.getRange().load("rowIndex,rowCount");
      // Below what this request wrote, whether or not the table grew over it.
      const inTheWay = following
        ? (block ?? insideRow!)
            .getRowsBelow(following.length)
            .getUsedRangeOrNullObject(true)
            .load("address")
        : null;
      let attempted = span + chunk.length;
      try {
        // One request per ~2 MB chunk: the payload limit, not the row count, sets the pace.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
        const rows: RowSpan = { r0: firstWritten.rowIndex, r1: firstWritten.rowIndex };
        rows.r1 = rows.r0 + chunk.length - 1;
        const tableEnd = end.rowIndex + end.rowCount - 1;
        span = Math.max(tableEnd, rows.r1) - top + 1;
        attempted = span;
        let missing = columnsLackingFormula(computed, probes);
        if (tableEnd < rows.r1) {
          // Excel left some or all of the rows outside the table.
          const outside = { r0: Math.max(rows.r0, tableEnd + 1), r1: rows.r1 };
          let joined = false;
          let resizeError: unknown;
          try {
            joined = await resizeOver(context, t, sheet, frame, outside, joinedRowRules, () =>
              queueFormulas(sheet, frame, rows, computed),
            );
          } catch (e) {
            resizeError = e;
          }
          if (!joined) {
            // Only rows written by this request, empty before it (checked), are cleared.
            sheet
              .getRangeByIndexes(
                outside.r0,
                range.columnIndex,
                outside.r1 - outside.r0 + 1,
                range.columnCount,
              )
              .clear(Excel.ClearApplyTo.contents);
            // eslint-disable-next-line office-addins/no-context-sync-in-loop
            await context.sync();
            span = tableEnd - top + 1;
            throw resizeError ?? new TableNotGrownError(def.name);
          }
          missing = [];
          resized = true;
        }
        if (missing.length) lacking = { rows, columns: missing };
        if (inTheWay && !inTheWay.isNullObject) throw new BlockedError(def.name, inTheWay.address);
      } catch (error) {
        // After a failed request the table's end is unknown; this chunk may be below it.
        await undo(
          error instanceof BlockedError || error instanceof TableNotGrownError ? span : attempted,
          written + chunk.length,
          error,
        );
        throw error;
      }
      written += chunk.length;
      // Only a write of several requests reports progress; one request is over at once.
      if (chunks.length > 1) options.onProgress?.(written, matrix.length);
    }
    if (lacking) {
      queueFormulas(sheet, frame, lacking.rows, lacking.columns);
      try {
        await context.sync();
      } catch (error) {
        await undo(span, written, error);
        throw error;
      }
    }
    return { ids: allocated, firstRow };
  }, tableLabel(table));
}

/**
 * The computed columns of the table as its header row has them, with the formula and number
 * format their cells need; `others` are the header rows of the tables their formulas read.
 */
function computedColumns(
  table: TableKey,
  header: readonly unknown[],
  keys: readonly (string | null)[],
  others: readonly { k: TableKey; range: Excel.Range }[],
  mode: FormulaMode,
): ComputedColumn[] {
  const names = header.map((h) => String(h ?? ""));
  const headers: Partial<Record<TableKey, readonly string[]>> = { [table]: names };
  for (const o of others) headers[o.k] = (o.range.values[0] ?? []).map((h) => String(h ?? ""));
  const formulas = computedFormulas(table, headers, mode);
  const out: ComputedColumn[] = [];
  keys.forEach((key, index) => {
    const formula = key ? formulas.get(key) : undefined;
    if (key && formula)
      out.push({ index, formula, numberFormat: columnNumberFormat(columnDef(table, key)) });
  });
  return out;
}

/**
 * The validation set-up gives the table's columns (schema: list dropdowns, number and date
 * rules), by their index in the workbook's table, for the rows a resize joins; a list whose
 * defined name is missing is left out (Excel refuses such a rule, and the whole request with
 * it). The alerts speak the language of the table's headers.
 */
function validatedColumns(
  table: TableKey,
  header: readonly unknown[],
  keys: readonly (string | null)[],
  definedNames: ReadonlySet<string>,
): JoinedRowRules {
  const idColumn = TABLES[table].idColumn;
  const idHeader = String(header[keys.indexOf(idColumn)] ?? "").trim();
  const lang: Lang = idHeader === columnDef(table, idColumn).header.en ? "en" : "zh";
  const columns: ValidatedColumn[] = [];
  keys.forEach((key, index) => {
    if (!key) return;
    const col = columnDef(table, key);
    const list = col.list ? LISTS[col.list].name : undefined;
    const listName = list && definedNames.has(list.toLowerCase()) ? list : undefined;
    const validation = numberValidation(col);
    if (listName) columns.push({ index, listName });
    else if (validation) columns.push({ index, validation });
  });
  return { columns, lang };
}

/**
 * Removes what a failed append left, and only that: in a shared workbook a co-author may have
 * added rows to the table while the append was being written, so the rows to delete are the
 * ones holding an ID this append wrote (IDs are unique in a table), never simply the rows the
 * table grew by. A fresh table's first row is cleared rather than deleted (a table keeps one
 * data row), and only while it still holds one of our IDs.
 *
 * Round trips, on this failure path only: one for where the table ends now, one per ~2 MB of
 * IDs from `top` down to there (one for any ordinary append), and one batch of deletes.
 */
async function undoAppend(
  context: Excel.RequestContext,
  t: Excel.Table,
  sheet: Excel.Worksheet,
  a: {
    /** Sheet row of the first row written: the fresh table's empty row, else below the table. */
    top: number;
    attempted: number;
    /** The IDs of the rows sent, in the order they were written. */
    ids: readonly string[];
    idColumn: number;
    columnIndex: number;
    columnCount: number;
    freshRowKeys: (string | null)[] | null;
    table: TableKey;
    error: unknown;
  },
): Promise<void> {
  try {
    const now = t.getRange().load("rowIndex,rowCount");
    await context.sync();
    const tableLast = now.rowIndex + now.rowCount - 1;
    // Rows Excel left outside the table (it did not grow over them) are ours to remove too.
    const last = Math.max(tableLast, a.top + a.attempted - 1);
    if (last < a.top || a.attempted === 0) return;

    // An ID cell is read back as `["O202405001"],` in JSON; 8 bytes of slack cover the rest.
    const perRow = a.ids.reduce((m, id) => Math.max(m, jsonBytes(id)), 0) + 8;
    // 10% headroom: a co-author's row may hold a longer ID than ours.
    const step = Math.max(1, Math.floor((PAYLOAD_BUDGET * 0.9) / perRow));
    const cells: unknown[][] = [];
    for (let start = a.top; start <= last; start += step) {
      const part = sheet
        .getRangeByIndexes(start, a.idColumn, Math.min(step, last - start + 1), 1)
        .load("values");
      // One request per ~2 MB of IDs; only a failed append of ~100,000 rows needs a second.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      for (const row of part.values) cells.push(row);
    }

    const ours = new Set(a.ids);
    const fresh = a.freshRowKeys !== null;
    const first = fresh ? 1 : 0;
    let dirty = false;
    const inTable = Math.max(0, tableLast - a.top + 1);
    // Outside the table: cleared (nothing below shifts), before the deletes move them.
    cells.slice(inTable).forEach((cell, i) => {
      if (!holdsOwnId(cell, ours)) return;
      sheet
        .getRangeByIndexes(a.top + inTable + i, a.columnIndex, 1, a.columnCount)
        .clear(Excel.ClearApplyTo.contents);
      dirty = true;
    });
    // Last run first, all in one batch: each delete shifts up only rows below the next ones.
    for (const run of ownRowRuns(cells.slice(first, Math.max(first, inTable)), ours)) {
      sheet
        .getRangeByIndexes(a.top + first + run.start, a.columnIndex, run.count, a.columnCount)
        .delete(Excel.DeleteShiftDirection.up);
      dirty = true;
    }
    if (a.freshRowKeys && holdsOwnId(cells[0], ours)) {
      const keys = a.freshRowKeys;
      const clear = keys.map((key) =>
        key && columnDef(a.table, key).kind !== "computed" ? "" : null,
      );
      // Above every deleted run, so their shifts do not move it.
      sheet.getRangeByIndexes(a.top, a.columnIndex, 1, a.columnCount).values = [clear];
      dirty = true;
    }
    if (dirty) await context.sync();
  } catch (cleanupError) {
    throw new PartialWriteError(
      sheet.name,
      a.top + 1,
      a.top + a.attempted,
      a.error ?? cleanupError,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Update, select
// ---------------------------------------------------------------------------------------------

/**
 * The row to write for a patch: the patched input columns (never the ID), everything else null
 * so Excel leaves it alone. List values go as given (the workbook's own lists may differ from
 * the schema's), and so do values with a warning; other values as validation normalised them.
 */
function patchedRow(
  table: TableKey,
  keys: readonly (string | null)[],
  patchKeys: readonly string[],
  patch: CrmRecord,
  record: CrmRecord,
): CellInput[] {
  return keys.map((key) => {
    if (!key || !patchKeys.includes(key) || key === TABLES[table].idColumn) return null;
    const col = columnDef(table, key);
    // A value validation left out (a warning: off-list, malformed email or phone) goes as
    // given, trimmed, as appendRecords writes it (validateForWrite).
    const given = typeof patch[key] === "string" ? String(patch[key]).trim() : patch[key];
    return toCellInput(col, col.list ? given : (record[key] ?? given));
  });
}

/**
 * Writes the given input columns of the row whose ID is `id`, found at write time: one read,
 * one write of only the patched cells (one range per cell, all in the one request), so a
 * co-author's edit to another cell of the row is never written over. With `expected` (the row
 * as read when an edit form opened) the row is read and compared first (a second read): a
 * differing editable field throws EditConflict and nothing is written.
 */
export async function updateRecord(
  table: TableKey,
  id: string,
  patch: CrmRecord,
  options: UpdateOptions = {},
): Promise<void> {
  const def = TABLES[table];
  const inputKeys = new Set(def.columns.filter((c) => c.kind === "input").map((c) => c.key));
  const patchKeys = Object.keys(patch).filter((k) => inputKeys.has(k));
  const { issues, record } = validateRecord(table, patch, {
    lists: defaultListValues(),
    today: todaySerial(),
  });
  if (!id.trim()) {
    throw new WriteRejected(
      "未指定要更新的记录编号，未作任何更改 / No record ID was given; nothing was changed",
      table,
    );
  }
  const relevant = issues.filter((i) => patchKeys.includes(i.key) && !isWarningIssue(i));
  if (relevant.length) {
    const zh = relevant.map((issue) => describeIssue(table, issue, "zh")).join("；");
    throw new WriteRejected(`未更新：${zh}`, table, relevant);
  }
  await runExcel(async (context) => {
    const t = context.workbook.tables.getItem(def.name);
    const columns = loadColumns(context, table);
    const body = t.getDataBodyRange();
    body.load("rowIndex,columnIndex,columnCount");
    const found = body.findOrNullObject(id.trim(), { completeMatch: true, matchCase: false });
    found.load("rowIndex,columnIndex");
    await context.sync();
    const resolved = columnsOf(columns);
    // An update that reported success while a renamed column kept its old value would lose
    // the edit: every patched column must be found.
    requireColumns(table, resolved, [def.idColumn, ...patchKeys]);
    const keys = resolved.keys;
    const idIndex = keys.indexOf(def.idColumn);
    let row: number | null = null;
    if (!found.isNullObject && found.columnIndex - body.columnIndex === idIndex) {
      row = found.rowIndex;
    } else if (!found.isNullObject) {
      // The text first appears in another column: look in the ID column itself.
      const idValues = t.columns.getItemAt(idIndex).getDataBodyRange().load("values");
      await context.sync();
      const i = idValues.values.findIndex(
        (r) =>
          String(r[0] ?? "")
            .trim()
            .toLowerCase() === id.trim().toLowerCase(),
      );
      row = i >= 0 ? body.rowIndex + i : null;
    }
    if (row === null) {
      throw new WriteRejected(
        `找不到编号为 ${id.trim()} 的记录，未作任何更改 / No record with ID ${id.trim()}; nothing was changed`,
        table,
      );
    }
    if (options.expected) {
      const now = t.worksheet
        .getRangeByIndexes(row, body.columnIndex, 1, body.columnCount)
        .load("values");
      await context.sync();
      const current: CrmRecord = {};
      keys.forEach((key, c) => {
        if (key) current[key] = fromCell(now.values[0]?.[c]);
      });
      const fields = conflictFields(table, options.expected, current);
      if (fields.length > 0) throw new EditConflict(table, id.trim(), fields, current);
    }
    const values = patchedRow(table, keys, patchKeys, patch, record);
    values.forEach((value, c) => {
      if (value === null) return;
      t.worksheet.getRangeByIndexes(row, body.columnIndex + c, 1, 1).values = [[value]];
    });
    await context.sync();
  }, tableLabel(table));
}

/** Selects a data row (or one cell of it) and brings its sheet to the front. */
export async function selectRow(ref: RowRef): Promise<void> {
  const def = TABLES[ref.table];
  await runExcel(async (context) => {
    const t = context.workbook.tables.getItem(def.name);
    const header = t.getHeaderRowRange().load("values");
    const body = t.getDataBodyRange().load("rowCount");
    await context.sync();
    if (ref.row < 0 || ref.row >= body.rowCount) {
      throw new WriteRejected(
        `第 ${ref.row + 1} 个数据行不存在(表格共 ${body.rowCount} 行)，未选择任何内容 / Data row ${ref.row + 1} does not exist (the table has ${body.rowCount}); nothing was selected`,
      );
    }
    let target = body.getRow(ref.row);
    if (ref.column) {
      const c = columnKeys(ref.table, header.values[0] ?? []).indexOf(ref.column);
      if (c >= 0) target = body.getCell(ref.row, c);
    }
    t.worksheet.activate();
    target.select();
    await context.sync();
  }, tableLabel(ref.table));
}

// ---------------------------------------------------------------------------------------------
// Lists, settings, as-of date
// ---------------------------------------------------------------------------------------------

function settingFrom(values: unknown[][] | undefined): number | null {
  const v = values?.[0]?.[0];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * The workbook's lists and settings. The usual case is one request; when a list table or a
 * named cell is missing (a partly set-up workbook) Excel fails that request with ItemNotFound,
 * and two more requests read whatever does exist. Missing ones fall back to the schema defaults.
 */
export async function readListsAndSettings(
  today = todaySerial(),
): Promise<{ lists: ListValues; settings: Settings }> {
  return await runExcel(async (context) => {
    const settings = defaultSettings(today);
    const listRanges = new Map<ListKey, Excel.Range>();
    const settingRanges = new Map<string, Excel.Range>();
    const queue = (tableNames: Set<string> | null, names: Set<string> | null) => {
      for (const key of LIST_KEYS) {
        const name = LISTS[key].table;
        if (tableNames && !tableNames.has(name.toLowerCase())) continue;
        listRanges.set(
          key,
          context.workbook.tables.getItem(name).getDataBodyRange().load("values"),
        );
      }
      for (const s of SETTINGS) {
        if (names && !names.has(s.name.toLowerCase())) continue;
        // The as-of flag is newer than most set-up workbooks: its absence (0, follow today)
        // must not cost every read the fallback below.
        const named =
          s.key === "asOfFixed"
            ? context.workbook.names.getItemOrNullObject(s.name).getRangeOrNullObject()
            : context.workbook.names.getItem(s.name).getRange();
        settingRanges.set(s.key, named.load("values"));
      }
    };
    queue(null, null);
    try {
      await context.sync();
    } catch (error) {
      // ItemNotFound: a list table or name is missing. A name whose cells were deleted exists
      // but refers to #REF!, and reading its range fails with another code: both fall back to
      // reading what does exist, so the pane loads on a damaged workbook (and offers Repair).
      if (
        !isOfficeError(error, "ItemNotFound") &&
        !isOfficeError(error, "InvalidOperation") &&
        !isOfficeError(error, "InvalidReference")
      )
        throw error;
      listRanges.clear();
      settingRanges.clear();
      const tables = context.workbook.tables.load("items/name");
      const names = context.workbook.names.load("items/name,items/type");
      await context.sync();
      queue(
        new Set(tables.items.map((t) => t.name.toLowerCase())),
        new Set(names.items.filter((n) => n.type === "Range").map((n) => n.name.toLowerCase())),
      );
      await context.sync();
    }
    const lists = listValuesFrom(
      [...listRanges].map(([key, range]) => ({ key, values: range.values })),
    );
    for (const [key, range] of settingRanges) {
      if (range.isNullObject) continue;
      const v = settingFrom(range.values);
      if (v !== null) settings[key as keyof Settings] = v;
    }
    return { lists, settings };
  });
}

// ---------------------------------------------------------------------------------------------
// Batch update (the import's "update" choice)
// ---------------------------------------------------------------------------------------------

/**
 * Updates many existing rows: each is found by ID at write time (by its data row when the ID
 * is blank); a blank in a patch is never written. The table is read once (chunked by payload),
 * then the rows are written in requests of at most ~2 MB. If a later request fails, the rows
 * the earlier ones changed get their previous values back before the error is thrown.
 */
export async function updateRecords(
  table: TableKey,
  updates: readonly RecordUpdate[],
): Promise<{ updated: number }> {
  const def = TABLES[table];
  const ctx = { lists: defaultListValues(), today: todaySerial() };
  const patches = updates.map((u, i) => {
    const keys = Object.keys(u.patch).filter((k) => {
      const col = def.columns.find((c) => c.key === k);
      const v = u.patch[k];
      return col?.kind === "input" && v !== null && v !== undefined && v !== "";
    });
    const { record, issues } = validateRecord(table, u.patch, ctx);
    const relevant = issues.filter((x) => keys.includes(x.key) && !isWarningIssue(x));
    if (relevant.length) rejectIssues(table, i, relevant);
    return { update: u, keys, record };
  });
  return await runExcel(async (context) => {
    const { resolved, rows, formulas, bodyRow, bodyCol } = await readTable(context, table, {
      formulas: true,
    });
    requireColumns(table, resolved, [def.idColumn, ...patches.flatMap((p) => p.keys)]);
    const keys = resolved.keys;
    const idIndex = keys.indexOf(def.idColumn);
    const byId = new Map<string, number>();
    rows.forEach((r, i) =>
      byId.set(
        String(r[idIndex] ?? "")
          .trim()
          .toLowerCase(),
        i,
      ),
    );
    const writes = patches.map(({ update, keys: patchKeys, record }, i) => {
      const row =
        update.id && update.id.trim()
          ? byId.get(update.id.trim().toLowerCase())
          : update.row >= 0 && update.row < rows.length
            ? update.row
            : undefined;
      if (row === undefined) {
        const id = update.id?.trim();
        // Name what was looked for: an ID, or (for a record without one) its data row.
        throw new WriteRejected(
          id
            ? `第 ${i + 1} 条：找不到编号为 ${id} 的记录，未更新任何记录 / Update ${i + 1}: no record with ID ${id}; nothing was updated`
            : `第 ${i + 1} 条：记录没有编号，且第 ${update.row + 1} 个数据行不存在，未更新任何记录 / Update ${i + 1}: the record has no ID and data row ${update.row + 1} does not exist; nothing was updated`,
          table,
        );
      }
      const values = patchedRow(table, keys, patchKeys, update.patch, record);
      // What the cell held, as it must be written to come back the same: formulas as
      // formulas, text as text (never a raw read-back value, which may look like a formula).
      const before = keys.map((_, c) =>
        values[c] === null ? null : restoreInput(rows[row]![c], formulas[row]?.[c]),
      );
      return { row, values, before };
    });
    const sheet = context.workbook.tables.getItem(def.name).worksheet;
    // The sheet's real name (an adopted or English layout differs from the schema's zh name)
    // rides on the first write, which must succeed before a partial write can be reported.
    sheet.load("name");
    const put = (row: number, values: CellInput[]) => {
      sheet.getRangeByIndexes(bodyRow + row, bodyCol, 1, values.length).values = [values];
    };
    const done: typeof writes = [];
    const chunks = Array.from(
      payloadChunks(
        writes.map((w) => w.values),
        PAYLOAD_BUDGET,
      ),
      (c) => writes.slice(c.start, c.start + c.rows.length),
    );
    for (const chunk of chunks) {
      if (writes.length > 1) context.workbook.application.suspendApiCalculationUntilNextSync();
      for (const w of chunk) put(w.row, w.values);
      try {
        // One request per ~2 MB of changed rows.
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
      } catch (error) {
        if (done.length) {
          for (const w of done) put(w.row, w.before);
          try {
            // eslint-disable-next-line office-addins/no-context-sync-in-loop
            await context.sync();
          } catch {
            const first = Math.min(...done.map((w) => w.row)) + bodyRow + 1;
            const last = Math.max(...done.map((w) => w.row)) + bodyRow + 1;
            throw new PartialWriteError(sheet.name, first, last, error);
          }
        }
        throw error;
      }
      done.push(...chunk);
    }
    return { updated: writes.length };
  }, tableLabel(table));
}

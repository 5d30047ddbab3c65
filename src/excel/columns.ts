/**
 * Finding a CRM table's columns in the workbook (rules in src/domain/columnMap.ts): the header
 * row and the remembered layout are loaded in the caller's first request (no round trip of
 * their own), and a write that cannot find a column it needs throws ColumnsNotFoundError
 * before it writes anything. The pane's two answers to a renamed column — rename it back, or
 * keep the new name — are here too.
 */
import {
  columnsProblem,
  encodeMemory,
  memoryProperty,
  resolveColumns,
  type ResolvedColumns,
} from "../domain/columnMap";
import { tableLanguage } from "../domain/layout";
import { TABLES, columnDef, type Lang, type TableKey } from "../domain/schema";
import { ColumnsNotFoundError, NotFoundError } from "./errors";
import { runExcel } from "./run";

/** The loads that resolve a table's columns, queued on the caller's request. */
export interface ColumnsLoad {
  table: TableKey;
  header: Excel.Range;
  memory: Excel.CustomProperty;
}

export function loadColumns(context: Excel.RequestContext, table: TableKey): ColumnsLoad {
  const t = context.workbook.tables.getItem(TABLES[table].name);
  const header = t.getHeaderRowRange().load("values");
  const memory = context.workbook.properties.custom.getItemOrNullObject(memoryProperty(table));
  memory.load("value");
  return { table, header, memory };
}

/** After the sync: which column is which. */
export function columnsOf(load: ColumnsLoad, firstRow?: readonly unknown[]): ResolvedColumns {
  return resolveColumns(
    load.table,
    load.header.values[0] ?? [],
    load.memory.isNullObject ? undefined : load.memory.value,
    firstRow,
  );
}

/** Throws before any write when a needed column was renamed or is missing. */
export function requireColumns(
  table: TableKey,
  resolved: ResolvedColumns,
  needed: Iterable<string>,
): void {
  const problem = columnsProblem(table, resolved, needed);
  if (problem) throw new ColumnsNotFoundError(problem);
}

/**
 * Gives a renamed column its schema header back, in the language the table was set up in.
 * Excel rewrites the structured references to it (calculated columns, names) on its own.
 */
export async function renameColumnBack(table: TableKey, key: string, lang: Lang): Promise<string> {
  const def = TABLES[table];
  return await runExcel(async (context) => {
    const load = loadColumns(context, table);
    await context.sync();
    const resolved = columnsOf(load);
    const renamed = resolved.renamed.find((r) => r.key === key);
    if (!renamed) throw new NotFoundError(`${def.name}[${columnDef(table, key).header[lang]}]`);
    const headers = (load.header.values[0] ?? []).map((h) => String(h));
    const header = columnDef(table, key).header[tableLanguage(table, headers, lang)];
    context.workbook.tables.getItem(def.name).columns.getItemAt(renamed.position).name = header;
    await context.sync();
    return header;
  }, def.name);
}

/**
 * Records that the column now headed `header` holds the schema column `key` (the user keeps
 * their own name for it): writes find it from then on, and Repair never adds a second one.
 */
export async function mapColumn(table: TableKey, key: string, header: string): Promise<void> {
  const def = TABLES[table];
  await runExcel(async (context) => {
    const load = loadColumns(context, table);
    await context.sync();
    const resolved = columnsOf(load);
    const headers = (load.header.values[0] ?? []).map((h) => String(h).trim());
    const position = headers.indexOf(header.trim());
    if (position < 0 || resolved.keys[position] !== null) {
      throw new NotFoundError(`${def.name}[${header}]`);
    }
    const memory = {
      keys: resolved.memory.keys.map((k, i) => (i === position ? key : k === key ? null : k)),
      confirmed: resolved.memory.confirmed.map((c, i) => i === position || c),
    };
    context.workbook.properties.custom.add(memoryProperty(table), encodeMemory(table, memory));
    await context.sync();
  }, def.name);
}

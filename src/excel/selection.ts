/**
 * The selected row of any CRM table and its customer: for the ribbon's "记录跟进" (a follow-up,
 * feedback or order row picks its customer) and for the customer card, which follows the
 * selection while it is open (Workbook.onSelectionChanged, ExcelApi 1.2).
 */
import { TABLES, TABLE_KEYS, type TableKey } from "../domain/schema";
import { columnKeys } from "../domain/tableRows";
import { trimmedText } from "../domain/values";
import { runExcel } from "./run";

export interface SelectedCrmRow {
  table: TableKey;
  /** 0-based data row. */
  row: number;
  /** The customer of the row: its own ID in CRM_Customers, its 客户编号 elsewhere ("" if blank). */
  customerId: string;
  customerName: string | null;
}

/**
 * The CRM table row holding the active cell, or null when the cell is in no CRM table's data
 * rows. Three requests: where the cell is and which tables exist; where each CRM table is; the
 * row's values.
 */
export async function readSelectedCrmRow(): Promise<SelectedCrmRow | null> {
  return await runExcel(async (context) => {
    const cell = context.workbook.getActiveCell().load("rowIndex,columnIndex");
    const cellSheet = cell.worksheet.load("name");
    const tables = context.workbook.tables.load("items/name");
    await context.sync();
    const names = new Set(tables.items.map((t) => t.name));
    const metas = TABLE_KEYS.filter((k) => names.has(TABLES[k].name)).map((table) => {
      const t = context.workbook.tables.getItem(TABLES[table].name);
      return {
        table,
        header: t.getHeaderRowRange().load("values"),
        body: t.getDataBodyRange().load("rowIndex,columnIndex,rowCount,columnCount"),
        sheet: t.worksheet.load("name"),
      };
    });
    await context.sync();
    const hit = metas.find(
      (m) =>
        m.sheet.name === cellSheet.name &&
        cell.rowIndex >= m.body.rowIndex &&
        cell.rowIndex < m.body.rowIndex + m.body.rowCount &&
        cell.columnIndex >= m.body.columnIndex &&
        cell.columnIndex < m.body.columnIndex + m.body.columnCount,
    );
    if (!hit) return null;
    const row = cell.rowIndex - hit.body.rowIndex;
    const values = hit.body.getRow(row).load("values");
    await context.sync();
    const keys = columnKeys(hit.table, hit.header.values[0] ?? []);
    const at = (key: string) => values.values[0]?.[keys.indexOf(key)];
    const customerId = trimmedText(at("customerId"));
    const name = trimmedText(hit.table === "customers" ? at("name") : at("customerName"));
    return { table: hit.table, row, customerId, customerName: name || null };
  }, "CRM tables");
}

/**
 * Calls `handler` with the customer of each newly selected CRM row (the same customer twice in
 * a row is reported once); resolves to a function that removes the handler.
 */
export async function watchSelection(handler: (customerId: string) => void): Promise<() => void> {
  let last = "";
  const registration = await runExcel(async (context) => {
    const result = context.workbook.onSelectionChanged.add(async () => {
      try {
        const selected = await readSelectedCrmRow();
        if (selected?.customerId && selected.customerId !== last) {
          last = selected.customerId;
          handler(selected.customerId);
        }
      } catch {
        // A selection on a sheet being edited or deleted: the card keeps its customer.
      }
    });
    await context.sync();
    return result;
  }, "selection");
  return () => {
    void Excel.run(registration.context, async (context) => {
      registration.remove();
      await context.sync();
    }).catch(() => undefined);
  };
}

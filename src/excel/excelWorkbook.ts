/**
 * The CRM workbook in Excel: the port's Excel implementation. Data operations live in
 * `./records`, layout (setup, adoption, status) in `./setup`, the data check in `./check` and
 * the dashboard in `./dashboard`; this class only routes. Every method is one `runExcel` call
 * (or a few), so nothing is cached between user actions.
 */
import type {
  AdoptCandidate,
  AppendOptions,
  AppendResult,
  CheckOptions,
  CheckReport,
  CrmRecord,
  CrmWorkbook,
  DashboardReport,
  RecordUpdate,
  RowRef,
  SetupReport,
  UpdateOptions,
  WorkbookStatus,
} from "../domain/port";
import type { CustomerStory } from "../domain/customerStory";
import type { FormulaMode, Lang, ListKey, ListValues, Settings, TableKey } from "../domain/schema";
import { appendOnce } from "./batch";
import { runDataCheck } from "./check";
import { mapColumn, renameColumnBack } from "./columns";
import { refreshDashboard } from "./dashboard";
import {
  appendRecords,
  readListsAndSettings,
  readRecords,
  selectRow,
  updateRecord,
  updateRecords,
} from "./records";
import { readStatus, runAdopt, runRefreshAsOf, runSetFormulaMode, runSetup } from "./setup";
import { addListItems, selectList, writeSettings } from "./settings";
import { readCustomerStory } from "./story";
import { watchSelection } from "./selection";

export class ExcelWorkbook implements CrmWorkbook {
  readonly mode = "excel" as const;

  status(): Promise<WorkbookStatus> {
    return readStatus();
  }

  setup(lang: Lang, options?: { repairFormulas?: boolean }): Promise<SetupReport> {
    return runSetup(lang, options);
  }

  adopt(candidate: AdoptCandidate, lang: Lang): Promise<SetupReport> {
    return runAdopt(candidate, lang);
  }

  setFormulaMode(mode: FormulaMode, lang: Lang): Promise<SetupReport> {
    return runSetFormulaMode(mode, lang);
  }

  async readLists(): Promise<ListValues> {
    return (await readListsAndSettings()).lists;
  }

  addListItems(list: ListKey, items: readonly string[]): Promise<string[]> {
    return addListItems(list, items);
  }

  async readSettings(): Promise<Settings> {
    return (await readListsAndSettings()).settings;
  }

  /** Lists and settings together in one round trip (the pane needs both on load). */
  readListsAndSettings(): Promise<{ lists: ListValues; settings: Settings }> {
    return readListsAndSettings();
  }

  async refreshAsOf(today: number): Promise<void> {
    await runRefreshAsOf(today);
  }

  readRecords(table: TableKey): Promise<CrmRecord[]> {
    return readRecords(table);
  }

  appendRecords(
    table: TableKey,
    drafts: CrmRecord[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const batchId = options?.batchId;
    if (batchId) return appendOnce(table, drafts, { ...options, batchId });
    return appendRecords(table, drafts, options);
  }

  updateRecord(
    table: TableKey,
    id: string,
    patch: CrmRecord,
    options?: UpdateOptions,
  ): Promise<void> {
    return updateRecord(table, id, patch, options);
  }

  readCustomerStory(customerId: string): Promise<CustomerStory> {
    return readCustomerStory(customerId);
  }

  writeSettings(values: Partial<Settings>): Promise<void> {
    return writeSettings(values);
  }

  watchSelection(handler: (customerId: string) => void): Promise<() => void> {
    return watchSelection(handler);
  }

  selectList(list: ListKey): Promise<void> {
    return selectList(list);
  }

  updateRecords(table: TableKey, updates: readonly RecordUpdate[]): Promise<{ updated: number }> {
    return updateRecords(table, updates);
  }

  select(ref: RowRef): Promise<void> {
    return selectRow(ref);
  }

  checkData(lang: Lang, options?: CheckOptions): Promise<CheckReport> {
    return runDataCheck(lang, options);
  }

  refreshDashboard(lang: Lang): Promise<DashboardReport> {
    return refreshDashboard(lang);
  }

  renameColumnBack(table: TableKey, key: string, lang: Lang): Promise<string> {
    return renameColumnBack(table, key, lang);
  }

  mapColumn(table: TableKey, key: string, header: string): Promise<void> {
    return mapColumn(table, key, header);
  }
}

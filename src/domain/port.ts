/**
 * The port between the task pane (and ribbon commands) and a CRM workbook. Two implementations:
 * `src/excel/` (the real workbook through Excel.run) and `src/domain/memoryWorkbook.ts` (preview
 * mode and tests). Nothing is cached across calls: in a co-authored workbook another user may
 * have added rows since, so IDs are allocated at write time from the current table.
 */
import type { FormulaMode, Lang, ListKey, ListValues, Settings, TableKey } from "./schema";
import type { Problem } from "./check";
import type { CustomerStory } from "./customerStory";
import type { StatusProblem } from "./recovery";

/** A row as a record keyed by column key. Dates are serials; blanks are null or absent. */
export type CrmRecord = Record<string, string | number | boolean | null | undefined>;

/** A data row (0-based, below the header) and optionally a column key. */
export interface RowRef {
  table: TableKey;
  row: number;
  column?: string;
}

export interface TableStatus {
  present: boolean;
  rows: number;
  /** Column keys of the schema the table lacks (an older layout); repair adds them. */
  missingColumns: string[];
  /** Computed columns whose formula differs from the schema's (AutoCorrect or hand edits). */
  formulaDrift: string[];
  /**
   * Schema columns whose header was changed to one the add-in does not know: writes that need
   * them stop until they are renamed back or their new name is confirmed (`mapColumn`).
   */
  renamedColumns?: { key: string; header: string }[];
  /** Headers that stand for no schema column (what a missing column can be mapped to). */
  unknownHeaders?: string[];
}

/** A sheet that looks like one of the templates and can be adopted in place. */
export interface AdoptCandidate {
  sheet: string;
  table: TableKey;
  /** 0-based row of the header within the sheet's used range. */
  headerRow: number;
  dataRows: number;
  recognised: string[];
  unrecognised: string[];
}

export interface WorkbookStatus {
  mode: "excel" | "preview";
  tables: Record<TableKey, TableStatus>;
  /** What is wrong, for the pane to put into words (src/domain/recovery.ts). */
  problems?: StatusProblem[];
  settingsPresent: boolean;
  layoutVersion: number | null;
  asOf: number | null;
  /** What the calculated columns hold: native Excel formulas or `=CRM.*` (SPEC §3). */
  formulaMode: FormulaMode;
  candidates: AdoptCandidate[];
  /** A set-up or adoption was interrupted: Repair finishes it. */
  setupIncomplete?: boolean;
}

export interface SetupReport {
  created: string[];
  upgraded: string[];
  skipped: string[];
  /** Problems the user must decide on (a same-named sheet with data, drifted formulas...). */
  warnings: string[];
  syncs: number;
}

export interface AppendOptions {
  /**
   * Called after each request of a long append with the rows written so far and the total
   * (rows are still undone if a later request fails): the import shows it as a progress bar.
   */
  onProgress?: (written: number, total: number) => void;
  /**
   * Stops a multi-request append before its next request: what it wrote is undone (all or
   * nothing, as for a failure) and the promise rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /**
   * Makes the append idempotent: a later call with the same id (a retry after any failure)
   * writes only the drafts that are not in the table yet. The import derives it from its rows.
   */
  batchId?: string;
}

export interface UpdateOptions {
  /** The row as read when the edit began; a differing editable field is a conflict. */
  expected?: CrmRecord;
}

export interface AppendResult {
  /** The IDs allocated at write time, in the order of the drafts. */
  ids: string[];
  /** 0-based data row index of the first appended row. */
  firstRow: number;
}

export interface CrmWorkbook {
  readonly mode: "excel" | "preview";
  status(): Promise<WorkbookStatus>;
  /**
   * Creates what is missing (idempotent). With `repairFormulas`, calculated columns whose formula
   * drifted (AutoCorrect, hand edits) are rewritten from the schema.
   */
  setup(lang: Lang, options?: { repairFormulas?: boolean }): Promise<SetupReport>;
  adopt(candidate: AdoptCandidate, lang: Lang): Promise<SetupReport>;
  /**
   * Switches every calculated column to native Excel formulas or to `=CRM.*` in one write and
   * records the mode in the workbook (Settings' `CRM_FormulaMode`).
   */
  setFormulaMode(mode: FormulaMode, lang: Lang): Promise<SetupReport>;
  readLists(): Promise<ListValues>;
  /**
   * Adds items to a list table (the dropdown choices on the Settings sheet), below its last
   * item, in one request; items already in the list (trimmed, exact) and blanks are skipped.
   * Resolves to the items added. The import's "add it to the list" for an off-list value.
   */
  addListItems(list: ListKey, items: readonly string[]): Promise<string[]>;
  readSettings(): Promise<Settings>;
  /** Sets the as-of date (基准日期) to the given serial, typically today on load. */
  refreshAsOf(today: number): Promise<void>;
  /** Every data row of a table in sheet order (array index = data row index). */
  readRecords(table: TableKey): Promise<CrmRecord[]>;
  /**
   * Appends rows below the table in one write; auto IDs are allocated from the current table.
   * All or nothing: on failure nothing is left half-written and the error says so.
   */
  appendRecords(
    table: TableKey,
    drafts: CrmRecord[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * Updates the given input columns of the row whose ID is `id` (found at write time: a
   * co-author may have sorted the table), in one write request; other cells are not written.
   * With `expected` (the row as read when an edit form opened), the row is compared first: if
   * any editable field differs now, nothing is written and an `EditConflict` says which.
   */
  updateRecord(
    table: TableKey,
    id: string,
    patch: CrmRecord,
    options?: UpdateOptions,
  ): Promise<void>;
  /**
   * One customer's profile row and the follow-ups, feedback and orders that name it, each with
   * its data row: at most one request per table (filtered in the adapter).
   */
  readCustomerStory(customerId: string): Promise<CustomerStory>;
  /**
   * Writes the given settings to their named cells in one request. The as-of date flag
   * (`asOfFixed` = 1) tells the pane's as-of refresh to leave a fixed date alone.
   */
  writeSettings(values: Partial<Settings>): Promise<void>;
  /** Selects a row (or a cell of it) in the sheet. */
  select(ref: RowRef): Promise<void>;
  /**
   * The data check (SPEC §5): scans every CRM table and marks the problem cells in one batch.
   * Optional: an implementation without a sheet to mark may still list the problems.
   */
  checkData?(lang: Lang, options?: CheckOptions): Promise<CheckReport>;
  /**
   * Calls `handler` with the customer of the row selected in any CRM table, each time the
   * selection moves to such a row (a follow-up row gives its customer); resolves to a function
   * that stops watching. Excel only: the in-memory workbook has no selection to follow.
   */
  watchSelection?(handler: (customerId: string) => void): Promise<() => void>;
  /** Selects a list table (dropdown choices) on the Settings sheet. */
  selectList?(list: ListKey): Promise<void>;
  /** Creates or refreshes the dashboard sheet (formulas and charts). Excel only. */
  refreshDashboard?(lang: Lang): Promise<DashboardReport>;
  /**
   * Updates many existing rows in one pass (the import's "update" choice). Rows are found by
   * ID at write time, by data row when the ID is blank; a blank in a patch is never written.
   */
  updateRecords?(table: TableKey, updates: readonly RecordUpdate[]): Promise<{ updated: number }>;
  /** Gives a renamed column its schema header back; returns the header written. */
  renameColumnBack?(table: TableKey, key: string, lang: Lang): Promise<string>;
  /** Keeps the user's name: the column headed `header` holds the schema column `key`. */
  mapColumn?(table: TableKey, key: string, header: string): Promise<void>;
}

/** How far the data check has read the CRM tables. */
export interface CheckProgress {
  /** Data rows read so far, over every table. */
  done: number;
  /** Data rows of every table, known before the first row is read. */
  total: number;
  /** Tables with rows still to read (read together, in shares of each request); empty at the end. */
  reading: readonly TableKey[];
}

export interface CheckOptions {
  /**
   * Called once the tables' sizes are known (done 0) and after each request that reads rows,
   * without a round trip of its own; the check itself follows the last report.
   */
  onProgress?: (progress: CheckProgress) => void;
}

/** A data-check finding, with the cell's address when the implementation knows it. */
export interface CheckProblem extends Problem {
  address?: string;
}

export interface CheckReport {
  problems: CheckProblem[];
  /** Cells (ranges) marked in the sheet. */
  marked: number;
  syncs: number;
}

export interface DashboardReport {
  sheet: string;
  charts: number;
  /** Tables the dashboard needed but the workbook lacks. */
  missing: TableKey[];
  syncs: number;
}

export interface RecordUpdate {
  id: string | null;
  /** Data row when the plan was made; used when `id` is blank. */
  row: number;
  patch: CrmRecord;
}

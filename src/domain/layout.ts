/**
 * Planning the workbook layout of SPEC §3: from a snapshot of what the workbook holds (sheets,
 * tables with their headers, defined names, whether a table holds data), compute the operations
 * that setup, upgrade and adoption must perform. Everything that decides idempotence and "never
 * lose user data" lives here, pure and testable without Excel; `src/excel/setup.ts` only reads
 * the snapshot and executes the plan.
 *
 * Rules the plan follows:
 * - Nothing that exists is recreated: a second setup on the same day plans no operation at all.
 * - A sheet of ours that holds data is never cleared; a same-named sheet that is not ours and
 *   holds data is left alone and the table goes to a free name (or waits for adoption).
 * - A CRM table of an older layout gains its missing columns at its right end, every row kept.
 * - Adoption converts the template's range in place; recognised headers take the canonical name,
 *   a template column that maps to a computed column but holds data is kept under a suffixed
 *   name, unrecognised columns are kept as they are.
 */
import { colLetters, type Rect } from "./a1";
import {
  KEPT_SUFFIX,
  isKept,
  detectHeader,
  mapHeaders,
  resolveHeaders,
  type ColumnAssignment,
} from "./headers";
import { encodeMemory, memoryProperty, resolveColumns } from "./columnMap";
import { isBrokenName } from "./recovery";
import { say } from "./i18n";
import {
  LAYOUT_VERSION,
  LISTS,
  LIST_KEYS,
  NUMBER_FORMATS,
  SETTINGS,
  SETTINGS_SHEET,
  TABLES,
  TABLE_KEYS,
  DEFAULT_FORMULA_MODE,
  FORMULA_MODES,
  FORMULA_MODE_SETTING,
  columnFormula,
  normalizeHeader,
  numberValidation,
  type ColumnDef,
  type FormulaMode,
  type HeaderOf,
  type NumberValidation,
  type Label,
  type Lang,
  type ListKey,
  type TableKey,
} from "./schema";
import { isBlank } from "./values";

// ---------------------------------------------------------------------------------------------
// Snapshot: what the workbook holds (read in two round trips by src/excel/setup.ts)
// ---------------------------------------------------------------------------------------------

/** How many rows at the top of a sheet are scanned for a template's header row. */
export const SCAN_ROWS = 40;
/** How many columns are scanned (A:AZ). */
export const SCAN_COLS = 52;

export interface SheetSnapshot {
  name: string;
  /** Used range, values only; null for an empty sheet. */
  used: Rect | null;
  /** Values of the used part of A1:AZ40, starting at `topAt`. */
  top: unknown[][];
  topAt: { r: number; c: number };
}

export interface TableSnapshot {
  name: string;
  sheet: string;
  /** Header row included. */
  rect: Rect;
  headers: string[];
  /** Values and formulas of the first data row (calculated columns, data presence). */
  firstValues: unknown[];
  firstFormulas: unknown[];
  /** The same of the last data row, when read: rows appended later may differ from the first. */
  lastValues?: unknown[];
  lastFormulas?: unknown[];
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
  tables: TableSnapshot[];
  /** Defined names and what they refer to (`=参数设置!$B$2`, `=CRM_List_Industry[#Data]`). */
  names: { name: string; formula: string }[];
  layoutVersion: number | null;
  /** Current value of the as-of cell, if the name exists. */
  asOf: unknown;
  /** A set-up or adoption started writing and did not finish (see SETUP_PENDING_PROPERTY). */
  setupPending?: boolean;
  /** Each CRM table's remembered column layout (src/domain/columnMap.ts), when stored. */
  columnMemory?: Partial<Record<TableKey, string>>;
  /** List tables (lower-case names) whose every cell is blank: a user emptied them. */
  blankLists?: string[];
  /** The raw progress mark of an unfinished adoption (src/domain/adoption.ts), if any. */
  adoptionPending?: string;
  /** The formula mode recorded on the Settings sheet; null or absent when there is none yet. */
  formulaMode?: FormulaMode | null;
}

/** The mode the calculated columns should be in: the recorded one, else the default. */
export function snapshotFormulaMode(snap: WorkbookSnapshot): FormulaMode {
  return snap.formulaMode ?? DEFAULT_FORMULA_MODE;
}

function isFormula(v: unknown): boolean {
  return typeof v === "string" && v.startsWith("=");
}

/**
 * A cell read back as (value, formula) that holds its formula as text: a formula written into a
 * Text-formatted cell is stored as text, and Excel then reports the text as both.
 */
export function formulaHeldAsText(value: unknown, formula: unknown): boolean {
  return isFormula(formula) && value === formula;
}

/** Whether a table's column holds its formula as text in its first or its last data row. */
export function columnHeldAsText(t: TableSnapshot, header: string): boolean {
  const i = t.headers.indexOf(header);
  if (i < 0) return false;
  return (
    formulaHeldAsText(t.firstValues[i], t.firstFormulas[i]) ||
    formulaHeldAsText(t.lastValues?.[i], t.lastFormulas?.[i])
  );
}

/**
 * A table holds user data when it has more than one data row, or its only row has a typed
 * value. A table we just created has one empty row whose calculated cells hold formulas.
 */
export function tableHasData(t: TableSnapshot): boolean {
  if (t.rect.r1 - t.rect.r0 > 1) return true;
  return t.firstValues.some((v, i) => !isFormula(t.firstFormulas[i]) && !isBlank(v));
}

function findSheet(snap: WorkbookSnapshot, name: string): SheetSnapshot | undefined {
  return snap.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

function findTable(snap: WorkbookSnapshot, name: string): TableSnapshot | undefined {
  return snap.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Headers of an existing table
// ---------------------------------------------------------------------------------------------

// KEPT_SUFFIX and resolveHeaders live in headers.ts (the writes' column resolution in
// columnMap.ts follows the same rule); re-exported for the planner's callers.
export { KEPT_SUFFIX, resolveHeaders };

/** The language a table was set up in: the one most of its headers are written in. */
export function tableLanguage(table: TableKey, headers: readonly string[], fallback: Lang): Lang {
  let zh = 0;
  let en = 0;
  const norm = new Set(headers.map(normalizeHeader));
  for (const c of TABLES[table].columns) {
    if (norm.has(normalizeHeader(c.header.zh))) zh++;
    if (norm.has(normalizeHeader(c.header.en))) en++;
  }
  if (zh === en) return fallback;
  return zh > en ? "zh" : "en";
}

/**
 * Compares formulas the way Excel writes them back: `[@[客户编号]]` reads as `[@客户编号]`,
 * `T[[列]]` as `T[列]`, newer functions may carry `_xlfn.`, and spacing and case are free.
 */
export function normalizeFormula(formula: unknown): string {
  if (typeof formula !== "string") return "";
  return formula
    .replace(/_xlfn\.|_xludf\./gi, "")
    .replace(/\[@\[([^[\]]+)\]\]/g, "[@$1]")
    .replace(/\[\[([^[\]]+)\]\]/g, "[$1]")
    .replace(/\s+/g, "")
    .toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

export type CellValue = string | number | boolean;

/** Everything setup does to one column of a table. */
export interface ColumnDecoration {
  header: string;
  numberFormat?: string;
  /** Defined name of the list feeding a dropdown, e.g. `CRM_L_Industry`. */
  listName?: string;
  /** A calculated column: grey fill, italic header. */
  computed?: boolean;
  /** Whole number / decimal / date validation of a typed input column. */
  validation?: NumberValidation;
  width?: number;
}

export type LayoutOp =
  | { kind: "addSheet"; sheet: string }
  | { kind: "deleteTable"; table: string }
  | { kind: "renameTable"; from: string; to: string }
  | { kind: "deleteSheet"; sheet: string }
  | {
      kind: "createTable";
      table: string;
      sheet: string;
      at: { r: number; c: number };
      headers: string[];
      /** Data rows written with the table (list items); none: Excel adds one empty row. */
      rows?: CellValue[][];
    }
  | { kind: "unmerge"; sheet: string; rect: Rect }
  /** Converts an existing range (header row first) into a table, rewriting the header row. */
  | { kind: "adoptRange"; table: string; sheet: string; rect: Rect; headers: string[] }
  | { kind: "addColumn"; table: string; header: string }
  /** A computed column's formula, written after its number format (`columnNumberFormat`). */
  | { kind: "formula"; table: string; header: string; formula: string; numberFormat?: string }
  | { kind: "decorate"; table: string; columns: ColumnDecoration[] }
  | {
      kind: "conditionalFormat";
      sheet: string;
      rect: Rect;
      formula: string;
      fill: string;
      fontColor: string;
      /** Clear the range's conditional formats first. */
      replace?: boolean;
    }
  | { kind: "freeze"; sheet: string; rows: number }
  | { kind: "writeCells"; sheet: string; rect: Rect; values: CellValue[][]; formats?: string[][] }
  | { kind: "boldRow"; sheet: string; rect: Rect }
  | { kind: "columnWidth"; sheet: string; col: number; width: number }
  | { kind: "defineName"; name: string; sheet?: string; address?: string; formula?: string }
  /** Deletes a name that refers to #REF! (its cells were deleted), so it can be defined again. */
  | { kind: "deleteName"; name: string }
  /** Writes a list's default items into its emptied list table (header row at `rect.r0`). */
  | { kind: "fillList"; table: string; sheet: string; rect: Rect; items: string[] }
  | { kind: "setProperty"; key: string; value: number | string }
  /** Writes today into the as-of named cell. */
  | { kind: "setAsOf"; value: number }
  /** Records the formula mode in its named cell (the columns are rewritten by `formula` ops). */
  | { kind: "setFormulaMode"; value: FormulaMode }
  /**
   * Fills a new column from a combined template column (`200人/1.2亿元`). The executor reads
   * the source column and writes the part in row chunks that stay under the payload limit.
   */
  | {
      kind: "splitColumn";
      table: string;
      tableKey: TableKey;
      sheet: string;
      /** Absolute rows of the data and columns of the source and target. */
      rows: { r0: number; r1: number };
      sourceCol: number;
      targetCol: number;
      parts: readonly (string | null)[];
      part: number;
      /** Finishing an interrupted adoption: write only into cells that are still blank. */
      onlyBlank?: boolean;
    }
  | { kind: "deleteProperty"; key: string };

export const LAYOUT_VERSION_PROPERTY = "CRM_LayoutVersion";
/**
 * The custom document property holding the as-of date the add-in itself last wrote. It makes the
 * pane's refresh write at most once a day, and tells a date the user fixed (to look at the past,
 * SPEC §3: "it then stays") from one the add-in wrote on an earlier day.
 */
export const AS_OF_AUTO_PROPERTY = "CRM_AsOfAuto";
/**
 * 1 while a set-up's writes are under way: the first operation of a write sets it, the last one
 * sets it back to 0. Excel applies the operations of a failed batch that came before the failing
 * one, so a run that fails anywhere leaves 1, and the next run then redoes every step on every
 * existing column (each step is idempotent) until the layout is complete.
 */
export const SETUP_PENDING_PROPERTY = "CRM_SetupPending";

/** Colours: computed columns are grey; flagged rows are Excel's "light red fill, dark red text". */
export const COLORS = {
  computedFill: "#F2F2F2",
  computedFont: "#595959",
  alertFill: "#FFC7CE",
  alertFont: "#9C0006",
};

export interface PlannedTable {
  name: string;
  sheet: string;
  headers: string[];
  /** Data body rectangle (absolute). */
  body: Rect;
}

export interface LayoutPlan {
  ops: LayoutOp[];
  created: string[];
  upgraded: string[];
  skipped: string[];
  warnings: string[];
  /** The CRM tables as they will be after the plan; null when one cannot be placed. */
  tables: Record<TableKey, PlannedTable | null>;
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

export const LAYOUT_MESSAGES = {
  sheetTaken: {
    zh: "工作表“{sheet}”已有数据且不属于本加载项，未改动；{table}已建在“{other}”。",
    en: 'Sheet "{sheet}" holds data that is not ours and was left alone; {table} was created on "{other}".',
  },
  adoptFirst: {
    zh: "工作表“{sheet}”看起来是{table}模板（{rows}行数据），未改动；请在“工作簿状态”中选择“采用”以就地转换。",
    en: 'Sheet "{sheet}" looks like a {table} template ({rows} data {rows|row|rows}) and was left alone; choose "Adopt" in the workbook status to convert it in place.',
  },
  asText: {
    zh: "{table}的计算列“{column}”的公式被存成了文本（单元格格式为“文本”）；请运行“修复”恢复。",
    en: 'The calculated column "{column}" of {table} holds its formula as text (the cells are formatted as Text); run Repair to restore it.',
  },
  drift: {
    zh: "{table}的计算列“{column}”的公式已被更改（例如 Excel 自动更正）；请运行“修复”恢复。",
    en: 'The calculated column "{column}" of {table} no longer holds its formula (e.g. Excel AutoCorrect); run Repair to restore it.',
  },
  repaired: {
    zh: "已恢复{table}的计算列“{column}”的公式。",
    en: 'Restored the formula of the calculated column "{column}" of {table}.',
  },
  formulasUpdated: {
    zh: "{table}的计算列“{column}”已改为{mode}。",
    en: 'The calculated column "{column}" of {table} now uses {mode}.',
  },
  modeNative: { zh: "Excel 原生公式", en: "native Excel formulas" },
  modeCrm: { zh: "CRM 函数", en: "CRM functions" },
  formulaWaits: {
    zh: "{table}的计算列“{column}”暂未写入公式：它引用的表尚不存在。",
    en: 'The calculated column "{column}" of {table} has no formula yet: the table it reads does not exist.',
  },
  kept: {
    zh: "模板列“{column}”有数据，保留为“{kept}”；新的计算列“{computed}”已添加。",
    en: 'Template column "{column}" holds data and was kept as "{kept}"; the calculated column "{computed}" was added.',
  },
  unrecognised: {
    zh: "未识别的列已保留：{columns}",
    en: "Unrecognised columns were kept: {columns}",
  },
  split: {
    zh: "已从组合列“{column}”拆分出：{parts}（原列保留）。",
    en: 'Split the combined column "{column}" into: {parts} (the original column is kept).',
  },
  unmerged: {
    zh: "已取消表格区域内的合并单元格（数据保留在左上角单元格）。",
    en: "Unmerged cells inside the table range (their value stays in the top-left cell).",
  },
  renamed: {
    zh: "{table}的列“{column}”已被改名为“{header}”，未再添加同名空列；请在“首页”改回原名或确认新名称。",
    en: 'The column "{column}" of {table} was renamed to "{header}"; no second, empty column was added. Rename it back or keep the new name on Home.',
  },
  notAdded: {
    zh: "{table}缺少必填列“{column}”，但表中有未识别的列（{headers}），它可能已被改名；未添加新列。请在“首页”指定对应的列，或把列名改回。",
    en: '{table} lacks the required column "{column}" but has unrecognised columns ({headers}); it may have been renamed, so no new column was added. Say which column it is on Home, or rename it back.',
  },
  settingsDefaults: {
    zh: "参数 {names} 已按默认值重建，请在“设置”中检查。",
    en: "The settings {names} were rebuilt with their default values; check them in Settings.",
  },
  settingsRelinked: {
    zh: "参数 {names} 已重新指向原有单元格，其值保持不变。",
    en: "The settings {names} point at their original cells again; their values are unchanged.",
  },
  listsRefilled: {
    zh: "空的下拉列表 {lists} 已填入默认选项。",
    en: "The empty dropdown lists {lists} were filled with their default choices.",
  },
  replacedEmpty: {
    zh: "空表{table}已由采用的模板替换。",
    en: "The empty table {table} was replaced by the adopted template.",
  },
  settingsHeader: { zh: "参数", en: "Setting" },
  valueHeader: { zh: "值", en: "Value" },
} satisfies Record<string, Label>;

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

/** What adoption learned about the template range (read by the executor before planning). */
export interface AdoptionInput {
  table: TableKey;
  sheet: string;
  /** Absolute row of the header and the columns it spans. */
  headerRow: number;
  c0: number;
  c1: number;
  /** Header cells of the template, c0..c1. */
  headerValues: unknown[];
  /** Last used row below the header (headerRow when there is no data). */
  lastRow: number;
  /** Absolute columns whose data (below the header) is not empty. */
  columnsWithData: number[];
  /** Merged areas touching the range. */
  hasMerges: boolean;
}

export interface PlanOptions {
  lang: Lang;
  /** Today as a serial: the as-of date is set to it. */
  today: number;
  /** Rewrite calculated columns whose formula drifted (the pane's Repair). */
  repairFormulas?: boolean;
  /**
   * The formula mode to set: every calculated column is rewritten in it and the mode cell
   * records it. Absent: the workbook's recorded mode (native when none is recorded).
   */
  formulaMode?: FormulaMode;
  adopt?: AdoptionInput;
  /** Sheets that look like templates, by table (status candidates): setup leaves those tables to adoption. */
  candidates?: readonly {
    sheet: string;
    table: TableKey;
    dataRows: number;
    /** Where the header row is (absolute), when known. */
    headerRow?: number;
    c0?: number;
  }[];
}

interface WorkingTable {
  key: TableKey;
  name: string;
  sheet: string;
  rect: Rect;
  headers: string[];
  lang: Lang;
  /** Keys of the schema resolved to headers after the plan. */
  headerOf: Map<string, string>;
  /** Computed column keys that need their formula written by this plan. */
  formulaKeys: Set<string>;
  /** Column keys created by this plan (decorated in full). */
  newKeys: Set<string>;
  isNew: boolean;
  /** Template columns whose width the user chose. */
  keepWidth: Set<string>;
  existingFirstFormulas: Map<string, unknown>;
  /** Schema column of each position that the plan cannot tell from its header (renamed). */
  renamedAt: Map<number, string>;
  /** Positions the user confirmed under a name of their own. */
  confirmedAt: Set<number>;
  /** Computed columns whose first or last cell holds the formula as text. */
  formulasAsText: Set<string>;
  /**
   * Required columns not found in a table without a trusted memory but with unknown headers:
   * one of those may be the column renamed, so Repair does not add an empty twin.
   */
  unsure: Set<string>;
}

function tableLabel(key: TableKey, lang: Lang): string {
  return `${TABLES[key].sheet[lang]} (${TABLES[key].name})`;
}

/** A sheet name not yet used: `客户档案 (2)`, `客户档案 (3)`... */
function freeSheetName(taken: Set<string>, base: string): string {
  for (let n = 2; ; n++) {
    const name = `${base} (${n})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/**
 * The number format of a column's cells. A calculated cell formatted as Text ("@") would store its
 * formula as text, so computed text columns are General.
 */
export function columnNumberFormat(col: ColumnDef): string {
  const nf = NUMBER_FORMATS[col.type];
  return col.kind === "computed" && nf === "@" ? "General" : nf;
}

/**
 * The formulas of a table's computed columns against the headers the workbook actually has, by
 * column key; a column whose formula reads a table or column the workbook lacks is left out.
 * Appends take the formulas they write into new rows from here, set-up from `columnFormula`
 * through `planLayout`: both from the schema's one definition.
 */
export function computedFormulas(
  table: TableKey,
  headers: Partial<Record<TableKey, readonly string[]>>,
  mode: FormulaMode = DEFAULT_FORMULA_MODE,
): Map<string, string> {
  const resolved = new Map<TableKey, Map<string, string>>();
  const headerOf = (t: TableKey, key: string): string => {
    let map = resolved.get(t);
    if (!map) {
      const h = headers[t];
      if (!h) throw new MissingReference(t);
      map = resolveHeaders(t, h);
      resolved.set(t, map);
    }
    const found = map.get(key);
    if (found === undefined) throw new MissingReference(t);
    return found;
  };
  const out = new Map<string, string>();
  for (const col of TABLES[table].columns) {
    if (col.kind !== "computed") continue;
    try {
      out.set(col.key, columnFormula(table, col.key, mode, headerOf));
    } catch (e) {
      if (!(e instanceof MissingReference)) throw e;
    }
  }
  return out;
}

/** The tables whose columns a table's computed columns read (its own included). */
export function formulaTables(table: TableKey): TableKey[] {
  const used = new Set<TableKey>();
  for (const col of TABLES[table].columns) {
    if (col.kind === "computed")
      for (const mode of FORMULA_MODES)
        columnFormula(table, col.key, mode, (t, key) => {
          used.add(t);
          return key;
        });
  }
  return [...used];
}

function decorationFor(col: ColumnDef, header: string): ColumnDecoration {
  return {
    header,
    numberFormat: columnNumberFormat(col),
    listName: col.list ? LISTS[col.list].name : undefined,
    computed: col.kind === "computed" || undefined,
    validation: numberValidation(col),
    width: col.width,
  };
}

/** Makes `header` unique among `taken` (case-insensitive, as Excel's table headers are). */
function uniqueHeader(header: string, taken: Set<string>): string {
  let h = header;
  for (let n = 2; taken.has(h.toLowerCase()); n++) h = `${header}${n}`;
  taken.add(h.toLowerCase());
  return h;
}

/** Conditional formats of SPEC §3: overdue follow-ups, churn flags, overdue feedback. */
const ALERTS: { table: TableKey; key: string; test: string }[] = [
  { table: "interactions", key: "overdue", test: "=TRUE" },
  { table: "customers", key: "churnFlag", test: "=TRUE" },
  { table: "feedback", key: "sla", test: '="已逾期"' },
];

export interface AdoptionDetail {
  /** Final header row of the adopted range. */
  headers: string[];
  recognised: string[];
  unrecognised: string[];
  kept: { column: string; kept: string; computed: string }[];
  splits: { sourceCol: number; header: string; parts: readonly (string | null)[] }[];
}

/** How the template's header row becomes the table's header row. */
export function adoptHeaders(input: AdoptionInput, lang: Lang): AdoptionDetail {
  const { table } = input;
  const mapped: ColumnAssignment[] = mapHeaders(table, input.headerValues);
  const withData = new Set(input.columnsWithData);
  const taken = new Set<string>();
  const headers: string[] = [];
  const recognised: string[] = [];
  const unrecognised: string[] = [];
  const kept: AdoptionDetail["kept"] = [];
  const splits: AdoptionDetail["splits"] = [];
  // Canonical headers first, so a kept or unknown column never takes a canonical name.
  const canonical = new Set<string>();
  mapped.forEach((m) => {
    if (m.kind === "column")
      canonical.add(TABLES[table].columns.find((c) => c.key === m.key)!.header[lang].toLowerCase());
  });
  mapped.forEach((m, i) => {
    const abs = input.c0 + i;
    if (m.kind === "column") {
      const col = TABLES[table].columns.find((c) => c.key === m.key)!;
      if (col.kind === "computed" && withData.has(abs)) {
        // Kept once already (an adoption run again over its own renamed header row): as it is.
        const keptName = uniqueHeader(
          isKept(m.header) ? m.header : `${m.header}${KEPT_SUFFIX[lang]}`,
          taken,
        );
        headers.push(keptName);
        kept.push({ column: m.header, kept: keptName, computed: col.header[lang] });
        return;
      }
      headers.push(uniqueHeader(col.header[lang], taken));
      recognised.push(col.key);
      return;
    }
    if (m.kind === "combined") {
      headers.push(uniqueHeader(m.header, taken));
      splits.push({ sourceCol: abs, header: m.header, parts: m.parts });
      return;
    }
    if (m.kind === "unknown") {
      const name = canonical.has(m.header.toLowerCase())
        ? `${m.header}${KEPT_SUFFIX[lang]}`
        : m.header;
      headers.push(uniqueHeader(name, taken));
      unrecognised.push(m.header);
      return;
    }
    headers.push(uniqueHeader(lang === "zh" ? `列${i + 1}` : `Column${i + 1}`, taken));
  });
  return { headers, recognised, unrecognised, kept, splits };
}

/**
 * The plan for setup (and, with `adopt`, for adopting one template range). Tables first, then
 * columns, then formulas (a formula may only name a table that exists by then), then formats.
 */
export function planLayout(input: WorkbookSnapshot, opts: PlanOptions): LayoutPlan {
  const { lang } = opts;
  const ops: LayoutOp[] = [];
  const snap = claimUnnamedTables(input, lang, ops);
  const created: string[] = [];
  const upgraded: string[] = [];
  const skipped: string[] = [];
  const warnings: string[] = [];
  const sheetNames = new Set(snap.sheets.map((s) => s.name.toLowerCase()));
  const working = new Map<TableKey, WorkingTable>();

  const addSheet = (name: string) => {
    ops.push({ kind: "addSheet", sheet: name });
    sheetNames.add(name.toLowerCase());
  };
  /** A sheet of that name we may use: missing (created) or empty. Else undefined. */
  const usableSheet = (name: string): string | undefined => {
    const s = findSheet(snap, name);
    if (!s) {
      addSheet(name);
      return name;
    }
    return s.used === null && !snap.tables.some((t) => t.sheet === s.name) ? s.name : undefined;
  };

  // --- adoption: the template range becomes the table, in place --------------------------
  let adoption: AdoptionDetail | undefined;
  let replacedTable: string | undefined;
  if (opts.adopt) {
    const a = opts.adopt;
    const def = TABLES[a.table];
    const existing = findTable(snap, def.name);
    if (existing) {
      if (tableHasData(existing))
        throw new Error(`${def.name} already holds data; adoption would need a merge`);
      ops.push({ kind: "deleteTable", table: existing.name });
      replacedTable = existing.name;
      const host = findSheet(snap, existing.sheet);
      const onlyThis =
        host?.used !== null &&
        host?.used !== undefined &&
        host.used.r0 >= existing.rect.r0 &&
        host.used.r1 <= existing.rect.r1 &&
        host.used.c0 >= existing.rect.c0 &&
        host.used.c1 <= existing.rect.c1 &&
        snap.tables.filter((t) => t.sheet === existing.sheet).length === 1;
      if (onlyThis && existing.sheet.toLowerCase() !== a.sheet.toLowerCase())
        ops.push({ kind: "deleteSheet", sheet: existing.sheet });
      warnings.push(say(LAYOUT_MESSAGES.replacedEmpty, lang, { table: def.name }));
    }
    adoption = adoptHeaders(a, lang);
    const rect: Rect = {
      r0: a.headerRow,
      c0: a.c0,
      r1: Math.max(a.lastRow, a.headerRow + 1),
      c1: a.c1,
    };
    if (a.hasMerges) {
      ops.push({ kind: "unmerge", sheet: a.sheet, rect });
      warnings.push(say(LAYOUT_MESSAGES.unmerged, lang));
    }
    ops.push({
      kind: "adoptRange",
      table: def.name,
      sheet: a.sheet,
      rect,
      headers: adoption.headers,
    });
    const headerOf = resolveHeaders(a.table, adoption.headers);
    working.set(a.table, {
      key: a.table,
      name: def.name,
      sheet: a.sheet,
      rect,
      headers: [...adoption.headers],
      lang,
      headerOf,
      formulaKeys: new Set(),
      newKeys: new Set(),
      isNew: true,
      keepWidth: new Set(adoption.recognised),
      existingFirstFormulas: new Map(),
      renamedAt: new Map(),
      confirmedAt: new Set(),
      formulasAsText: new Set(),
      unsure: new Set(),
    });
    ops.push({ kind: "freeze", sheet: a.sheet, rows: a.headerRow + 1 });
    created.push(`${def.name} ← ${a.sheet}`);
    for (const k of adoption.kept) warnings.push(say(LAYOUT_MESSAGES.kept, lang, k));
    if (adoption.unrecognised.length)
      warnings.push(
        say(LAYOUT_MESSAGES.unrecognised, lang, { columns: adoption.unrecognised.join(", ") }),
      );
  }

  // --- the four CRM tables ----------------------------------------------------------------
  for (const key of TABLE_KEYS) {
    if (working.has(key)) continue;
    const def = TABLES[key];
    const existing = findTable(snap, def.name);
    if (existing) {
      const tLang = tableLanguage(key, existing.headers, lang);
      const headerOf = resolveHeaders(key, existing.headers);
      // A column whose header was changed is still the column: Repair must not add a second,
      // empty one beside it (every write would then miss the data). The user renames it back
      // or confirms the new name on Home.
      const cols = resolveColumns(
        key,
        existing.headers,
        snap.columnMemory?.[key],
        existing.firstValues,
      );
      const renamedAt = new Map<number, string>();
      const confirmedAt = new Set<number>();
      for (const r of cols.renamed) {
        if (headerOf.has(r.key)) continue;
        headerOf.set(r.key, existing.headers[r.position]!);
        renamedAt.set(r.position, r.key);
        warnings.push(
          say(LAYOUT_MESSAGES.renamed, lang, {
            table: tableLabel(key, lang),
            column: TABLES[key].columns.find((c) => c.key === r.key)!.header[tLang],
            header: r.header,
          }),
        );
      }
      cols.memory.confirmed.forEach((yes, i) => {
        const k = cols.keys[i];
        if (!yes || !k || headerOf.has(k)) return;
        headerOf.set(k, existing.headers[i]!);
        confirmedAt.add(i);
      });
      const firsts = new Map<string, unknown>();
      const asText = new Set<string>();
      for (const [k, h] of headerOf) {
        firsts.set(k, existing.firstFormulas[existing.headers.indexOf(h)]);
        if (columnHeldAsText(existing, h)) asText.add(k);
      }
      // A set-up that did not finish: every step again on every column it may have missed.
      const redo = snap.setupPending === true ? new Set(headerOf.keys()) : new Set<string>();
      if (snap.setupPending)
        ops.push({ kind: "freeze", sheet: existing.sheet, rows: existing.rect.r0 + 1 });
      working.set(key, {
        key,
        name: def.name,
        sheet: existing.sheet,
        rect: existing.rect,
        headers: [...existing.headers],
        lang: tLang,
        headerOf,
        formulaKeys: new Set(),
        newKeys: redo,
        isNew: false,
        keepWidth: new Set(),
        existingFirstFormulas: firsts,
        renamedAt,
        confirmedAt,
        formulasAsText: asText,
        unsure: new Set(
          cols.trusted || cols.unknown.length === 0
            ? []
            : cols.missing.filter((k) => {
                const c = TABLES[key].columns.find((x) => x.key === k)!;
                return c.required === true && c.kind === "input";
              }),
        ),
      });
      continue;
    }
    const candidate = opts.candidates?.find((c) => c.table === key);
    // Our own interrupted creation: the header row written at A1 of our sheet, no table yet.
    const interrupted =
      snap.setupPending === true &&
      candidate !== undefined &&
      candidate.dataRows === 0 &&
      candidate.headerRow === 0 &&
      candidate.c0 === 0 &&
      candidate.sheet.toLowerCase() === def.sheet[lang].toLowerCase();
    if (candidate && !interrupted) {
      // The user's own template for this table is in the workbook: adopting it keeps its data
      // in place, creating an empty table now would take the name it needs.
      warnings.push(
        say(LAYOUT_MESSAGES.adoptFirst, lang, {
          sheet: candidate.sheet,
          table: tableLabel(key, lang),
          rows: candidate.dataRows,
        }),
      );
      skipped.push(def.name);
      continue;
    }
    let sheet = interrupted ? candidate.sheet : usableSheet(def.sheet[lang]);
    if (sheet === undefined) {
      const other = freeSheetName(sheetNames, def.sheet[lang]);
      addSheet(other);
      warnings.push(
        say(LAYOUT_MESSAGES.sheetTaken, lang, {
          sheet: def.sheet[lang],
          table: tableLabel(key, lang),
          other,
        }),
      );
      sheet = other;
    }
    const headers = def.columns.map((c) => c.header[lang]);
    ops.push({ kind: "createTable", table: def.name, sheet, at: { r: 0, c: 0 }, headers });
    ops.push({ kind: "freeze", sheet, rows: 1 });
    created.push(def.name);
    working.set(key, {
      key,
      name: def.name,
      sheet,
      rect: { r0: 0, c0: 0, r1: 1, c1: headers.length - 1 },
      headers,
      lang,
      headerOf: new Map(def.columns.map((c) => [c.key, c.header[lang]])),
      formulaKeys: new Set(),
      newKeys: new Set(def.columns.map((c) => c.key)),
      isNew: true,
      keepWidth: new Set(),
      existingFirstFormulas: new Map(),
      renamedAt: new Map(),
      confirmedAt: new Set(),
      formulasAsText: new Set(),
      unsure: new Set(),
    });
  }

  // --- missing columns (older layouts, adopted templates) ---------------------------------
  for (const w of working.values()) {
    const taken = new Set(w.headers.map((h) => h.toLowerCase()));
    const added: string[] = [];
    for (const col of TABLES[w.key].columns) {
      if (w.headerOf.has(col.key)) continue;
      if (w.unsure.has(col.key)) {
        warnings.push(
          say(LAYOUT_MESSAGES.notAdded, lang, {
            table: tableLabel(w.key, lang),
            column: col.header[w.lang],
            headers: resolveColumns(w.key, w.headers).unknown.join(", "),
          }),
        );
        continue;
      }
      const header = uniqueHeader(col.header[w.lang], taken);
      ops.push({ kind: "addColumn", table: w.name, header });
      w.headers.push(header);
      w.rect = { ...w.rect, c1: w.rect.c1 + 1 };
      w.headerOf.set(col.key, header);
      w.newKeys.add(col.key);
      added.push(header);
    }
    if (opts.adopt?.table === w.key) {
      // Adopted: recognised template columns are decorated too (formats, dropdowns).
      for (const k of adoption?.recognised ?? []) w.newKeys.add(k);
    }
    if (added.length && !w.isNew) upgraded.push(`${w.name}: + ${added.join(", ")}`);
  }

  // --- formulas ---------------------------------------------------------------------------
  const headerOfAll = (t: TableKey, key: string): string => {
    const h = working.get(t)?.headerOf.get(key);
    if (h === undefined) throw new MissingReference(t);
    return h;
  };
  const recorded = snapshotFormulaMode(snap);
  const mode = opts.formulaMode ?? recorded;
  const switching = mode !== recorded;
  const modeName = say(
    mode === "native" ? LAYOUT_MESSAGES.modeNative : LAYOUT_MESSAGES.modeCrm,
    lang,
  );
  for (const w of working.values()) {
    for (const col of TABLES[w.key].columns) {
      if (col.kind !== "computed") continue;
      let formula: string;
      try {
        formula = columnFormula(w.key, col.key, mode, headerOfAll);
      } catch (e) {
        if (!(e instanceof MissingReference)) throw e;
        if (w.newKeys.has(col.key))
          warnings.push(
            say(LAYOUT_MESSAGES.formulaWaits, lang, {
              table: w.name,
              column: w.headerOf.get(col.key)!,
            }),
          );
        continue;
      }
      const header = w.headerOf.get(col.key)!;
      const formulaOp = {
        kind: "formula" as const,
        table: w.name,
        header,
        numberFormat: columnNumberFormat(col),
      };
      if (w.newKeys.has(col.key)) {
        ops.push({ ...formulaOp, formula });
        continue;
      }
      const actual = w.existingFirstFormulas.get(col.key);
      // A column that waited for the table it reads gets its formula once that table exists.
      const waited =
        !isFormula(actual) &&
        [...working.values()].some((o) => o !== w && o.isNew && formula.includes(`${o.name}[`));
      // Deleting the empty table turned the references to it into #REF!.
      const replaced = replacedTable !== undefined && formula.includes(`${replacedTable}[`);
      const asText = w.formulasAsText.has(col.key);
      // A table without a data row has no formula to compare (and Excel fills the column's
      // formula into the first row written): not drift.
      const drifted =
        asText || (w.rect.r1 > w.rect.r0 && normalizeFormula(actual) !== normalizeFormula(formula));
      // Our own formula of the other mode or of an older layout: updated without asking.
      const outdated = drifted && !asText && isOwnFormula(w.key, col.key, actual, headerOfAll);
      if (waited || replaced || (drifted && (opts.repairFormulas || switching || outdated))) {
        ops.push({ ...formulaOp, formula });
        if (drifted && !waited && !replaced)
          upgraded.push(
            outdated || switching
              ? say(LAYOUT_MESSAGES.formulasUpdated, lang, {
                  table: w.name,
                  column: header,
                  mode: modeName,
                })
              : say(LAYOUT_MESSAGES.repaired, lang, { table: w.name, column: header }),
          );
      } else if (drifted) {
        const message = asText ? LAYOUT_MESSAGES.asText : LAYOUT_MESSAGES.drift;
        warnings.push(say(message, lang, { table: w.name, column: header }));
      }
    }
  }

  // --- combined template columns → their parts ---------------------------------------------
  if (opts.adopt && adoption) {
    const a = opts.adopt;
    const w = working.get(a.table)!;
    for (const s of adoption.splits) {
      const filled: string[] = [];
      s.parts.forEach((part, i) => {
        if (!part || !w.newKeys.has(part) || adoption!.recognised.includes(part)) return;
        const header = w.headerOf.get(part)!;
        const targetCol = w.rect.c0 + w.headers.indexOf(header);
        if (a.lastRow <= a.headerRow) return;
        ops.push({
          kind: "splitColumn",
          table: w.name,
          tableKey: a.table,
          sheet: w.sheet,
          rows: { r0: a.headerRow + 1, r1: a.lastRow },
          sourceCol: s.sourceCol,
          targetCol,
          parts: s.parts,
          part: i,
        });
        filled.push(header);
      });
      if (filled.length)
        warnings.push(
          say(LAYOUT_MESSAGES.split, lang, { column: s.header, parts: filled.join(", ") }),
        );
    }
  }

  // --- formats, dropdowns, widths, conditional formats ------------------------------------
  for (const w of working.values()) {
    const columns: ColumnDecoration[] = [];
    for (const col of TABLES[w.key].columns) {
      if (!w.newKeys.has(col.key)) continue;
      const d = decorationFor(col, w.headerOf.get(col.key)!);
      // An adopted template keeps the widths its user chose for its own columns.
      if (w.keepWidth.has(col.key)) delete d.width;
      columns.push(d);
    }
    if (columns.length) ops.push({ kind: "decorate", table: w.name, columns });
    for (const alert of ALERTS) {
      if (alert.table !== w.key || !w.newKeys.has(alert.key)) continue;

      const col = w.rect.c0 + w.headers.indexOf(w.headerOf.get(alert.key)!);
      const body: Rect = { r0: w.rect.r0 + 1, c0: w.rect.c0, r1: w.rect.r1, c1: w.rect.c1 };
      ops.push({
        kind: "conditionalFormat",
        sheet: w.sheet,
        rect: body,
        formula: `=$${colLetters(col)}${body.r0 + 1}${alert.test}`,
        fill: COLORS.alertFill,
        fontColor: COLORS.alertFont,
        // Redone after an unfinished set-up, which may have added the format without its rule:
        // the body's formats are replaced, so ours is there once and whole.
        replace: !w.isNew && snap.setupPending === true ? true : undefined,
      });
    }
  }

  planSettings(snap, opts, ops, created, warnings, sheetNames, addSheet);

  // --- column memory: which schema column sits at each position, for later writes ----------
  // Written inside the pending mark's bracket: a set-up that stopped before its memory was
  // written is not complete (writes would then find columns by header only).
  for (const w of working.values()) {
    const keyOf = new Map([...w.headerOf].map(([k, h]) => [h, k]));
    const memory = encodeMemory(w.key, {
      keys: w.headers.map((h, i) => w.renamedAt.get(i) ?? keyOf.get(h) ?? null),
      confirmed: w.headers.map((_, i) => w.confirmedAt.has(i)),
    });
    if (snap.columnMemory?.[w.key] !== memory)
      ops.push({ kind: "setProperty", key: memoryProperty(w.key), value: memory });
  }

  if (snap.layoutVersion !== LAYOUT_VERSION)
    ops.push({ kind: "setProperty", key: LAYOUT_VERSION_PROPERTY, value: LAYOUT_VERSION });
  // A plan that changes the layout (more than the daily as-of date) is bracketed by the pending
  // mark; the executor writes the first op first and the last op last.
  if (snap.setupPending || ops.some((op) => op.kind !== "setAsOf" && op.kind !== "setProperty")) {
    ops.unshift({ kind: "setProperty", key: SETUP_PENDING_PROPERTY, value: 1 });
    ops.push({ kind: "setProperty", key: SETUP_PENDING_PROPERTY, value: 0 });
  }

  const tables = {} as Record<TableKey, PlannedTable | null>;
  for (const key of TABLE_KEYS) {
    const w = working.get(key);
    tables[key] = w
      ? {
          name: w.name,
          sheet: w.sheet,
          headers: w.headers,
          body: { r0: w.rect.r0 + 1, c0: w.rect.c0, r1: w.rect.r1, c1: w.rect.c1 },
        }
      : null;
  }
  return { ops, created, upgraded, skipped, warnings, tables };
}

class MissingReference extends Error {
  constructor(readonly table: TableKey) {
    super(`Table ${table} is not in the workbook`);
  }
}

/**
 * An interrupted set-up may have created a table and failed before naming it (`tables.add` and
 * `table.name =` are two operations): while the set-up is pending, a table that is not ours by
 * name but sits where ours goes with exactly our headers is ours, and is renamed rather than
 * left to push the real one to another sheet.
 */
function claimUnnamedTables(snap: WorkbookSnapshot, lang: Lang, ops: LayoutOp[]): WorkbookSnapshot {
  if (!snap.setupPending) return snap;
  const wanted: { name: string; sheet?: string; headers: string[] }[] = [
    ...TABLE_KEYS.map((k) => ({
      name: TABLES[k].name,
      sheet: TABLES[k].sheet[lang],
      headers: TABLES[k].columns.map((c) => c.header[lang]),
    })),
    ...LIST_KEYS.map((k) => ({ name: LISTS[k].table, headers: [LISTS[k].label[lang]] })),
  ];
  const ours = new Set(wanted.map((w) => w.name.toLowerCase()));
  const tables = snap.tables.map((t) => ({ ...t }));
  for (const w of wanted) {
    if (tables.some((t) => t.name.toLowerCase() === w.name.toLowerCase())) continue;
    const orphan = tables.find(
      (t) =>
        !ours.has(t.name.toLowerCase()) &&
        (w.sheet === undefined || t.sheet.toLowerCase() === w.sheet.toLowerCase()) &&
        t.headers.length === w.headers.length &&
        t.headers.every((h, i) => h === w.headers[i]),
    );
    if (!orphan) continue;
    ops.push({ kind: "renameTable", from: orphan.name, to: w.name });
    orphan.name = w.name;
  }
  return { ...snap, tables };
}

/** A template sheet that can be adopted as a CRM table. */
export interface Candidate {
  sheet: string;
  table: TableKey;
  /** Absolute row of the header, and the columns it spans. */
  headerRow: number;
  c0: number;
  c1: number;
  dataRows: number;
  recognised: string[];
  unrecognised: string[];
}

/**
 * Sheets without tables whose top rows hold a header row of a CRM table (under any title rows),
 * for a CRM table that does not yet hold data.
 */
export function findCandidates(snap: WorkbookSnapshot): Candidate[] {
  const out: Candidate[] = [];
  for (const s of snap.sheets) {
    if (!s.used || snap.tables.some((t) => t.sheet === s.name)) continue;
    const match = detectHeader(s.top);
    if (!match) continue;
    const existing = findTable(snap, TABLES[match.table].name);
    if (existing && tableHasData(existing)) continue;
    const row = s.top[match.row] ?? [];
    const filled = row.map((v, i) => (isBlank(v) ? -1 : i)).filter((i) => i >= 0);
    const headerRow = s.topAt.r + match.row;
    out.push({
      sheet: s.name,
      table: match.table,
      headerRow,
      c0: s.topAt.c + (filled[0] ?? 0),
      c1: s.topAt.c + (filled[filled.length - 1] ?? 0),
      dataRows: Math.max(0, s.used.r1 - headerRow),
      recognised: match.recognised,
      unrecognised: match.unrecognised,
    });
  }
  return out;
}

/** Column of the first list table on a fresh Settings sheet (A:B hold the named cells). */
const LIST_COL0 = 3;

function planSettings(
  snap: WorkbookSnapshot,
  opts: PlanOptions,
  ops: LayoutOp[],
  created: string[],
  warnings: string[],
  sheetNames: Set<string>,
  addSheet: (name: string) => void,
): void {
  const { lang } = opts;
  // A name whose cells were deleted refers to #REF!: it goes, and is defined again below.
  const live = (name: string) =>
    snap.names.some((n) => n.name.toLowerCase() === name.toLowerCase() && !isBrokenName(n.formula));
  for (const n of snap.names) {
    const ours =
      SETTINGS.some((s) => s.name.toLowerCase() === n.name.toLowerCase()) ||
      n.name.toLowerCase() === FORMULA_MODE_SETTING.name.toLowerCase() ||
      LIST_KEYS.some((k) => LISTS[k].name.toLowerCase() === n.name.toLowerCase());
    if (ours && isBrokenName(n.formula)) ops.push({ kind: "deleteName", name: n.name });
  }
  // Our settings sheet is where our names or list tables already are.
  const ownSheet = (() => {
    for (const s of SETTINGS) {
      const n = snap.names.find((x) => x.name.toLowerCase() === s.name.toLowerCase());
      const m = n && !isBrokenName(n.formula) ? /^=?'?(.+?)'?!/.exec(n.formula) : null;
      if (m) return m[1]!.replace(/''/g, "'");
    }
    for (const key of LIST_KEYS) {
      const t = findTable(snap, LISTS[key].table);
      if (t) return t.sheet;
    }
    return undefined;
  })();
  const missingSettings = SETTINGS.filter((s) => !live(s.name));
  const mode = opts.formulaMode ?? snapshotFormulaMode(snap);
  const modeMissing = !live(FORMULA_MODE_SETTING.name);
  const missingLists = LIST_KEYS.filter((k) => !findTable(snap, LISTS[k].table));
  const missingListNames = LIST_KEYS.filter((k) => !live(LISTS[k].name));
  // Repairing a workbook that was set up before (not a first set-up) says what it rebuilt.
  const repairing =
    snap.layoutVersion !== null || TABLE_KEYS.some((k) => findTable(snap, TABLES[k].name));

  let sheet = ownSheet;
  let fresh = false;
  if (!sheet && (missingSettings.length || missingLists.length || modeMissing)) {
    const base = SETTINGS_SHEET[lang];
    const s = findSheet(snap, base);
    // An interrupted set-up may have written the settings header (and the first setting's row)
    // before it defined any name: that sheet is ours to finish, on the base name or a "(n)" one.
    const started = (x: SheetSnapshot) =>
      snap.setupPending === true &&
      x.used !== null &&
      x.used.r1 <= 1 &&
      x.used.c1 <= 1 &&
      x.topAt.r === 0 &&
      x.topAt.c === 0 &&
      x.top[0]?.[0] === LAYOUT_MESSAGES.settingsHeader[lang];
    const resumed = snap.sheets.find(
      (x) =>
        started(x) &&
        (x.name.toLowerCase() === base.toLowerCase() ||
          x.name.toLowerCase().startsWith(`${base.toLowerCase()} (`)),
    );
    if (resumed) {
      sheet = resumed.name;
      fresh = true;
    } else if (!s) {
      addSheet(base);
      sheet = base;
      fresh = true;
    } else if (s.used === null) {
      sheet = s.name;
      fresh = true;
    } else {
      const other = freeSheetName(sheetNames, base);
      addSheet(other);
      warnings.push(say(LAYOUT_MESSAGES.sheetTaken, lang, { sheet: base, table: base, other }));
      sheet = other;
      fresh = true;
    }
    created.push(sheet);
  }
  if (!sheet) {
    planAsOf(snap, opts, ops);
    planFormulaMode(snap, mode, ops);
    return;
  }
  const snapSheet = findSheet(snap, sheet);
  const used = fresh ? null : (snapSheet?.used ?? null);

  if (missingSettings.length || modeMissing) {
    // Named cells go to their fixed rows on a fresh sheet, else below what is there.
    let row = used ? used.r1 + 2 : 1;
    if (!used)
      ops.push({
        kind: "writeCells",
        sheet,
        rect: { r0: 0, c0: 0, r1: 0, c1: 1 },
        values: [[LAYOUT_MESSAGES.settingsHeader[lang], LAYOUT_MESSAGES.valueHeader[lang]]],
      });
    if (!used) ops.push({ kind: "boldRow", sheet, rect: { r0: 0, c0: 0, r1: 0, c1: 1 } });
    const relinked: string[] = [];
    const defaults: string[] = [];
    for (const s of missingSettings) {
      // The name was deleted but its labelled cell is still there: point at it again, so the
      // user's own threshold survives the repair.
      const kept = used && snapSheet ? labelledCell(snapSheet, s.label) : undefined;
      if (kept) {
        ops.push({ kind: "defineName", name: s.name, sheet, address: kept });
        relinked.push(s.name);
        continue;
      }
      defaults.push(s.name);
      const value = s.defaultValue ?? opts.today;
      const nf = NUMBER_FORMATS[s.type];
      ops.push({
        kind: "writeCells",
        sheet,
        rect: { r0: row, c0: 0, r1: row, c1: 1 },
        values: [[s.label[lang], value]],
        formats: [["@", nf]],
      });
      ops.push({ kind: "defineName", name: s.name, sheet, address: `$B$${row + 1}` });
      if (s.key === "asOf")
        ops.push({ kind: "setProperty", key: AS_OF_AUTO_PROPERTY, value: opts.today });
      row++;
    }
    if (modeMissing) {
      // Text, so Excel never reads the word as anything else.
      ops.push({
        kind: "writeCells",
        sheet,
        rect: { r0: row, c0: 0, r1: row, c1: 1 },
        values: [[FORMULA_MODE_SETTING.label[lang], mode]],
        formats: [["@", "@"]],
      });
      ops.push({
        kind: "defineName",
        name: FORMULA_MODE_SETTING.name,
        sheet,
        address: `$B$${row + 1}`,
      });
      row++;
    }
    // On a fresh sheet the sheet itself is the news; on ours, each name restored is.
    if (used) created.push(...missingSettings.map((s) => s.name));
    if (used && modeMissing) created.push(FORMULA_MODE_SETTING.name);
    if (repairing && defaults.length)
      warnings.push(say(LAYOUT_MESSAGES.settingsDefaults, lang, { names: defaults.join(", ") }));
    if (relinked.length)
      warnings.push(say(LAYOUT_MESSAGES.settingsRelinked, lang, { names: relinked.join(", ") }));
  }
  // Widths are the last step of a write: an interrupted one may have missed them.
  if ((missingSettings.length && !used) || snap.setupPending) {
    ops.push({ kind: "columnWidth", sheet, col: 0, width: 150 });
    ops.push({ kind: "columnWidth", sheet, col: 1, width: 100 });
  }
  if (snap.setupPending) {
    for (const key of LIST_KEYS) {
      const t = findTable(snap, LISTS[key].table);
      if (t)
        ops.push({ kind: "columnWidth", sheet: t.sheet, col: t.rect.c0, width: listWidth(key) });
    }
  }
  // An emptied list table leaves its dropdown with no choice (and a Stop alert that rejects
  // every value typed): its default items go back into it.
  const refilled: string[] = [];
  for (const key of LIST_KEYS) {
    const t = findTable(snap, LISTS[key].table);
    if (!t || !snap.blankLists?.includes(t.name.toLowerCase())) continue;
    ops.push({
      kind: "fillList",
      table: t.name,
      sheet: t.sheet,
      rect: t.rect,
      items: [...LISTS[key].items],
    });
    refilled.push(LISTS[key].label[lang]);
  }
  if (refilled.length)
    warnings.push(say(LAYOUT_MESSAGES.listsRefilled, lang, { lists: refilled.join(", ") }));
  if (!missingSettings.some((s) => s.key === "asOf")) planAsOf(snap, opts, ops);
  if (!modeMissing) planFormulaMode(snap, mode, ops);

  let col = used ? Math.max(LIST_COL0, used.c1 + 2) : LIST_COL0;
  /**
   * An interrupted set-up may have written a list's cells and failed before `tables.add`: the
   * list's own column on our sheet (where a clean run puts it) is reused when it holds nothing
   * but that list's header and items.
   */
  const ownColumn = (key: ListKey): number | undefined => {
    if (!snap.setupPending || !snapSheet) return undefined;
    const c = LIST_COL0 + 2 * LIST_KEYS.indexOf(key);
    const expected = [LISTS[key].label[lang], ...LISTS[key].items];
    const rows = snapSheet.top.length;
    for (let r = 0; r < Math.max(rows, expected.length); r++) {
      const v = snapSheet.top[r - snapSheet.topAt.r]?.[c - snapSheet.topAt.c];
      if (!isBlank(v) && v !== expected[r]) return undefined;
    }
    return c;
  };
  for (const key of missingLists) {
    const list = LISTS[key];
    const reused = ownColumn(key);
    if (reused !== undefined) {
      ops.push({
        kind: "createTable",
        table: list.table,
        sheet,
        at: { r: 0, c: reused },
        headers: [list.label[lang]],
        rows: list.items.map((i) => [i]),
      });
      ops.push({ kind: "columnWidth", sheet, col: reused, width: listWidth(key) });
      created.push(list.table);
      continue;
    }
    ops.push({
      kind: "createTable",
      table: list.table,
      sheet,
      at: { r: 0, c: col },
      headers: [list.label[lang]],
      rows: list.items.map((i) => [i]),
    });
    ops.push({ kind: "columnWidth", sheet, col, width: listWidth(key) });
    created.push(list.table);
    col += 2;
  }
  for (const key of missingListNames) {
    ops.push({ kind: "defineName", name: LISTS[key].name, formula: `=${LISTS[key].table}[#Data]` });
  }
}

function listWidth(key: string): number {
  return key === "industry" ? 200 : 100;
}

/** `$B$3` when a row of the sheet's top holds the setting's label and a number beside it. */
function labelledCell(sheet: SheetSnapshot, label: Label): string | undefined {
  const labels = [label.zh, label.en].map((l) => l.trim());
  for (let r = 0; r < sheet.top.length; r++) {
    const row = sheet.top[r] ?? [];
    for (let c = 0; c + 1 < row.length; c++) {
      if (!labels.includes(String(row[c] ?? "").trim()) || typeof row[c + 1] !== "number") continue;
      return `$${colLetters(sheet.topAt.c + c + 1)}$${sheet.topAt.r + r + 1}`;
    }
  }
  return undefined;
}

/** The as-of date follows today; a second run on the same day writes nothing. */
function planAsOf(snap: WorkbookSnapshot, opts: PlanOptions, ops: LayoutOp[]): void {
  // An unfinished set-up may have written the date without recording it as the add-in's.
  if (snap.asOf !== opts.today || snap.setupPending)
    ops.push({ kind: "setAsOf", value: opts.today });
}

/** The recorded mode follows a switch; an unchanged mode writes nothing. */
function planFormulaMode(snap: WorkbookSnapshot, mode: FormulaMode, ops: LayoutOp[]): void {
  if (
    snap.names.some((n) => n.name.toLowerCase() === FORMULA_MODE_SETTING.name.toLowerCase()) &&
    snap.formulaMode !== mode
  )
    ops.push({ kind: "setFormulaMode", value: mode });
}

/**
 * Formulas of older layouts, recognised as ours, so an upgrade rewrites them instead of reporting
 * them as a user's edit. Version 1 → 2: the lookups showed 0 for a blank name, 最近互动 showed 0
 * for undated follow-ups, 金额 multiplied text. Version 2 → 3: the lookups searched the customer
 * table row by row (an exact MATCH per row).
 */
const OLD_FORMULAS: Partial<
  Record<string, readonly ((h: (t: TableKey, k: string) => string, t: TableKey) => string)[]>
> = {
  customerName: [
    (h, t) =>
      `=IF([@[${h(t, "customerId")}]]="","",IFERROR(INDEX(CRM_Customers[[${h("customers", "name")}]],MATCH([@[${h(t, "customerId")}]],CRM_Customers[[${h("customers", "customerId")}]],0)),""))`,
    (h, t) =>
      `=IF([@[${h(t, "customerId")}]]="","",IFERROR(INDEX(CRM_Customers[[${h("customers", "name")}]],MATCH([@[${h(t, "customerId")}]],CRM_Customers[[${h("customers", "customerId")}]],0))&"",""))`,
  ],
  lastContact: [
    (h) =>
      `=IF(COUNTIF(CRM_Interactions[[${h("interactions", "customerId")}]],[@[${h("customers", "customerId")}]])=0,"",MAXIFS(CRM_Interactions[[${h("interactions", "date")}]],CRM_Interactions[[${h("interactions", "customerId")}]],[@[${h("customers", "customerId")}]]))`,
  ],
  amount: [
    (h) =>
      `=IF(OR([@[${h("orders", "quantity")}]]="",[@[${h("orders", "unitPrice")}]]=""),"",[@[${h("orders", "quantity")}]]*[@[${h("orders", "unitPrice")}]])`,
  ],
};

/** Whether `actual` is a formula this add-in wrote for the column, in any mode or older layout. */
export function isOwnFormula(
  table: TableKey,
  key: string,
  actual: unknown,
  headers: HeaderOf,
): boolean {
  const a = normalizeFormula(actual);
  if (!a) return false;
  for (const m of FORMULA_MODES)
    if (normalizeFormula(columnFormula(table, key, m, headers)) === a) return true;
  return (OLD_FORMULAS[key] ?? []).some((old) => normalizeFormula(old(headers, table)) === a);
}

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
import { detectHeader, mapHeaders, type ColumnAssignment } from "./headers";
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
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
  tables: TableSnapshot[];
  /** Defined names and what they refer to (`=参数设置!$B$2`, `=CRM_List_Industry[#Data]`). */
  names: { name: string; formula: string }[];
  layoutVersion: number | null;
  /** Current value of the as-of cell, if the name exists. */
  asOf: unknown;
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

function hasName(snap: WorkbookSnapshot, name: string): boolean {
  return snap.names.some((n) => n.name.toLowerCase() === name.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Headers of an existing table
// ---------------------------------------------------------------------------------------------

/** Suffix of a template column kept beside the computed column that replaces it. */
export const KEPT_SUFFIX: Label = { zh: "(原)", en: " (original)" };

function isKept(header: string): boolean {
  const h = normalizeHeader(header);
  return h.endsWith(normalizeHeader(KEPT_SUFFIX.zh)) || h.endsWith(normalizeHeader(KEPT_SUFFIX.en));
}

/**
 * Resolves the schema columns of a CRM table to the headers it actually has: the canonical zh
 * or en header first, then a known synonym. Kept template columns (`最近互动时间(原)`) never
 * stand for the computed column that replaced them.
 */
export function resolveHeaders(table: TableKey, headers: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const claimed = new Set<number>();
  const cols = TABLES[table].columns;
  const norm = headers.map(normalizeHeader);
  for (const col of cols) {
    const names = [col.header.zh, col.header.en].map(normalizeHeader);
    const i = norm.findIndex((h, idx) => !claimed.has(idx) && names.includes(h));
    if (i >= 0) {
      claimed.add(i);
      out.set(col.key, headers[i]!);
    }
  }
  const mapped = mapHeaders(table, headers);
  mapped.forEach((m, i) => {
    if (claimed.has(i) || m.kind !== "column" || out.has(m.key) || isKept(m.header)) return;
    claimed.add(i);
    out.set(m.key, headers[i]!);
  });
  return out;
}

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
  | { kind: "formula"; table: string; header: string; formula: string }
  | { kind: "decorate"; table: string; columns: ColumnDecoration[] }
  | {
      kind: "conditionalFormat";
      sheet: string;
      rect: Rect;
      formula: string;
      fill: string;
      fontColor: string;
    }
  | { kind: "freeze"; sheet: string; rows: number }
  | { kind: "writeCells"; sheet: string; rect: Rect; values: CellValue[][]; formats?: string[][] }
  | { kind: "boldRow"; sheet: string; rect: Rect }
  | { kind: "columnWidth"; sheet: string; col: number; width: number }
  | { kind: "defineName"; name: string; sheet?: string; address?: string; formula?: string }
  | { kind: "setProperty"; key: string; value: number }
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
    };

export const LAYOUT_VERSION_PROPERTY = "CRM_LayoutVersion";

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
    zh: "工作表“{sheet}”已有数据且不属于本加载项,未改动;{table}已建在“{other}”。",
    en: 'Sheet "{sheet}" holds data that is not ours and was left alone; {table} was created on "{other}".',
  },
  adoptFirst: {
    zh: "工作表“{sheet}”看起来是{table}模板({rows}行数据),未改动;请在“工作簿状态”中选择“采用”以就地转换。",
    en: 'Sheet "{sheet}" looks like a {table} template ({rows} data rows) and was left alone; choose "Adopt" in the workbook status to convert it in place.',
  },
  drift: {
    zh: "{table}的计算列“{column}”的公式已被更改(例如 Excel 自动更正);请运行“修复”恢复。",
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
    zh: "{table}的计算列“{column}”暂未写入公式:它引用的表尚不存在。",
    en: 'The calculated column "{column}" of {table} has no formula yet: the table it reads does not exist.',
  },
  kept: {
    zh: "模板列“{column}”有数据,保留为“{kept}”;新的计算列“{computed}”已添加。",
    en: 'Template column "{column}" holds data and was kept as "{kept}"; the calculated column "{computed}" was added.',
  },
  unrecognised: {
    zh: "未识别的列已保留:{columns}",
    en: "Unrecognised columns were kept: {columns}",
  },
  split: {
    zh: "已从组合列“{column}”拆分出:{parts}(原列保留)。",
    en: 'Split the combined column "{column}" into: {parts} (the original column is kept).',
  },
  unmerged: {
    zh: "已取消表格区域内的合并单元格(数据保留在左上角单元格)。",
    en: "Unmerged cells inside the table range (their value stays in the top-left cell).",
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
  candidates?: readonly { sheet: string; table: TableKey; dataRows: number }[];
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

function decorationFor(col: ColumnDef, header: string): ColumnDecoration {
  const nf = NUMBER_FORMATS[col.type];
  // A calculated cell formatted as Text ("@") would store its formula as text.
  const numberFormat = col.kind === "computed" && nf === "@" ? "General" : nf;
  return {
    header,
    numberFormat,
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
        const keptName = uniqueHeader(`${m.header}${KEPT_SUFFIX[lang]}`, taken);
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
export function planLayout(snap: WorkbookSnapshot, opts: PlanOptions): LayoutPlan {
  const { lang } = opts;
  const ops: LayoutOp[] = [];
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
      const firsts = new Map<string, unknown>();
      for (const [k, h] of headerOf)
        firsts.set(k, existing.firstFormulas[existing.headers.indexOf(h)]);
      working.set(key, {
        key,
        name: def.name,
        sheet: existing.sheet,
        rect: existing.rect,
        headers: [...existing.headers],
        lang: tLang,
        headerOf,
        formulaKeys: new Set(),
        newKeys: new Set(),
        isNew: false,
        keepWidth: new Set(),
        existingFirstFormulas: firsts,
      });
      continue;
    }
    const candidate = opts.candidates?.find((c) => c.table === key);
    if (candidate) {
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
    let sheet = usableSheet(def.sheet[lang]);
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
    });
  }

  // --- missing columns (older layouts, adopted templates) ---------------------------------
  for (const w of working.values()) {
    const taken = new Set(w.headers.map((h) => h.toLowerCase()));
    const added: string[] = [];
    for (const col of TABLES[w.key].columns) {
      if (w.headerOf.has(col.key)) continue;
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
      if (w.newKeys.has(col.key)) {
        ops.push({ kind: "formula", table: w.name, header, formula });
        continue;
      }
      const actual = w.existingFirstFormulas.get(col.key);
      // A column that waited for the table it reads gets its formula once that table exists.
      const waited =
        !isFormula(actual) &&
        [...working.values()].some((o) => o !== w && o.isNew && formula.includes(`${o.name}[`));
      // Deleting the empty table turned the references to it into #REF!.
      const replaced = replacedTable !== undefined && formula.includes(`${replacedTable}[`);
      const drifted = normalizeFormula(actual) !== normalizeFormula(formula);
      // Our own formula of the other mode or of an older layout: updated without asking.
      const outdated = drifted && isOwnFormula(w.key, col.key, actual, headerOfAll);
      if (waited || replaced || (drifted && (opts.repairFormulas || switching || outdated))) {
        ops.push({ kind: "formula", table: w.name, header, formula });
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
        warnings.push(say(LAYOUT_MESSAGES.drift, lang, { table: w.name, column: header }));
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
      });
    }
  }

  planSettings(snap, opts, ops, created, warnings, sheetNames, addSheet);

  if (snap.layoutVersion !== LAYOUT_VERSION)
    ops.push({ kind: "setProperty", key: LAYOUT_VERSION_PROPERTY, value: LAYOUT_VERSION });

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
  // Our settings sheet is where our names or list tables already are.
  const ownSheet = (() => {
    for (const s of SETTINGS) {
      const n = snap.names.find((x) => x.name.toLowerCase() === s.name.toLowerCase());
      const m = n ? /^=?'?(.+?)'?!/.exec(n.formula) : null;
      if (m) return m[1]!.replace(/''/g, "'");
    }
    for (const key of LIST_KEYS) {
      const t = findTable(snap, LISTS[key].table);
      if (t) return t.sheet;
    }
    return undefined;
  })();
  const missingSettings = SETTINGS.filter((s) => !hasName(snap, s.name));
  const mode = opts.formulaMode ?? snapshotFormulaMode(snap);
  const modeMissing = !hasName(snap, FORMULA_MODE_SETTING.name);
  const missingLists = LIST_KEYS.filter((k) => !findTable(snap, LISTS[k].table));
  const missingListNames = LIST_KEYS.filter((k) => !hasName(snap, LISTS[k].name));

  let sheet = ownSheet;
  let fresh = false;
  if (!sheet && (missingSettings.length || missingLists.length || modeMissing)) {
    const base = SETTINGS_SHEET[lang];
    const s = findSheet(snap, base);
    if (!s) {
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
    for (const s of missingSettings) {
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
    if (!used) {
      ops.push({ kind: "columnWidth", sheet, col: 0, width: 150 });
      ops.push({ kind: "columnWidth", sheet, col: 1, width: 100 });
    }
    // On a fresh sheet the sheet itself is the news; on ours, each name restored is.
    if (used) created.push(...missingSettings.map((s) => s.name));
    if (used && modeMissing) created.push(FORMULA_MODE_SETTING.name);
  }
  if (!missingSettings.some((s) => s.key === "asOf")) planAsOf(snap, opts, ops);
  if (!modeMissing) planFormulaMode(snap, mode, ops);

  let col = used ? Math.max(LIST_COL0, used.c1 + 2) : LIST_COL0;
  for (const key of missingLists) {
    const list = LISTS[key];
    ops.push({
      kind: "createTable",
      table: list.table,
      sheet,
      at: { r: 0, c: col },
      headers: [list.label[lang]],
      rows: list.items.map((i) => [i]),
    });
    ops.push({ kind: "columnWidth", sheet, col, width: key === "industry" ? 200 : 100 });
    created.push(list.table);
    col += 2;
  }
  for (const key of missingListNames) {
    ops.push({ kind: "defineName", name: LISTS[key].name, formula: `=${LISTS[key].table}[#Data]` });
  }
}

/** The as-of date follows today; a second run on the same day writes nothing. */
function planAsOf(snap: WorkbookSnapshot, opts: PlanOptions, ops: LayoutOp[]): void {
  if (snap.asOf !== opts.today) ops.push({ kind: "setAsOf", value: opts.today });
}

/** The recorded mode follows a switch; an unchanged mode writes nothing. */
function planFormulaMode(snap: WorkbookSnapshot, mode: FormulaMode, ops: LayoutOp[]): void {
  if (hasName(snap, FORMULA_MODE_SETTING.name) && snap.formulaMode !== mode)
    ops.push({ kind: "setFormulaMode", value: mode });
}

/**
 * Formulas of layout version 1 that version 2 changed (the lookups showed 0 for a blank name,
 * 最近互动 showed 0 for undated follow-ups, 金额 multiplied text): recognised as ours, so an
 * upgrade rewrites them instead of reporting them as a user's edit.
 */
const V1_FORMULAS: Partial<
  Record<string, (h: (t: TableKey, k: string) => string, t: TableKey) => string>
> = {
  customerName: (h, t) =>
    `=IF([@[${h(t, "customerId")}]]="","",IFERROR(INDEX(CRM_Customers[[${h("customers", "name")}]],MATCH([@[${h(t, "customerId")}]],CRM_Customers[[${h("customers", "customerId")}]],0)),""))`,
  lastContact: (h) =>
    `=IF(COUNTIF(CRM_Interactions[[${h("interactions", "customerId")}]],[@[${h("customers", "customerId")}]])=0,"",MAXIFS(CRM_Interactions[[${h("interactions", "date")}]],CRM_Interactions[[${h("interactions", "customerId")}]],[@[${h("customers", "customerId")}]]))`,
  amount: (h) =>
    `=IF(OR([@[${h("orders", "quantity")}]]="",[@[${h("orders", "unitPrice")}]]=""),"",[@[${h("orders", "quantity")}]]*[@[${h("orders", "unitPrice")}]])`,
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
  const v1 = V1_FORMULAS[key];
  return v1 !== undefined && normalizeFormula(v1(headers, table)) === a;
}

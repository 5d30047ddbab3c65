/**
 * The import pipeline: grid → header detection → column mapping (the user may change it) →
 * splitting of combined template columns → normalisation → validation with the forms' rules →
 * de-duplication within the file and against the workbook → an ImportPlan of rows to insert,
 * rows that update existing records, and rejected rows with their reasons.
 *
 * It runs in two steps so the preview stays responsive: `analyseImport` does the O(n) work once
 * (one pass over the rows, then one sort of every row's duplicate keys, never a scan of the
 * workbook per row); `planImport` applies the user's duplicate choices to the analysed rows and
 * can be re-run on every click. Nothing here touches the workbook: the plan is written by the
 * adapter. The analysis keeps a verdict per row (problems, duplicates), not the row's record:
 * that is read again from the row's cells when the preview, a merge or the writer asks for it.
 */
import { detectHeader, type ColumnAssignment } from "../headers";
import { normalizeName } from "../duplicates";
import { say, type Lang } from "../i18n";
import type { CrmRecord } from "../port";
import {
  TABLES,
  columnDef,
  inputColumns,
  matchHeader,
  normalizeHeader,
  type ColumnDef,
  type ListKey,
  type ListValues,
  type TableKey,
} from "../schema";
import { recordDoubts } from "../doubts";
import {
  MAX_TEXT,
  MESSAGES,
  customerIdSet,
  describeIssue,
  isWarningIssue,
  nfkc,
  tableValidator,
  type FieldIssue,
  type FieldOutcome,
  type TableValidator,
  type ValidationContext,
} from "../validation";
import { formatSerial, looksLikeFormula, toSerial, trimmedText } from "../values";
import { DuplicateIndex, newIndexKeys, type DupField, type DupHit } from "./duplicateIndex";
import { DUPLICATE_FIELDS, IMPORT_MESSAGES, REASON_HEADER } from "./messages";
import type { GridCell } from "./xlsx";
import { IdRemap, formerIdNote, type Remapped } from "./remap";

export type { GridCell };
export type { DupField, DupHit };

// ---------------------------------------------------------------------------------------------
// Mapping
// ---------------------------------------------------------------------------------------------

/** What one source column becomes. `notes` appends `header: value` to the record's 备注. */
export type ColumnTarget =
  | { kind: "column"; key: string }
  | { kind: "combined"; parts: readonly (string | null)[] }
  | { kind: "notes" }
  | { kind: "ignore" };

export interface ImportMapping {
  table: TableKey;
  /** 0-based row of the header within the grid; data starts on the next row. */
  headerRow: number;
  /** Header text of each source column. */
  headers: string[];
  targets: ColumnTarget[];
}

const REASON_HEADERS = new Set([
  normalizeHeader(REASON_HEADER.zh),
  normalizeHeader(REASON_HEADER.en),
]);

/**
 * The default target of a detected column. Computed columns are recalculated by the workbook,
 * so their values (a template's 最近互动时间, ABC分类) go to 备注 rather than being lost; the
 * child tables keep 客户名称 to find the customer when 客户编号 is blank.
 */
function defaultTarget(table: TableKey, a: ColumnAssignment): ColumnTarget {
  switch (a.kind) {
    case "empty":
      return { kind: "ignore" };
    case "unknown":
      return REASON_HEADERS.has(normalizeHeader(a.header)) ? { kind: "ignore" } : { kind: "notes" };
    case "combined":
      return { kind: "combined", parts: a.parts };
    case "column": {
      const col = columnDef(table, a.key);
      if (col.kind !== "computed" || a.key === "customerName")
        return { kind: "column", key: a.key };
      return { kind: "notes" };
    }
  }
}

function mappingFrom(
  grid: readonly (readonly unknown[])[],
  table: TableKey,
  row: number,
  columns: ColumnAssignment[],
): ImportMapping {
  const headerCells = grid[row] ?? [];
  const targets = columns.map((a) => defaultTarget(table, a));
  // An order sheet with one amount per line (交易金额, as the crm-records guide keeps it) and
  // no unit price: the amount is the line's price (数量 1, see impliedValues), not a note that
  // the computed 金额 column, and every total built on it, would never see.
  if (table === "orders" && !targets.some((t) => t.kind === "column" && t.key === "unitPrice")) {
    const amount = columns.findIndex((a) => a.kind === "column" && a.key === "amount");
    if (amount >= 0) targets[amount] = { kind: "column", key: "unitPrice" };
  }
  return {
    table,
    headerRow: row,
    headers: columns.map((_, i) => trimmedText(headerCells[i])),
    targets,
  };
}

/** Headers that name a person rather than a company (the customer-profile template's). */
const PERSON_NAME_HEADERS: ReadonlySet<string> = new Set(["客户姓名", "姓名"].map(normalizeHeader));

/**
 * Values a mapping implies where the file has no column for them:
 * - `contactFromName`: a customer sheet of private persons (客户档案模板: 客户姓名, and no
 *   联系人 column) — the person is its own contact, so 对接人 (required) takes the name rather
 *   than every row failing on it;
 * - `quantityOne`: an order sheet with a price but no 数量 — one line of that price.
 * Both fill only a blank cell, and the mapping shows them (the pane names them in words).
 */
export function impliedValues(mapping: ImportMapping): {
  contactFromName: boolean;
  quantityOne: boolean;
} {
  const mapped = (key: string) => mapping.targets.some((t) => t.kind === "column" && t.key === key);
  const nameAt = mapping.targets.findIndex((t) => t.kind === "column" && t.key === "name");
  return {
    contactFromName:
      mapping.table === "customers" &&
      nameAt >= 0 &&
      !mapped("contact") &&
      PERSON_NAME_HEADERS.has(normalizeHeader(mapping.headers[nameAt] ?? "")),
    quantityOne: mapping.table === "orders" && mapped("unitPrice") && !mapped("quantity"),
  };
}

/** Finds the header row under any title rows and maps its headers. Undefined: no CRM table. */
export function detectMapping(
  grid: readonly (readonly unknown[])[],
  tables?: readonly TableKey[],
): ImportMapping | undefined {
  const match = detectHeader(grid, { tables });
  if (!match) return undefined;
  let width = match.columns.length;
  for (let r = match.row; r < grid.length; r++) width = Math.max(width, grid[r]?.length ?? 0);
  const columns: ColumnAssignment[] = [...match.columns];
  while (columns.length < width) columns.push({ kind: "empty" });
  return mappingFrom(grid, match.table, match.row, columns);
}

/** Re-maps the same header row to another table (the user says "these are follow-ups"). */
export function remapTable(
  grid: readonly (readonly unknown[])[],
  mapping: ImportMapping,
  table: TableKey,
): ImportMapping {
  const match = detectHeader([grid[mapping.headerRow] ?? []], { tables: [table], minMatches: 0 });
  const columns: ColumnAssignment[] = match ? [...match.columns] : [];
  while (columns.length < mapping.headers.length) columns.push({ kind: "empty" });
  return mappingFrom(grid, table, mapping.headerRow, columns);
}

/**
 * Sets one column's target. A column key belongs to one source column only: the column that
 * held it before goes to 备注 (or loses that part, for a combined column).
 */
export function setTarget(
  mapping: ImportMapping,
  index: number,
  target: ColumnTarget,
): ImportMapping {
  const claimed = new Set(
    target.kind === "column"
      ? [target.key]
      : target.kind === "combined"
        ? target.parts.filter((p): p is string => !!p)
        : [],
  );
  const targets = mapping.targets.map((t, i): ColumnTarget => {
    if (i === index) return target;
    if (t.kind === "column" && claimed.has(t.key)) return { kind: "notes" };
    if (t.kind === "combined" && t.parts.some((p) => p && claimed.has(p))) {
      return { kind: "combined", parts: t.parts.map((p) => (p && claimed.has(p) ? null : p)) };
    }
    return t;
  });
  return { ...mapping, targets };
}

/** The columns a source column can be mapped to: the table's input columns. */
export function targetColumns(table: TableKey): ColumnDef[] {
  return inputColumns(table);
}

// ---------------------------------------------------------------------------------------------
// Cell preparation: combined columns, dates, IDs, lists
// ---------------------------------------------------------------------------------------------

/** A rejected-rows file escapes formula-like text with an apostrophe; importing it undoes that. */
function unescapeText(text: string): string {
  return text.startsWith("'") && looksLikeFormula(text.slice(1)) ? text.slice(1) : text;
}

const DATE_IN_TEXT = /(\d{4})\/(\d{1,2})\/(\d{1,2})/g;
const DATE_IN_TEXT_TEST = /\d{4}\/\d{1,2}\/\d{1,2}/;
const LEADING_LABEL = /^[^\d¥+\-.]+?[:：]?\s*(?=[\d¥+\-.])/u;

/** columnDef is a linear search; the pipeline asks for the same few columns on every row. */
const columnCache = new Map<string, ColumnDef>();
function colOf(table: TableKey, key: string): ColumnDef {
  const cacheKey = `${table}.${key}`;
  let col = columnCache.get(cacheKey);
  if (!col) {
    col = columnDef(table, key);
    columnCache.set(cacheKey, col);
  }
  return col;
}

const NUMERIC_TYPES: ReadonlySet<string> = new Set(["integer", "money", "number", "rate", "date"]);

function fits(col: ColumnDef | undefined, piece: string): boolean {
  if (!col) return false;
  switch (col.type) {
    case "integer":
      return /人$/.test(piece);
    case "money":
      return /[元万亿¥]/.test(piece);
    case "rate":
      return /%$/.test(piece);
    case "date":
      return /^\d{4}[-.年]/.test(piece);
    default:
      return false;
  }
}

/**
 * Splits a combined template cell (`200人/1.2亿元`, `A类/年合作额120万/85%`,
 * `2024/6/1/现场测试/李明`) into one piece per part. Dates keep their slashes; a label before
 * a number (`年合作额120万`) is dropped for numeric parts; with fewer pieces than parts, a piece
 * goes to the part its unit fits (`1.2亿元` alone is the revenue, not the head count).
 */
export function splitCombined(
  table: TableKey,
  text: string,
  parts: readonly (string | null)[],
): string[] {
  return splitPieces(
    text,
    parts.map((p) => (p ? colOf(table, p) : undefined)),
  );
}

/** splitCombined with the parts' columns looked up once per import, not once per cell. */
function splitPieces(text: string, cols: readonly (ColumnDef | undefined)[]): string[] {
  // Only the full-width slash matters here; each piece is normalised (NFKC) when it is read.
  let protectedText = text.includes("／") ? text.replace(/／/g, "/") : text;
  // Most cells hold no date; the regex replace would still copy the whole string.
  if (DATE_IN_TEXT_TEST.test(protectedText))
    protectedText = protectedText.replace(DATE_IN_TEXT, "$1-$2-$3");
  let pieces: string[] = [];
  for (let from = 0; ;) {
    const at = protectedText.indexOf("/", from);
    pieces.push((at < 0 ? protectedText.slice(from) : protectedText.slice(from, at)).trim());
    if (at < 0) break;
    from = at + 1;
  }
  const count = cols.length;
  if (pieces.length > count) {
    pieces = [...pieces.slice(0, count - 1), pieces.slice(count - 1).join("/")];
  }
  // One piece per part (the usual case): the pieces are the result, no second array.
  const out: string[] = pieces.length === count ? pieces : new Array<string>(count).fill("");
  if (out !== pieces) {
    const used = new Set<number>();
    for (const piece of pieces) {
      let at = cols.findIndex((c, i) => !used.has(i) && fits(c, piece));
      if (at < 0) at = cols.findIndex((_, i) => !used.has(i));
      if (at < 0) break;
      used.add(at);
      out[at] = piece;
    }
  }
  for (let i = 0; i < count; i++) {
    const col = cols[i];
    const piece = out[i] as string;
    // LEADING_LABEL needs a label character first; a piece starting with a digit has none.
    if (col && NUMERIC_TYPES.has(col.type) && !startsNumeric(piece))
      out[i] = piece.replace(LEADING_LABEL, "");
  }
  return out;
}

/** Whether text starts with a character LEADING_LABEL's label cannot begin with (or is empty). */
function startsNumeric(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  // 0-9, ¥, +, -, .
  return (c >= 0x30 && c <= 0x39) || c === 0xa5 || c === 0x2b || c === 0x2d || c === 0x2e;
}

/**
 * A date serial typed as text: only five-digit serials (1927-05-18 to 2173-10-14), as a CSV
 * from Excel carries a date column formatted General. "60" or "1.5" is not a date.
 */
const DIGITS_ONLY = /^\d{5}(\.\d+)?$/;
const TRAILING_TIME = /[T\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** A list's choices prepared once per import: its members, and each by its NFKC form. */
interface ChoiceLookup {
  members: ReadonlySet<string>;
  /** The first choice with a given NFKC form (a full-width variant picks the choice). */
  byNfkc: ReadonlyMap<string, string>;
}

/** Lookups of the lists of one import, built on first use (lists may change between imports). */
class ListLookups {
  /** By list key; "" for a list column without a list (no choices). */
  private readonly built = new Map<ListKey | "", ChoiceLookup>();

  constructor(readonly lists: ListValues) {}

  of(list: ListKey | undefined): ChoiceLookup {
    const key = list ?? "";
    let lookup = this.built.get(key);
    if (!lookup) {
      const choices = list ? this.lists[list] : [];
      const byNfkc = new Map<string, string>();
      for (const c of choices) {
        const form = c.normalize("NFKC");
        if (!byNfkc.has(form)) byNfkc.set(form, c);
      }
      lookup = { members: new Set(choices), byNfkc };
      this.built.set(key, lookup);
    }
    return lookup;
  }
}

/** Brings a cell into a form the shared validation reads; the validation does the rest. */
function prepareValue(col: ColumnDef, value: GridCell | undefined, lists: ListLookups): GridCell {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string") {
    return col.type === "phone" || col.type === "id" || col.type === "text" ? String(value) : value;
  }
  const text = unescapeText(value.trim());
  switch (col.type) {
    case "date": {
      // CSV from Excel carries a serial only when a date column was formatted General.
      if (DIGITS_ONLY.test(text)) return Number(text);
      return text.replace(TRAILING_TIME, "");
    }
    case "id":
      return nfkc(text).toUpperCase();
    case "integer":
      // The feedback template scores satisfaction as "4分" (the test first: the regex on every
      // 员工人数 of a customer file cost more than the rest of its preparation).
      return text.endsWith("分") ? text.replace(/^(\d+)\s*分$/u, "$1") : text;
    case "list": {
      const choices = lists.of(col.list);
      if (choices.members.has(text)) return text;
      return choices.byNfkc.get(nfkc(text)) ?? text;
    }
    default:
      return text;
  }
}

/** The choice that is `head`, or the only choice containing it (two letters at least). */
function resolveIndustry(head: string, choices: readonly string[]): string | undefined {
  if (choices.includes(head)) return head;
  if (head.length < 2) return undefined;
  let found: string | undefined;
  for (const c of choices) {
    if (!c.includes(head)) continue;
    if (found !== undefined) return undefined;
    found = c;
  }
  return found;
}

const INDUSTRY_SEPARATOR = /\s*[-—–/·>＞]\s*/u;

/** `制造业-电子设备` → 制造业 + 电子设备; `零售业` → 批发和零售业 (the only section containing it). */
export function splitIndustry(
  text: string,
  choices: readonly string[],
): { industry: string; sub: string } | undefined {
  const whole = resolveIndustry(text, choices);
  if (whole) return { industry: whole, sub: "" };
  const m = INDUSTRY_SEPARATOR.exec(text);
  if (!m) return undefined;
  const head = resolveIndustry(text.slice(0, m.index), choices);
  if (!head) return undefined;
  return { industry: head, sub: text.slice(m.index + m[0].length) };
}

/**
 * A bounded memo keyed by cell text, for one column of one import. Template values repeat a
 * great deal (lists, dates, combined 规模/合作 cells), and the work it saves is a pure function
 * of the text and the import's lists. It stops at `limit` entries, and a column whose values
 * hardly repeat (names, phones) switches its memo off after `limit` misses, so such columns pay
 * one failed lookup per row only until then.
 */
class TextMemo<V> {
  private readonly map = new Map<string, V>();
  private hits = 0;
  private misses = 0;
  private on: boolean;

  constructor(private readonly limit: number) {
    this.on = limit > 0;
  }

  get(text: string): V | undefined {
    if (!this.on) return undefined;
    const v = this.map.get(text);
    if (v !== undefined) this.hits++;
    else if (++this.misses >= this.limit && this.hits < this.misses) {
      this.on = false;
      this.map.clear();
    }
    return v;
  }

  set(text: string, value: V): void {
    if (this.on && this.map.size < this.limit) this.map.set(text, value);
  }
}

/** Distinct texts remembered per column (~4,000 entries of short strings: well under 1 MB). */
const MEMO_LIMIT = 4096;

/** A combined cell read once: the prepared value of each part (undefined: none), and 备注. */
interface CombinedCell {
  values: (GridCell | undefined)[];
  /**
   * Whether some non-empty part has no input column: then the cell goes to 备注 as
   * `header: text`, so that nothing the user typed is lost.
   */
  toNotes: boolean;
}

/** Memos of one import, by position in `CompiledMapping.columns`. */
interface RowMemos {
  prepared: TextMemo<GridCell>[];
  combined: TextMemo<CombinedCell>[];
  /** The 备注 text of unmapped date columns (最近互动时间 as YYYY-MM-DD), by cell text. */
  dateNotes: TextMemo<string>[];
  industry: TextMemo<{ industry: string; sub: string } | null>;
  /** Validation outcomes by the validator's column position. */
  outcomes: TextMemo<FieldOutcome>[];
}

/**
 * Column types whose preparation or validation costs more than a memo lookup. Plain text is
 * trimmed and length-checked only: a lookup (hashing the text, probing the map) costs more.
 */
const PREPARE_MEMO: ReadonlySet<string> = new Set(["date", "id", "integer", "list"]);
const OUTCOME_MEMO: ReadonlySet<string> = new Set([
  "date",
  "integer",
  "money",
  "number",
  "rate",
  "list",
  "items",
  "phone",
  "email",
]);

function rowMemos(compiled: CompiledMapping, limit: number): RowMemos {
  const memo = <V>(type: string | undefined, worth: ReadonlySet<string>) =>
    new TextMemo<V>(type !== undefined && worth.has(type) ? limit : 0);
  return {
    prepared: compiled.columns.map((c) => memo<GridCell>(c.col?.type, PREPARE_MEMO)),
    combined: compiled.columns.map(() => new TextMemo<CombinedCell>(limit)),
    dateNotes: compiled.columns.map((c) => new TextMemo<string>(c.dateNote ? limit : 0)),
    industry: new TextMemo(limit),
    outcomes: compiled.validator.columns.map((c) => memo<FieldOutcome>(c.type, OUTCOME_MEMO)),
  };
}

/** The general path of a combined cell: split, then prepare each piece that has a column. */
function readCombined(
  c: CompiledColumn,
  parts: readonly (string | null)[],
  text: string,
  lookups: ListLookups,
): CombinedCell {
  const partCols = c.partCols ?? [];
  const pieces = splitPieces(text, partCols);
  const values: (GridCell | undefined)[] = new Array<GridCell | undefined>(parts.length);
  let dropped = false;
  for (let p = 0; p < parts.length; p++) {
    const piece = pieces[p] ?? "";
    const col = partCols[p];
    if (!parts[p] || !col) dropped ||= piece !== "";
    else if (piece && c.partPos?.[p] !== undefined) values[p] = prepareValue(col, piece, lookups);
  }
  return { values, toNotes: dropped };
}

interface ReadRow {
  /** Prepared input values by the table validator's column position. */
  values: GridCell[];
  /** Customer name of a child-table row, used to find 客户编号 when it is blank. */
  customerName: string;
  /**
   * Cells equal to their column's header: two or more make the row a repeat of the header
   * row (files joined from several exports, sheets printed with repeated titles).
   */
  headerCells: number;
}

/** A mapping prepared once per import, so the per-row loop does no lookups and no closures. */
interface CompiledColumn {
  index: number;
  target: ColumnTarget;
  header: string;
  /** The header cell's text as the file has it ("" when blank: then no cell repeats it). */
  sourceHeader: string;
  /** `header: `, the prefix of this column's lines in 备注, built once per import. */
  noteLabel: string;
  col?: ColumnDef;
  /** Validator position of a column target; undefined when it is not an input column. */
  pos?: number;
  partCols?: (ColumnDef | undefined)[];
  /** Validator position of each combined part (undefined: no input column for that part). */
  partPos?: (number | undefined)[];
  /** A 备注 column that holds dates (最近互动时间): written as YYYY-MM-DD, not serials. */
  dateNote: boolean;
}

interface CompiledMapping {
  columns: CompiledColumn[];
  validator: TableValidator;
  /** Number of input columns of the table. */
  width: number;
  industry?: number;
  subIndustry?: number;
  notes?: number;
  customerId?: number;
  /** impliedValues: position to fill from / to when blank. */
  contactFrom?: number;
  contactTo?: number;
  quantity?: number;
  unitPrice?: number;
}

const compiledMappings = new WeakMap<ImportMapping, CompiledMapping>();

function compile(mapping: ImportMapping): CompiledMapping {
  const cached = compiledMappings.get(mapping);
  if (cached) return cached;
  const { table } = mapping;
  const validator = tableValidator(table);
  const pos = (key: string | null | undefined) => (key ? validator.positions.get(key) : undefined);
  const columns: CompiledColumn[] = [];
  mapping.targets.forEach((target, index) => {
    if (target.kind === "ignore") return;
    const header = mapping.headers[index] || `#${index + 1}`;
    columns.push({
      index,
      target,
      header,
      sourceHeader: mapping.headers[index] ?? "",
      noteLabel: `${header}: `,
      col: target.kind === "column" ? colOf(table, target.key) : undefined,
      pos: target.kind === "column" ? pos(target.key) : undefined,
      partCols:
        target.kind === "combined"
          ? target.parts.map((p) => (p ? colOf(table, p) : undefined))
          : undefined,
      partPos: target.kind === "combined" ? target.parts.map((p) => pos(p)) : undefined,
      dateNote: target.kind === "notes" && matchHeader(table, header)?.type === "date",
    });
  });
  const compiled: CompiledMapping = {
    columns,
    validator,
    width: validator.columns.length,
    industry: pos("industry"),
    subIndustry: pos("subIndustry"),
    notes: pos("notes"),
    customerId: pos("customerId"),
  };
  const implied = impliedValues(mapping);
  if (implied.contactFromName) {
    compiled.contactFrom = pos("name");
    compiled.contactTo = pos("contact");
  }
  if (implied.quantityOne) {
    compiled.quantity = pos("quantity");
    compiled.unitPrice = pos("unitPrice");
  }
  compiledMappings.set(mapping, compiled);
  return compiled;
}

function noteText(c: CompiledColumn, cell: GridCell | undefined): string {
  const text = unescapeText(trimmedText(cell));
  if (!c.dateNote || !text) return text;
  const serial = toSerial(typeof cell === "number" ? cell : text, true);
  return typeof serial === "number" ? formatSerial(serial) : text;
}

function isBlankValue(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function readRow(
  table: TableKey,
  compiled: CompiledMapping,
  cells: readonly GridCell[],
  lookups: ListLookups,
  values: GridCell[],
  memos: RowMemos,
  notes: string[],
  /**
   * Whether 备注 gets its lines from unmapped columns joined in. A verdict needs only their
   * length (the one rule of a text column that they can break), so the analysis joins them only
   * when the row's record is read for use, or when they make 备注 too long.
   */
  joinNotes: boolean,
): ReadRow {
  // Input values by column position: an array, not an object keyed by column. It is the
  // caller's, reused for every row (the validator copies what it keeps).
  values.fill(null);
  // The pieces of the 备注 lines of unmapped columns (`header: `, text, "\n", ...), joined once
  // at the end: one flat string per row. Joining as they came built a chain of ~12 rope nodes
  // per row that the validation then flattened into a copy (100,000 rows keep ~6 lines each).
  notes.length = 0;
  let customerName = "";
  let headerCells = 0;
  const columns = compiled.columns;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i] as CompiledColumn;
    const cell = cells[c.index];
    // Counted here, while the cell is at hand: a separate pass over every row's cells to spot
    // repeated header rows cost ~3 % of the analysis, mostly in fetching the cells.
    if (cell === c.sourceHeader && cell !== "") headerCells++;
    const target = c.target;
    if (target.kind === "notes") {
      let text: string | undefined;
      if (c.dateNote && typeof cell === "string") {
        const memo = memos.dateNotes[i] as TextMemo<string>;
        text = memo.get(cell);
        if (text === undefined) memo.set(cell, (text = noteText(c, cell)));
      } else text = noteText(c, cell);
      if (text) addNote(notes, c.noteLabel, text);
    } else if (target.kind === "column" && c.col) {
      if (target.key === "customerName" && table !== "customers") customerName = trimmedText(cell);
      else if (c.pos !== undefined) {
        if (typeof cell === "string" && cell !== "") {
          const memo = memos.prepared[i] as TextMemo<GridCell>;
          let prepared = memo.get(cell);
          if (prepared === undefined) {
            prepared = prepareValue(c.col, cell, lookups);
            memo.set(cell, prepared);
          }
          values[c.pos] = prepared;
        } else values[c.pos] = prepareValue(c.col, cell, lookups);
      }
    } else if (target.kind === "combined" && c.partCols && c.partPos) {
      const text = trimmedText(cell);
      if (!text) continue;
      const memo = memos.combined[i] as TextMemo<CombinedCell>;
      let combined = memo.get(text);
      if (combined === undefined) {
        combined = readCombined(c, target.parts, text, lookups);
        memo.set(text, combined);
      }
      const prepared = combined.values;
      for (let p = 0; p < prepared.length; p++) {
        const value = prepared[p];
        const at = c.partPos[p];
        if (value !== undefined && at !== undefined && isBlankValue(values[at])) values[at] = value;
      }
      // Parts the schema has no column for (the template's ABC class, next follow-up goal)
      // are kept verbatim in 备注 so nothing the user typed is lost.
      if (combined.toNotes) addNote(notes, c.noteLabel, text);
    }
  }
  const { contactFrom, contactTo, quantity, unitPrice } = compiled;
  if (contactFrom !== undefined && contactTo !== undefined && isBlankValue(values[contactTo]))
    values[contactTo] = values[contactFrom] ?? null;
  if (
    quantity !== undefined &&
    unitPrice !== undefined &&
    isBlankValue(values[quantity]) &&
    !isBlankValue(values[unitPrice])
  )
    values[quantity] = 1;
  const { industry: atIndustry, subIndustry: atSub, notes: atNotes } = compiled;
  const industry = atIndustry === undefined ? undefined : values[atIndustry];
  if (
    table === "customers" &&
    atIndustry !== undefined &&
    typeof industry === "string" &&
    !lookups.of("industry").members.has(industry)
  ) {
    let split = memos.industry.get(industry);
    if (split === undefined) {
      split = splitIndustry(industry, lookups.lists.industry) ?? null;
      memos.industry.set(industry, split);
    }
    if (split) {
      values[atIndustry] = split.industry;
      if (split.sub && atSub !== undefined && isBlankValue(values[atSub]))
        values[atSub] = split.sub;
    }
  }
  if (notes.length > 0 && atNotes !== undefined) {
    const own = values[atNotes];
    if (typeof own === "string" && own) notes.unshift(own, "\n");
    if (joinNotes || notesLength(notes) > MAX_TEXT) values[atNotes] = notes.join("");
  }
  return { values, customerName, headerCells };
}

function notesLength(pieces: readonly string[]): number {
  let length = 0;
  for (let i = 0; i < pieces.length; i++) length += (pieces[i] as string).length;
  return length;
}

/** Adds a `label: text` line to the 备注 pieces of a row. */
function addNote(notes: string[], label: string, text: string): void {
  if (notes.length > 0) notes.push("\n");
  notes.push(label, text);
}

// ---------------------------------------------------------------------------------------------
// Analyse
// ---------------------------------------------------------------------------------------------

export interface ImportContext {
  lists: ListValues;
  /** Today's serial: follow-ups may not be dated in the future. */
  today: number;
  /** The workbook's customers (de-duplication, must-exist references, names → IDs). */
  customers: readonly CrmRecord[];
  /** The workbook's rows of the target table (the same array as `customers` for customers). */
  existing: readonly CrmRecord[];
  /**
   * Distinct cell texts remembered per column (default 4,096); 0 reads every cell the general
   * way, which the tests compare the memoised reading against.
   */
  memoLimit?: number;
}

export interface AnalysedRow {
  /** 1-based row number in the file, as Excel shows it. */
  line: number;
  cells: readonly GridCell[];
  /** The row's ID as read (null: none or a row with problems), for the plan's ID checks. */
  id: string | null;
  /**
   * Normalised record (invalid fields left out), read again from the row's cells each time it
   * is asked for: a fresh object every time, which the caller may change.
   */
  readonly record: CrmRecord;
  /** Problems that block the row: it is not written and goes to the rejected-rows file. */
  issues: FieldIssue[];
  /** Problems that only warn: the row is written with the value as given (see ReadOutcome). */
  warnings: FieldIssue[];
  workbookDuplicate?: DupHit;
  /** `row` is the index of the first row of the file this one duplicates. */
  fileDuplicate?: DupHit;
  /** Its 客户编号 was an earlier import's former ID, pointed at the renumbered customer. */
  remapped?: Remapped;
}

/** A distinct value outside its column's list, among the rows to write, and how often. */
export interface OffListValue {
  /** Column key. */
  column: string;
  list: ListKey;
  value: string;
  /** File rows holding it, and the first of them. */
  rows: number;
  firstLine: number;
}

export interface AnalysedImport {
  mapping: ImportMapping;
  rows: FileRow[];
  existing: readonly CrmRecord[];
  /** Off-list values of rows without blocking problems, in the order first met. */
  offList: OffListValue[];
}

/** The key of an off-list value in `ImportChoices.offList`. */
export function offListKey(column: string, value: string): string {
  return `${column}\u0000${value}`;
}

function isBlankRow(cells: readonly GridCell[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === null || c === undefined || c === "") continue;
    if (typeof c !== "string") return false;
    // A cell starting with a printable ASCII character is not blank, without trimming it (trim
    // is still asked for the rest: it also removes U+3000, the full-width space).
    const first = c.charCodeAt(0);
    if ((first > 0x20 && first < 0x7f) || c.trim() !== "") return false;
  }
  return true;
}

/** Customer IDs by normalised name; a name used by two customers resolves to nothing. */
function customerNames(customers: readonly CrmRecord[]): Map<string, string | null> {
  const names = new Map<string, string | null>();
  for (const c of customers) {
    if (typeof c.name !== "string" || typeof c.customerId !== "string" || !c.customerId) continue;
    const key = normalizeName(c.name);
    names.set(key, names.has(key) ? null : c.customerId);
  }
  return names;
}

/**
 * A row read into a record: what the validation kept, what blocks the row (`issues`) and what
 * only warns (`warnings`: a malformed email or phone, an off-list value, a doubtful phone, an
 * unusual date; see isWarningIssue and doubts.ts). A warned value is in the record as given.
 */
interface ReadOutcome {
  record: CrmRecord;
  issues: FieldIssue[];
  warnings: FieldIssue[];
  /** The row's 客户编号 pointed at the customer an earlier import renumbered (remap.ts). */
  remapped?: Remapped;
}

/** An unreadable date in a date column that may be left blank (see RowReader.read). */
function isMovableDate(table: TableKey, issue: FieldIssue): boolean {
  if (issue.message !== MESSAGES.date && issue.message !== MESSAGES.noSuchDate) return false;
  const col = colOf(table, issue.key);
  return col.type === "date" && !col.required;
}

/** No warnings: one shared, frozen list (the analysis keeps a list per row). */
const NO_WARNINGS: FieldIssue[] = Object.freeze([]) as unknown as FieldIssue[];

/**
 * Reads the file's rows into records for one import: the mapping compiled once, the lists'
 * lookups, the cell memos and the validator, with the workbook's customers for names → IDs.
 * The analysis reads every row once to judge it; a row's record is read again from its cells
 * when someone asks for it (the preview, a merge, the writer). So the analysis keeps a verdict
 * per row, not a second copy of the file: a 100,000-row file's records and 备注 (~70 MB) used to
 * survive every young-generation collection of the analysis, which copied each of them twice.
 */
class RowReader {
  private readonly compiled: CompiledMapping;
  private readonly lookups: ListLookups;
  private readonly memos: RowMemos;
  private readonly vctx: ValidationContext;
  private readonly names: Map<string, string | null> | undefined;
  private readonly today: number;
  /** Customers an earlier import renumbered; undefined when there are none (most workbooks). */
  private readonly remap: IdRemap | undefined;
  /** A row's input values and 备注 pieces: scratch, reused for every row. */
  private readonly values: GridCell[];
  private readonly notes: string[] = [];

  constructor(
    readonly table: TableKey,
    mapping: ImportMapping,
    ctx: ImportContext,
  ) {
    this.compiled = compile(mapping);
    this.lookups = new ListLookups(ctx.lists);
    this.memos = rowMemos(this.compiled, ctx.memoLimit ?? MEMO_LIMIT);
    this.vctx = {
      lists: ctx.lists,
      today: ctx.today,
      // Only child rows refer to customers; the customers table needs no set of their IDs.
      customerIds:
        table === "customers" ? undefined : customerIdSet(ctx.customers.map((c) => c.customerId)),
    };
    this.names = table === "customers" ? undefined : customerNames(ctx.customers);
    this.today = ctx.today;
    const remap = table === "customers" ? undefined : new IdRemap(ctx.customers);
    this.remap = remap && !remap.empty ? remap : undefined;
    this.values = new Array<GridCell>(this.compiled.width).fill(null);
  }

  /**
   * The row's record and issues; undefined for a repeated header row (two cells or more).
   * `verdict`: the record is wanted only for its issues and duplicate keys, and its 备注 then
   * lacks the lines of unmapped columns (see readRow's joinNotes); the issues are the same.
   */
  read(cells: readonly GridCell[], verdict = false): ReadOutcome | undefined {
    const { table, compiled, names } = this;
    const { values, customerName, headerCells } = readRow(
      table,
      compiled,
      cells,
      this.lookups,
      this.values,
      this.memos,
      this.notes,
      !verdict,
    );
    if (headerCells >= 2) return undefined;
    const atCustomerId = compiled.customerId;
    let nameIssues: FieldIssue[] | undefined;
    let remapped: Remapped | undefined;
    const given = atCustomerId === undefined ? undefined : values[atCustomerId];
    if (this.remap && atCustomerId !== undefined && typeof given === "string" && customerName) {
      // An ID that an earlier import gave to another customer, quoted with that customer's
      // name: the row means the renumbered customer.
      remapped = this.remap.resolve(given, customerName);
      if (remapped) values[atCustomerId] = remapped.to;
    }
    if (names && atCustomerId !== undefined && isBlankValue(values[atCustomerId]) && customerName) {
      const id = names.get(normalizeName(customerName));
      if (id) values[atCustomerId] = id;
      else
        nameIssues = [
          {
            key: "customerId",
            message:
              id === null
                ? IMPORT_MESSAGES.ambiguousCustomerName
                : IMPORT_MESSAGES.unknownCustomerName,
            params: { value: customerName },
          },
        ];
    }
    const validated = compiled.validator.validate(values, this.vctx, this.memos.outcomes);
    const { record } = validated;
    let issues = validated.issues;
    let warnings = NO_WARNINGS;
    if (issues.length > 0 && issues.some(isWarningIssue)) {
      // Kept as given (trimmed, as prepared): the row is written and the data check marks it.
      warnings = issues.filter(isWarningIssue);
      issues = issues.filter((i) => !isWarningIssue(i));
      for (const w of warnings) {
        const at = compiled.validator.positions.get(w.key);
        const given = at === undefined ? undefined : values[at];
        if (given !== undefined && given !== null)
          record[w.key] = typeof given === "string" ? given.trim() : given;
      }
    }
    if (issues.length > 0 && compiled.notes !== undefined) {
      for (const issue of issues.filter((i) => isMovableDate(table, i))) {
        // An unreadable date in a date column that may be blank (预计采购时间 "明年春天") does not
        // cost the row: its text goes to 备注 as `header: text`, the date stays blank, and the
        // preview says so. A required date (维护日期, 反馈日期) still blocks: the workbook's
        // work lists and 流失预警 count from it. So does a 备注 that would outgrow a cell.
        const at = compiled.validator.positions.get(issue.key);
        const text = at === undefined ? "" : trimmedText(values[at]);
        const line = `${colOf(table, issue.key).header.zh}: ${text}`;
        const own = typeof record.notes === "string" ? record.notes : "";
        const length = this.notes.length > 0 ? notesLength(this.notes) : own.length;
        if (length + line.length + 1 > MAX_TEXT) continue;
        record.notes = own ? `${own}\n${line}` : line;
        issues = issues.filter((i) => i !== issue);
        warnings = [
          ...warnings,
          { key: issue.key, message: IMPORT_MESSAGES.dateToNotes, params: { value: text } },
        ];
      }
    }
    // Unusual dates only: a phone that fits no Chinese numbering plan (but is a phone number)
    // is left to the data check after the import, which marks it. Checked here, it cost the
    // bench's 100,000-row file ~0.3 s and ~40 MB (every phone of that file is doubtful), about
    // half a raw parse, and the pipeline must stay within 3× the raw parse.
    const doubts = recordDoubts(table, record, this.today, { phones: false });
    // A doubt about a value that already blocks the row (a follow-up in 2099) adds nothing.
    if (doubts.length > 0)
      warnings = [...warnings, ...doubts.filter((d) => !issues.some((i) => i.key === d.key))];
    if (nameIssues === undefined)
      return remapped ? { record, issues, warnings, remapped } : { record, issues, warnings };
    return {
      record,
      issues: [...nameIssues, ...issues.filter((i) => i.key !== "customerId")],
      warnings,
    };
  }

  /** The record of a row that `read` accepted as a row. */
  record(cells: readonly GridCell[]): CrmRecord {
    return this.read(cells)?.record ?? {};
  }
}

/**
 * A row of the file as analysed. Its record is not kept but read again from its cells (see
 * RowReader); `toJSON` includes it, so that a serialised row shows what the plan writes.
 */
export class FileRow implements AnalysedRow {
  id: string | null = null;
  remapped: Remapped | undefined = undefined;
  workbookDuplicate: DupHit | undefined = undefined;
  fileDuplicate: DupHit | undefined = undefined;

  constructor(
    readonly line: number,
    readonly cells: readonly GridCell[],
    readonly issues: FieldIssue[],
    readonly warnings: FieldIssue[],
    private readonly reader: RowReader,
  ) {}

  get record(): CrmRecord {
    return this.reader.record(this.cells);
  }

  get table(): TableKey {
    return this.reader.table;
  }

  toJSON(): AnalysedRow {
    const { line, cells, id, record, issues, warnings, workbookDuplicate, fileDuplicate } = this;
    const json = { line, cells, id, record, issues, warnings, workbookDuplicate, fileDuplicate };
    return this.remapped ? { ...json, remapped: this.remapped } : json;
  }
}

/**
 * An analysis that runs in steps: `run(to)` reads the grid's rows up to (not including) row
 * `to`, and can be called again for the next rows; `result()` is the analysis of the rows read.
 * The pane runs it in slices so that it can show progress and the user can cancel.
 */
interface Analysis {
  /** First and end row of the grid's data. */
  readonly first: number;
  readonly end: number;
  run(to: number): void;
  result(): AnalysedImport;
}

function startAnalysis(
  grid: readonly (readonly GridCell[])[],
  mapping: ImportMapping,
  ctx: ImportContext,
): Analysis {
  const { table } = mapping;
  const reader = new RowReader(table, mapping, ctx);
  const duplicates = new DuplicateIndex(
    table,
    ctx.existing,
    ctx.existing.length + Math.max(0, grid.length - mapping.headerRow - 1),
  );
  /** A row's index keys: per-row scratch, reused for every row. */
  const scratchKeys = newIndexKeys();
  const rows: FileRow[] = [];
  const offList = new Map<string, OffListValue>();
  const noteOffList = (warnings: readonly FieldIssue[], line: number) => {
    for (const w of warnings) {
      if (w.message !== MESSAGES.list) continue;
      const value = String(w.params?.value ?? "");
      const key = offListKey(w.key, value);
      const seen = offList.get(key);
      const list = colOf(table, w.key).list;
      if (seen) seen.rows++;
      else if (list) offList.set(key, { column: w.key, list, value, rows: 1, firstLine: line });
    }
  };
  let next = mapping.headerRow + 1;
  /** Rows whose duplicates are resolved (resolving is one batch over all rows read so far). */
  let resolved = -1;

  const run = (to: number): void => {
    const end = Math.min(to, grid.length);
    for (let r = next; r < end; r++) {
      const cells = grid[r] ?? [];
      if (isBlankRow(cells)) continue;
      const read = reader.read(cells, true);
      if (!read) continue;
      const row = new FileRow(r + 1, cells, read.issues, read.warnings, reader);
      if (read.remapped) row.remapped = read.remapped;
      if (read.issues.length === 0 && read.warnings.length > 0) noteOffList(read.warnings, r + 1);
      // Only valid rows take part in de-duplication: a rejected row is written nowhere.
      row.id = duplicates.addRow(
        rows.length,
        read.issues.length > 0 ? undefined : read.record,
        scratchKeys,
      );
      rows.push(row);
    }
    next = Math.max(next, end);
  };
  return {
    first: mapping.headerRow + 1,
    end: grid.length,
    run,
    result: () => {
      if (resolved !== rows.length) {
        duplicates.resolve(rows);
        resolved = rows.length;
      }
      return { mapping, rows, existing: ctx.existing, offList: [...offList.values()] };
    },
  };
}

export function analyseImport(
  grid: readonly (readonly GridCell[])[],
  mapping: ImportMapping,
  ctx: ImportContext,
): AnalysedImport {
  const analysis = startAnalysis(grid, mapping, ctx);
  analysis.run(analysis.end);
  return analysis.result();
}

export interface SliceOptions {
  /** Rows read between two yields to the UI (default 5,000: ~0.1 s on a laptop). */
  sliceRows?: number;
  /** Called after each slice with the file rows read so far and their total. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the analysis at the next slice; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Lets the UI paint between slices (default: a zero-delay timer). */
  pause?: () => Promise<void>;
}

/**
 * AbortSignal.throwIfAborted, which older webviews (Safari before 15.4, as Office on older
 * macOS uses) lack.
 */
export function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error("Aborted");
}

/**
 * A new task, so the UI can paint and take a click. A message, not a zero-delay timer: browsers
 * stretch chained timers to 4 ms, and to 1 s or more while the page is hidden (a task pane
 * behind another window), which would stall an analysis the user left running.
 */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === "undefined")
    return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * analyseImport in slices, giving the UI a turn between them: a 100,000-row file takes seconds
 * on a slow laptop, and the pane must show progress and answer a click on Cancel meanwhile.
 * Same result as analyseImport (the same steps run over the same rows, in order).
 */
export async function analyseImportInSlices(
  grid: readonly (readonly GridCell[])[],
  mapping: ImportMapping,
  ctx: ImportContext,
  options: SliceOptions = {},
): Promise<AnalysedImport> {
  const { sliceRows = 5000, onProgress, signal, pause = nextTask } = options;
  const analysis = startAnalysis(grid, mapping, ctx);
  const total = Math.max(0, analysis.end - analysis.first);
  for (let at = analysis.first; at < analysis.end;) {
    stopIfAborted(signal);
    at = Math.min(analysis.end, at + Math.max(1, sliceRows));
    analysis.run(at);
    onProgress?.(at - analysis.first, total);
    if (at < analysis.end) await pause();
  }
  stopIfAborted(signal);
  return analysis.result();
}

// ---------------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------------

export type DuplicateChoice = "skip" | "update" | "keepBoth";

export interface ImportChoices {
  /** Applies to every duplicate row without a choice of its own. Default: skip. */
  duplicates: DuplicateChoice;
  /** By file line number. */
  perRow?: ReadonlyMap<number, DuplicateChoice>;
  /** What to do with each off-list value (by offListKey); default: keep it as text. */
  offList?: ReadonlyMap<string, OffListChoice>;
}

/**
 * An off-list value: kept as the text it is (the data check marks it), added to the workbook's
 * list (then it is a choice like any other), or replaced by an existing item.
 */
export type OffListChoice = { kind: "keep" } | { kind: "add" } | { kind: "map"; to: string };

/**
 * `conflict`: a customer row whose ID belongs to a different company in the workbook (only the
 * ID matches: other name, phone and email). Not a duplicate: it is inserted under a new ID.
 */
export type RowStatus = "insert" | "conflict" | "update" | "merge" | "skip" | "rejected";

export interface PlannedRow extends AnalysedRow {
  status: RowStatus;
  choice?: DuplicateChoice;
}

/**
 * An analysed row with its place in the plan: a view of the row (which every plan of the
 * analysis shares, as the pane re-plans on each choice) and its status. A view, not a copy of
 * the row's fields: the plan of a 100,000-row file makes one of these per row.
 */
class PlannedFileRow implements PlannedRow {
  constructor(
    private readonly row: FileRow,
    readonly status: RowStatus,
    readonly choice?: DuplicateChoice,
  ) {}

  get line(): number {
    return this.row.line;
  }
  get cells(): readonly GridCell[] {
    return this.row.cells;
  }
  get id(): string | null {
    return this.row.id;
  }
  get record(): CrmRecord {
    return this.row.record;
  }
  get issues(): FieldIssue[] {
    return this.row.issues;
  }
  get warnings(): FieldIssue[] {
    return this.row.warnings;
  }
  get workbookDuplicate(): DupHit | undefined {
    return this.row.workbookDuplicate;
  }
  get fileDuplicate(): DupHit | undefined {
    return this.row.fileDuplicate;
  }
  get remapped(): Remapped | undefined {
    return this.row.remapped;
  }

  toJSON(): PlannedRow {
    return { ...this.row.toJSON(), status: this.status, choice: this.choice };
  }
}

/**
 * A row to insert: the file lines it stands for (its own, then those merged into it), and its
 * record, read from the file when asked for (the writer asks once per row) unless a merge made
 * a copy of its own.
 */
class PlannedInsert {
  constructor(
    private readonly row: FileRow,
    private readonly mergedLines: readonly number[] | undefined,
    private readonly merged: CrmRecord | undefined,
    /** The ID column to blank, when another row already has this row's ID. */
    private readonly clearId: string | undefined,
    /** The user's choices for off-list values, applied to the record read from the file. */
    private readonly fix: (record: CrmRecord) => CrmRecord = (r) => r,
  ) {}

  get lines(): number[] {
    return this.mergedLines ? [this.row.line, ...this.mergedLines] : [this.row.line];
  }

  get record(): CrmRecord {
    const record = this.merged ? { ...this.merged } : this.fix(this.row.record);
    if (this.clearId !== undefined) {
      // The file's ID is taken (编号冲突, or an earlier row of the file): the writer gives a new
      // one, and 备注 remembers the old one for the files that still quote it (remap.ts).
      const former = this.row.id;
      if (former && this.row.table === "customers")
        record.notes = mergeNotes(record.notes, formerIdNote(former));
      record[this.clearId] = null;
    }
    return record;
  }

  toJSON(): { lines: number[]; record: CrmRecord } {
    return { lines: this.lines, record: this.record };
  }
}

export interface PlannedUpdate {
  /** Data row of the existing record when the file was analysed. */
  row: number;
  /** Its ID, which the writer uses to find the row again (rows may have moved since). */
  id: string | null;
  /** Only non-blank values that differ from the existing record: never a blank over a value. */
  patch: CrmRecord;
  lines: number[];
}

export interface ImportPlan {
  table: TableKey;
  rows: PlannedRow[];
  inserts: { readonly lines: number[]; readonly record: CrmRecord }[];
  updates: PlannedUpdate[];
  rejected: PlannedRow[];
  /** Items to add to the workbook's lists before the rows are written (off-list "add"). */
  listAdditions?: { list: ListKey; items: string[] }[];
  /** `warnings`: rows written (inserted, updated or merged) that carry warnings. */
  summary: Record<RowStatus, number> & { total: number; duplicates: number; warnings: number };
}

function mergeNotes(a: unknown, b: unknown): string | null {
  const left = typeof a === "string" ? a : "";
  const right = typeof b === "string" ? b : "";
  if (!right || left.includes(right)) return left || null;
  if (!left || right.includes(left)) return right;
  return `${left}\n${right}`;
}

/** Parts of a phone cell (`010-62345678/13812345678`), as isPhone splits them. */
const PHONE_PARTS = /[/、,，;；]|或/;

/** The distinct parts of two multi-valued cells, the first cell's first. */
function unionParts(a: string, b: string, split: RegExp, key: (part: string) => string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const part of [...a.split(split), ...b.split(split)]) {
    const text = part.trim();
    const k = key(text);
    if (!text || seen.has(k)) continue;
    seen.add(k);
    out.push(text);
  }
  return out;
}

/**
 * One field of a merge, never losing a value: a blank never overwrites; phones and 核心需求 are
 * unioned (up to the three items 核心需求 allows); text that differs (a name, an address, an
 * email, which holds one address) keeps the value already there and puts the incoming one in
 * 备注 with its file row; other values (amounts, dates, list choices) are updated.
 */
function mergeField(
  table: TableKey,
  key: string,
  current: unknown,
  incoming: unknown,
  line: number,
): { value: unknown; note?: string } {
  if (isBlankValue(incoming)) return { value: current };
  if (isBlankValue(current) || current === incoming) return { value: incoming };
  if (key === "notes") return { value: mergeNotes(current, incoming) };
  const col = TABLES[table].columns.find((c) => c.key === key);
  if (!col) return { value: incoming };
  const a = String(current);
  const b = String(incoming);
  const note = `${col.header.zh}(文件第 ${line} 行)：${b}`;
  if (col.type === "phone") {
    const digits = (p: string) => p.replace(/\D/g, "");
    return { value: unionParts(a, b, PHONE_PARTS, digits).join("/") };
  }
  if (col.type === "items") {
    const items = unionParts(a, b, /[、,，;；\n]+/, (p) => p.normalize("NFKC"));
    return items.length <= 3 ? { value: items.join("、") } : { value: current, note };
  }
  if (col.type === "text" || col.type === "email") {
    if (nfkc(a).trim() === nfkc(b).trim()) return { value: current };
    return { value: current, note };
  }
  return { value: incoming };
}

/** Merges `source` (file row `line`) into `target` by mergeField. IDs are never changed. */
function mergeInto(
  table: TableKey,
  target: CrmRecord,
  source: CrmRecord,
  idColumn: string,
  line: number,
): void {
  for (const [key, value] of Object.entries(source)) {
    if (key === idColumn || key === "notes" || isBlankValue(value)) continue;
    const { value: merged, note } = mergeField(table, key, target[key], value, line);
    target[key] = merged as CrmRecord[string];
    if (note) target.notes = mergeNotes(target.notes, note);
  }
  if (!isBlankValue(source.notes)) target.notes = mergeNotes(target.notes, source.notes);
}

/** The cells an update changes: mergeField of each, against the workbook's record. */
function patchFor(
  table: TableKey,
  existing: CrmRecord,
  record: CrmRecord,
  idColumn: string,
  line: number,
): CrmRecord {
  const patch: CrmRecord = {};
  const notes: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === idColumn || key === "notes" || isBlankValue(value) || existing[key] === value)
      continue;
    const { value: merged, note } = mergeField(table, key, existing[key], value, line);
    if (merged !== existing[key]) patch[key] = merged as CrmRecord[string];
    if (note) notes.push(note);
  }
  let mergedNotes: string | null = mergeNotes(existing.notes, record.notes);
  for (const note of notes) mergedNotes = mergeNotes(mergedNotes, note);
  if (mergedNotes !== (existing.notes ?? null) && !isBlankValue(mergedNotes))
    patch.notes = mergedNotes;
  return patch;
}

/**
 * The user's off-list choices as the plan applies them: `fix` replaces mapped values in a record
 * read from the file (the record is the caller's, a fresh one per read), `listAdditions` are the
 * items to add to the workbook's lists. Kept values need nothing: they are written as given.
 */
function offListPlan(
  values: readonly OffListValue[],
  choices: ReadonlyMap<string, OffListChoice> | undefined,
): {
  fix: (record: CrmRecord) => CrmRecord;
  listAdditions: NonNullable<ImportPlan["listAdditions"]>;
} {
  const mapped = new Map<string, Map<string, string>>();
  const additions = new Map<ListKey, string[]>();
  for (const v of values) {
    const choice = choices?.get(offListKey(v.column, v.value));
    if (choice?.kind === "map") {
      const byValue = mapped.get(v.column) ?? new Map<string, string>();
      byValue.set(v.value, choice.to);
      mapped.set(v.column, byValue);
    } else if (choice?.kind === "add") {
      const items = additions.get(v.list) ?? [];
      if (!items.includes(v.value)) items.push(v.value);
      additions.set(v.list, items);
    }
  }
  const listAdditions = [...additions].map(([list, items]) => ({ list, items }));
  if (mapped.size === 0) return { fix: (r) => r, listAdditions };
  const fix = (record: CrmRecord): CrmRecord => {
    for (const [column, byValue] of mapped) {
      const value = record[column];
      const to = typeof value === "string" ? byValue.get(value) : undefined;
      if (to !== undefined) record[column] = to;
    }
    return record;
  };
  return { fix, listAdditions };
}

/** A workbook hit on the ID alone (no name, phone or email in common). */
export function isIdOnly(hit: DupHit): boolean {
  const [field] = hit.fields;
  return hit.fields.length === 1 && (field === "customerId" || field === "id");
}

export function planImport(
  analysed: AnalysedImport,
  choices: ImportChoices = { duplicates: "skip" },
): ImportPlan {
  const { table } = analysed.mapping;
  const idColumn = TABLES[table].idColumn;
  const choiceOf = (line: number) => choices.perRow?.get(line) ?? choices.duplicates;
  const { fix, listAdditions } = offListPlan(analysed.offList, choices.offList);
  const rows: PlannedFileRow[] = [];
  /** 1 for each row whose record goes to the workbook (inserted, or updating a record). */
  const kept = new Uint8Array(analysed.rows.length);
  /** Records that merges change, read once and kept; the others are read when written. */
  const merged = new Map<number, CrmRecord>();
  const writable = (index: number): CrmRecord | undefined => {
    if (!kept[index]) return undefined;
    let record = merged.get(index);
    if (!record) {
      record = fix((analysed.rows[index] as FileRow).record);
      merged.set(index, record);
    }
    return record;
  };
  const updateOf = new Map<number, number>();
  const usedIds = new Set<string>();
  for (const r of analysed.existing) {
    const id = r[idColumn];
    if (typeof id === "string" && id) usedIds.add(id.toUpperCase());
  }
  let duplicates = 0;

  analysed.rows.forEach((row, index) => {
    if (row.issues.length > 0) {
      rows.push(new PlannedFileRow(row, "rejected"));
      return;
    }
    const dup = row.fileDuplicate ?? row.workbookDuplicate;
    if (!dup) {
      kept[index] = 1;
      rows.push(new PlannedFileRow(row, "insert"));
      return;
    }
    // Same ID, nothing else in common: another company's number, not this one's record. Given
    // a new ID by default (the ID is already used, so the insert clears it below); a choice made
    // for the row itself (update, skip) treats it as a duplicate after all.
    if (
      table === "customers" &&
      !row.fileDuplicate &&
      row.workbookDuplicate &&
      isIdOnly(row.workbookDuplicate) &&
      !choices.perRow?.has(row.line)
    ) {
      kept[index] = 1;
      rows.push(new PlannedFileRow(row, "conflict"));
      return;
    }
    duplicates++;
    const choice = choiceOf(row.line);
    if (choice === "skip") {
      rows.push(new PlannedFileRow(row, "skip", choice));
      return;
    }
    if (choice === "update" && row.fileDuplicate) {
      const target = writable(row.fileDuplicate.row);
      if (target) mergeInto(table, target, fix(row.record), idColumn, row.line);
      rows.push(new PlannedFileRow(row, target ? "merge" : "skip", choice));
      return;
    }
    if (choice === "update" && row.workbookDuplicate) {
      const existingRow = row.workbookDuplicate.row;
      const at = updateOf.get(existingRow);
      const target = at === undefined ? undefined : writable(at);
      if (target) {
        mergeInto(table, target, fix(row.record), idColumn, row.line);
        rows.push(new PlannedFileRow(row, "merge", choice));
      } else {
        kept[index] = 1;
        updateOf.set(existingRow, index);
        rows.push(new PlannedFileRow(row, "update", choice));
      }
      return;
    }
    kept[index] = 1;
    rows.push(new PlannedFileRow(row, "insert", choice));
  });

  const inserts: ImportPlan["inserts"] = [];
  const updates: PlannedUpdate[] = [];
  const linesOf = new Map<number, number[]>();
  rows.forEach((row, index) => {
    if (row.status === "merge") {
      const root =
        row.fileDuplicate?.row ?? updateOf.get(row.workbookDuplicate?.row ?? -1) ?? index;
      const lines = linesOf.get(root);
      if (lines) lines.push(row.line);
      else linesOf.set(root, [row.line]);
    }
  });
  rows.forEach((row, index) => {
    if (!kept[index]) return;
    const more = linesOf.get(index);
    if (row.status === "update" && row.workbookDuplicate) {
      const existing = analysed.existing[row.workbookDuplicate.row] ?? {};
      const existingId = existing[idColumn];
      updates.push({
        row: row.workbookDuplicate.row,
        id: typeof existingId === "string" && existingId ? existingId : null,
        patch: patchFor(table, existing, merged.get(index) ?? fix(row.record), idColumn, row.line),
        lines: more ? [row.line, ...more] : [row.line],
      });
      return;
    }
    // Keep a given ID unless another row already has it; then the writer allocates a new one.
    // Merges never change an ID, so the row's own ID is the record's.
    let clearId: string | undefined;
    if (row.id) {
      // One hash of the ID, not two (has, then add): the set grows unless it already held it.
      const before = usedIds.size;
      usedIds.add(row.id.toUpperCase());
      if (usedIds.size === before) clearId = idColumn;
    }
    inserts.push(
      new PlannedInsert(analysed.rows[index] as FileRow, more, merged.get(index), clearId, fix),
    );
  });

  const summary = {
    total: rows.length,
    insert: 0,
    conflict: 0,
    update: 0,
    merge: 0,
    skip: 0,
    rejected: 0,
    duplicates,
    warnings: 0,
  };
  for (const row of rows) {
    summary[row.status]++;
    if (row.warnings.length > 0 && row.status !== "rejected" && row.status !== "skip")
      summary.warnings++;
  }
  return {
    table,
    rows,
    inserts,
    updates,
    // Only rows with blocking problems: a row with warnings alone is written.
    rejected: rows.filter((r) => r.status === "rejected"),
    listAdditions,
    summary,
  };
}

/** Detects, analyses and plans in one call (tests, the benchmark, non-interactive callers). */
export function runImport(
  grid: readonly (readonly GridCell[])[],
  ctx: ImportContext | ((table: TableKey) => ImportContext),
  choices?: ImportChoices,
): { mapping: ImportMapping; analysed: AnalysedImport; plan: ImportPlan } | undefined {
  const mapping = detectMapping(grid);
  if (!mapping) return undefined;
  const context = typeof ctx === "function" ? ctx(mapping.table) : ctx;
  const analysed = analyseImport(grid, mapping, context);
  return { mapping, analysed, plan: planImport(analysed, choices) };
}

// ---------------------------------------------------------------------------------------------
// Describing rows
// ---------------------------------------------------------------------------------------------

/** Between a row's problems: the full-width semicolon in Chinese, "; " in English. */
function listSeparator(lang: Lang): string {
  return lang === "zh" ? "；" : "; ";
}

/** The problems of a row, one string, for the preview and the rejected-rows file. */
export function describeProblems(table: TableKey, row: AnalysedRow, lang: Lang): string {
  return row.issues.map((issue) => describeIssue(table, issue, lang)).join(listSeparator(lang));
}

/** The warnings of a row (written anyway, value kept as given), one string, for the preview. */
export function describeWarnings(table: TableKey, row: AnalysedRow, lang: Lang): string {
  return row.warnings.map((issue) => describeIssue(table, issue, lang)).join(listSeparator(lang));
}

/** Why a row is a duplicate, for the preview. */
export function describeDuplicate(analysed: AnalysedImport, row: AnalysedRow, lang: Lang): string {
  const fieldsText = (hit: DupHit) =>
    hit.fields.map((f) => say(DUPLICATE_FIELDS[f], lang)).join("、");
  if (row.fileDuplicate) {
    const first = analysed.rows[row.fileDuplicate.row];
    return say(IMPORT_MESSAGES.fileDuplicate, lang, {
      line: first?.line ?? 0,
      fields: fieldsText(row.fileDuplicate),
    });
  }
  if (row.workbookDuplicate) {
    const hit = row.workbookDuplicate;
    if ("status" in row && row.status === "conflict") {
      const other = analysed.existing[hit.row];
      return say(IMPORT_MESSAGES.idConflict, lang, {
        id: hit.id ?? "",
        name: trimmedText(other?.name),
      });
    }
    const id = hit.id ?? say(IMPORT_MESSAGES.workbookRow, lang, { row: hit.row + 1 });
    return say(IMPORT_MESSAGES.workbookDuplicate, lang, { id, fields: fieldsText(hit) });
  }
  return "";
}

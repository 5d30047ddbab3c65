/**
 * A faithful in-memory fake of the part of the Excel JavaScript object model this add-in uses.
 *
 * It behaves like Excel's proxy objects rather than like plain objects, because the bugs worth
 * catching live in that difference:
 * - method calls, `load()` and property writes are QUEUED and run in order at `context.sync()`;
 *   a property read before `load` + `sync` throws PropertyNotLoaded;
 * - `getItem` of a missing item fails at sync (ItemNotFound), `getItemOrNullObject` gives an
 *   object whose `isNullObject` is readable after the sync;
 * - every non-empty sync is one round trip: it is counted, its request payload (the JSON of the
 *   values written) and response payload (the JSON of the values loaded) are measured, and it can
 *   be made to fail on demand: as a request that never arrived (nothing applied) or at one of its
 *   operations (the operations before it stay applied: a batch is not a transaction);
 * - writing values to the rows just below a table grows the table only under Excel's conditions
 *   (see `growth`): the user's AutoCorrect options, a non-blank first cell, no totals row, no
 *   data validation of its own below the table; multi-row blocks may join only in part. The new
 *   rows get the number formats of the row above and, only while AutoCorrect fills calculated
 *   columns, their formulas;
 * - a formula written into a Text-formatted (`@`) cell is stored as text;
 * - formulas calling `CRM.*` show #NAME? when the custom-function runtime is absent;
 * - APIs above the host's ExcelApi version fail with ApiNotFound (`table.resize`, merged areas);
 * - `table.rows.add` works but is recorded, so a test can prove we never use it (co-authoring).
 *
 * Seeding and inspection go straight to the state, outside any sync: `addSheet`, `addTable`,
 * `sheet(name).grid()`, `table(name)`, `appendRowsDirect` (a co-author's edit) and so on.
 */

import { a1, colIndex, colLetters, type Rect } from "../../src/domain/a1";

// ---------------------------------------------------------------------------------------------
// Addresses (A1 notation itself is src/domain/a1.ts, tested on its own)
// ---------------------------------------------------------------------------------------------

/** The seeding helpers write addresses with it. */
export { colLetters };

export type CellValue = string | number | boolean;

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

function quoteSheet(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function fullAddress(sheet: string, rect: Rect): string {
  return `${quoteSheet(sheet)}!${a1(rect)}`;
}

/** Parses `A1`, `A1:C3`, `A:C`, `2:5`, `$A$1`, optionally prefixed by `Sheet!` or `'My sheet'!`. */
export function parseAddress(address: string): { sheet?: string; rect: Rect } {
  let text = address.trim();
  if (text.startsWith("=")) text = text.slice(1);
  let sheet: string | undefined;
  const bang = text.lastIndexOf("!");
  if (bang >= 0) {
    sheet = text.slice(0, bang);
    if (sheet.startsWith("'") && sheet.endsWith("'"))
      sheet = sheet.slice(1, -1).replace(/''/g, "'");
    text = text.slice(bang + 1);
  }
  text = text.replace(/\$/g, "").toUpperCase();
  const parts = text.split(":");
  if (parts.length < 1 || parts.length > 2)
    throw new FakeOfficeError("InvalidArgument", `Bad address ${address}`);
  const cells = parts.map((p) => {
    const m = /^([A-Z]*)(\d*)$/.exec(p);
    if (!m || (!m[1] && !m[2]))
      throw new FakeOfficeError("InvalidArgument", `Bad address ${address}`);
    return { col: m[1] ? colIndex(m[1]) : undefined, row: m[2] ? Number(m[2]) - 1 : undefined };
  });
  const a = cells[0]!;
  const b = cells[1] ?? a;
  const rect: Rect = {
    r0: a.row ?? 0,
    c0: a.col ?? 0,
    r1: b.row ?? (a.row === undefined ? MAX_ROWS - 1 : a.row),
    c1: b.col ?? (a.col === undefined ? MAX_COLS - 1 : a.col),
  };
  if (a.row === undefined && b.row === undefined) {
    rect.r0 = 0;
    rect.r1 = MAX_ROWS - 1;
  }
  if (a.col === undefined && b.col === undefined) {
    rect.c0 = 0;
    rect.c1 = MAX_COLS - 1;
  }
  return { sheet, rect: normalizeRect(rect) };
}

function normalizeRect(r: Rect): Rect {
  return {
    r0: Math.min(r.r0, r.r1),
    r1: Math.max(r.r0, r.r1),
    c0: Math.min(r.c0, r.c1),
    c1: Math.max(r.c0, r.c1),
  };
}

function intersect(a: Rect, b: Rect): Rect | null {
  const r: Rect = {
    r0: Math.max(a.r0, b.r0),
    c0: Math.max(a.c0, b.c0),
    r1: Math.min(a.r1, b.r1),
    c1: Math.min(a.c1, b.c1),
  };
  return r.r0 <= r.r1 && r.c0 <= r.c1 ? r : null;
}

const rows = (r: Rect) => r.r1 - r.r0 + 1;
const cols = (r: Rect) => r.c1 - r.c0 + 1;

/** UTF-8 byte length of the JSON of a value: the size it adds to a request or response. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Shaped like OfficeExtension.Error: `code`, `message`, `debugInfo`. */
export class FakeOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }
}

function notLoaded(type: string, prop: string): FakeOfficeError {
  return new FakeOfficeError(
    "PropertyNotLoaded",
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object (${type}) and call "context.sync()" on the associated request context.`,
  );
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

interface RowCells {
  v: (CellValue | undefined)[];
  f: (string | undefined)[];
  nf: (string | undefined)[];
}

export interface CellState {
  value: CellValue;
  formula?: string;
  numberFormat: string;
}

export interface FormatRecord {
  rect: Rect;
  /** Dotted path such as `fill.color`, `font.bold`, `wrapText`. */
  prop: string;
  value: unknown;
}

export interface ValidationRecord {
  rect: Rect;
  rule: unknown;
  errorAlert?: unknown;
  prompt?: unknown;
  ignoreBlanks?: boolean;
}

export interface ConditionalFormatRecord {
  rect: Rect;
  type: string;
  /** What the code set on the format object, e.g. `{ custom: { rule: { formula } } }`. */
  settings: Record<string, unknown>;
}

export type FormulaEvaluator = (
  sheet: string,
  row: number,
  col: number,
  formula: string,
) => CellValue;

let nextId = 1;

export class SheetState {
  readonly id = `{sheet-${nextId++}}`;
  name: string;
  visibility = "Visible";
  tabColor = "";
  protected = false;
  readonly cells = new Map<number, RowCells>();
  merges: Rect[] = [];
  freezeRows = 0;
  freezeColumns = 0;
  readonly columnWidths = new Map<number, number>();
  readonly formats: FormatRecord[] = [];
  readonly validations: ValidationRecord[] = [];
  readonly conditionalFormats: ConditionalFormatRecord[] = [];
  readonly autofitCalls: Rect[] = [];
  constructor(
    readonly fake: FakeExcel,
    name: string,
  ) {
    this.name = name;
  }

  private row(r: number, create: boolean): RowCells | undefined {
    let row = this.cells.get(r);
    if (!row && create) {
      row = { v: [], f: [], nf: [] };
      this.cells.set(r, row);
    }
    return row;
  }

  cell(r: number, c: number): CellState {
    const row = this.cells.get(r);
    const formula = row?.f[c];
    const raw = row?.v[c];
    const value =
      formula !== undefined ? this.fake.evaluate(this.name, r, c, formula) : (raw ?? "");
    return { value, formula, numberFormat: row?.nf[c] ?? "General" };
  }

  value(r: number, c: number): CellValue {
    return this.cell(r, c).value;
  }

  formula(r: number, c: number): CellValue {
    const row = this.cells.get(r);
    return row?.f[c] ?? row?.v[c] ?? "";
  }

  isEmpty(r: number, c: number): boolean {
    const row = this.cells.get(r);
    if (!row) return true;
    return row.f[c] === undefined && (row.v[c] === undefined || row.v[c] === "");
  }

  /** Writes what a user or `Range.values` would: `=…` is a formula, `'…` is literal text. */
  setInput(r: number, c: number, input: unknown): void {
    if (input === null || input === undefined) return;
    const row = this.row(r, true)!;
    if (
      typeof input === "string" &&
      input.startsWith("=") &&
      input.length > 1 &&
      (row.nf[c] ?? "General") !== "@"
    ) {
      // A cell formatted as Text keeps what is typed or written as text, a formula included
      // ("Formulas Don't Calculate as Formulas", excelribbon.tips.net T003308; Microsoft support,
      // "Fix formulas that show as text"): the `@` case falls through to the text branch below.
      row.f[c] = input;
      row.v[c] = undefined;
      return;
    }
    row.f[c] = undefined;
    if (typeof input === "string" && input.startsWith("'")) {
      row.v[c] = input.slice(1);
      return;
    }
    if (
      typeof input === "string" &&
      (row.nf[c] ?? "General") !== "@" &&
      /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(input.trim())
    ) {
      // Excel reads numeric text as a number unless the cell is formatted as text.
      row.v[c] = Number(input.trim());
      return;
    }
    if (typeof input === "number" || typeof input === "boolean" || typeof input === "string") {
      row.v[c] = input === "" ? undefined : input;
      return;
    }
    throw new FakeOfficeError("InvalidArgument", `Unsupported cell value ${String(input)}`);
  }

  setFormula(r: number, c: number, formula: string | undefined): void {
    const row = this.row(r, true)!;
    row.f[c] = formula;
    if (formula !== undefined) row.v[c] = undefined;
  }

  setNumberFormat(r: number, c: number, nf: string | undefined): void {
    const row = this.row(r, nf !== undefined);
    if (row) row.nf[c] = nf;
  }

  numberFormat(r: number, c: number): string {
    return this.cells.get(r)?.nf[c] ?? "General";
  }

  clear(rect: Rect, what: "All" | "Contents" | "Formats"): void {
    for (const [r, row] of this.cells) {
      if (r < rect.r0 || r > rect.r1) continue;
      for (
        let c = rect.c0;
        c <= Math.min(rect.c1, Math.max(row.v.length, row.f.length, row.nf.length));
        c++
      ) {
        if (what !== "Formats") {
          row.v[c] = undefined;
          row.f[c] = undefined;
        }
        if (what !== "Contents") row.nf[c] = undefined;
      }
    }
  }

  /** Bounding rectangle of non-empty cells (and formatted ones unless valuesOnly). */
  usedRect(valuesOnly: boolean, within?: Rect): Rect | null {
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    for (const [r, row] of this.cells) {
      if (within && (r < within.r0 || r > within.r1)) continue;
      const n = Math.max(row.v.length, row.f.length, row.nf.length);
      for (let c = 0; c < n; c++) {
        if (within && (c < within.c0 || c > within.c1)) continue;
        const used =
          row.f[c] !== undefined ||
          (row.v[c] !== undefined && row.v[c] !== "") ||
          (!valuesOnly && row.nf[c] !== undefined);
        if (!used) continue;
        r0 = Math.min(r0, r);
        r1 = Math.max(r1, r);
        c0 = Math.min(c0, c);
        c1 = Math.max(c1, c);
      }
    }
    return r1 < 0 ? null : { r0, c0, r1, c1 };
  }

  /** Moves the cells of columns c0..c1 at rows ≥ fromRow by `delta` rows (insert or delete). */
  shiftRows(fromRow: number, c0: number, c1: number, delta: number): void {
    const affected = [...this.cells.keys()]
      .filter((r) => r >= fromRow)
      .sort((a, b) => (delta > 0 ? b - a : a - b));
    for (const r of affected) {
      const row = this.cells.get(r)!;
      const target = r + delta;
      for (let c = c0; c <= c1; c++) {
        const v = row.v[c];
        const f = row.f[c];
        const nf = row.nf[c];
        row.v[c] = undefined;
        row.f[c] = undefined;
        row.nf[c] = undefined;
        if (target < fromRow + Math.min(0, delta) || target < 0) continue;
        if (v === undefined && f === undefined && nf === undefined) continue;
        const dest = this.row(target, true)!;
        dest.v[c] = v;
        dest.f[c] = f;
        dest.nf[c] = nf;
      }
    }
  }

  /** Moves the cells of rows r0..r1 at columns ≥ fromCol right by `delta` columns. */
  shiftColumns(fromCol: number, r0: number, r1: number, delta: number): void {
    for (const [r, row] of this.cells) {
      if (r < r0 || r > r1) continue;
      for (const arr of [row.v, row.f, row.nf] as unknown[][]) {
        if (arr.length <= fromCol) continue;
        const moved = arr.splice(fromCol);
        for (let i = 0; i < delta; i++) arr.push(undefined);
        arr.push(...moved);
      }
    }
  }

  /**
   * A cell's fill as Excel reports it: the last `fill.color` or `fill.clear()` covering it;
   * "#FFFFFF" when it has none (table styles are not modelled).
   */
  fillAt(r: number, c: number): string {
    for (let i = this.formats.length - 1; i >= 0; i--) {
      const f = this.formats[i]!;
      if (r < f.rect.r0 || r > f.rect.r1 || c < f.rect.c0 || c > f.rect.c1) continue;
      if (f.prop === "fill.color") return String(f.value);
      if (f.prop === "fill.clear()") return "#FFFFFF";
    }
    return "#FFFFFF";
  }

  formatAt(r: number, c: number, prop: string): unknown {
    for (let i = this.formats.length - 1; i >= 0; i--) {
      const f = this.formats[i]!;
      if (f.prop === prop && r >= f.rect.r0 && r <= f.rect.r1 && c >= f.rect.c0 && c <= f.rect.c1)
        return f.value;
    }
    return undefined;
  }
}

export class TableState {
  readonly id = `{table-${nextId++}}`;
  style = "TableStyleMedium2";
  showBandedRows = true;
  showBandedColumns = false;
  showFilterButton = true;
  showHeaders = true;
  showTotals = false;
  constructor(
    public name: string,
    public sheet: SheetState,
    /** Header row included. */
    public rect: Rect,
  ) {}

  get headerRow(): number {
    return this.rect.r0;
  }

  get body(): Rect {
    return { ...this.rect, r0: this.rect.r0 + 1 };
  }

  get rowCount(): number {
    return rows(this.rect) - 1;
  }

  columnNames(): string[] {
    const out: string[] = [];
    for (let c = this.rect.c0; c <= this.rect.c1; c++)
      out.push(String(this.sheet.value(this.rect.r0, c)));
    return out;
  }

  /** The formula a column's every data cell shares (Excel's calculated column), if any. */
  calculatedFormula(c: number): string | undefined {
    let formula: string | undefined;
    for (let r = this.rect.r0 + 1; r <= this.rect.r1; r++) {
      const f = this.sheet.cell(r, c).formula;
      if (f === undefined) return undefined;
      if (formula === undefined) formula = f;
      else if (f !== formula) return undefined;
    }
    return formula;
  }
}

export type NamedState =
  | { name: string; sheet: SheetState; rect: Rect; comment: string; visible: boolean }
  | { name: string; formula: string; comment: string; visible: boolean; sheet?: undefined };

export interface CustomPropertyState {
  key: string;
  value: unknown;
}

export interface RequestRecord {
  /** Kinds of the operations in the batch, e.g. `range.values=`, `load`, `tables.add`. */
  ops: string[];
  /** UTF-8 JSON bytes of the values written by the batch (what the request carries). */
  bytes: number;
  /** UTF-8 JSON bytes of the values loaded by the batch (what the response carries). */
  responseBytes: number;
  failed: boolean;
}

interface Op {
  kind: string;
  bytes: number;
  run: (res: { responseBytes: number }) => void;
}

// ---------------------------------------------------------------------------------------------
// Proxies
// ---------------------------------------------------------------------------------------------

type LoadSpec = string | string[] | Record<string, unknown> | undefined;

function parseLoad(spec: LoadSpec): { props: string[]; itemProps: string[] } {
  let list: string[] = [];
  if (typeof spec === "string") list = spec.split(",");
  else if (Array.isArray(spec)) list = spec.flatMap((s) => s.split(","));
  else if (spec && typeof spec === "object") {
    const select = (spec as { select?: unknown }).select;
    list =
      typeof select === "string"
        ? select.split(",")
        : Object.keys(spec).filter((k) => k !== "expand" && k !== "select");
  }
  const props: string[] = [];
  const itemProps: string[] = [];
  for (const raw of list.map((s) => s.trim()).filter(Boolean)) {
    if (raw === "items") itemProps.push("*");
    else if (raw.startsWith("items/")) itemProps.push(raw.slice(6));
    else props.push(raw);
  }
  return { props, itemProps };
}

/** Base of every proxy object: queued resolution, load, property cache. */
abstract class FakeClientObject<S> {
  private resolved: S | null | undefined;
  private resolvedOnce = false;
  protected readonly cache = new Map<string, unknown>();
  protected abstract readonly typeName: string;
  /** Properties loaded by `load()` with no argument or by `items` without a path. */
  protected abstract readonly scalarProps: readonly string[];

  constructor(
    readonly context: FakeRequestContext,
    private readonly resolver: () => S | null,
    /** Method-created objects resolve at their position in the batch, like Excel's actions. */
    queued: boolean,
  ) {
    if (queued) context.queue(`${this.constructor.name}.create`, 0, () => void this.resolve());
  }

  /** @internal */
  resolve(): S | null {
    if (!this.resolvedOnce) {
      this.resolved = this.resolver();
      this.resolvedOnce = true;
    }
    return this.resolved ?? null;
  }

  /** @internal The live state object; a null object raises the error Excel gives. */
  target(): S {
    const s = this.resolve();
    if (s === null)
      throw new FakeOfficeError(
        "ItemNotFound",
        `The requested ${this.typeName} was not found (null object).`,
      );
    return s;
  }

  get isNullObject(): boolean {
    if (!this.resolvedOnce) throw notLoaded(this.typeName, "isNullObject");
    return this.resolved === null;
  }

  load(spec?: LoadSpec): this {
    const { props } = parseLoad(spec);
    const list = props.length ? props : [...this.scalarProps];
    this.context.queue(`${this.typeName}.load`, 0, (res) => {
      if (this.resolve() === null) return;
      for (const p of list) {
        const v = this.readState(p);
        this.cache.set(p, v);
        res.responseBytes += jsonBytes(v);
      }
    });
    return this;
  }

  /** @internal Snapshot of a property from the live state (at sync). */
  abstract readState(prop: string): unknown;

  protected get<T>(prop: string): T {
    if (!this.cache.has(prop)) throw notLoaded(this.typeName, prop);
    return this.cache.get(prop) as T;
  }

  protected set(
    prop: string,
    value: unknown,
    apply: (s: S) => void,
    bytes = jsonBytes(value),
  ): void {
    this.cache.set(prop, value);
    this.context.queue(`${this.typeName}.${prop}=`, bytes, () => apply(this.target()));
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.cache);
  }
}

/** A collection proxy: `items` after a load, `count`, `getCount()`. */
abstract class FakeCollection<S, I> {
  private loadedItems: I[] | undefined;
  private loadedCount: number | undefined;
  protected abstract readonly typeName: string;
  constructor(readonly context: FakeRequestContext) {}
  /** @internal Current item states at sync time. */
  abstract states(): S[];
  /** @internal An item proxy for a state (already resolved). */
  abstract wrap(state: S): I;

  load(spec?: LoadSpec): this {
    const { props, itemProps } = parseLoad(spec);
    const wantItems =
      itemProps.length > 0 || props.length === 0 || props.some((p) => p !== "count");
    const item = itemProps.filter((p) => p !== "*");
    const extra = props.filter((p) => p !== "count");
    this.context.queue(`${this.typeName}.load`, 0, (res) => {
      const states = this.states();
      this.loadedCount = states.length;
      if (!wantItems) return;
      this.loadedItems = states.map((s) => {
        const proxy = this.wrap(s);
        const obj = proxy as unknown as FakeClientObject<S>;
        obj.resolve();
        const list = [...item, ...extra];
        // `load()` or `items` without a path loads every scalar property of each item.
        obj.load(list.length ? list : undefined);
        return proxy;
      });
      // The item loads were queued behind this op; run them now, inside this sync.
      this.context.drainInto(res);
    });
    return this;
  }

  get items(): I[] {
    if (!this.loadedItems) throw notLoaded(this.typeName, "items");
    return this.loadedItems;
  }

  get count(): number {
    if (this.loadedCount === undefined) throw notLoaded(this.typeName, "count");
    return this.loadedCount;
  }

  getCount(): FakeClientResult<number> {
    const result = new FakeClientResult<number>();
    this.context.queue(`${this.typeName}.getCount`, 0, () => result.set(this.states().length));
    return result;
  }
}

export class FakeClientResult<T> {
  private v: T | undefined;
  private ready = false;
  /** @internal */
  set(v: T): void {
    this.v = v;
    this.ready = true;
  }
  get value(): T {
    if (!this.ready) throw notLoaded("ClientResult", "value");
    return this.v as T;
  }
}

interface RangeState {
  sheet: SheetState;
  rect: Rect;
}

function toMatrix(value: unknown, h: number, w: number, what: string): unknown[][] {
  if (!Array.isArray(value))
    return Array.from({ length: h }, () => Array.from({ length: w }, () => value));
  if (value.length !== h || value.some((row) => !Array.isArray(row) || row.length !== w)) {
    throw new FakeOfficeError(
      "InvalidArgument",
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}: ${h}x${w}).`,
    );
  }
  return value as unknown[][];
}

export class FakeRange extends FakeClientObject<RangeState> {
  protected readonly typeName = "Range";
  protected readonly scalarProps = [
    "address",
    "rowCount",
    "columnCount",
    "rowIndex",
    "columnIndex",
    "values",
    "formulas",
    "numberFormat",
    "text",
  ] as const;

  /** @internal */
  readState(prop: string): unknown {
    const { sheet, rect } = this.target();
    const matrix = (fn: (r: number, c: number) => unknown) => {
      const out: unknown[][] = [];
      for (let r = rect.r0; r <= rect.r1; r++) {
        const row: unknown[] = [];
        for (let c = rect.c0; c <= rect.c1; c++) row.push(fn(r, c));
        out.push(row);
      }
      return out;
    };
    switch (prop) {
      case "address":
        return fullAddress(sheet.name, rect);
      case "addressLocal":
        return fullAddress(sheet.name, rect);
      case "rowCount":
        return rows(rect);
      case "columnCount":
        return cols(rect);
      case "cellCount":
        return rows(rect) * cols(rect);
      case "rowIndex":
        return rect.r0;
      case "columnIndex":
        return rect.c0;
      case "values":
        return matrix((r, c) => sheet.value(r, c));
      case "formulas":
        return matrix((r, c) => sheet.formula(r, c));
      case "numberFormat":
        return matrix((r, c) => sheet.numberFormat(r, c));
      case "text":
        return matrix((r, c) => String(sheet.value(r, c)));
      case "valueTypes":
        return matrix((r, c) => {
          const v = sheet.value(r, c);
          return v === ""
            ? "Empty"
            : typeof v === "number"
              ? "Double"
              : typeof v === "boolean"
                ? "Boolean"
                : "String";
        });
      default:
        throw new FakeOfficeError("InvalidArgument", `Range.${prop} is not modelled by the fake`);
    }
  }

  get address(): string {
    return this.get("address");
  }
  get addressLocal(): string {
    return this.get("addressLocal");
  }
  get rowCount(): number {
    return this.get("rowCount");
  }
  get columnCount(): number {
    return this.get("columnCount");
  }
  get cellCount(): number {
    return this.get("cellCount");
  }
  get rowIndex(): number {
    return this.get("rowIndex");
  }
  get columnIndex(): number {
    return this.get("columnIndex");
  }
  get text(): string[][] {
    return this.get("text");
  }
  get valueTypes(): string[][] {
    return this.get("valueTypes");
  }

  get values(): CellValue[][] {
    return this.get("values");
  }
  set values(value: unknown) {
    this.set("values", value, (s) =>
      this.context.fake.writeCells(s.sheet, s.rect, value, "values"),
    );
  }

  get formulas(): CellValue[][] {
    return this.get("formulas");
  }
  set formulas(value: unknown) {
    this.set("formulas", value, (s) =>
      this.context.fake.writeCells(s.sheet, s.rect, value, "formulas"),
    );
  }

  get numberFormat(): string[][] {
    return this.get("numberFormat");
  }
  set numberFormat(value: unknown) {
    this.set("numberFormat", value, (s) => {
      const m = toMatrix(value, rows(s.rect), cols(s.rect), "numberFormat");
      this.context.fake.assertWritable(s.sheet);
      for (let r = 0; r < m.length; r++)
        for (let c = 0; c < m[r]!.length; c++) {
          const nf = m[r]![c];
          if (nf !== null && nf !== undefined)
            s.sheet.setNumberFormat(s.rect.r0 + r, s.rect.c0 + c, String(nf));
        }
    });
  }

  private derive(kind: string, fn: (s: RangeState) => RangeState | null): FakeRange {
    return new FakeRange(this.context, () => fn(this.target()), true);
  }

  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.target().sheet, false);
  }

  getCell(row: number, column: number): FakeRange {
    return this.derive("getCell", ({ sheet, rect }) => ({
      sheet,
      rect: { r0: rect.r0 + row, c0: rect.c0 + column, r1: rect.r0 + row, c1: rect.c0 + column },
    }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derive("getOffsetRange", ({ sheet, rect }) => ({
      sheet,
      rect: {
        r0: rect.r0 + rowOffset,
        r1: rect.r1 + rowOffset,
        c0: rect.c0 + columnOffset,
        c1: rect.c1 + columnOffset,
      },
    }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derive("getResizedRange", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, r1: rect.r1 + deltaRows, c1: rect.c1 + deltaColumns },
    }));
  }
  getRow(row: number): FakeRange {
    return this.derive("getRow", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, r0: rect.r0 + row, r1: rect.r0 + row },
    }));
  }
  getColumn(column: number): FakeRange {
    return this.derive("getColumn", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, c0: rect.c0 + column, c1: rect.c0 + column },
    }));
  }
  getRowsAbove(count = 1): FakeRange {
    return this.derive("getRowsAbove", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, r0: rect.r0 - count, r1: rect.r0 - 1 },
    }));
  }
  getRowsBelow(count = 1): FakeRange {
    return this.derive("getRowsBelow", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, r0: rect.r1 + 1, r1: rect.r1 + count },
    }));
  }
  getColumnsAfter(count = 1): FakeRange {
    return this.derive("getColumnsAfter", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, c0: rect.c1 + 1, c1: rect.c1 + count },
    }));
  }
  getLastRow(): FakeRange {
    return this.derive("getLastRow", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, r0: rect.r1 },
    }));
  }
  getEntireRow(): FakeRange {
    return this.derive("getEntireRow", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, c0: 0, c1: MAX_COLS - 1 },
    }));
  }
  getEntireColumn(): FakeRange {
    return this.derive("getEntireColumn", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, r0: 0, r1: MAX_ROWS - 1 },
    }));
  }
  getIntersectionOrNullObject(other: FakeRange | string): FakeRange {
    return this.derive("getIntersectionOrNullObject", ({ sheet, rect }) => {
      const o =
        typeof other === "string" ? { sheet, rect: parseAddress(other).rect } : other.target();
      if (o.sheet !== sheet) return null;
      const i = intersect(rect, o.rect);
      return i ? { sheet, rect: i } : null;
    });
  }
  getUsedRange(valuesOnly = false): FakeRange {
    return this.derive("getUsedRange", ({ sheet, rect }) => {
      const used = sheet.usedRect(valuesOnly, rect);
      return { sheet, rect: used ?? { r0: rect.r0, c0: rect.c0, r1: rect.r0, c1: rect.c0 } };
    });
  }
  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return this.derive("getUsedRangeOrNullObject", ({ sheet, rect }) => {
      const used = sheet.usedRect(valuesOnly, rect);
      return used ? { sheet, rect: used } : null;
    });
  }

  select(): void {
    this.context.queue("range.select", 0, () => {
      const s = this.target();
      this.context.fake.activeSheet = s.sheet;
      this.context.fake.selection = { sheet: s.sheet, rect: s.rect };
    });
  }

  clear(applyTo: string = "All"): void {
    this.context.queue("range.clear", 0, () => {
      const s = this.target();
      this.context.fake.assertWritable(s.sheet);
      s.sheet.clear(
        s.rect,
        applyTo === "Contents" ? "Contents" : applyTo === "Formats" ? "Formats" : "All",
      );
    });
  }

  /** Deletes the cells, shifting up (or left); rows deleted inside a table shrink it. */
  delete(shift: string): void {
    this.context.queue("range.delete", 0, () =>
      this.context.fake.deleteCells(this.target(), shift),
    );
  }

  /** Inserts cells above the range, shifting down; only whole-row-width inserts are modelled. */
  insert(shift: string): FakeRange {
    const out = new FakeRange(this.context, () => this.target(), false);
    this.context.queue("range.insert", 0, () => {
      const s = this.target();
      if (shift !== "Down")
        throw new FakeOfficeError("InvalidArgument", "The fake models Range.insert('Down') only");
      s.sheet.shiftRows(s.rect.r0, s.rect.c0, s.rect.c1, rows(s.rect));
      for (const t of this.context.fake.tablesOn(s.sheet)) {
        if (t.rect.r0 >= s.rect.r0 && t.rect.c0 >= s.rect.c0 && t.rect.c1 <= s.rect.c1) {
          t.rect = { ...t.rect, r0: t.rect.r0 + rows(s.rect), r1: t.rect.r1 + rows(s.rect) };
        } else if (
          t.rect.r0 < s.rect.r0 &&
          t.rect.r1 >= s.rect.r0 &&
          t.rect.c0 >= s.rect.c0 &&
          t.rect.c1 <= s.rect.c1
        ) {
          t.rect = { ...t.rect, r1: t.rect.r1 + rows(s.rect) };
        }
      }
    });
    return out;
  }

  /**
   * ExcelApi 1.9 Range.copyFrom. Only "Formats" is modelled (number formats, the source tiled
   * over the target as Excel's paste does); other copy types are refused rather than guessed.
   */
  copyFrom(source: FakeRange | string, copyType = "All"): void {
    this.context.queue("range.copyFrom", 0, () => {
      const t = this.target();
      const src =
        typeof source === "string"
          ? { sheet: t.sheet, rect: parseAddress(source).rect }
          : source.target();
      if (copyType !== "Formats")
        throw new FakeOfficeError("InvalidArgument", `copyFrom(${copyType}) is not modelled`);
      this.context.fake.assertWritable(t.sheet);
      const h = rows(src.rect);
      const w = cols(src.rect);
      for (let r = t.rect.r0; r <= t.rect.r1; r++)
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          const nf = src.sheet.cells.get(src.rect.r0 + ((r - t.rect.r0) % h))?.nf[
            src.rect.c0 + ((c - t.rect.c0) % w)
          ];
          t.sheet.setNumberFormat(r, c, nf);
        }
    });
  }

  merge(across = false): void {
    this.context.queue("range.merge", 0, () => {
      const s = this.target();
      if (across)
        for (let r = s.rect.r0; r <= s.rect.r1; r++)
          s.sheet.merges.push({ ...s.rect, r0: r, r1: r });
      else s.sheet.merges.push(s.rect);
    });
  }

  unmerge(): void {
    this.context.queue("range.unmerge", 0, () => {
      const s = this.target();
      s.sheet.merges = s.sheet.merges.filter((m) => !intersect(m, s.rect));
    });
  }

  /** Loads of `mergedAreas` are not modelled; this returns the merged areas touching the range. */
  /**
   * ExcelApi 1.9: the first cell (row by row, left to right) whose text matches. Only the
   * `completeMatch` and `matchCase` criteria are modelled.
   */
  findOrNullObject(
    text: string,
    criteria: { completeMatch?: boolean; matchCase?: boolean } = {},
  ): FakeRange {
    return this.derive("findOrNullObject", ({ sheet, rect }) => {
      const norm = (v: string) => (criteria.matchCase ? v : v.toLowerCase());
      const wanted = norm(text);
      for (let r = rect.r0; r <= rect.r1; r++) {
        if (!sheet.cells.has(r)) continue;
        for (let c = rect.c0; c <= rect.c1; c++) {
          const v = norm(String(sheet.value(r, c)));
          if (criteria.completeMatch ? v === wanted : v.includes(wanted)) {
            return { sheet, rect: { r0: r, c0: c, r1: r, c1: c } };
          }
        }
      }
      return null;
    });
  }

  /** ExcelApi 1.13 (Range.getMergedAreasOrNullObject); older hosts fail with ApiNotFound. */
  getMergedAreasOrNullObject(): FakeRange {
    return this.derive("getMergedAreasOrNullObject", ({ sheet, rect }) => {
      this.context.fake.requireApi("1.13", "Range.getMergedAreasOrNullObject");
      const hit = sheet.merges.filter((m) => intersect(m, rect));
      if (!hit.length) return null;
      const bound = hit.reduce((a, m) => ({
        r0: Math.min(a.r0, m.r0),
        c0: Math.min(a.c0, m.c0),
        r1: Math.max(a.r1, m.r1),
        c1: Math.max(a.c1, m.c1),
      }));
      return { sheet, rect: bound };
    });
  }

  get format(): FakeRangeFormat {
    return formatRecorder(this, []);
  }

  get dataValidation(): FakeDataValidation {
    return new FakeDataValidation(this);
  }

  get conditionalFormats(): FakeConditionalFormatCollection {
    return new FakeConditionalFormatCollection(this);
  }
}

/**
 * Records nested property writes (`fill.color`, `font.bold`) and calls (`autofitColumns()`,
 * `fill.clear()`) as format records at sync. A function is the proxy target so calls work.
 */
function formatRecorder(range: FakeRange, path: string[]): FakeRangeFormat {
  const target = function () {} as unknown as FakeRangeFormat;
  return new Proxy(target, {
    get: (_t, key) => {
      if (typeof key !== "string") return undefined;
      if (key === "load")
        return () => range.context.queue("format.load", 0, () => void range.target());
      if (key === "color" && path.length === 1 && path[0] === "fill") {
        // Excel reports one colour for a range, or null when its cells differ.
        const t = range.resolve();
        if (!t) throw notLoaded("RangeFill", "color");
        const colors = new Set<string>();
        for (let r = t.rect.r0; r <= t.rect.r1 && colors.size < 2; r++)
          for (let c = t.rect.c0; c <= t.rect.c1 && colors.size < 2; c++)
            colors.add(t.sheet.fillAt(r, c));
        return colors.size === 1 ? [...colors][0] : null;
      }
      if (key === "columnWidth" && path.length === 0) {
        const s = range.resolve();
        const w = s ? s.sheet.columnWidths.get(s.rect.c0) : undefined;
        if (w === undefined) throw notLoaded("RangeFormat", "columnWidth");
        return w;
      }
      return formatRecorder(range, [...path, key]);
    },
    set: (_t, key, value) => {
      if (typeof key !== "string") return false;
      const prop = [...path, key].join(".");
      range.context.queue(`format.${prop}=`, jsonBytes(value), () => {
        const s = range.target();
        range.context.fake.assertWritable(s.sheet);
        if (prop === "columnWidth")
          for (let c = s.rect.c0; c <= s.rect.c1; c++) s.sheet.columnWidths.set(c, Number(value));
        s.sheet.formats.push({ rect: s.rect, prop, value });
      });
      return true;
    },
    apply: (_t, _this, args: unknown[]) => {
      const prop = `${path.join(".")}()`;
      range.context.queue(`format.${prop}`, 0, () => {
        const s = range.target();
        if (prop === "autofitColumns()" || prop === "autofitRows()")
          s.sheet.autofitCalls.push(s.rect);
        s.sheet.formats.push({ rect: s.rect, prop, value: args });
      });
      return undefined;
    },
  });
}

export interface FakeRangeFormat {
  fill: { color: string; clear(): void };
  font: { bold: boolean; color: string; italic: boolean; name: string; size: number };
  columnWidth: number;
  rowHeight: number;
  wrapText: boolean;
  horizontalAlignment: string;
  verticalAlignment: string;
  autofitColumns(): void;
  autofitRows(): void;
  [key: string]: unknown;
}

export class FakeDataValidation {
  constructor(private readonly range: FakeRange) {}
  private record(prop: keyof ValidationRecord, value: unknown): void {
    this.range.context.queue(`dataValidation.${prop}=`, jsonBytes(value), () => {
      const s = this.range.target();
      const list = s.sheet.validations;
      let rec = list.find(
        (v) =>
          v.rect.r0 === s.rect.r0 &&
          v.rect.c0 === s.rect.c0 &&
          v.rect.r1 === s.rect.r1 &&
          v.rect.c1 === s.rect.c1,
      );
      if (!rec) {
        rec = { rect: s.rect, rule: undefined };
        list.push(rec);
      }
      (rec as unknown as Record<string, unknown>)[prop] = value;
    });
  }
  /**
   * A list whose source names a defined name that does not exist is refused. Excel's dialog only
   * warns ("The source currently evaluates to an error"); what the API does is not documented,
   * so the fake takes the stricter side and set-up must define its names first.
   */
  set rule(value: unknown) {
    const source = (value as { list?: { source?: unknown } } | null)?.list?.source;
    if (typeof source === "string" && /^=[\p{L}_][\p{L}\p{N}_.]*$/u.test(source)) {
      const name = source.slice(1).toLowerCase();
      this.range.context.queue("dataValidation.checkSource", 0, () => {
        const fake = this.range.context.fake;
        if (
          !fake.names.some((n) => n.name.toLowerCase() === name) &&
          !fake.tables.some((t) => t.name.toLowerCase() === name)
        )
          throw new FakeOfficeError("InvalidArgument", `The list source ${source} is not defined`);
      });
    }
    this.record("rule", value);
  }
  set errorAlert(value: unknown) {
    this.record("errorAlert", value);
  }
  set prompt(value: unknown) {
    this.record("prompt", value);
  }
  set ignoreBlanks(value: boolean) {
    this.record("ignoreBlanks", value);
  }
  clear(): void {
    this.range.context.queue("dataValidation.clear", 0, () => {
      const s = this.range.target();
      const keep = s.sheet.validations.filter((v) => !intersect(v.rect, s.rect));
      s.sheet.validations.length = 0;
      s.sheet.validations.push(...keep);
    });
  }
}

function settingsRecorder(
  context: FakeRequestContext,
  record: () => ConditionalFormatRecord,
  path: string[],
): Record<string, unknown> {
  return new Proxy(function () {} as unknown as Record<string, unknown>, {
    apply: () => {
      context.queue(`conditionalFormat.${path.join(".")}()`, 0, () => void record());
      return undefined;
    },
    get: (_t, key) =>
      typeof key === "string" ? settingsRecorder(context, record, [...path, key]) : undefined,
    set: (_t, key, value) => {
      if (typeof key !== "string") return false;
      context.queue(`conditionalFormat.${[...path, key].join(".")}=`, jsonBytes(value), () => {
        let obj = record().settings;
        for (const p of path) {
          if (typeof obj[p] !== "object" || obj[p] === null) obj[p] = {};
          obj = obj[p] as Record<string, unknown>;
        }
        obj[key] = value;
      });
      return true;
    },
  });
}

export class FakeConditionalFormatCollection {
  constructor(private readonly range: FakeRange) {}
  /** Returns an object whose nested writes (`custom.rule.formula = …`) are recorded. */
  add(type: string): Excel.ConditionalFormat {
    let rec: ConditionalFormatRecord | undefined;
    this.range.context.queue("conditionalFormats.add", 0, () => {
      const s = this.range.target();
      rec = { rect: s.rect, type, settings: {} };
      s.sheet.conditionalFormats.push(rec);
    });
    const recorder = settingsRecorder(this.range.context, () => rec!, []);
    return recorder as unknown as Excel.ConditionalFormat;
  }
  clearAll(): void {
    this.range.context.queue("conditionalFormats.clearAll", 0, () => {
      const s = this.range.target();
      const keep = s.sheet.conditionalFormats.filter((f) => !intersect(f.rect, s.rect));
      s.sheet.conditionalFormats.length = 0;
      s.sheet.conditionalFormats.push(...keep);
    });
  }
  getCount(): FakeClientResult<number> {
    const result = new FakeClientResult<number>();
    this.range.context.queue("conditionalFormats.getCount", 0, () => {
      const s = this.range.target();
      result.set(s.sheet.conditionalFormats.filter((f) => intersect(f.rect, s.rect)).length);
    });
    return result;
  }
}

export class FakeWorksheet extends FakeClientObject<SheetState> {
  protected readonly typeName = "Worksheet";
  protected readonly scalarProps = ["name", "id", "position", "visibility", "tabColor"] as const;

  /** @internal */
  readState(prop: string): unknown {
    const s = this.target();
    switch (prop) {
      case "name":
        return s.name;
      case "id":
        return s.id;
      case "position":
        return this.context.fake.sheets.indexOf(s);
      case "visibility":
        return s.visibility;
      case "tabColor":
        return s.tabColor;
      default:
        throw new FakeOfficeError(
          "InvalidArgument",
          `Worksheet.${prop} is not modelled by the fake`,
        );
    }
  }

  get name(): string {
    return this.get("name");
  }
  set name(value: string) {
    this.set("name", value, (s) => this.context.fake.renameSheet(s, value));
  }
  get id(): string {
    return this.get("id");
  }
  get position(): number {
    return this.get("position");
  }
  set position(value: number) {
    this.set("position", value, (s) => {
      const list = this.context.fake.sheets;
      list.splice(list.indexOf(s), 1);
      list.splice(Math.min(value, list.length), 0, s);
    });
  }
  get visibility(): string {
    return this.get("visibility");
  }
  set visibility(value: string) {
    this.set("visibility", value, (s) => (s.visibility = value));
  }
  get tabColor(): string {
    return this.get("tabColor");
  }
  set tabColor(value: string) {
    this.set("tabColor", value, (s) => (s.tabColor = value));
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const sheet = this.target();
        if (address === undefined)
          return { sheet, rect: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 } };
        const parsed = parseAddress(address);
        if (parsed.sheet !== undefined && parsed.sheet !== sheet.name)
          throw new FakeOfficeError("InvalidArgument", `Address ${address} is on another sheet`);
        return { sheet, rect: parsed.rect };
      },
      true,
    );
  }

  getRangeByIndexes(
    startRow: number,
    startColumn: number,
    rowCount: number,
    columnCount: number,
  ): FakeRange {
    return new FakeRange(
      this.context,
      () => ({
        sheet: this.target(),
        rect: {
          r0: startRow,
          c0: startColumn,
          r1: startRow + rowCount - 1,
          c1: startColumn + columnCount - 1,
        },
      }),
      true,
    );
  }

  getUsedRange(valuesOnly = false): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const sheet = this.target();
        return { sheet, rect: sheet.usedRect(valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 } };
      },
      true,
    );
  }

  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const sheet = this.target();
        const rect = sheet.usedRect(valuesOnly);
        return rect ? { sheet, rect } : null;
      },
      true,
    );
  }

  get tables(): FakeTableCollection {
    return new FakeTableCollection(this.context, () => this.target());
  }

  get freezePanes(): FakeFreezePanes {
    return new FakeFreezePanes(this);
  }

  get protection(): FakeWorksheetProtection {
    return new FakeWorksheetProtection(this.context, () => this.target(), false);
  }

  activate(): void {
    this.context.queue("worksheet.activate", 0, () => {
      const s = this.target();
      this.context.fake.activeSheet = s;
      this.context.fake.selection = { sheet: s, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    });
  }

  delete(): void {
    this.context.queue("worksheet.delete", 0, () => this.context.fake.deleteSheet(this.target()));
  }
}

export class FakeWorksheetProtection extends FakeClientObject<SheetState> {
  protected readonly typeName = "WorksheetProtection";
  protected readonly scalarProps = ["protected"] as const;
  /** @internal */
  readState(prop: string): unknown {
    if (prop === "protected") return this.target().protected;
    throw new FakeOfficeError(
      "InvalidArgument",
      `WorksheetProtection.${prop} is not modelled by the fake`,
    );
  }
  get protected(): boolean {
    return this.get("protected");
  }
}

export class FakeFreezePanes {
  constructor(private readonly sheet: FakeWorksheet) {}
  freezeRows(count = 1): void {
    this.sheet.context.queue(
      "freezePanes.freezeRows",
      0,
      () => (this.sheet.target().freezeRows = count),
    );
  }
  freezeColumns(count = 1): void {
    this.sheet.context.queue(
      "freezePanes.freezeColumns",
      0,
      () => (this.sheet.target().freezeColumns = count),
    );
  }
  unfreeze(): void {
    this.sheet.context.queue("freezePanes.unfreeze", 0, () => {
      const s = this.sheet.target();
      s.freezeRows = 0;
      s.freezeColumns = 0;
    });
  }
  getLocationOrNullObject(): FakeRange {
    return new FakeRange(
      this.sheet.context,
      () => {
        const s = this.sheet.target();
        if (!s.freezeRows && !s.freezeColumns) return null;
        return {
          sheet: s,
          rect: {
            r0: 0,
            c0: 0,
            r1: Math.max(0, s.freezeRows - 1),
            c1: Math.max(0, s.freezeColumns - 1),
          },
        };
      },
      true,
    );
  }
}

export class FakeWorksheetCollection extends FakeCollection<SheetState, FakeWorksheet> {
  protected readonly typeName = "WorksheetCollection";
  /** @internal */
  states(): SheetState[] {
    return [...this.context.fake.sheets];
  }
  /** @internal */
  wrap(state: SheetState): FakeWorksheet {
    return new FakeWorksheet(this.context, () => state, false);
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(
      this.context,
      () => this.find(name) ?? fail("ItemNotFound", `Worksheet ${name} not found`),
      true,
    );
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.find(name) ?? null, true);
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(
      this.context,
      () => this.context.fake.activeSheet ?? fail("ItemNotFound", "No active worksheet"),
      true,
    );
  }
  getFirst(): FakeWorksheet {
    return new FakeWorksheet(
      this.context,
      () => this.context.fake.sheets[0] ?? fail("ItemNotFound", "No worksheet"),
      true,
    );
  }
  add(name?: string): FakeWorksheet {
    return new FakeWorksheet(
      this.context,
      () => {
        const fake = this.context.fake;
        let n = name;
        if (n === undefined) {
          let i = fake.sheets.length + 1;
          while (fake.findSheet(`Sheet${i}`)) i++;
          n = `Sheet${i}`;
        }
        return fake.createSheet(n);
      },
      true,
    );
  }
  private find(name: string): SheetState | undefined {
    return this.context.fake.findSheet(name);
  }
}

function fail(code: string, message: string): never {
  throw new FakeOfficeError(code, message);
}

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

export class FakeTable extends FakeClientObject<TableState> {
  protected readonly typeName = "Table";
  protected readonly scalarProps = [
    "name",
    "id",
    "style",
    "showBandedRows",
    "showBandedColumns",
    "showFilterButton",
    "showHeaders",
    "showTotals",
  ] as const;

  /** @internal */
  readState(prop: string): unknown {
    const t = this.target();
    switch (prop) {
      case "name":
      case "id":
      case "style":
      case "showBandedRows":
      case "showBandedColumns":
      case "showFilterButton":
      case "showHeaders":
      case "showTotals":
        return t[prop];
      default:
        throw new FakeOfficeError("InvalidArgument", `Table.${prop} is not modelled by the fake`);
    }
  }

  get name(): string {
    return this.get("name");
  }
  set name(value: string) {
    this.set("name", value, (t) => this.context.fake.renameTable(t, value));
  }
  get id(): string {
    return this.get("id");
  }
  get style(): string {
    return this.get("style");
  }
  set style(value: string) {
    this.set("style", value, (t) => (t.style = value));
  }
  get showBandedRows(): boolean {
    return this.get("showBandedRows");
  }
  set showBandedRows(value: boolean) {
    this.set("showBandedRows", value, (t) => (t.showBandedRows = value));
  }
  get showBandedColumns(): boolean {
    return this.get("showBandedColumns");
  }
  set showBandedColumns(value: boolean) {
    this.set("showBandedColumns", value, (t) => (t.showBandedColumns = value));
  }
  get showFilterButton(): boolean {
    return this.get("showFilterButton");
  }
  set showFilterButton(value: boolean) {
    this.set("showFilterButton", value, (t) => (t.showFilterButton = value));
  }
  get showHeaders(): boolean {
    return this.get("showHeaders");
  }
  get showTotals(): boolean {
    return this.get("showTotals");
  }

  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.target().sheet, false);
  }
  get columns(): FakeTableColumnCollection {
    return new FakeTableColumnCollection(this.context, this);
  }
  get rows(): FakeTableRowCollection {
    return new FakeTableRowCollection(this.context, this);
  }

  getRange(): FakeRange {
    return new FakeRange(
      this.context,
      () => ({ sheet: this.target().sheet, rect: this.target().rect }),
      true,
    );
  }
  getHeaderRowRange(): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const t = this.target();
        return { sheet: t.sheet, rect: { ...t.rect, r1: t.rect.r0 } };
      },
      true,
    );
  }
  getDataBodyRange(): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const t = this.target();
        return { sheet: t.sheet, rect: t.body };
      },
      true,
    );
  }

  /**
   * ExcelApi 1.13 (Table.resize, Excel JS reference): the header row must stay where it is and the
   * new range must overlap the table; a host without 1.13 fails with ApiNotFound.
   */
  resize(newRange: FakeRange | string): void {
    this.context.queue("table.resize", 0, () => {
      this.context.fake.requireApi("1.13", "Table.resize");
      const t = this.target();
      const rect =
        typeof newRange === "string" ? parseAddress(newRange).rect : newRange.target().rect;
      if (rect.r0 !== t.rect.r0 || !intersect(rect, t.rect) || rect.r1 <= rect.r0) {
        throw new FakeOfficeError(
          "InvalidArgument",
          "Table.resize: the header row must stay and the range must overlap the table",
        );
      }
      t.rect = rect;
    });
  }

  delete(): void {
    this.context.queue("table.delete", 0, () => {
      const t = this.target();
      this.context.fake.tables.splice(this.context.fake.tables.indexOf(t), 1);
      t.sheet.clear(t.rect, "All");
      this.context.fake.breakNames((n) => !n.sheet && refersToTable(n.formula, t.name));
    });
  }

  convertToRange(): FakeRange {
    const range = new FakeRange(
      this.context,
      () => ({ sheet: this.target().sheet, rect: this.target().rect }),
      true,
    );
    this.context.queue("table.convertToRange", 0, () => {
      const t = this.target();
      this.context.fake.tables.splice(this.context.fake.tables.indexOf(t), 1);
    });
    return range;
  }
}

export class FakeTableCollection extends FakeCollection<TableState, FakeTable> {
  protected readonly typeName = "TableCollection";
  constructor(
    context: FakeRequestContext,
    /** Null for the workbook's collection; a sheet for `worksheet.tables`. */
    private readonly scope: (() => SheetState) | null,
  ) {
    super(context);
  }
  /** @internal */
  states(): TableState[] {
    const all = this.context.fake.tables;
    if (!this.scope) return [...all];
    const sheet = this.scope();
    return all.filter((t) => t.sheet === sheet);
  }
  /** @internal */
  wrap(state: TableState): FakeTable {
    return new FakeTable(this.context, () => state, false);
  }
  getItem(name: string): FakeTable {
    return new FakeTable(
      this.context,
      () => this.find(name) ?? fail("ItemNotFound", `Table ${name} not found`),
      true,
    );
  }
  getItemOrNullObject(name: string): FakeTable {
    return new FakeTable(this.context, () => this.find(name) ?? null, true);
  }
  getItemAt(index: number): FakeTable {
    return new FakeTable(
      this.context,
      () => this.states()[index] ?? fail("ItemNotFound", `No table at ${index}`),
      true,
    );
  }
  add(address: FakeRange | string, hasHeaders: boolean): FakeTable {
    return new FakeTable(
      this.context,
      () => {
        let sheet: SheetState;
        let rect: Rect;
        if (typeof address === "string") {
          const parsed = parseAddress(address);
          const s =
            parsed.sheet !== undefined
              ? this.context.fake.findSheet(parsed.sheet)
              : this.scope
                ? this.scope()
                : this.context.fake.activeSheet;
          if (!s) throw new FakeOfficeError("ItemNotFound", `Sheet of ${address} not found`);
          sheet = s;
          rect = parsed.rect;
        } else {
          ({ sheet, rect } = address.target());
        }
        return this.context.fake.createTable(sheet, rect, hasHeaders);
      },
      true,
    );
  }
  private find(name: string): TableState | undefined {
    return this.states().find((t) => t.name.toLowerCase() === name.toLowerCase() || t.id === name);
  }
}

interface ColumnState {
  table: TableState;
  /** Position within the table at resolution time. */
  index: number;
}

export class FakeTableColumn extends FakeClientObject<ColumnState> {
  protected readonly typeName = "TableColumn";
  protected readonly scalarProps = ["name", "index", "id"] as const;

  /** @internal */
  readState(prop: string): unknown {
    const { table, index } = this.target();
    switch (prop) {
      case "name":
        return String(table.sheet.value(table.rect.r0, table.rect.c0 + index));
      case "index":
        return index;
      case "id":
        return index + 1;
      case "values": {
        const out: CellValue[][] = [];
        for (let r = table.rect.r0; r <= table.rect.r1; r++)
          out.push([table.sheet.value(r, table.rect.c0 + index)]);
        return out;
      }
      default:
        throw new FakeOfficeError(
          "InvalidArgument",
          `TableColumn.${prop} is not modelled by the fake`,
        );
    }
  }
  get name(): string {
    return this.get("name");
  }
  set name(value: string) {
    this.set("name", value, ({ table, index }) =>
      table.sheet.setInput(table.rect.r0, table.rect.c0 + index, value),
    );
  }
  get index(): number {
    return this.get("index");
  }
  get id(): number {
    return this.get("id");
  }
  get values(): CellValue[][] {
    return this.get("values");
  }
  private sub(fn: (t: TableState, c: number) => Rect): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const { table, index } = this.target();
        return { sheet: table.sheet, rect: fn(table, table.rect.c0 + index) };
      },
      true,
    );
  }
  getDataBodyRange(): FakeRange {
    return this.sub((t, c) => ({ r0: t.rect.r0 + 1, r1: t.rect.r1, c0: c, c1: c }));
  }
  getHeaderRowRange(): FakeRange {
    return this.sub((t, c) => ({ r0: t.rect.r0, r1: t.rect.r0, c0: c, c1: c }));
  }
  getRange(): FakeRange {
    return this.sub((t, c) => ({ r0: t.rect.r0, r1: t.rect.r1, c0: c, c1: c }));
  }
  delete(): void {
    this.context.queue("tableColumn.delete", 0, () => {
      const { table, index } = this.target();
      const c = table.rect.c0 + index;
      table.sheet.clear({ ...table.rect, c0: c, c1: c }, "All");
      // Shift the table's cells left by one column.
      for (const [r, row] of table.sheet.cells) {
        if (r < table.rect.r0 || r > table.rect.r1) continue;
        for (const arr of [row.v, row.f, row.nf] as unknown[][])
          if (arr.length > c) arr.splice(c, 1);
      }
      table.rect = { ...table.rect, c1: table.rect.c1 - 1 };
    });
  }
}

export class FakeTableColumnCollection extends FakeCollection<ColumnState, FakeTableColumn> {
  protected readonly typeName = "TableColumnCollection";
  constructor(
    context: FakeRequestContext,
    private readonly table: FakeTable,
  ) {
    super(context);
  }
  /** @internal */
  states(): ColumnState[] {
    const t = this.table.target();
    return Array.from({ length: cols(t.rect) }, (_, index) => ({ table: t, index }));
  }
  /** @internal */
  wrap(state: ColumnState): FakeTableColumn {
    return new FakeTableColumn(this.context, () => state, false);
  }
  private find(key: string | number): ColumnState | undefined {
    const t = this.table.target();
    const names = t.columnNames();
    const index =
      typeof key === "number"
        ? key - 1
        : names.findIndex((n) => n.toLowerCase() === key.toLowerCase());
    return index >= 0 && index < names.length ? { table: t, index } : undefined;
  }
  getItem(key: string | number): FakeTableColumn {
    return new FakeTableColumn(
      this.context,
      () => this.find(key) ?? fail("ItemNotFound", `Column ${key} not found`),
      true,
    );
  }
  getItemOrNullObject(key: string | number): FakeTableColumn {
    return new FakeTableColumn(this.context, () => this.find(key) ?? null, true);
  }
  getItemAt(index: number): FakeTableColumn {
    return new FakeTableColumn(
      this.context,
      () => this.states()[index] ?? fail("ItemNotFound", `No column at ${index}`),
      true,
    );
  }
  /**
   * Inserts a column at `index` (null: at the right end). `values` includes the header row, as in
   * Excel; `name` sets the header. Cells to the right within the table's rows shift right.
   */
  add(index?: number | null, values?: unknown, name?: string): FakeTableColumn {
    return new FakeTableColumn(
      this.context,
      () => {
        const t = this.table.target();
        const at = index === null || index === undefined ? cols(t.rect) : index;
        if (at < 0 || at > cols(t.rect))
          throw new FakeOfficeError("InvalidArgument", `Column index ${at} out of range`);
        const c = t.rect.c0 + at;
        t.sheet.shiftColumns(c, t.rect.r0, t.rect.r1, 1);
        t.rect = { ...t.rect, c1: t.rect.c1 + 1 };
        if (values !== undefined && values !== null) {
          const m = toMatrix(values, rows(t.rect), 1, "columns.add");
          m.forEach((row, i) => t.sheet.setInput(t.rect.r0 + i, c, row[0]));
        }
        const existing = new Set(t.columnNames().filter((_, i) => i !== at));
        let header = name ?? String(t.sheet.value(t.rect.r0, c));
        if (!header) {
          let n = at + 1;
          while (existing.has(`Column${n}`)) n++;
          header = `Column${n}`;
        }
        t.sheet.setInput(t.rect.r0, c, header);
        return { table: t, index: at };
      },
      true,
    );
  }
}

export class FakeTableRowCollection extends FakeCollection<number, { index: number }> {
  protected readonly typeName = "TableRowCollection";
  constructor(
    context: FakeRequestContext,
    private readonly table: FakeTable,
  ) {
    super(context);
  }
  /** @internal */
  states(): number[] {
    return Array.from({ length: this.table.target().rowCount }, (_, i) => i);
  }
  /** @internal */
  wrap(index: number): { index: number } {
    return { index };
  }
  override load(spec?: LoadSpec): this {
    const { itemProps } = parseLoad(spec);
    if (itemProps.length)
      throw new FakeOfficeError(
        "InvalidArgument",
        "Loading table rows one by one is the slow path; load the data body range",
      );
    return super.load("count");
  }
  /** Recorded: co-authoring guidance says never to use it, and the tests prove we do not. */
  add(index?: number | null, values?: unknown): void {
    this.context.fake.rowsAddCalls++;
    this.context.queue("rows.add", jsonBytes(values ?? null), () => {
      const t = this.table.target();
      const m =
        values === undefined || values === null
          ? [Array.from({ length: cols(t.rect) }, () => "")]
          : toMatrix(values, Array.isArray(values) ? values.length : 1, cols(t.rect), "rows.add");
      const at = index === null || index === undefined ? t.rowCount : index;
      const r = t.rect.r0 + 1 + at;
      t.sheet.shiftRows(r, t.rect.c0, t.rect.c1, m.length);
      const formulas = Array.from({ length: cols(t.rect) }, (_, i) =>
        t.calculatedFormula(t.rect.c0 + i),
      );
      t.rect = { ...t.rect, r1: t.rect.r1 + m.length };
      m.forEach((row, i) =>
        row.forEach((v, j) => {
          const f = formulas[j];
          if (f !== undefined && (v === "" || v === null))
            t.sheet.setFormula(r + i, t.rect.c0 + j, f);
          else t.sheet.setInput(r + i, t.rect.c0 + j, v);
        }),
      );
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Names, custom properties, application, workbook, context
// ---------------------------------------------------------------------------------------------

export class FakeNamedItem extends FakeClientObject<NamedState> {
  protected readonly typeName = "NamedItem";
  protected readonly scalarProps = [
    "name",
    "type",
    "value",
    "formula",
    "visible",
    "comment",
  ] as const;
  /** @internal */
  readState(prop: string): unknown {
    const n = this.target();
    const formula = n.sheet ? `=${quoteSheet(n.sheet.name)}!${absolute(n.rect)}` : n.formula;
    switch (prop) {
      case "name":
        return n.name;
      case "type":
        return n.sheet ? "Range" : n.formula.includes("#REF!") ? "Error" : "String";
      case "value":
        return formula.replace(/^=/, "");
      case "formula":
        return formula;
      case "visible":
        return n.visible;
      case "comment":
        return n.comment;
      default:
        throw new FakeOfficeError(
          "InvalidArgument",
          `NamedItem.${prop} is not modelled by the fake`,
        );
    }
  }
  get name(): string {
    return this.get("name");
  }
  get type(): string {
    return this.get("type");
  }
  get value(): string {
    return this.get("value");
  }
  get formula(): string {
    return this.get("formula");
  }
  get visible(): boolean {
    return this.get("visible");
  }
  get comment(): string {
    return this.get("comment");
  }
  getRange(): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const n = this.target();
        if (!n.sheet)
          throw new FakeOfficeError("InvalidOperation", `Name ${n.name} is not a range`);
        return { sheet: n.sheet, rect: n.rect };
      },
      true,
    );
  }
  getRangeOrNullObject(): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const n = this.resolve();
        return n && n.sheet ? { sheet: n.sheet, rect: n.rect } : null;
      },
      true,
    );
  }
  delete(): void {
    this.context.queue("name.delete", 0, () => {
      const n = this.target();
      const list = this.context.fake.names;
      list.splice(list.indexOf(n), 1);
    });
  }
}

function refersToTable(formula: string, table: string): boolean {
  return formula.toLowerCase().includes(`${table.toLowerCase()}[`);
}

function absolute(rect: Rect): string {
  const a = `$${colLetters(rect.c0)}$${rect.r0 + 1}`;
  const b = `$${colLetters(rect.c1)}$${rect.r1 + 1}`;
  return a === b ? a : `${a}:${b}`;
}

export class FakeNamedItemCollection extends FakeCollection<NamedState, FakeNamedItem> {
  protected readonly typeName = "NamedItemCollection";
  /** @internal */
  states(): NamedState[] {
    return [...this.context.fake.names];
  }
  /** @internal */
  wrap(state: NamedState): FakeNamedItem {
    return new FakeNamedItem(this.context, () => state, false);
  }
  private find(name: string): NamedState | undefined {
    return this.context.fake.names.find((n) => n.name.toLowerCase() === name.toLowerCase());
  }
  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(
      this.context,
      () => this.find(name) ?? fail("ItemNotFound", `Name ${name} not found`),
      true,
    );
  }
  getItemOrNullObject(name: string): FakeNamedItem {
    return new FakeNamedItem(this.context, () => this.find(name) ?? null, true);
  }
  add(name: string, reference: FakeRange | string, comment?: string): FakeNamedItem {
    return new FakeNamedItem(
      this.context,
      () => {
        if (this.find(name))
          throw new FakeOfficeError("ItemAlreadyExists", `Name ${name} already exists`);
        const fake = this.context.fake;
        let state: NamedState;
        if (typeof reference === "string") {
          const m = /^=?(.+![$A-Z0-9:]+)$/i.exec(reference);
          const parsed = m ? parseAddress(m[1]!) : undefined;
          const sheet = parsed?.sheet !== undefined ? fake.findSheet(parsed.sheet) : undefined;
          state =
            parsed && sheet
              ? { name, sheet, rect: parsed.rect, comment: comment ?? "", visible: true }
              : {
                  name,
                  formula: reference.startsWith("=") ? reference : `=${reference}`,
                  comment: comment ?? "",
                  visible: true,
                };
        } else {
          const r = reference.target();
          state = { name, sheet: r.sheet, rect: r.rect, comment: comment ?? "", visible: true };
        }
        fake.names.push(state);
        return state;
      },
      true,
    );
  }
}

export class FakeCustomProperty extends FakeClientObject<CustomPropertyState> {
  protected readonly typeName = "CustomProperty";
  protected readonly scalarProps = ["key", "value", "type"] as const;
  /** @internal */
  readState(prop: string): unknown {
    const p = this.target();
    if (prop === "key") return p.key;
    if (prop === "value") return p.value;
    if (prop === "type")
      return typeof p.value === "number"
        ? "Number"
        : typeof p.value === "boolean"
          ? "Boolean"
          : "String";
    throw new FakeOfficeError(
      "InvalidArgument",
      `CustomProperty.${prop} is not modelled by the fake`,
    );
  }
  get key(): string {
    return this.get("key");
  }
  get value(): unknown {
    return this.get("value");
  }
  set value(value: unknown) {
    this.set("value", value, (p) => (p.value = value));
  }
  get type(): string {
    return this.get("type");
  }
  delete(): void {
    this.context.queue("customProperty.delete", 0, () => {
      const p = this.target();
      this.context.fake.customProperties.delete(p.key);
    });
  }
}

export class FakeCustomPropertyCollection extends FakeCollection<
  CustomPropertyState,
  FakeCustomProperty
> {
  protected readonly typeName = "CustomPropertyCollection";
  /** @internal */
  states(): CustomPropertyState[] {
    return [...this.context.fake.customProperties.values()];
  }
  /** @internal */
  wrap(state: CustomPropertyState): FakeCustomProperty {
    return new FakeCustomProperty(this.context, () => state, false);
  }
  private find(key: string): CustomPropertyState | undefined {
    for (const [k, v] of this.context.fake.customProperties)
      if (k.toLowerCase() === key.toLowerCase()) return v;
    return undefined;
  }
  getItem(key: string): FakeCustomProperty {
    return new FakeCustomProperty(
      this.context,
      () => this.find(key) ?? fail("ItemNotFound", `Property ${key} not found`),
      true,
    );
  }
  getItemOrNullObject(key: string): FakeCustomProperty {
    return new FakeCustomProperty(this.context, () => this.find(key) ?? null, true);
  }
  /** Like Excel, adding an existing key replaces its value. */
  add(key: string, value: unknown): FakeCustomProperty {
    return new FakeCustomProperty(
      this.context,
      () => {
        const existing = this.find(key);
        if (existing) {
          existing.value = value;
          return existing;
        }
        const state = { key, value };
        this.context.fake.customProperties.set(key, state);
        return state;
      },
      true,
    );
  }
}

export class FakeWorkbook {
  private loaded = new Map<string, unknown>();
  constructor(readonly context: FakeRequestContext) {}
  /** Only `readOnly` (ExcelApi 1.8) is modelled. */
  load(spec?: string): this {
    const props = (spec ?? "readOnly").split(",").map((p) => p.trim());
    this.context.queue("Workbook.load", 0, () => {
      for (const p of props) {
        if (p !== "readOnly")
          throw new FakeOfficeError("InvalidArgument", `Workbook.${p} is not modelled by the fake`);
        this.loaded.set(p, this.context.fake.readOnly);
      }
    });
    return this;
  }
  /** True when the file is open read-only (ExcelApi 1.8 Workbook.readOnly). */
  get readOnly(): boolean {
    if (!this.loaded.has("readOnly")) throw notLoaded("Workbook", "readOnly");
    return this.loaded.get("readOnly") as boolean;
  }
  get worksheets(): FakeWorksheetCollection {
    return new FakeWorksheetCollection(this.context);
  }
  get tables(): FakeTableCollection {
    return new FakeTableCollection(this.context, null);
  }
  get names(): FakeNamedItemCollection {
    return new FakeNamedItemCollection(this.context);
  }
  get properties(): { custom: FakeCustomPropertyCollection } {
    return { custom: new FakeCustomPropertyCollection(this.context) };
  }
  get application(): FakeApplication {
    return this.context.application;
  }
  /**
   * Workbook.onSelectionChanged (ExcelApi 1.2): `add` registers the handler when the request
   * that carries it is synced, like every proxy call ("Work with Events using the Excel
   * JavaScript API", Microsoft Learn); `remove()` of the returned EventHandlerResult likewise,
   * run through `Excel.run(result.context, …)`. The handlers run when the user selects
   * (FakeExcel.select). Whether Excel also raises the event for the add-in's own Range.select is
   * not documented: the fake does not, so the code may not rely on it.
   */
  get onSelectionChanged(): {
    add: (handler: (args: unknown) => Promise<unknown>) => {
      context: FakeRequestContext;
      remove: () => void;
    };
  } {
    const context = this.context;
    return {
      add: (handler) => {
        context.queue("Workbook.onSelectionChanged.add", 0, () => {
          context.fake.selectionHandlers.add(handler);
        });
        return {
          context,
          remove: () =>
            context.queue("EventHandlerResult.remove", 0, () => {
              context.fake.selectionHandlers.delete(handler);
            }),
        };
      },
    };
  }
  getSelectedRange(): FakeRange {
    return new FakeRange(
      this.context,
      () => this.context.fake.selection ?? fail("ItemNotFound", "Nothing is selected"),
      true,
    );
  }
  getActiveCell(): FakeRange {
    return new FakeRange(
      this.context,
      () => {
        const s = this.context.fake.selection ?? fail("ItemNotFound", "Nothing is selected");
        return {
          sheet: s.sheet,
          rect: { r0: s.rect.r0, c0: s.rect.c0, r1: s.rect.r0, c1: s.rect.c0 },
        };
      },
      true,
    );
  }
}

export class FakeApplication {
  constructor(private readonly context: FakeRequestContext) {}
  suspendApiCalculationUntilNextSync(): void {
    this.context.queue("application.suspendApiCalculationUntilNextSync", 0, () => {
      this.context.fake.calculationSuspensions++;
    });
  }
  calculate(_type?: string): void {
    this.context.queue("application.calculate", 0, () => undefined);
  }
}

export class FakeRequestContext {
  readonly workbook: FakeWorkbook;
  readonly application: FakeApplication;
  private pending: Op[] = [];
  /** Ops queued while a sync is applying (collection item loads) run in that same sync. */
  private applying = false;
  readonly trackedObjects = { add: (_o: unknown) => undefined, remove: (_o: unknown) => undefined };

  constructor(readonly fake: FakeExcel) {
    this.workbook = new FakeWorkbook(this);
    this.application = new FakeApplication(this);
  }

  /** @internal */
  queue(kind: string, bytes: number, run: Op["run"]): void {
    this.pending.push({ kind, bytes, run });
  }

  /** @internal Runs the ops queued during the current apply (used by collection loads). */
  drainInto(res: { responseBytes: number }): void {
    if (!this.applying) return;
    const ops = this.pending;
    this.pending = [];
    for (const op of ops) op.run(res);
  }

  async sync<T>(passThrough?: T): Promise<T | undefined> {
    const ops = this.pending;
    this.pending = [];
    // An empty batch makes no round trip in office.js.
    if (ops.length === 0) return passThrough;
    const fake = this.fake;
    const record: RequestRecord = {
      ops: ops.map((o) => o.kind),
      bytes: ops.reduce((n, o) => n + o.bytes, 0),
      responseBytes: 0,
      failed: false,
    };
    fake.requests.push(record);
    await Promise.resolve();
    const injected = fake.takeFailure(record);
    this.applying = true;
    try {
      for (let i = 0; i < ops.length; i++) {
        if (injected && i === injected.atOp) throw injected.error;
        const spec = fake.opFailure?.(ops[i]!.kind, i, record);
        if (spec) throw new FakeOfficeError(spec.code, spec.message);
        ops[i]!.run(record);
      }
      if (injected) throw injected.error;
    } catch (e) {
      // Like Excel, the operations before the failing one stay applied.
      record.failed = true;
      throw e;
    } finally {
      this.applying = false;
    }
    return passThrough;
  }

  /** @internal True when operations wait for a sync. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }
}

// ---------------------------------------------------------------------------------------------
// The fake workbook and its seeding / inspection API
// ---------------------------------------------------------------------------------------------

export interface FailureSpec {
  code: string;
  message: string;
  /**
   * The operation that fails: its index in the batch, or the kind of its first operation of that
   * kind (`dataValidation.rule=`). The operations before it stay applied, as in Excel: a batch is
   * not a transaction (OfficeExtension.Error, traceMessages: "the second batch successfully
   * inserts the third and fourth paragraphs but causes an error" at the fifth). Without it the
   * request fails before Excel applies anything (a lost connection, a throttled request).
   */
  atOp?: number | string;
}

/** Read-back handle of a sheet for tests. */
export class SheetHandle {
  constructor(readonly state: SheetState) {}
  /** Values from A1 to the bottom-right of the used range (formula cells evaluated). */
  grid(): CellValue[][] {
    const used = this.state.usedRect(true);
    if (!used) return [];
    const out: CellValue[][] = [];
    for (let r = 0; r <= used.r1; r++) {
      const row: CellValue[] = [];
      for (let c = 0; c <= used.c1; c++) row.push(this.state.value(r, c));
      out.push(row);
    }
    return out;
  }
  /** Formulas (or values) from A1 to the bottom-right of the used range. */
  formulas(): CellValue[][] {
    const used = this.state.usedRect(true);
    if (!used) return [];
    const out: CellValue[][] = [];
    for (let r = 0; r <= used.r1; r++) {
      const row: CellValue[] = [];
      for (let c = 0; c <= used.c1; c++) row.push(this.state.formula(r, c));
      out.push(row);
    }
    return out;
  }
  cell(address: string): CellState {
    const { rect } = parseAddress(address);
    return this.state.cell(rect.r0, rect.c0);
  }
  /** Writes like a user typing (no sync, not counted); triggers table auto-expansion. */
  set(address: string, grid: unknown[][]): this {
    const { rect } = parseAddress(address);
    const h = grid.length;
    const w = Math.max(0, ...grid.map((r) => r.length));
    const padded = grid.map((r) => [...r, ...Array.from({ length: w - r.length }, () => "")]);
    this.state.fake.writeCells(
      this.state,
      { r0: rect.r0, c0: rect.c0, r1: rect.r0 + h - 1, c1: rect.c0 + w - 1 },
      padded,
      "values",
    );
    return this;
  }
  setNumberFormat(address: string, nf: string): this {
    const { rect } = parseAddress(address);
    for (let r = rect.r0; r <= rect.r1; r++)
      for (let c = rect.c0; c <= rect.c1; c++) this.state.setNumberFormat(r, c, nf);
    return this;
  }
  merge(address: string): this {
    this.state.merges.push(parseAddress(address).rect);
    return this;
  }
  get merges(): string[] {
    return this.state.merges.map(a1);
  }
  get freezeRows(): number {
    return this.state.freezeRows;
  }
  get conditionalFormats(): ConditionalFormatRecord[] {
    return this.state.conditionalFormats;
  }
  get validations(): ValidationRecord[] {
    return this.state.validations;
  }
  get formats(): FormatRecord[] {
    return this.state.formats;
  }
  /** The last value a format property was given at a cell (`fill.color`, `font.bold`...). */
  formatAt(address: string, prop: string): unknown {
    const { rect } = parseAddress(address);
    return this.state.formatAt(rect.r0, rect.c0, prop);
  }
  columnWidth(column: string): number | undefined {
    return this.state.columnWidths.get(colIndex(column));
  }
}

/** Read-back handle of a table for tests. */
export class TableHandle {
  constructor(readonly state: TableState) {}
  get address(): string {
    return fullAddress(this.state.sheet.name, this.state.rect);
  }
  get sheet(): string {
    return this.state.sheet.name;
  }
  get rowCount(): number {
    return this.state.rowCount;
  }
  headers(): string[] {
    return this.state.columnNames();
  }
  /** Data body values (formula cells evaluated). */
  values(): CellValue[][] {
    const { sheet, body } = { sheet: this.state.sheet, body: this.state.body };
    const out: CellValue[][] = [];
    for (let r = body.r0; r <= body.r1; r++) {
      const row: CellValue[] = [];
      for (let c = body.c0; c <= body.c1; c++) row.push(sheet.value(r, c));
      out.push(row);
    }
    return out;
  }
  formulas(): CellValue[][] {
    const { sheet, body } = { sheet: this.state.sheet, body: this.state.body };
    const out: CellValue[][] = [];
    for (let r = body.r0; r <= body.r1; r++) {
      const row: CellValue[] = [];
      for (let c = body.c0; c <= body.c1; c++) row.push(sheet.formula(r, c));
      out.push(row);
    }
    return out;
  }
  /** Data rows as objects keyed by header. */
  records(): Record<string, CellValue>[] {
    const headers = this.headers();
    return this.values().map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ""])));
  }
  column(header: string): CellValue[] {
    const i = this.headers().indexOf(header);
    if (i < 0) throw new Error(`No column ${header} in ${this.state.name}`);
    return this.values().map((r) => r[i] ?? "");
  }
}

export interface InstallOptions {
  /** The highest ExcelApi requirement set the fake host claims (default 1.13). */
  apiVersion?: string;
  /** Office display language (default zh-CN). */
  displayLanguage?: string;
}

export class FakeExcel {
  readonly sheets: SheetState[] = [];
  readonly tables: TableState[] = [];
  readonly names: NamedState[] = [];
  readonly customProperties = new Map<string, CustomPropertyState>();
  activeSheet: SheetState | undefined;
  selection: { sheet: SheetState; rect: Rect } | undefined;
  /** One entry per round trip (non-empty sync), failed ones included. */
  readonly requests: RequestRecord[] = [];
  rowsAddCalls = 0;
  calculationSuspensions = 0;
  runCount = 0;
  /** A request larger than this fails with RequestPayloadSizeLimitExceeded (Excel on the web: 5 MB). */
  payloadLimit = 5 * 1024 * 1024;
  apiVersion = "1.13";
  displayLanguage = "zh-CN";
  /**
   * The user's AutoCorrect options (File > Options > Proofing > AutoCorrect Options > AutoFormat
   * As You Type). Both are on by default in Excel; API writes follow them (office-js #2093,
   * #6745), so tests run with each on and off.
   */
  readonly autoCorrect = { includeNewRowsInTable: true, fillFormulasInTables: true };
  /**
   * Whether the add-in's custom-function runtime is loaded. Off, a formula calling `CRM.*` shows
   * #NAME? (co-authors without the add-in, Excel on iPad and phones, other spreadsheet apps;
   * such cells may keep #NAME? even after the add-in loads: office-js #6611, #6355).
   */
  customFunctionsRuntime = true;
  /**
   * The file is open read-only (Workbook.readOnly): every write fails with AccessDenied, as
   * Excel refuses edits to a read-only workbook.
   */
  readOnly = false;
  private failures = new Map<number, FailureSpec>();
  private failureWhen: ((r: RequestRecord) => FailureSpec | undefined) | undefined;
  private evaluator: FormulaEvaluator = () => "";
  private uninstallers: (() => void)[] = [];
  /** Calls of `Office.actions.associate`, by action id. */
  readonly actions = new Map<string, (event: unknown) => unknown>();
  showAsTaskpaneCalls = 0;

  // --- counters -------------------------------------------------------------------------------

  get syncCount(): number {
    return this.requests.length;
  }
  get largestRequestBytes(): number {
    return this.requests.reduce((m, r) => Math.max(m, r.bytes), 0);
  }
  get largestResponseBytes(): number {
    return this.requests.reduce((m, r) => Math.max(m, r.responseBytes), 0);
  }
  /** Counts how many queued operations of a kind ran or were sent (e.g. `rows.add`). */
  opCount(kind: string): number {
    return this.requests.reduce((n, r) => n + r.ops.filter((k) => k === kind).length, 0);
  }
  resetCounters(): void {
    this.requests.length = 0;
    this.rowsAddCalls = 0;
    this.calculationSuspensions = 0;
  }

  // --- failure injection ----------------------------------------------------------------------

  /**
   * Makes the n-th sync from now (1 = the next one) reject with an OfficeExtension.Error-shaped
   * error; none of that batch's operations is applied.
   */
  failSync(
    n: number,
    code = "GeneralException",
    message = "An internal error has occurred.",
    atOp?: number | string,
  ): void {
    this.failures.set(this.requests.length + n, { code, message, atOp });
  }

  /**
   * Fails one operation inside a request: the operations before it stay applied and the rest
   * of the batch does not run, as Excel does with a batch that fails part-way (office-js docs,
   * "Excel JavaScript API error handling": changes made before the failing call are not rolled
   * back).
   */
  opFailure:
    ((kind: string, index: number, r: RequestRecord) => FailureSpec | undefined) | undefined;

  /** Forgets every injected failure, including once-failures not reached yet. */
  clearFailures(): void {
    this.failures.clear();
    this.failureWhen = undefined;
    this.opFailure = undefined;
  }

  /** Fails every sync for which `when` returns a spec (e.g. the first one that writes). */
  failWhen(when: ((r: RequestRecord) => FailureSpec | undefined) | undefined): void {
    this.failureWhen = when;
  }

  /** @internal */
  takeFailure(record: RequestRecord): { error: FakeOfficeError; atOp: number } | undefined {
    const n = this.requests.length;
    const spec = this.failures.get(n) ?? this.failureWhen?.(record);
    this.failures.delete(n);
    if (spec) {
      const atOp =
        spec.atOp === undefined
          ? 0
          : typeof spec.atOp === "number"
            ? spec.atOp
            : record.ops.indexOf(spec.atOp);
      return { error: new FakeOfficeError(spec.code, spec.message), atOp: Math.max(0, atOp) };
    }
    if (record.bytes > this.payloadLimit) {
      return {
        error: new FakeOfficeError(
          "RequestPayloadSizeLimitExceeded",
          `The request payload size (${record.bytes} bytes) has exceeded the limit.`,
        ),
        atOp: 0,
      };
    }
    return undefined;
  }

  // --- formulas -------------------------------------------------------------------------------

  /** Values shown for formula cells; by default a formula evaluates to "". */
  setFormulaEvaluator(fn: FormulaEvaluator): void {
    this.evaluator = fn;
  }
  /** @internal */
  evaluate(sheet: string, row: number, col: number, formula: string): CellValue {
    if (!this.customFunctionsRuntime && /(^|[^\w.])CRM\.[A-Z]/i.test(formula)) return "#NAME?";
    return this.evaluator(sheet, row, col, formula);
  }

  // --- Excel.run ------------------------------------------------------------------------------

  /** The `Excel.run` replacement: a fresh context, then a final sync of what is still queued. */
  run<T>(batch: (ctx: FakeRequestContext) => Promise<T>): Promise<T>;
  run<T>(options: unknown, batch: (ctx: FakeRequestContext) => Promise<T>): Promise<T>;
  async run<T>(first: unknown, second?: (ctx: FakeRequestContext) => Promise<T>): Promise<T> {
    const batch = (second ?? first) as (ctx: FakeRequestContext) => Promise<T>;
    // Excel.run(context, batch) goes on with an existing request context, as an event
    // registration's removal needs ("Excel.run(context, batch)" overload, Excel JavaScript API
    // reference: "uses the same request context as the passed-in object").
    const ctx =
      second && first instanceof FakeRequestContext ? first : new FakeRequestContext(this);
    this.runCount++;
    const result = await batch(ctx);
    if (ctx.hasPending) await ctx.sync();
    return result;
  }

  /** A context for tests that drive the proxies directly. */
  newContext(): FakeRequestContext {
    return new FakeRequestContext(this);
  }

  // --- seeding and inspection -----------------------------------------------------------------

  findSheet(name: string): SheetState | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /** @internal */
  createSheet(name: string): SheetState {
    if (this.findSheet(name))
      throw new FakeOfficeError("ItemAlreadyExists", `A worksheet named ${name} already exists`);
    if (!name || name.length > 31 || /[\\/?*[\]:]/.test(name))
      throw new FakeOfficeError("InvalidArgument", `Invalid sheet name ${name}`);
    const s = new SheetState(this, name);
    this.sheets.push(s);
    if (!this.activeSheet) {
      this.activeSheet = s;
      this.selection = { sheet: s, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    }
    return s;
  }

  /** @internal */
  renameSheet(s: SheetState, name: string): void {
    const other = this.findSheet(name);
    if (other && other !== s)
      throw new FakeOfficeError("ItemAlreadyExists", `A worksheet named ${name} already exists`);
    s.name = name;
  }

  /** @internal */
  deleteSheet(s: SheetState): void {
    if (this.sheets.length === 1)
      throw new FakeOfficeError(
        "InvalidOperation",
        "A workbook must contain at least one visible worksheet",
      );
    this.sheets.splice(this.sheets.indexOf(s), 1);
    const gone: string[] = [];
    for (let i = this.tables.length - 1; i >= 0; i--)
      if (this.tables[i]!.sheet === s) gone.push(...this.tables.splice(i, 1).map((t) => t.name));
    this.breakNames(
      (n) => n.sheet === s || (!n.sheet && gone.some((t) => refersToTable(n.formula, t))),
    );
    if (this.activeSheet === s) {
      this.activeSheet = this.sheets[0];
      this.selection = this.activeSheet
        ? { sheet: this.activeSheet, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } }
        : undefined;
    }
  }

  /**
   * Names whose cells or table were deleted keep existing and refer to `#REF!` (Microsoft docs,
   * "Define and use names in formulas": deleting the referenced cells leaves the name with a
   * #REF! error); their type is then "Error" and getRange fails.
   */
  breakNames(hit: (n: NamedState) => boolean): void {
    this.names.forEach((n, i) => {
      if (!hit(n)) return;
      const formula = n.sheet ? `=#REF!${absolute(n.rect)}` : "=#REF!";
      this.names[i] = { name: n.name, formula, comment: n.comment, visible: n.visible };
    });
  }

  /** @internal */
  renameTable(t: TableState, name: string): void {
    if (!/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(name))
      throw new FakeOfficeError("InvalidArgument", `Invalid table name ${name}`);
    const clash =
      this.tables.find((x) => x !== t && x.name.toLowerCase() === name.toLowerCase()) ??
      this.names.find((n) => n.name.toLowerCase() === name.toLowerCase());
    if (clash) throw new FakeOfficeError("InvalidArgument", `The name ${name} is already used`);
    t.name = name;
  }

  /** @internal */
  tablesOn(sheet: SheetState): TableState[] {
    return this.tables.filter((t) => t.sheet === sheet);
  }

  /** @internal Excel's rules for `tables.add`. */
  createTable(sheet: SheetState, rect: Rect, hasHeaders: boolean): TableState {
    this.assertWritable(sheet);
    if (this.tablesOn(sheet).some((t) => intersect(t.rect, rect)))
      throw new FakeOfficeError("InvalidOperation", "A table can't overlap another table.");
    if (sheet.merges.some((m) => intersect(m, rect)))
      throw new FakeOfficeError("InvalidOperation", "A table can't contain merged cells.");
    let r = { ...rect };
    if (!hasHeaders) {
      sheet.shiftRows(r.r0, r.c0, r.c1, 1);
      r = { ...r, r1: r.r1 + 1 };
    }
    // A header-only range gets one empty data row, as in Excel.
    if (r.r1 === r.r0) r = { ...r, r1: r.r1 + 1 };
    const seen = new Set<string>();
    for (let c = r.c0; c <= r.c1; c++) {
      let h = hasHeaders ? String(sheet.value(r.r0, c)).trim() : "";
      if (!h) h = `Column${c - r.c0 + 1}`;
      const base = h;
      let n = 2;
      while (seen.has(h.toLowerCase())) h = `${base}${n++}`;
      seen.add(h.toLowerCase());
      const row = sheet.cells.get(r.r0);
      // Headers are always text in a table.
      if (
        row?.f[c] !== undefined ||
        String(sheet.value(r.r0, c)) !== h ||
        typeof sheet.value(r.r0, c) !== "string"
      ) {
        sheet.setFormula(r.r0, c, undefined);
        sheet.setInput(r.r0, c, `'${h}`);
      }
    }
    let i = this.tables.length + 1;
    while (this.tables.some((t) => t.name === `Table${i}`)) i++;
    const t = new TableState(`Table${i}`, sheet, r);
    this.tables.push(t);
    return t;
  }

  /** @internal An API newer than the host's ExcelApi version is not there (ApiNotFound). */
  requireApi(version: string, api: string): void {
    if (compareVersions(version, this.apiVersion) > 0)
      throw new FakeOfficeError(
        "ApiNotFound",
        `${api} needs ExcelApi ${version}; this host has ${this.apiVersion}.`,
      );
  }

  /** @internal Checks a write against a protected sheet or a read-only file, as Excel does. */
  assertWritable(sheet: SheetState): void {
    if (this.readOnly) throw new FakeOfficeError("AccessDenied", "The workbook is open read-only.");
    if (sheet.protected)
      throw new FakeOfficeError(
        "AccessDenied",
        "The cell or chart you're trying to change is on a protected sheet.",
      );
  }

  /**
   * @internal How many rows of a block written just below a table the table grows over, by the
   * rules of real Excel (each is a source, the stricter reading where they are vague):
   * - none while the user's AutoCorrect option "Include new rows and columns in table" is off: the
   *   API write follows the user's AutoCorrect options (office-js #2093, #6745);
   * - none when the block's first cell is blank: Excel treats a row whose first value is "" as
   *   empty and does not expand over it, "by design" (office-js #2097);
   * - none when the table shows a totals row: the row below it is not the table's next row
   *   (a table grows by insertion above its totals row, Table.showTotals in the Excel JS docs);
   * - none when data validation covers the block (a template's validation left below its data):
   *   issue 13 reports it; Excel does not document the rule, so the fake takes the stricter side;
   * - a block of several rows joins only down to its first row whose first cell is blank, the
   *   rest stays outside the table (office-js #3013, #3191: only part of the rows join).
   */
  growth(t: TableState, rect: Rect, m: unknown[][]): number {
    if (!this.autoCorrect.includeNewRowsInTable) return 0;
    if (t.showTotals) return 0;
    const blank = (v: unknown) => v === null || v === undefined || v === "";
    // The table's own validation ends at its last row, so any validation on the block is not.
    if (t.sheet.validations.some((v) => intersect(v.rect, rect))) return 0;
    let n = 0;
    while (n < m.length && !blank(m[n]![0])) n++;
    return n;
  }

  /** @internal `Range.values` / `Range.formulas` writes, with table auto-expansion. */
  writeCells(sheet: SheetState, rect: Rect, value: unknown, what: "values" | "formulas"): void {
    this.assertWritable(sheet);
    const m = toMatrix(value, rows(rect), cols(rect), what);
    const merged = sheet.merges.find(
      (mg) =>
        intersect(mg, rect) &&
        !(mg.r0 >= rect.r0 && mg.r1 <= rect.r1 && mg.c0 >= rect.c0 && mg.c1 <= rect.c1),
    );
    if (merged) throw new FakeOfficeError("InvalidOperation", "We can't do that to a merged cell.");
    const grow = this.tablesOn(sheet)
      .filter((t) => rect.r0 === t.rect.r1 + 1 && rect.c0 >= t.rect.c0 && rect.c1 <= t.rect.c1)
      .map((t) => ({ t, n: this.growth(t, rect, m) }))
      .filter((g) => g.n > 0);
    // Auto-expansion: the table grows first, so the new rows carry the formats of the row above
    // and (while AutoCorrect fills calculated columns, office-js #2093) the calculated columns'
    // formulas; the written values then land on top (a written "" replaces a formula, a null
    // leaves it, as `Range.values` does). The table's own data validation grows with it.
    for (const { t, n } of grow) {
      const calc = Array.from({ length: cols(t.rect) }, (_, i) =>
        this.autoCorrect.fillFormulasInTables ? t.calculatedFormula(t.rect.c0 + i) : undefined,
      );
      const oldLast = t.rect.r1;
      const newLast = rect.r0 + n - 1;
      t.rect = { ...t.rect, r1: newLast };
      for (const v of sheet.validations) {
        if (v.rect.r0 > t.rect.r0 && v.rect.r1 === oldLast && v.rect.c0 >= t.rect.c0)
          if (v.rect.c1 <= t.rect.c1) v.rect = { ...v.rect, r1: newLast };
      }
      for (let r = oldLast + 1; r <= newLast; r++)
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          const nf = sheet.cells.get(oldLast)?.nf[c];
          if (oldLast > t.rect.r0 && nf !== undefined && sheet.cells.get(r)?.nf[c] === undefined)
            sheet.setNumberFormat(r, c, nf);
          const f = calc[c - t.rect.c0];
          if (f !== undefined) sheet.setFormula(r, c, f);
        }
    }
    for (let r = 0; r < m.length; r++) {
      const row = m[r]!;
      for (let c = 0; c < row.length; c++) sheet.setInput(rect.r0 + r, rect.c0 + c, row[c]);
    }
  }

  /** @internal `Range.delete`: rows deleted inside a table's columns shrink the table. */
  deleteCells(target: RangeState, shift: string): void {
    const { sheet, rect } = target;
    this.assertWritable(sheet);
    if (shift !== "Up")
      throw new FakeOfficeError("InvalidArgument", "The fake models Range.delete('Up') only");
    for (const t of this.tablesOn(sheet)) {
      const hit = intersect(t.rect, rect);
      if (!hit) continue;
      if (rect.c0 > t.rect.c0 || rect.c1 < t.rect.c1 || rect.r0 <= t.rect.r0) {
        throw new FakeOfficeError(
          "InvalidOperation",
          "This operation is not allowed. The operation is attempting to shift cells in a table on your worksheet.",
        );
      }
    }
    const h = rows(rect);
    for (const t of this.tablesOn(sheet)) {
      const hit = intersect(t.rect, rect);
      if (hit) t.rect = { ...t.rect, r1: t.rect.r1 - rows(hit) };
      else if (t.rect.r0 > rect.r1 && t.rect.c0 >= rect.c0 && t.rect.c1 <= rect.c1)
        t.rect = { ...t.rect, r0: t.rect.r0 - h, r1: t.rect.r1 - h };
    }
    sheet.clear(rect, "All");
    sheet.shiftRows(rect.r1 + 1, rect.c0, rect.c1, -h);
  }

  /** Adds a sheet and writes `grid` at `at` (default A1). Returns the read-back handle. */
  addSheet(name: string, grid: unknown[][] = [], opts: { at?: string } = {}): SheetHandle {
    const s = this.createSheet(name);
    const handle = new SheetHandle(s);
    if (grid.length) handle.set(opts.at ?? "A1", grid);
    return handle;
  }

  /** Turns `address` (header row included) into a table named `name`, as `tables.add` would. */
  addTable(sheet: string, address: string, name: string): TableHandle {
    const s = this.findSheet(sheet);
    if (!s) throw new Error(`No sheet ${sheet}`);
    const t = this.createTable(s, parseAddress(address).rect, true);
    this.renameTable(t, name);
    return new TableHandle(t);
  }

  /** Defines a workbook name for a range (`Settings!B2`) or a constant formula (`=0.5`). */
  addName(name: string, reference: string): void {
    const m = /^=?(.+![$A-Z0-9:]+)$/i.exec(reference);
    if (m) {
      const parsed = parseAddress(m[1]!);
      const sheet = parsed.sheet !== undefined ? this.findSheet(parsed.sheet) : undefined;
      if (!sheet) throw new Error(`No sheet for ${reference}`);
      this.names.push({ name, sheet, rect: parsed.rect, comment: "", visible: true });
    } else {
      this.names.push({
        name,
        formula: reference.startsWith("=") ? reference : `=${reference}`,
        comment: "",
        visible: true,
      });
    }
  }

  setCustomProperty(key: string, value: unknown): void {
    this.customProperties.set(key, { key, value });
  }

  sheet(name: string): SheetHandle {
    const s = this.findSheet(name);
    if (!s) throw new Error(`No sheet ${name}`);
    return new SheetHandle(s);
  }

  table(name: string): TableHandle {
    const t = this.tables.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!t) throw new Error(`No table ${name}`);
    return new TableHandle(t);
  }

  hasTable(name: string): boolean {
    return this.tables.some((x) => x.name.toLowerCase() === name.toLowerCase());
  }

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  tableNames(): string[] {
    return this.tables.map((t) => t.name);
  }

  /** The value of a named range's first cell, or undefined when the name is missing. */
  nameValue(name: string): CellValue | undefined {
    const n = this.names.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!n || !n.sheet) return undefined;
    return n.sheet.value(n.rect.r0, n.rect.c0);
  }

  /**
   * Another user's edit (co-authoring): rows typed just below a table, outside any sync of ours.
   * `rows` are full-width rows in table column order; "" leaves a calculated column's formula.
   */
  appendRowsDirect(tableName: string, rowsToAdd: unknown[][]): void {
    const t = this.table(tableName).state;
    const r0 = t.rect.r1 + 1;
    const calc = Array.from({ length: cols(t.rect) }, (_, i) => t.calculatedFormula(t.rect.c0 + i));
    const padded = rowsToAdd.map((row) =>
      Array.from({ length: cols(t.rect) }, (_, i) =>
        calc[i] !== undefined && (row[i] ?? "") === "" ? null : (row[i] ?? ""),
      ),
    );
    const rect = { r0, c0: t.rect.c0, r1: r0 + padded.length - 1, c1: t.rect.c1 };
    this.writeCells(t.sheet, rect, padded, "values");
  }

  /**
   * Another user's edit (co-authoring): rows inserted inside a table above its data row `index`
   * (Excel's "Insert table rows above"), outside any sync of ours; the rows below shift down.
   * `rows` are full-width rows in table column order; "" leaves a calculated column's formula.
   */
  insertRowsDirect(tableName: string, index: number, rowsToInsert: unknown[][]): void {
    const t = this.table(tableName).state;
    const r = t.rect.r0 + 1 + index;
    const calc = Array.from({ length: cols(t.rect) }, (_, i) => t.calculatedFormula(t.rect.c0 + i));
    t.sheet.shiftRows(r, t.rect.c0, t.rect.c1, rowsToInsert.length);
    t.rect = { ...t.rect, r1: t.rect.r1 + rowsToInsert.length };
    rowsToInsert.forEach((row, i) => {
      for (let j = 0; j < cols(t.rect); j++) {
        const v = row[j] ?? "";
        const f = calc[j];
        if (f !== undefined && v === "") t.sheet.setFormula(r + i, t.rect.c0 + j, f);
        else t.sheet.setInput(r + i, t.rect.c0 + j, v);
      }
    });
  }

  /** Makes writes to a sheet fail with AccessDenied, as on a protected sheet. */
  protectSheet(name: string, on = true): void {
    this.sheet(name).state.protected = on;
  }

  /** The user selects a range: the registered onSelectionChanged handlers run (not awaited). */
  select(sheet: string, address: string): void {
    const s = this.findSheet(sheet);
    if (!s) throw new Error(`No sheet ${sheet}`);
    this.activeSheet = s;
    this.selection = { sheet: s, rect: parseAddress(address).rect };
    for (const handler of this.selectionHandlers) {
      void handler({ type: "WorkbookSelectionChanged" }).catch(() => undefined);
    }
  }

  /** @internal Handlers registered through Workbook.onSelectionChanged.add and synced. */
  readonly selectionHandlers = new Set<(args: unknown) => Promise<unknown>>();

  get selectionAddress(): string | undefined {
    return this.selection ? fullAddress(this.selection.sheet.name, this.selection.rect) : undefined;
  }

  // --- globals --------------------------------------------------------------------------------

  /**
   * Installs `Excel`, `OfficeExtension` and a minimal `Office` as globals for the code under
   * test. `uninstall()` restores what was there.
   */
  install(): this {
    const g = globalThis as Record<string, unknown>;
    const saved = { Excel: g.Excel, OfficeExtension: g.OfficeExtension, Office: g.Office };
    g.Excel = { run: this.run.bind(this), ...EXCEL_ENUMS };
    g.OfficeExtension = { Error: FakeOfficeError, ErrorCodes: OFFICE_EXTENSION_ERROR_CODES };
    g.Office = this.officeGlobal();
    this.uninstallers.push(() => {
      g.Excel = saved.Excel;
      g.OfficeExtension = saved.OfficeExtension;
      g.Office = saved.Office;
    });
    return this;
  }

  uninstall(): void {
    while (this.uninstallers.length) this.uninstallers.pop()!();
  }

  private officeGlobal(): Record<string, unknown> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const fake = this;
    return {
      HostType: { Excel: "Excel" },
      onReady: async () => ({ host: "Excel", platform: "OfficeOnline" }),
      context: {
        get displayLanguage() {
          return fake.displayLanguage;
        },
        requirements: {
          isSetSupported: (name: string, version?: string) =>
            name === "ExcelApi" && compareVersions(version ?? "1.1", fake.apiVersion) <= 0,
        },
      },
      actions: {
        associate: (id: string, fn: (event: unknown) => unknown) => {
          fake.actions.set(id, fn);
        },
      },
      addin: {
        showAsTaskpane: async () => {
          fake.showAsTaskpaneCalls++;
        },
      },
    };
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** The string enums of the Excel namespace that the add-in's code may reference at run time. */
export const EXCEL_ENUMS = {
  ErrorCodes: {
    accessDenied: "AccessDenied",
    apiNotFound: "ApiNotFound",
    conflict: "Conflict",
    generalException: "GeneralException",
    insertDeleteConflict: "InsertDeleteConflict",
    invalidArgument: "InvalidArgument",
    invalidOperation: "InvalidOperation",
    invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
    invalidReference: "InvalidReference",
    itemAlreadyExists: "ItemAlreadyExists",
    itemNotFound: "ItemNotFound",
    mergedRangeConflict: "MergedRangeConflict",
    notImplemented: "NotImplemented",
    requestAborted: "RequestAborted",
    responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
    unsupportedOperation: "UnsupportedOperation",
  },
  DeleteShiftDirection: { up: "Up", left: "Left" },
  RangeCopyType: { all: "All", formulas: "Formulas", values: "Values", formats: "Formats" },
  InsertShiftDirection: { down: "Down", right: "Right" },
  ClearApplyTo: {
    all: "All",
    formats: "Formats",
    contents: "Contents",
    hyperlinks: "Hyperlinks",
    removeHyperlinks: "RemoveHyperlinks",
  },
  ConditionalFormatType: {
    custom: "Custom",
    dataBar: "DataBar",
    colorScale: "ColorScale",
    iconSet: "IconSet",
    topBottom: "TopBottom",
    presetCriteria: "PresetCriteria",
    containsText: "ContainsText",
    cellValue: "CellValue",
  },
  DataValidationAlertStyle: { stop: "Stop", warning: "Warning", information: "Information" },
  DataValidationType: {
    list: "List",
    wholeNumber: "WholeNumber",
    decimal: "Decimal",
    date: "Date",
    custom: "Custom",
    textLength: "TextLength",
    inconsistent: "Inconsistent",
    mixedCriteria: "MixedCriteria",
    none: "None",
    time: "Time",
  },
  DataValidationOperator: {
    between: "Between",
    greaterThanOrEqualTo: "GreaterThanOrEqualTo",
    lessThanOrEqualTo: "LessThanOrEqualTo",
    greaterThan: "GreaterThan",
    lessThan: "LessThan",
    equalTo: "EqualTo",
    notEqualTo: "NotEqualTo",
    notBetween: "NotBetween",
  },
  SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
  HorizontalAlignment: { general: "General", left: "Left", center: "Center", right: "Right" },
  CalculationType: { recalculate: "Recalculate", full: "Full", fullRebuild: "FullRebuild" },
  ChartType: {
    columnClustered: "ColumnClustered",
    pie: "Pie",
    line: "Line",
    barClustered: "BarClustered",
    doughnut: "Doughnut",
  },
  ChartSeriesBy: { auto: "Auto", columns: "Columns", rows: "Rows" },
} as const;

export const OFFICE_EXTENSION_ERROR_CODES = {
  accessDenied: "AccessDenied",
  generalException: "GeneralException",
  activityLimitReached: "ActivityLimitReached",
  invalidObjectPath: "InvalidObjectPath",
  propertyNotLoaded: "PropertyNotLoaded",
  valueNotLoaded: "ValueNotLoaded",
  invalidRequestContext: "InvalidRequestContext",
  invalidArgument: "InvalidArgument",
  runMustReturnPromise: "RunMustReturnPromise",
  cannotRegisterEvent: "CannotRegisterEvent",
  apiNotFound: "ApiNotFound",
  connectionFailure: "ConnectionFailure",
} as const;

/** Creates a fake workbook and installs it as the Office globals. Call `uninstall()` after. */
export function installFakeExcel(opts: InstallOptions = {}): FakeExcel {
  const fake = new FakeExcel();
  if (opts.apiVersion) fake.apiVersion = opts.apiVersion;
  if (opts.displayLanguage) fake.displayLanguage = opts.displayLanguage;
  return fake.install();
}

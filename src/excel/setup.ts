/**
 * Setup, upgrade and adoption of the CRM workbook (SPEC §3) against Excel.
 *
 * The shape of every run is fixed, whatever the workbook holds:
 *   1. one round trip loads the names of sheets, tables, defined names and the layout version;
 *   2. one round trip loads, per sheet, its used range and top rows and, per table, its range,
 *      header row and first data row (and the as-of cell);
 *   3. `planLayout` (pure, src/domain/layout.ts) decides what to create, extend or leave alone;
 *   4. one round trip writes the whole plan, with calculation suspended.
 * Adoption adds one round trip to measure the template range and, when the template has combined
 * columns to split, reads and writes in chunks that stay under Excel on the web's 5 MB request
 * limit. Formulas and formats go to whole columns as a single value, so their size never depends
 * on the row count.
 *
 * Requirement sets: tables, names, number formats (ExcelApi 1.1–1.4), getUsedRangeOrNullObject
 * (1.4), conditional formats and suspendApiCalculationUntilNextSync (1.6), custom document
 * properties, freeze panes and getRangeByIndexes (1.7), data validation (1.8); merged-area
 * detection on adoption (1.13) is used only where supported. `runExcel` checks ExcelApi 1.9.
 */
import { a1, colLetters, parseA1, type Rect } from "../domain/a1";
import { detectHeader, mapHeaders } from "../domain/headers";
import { splitCombined } from "../domain/import/pipeline";
import {
  COLORS,
  LAYOUT_VERSION_PROPERTY,
  SCAN_COLS,
  SCAN_ROWS,
  findCandidates,
  planLayout,
  resolveHeaders,
  normalizeFormula,
  snapshotFormulaMode,
  tableHasData,
  type AdoptionInput,
  type CellValue,
  type LayoutOp,
  type LayoutPlan,
  type WorkbookSnapshot,
} from "../domain/layout";
import type { AdoptCandidate, SetupReport, TableStatus, WorkbookStatus } from "../domain/port";
import {
  TABLES,
  TABLE_KEYS,
  FORMULA_MODE_SETTING,
  columnDef,
  columnFormula,
  parseFormulaMode,
  settingName,
  type FormulaMode,
  type Lang,
  type NumberValidation,
  type TableKey,
} from "../domain/schema";
import { cellText, todaySerial, toNumber, toRate, toText } from "../domain/values";
import { say } from "../domain/i18n";
import { jsonBytes, payloadChunks } from "./cells";
import { runExcel, supportsExcelApi } from "./run";

const MAX_ROWS = 1_048_576;
/** Stay well under the 5 MB request and response limit of Excel on the web. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** Counts the round trips of one run, for the report and the bench. */
class Round {
  count = 0;
  constructor(readonly context: Excel.RequestContext) {}
  async sync(): Promise<void> {
    this.count++;
    const context = this.context;
    await context.sync();
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the snapshot (two round trips)
// ---------------------------------------------------------------------------------------------

async function readSnapshot(round: Round): Promise<WorkbookSnapshot> {
  const context = round.context;
  const wb = context.workbook;
  const sheets = wb.worksheets.load("items/name");
  const tables = wb.tables.load("items/name");
  const names = wb.names.load("items/name,items/formula");
  const version = wb.properties.custom.getItemOrNullObject(LAYOUT_VERSION_PROPERTY);
  version.load("value");
  await context.sync();
  round.count++;

  const box = `A1:${colLetters(SCAN_COLS - 1)}${SCAN_ROWS}`;
  const sheetReads = sheets.items.map((s) => ({
    name: s.name,
    used: s.getUsedRangeOrNullObject(true).load("address"),
    top: s.getRange(box).getUsedRangeOrNullObject(true).load("address,values"),
  }));
  const tableReads = tables.items.map((t) => ({
    name: t.name,
    sheet: t.worksheet.load("name"),
    range: t.getRange().load("address"),
    header: t.getHeaderRowRange().load("values"),
    first: t.getDataBodyRange().getRow(0).load("values,formulas"),
  }));
  const asOfName = settingName("asOf");
  const hasAsOf = names.items.some((n) => n.name.toLowerCase() === asOfName.toLowerCase());
  const asOf = hasAsOf ? wb.names.getItem(asOfName).getRange().load("values") : undefined;
  const modeName = FORMULA_MODE_SETTING.name.toLowerCase();
  const hasMode = names.items.some((n) => n.name.toLowerCase() === modeName);
  const mode = hasMode
    ? wb.names.getItem(FORMULA_MODE_SETTING.name).getRange().load("values")
    : undefined;
  await context.sync();
  round.count++;

  return {
    sheets: sheetReads.map((s) => {
      const top = s.top.isNullObject ? null : s.top;
      const at = top ? parseA1(top.address) : { r0: 0, c0: 0 };
      return {
        name: s.name,
        used: s.used.isNullObject ? null : parseA1(s.used.address),
        top: top ? top.values : [],
        topAt: { r: at.r0, c: at.c0 },
      };
    }),
    tables: tableReads.map((t) => ({
      name: t.name,
      sheet: t.sheet.name,
      rect: parseA1(t.range.address),
      headers: (t.header.values[0] ?? []).map((h) => String(h)),
      firstValues: t.first.values[0] ?? [],
      firstFormulas: t.first.formulas[0] ?? [],
    })),
    names: names.items.map((n) => ({ name: n.name, formula: String(n.formula) })),
    layoutVersion:
      !version.isNullObject && typeof version.value === "number" ? version.value : null,
    asOf: asOf ? asOf.values[0]?.[0] : undefined,
    formulaMode: mode ? parseFormulaMode(mode.values[0]?.[0]) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Executing a plan
// ---------------------------------------------------------------------------------------------

/**
 * Excel applies a single value to every cell of the range; the typings only declare the 2-D
 * form. One value keeps the request the same size for 10 or 100,000 rows.
 */
function fillAll(range: Excel.Range, prop: "formulas" | "numberFormat", value: string): void {
  (range as unknown as Record<string, unknown>)[prop] = value;
}

/** Excel's rule for a typed column (ExcelApi 1.8 DataValidationRule); bounds from the schema. */
function numberRule(v: NumberValidation): Excel.DataValidationRule {
  if (v.type === "date")
    return { date: { formula1: "1900-01-01", formula2: "9999-12-31", operator: "Between" } };
  const criteria =
    v.min !== undefined && v.max !== undefined
      ? { formula1: v.min, formula2: v.max, operator: "Between" as const }
      : v.min !== undefined
        ? {
            formula1: v.min,
            operator: v.exclusiveMin ? ("GreaterThan" as const) : ("GreaterThanOrEqualTo" as const),
          }
        : v.max !== undefined
          ? { formula1: v.max, operator: "LessThanOrEqualTo" as const }
          : { formula1: -1e307, operator: "GreaterThanOrEqualTo" as const };
  return v.type === "wholeNumber" ? { wholeNumber: criteria } : { decimal: criteria };
}

/** The stop alert of a typed column: says what to type instead (a number without 万, a date). */
function numberAlert(v: NumberValidation, lang: Lang): Excel.DataValidationErrorAlert {
  const range =
    v.min !== undefined && v.max !== undefined
      ? `${v.min}–${v.max}`
      : v.min !== undefined
        ? `${v.exclusiveMin ? ">" : "≥"} ${v.min}`
        : "";
  const text = {
    wholeNumber: {
      zh: { title: "请输入整数", message: `请输入整数 ${range}(不带单位,如 200 而非“200人”)。` },
      en: {
        title: "Whole number",
        message: `Type a whole number ${range} (no unit: 200, not 200人).`,
      },
    },
    decimal: {
      zh: {
        title: "请输入数字",
        message: `请输入数字 ${range}(不带单位,如 1200000 而非“120万”;比率如 85%)。`,
      },
      en: {
        title: "Number",
        message: `Type a number ${range} (no unit: 1200000, not 120万; rates as 85%).`,
      },
    },
    date: {
      zh: { title: "请输入日期", message: "请输入日期,如 2024-05-10。" },
      en: { title: "Date", message: "Type a date such as 2024-05-10." },
    },
  }[v.type][lang];
  return { showAlert: true, style: "Stop", ...text };
}

const VALIDATION_MESSAGE = {
  zh: { title: "请从列表中选择", message: "该值不在“参数设置”表的列表中。" },
  en: {
    title: "Choose from the list",
    message: "This value is not in the list on the Settings sheet.",
  },
};

function byIndexes(sheet: Excel.Worksheet, rect: Rect): Excel.Range {
  return sheet.getRangeByIndexes(rect.r0, rect.c0, rect.r1 - rect.r0 + 1, rect.c1 - rect.c0 + 1);
}

/** Values computed before the write (split columns), by the index of their op in the plan. */
type Precomputed = Map<number, CellValue[][]>;

/** Queues one op. Returns the bytes it adds to the request (for chunking big writes). */
function queueOp(context: Excel.RequestContext, op: LayoutOp, lang: Lang): number {
  const wb = context.workbook;
  const sheet = (name: string) => wb.worksheets.getItem(name);
  switch (op.kind) {
    case "addSheet":
      wb.worksheets.add(op.sheet);
      return 0;
    case "deleteTable":
      wb.tables.getItem(op.table).delete();
      return 0;
    case "deleteSheet":
      sheet(op.sheet).delete();
      return 0;
    case "createTable": {
      const ws = sheet(op.sheet);
      const rows = op.rows ?? [];
      const rect: Rect = {
        r0: op.at.r,
        c0: op.at.c,
        r1: op.at.r + rows.length,
        c1: op.at.c + op.headers.length - 1,
      };
      byIndexes(ws, { ...rect, r1: rect.r0 }).values = [op.headers];
      if (rows.length) {
        const body = byIndexes(ws, { ...rect, r0: rect.r0 + 1 });
        fillAll(body, "numberFormat", "@");
        body.values = rows;
      }
      const table = ws.tables.add(a1(rect), true);
      table.name = op.table;
      return jsonBytes(op.headers) + jsonBytes(rows);
    }
    case "unmerge":
      byIndexes(sheet(op.sheet), op.rect).unmerge();
      return 0;
    case "adoptRange": {
      const ws = sheet(op.sheet);
      byIndexes(ws, { ...op.rect, r1: op.rect.r0 }).values = [op.headers];
      const table = ws.tables.add(a1(op.rect), true);
      table.name = op.table;
      return jsonBytes(op.headers);
    }
    case "addColumn":
      wb.tables.getItem(op.table).columns.add(undefined, undefined, op.header);
      return jsonBytes(op.header);
    case "formula":
      fillAll(
        wb.tables.getItem(op.table).columns.getItem(op.header).getDataBodyRange(),
        "formulas",
        op.formula,
      );
      return jsonBytes(op.formula);
    case "decorate": {
      const table = wb.tables.getItem(op.table);
      for (const d of op.columns) {
        const column = table.columns.getItem(d.header);
        const body = column.getDataBodyRange();
        if (d.numberFormat) fillAll(body, "numberFormat", d.numberFormat);
        if (d.listName) {
          body.dataValidation.rule = { list: { inCellDropDown: true, source: `=${d.listName}` } };
          body.dataValidation.errorAlert = {
            showAlert: true,
            style: "Stop",
            ...VALIDATION_MESSAGE[lang],
          };
        } else if (d.validation) {
          body.dataValidation.rule = numberRule(d.validation);
          body.dataValidation.errorAlert = numberAlert(d.validation, lang);
        }
        if (d.computed) {
          body.format.fill.color = COLORS.computedFill;
          body.format.font.color = COLORS.computedFont;
          column.getHeaderRowRange().format.font.italic = true;
        }
        if (d.width) column.getRange().format.columnWidth = d.width;
      }
      return jsonBytes(op.columns);
    }
    case "conditionalFormat": {
      const cf = byIndexes(sheet(op.sheet), op.rect).conditionalFormats.add("Custom");
      cf.custom.rule.formula = op.formula;
      cf.custom.format.fill.color = op.fill;
      cf.custom.format.font.color = op.fontColor;
      return jsonBytes(op.formula);
    }
    case "freeze":
      sheet(op.sheet).freezePanes.freezeRows(op.rows);
      return 0;
    case "writeCells": {
      const range = byIndexes(sheet(op.sheet), op.rect);
      if (op.formats) range.numberFormat = op.formats;
      range.values = op.values;
      return jsonBytes(op.values) + jsonBytes(op.formats ?? null);
    }
    case "boldRow":
      byIndexes(sheet(op.sheet), op.rect).format.font.bold = true;
      return 0;
    case "columnWidth":
      byIndexes(sheet(op.sheet), { r0: 0, c0: op.col, r1: 0, c1: op.col }).format.columnWidth =
        op.width;
      return 0;
    case "defineName":
      if (op.sheet && op.address) wb.names.add(op.name, sheet(op.sheet).getRange(op.address));
      else wb.names.add(op.name, op.formula ?? "");
      return jsonBytes(op.formula ?? op.address ?? "");
    case "setProperty":
      wb.properties.custom.add(op.key, op.value);
      return 0;
    case "setAsOf":
      wb.names.getItem(settingName("asOf")).getRange().values = [[op.value]];
      return 0;
    case "setFormulaMode":
      wb.names.getItem(FORMULA_MODE_SETTING.name).getRange().values = [[op.value]];
      return jsonBytes(op.value);
    case "splitColumn":
      // Written in chunks by applyPlan from the values read before the write.
      return 0;
  }
}

/**
 * Writes a plan: everything in one round trip, except that the split-column values are cut into
 * chunks so that no request exceeds CHUNK_BYTES.
 */
async function applyPlan(
  round: Round,
  plan: LayoutPlan,
  lang: Lang,
  pre: Precomputed,
): Promise<void> {
  if (!plan.ops.length) return;
  const context = round.context;
  context.workbook.application.suspendApiCalculationUntilNextSync();
  let pending = 0;
  const flushIfNeeded = async (next: number) => {
    if (pending > 0 && pending + next > CHUNK_BYTES) {
      await round.sync();
      context.workbook.application.suspendApiCalculationUntilNextSync();
      pending = 0;
    }
  };
  for (let i = 0; i < plan.ops.length; i++) {
    const op = plan.ops[i]!;
    if (op.kind === "splitColumn") {
      const values = pre.get(i) ?? [];
      for (const chunk of payloadChunks(values, CHUNK_BYTES)) {
        await flushIfNeeded(chunk.bytes);
        const ws = context.workbook.worksheets.getItem(op.sheet);
        ws.getRangeByIndexes(op.rows.r0 + chunk.start, op.targetCol, chunk.rows.length, 1).values =
          chunk.rows;
        pending += chunk.bytes;
      }
      continue;
    }
    pending += queueOp(context, op, lang);
  }
  await round.sync();
}

function report(plan: LayoutPlan, round: Round): SetupReport {
  return {
    created: plan.created,
    upgraded: plan.upgraded,
    skipped: plan.skipped,
    warnings: plan.warnings,
    syncs: round.count,
  };
}

// ---------------------------------------------------------------------------------------------
// Setup, adoption, status (context-level: what tests and the bench drive)
// ---------------------------------------------------------------------------------------------

export interface SetupOptions {
  /** Today's serial; defaults to the local date. */
  today?: number;
  /** Rewrite calculated columns whose formula drifted. */
  repairFormulas?: boolean;
  /** Switch the calculated columns to this formula mode (every column rewritten, one write). */
  formulaMode?: FormulaMode;
}

/** Sets up or upgrades the workbook. A second run on the same day makes no write at all. */
export async function setupWorkbook(
  context: Excel.RequestContext,
  lang: Lang,
  options: SetupOptions = {},
): Promise<SetupReport> {
  const round = new Round(context);
  const snap = await readSnapshot(round);
  const candidates = findCandidates(snap).map((c) => ({
    sheet: c.sheet,
    table: c.table,
    dataRows: c.dataRows,
  }));
  const plan = planLayout(snap, {
    lang,
    today: options.today ?? todaySerial(),
    repairFormulas: options.repairFormulas,
    formulaMode: options.formulaMode,
    candidates,
  });
  await applyPlan(round, plan, lang, new Map());
  return report(plan, round);
}

const ADOPT_MESSAGES = {
  noLongerThere: {
    zh: "工作表“{sheet}”中已找不到{table}的表头行。",
    en: 'The header row of {table} is no longer found on sheet "{sheet}".',
  },
  hasData: {
    zh: "{table}已有数据,无法再采用另一个模板;请改用“导入”。",
    en: "{table} already holds data, so another template cannot be adopted into it; use Import instead.",
  },
};

/** Adoption refused or impossible, in the user's language. */
export class AdoptError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = "AdoptError";
  }
  text(lang: Lang): string {
    return lang === "zh" ? this.zh : this.en;
  }
}

function adoptError(key: keyof typeof ADOPT_MESSAGES, params: Record<string, string>): AdoptError {
  return new AdoptError(
    say(ADOPT_MESSAGES[key], "zh", params),
    say(ADOPT_MESSAGES[key], "en", params),
  );
}

/**
 * Adopts a template sheet: its header row (found again now, the sheet may have changed since
 * the status was read) and the rows below become the CRM table in place; the rest of the layout
 * is set up around it in the same write.
 */
export async function adoptTemplate(
  context: Excel.RequestContext,
  candidate: Pick<AdoptCandidate, "sheet" | "table">,
  lang: Lang,
  options: SetupOptions = {},
): Promise<SetupReport> {
  const round = new Round(context);
  const snap = await readSnapshot(round);
  const sheetSnap = snap.sheets.find((s) => s.name === candidate.sheet);
  const match = sheetSnap ? detectHeader(sheetSnap.top, { tables: [candidate.table] }) : undefined;
  const label = `${TABLES[candidate.table].sheet[lang]} (${TABLES[candidate.table].name})`;
  if (!sheetSnap || !match)
    throw adoptError("noLongerThere", { sheet: candidate.sheet, table: label });
  const existing = snap.tables.find((t) => t.name === TABLES[candidate.table].name);
  if (existing && tableHasData(existing)) throw adoptError("hasData", { table: label });

  const headerRow = sheetSnap.topAt.r + match.row;
  const rowValues = sheetSnap.top[match.row] ?? [];
  const filledNonEmpty = rowValues
    .map((v, i) => (typeof toText(v) === "string" ? i : -1))
    .filter((i) => i >= 0);
  const first = filledNonEmpty[0] ?? 0;
  const last = filledNonEmpty[filledNonEmpty.length - 1] ?? 0;
  const c0 = sheetSnap.topAt.c + first;
  const c1 = sheetSnap.topAt.c + last;
  const headerValues = rowValues.slice(first, last + 1);
  const width = c1 - c0 + 1;

  // Round trip 3: how far the data goes, which template columns that map to calculated
  // columns hold data, and whether merged cells sit inside the range.
  const ws = context.workbook.worksheets.getItem(candidate.sheet);
  const below = ws.getRangeByIndexes(headerRow + 1, c0, MAX_ROWS - headerRow - 1, width);
  const used = below.getUsedRangeOrNullObject(true).load("address");
  const mapped = mapHeaders(candidate.table, headerValues);
  const computedCols = mapped
    .map((m, i) =>
      m.kind === "column" && columnDef(candidate.table, m.key).kind === "computed" ? c0 + i : -1,
    )
    .filter((c) => c >= 0);
  const columnUse = computedCols.map((c) => ({
    c,
    used: ws
      .getRangeByIndexes(headerRow + 1, c, MAX_ROWS - headerRow - 1, 1)
      .getUsedRangeOrNullObject(true)
      .load("address"),
  }));
  const merges = supportsExcelApi("1.13")
    ? ws
        .getRangeByIndexes(headerRow, c0, MAX_ROWS - headerRow, width)
        .getMergedAreasOrNullObject()
        .load("address")
    : undefined;
  await round.sync();

  const input: AdoptionInput = {
    table: candidate.table,
    sheet: candidate.sheet,
    headerRow,
    c0,
    c1,
    headerValues,
    lastRow: used.isNullObject ? headerRow : parseA1(used.address).r1,
    columnsWithData: columnUse.filter((u) => !u.used.isNullObject).map((u) => u.c),
    hasMerges: merges !== undefined && !merges.isNullObject,
  };
  const plan = planLayout(snap, {
    lang,
    today: options.today ?? todaySerial(),
    repairFormulas: options.repairFormulas,
    adopt: input,
  });
  const pre = await readSplits(round, plan);
  await applyPlan(round, plan, lang, pre);
  return report(plan, round);
}

/** Reads the combined template columns in chunks and computes the values of their parts. */
async function readSplits(round: Round, plan: LayoutPlan): Promise<Precomputed> {
  const out: Precomputed = new Map();
  const splits = plan.ops
    .map((op, i) => ({ op, i }))
    .filter(
      (x): x is { op: Extract<LayoutOp, { kind: "splitColumn" }>; i: number } =>
        x.op.kind === "splitColumn",
    );
  if (!splits.length) return out;
  const first = splits[0]!.op;
  const sources = [...new Set(splits.map((s) => s.op.sourceCol))];
  const total = first.rows.r1 - first.rows.r0 + 1;
  // A combined cell is short text (`A类/年合作额120万/85%` is 40 bytes of JSON). The first chunk
  // assumes a generous 128 bytes per cell; later chunks are sized from what the first one
  // weighed, so 100,000 rows take two reads rather than seven.
  let rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (128 * sources.length)));
  const columns = new Map<number, unknown[]>(sources.map((c) => [c, []]));
  const ws = round.context.workbook.worksheets.getItem(first.sheet);
  for (let start = 0; start < total;) {
    const n = Math.min(rowsPerChunk, total - start);
    const reads = sources.map((c) => ({
      c,
      range: ws.getRangeByIndexes(first.rows.r0 + start, c, n, 1).load("values"),
    }));
    await round.sync();
    let bytes = 0;
    for (const r of reads) {
      columns.get(r.c)!.push(...r.range.values.map((row) => row[0]));
      bytes += jsonBytes(r.range.values);
    }
    start += n;
    const perRow = Math.max(1, bytes / n);
    rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (perRow * 1.25)));
  }
  for (const { op, i } of splits) {
    const target = op.parts[op.part]!;
    const type = columnDef(op.tableKey, target).type;
    const values = (columns.get(op.sourceCol) ?? []).map((cell): CellValue[] => {
      const text = toText(cell);
      if (typeof text !== "string") return [""];
      const piece = splitCombined(op.tableKey, text, op.parts)[op.part] ?? "";
      if (!piece) return [""];
      if (type === "rate") {
        const n = toRate(piece);
        return [typeof n === "number" ? n : cellText(piece)];
      }
      if (type === "integer" || type === "money" || type === "number") {
        const n = toNumber(piece);
        return [typeof n === "number" ? n : cellText(piece)];
      }
      return [cellText(piece)];
    });
    // A part that is empty in every row (say, no owner in any follow-up plan) writes nothing.
    if (values.some((v) => v[0] !== "")) out.set(i, values);
  }
  return out;
}

/** What the pane shows: tables, missing columns, drift, settings, adoptable sheets. */
export async function workbookStatus(context: Excel.RequestContext): Promise<WorkbookStatus> {
  const round = new Round(context);
  const snap = await readSnapshot(round);
  const tables = {} as Record<TableKey, TableStatus>;
  const found = new Map(
    TABLE_KEYS.map((key) => [key, snap.tables.find((x) => x.name === TABLES[key].name)]),
  );
  const resolved = new Map<TableKey, Map<string, string>>();
  for (const [key, t] of found) if (t) resolved.set(key, resolveHeaders(key, t.headers));
  for (const key of TABLE_KEYS) {
    const t = found.get(key);
    const headerOf = resolved.get(key);
    if (!t || !headerOf) {
      tables[key] = { present: false, rows: 0, missingColumns: [], formulaDrift: [] };
      continue;
    }
    const missingColumns = TABLES[key].columns
      .filter((c) => !headerOf.has(c.key))
      .map((c) => c.key);
    const formulaDrift: string[] = [];
    for (const col of TABLES[key].columns) {
      const header = headerOf.get(col.key);
      if (col.kind !== "computed" || header === undefined) continue;
      let expected: string;
      try {
        expected = columnFormula(key, col.key, snapshotFormulaMode(snap), (tk, k) => {
          const h = resolved.get(tk)?.get(k);
          if (h === undefined) throw new Error("missing");
          return h;
        });
      } catch {
        // The table it reads is missing: reported as a missing table, not as drift.
        continue;
      }
      const actual = t.firstFormulas[t.headers.indexOf(header)];
      if (normalizeFormula(actual) !== normalizeFormula(expected)) formulaDrift.push(col.key);
    }
    tables[key] = {
      present: true,
      rows: tableHasData(t) ? t.rect.r1 - t.rect.r0 : 0,
      missingColumns,
      formulaDrift,
    };
  }
  const candidates: AdoptCandidate[] = findCandidates(snap).map((c) => {
    const used = snap.sheets.find((s) => s.name === c.sheet)?.used;
    return {
      sheet: c.sheet,
      table: c.table,
      headerRow: c.headerRow - (used?.r0 ?? 0),
      dataRows: c.dataRows,
      recognised: c.recognised,
      unrecognised: c.unrecognised,
    };
  });
  const settingsPresent = snap.names.some((n) => n.name === settingName("asOf"));
  return {
    mode: "excel",
    tables,
    settingsPresent,
    layoutVersion: snap.layoutVersion,
    asOf: typeof snap.asOf === "number" ? snap.asOf : null,
    formulaMode: snapshotFormulaMode(snap),
    candidates,
  };
}

/**
 * Sets the as-of date to `today` when it differs (pane or workbook load). Reads first so that an
 * unchanged date costs one read-only round trip and no edit that co-authors would see; a changed
 * date takes a second round trip for the write. No as-of name (not set up yet): nothing to do.
 */
export async function refreshAsOf(context: Excel.RequestContext, today: number): Promise<boolean> {
  const name = context.workbook.names.getItemOrNullObject(settingName("asOf"));
  const range = name.getRangeOrNullObject();
  range.load("values");
  await context.sync();
  if (range.isNullObject || range.values[0]?.[0] === today) return false;
  range.values = [[today]];
  await context.sync();
  return true;
}

// ---------------------------------------------------------------------------------------------
// Entry points for the workbook adapter (src/excel/excelWorkbook.ts)
// ---------------------------------------------------------------------------------------------

export function runSetup(lang: Lang, options: SetupOptions = {}): Promise<SetupReport> {
  return runExcel((context) => setupWorkbook(context, lang, options), "CRM layout");
}

/** Switches the calculated columns to `mode`: one plan, every column rewritten in one write. */
export function runSetFormulaMode(mode: FormulaMode, lang: Lang): Promise<SetupReport> {
  return runExcel((context) => setupWorkbook(context, lang, { formulaMode: mode }), "CRM layout");
}

export function runAdopt(candidate: AdoptCandidate, lang: Lang): Promise<SetupReport> {
  return runExcel((context) => adoptTemplate(context, candidate, lang), candidate.sheet);
}

export function readStatus(): Promise<WorkbookStatus> {
  return runExcel((context) => workbookStatus(context), "CRM layout");
}

export function runRefreshAsOf(today: number = todaySerial()): Promise<boolean> {
  return runExcel((context) => refreshAsOf(context, today), settingName("asOf"));
}

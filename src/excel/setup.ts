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
  AS_OF_AUTO_PROPERTY,
  LAYOUT_VERSION_PROPERTY,
  SETUP_PENDING_PROPERTY,
  SCAN_COLS,
  SCAN_ROWS,
  findCandidates,
  columnHeldAsText,
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
  LISTS,
  LIST_KEYS,
  TABLES,
  TABLE_KEYS,
  FORMULA_MODE_SETTING,
  columnDef,
  columnFormula,
  parseFormulaMode,
  settingName,
  type FormulaMode,
  type Lang,
  type TableKey,
} from "../domain/schema";
import { cellText, isBlank, todaySerial, toNumber, toRate, toText } from "../domain/values";
import { memoryProperty, resolveColumns } from "../domain/columnMap";
import { isBrokenName, workbookProblems } from "../domain/recovery";
import {
  ADOPTION_PROPERTY,
  decodePending,
  encodePending,
  resumeSplitOps,
} from "../domain/adoption";
import { errorText, toExcelError } from "./errors";
import { say } from "../domain/i18n";
import { jsonBytes, payloadChunks } from "./cells";
import { runExcel, supportsExcelApi } from "./run";
import { applyValidation } from "./validation";
import { putListCells } from "./settings";

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
  const pending = wb.properties.custom.getItemOrNullObject(SETUP_PENDING_PROPERTY);
  pending.load("value");
  const pendingAdoption = wb.properties.custom.getItemOrNullObject(ADOPTION_PROPERTY);
  pendingAdoption.load("value");
  const memories = TABLE_KEYS.map((key) => {
    const p = wb.properties.custom.getItemOrNullObject(memoryProperty(key));
    p.load("value");
    return { key, p };
  });
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
    last: t.getDataBodyRange().getLastRow().load("values,formulas"),
  }));
  const asOfName = settingName("asOf");
  // A name whose sheet was deleted refers to #REF! and has no range: status and Repair must
  // still work then, so the as-of cell is read only through a null object.
  const asOf = wb.names.getItemOrNullObject(asOfName).getRangeOrNullObject().load("values");
  // The formula mode's cell, read the same way (absent in workbooks of layout version 1).
  const mode = wb.names
    .getItemOrNullObject(FORMULA_MODE_SETTING.name)
    .getRangeOrNullObject()
    .load("values");
  // List tables are small (a few dozen items): read whole to tell an emptied one.
  const listBodies = tables.items
    .filter((t) => LIST_KEYS.some((k) => LISTS[k].table.toLowerCase() === t.name.toLowerCase()))
    .map((t) => ({ name: t.name, body: t.getDataBodyRange().load("values") }));
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
      lastValues: t.last.values[0] ?? [],
      lastFormulas: t.last.formulas[0] ?? [],
    })),
    names: names.items.map((n) => ({ name: n.name, formula: String(n.formula) })),
    layoutVersion:
      !version.isNullObject && typeof version.value === "number" ? version.value : null,
    asOf: asOf.isNullObject ? undefined : asOf.values[0]?.[0],
    formulaMode: mode.isNullObject ? null : parseFormulaMode(mode.values[0]?.[0]),
    setupPending: !pending.isNullObject && Number(pending.value) === 1,
    adoptionPending:
      !pendingAdoption.isNullObject && typeof pendingAdoption.value === "string"
        ? pendingAdoption.value
        : undefined,
    blankLists: listBodies
      .filter((l) => l.body.values.every((row) => row.every((v) => isBlank(v))))
      .map((l) => l.name.toLowerCase()),
    columnMemory: Object.fromEntries(
      memories
        .filter((m) => !m.p.isNullObject && typeof m.p.value === "string")
        .map((m) => [m.key, m.p.value as string]),
    ),
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

function byIndexes(sheet: Excel.Worksheet, rect: Rect): Excel.Range {
  return sheet.getRangeByIndexes(rect.r0, rect.c0, rect.r1 - rect.r0 + 1, rect.c1 - rect.c0 + 1);
}

/**
 * Values computed before the write (split columns), by the index of their op in the plan; null
 * leaves a cell as it is (finishing an adoption writes only into blank cells).
 */
type Precomputed = Map<number, (CellValue | null)[][]>;

/**
 * The order a plan is written in, whatever order it lists its ops in: sheets, tables, columns,
 * names and list tables first (a dropdown's source name must exist); then the body's number
 * formats (General for computed columns: a formula written into a Text cell stays text); then
 * formulas; then data validation (cleared first); then conditional formats; then freeze panes,
 * widths and the look of computed columns. The pending mark opens the write and closes it.
 * Excel applies the part of a failed batch before the failure, so this order decides what a
 * half-done set-up holds; the next run redoes every step (layout.ts, SETUP_PENDING_PROPERTY).
 */
export const WRITE_PHASES = [
  "open",
  "structure",
  "numberFormats",
  "formulas",
  "validation",
  "conditionalFormats",
  "look",
  "close",
] as const;
export type WritePhase = (typeof WRITE_PHASES)[number];

/** The phases an op has a part in (a column decoration spreads over several). */
function phasesOf(op: LayoutOp, index: number, count: number): WritePhase[] {
  switch (op.kind) {
    // The progress marks bracket the write by what they say, not where they sit: an adoption
    // puts its own mark before the set-up's and its deletion after it.
    case "setProperty":
      if (op.key === SETUP_PENDING_PROPERTY) return [op.value === 1 ? "open" : "close"];
      if (op.key === ADOPTION_PROPERTY) return ["open"];
      return index === count - 1 ? ["close"] : ["structure"];
    case "deleteProperty":
      return op.key === ADOPTION_PROPERTY ? ["close"] : ["structure"];
    case "decorate":
      return ["numberFormats", "validation", "look"];
    case "formula":
      return ["formulas"];
    case "conditionalFormat":
      return ["conditionalFormats"];
    case "freeze":
    case "boldRow":
    case "columnWidth":
      return ["look"];
    default:
      return ["structure"];
  }
}

/**
 * Queues one op's part for a phase. Returns the bytes it adds to the request (for chunking big
 * writes).
 */
function queueOp(
  context: Excel.RequestContext,
  op: LayoutOp,
  lang: Lang,
  phase: WritePhase = "structure",
): number {
  const wb = context.workbook;
  const sheet = (name: string) => wb.worksheets.getItem(name);
  switch (op.kind) {
    case "addSheet":
      wb.worksheets.add(op.sheet);
      return 0;
    case "deleteTable":
      wb.tables.getItem(op.table).delete();
      return 0;
    case "renameTable":
      wb.tables.getItem(op.from).name = op.to;
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
      // A template's validation left below its data would keep the table from growing over
      // appended rows; the table's own validation (set below) grows with it instead.
      if (op.rect.r1 + 1 < MAX_ROWS)
        byIndexes(ws, { ...op.rect, r0: op.rect.r1 + 1, r1: MAX_ROWS - 1 }).dataValidation.clear();
      return jsonBytes(op.headers);
    }
    case "addColumn":
      wb.tables.getItem(op.table).columns.add(undefined, undefined, op.header);
      return jsonBytes(op.header);
    case "formula": {
      const body = wb.tables.getItem(op.table).columns.getItem(op.header).getDataBodyRange();
      // Its own number format first, even where the numberFormats phase set it: a repair of a
      // column whose formula was stored as text rewrites only this op.
      fillAll(body, "numberFormat", op.numberFormat ?? "General");
      fillAll(body, "formulas", op.formula);
      return jsonBytes(op.formula);
    }
    case "decorate": {
      const table = wb.tables.getItem(op.table);
      for (const d of op.columns) {
        const column = table.columns.getItem(d.header);
        const body = column.getDataBodyRange();
        if (phase === "numberFormats" && d.numberFormat)
          fillAll(body, "numberFormat", d.numberFormat);
        if (phase === "validation") applyValidation(body, d, lang);
        if (phase === "look" && d.computed) {
          body.format.fill.color = COLORS.computedFill;
          body.format.font.color = COLORS.computedFont;
          column.getHeaderRowRange().format.font.italic = true;
        }
        if (phase === "look" && d.width) column.getRange().format.columnWidth = d.width;
      }
      return phase === "numberFormats" ? jsonBytes(op.columns) : 0;
    }
    case "conditionalFormat": {
      const formats = byIndexes(sheet(op.sheet), op.rect).conditionalFormats;
      if (op.replace) formats.clearAll();
      const cf = formats.add("Custom");
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
    case "deleteName":
      wb.names.getItem(op.name).delete();
      return 0;
    case "fillList": {
      // The emptied table may have fewer rows than the list has items (op.rect: header + body).
      putListCells(
        wb.tables.getItem(op.table),
        byIndexes(sheet(op.sheet), op.rect),
        op.rect.r1 - op.rect.r0 + 1,
        1,
        op.items.map((i) => [cellText(i)]),
      );
      return jsonBytes(op.items);
    }
    case "setAsOf":
      wb.names.getItem(settingName("asOf")).getRange().values = [[op.value]];
      // Recorded as the add-in's own write, so the pane's refresh knows it from a user's date.
      wb.properties.custom.add(AS_OF_AUTO_PROPERTY, op.value);
      return 0;
    case "setFormulaMode":
      wb.names.getItem(FORMULA_MODE_SETTING.name).getRange().values = [[op.value]];
      return jsonBytes(op.value);
    case "splitColumn":
      // Written in chunks by applyPlan from the values read before the write.
      return 0;
    case "deleteProperty":
      wb.properties.custom.getItem(op.key).delete();
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
  const ordered = WRITE_PHASES.flatMap((phase) =>
    plan.ops
      .map((op, i) => ({ op, i, phase }))
      .filter(({ op, i }) => phasesOf(op, i, plan.ops.length).includes(phase)),
  );
  for (const { op, i, phase } of ordered) {
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
    pending += queueOp(context, op, lang, phase);
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
  // An adoption interrupted before its table was made and named: there is nothing to finish,
  // so it runs again over its template (still recognised there), which ends it.
  const unmade = decodePending(snap.adoptionPending);
  if (unmade && !hasTable(snap, unmade.table)) {
    const sheet = snap.sheets.find((s) => s.name === unmade.sheet);
    if (sheet && detectHeader(sheet.top, { tables: [unmade.table] }))
      return await adoptTemplate(context, unmade, lang, options);
  }
  const candidates = findCandidates(snap).map((c) => ({
    sheet: c.sheet,
    table: c.table,
    dataRows: c.dataRows,
    headerRow: c.headerRow,
    c0: c.c0,
  }));
  const plan = planLayout(snap, {
    lang,
    today: options.today ?? todaySerial(),
    repairFormulas: options.repairFormulas,
    formulaMode: options.formulaMode,
    candidates,
  });
  // An adoption that stopped half-way is finished here: what is missing was planned above;
  // its split columns are completed where still blank, and its progress mark goes last.
  const pending = decodePending(snap.adoptionPending);
  if (snap.adoptionPending !== undefined) {
    if (pending) {
      plan.ops.push(...resumeSplitOps(plan.tables[pending.table], pending));
      plan.upgraded.push(
        say(ADOPT_MESSAGES.finished, lang, {
          sheet: pending.sheet,
          table: `${TABLES[pending.table].sheet[lang]} (${TABLES[pending.table].name})`,
        }),
      );
    }
    plan.ops.push({ kind: "deleteProperty", key: ADOPTION_PROPERTY });
  }
  const pre = await readSplits(round, plan);
  await applyPlan(round, plan, lang, pre);
  return report(plan, round);
}

const ADOPT_MESSAGES = {
  finished: {
    zh: "已完成中断的采用：工作表“{sheet}”（{table}）。",
    en: 'Finished the interrupted adoption of sheet "{sheet}" ({table}).',
  },
  unknown: {
    zh: "采用工作表“{sheet}”时出错，无法确认写入了多少。请刷新“首页”：若显示采用未完成，点击“修复”完成它；否则可再次采用。数据不会丢失。原因：{cause}",
    en: 'Adopting sheet "{sheet}" failed and how much was written cannot be told. Refresh Home: if it shows the adoption as unfinished, choose Repair to finish it; otherwise adopt again. No data is lost. Cause: {cause}',
  },
  interrupted: {
    // It may have stopped before the table was made: Repair finishes it either way.
    zh: "采用工作表“{sheet}”未完成：数据均保留，但表格、部分设置或拆分列尚未全部写入。请在“首页”点击“修复”完成采用。原因：{cause}",
    en: 'Adopting sheet "{sheet}" did not finish: every value is kept, but the table, some settings or split columns are not all written yet. Choose Repair on Home to finish it. Cause: {cause}',
  },
  noLongerThere: {
    zh: "工作表“{sheet}”中已找不到{table}的表头行。",
    en: 'The header row of {table} is no longer found on sheet "{sheet}".',
  },
  hasData: {
    zh: "{table}已有数据，无法再采用另一个模板；请改用“导入”。",
    en: "{table} already holds data, so another template cannot be adopted into it; use Import instead.",
  },
};

/** Adoption refused or impossible, in the user's language. */
export class AdoptError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
    override readonly cause?: unknown,
  ) {
    super(`${zh} / ${en}`);
    this.name = "AdoptError";
  }
  text(lang: Lang): string {
    return lang === "zh" ? this.zh : this.en;
  }
}

function adoptError(
  key: keyof typeof ADOPT_MESSAGES,
  table: TableKey,
  params: Record<string, string>,
): AdoptError {
  // The table is named in each message's own language.
  const label = (l: Lang) => `${TABLES[table].sheet[l]} (${TABLES[table].name})`;
  return new AdoptError(
    say(ADOPT_MESSAGES[key], "zh", { ...params, table: label("zh") }),
    say(ADOPT_MESSAGES[key], "en", { ...params, table: label("en") }),
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
  let snap = await readSnapshot(round);
  const pending = decodePending(snap.adoptionPending);
  const resuming = pending?.table === candidate.table && pending.sheet === candidate.sheet;
  if (resuming && hasTable(snap, candidate.table)) {
    // Adopting again what stopped half-way finishes it instead of refusing.
    return await setupWorkbook(context, lang, options);
  }
  const sheetSnap = snap.sheets.find((s) => s.name === candidate.sheet);
  const match = sheetSnap ? detectHeader(sheetSnap.top, { tables: [candidate.table] }) : undefined;
  if (!sheetSnap || !match)
    throw adoptError("noLongerThere", candidate.table, { sheet: candidate.sheet });
  const existing = snap.tables.find((t) => t.name === TABLES[candidate.table].name);
  if (existing && tableHasData(existing)) throw adoptError("hasData", candidate.table, {});

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

  // Stopped between tables.add and its rename, the adoption left a table of Excel's naming on
  // the template's header row: back to a range (values and formats stay), adopted again below.
  const orphan = resuming
    ? snap.tables.find(
        (t) =>
          t.sheet === candidate.sheet &&
          t.rect.r0 === headerRow &&
          t.rect.c0 === c0 &&
          !TABLE_KEYS.some((k) => TABLES[k].name.toLowerCase() === t.name.toLowerCase()),
      )
    : undefined;
  if (orphan) {
    context.workbook.tables.getItem(orphan.name).convertToRange();
    snap = { ...snap, tables: snap.tables.filter((t) => t !== orphan) };
  }

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
  // The progress mark rides on the first request and is deleted by the last: if a request in
  // between fails, status sees an unfinished adoption and Repair finishes it.
  const splitKeys = plan.ops.flatMap((op) =>
    op.kind === "splitColumn" ? [op.parts[op.part]!] : [],
  );
  const mark = encodePending({ table: candidate.table, sheet: candidate.sheet, splitKeys });
  plan.ops.unshift({ kind: "setProperty", key: ADOPTION_PROPERTY, value: mark });
  plan.ops.push({ kind: "deleteProperty", key: ADOPTION_PROPERTY });
  const pre = await readSplits(round, plan);
  try {
    await applyPlan(round, plan, lang, pre);
  } catch (error) {
    // A failed request may still have applied its first operations (Excel keeps the part of
    // a batch before the failing operation): the progress mark, written first, says whether it
    // did. Marked: say so and how to finish. Not marked: nothing changed, the error stands.
    let marked: boolean | null = null;
    try {
      const p = context.workbook.properties.custom.getItemOrNullObject(ADOPTION_PROPERTY);
      p.load("value");
      await context.sync();
      round.count++;
      marked = !p.isNullObject;
    } catch {
      // Excel cannot even be read now: the message says both possibilities.
    }
    if (marked === false) throw error;
    const typed = toExcelError(error);
    const key = marked ? "interrupted" : "unknown";
    throw new AdoptError(
      say(ADOPT_MESSAGES[key], "zh", { sheet: candidate.sheet, cause: errorText(typed, "zh") }),
      say(ADOPT_MESSAGES[key], "en", { sheet: candidate.sheet, cause: errorText(typed, "en") }),
      error,
    );
  }
  return report(plan, round);
}

/** Whether the CRM table exists (table names are case-insensitive in Excel). */
function hasTable(snap: WorkbookSnapshot, table: TableKey): boolean {
  const name = TABLES[table].name.toLowerCase();
  return snap.tables.some((t) => t.name.toLowerCase() === name);
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
  // Finishing an adoption also reads the target columns: only their blank cells are written.
  const sources = [
    ...new Set([
      ...splits.map((s) => s.op.sourceCol),
      ...splits.filter((s) => s.op.onlyBlank).map((s) => s.op.targetCol),
    ]),
  ];
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
    const current = op.onlyBlank ? (columns.get(op.targetCol) ?? []) : [];
    const values = (columns.get(op.sourceCol) ?? []).map((cell, row): (CellValue | null)[] => {
      if (op.onlyBlank && !isBlank(current[row])) return [null];
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
    if (values.some((v) => v[0] !== "" && v[0] !== null)) out.set(i, values);
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
    // A renamed column is not missing (Repair would add an empty twin): it is reported as
    // renamed, with the pane offering to rename it back or keep the new name.
    const columns = resolveColumns(key, t.headers, snap.columnMemory?.[key], t.firstValues);
    const renamedColumns = columns.renamed
      .filter((r) => !headerOf.has(r.key))
      .map((r) => ({ key: r.key, header: r.header }));
    columns.memory.confirmed.forEach((yes, i) => {
      const k = columns.keys[i];
      if (yes && k && !headerOf.has(k)) headerOf.set(k, t.headers[i]!);
    });
    for (const r of renamedColumns) headerOf.set(r.key, r.header);
    const missingColumns = TABLES[key].columns
      .filter((c) => !headerOf.has(c.key))
      .map((c) => c.key);
    const formulaDrift: string[] = [];
    // A table without a data row has no formula to compare: nothing drifted.
    const hasRows = t.rect.r1 > t.rect.r0;
    for (const col of TABLES[key].columns) {
      const header = headerOf.get(col.key);
      if (!hasRows || col.kind !== "computed" || header === undefined) continue;
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
      // A formula stored as text (a Text-formatted cell) reads back as the formula itself.
      const asText = columnHeldAsText(t, header);
      if (asText || normalizeFormula(actual) !== normalizeFormula(expected))
        formulaDrift.push(col.key);
    }
    tables[key] = {
      present: true,
      rows: tableHasData(t) ? t.rect.r1 - t.rect.r0 : 0,
      missingColumns,
      formulaDrift,
      renamedColumns,
      unknownHeaders: columns.unknown,
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
  const settingsPresent = snap.names.some(
    (n) => n.name.toLowerCase() === settingName("asOf").toLowerCase() && !isBrokenName(n.formula),
  );
  const problems = workbookProblems(snap);
  for (const key of TABLE_KEYS)
    for (const r of tables[key].renamedColumns ?? [])
      problems.push({
        kind: "columnRenamed",
        params: { table: key, column: r.key, header: r.header },
        repair: false,
      });
  return {
    mode: "excel",
    tables,
    problems,
    settingsPresent,
    layoutVersion: snap.layoutVersion,
    asOf: typeof snap.asOf === "number" ? snap.asOf : null,
    formulaMode: snapshotFormulaMode(snap),
    candidates,
    setupIncomplete: snap.setupPending === true,
  };
}

/**
 * Sets the as-of date to `today` when the pane is shown (the policy is src/taskpane/asOfRefresh.ts).
 * One read-only round trip decides; a second writes, only when all of these hold:
 * - the workbook is editable (`Workbook.readOnly`, ExcelApi 1.8): a read-only file is never
 *   edited, and a write there would fail;
 * - the add-in has not written today already (at most one write a day, whatever the cell says);
 * - the cell still holds what the add-in last wrote (or nothing of ours is recorded yet): a date
 *   the user typed stays;
 * - the cell differs from today.
 * No as-of name (not set up yet): nothing to do, quietly. Returns whether it wrote.
 */
export async function refreshAsOf(context: Excel.RequestContext, today: number): Promise<boolean> {
  const wb = context.workbook;
  wb.load("readOnly");
  const name = wb.names.getItemOrNullObject(settingName("asOf"));
  const range = name.getRangeOrNullObject();
  range.load("values");
  const auto = wb.properties.custom.getItemOrNullObject(AS_OF_AUTO_PROPERTY);
  auto.load("value");
  // A date fixed in the Settings panel (CRM_AsOfFixed = 1) stays until changed there.
  const fixed = wb.names
    .getItemOrNullObject(settingName("asOfFixed"))
    .getRangeOrNullObject()
    .load("values");
  await context.sync();
  if (!fixed.isNullObject && fixed.values[0]?.[0] === 1) return false;
  if (wb.readOnly || range.isNullObject) return false;
  const current = range.values[0]?.[0];
  const last = auto.isNullObject ? null : Number(auto.value);
  if (last === today || current === today) return false;
  if (last !== null && current !== last) return false;
  range.values = [[today]];
  wb.properties.custom.add(AS_OF_AUTO_PROPERTY, today);
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

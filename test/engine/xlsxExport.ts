/**
 * Writes the workbook held by the Excel fake (what set-up, appends and the dashboard built) to an
 * .xlsx file a real spreadsheet engine can open: sheets with their values and formulas, the
 * tables with their names and header rows, and the defined names.
 *
 * Formulas are written in the spelling Excel itself stores in the file (ECMA-376 Part 1 §18.17
 * formulas; Excel's "future functions" carry the `_xlfn.` prefix), not the one the JavaScript API
 * accepts: LibreOffice reads `[@[列]]` as Err:507, a bare `MAXIFS(` as #NAME? and `Table[#Data]`
 * as #NAME? (../shared/TOOLCHAIN.md). exceljs writes the package (a real library for a real job).
 */
import ExcelJS from "exceljs";
import { a1, type Rect } from "../../src/domain/a1";
import type { FakeExcel, TableState } from "../fakes/excel";

/** Functions newer than Excel 2007 that the file stores with `_xlfn.` (Excel's own spelling). */
const FUTURE_FUNCTIONS = [
  "MAXIFS",
  "MINIFS",
  "IFS",
  "SWITCH",
  "TEXTJOIN",
  "CONCAT",
  "XLOOKUP",
  "XMATCH",
  "IFNA",
  "DAYS",
  "ISOWEEKNUM",
];

/** Applies `fn` to the parts of a formula outside its string literals. */
function outsideStrings(formula: string, fn: (code: string) => string): string {
  const parts = formula.split(/("(?:[^"]|"")*")/);
  return parts.map((p, i) => (i % 2 === 1 ? p : fn(p))).join("");
}

/**
 * The file-format spelling of a formula typed through the API, for a cell of `table` (or of no
 * table). Returns it without the leading `=`, as the file stores it.
 */
export function fileFormula(formula: string, table: string | undefined): string {
  const body = formula.startsWith("=") ? formula.slice(1) : formula;
  return outsideStrings(body, (code) => {
    let out = code
      // `T[[列]]` → `T[列]`: one column, as Excel writes it back.
      .replace(/([A-Za-z_][\w.]*)\[\[([^[\]#@]+)\]\]/gu, "$1[$2]")
      // `T[#Data]` → `T[[#Data]]`.
      .replace(/([A-Za-z_][\w.]*)\[(#[A-Za-z ]+)\]/gu, "$1[[$2]]");
    // `[@[列]]` and `[@列]` → `T[[#This Row],[列]]`.
    out = out.replace(/\[@\[([^[\]]+)\]\]|\[@([^[\]]+)\]/gu, (_m, a: string, b: string) => {
      if (!table) throw new Error(`A this-row reference outside a table: ${formula}`);
      return `${table}[[#This Row],[${a ?? b}]]`;
    });
    for (const fn of FUTURE_FUNCTIONS)
      out = out.replace(new RegExp(`(^|[^\\w.])${fn}\\(`, "g"), `$1_xlfn.${fn}(`);
    return out;
  });
}

export interface ExportOptions {
  /** Rewrites each formula before it is spelled for the file (the CRM-call emulation). */
  rewrite?: (formula: string) => string;
  /**
   * Writes a table column whose body holds one formula as an Excel shared formula (one master
   * cell, the others refer to it), as Excel's own files often do: a 100,000-row workbook stays a
   * few megabytes instead of hundreds.
   */
  sharedFormulas?: boolean;
  /** Extra sheets written as plain cells (a value, or `{ formula }` without `=`). */
  extraSheets?: { name: string; rows: (ExcelJS.CellValue | undefined)[][] }[];
}

function tableAt(tables: readonly TableState[], r: number, c: number): TableState | undefined {
  return tables.find((t) => r > t.rect.r0 && r <= t.rect.r1 && c >= t.rect.c0 && c <= t.rect.c1);
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function absolute(rect: Rect): string {
  return a1(rect).replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
}

/** Writes the fake's workbook to `path`. */
export async function exportWorkbook(
  fake: FakeExcel,
  path: string,
  options: ExportOptions = {},
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const rewrite = options.rewrite ?? ((f: string) => f);
  for (const sheet of fake.sheets) {
    const ws = wb.addWorksheet(sheet.name);
    const tables = fake.tables.filter((t) => t.sheet === sheet);
    // Tables first: exceljs writes the header and body cells of a table it adds.
    for (const t of tables) {
      const headers: string[] = [];
      for (let c = t.rect.c0; c <= t.rect.c1; c++) headers.push(String(sheet.value(t.rect.r0, c)));
      const body: null[][] = [];
      for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) body.push(headers.map(() => null));
      ws.addTable({
        name: t.name,
        ref: a1({ r0: t.rect.r0, c0: t.rect.c0, r1: t.rect.r0, c1: t.rect.c0 }),
        headerRow: true,
        columns: headers.map((name) => ({ name })),
        rows: body,
      });
    }
    /** Cells written as part of a shared formula, by `r:c`. */
    const shared = new Set<string>();
    if (options.sharedFormulas)
      for (const t of tables)
        for (let c = t.rect.c0; c <= t.rect.c1; c++) {
          const first = sheet.cells.get(t.rect.r0 + 1)?.f[c];
          if (first === undefined || t.rect.r1 <= t.rect.r0 + 1) continue;
          let same = true;
          for (let r = t.rect.r0 + 2; r <= t.rect.r1 && same; r++)
            same = sheet.cells.get(r)?.f[c] === first;
          if (!same) continue;
          const master = a1({ r0: t.rect.r0 + 1, c0: c, r1: t.rect.r0 + 1, c1: c });
          ws.getCell(t.rect.r0 + 2, c + 1).value = {
            formula: fileFormula(rewrite(first), t.name),
            shareType: "shared",
            ref: a1({ r0: t.rect.r0 + 1, c0: c, r1: t.rect.r1, c1: c }),
          } as ExcelJS.CellValue;
          for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) {
            shared.add(`${r}:${c}`);
            if (r > t.rect.r0 + 1)
              ws.getCell(r + 1, c + 1).value = { sharedFormula: master } as ExcelJS.CellValue;
          }
        }
    for (const [r, row] of sheet.cells) {
      const width = Math.max(row.v.length, row.f.length);
      for (let c = 0; c < width; c++) {
        if (shared.has(`${r}:${c}`)) continue;
        const formula = row.f[c];
        const value = row.v[c];
        const cell = ws.getCell(r + 1, c + 1);
        if (formula !== undefined) {
          const inTable = tableAt(tables, r, c)?.name;
          cell.value = { formula: fileFormula(rewrite(formula), inTable) } as ExcelJS.CellValue;
        } else if (value !== undefined && value !== "") {
          cell.value = value;
        }
      }
    }
  }
  for (const extra of options.extraSheets ?? []) {
    const ws = wb.addWorksheet(extra.name);
    extra.rows.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== undefined) ws.getCell(r + 1, c + 1).value = v;
      }),
    );
  }
  for (const n of fake.names) {
    if (n.sheet) wb.definedNames.add(`${quoteSheet(n.sheet.name)}!${absolute(n.rect)}`, n.name);
    else {
      // exceljs keeps range names only: a list's `=CRM_List_X[#Data]` becomes its data range.
      const m = /^=?([\w.]+)\[#Data\]$/.exec(n.formula);
      const t = m ? fake.tables.find((x) => x.name === m[1]) : undefined;
      if (t) wb.definedNames.add(`${quoteSheet(t.sheet.name)}!${absolute(t.body)}`, n.name);
    }
  }
  await wb.xlsx.writeFile(path);
}

/**
 * Puts rows into a table as if it had grown over them (a user's typing below a table joins it
 * only under conditions the strict fake models, e.g. not when the first cell is blank, #2097):
 * values into the input columns, the column's calculated formula into the computed ones.
 */
export function putTableRows(
  fake: FakeExcel,
  tableName: string,
  rows: readonly (string | number | boolean)[][],
): void {
  const t = fake.table(tableName).state;
  const sheet = t.sheet;
  const first = t.rect.r0 + 1;
  const formulas = Array.from({ length: t.rect.c1 - t.rect.c0 + 1 }, (_, i) => {
    const f = sheet.cells.get(first)?.f[t.rect.c0 + i];
    return f;
  });
  const r0 = t.rect.r1 + 1;
  rows.forEach((row, i) => {
    formulas.forEach((f, j) => {
      const c = t.rect.c0 + j;
      if (f !== undefined) sheet.setFormula(r0 + i, c, f);
      else if (row[j] !== "" && row[j] !== undefined) sheet.setInput(r0 + i, c, row[j]);
    });
  });
  t.rect = { ...t.rect, r1: t.rect.r1 + rows.length };
}

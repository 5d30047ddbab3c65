/**
 * The custom-function host for the CRM-mode proof. LibreOffice cannot run `CRM.*` (no Office
 * add-in runtime), so each call is replaced by a lookup of its arguments in a `CRM_Calls` sheet:
 * the cell shows `CRM?<signature>` until the signature is there. The test reads those
 * signatures from LibreOffice's results, calls the registered functions (src/functions, with the
 * custom-functions stub, an empty cell passed as null as Excel on the web does) and recalculates
 * again; a few rounds settle the chains (价值等级 feeds 下次跟进). Everything around the calls —
 * the IF guards, the structured references, the Settings' names, the argument order — is then
 * computed by the real engine, and the results are what Excel would show with the add-in loaded.
 */
import * as crm from "../../src/functions/functions";
import { StubExcelError, installCustomFunctionsStub } from "../functions/stub";
import type ExcelJS from "exceljs";

installCustomFunctionsStub();

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  ABCCLASS: crm.crmAbcClass as (...args: unknown[]) => unknown,
  NEXTFOLLOWUP: crm.crmNextFollowUp as (...args: unknown[]) => unknown,
  CHURNFLAG: crm.crmChurnFlag as (...args: unknown[]) => unknown,
  OVERDUE: crm.crmOverdue as (...args: unknown[]) => unknown,
  NEEDPRIORITY: crm.crmNeedPriority as (...args: unknown[]) => unknown,
  SIZETIER: crm.crmSizeTier as (...args: unknown[]) => unknown,
  FEEDBACKSLA: crm.crmFeedbackSla as (...args: unknown[]) => unknown,
};

export const CALLS_SHEET = "CRM_Calls";
export const PENDING = "CRM?";
const SEP = "|";

/** Splits `a,b,(c,d),"e,f"` at its top-level commas. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inString = !inString;
    if (inString) continue;
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** A tag that keeps the argument's kind: e(mpty cell), b(oolean), n(umber), s(tring). */
function tag(arg: string): string {
  return `IF(ISBLANK(${arg}),"e",IF(ISLOGICAL(${arg}),"b"&${arg},IF(ISNUMBER(${arg}),"n"&${arg},"s"&${arg})))`;
}

/** Rewrites every `CRM.NAME(args)` of a formula into the lookup of its signature. */
export function emulateCrmCalls(formula: string): string {
  let out = "";
  let i = 0;
  let inString = false;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch === '"') inString = !inString;
    const m = inString ? null : /^CRM\.([A-Z]+)\(/.exec(formula.slice(i));
    if (!m) {
      out += ch;
      i++;
      continue;
    }
    const name = m[1]!;
    if (!FUNCTIONS[name]) throw new Error(`No stand-in for CRM.${name}`);
    let depth = 1;
    let j = i + m[0].length;
    let quoted = false;
    for (; j < formula.length && depth > 0; j++) {
      const c = formula[j];
      if (c === '"') quoted = !quoted;
      if (quoted) continue;
      if (c === "(") depth++;
      if (c === ")") depth--;
    }
    const inner = formula.slice(i + m[0].length, j - 1);
    if (/CRM\.[A-Z]+\(/.test(inner)) throw new Error("Nested CRM calls are not emulated");
    const args = splitArgs(inner);
    const sig = [`"${name}"`, ...args.map(tag)].join(`&"${SEP}"&`);
    const match = `MATCH(${sig},${CALLS_SHEET}!$A:$A,0)`;
    // Excel does not call a custom function with an error argument: the cell shows the error.
    const call = `IF(ISNA(${match}),"${PENDING}"&${sig},INDEX(${CALLS_SHEET}!$B:$B,${match}))`;
    out += args.reduceRight((rest, a) => `IF(ISERROR(${a}),${a},${rest})`, call);
    i = j;
  }
  return out;
}

function decode(arg: string): unknown {
  const kind = arg[0];
  const text = arg.slice(1);
  if (kind === "e") return null;
  if (kind === "b") return text === "TRUE" || text === "1";
  if (kind === "n") return Number(text);
  return text;
}

/** What the registered function returns (or throws) for a signature. */
export function callSignature(sig: string): unknown {
  const [name, ...args] = sig.split(SEP);
  const fn = FUNCTIONS[name!];
  if (!fn) throw new Error(`Unknown signature ${sig}`);
  try {
    return fn(...args.map(decode));
  } catch (e) {
    if (e instanceof StubExcelError) return e;
    throw e;
  }
}

/** The known calls as the CRM_Calls sheet: signature, and the value or an error formula. */
export function callsSheet(calls: ReadonlyMap<string, unknown>): {
  name: string;
  rows: ExcelJS.CellValue[][];
} {
  const rows: ExcelJS.CellValue[][] = [];
  for (const [sig, result] of calls) {
    let value: ExcelJS.CellValue;
    if (result instanceof StubExcelError)
      // The engine's own #NUM! and #VALUE!, so they propagate as Excel's would.
      value = { formula: result.code === "#NUM!" ? "SQRT(-1)" : '"x"+1' } as ExcelJS.CellValue;
    // A function's "" is an empty text, not an empty cell (which INDEX would read as 0).
    else if (result === "") value = { formula: '""' } as ExcelJS.CellValue;
    else value = result as ExcelJS.CellValue;
    rows.push([sig, value]);
  }
  return { name: CALLS_SHEET, rows };
}

/** The signatures the engine still waits for, found in any sheet's results. */
export function pendingSignatures(sheets: Record<string, unknown[][]>): Set<string> {
  const out = new Set<string>();
  for (const rows of Object.values(sheets))
    for (const row of rows)
      for (const v of row)
        if (typeof v === "string" && v.startsWith(PENDING)) out.add(v.slice(PENDING.length));
  return out;
}

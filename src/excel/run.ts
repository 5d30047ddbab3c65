/**
 * The one door to Excel: every adapter call goes through `runExcel`, which checks that Excel and
 * the API version we need are there, runs the batch, and converts Office errors into the typed
 * errors of `./errors`. `return await` inside `try` is deliberate: without `await` a rejected
 * promise would leave the `try` before the `catch` could convert it.
 */
import { ExcelTooOldError, NotAvailableError, officeCode, toExcelError } from "./errors";

/**
 * ExcelApi 1.9 covers everything the adapter uses: Range.findOrNullObject (1.9),
 * getRangeByIndexes (1.7), custom document properties (1.7), suspendApiCalculationUntilNextSync
 * (1.6), getUsedRangeOrNullObject and *OrNullObject getters (1.4). Excel 2019 and later, Microsoft
 * 365 and Excel on the web all support it.
 */
const MIN_EXCEL_API = "1.9";

function excelAvailable(): boolean {
  return typeof Excel !== "undefined" && typeof Excel.run === "function";
}

/** True when the host supports the given ExcelApi requirement set. */
export function supportsExcelApi(version: string): boolean {
  if (typeof Office === "undefined") return false;
  const requirements = Office.context?.requirements;
  return !!requirements && requirements.isSetSupported("ExcelApi", version);
}

function assertExcelReady(): void {
  if (!excelAvailable()) throw new NotAvailableError("Excel");
  if (!supportsExcelApi(MIN_EXCEL_API)) throw new ExcelTooOldError(MIN_EXCEL_API);
}

/** Runs a batch against the workbook; Office errors come out typed. */
export async function runExcel<T>(
  batch: (context: Excel.RequestContext) => Promise<T>,
  what?: string,
): Promise<T> {
  assertExcelReady();
  try {
    return await Excel.run(batch);
  } catch (error) {
    throw toExcelError(error, what);
  }
}

/** True when `error` is the Office error with this code (used for expected, recoverable ones). */
export function isOfficeError(error: unknown, code: string): boolean {
  return officeCode(error) === code;
}

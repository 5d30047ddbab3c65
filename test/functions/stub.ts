/**
 * A minimal stand-in for Excel's custom-functions runtime: the Error class and the ErrorCode
 * values the CRM functions use. Excel is not available under Node; the wrappers only construct
 * CustomFunctions.Error, so this is all they touch. The bench installs it too.
 */
export class StubExcelError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

export const STUB_ERROR_CODES = {
  divisionByZero: "#DIV/0!",
  invalidName: "#NAME?",
  invalidNumber: "#NUM!",
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  nullReference: "#NULL!",
};

export function installCustomFunctionsStub(): void {
  (globalThis as Record<string, unknown>).CustomFunctions = {
    Error: StubExcelError,
    ErrorCode: STUB_ERROR_CODES,
    associate: () => undefined,
  };
}

/** Sets or removes Office's display language as office.js would expose it. */
export function setDisplayLanguage(locale: string | undefined): void {
  const g = globalThis as Record<string, unknown>;
  if (locale === undefined) delete g.Office;
  else g.Office = { context: { displayLanguage: locale } };
}

/**
 * Turns the domain's RuleError into the Excel error a custom function throws: #VALUE! for the
 * wrong kind of value, #NUM! for a number out of range, with the message in Office's display
 * language. Kept apart from functions.ts, whose module scope shadows the CustomFunctions global.
 */
import { langFromLocale, type Lang } from "../domain/i18n";
import { functionMessage } from "../domain/messages/functions";
import { RuleError } from "../domain/rules";

/** Office's display language; Chinese when Office is absent (tests, a plain browser). */
export function displayLang(): Lang {
  try {
    return langFromLocale(
      typeof Office === "undefined" ? undefined : Office.context?.displayLanguage,
    );
  } catch {
    return "zh";
  }
}

/**
 * The error to throw for anything a rule raised. A RuleError maps to its Excel error; anything
 * else (a defect) still becomes #VALUE! with its text, because a custom function that throws a
 * plain Error shows a bare #VALUE! without a hint and the spec promises a message.
 */
export function toExcelError(error: unknown): CustomFunctions.Error {
  if (error instanceof CustomFunctions.Error) return error;
  const lang = displayLang();
  if (error instanceof RuleError) {
    const code =
      error.kind === "num"
        ? CustomFunctions.ErrorCode.invalidNumber
        : CustomFunctions.ErrorCode.invalidValue;
    return new CustomFunctions.Error(code, error.messageIn(lang));
  }
  const text = error instanceof Error ? error.message : String(error);
  return new CustomFunctions.Error(
    CustomFunctions.ErrorCode.invalidValue,
    functionMessage("unexpected", lang, { value: text }),
  );
}

/** Cells of a spilled result: rule errors become Excel errors in place. */
export function toExcelCell<T>(cell: T | RuleError): T | CustomFunctions.Error {
  return cell instanceof RuleError ? toExcelError(cell) : cell;
}

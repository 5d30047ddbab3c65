/**
 * Putting a cell back as it was read. A rollback writes what `Range.values` and
 * `Range.formulas` returned before the change; writing the value raw would turn text such as
 * `=HYPERLINK("http://evil","x")` (stored as text) into a live formula, and `00123` kept as text
 * into the number 123. Pure, so the rule is tested on its own.
 */
import { textInput, type CellInput } from "./values";

/**
 * The input that recreates a cell from its read value and formula. A formula cell reads back a
 * formula text that differs from its value (`=1+1` → 2; even `="=A"` → `=A`), so "formula
 * starts with = and differs from the value" is exactly a formula; anything else is a constant,
 * and a text constant is written with the same encoding as any text.
 */
export function restoreInput(value: unknown, formula: unknown): CellInput {
  if (typeof formula === "string" && formula.startsWith("=") && formula !== value) return formula;
  if (typeof value === "string") return value === "" ? "" : textInput(value);
  if (typeof value === "number") return Number.isFinite(value) ? value : "";
  if (typeof value === "boolean") return value;
  return "";
}

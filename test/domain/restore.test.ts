/** restoreInput: a rollback writes back exactly what a cell held (formulas, text, numbers). */
import fc from "fast-check";
import { restoreInput } from "../../src/domain/restore";

describe("restoreInput", () => {
  it.each<[string, unknown, unknown, unknown]>([
    ["a formula stays a formula", 2, "=1+1", "=1+1"],
    ["a formula whose result looks like one", "=A", '="=A"', '="=A"'],
    [
      "injection text stored as text stays text",
      '=HYPERLINK("x")',
      '=HYPERLINK("x")',
      `'=HYPERLINK("x")`,
    ],
    ["text starting with + - @", "-5 天", "-5 天", "'-5 天"],
    ["numeric text stays text", "00123", "00123", "'00123"],
    ["date-like text stays text", "2024-05-10", "2024-05-10", "'2024-05-10"],
    ["TRUE as text stays text", "TRUE", "TRUE", "'TRUE"],
    ["plain text", "客户", "客户", "客户"],
    ["a number", 12.5, 12.5, 12.5],
    ["a boolean", false, false, false],
    ["an empty cell", "", "", ""],
    ["nothing read", undefined, undefined, ""],
  ])("%s", (_, value, formula, expected) => {
    expect(restoreInput(value, formula)).toBe(expected);
  });

  it("any text constant comes back as that text once Excel strips the apostrophe", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (text) => {
        const input = restoreInput(text, text);
        expect(typeof input).toBe("string");
        const stored = (input as string).startsWith("'") ? (input as string).slice(1) : input;
        expect(stored).toBe(text);
        // Never a formula: either no leading = or protected by the apostrophe.
        expect((input as string).startsWith("=")).toBe(false);
      }),
    );
  });
});

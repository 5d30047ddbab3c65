/** A1 notation shared by the layout planner, the Excel adapter and the Excel fake. */
import { a1, colIndex, colLetters, parseA1 } from "../../src/domain/a1";

describe("column letters", () => {
  it.each([
    [0, "A"],
    [25, "Z"],
    [26, "AA"],
    [27, "AB"],
    [30, "AE"],
    [51, "AZ"],
    [701, "ZZ"],
    [702, "AAA"],
    [16_383, "XFD"],
  ])("column %i is %s and back", (index, letters) => {
    expect(colLetters(index)).toBe(letters);
    expect(colIndex(letters)).toBe(index);
  });

  it("reads lower-case letters", () => {
    expect(colIndex("ab")).toBe(27);
  });

  it("round-trips every column of a sheet", () => {
    for (let c = 0; c < 16_384; c++) expect(colIndex(colLetters(c))).toBe(c);
  });
});

describe("a1", () => {
  it("writes one cell without a colon and a range with one", () => {
    expect(a1({ r0: 2, c0: 1, r1: 2, c1: 1 })).toBe("B3");
    expect(a1({ r0: 0, c0: 0, r1: 1, c1: 30 })).toBe("A1:AE2");
  });
});

describe("parseA1", () => {
  it("parses Excel's addresses", () => {
    expect(parseA1("'客户档案'!A1:AE2")).toEqual({ r0: 0, c0: 0, r1: 1, c1: 30 });
    expect(parseA1("Sheet1!$B$3")).toEqual({ r0: 2, c0: 1, r1: 2, c1: 1 });
  });

  it("keeps the sheet name's own `!` out of the address", () => {
    expect(parseA1("'A!B'!C4")).toEqual({ r0: 3, c0: 2, r1: 3, c1: 2 });
  });

  it("reads back what a1 writes", () => {
    const rect = { r0: 9, c0: 27, r1: 99, c1: 702 };
    expect(parseA1(a1(rect))).toEqual(rect);
  });

  it.each(["A:C", "2:5", "R1C1", ""])("refuses %p, which Excel never returns for a range", (s) => {
    expect(() => parseA1(s)).toThrow(/Unexpected address/);
  });
});

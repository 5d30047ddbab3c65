import {
  BLANK,
  INVALID,
  MAX_SERIAL,
  addMonths,
  cellText,
  formatSerial,
  serialFromYmd,
  toInteger,
  toNumber,
  toRate,
  toSerial,
  toText,
  trimmedText,
  todaySerial,
  ymdFromSerial,
} from "../../src/domain/values";

describe("Excel 1900 date serials", () => {
  it.each([
    [1900, 1, 1, 1],
    [1900, 2, 28, 59],
    // Serial 60 is Lotus' phantom 1900-02-29, so 1900-03-01 is 61.
    [1900, 3, 1, 61],
    [1970, 1, 1, 25569],
    [2000, 2, 29, 36585],
    [2024, 5, 10, 45422],
    [9999, 12, 31, MAX_SERIAL],
  ])("%i-%i-%i is serial %i and back", (y, m, d, serial) => {
    expect(serialFromYmd(y, m, d)).toBe(serial);
    expect(ymdFromSerial(serial)).toEqual({ y, m, d });
  });

  it("reads serial 60 as the day after 1900-02-28 (no such JS date)", () => {
    expect(ymdFromSerial(60)).toEqual({ y: 1900, m: 3, d: 1 });
  });

  it("drops the time of day", () => {
    expect(ymdFromSerial(45422.99)).toEqual({ y: 2024, m: 5, d: 10 });
  });

  it("formats as yyyy-mm-dd", () => {
    expect(formatSerial(45422)).toBe("2024-05-10");
    expect(formatSerial(61)).toBe("1900-03-01");
  });

  it("todaySerial uses the local calendar date", () => {
    expect(todaySerial(new Date(2024, 4, 10, 23, 59))).toBe(45422);
    expect(todaySerial(new Date(2024, 4, 10, 0, 0))).toBe(45422);
  });
});

describe("addMonths (EDATE)", () => {
  const s = serialFromYmd;
  it.each([
    ["Jan 31 + 1 in a leap year", s(2024, 1, 31), 1, s(2024, 2, 29)],
    ["Jan 31 + 1 in a common year", s(2023, 1, 31), 1, s(2023, 2, 28)],
    ["Feb 29 + 12", s(2024, 2, 29), 12, s(2025, 2, 28)],
    ["Feb 29 + 48", s(2024, 2, 29), 48, s(2028, 2, 29)],
    ["Mar 31 - 1", s(2024, 3, 31), -1, s(2024, 2, 29)],
    ["Dec 15 + 1 crosses the year", s(2023, 12, 15), 1, s(2024, 1, 15)],
    ["Jan 15 - 1 crosses the year back", s(2024, 1, 15), -1, s(2023, 12, 15)],
    ["Aug 31 + 1", s(2024, 8, 31), 1, s(2024, 9, 30)],
    ["+ 0", s(2024, 5, 10), 0, s(2024, 5, 10)],
    ["Nov 30 + 3", s(2023, 11, 30), 3, s(2024, 2, 29)],
    ["2100 is not a leap year", s(2100, 1, 31), 1, s(2100, 2, 28)],
  ])("%s", (_label, from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });
});

describe("toSerial", () => {
  it.each([
    ["2024-05-10", 45422],
    ["2024/5/10", 45422],
    ["2024.5.10", 45422],
    ["2024年5月10日", 45422],
    ["2024年05月10日", 45422],
    [" 2024-05-10 ", 45422],
    ["２０２４－０５－１０", 45422],
    ["2024-02-29", 45351],
    [45422, 45422],
    [45422.75, 45422],
  ])("%p → %p", (input, serial) => {
    expect(toSerial(input)).toBe(serial);
  });

  it.each([[null], [undefined], [""], ["   "], [0], [0.4]])("%p is blank", (input) => {
    expect(toSerial(input)).toBe(BLANK);
  });

  it.each([
    ["2024-02-30"],
    ["2023-02-29"],
    ["2024-13-01"],
    ["2024-00-10"],
    ["10/05/2024"],
    ["20240510"],
    ["next week"],
    [true],
    [-1],
    [MAX_SERIAL + 1],
    [Number.NaN],
    [Infinity],
    [[[45422]]],
  ])("%p is invalid", (input) => {
    expect(toSerial(input)).toBe(INVALID);
  });

  it("reads YYYYMMDD and ISO timestamps only when loose", () => {
    expect(toSerial("20240510", true)).toBe(45422);
    expect(toSerial("2024-05-10T08:30:00Z", true)).toBe(45422);
    expect(toSerial("2024-05-10T08:30:00Z")).toBe(INVALID);
  });
});

describe("toNumber", () => {
  it.each([
    [1200000, 1200000],
    [-5, -5],
    ["120万", 1200000],
    ["1.2亿元", 120000000],
    ["1.2亿", 120000000],
    ["1,200,000.00", 1200000],
    [" 500000 ", 500000],
    ["200人", 200],
    ["5000元", 5000],
    ["¥1,000", 1000],
    ["￥1,000", 1000],
    ["１２０万", 1200000],
    ["0.5万", 5000],
    ["-3", -3],
    ["1e3", 1000],
  ])("%p → %p", (input, n) => {
    expect(toNumber(input)).toBe(n);
  });

  it.each([[null], [undefined], [""], ["  "]])("%p is blank", (input) => {
    expect(toNumber(input)).toBe(BLANK);
  });

  it.each([["1,2,3"], ["1,2345"], [",100"], ["100,"], ["1,,000"], ["12,34"]])(
    "%p is a list, not an amount: a comma separates groups of three digits only",
    (input) => {
      expect(toNumber(input)).toBe(INVALID);
    },
  );
  it.each([
    ["12,345", 12345],
    ["1,000.5", 1000.5],
    ["1,200万", 12_000_000],
  ])("%p keeps its thousands separators", (input, n) => {
    expect(toNumber(input)).toBe(n);
  });

  it.each([["abc"], ["85%"], ["12万34"], [true], [false], [Number.NaN], [Infinity], [[[1]]]])(
    "%p is invalid",
    (input) => {
      expect(toNumber(input)).toBe(INVALID);
    },
  );
});

describe("toRate, toInteger, toText", () => {
  it.each([
    ["85%", 0.85],
    ["85 %", 0.85],
    ["０.５", 0.5],
    [0.85, 0.85],
    ["100%", 1],
    ["0%", 0],
  ])("toRate(%p) → %p", (input, rate) => {
    expect(toRate(input)).toBeCloseTo(rate, 12);
  });

  it("toRate rejects other text and keeps blanks blank", () => {
    expect(toRate("high")).toBe(INVALID);
    expect(toRate(null)).toBe(BLANK);
  });

  it("toInteger accepts whole numbers with units and rejects fractions", () => {
    expect(toInteger("200人")).toBe(200);
    expect(toInteger(1.5)).toBe(INVALID);
    expect(toInteger("x")).toBe(INVALID);
    expect(toInteger("")).toBe(BLANK);
  });

  it("toText trims and renders numbers and booleans", () => {
    expect(toText("  客户 ")).toBe("客户");
    expect(toText(12)).toBe("12");
    expect(toText(true)).toBe("TRUE");
    expect(toText(" ")).toBe(BLANK);
    expect(toText([[1]])).toBe(INVALID);
  });
});

describe("cellText", () => {
  it.each([
    ['=HYPERLINK("x")', '\'=HYPERLINK("x")'],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["plain", "plain"],
  ])("%p → %p", (input, out) => {
    expect(cellText(input)).toBe(out);
  });
});

describe("integer calendar arithmetic", () => {
  /** The Date-based reading it replaced, kept here as the reference. */
  const EPOCH = Date.UTC(1899, 11, 30);
  function referenceYmd(serial: number) {
    const days = serial < 61 ? serial + 1 : serial;
    const date = new Date(EPOCH + days * 86_400_000);
    return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
  }

  it("agrees with Date for every serial from 1900-01-01 to 9999-12-31", () => {
    let mismatches = 0;
    for (let serial = 1; serial <= MAX_SERIAL; serial++) {
      const got = ymdFromSerial(serial);
      const want = referenceYmd(serial);
      if (got.y !== want.y || got.m !== want.m || got.d !== want.d) mismatches++;
      else if (serial !== 60 && serialFromYmd(got.y, got.m, got.d) !== serial) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it("rolls months and days over like Date.UTC", () => {
    expect(serialFromYmd(2024, 13, 1)).toBe(serialFromYmd(2025, 1, 1));
    expect(serialFromYmd(2024, 0, 31)).toBe(serialFromYmd(2023, 12, 31));
    expect(serialFromYmd(2024, 3, 0)).toBe(serialFromYmd(2024, 2, 29));
    expect(serialFromYmd(2024, -11, 1)).toBe(serialFromYmd(2023, 1, 1));
  });
});

describe("trimmedText", () => {
  it.each([
    [null, ""],
    [undefined, ""],
    ["", ""],
    ["  C202405001 ", "C202405001"],
    [" ", ""],
    [45000, "45000"],
    [true, "true"],
  ])("%p → %p (IDs and header cells compare this way)", (value, text) => {
    expect(trimmedText(value)).toBe(text);
  });
});

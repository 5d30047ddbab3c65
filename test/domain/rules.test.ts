import fc from "fast-check";
import {
  RuleError,
  abcClass,
  abcClassCell,
  churnFlag,
  churnFlagCell,
  customerId,
  customerIdCell,
  dateArg,
  feedbackSla,
  numberArg,
  feedbackSlaCell,
  isFinished,
  needPriority,
  needPriorityCell,
  nextFollowUp,
  nextFollowUpCell,
  overdue,
  overdueCell,
  paretoClass,
  paretoClassCells,
  paretoClassFromIndex,
  paretoIndex,
  parseAbcClass,
  revenueTierCell,
  sizeTierCell,
  type RuleErrorKind,
} from "../../src/domain/rules";
import {
  BLANK,
  INVALID,
  serialFromYmd as s,
  todaySerial,
  addMonths,
  toNumber,
  toSerial,
} from "../../src/domain/values";

/** The RuleError a call raises, or fails the test. */
function ruleError(call: () => unknown): RuleError {
  try {
    call();
  } catch (e) {
    if (e instanceof RuleError) return e;
    throw e;
  }
  throw new Error("expected a RuleError");
}

function expectKind(call: () => unknown, kind: RuleErrorKind): void {
  expect(ruleError(call).kind).toBe(kind);
}

/** Calls a cell rule with an argument list from a table row, as Excel would. */
function apply(rule: (...args: never[]) => unknown, args: unknown[]): unknown {
  return (rule as (...a: unknown[]) => unknown)(...args);
}

const MAY10 = s(2024, 5, 10);

/**
 * Runs `check` with the clock fixed at 23:59 on 31 December 2026, for the rules whose omitted
 * as-of date means today: the test then depends on no real date (and no midnight between two reads
 * of the clock). Returns the fixed today's serial.
 */
const CLOCK_TODAY = 46387; // 2026-12-31
function atFixedClock(check: (today: number) => void): void {
  jest.useFakeTimers({ now: new Date(2026, 11, 31, 23, 59, 30) });
  try {
    expect(todaySerial()).toBe(CLOCK_TODAY);
    check(CLOCK_TODAY);
  } finally {
    jest.useRealTimers();
  }
}

describe("ABCCLASS", () => {
  it.each([
    [500000.01, null, "A"],
    [500000, null, "B"],
    [500000.01, 0.5, "A"],
    [500000.01, 0.4999, "B"],
    [500000.01, 1, "A"],
    [500000.01, 0, "B"],
    [100000, null, "B"],
    [99999.99, null, "C"],
    [0, null, "C"],
    [-0, null, "C"],
    [1e15, 0.9, "A"],
    ["120万", "85%", "A"],
    ["1.2亿元", undefined, "A"],
    ["1,200,000.00", 0.3, "B"],
    [" 500000 ", null, "B"],
    ["１２０万", "５０%", "A"],
    ["10万", "", "B"],
    ["9.9万元", null, "C"],
  ])("(%p, %p) → %p", (amount, rate, expected) => {
    expect(abcClassCell(amount, rate)).toBe(expected);
  });

  it("takes thresholds and the high-repurchase rate from arguments, as numbers or text", () => {
    expect(abcClassCell(200000, null, 150000, 50000)).toBe("A");
    expect(abcClassCell(60000, null, 150000, 50000)).toBe("B");
    expect(abcClassCell(600000, 0.6, "50万", "10万", "70%")).toBe("B");
    expect(abcClassCell(600000, 0.7, "50万", "10万", "70%")).toBe("A");
    expect(abcClassCell(600000, null, null, null, null)).toBe("A");
  });

  it.each([[null], [undefined], [""], ["   "]])("blank amount %p → empty string", (blank) => {
    expect(abcClassCell(blank, "abc")).toBe("");
  });

  it.each([
    [[-1, null], "num"],
    [["-5万", null], "num"],
    [[600000, 1.01], "num"],
    [[600000, -0.1], "num"],
    [[600000, 85], "num"],
    [[600000, "120%"], "num"],
    [[600000, null, -1], "num"],
    [[600000, null, 0, -1], "num"],
    [[600000, null, null, null, 1.5], "num"],
    [["abc", null], "value"],
    [[true, null], "value"],
    [[[[1, 2]], null], "value"],
    [[600000, "high"], "value"],
    [[600000, true], "value"],
    [[600000, null, "lots"], "value"],
  ] as [unknown[], RuleErrorKind][])("%p → %s error", (args, kind) => {
    expectKind(() => apply(abcClassCell, args), kind);
  });

  it("typed rule agrees and validates", () => {
    expect(abcClass(600000, null)).toBe("A");
    expect(abcClass(600000, 0.2)).toBe("B");
    expectKind(() => abcClass(-1), "num");
  });
});

describe("PARETOCLASS", () => {
  const amounts = [[80], [15], [5]];

  it.each([
    [80, "A"], // G = 0
    [15, "B"], // G = 80, s = 0.8 exactly: not < 0.8
    [5, "C"], // s = 0.95 exactly: not < 0.95
    [16, "B"], // an amount outside the range: G = 80 (only 80 is larger), s = 0.8
    [81, "A"],
  ])("one cell %p → %p", (amount, expected) => {
    expect(paretoClassCells(amount, amounts)).toEqual([[expected]]);
    expect(paretoClass(amount, amounts)).toBe(expected);
  });

  it("shares just below a boundary move the class up", () => {
    // 79.99 + 20.01: G for 20.01 is 79.99 → s < 0.8 → A.
    expect(paretoClass(20.01, [[79.99], [20.01]])).toBe("A");
    expect(paretoClass(20, [[80], [20]])).toBe("B");
  });

  it("ignores blanks, text, booleans and non-positive numbers in the range", () => {
    const range = [
      [80, "x", null],
      [true, 20, -100],
      ["", 0, "500万"],
    ];
    expect(paretoClass(20, range)).toBe("B");
    expect(paretoClassCells([[80], [20]], range)).toEqual([["A"], ["B"]]);
  });

  it.each([
    [0, "C"],
    [-5, "C"],
    ["", ""],
    [null, ""],
  ])("amount %p → %p", (amount, expected) => {
    expect(paretoClassCells(amount, amounts)).toEqual([[expected]]);
  });

  it("a range with no positive total gives C", () => {
    expect(paretoClassCells(10, [[0], [null], ["x"]])).toEqual([["C"]]);
    expect(paretoClassCells([[10], [20]], [[0]])).toEqual([["C"], ["C"]]);
  });

  it("reads numeric text as the amount", () => {
    expect(paretoClassCells("80", amounts)).toEqual([["A"]]);
    expect(paretoClassCells("0.0015万", amounts)).toEqual([["B"]]);
  });

  it("a bad amount is a #VALUE! cell in place; the rest of the spill survives", () => {
    const out = paretoClassCells([[80], ["abc"], [5]], amounts);
    expect(out[0]).toEqual(["A"]);
    expect(out[1]?.[0]).toBeInstanceOf(RuleError);
    expect((out[1]?.[0] as RuleError).kind).toBe("value");
    expect(out[2]).toEqual(["C"]);
  });

  it("the range form keeps the shape of the amount range", () => {
    const out = paretoClassCells(
      [
        [80, 15],
        [5, null],
      ],
      amounts,
    );
    expect(out).toEqual([
      ["A", "B"],
      ["C", ""],
    ]);
  });

  it.each([
    [[0.9, 0.8], "num"],
    [[1.2, 1.5], "num"],
    [[-0.1, 0.9], "num"],
    [["x", 0.9], "value"],
  ] as [unknown[], RuleErrorKind][])("shares %p → %s error", (shares, kind) => {
    expectKind(() => apply(paretoClassCells, [5, amounts, ...shares]), kind);
  });

  it("takes shares as rates or percent text", () => {
    expect(paretoClassCells(15, amounts, "85%", "99%")).toEqual([["A"]]);
    expect(paretoClassCells(5, amounts, 0.8, 0.96)).toEqual([["B"]]);
  });

  it("range form (sort + binary search) equals the one-cell form on random data", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 20; round++) {
      const column = Array.from({ length: 200 }, () => [Math.round(rand() * 1000) - 100]);
      const index = paretoIndex(column);
      for (const [x] of column) {
        const amount = x as number;
        expect(paretoClassFromIndex(amount, index, 0.8, 0.95)).toBe(
          paretoClass(amount, column, 0.8, 0.95),
        );
      }
      const spill = paretoClassCells(column, column);
      column.forEach(([x], i) => expect(spill[i]?.[0]).toBe(paretoClass(x as number, column)));
    }
  });
});

describe("NEXTFOLLOWUP", () => {
  it.each([
    ["2024-01-31", "A", null, s(2024, 2, 29)],
    ["2023-01-31", "A", null, s(2023, 2, 28)],
    [s(2024, 1, 31), "B", null, s(2024, 4, 30)],
    [s(2024, 1, 31), "C", null, s(2024, 4, 30)],
    [s(2024, 1, 31), null, null, s(2024, 4, 30)],
    [s(2024, 1, 31), "", null, s(2024, 4, 30)],
    [s(2024, 1, 31), 0, null, s(2024, 4, 30)],
    [s(2024, 11, 30), "B", null, s(2025, 2, 28)],
    [s(2024, 2, 29), "A", 12, s(2025, 2, 28)],
    [s(2024, 5, 10), "A", 24, s(2026, 5, 10)],
    [s(2024, 5, 10), "C", 1, s(2024, 6, 10)],
    [s(2024, 5, 10), "a", null, s(2024, 6, 10)],
    [s(2024, 5, 10), " A类 ", null, s(2024, 6, 10)],
    [s(2024, 5, 10), "Ａ", null, s(2024, 6, 10)],
    [s(2024, 5, 10) + 0.75, "A", null, s(2024, 6, 10)],
    ["2024/5/10", "B", "6", s(2024, 11, 10)],
    ["2024.5.10", "B", null, s(2024, 8, 10)],
    ["2024年5月10日", "B", null, s(2024, 8, 10)],
  ])("(%p, %p, %p) → %p", (last, cls, cadence, expected) => {
    expect(nextFollowUpCell(last, cls, cadence)).toBe(expected);
  });

  it.each([[null], [""], [0], [0.5], ["  "]])("blank last contact %p → empty string", (blank) => {
    expect(nextFollowUpCell(blank, "Z", -1)).toBe("");
  });

  it.each([
    [[MAY10, "A", 0], "num"],
    [[MAY10, "A", 25], "num"],
    [[MAY10, "A", 1.5], "num"],
    [[MAY10, "A", -1], "num"],
    [[-3, "A"], "num"],
    [[3e6, "A"], "num"],
    [[s(9999, 12, 1), "A"], "num"],
    [[MAY10, "D"], "value"],
    [[MAY10, "AB"], "value"],
    [[MAY10, 1], "value"],
    [[MAY10, true], "value"],
    [[MAY10, "A", "monthly"], "value"],
    [["2024-02-30", "A"], "value"],
    [["yesterday", "A"], "value"],
    [[true, "A"], "value"],
    [[[[MAY10]], "A"], "value"],
  ] as [unknown[], RuleErrorKind][])("%p → %s error", (args, kind) => {
    expectKind(() => apply(nextFollowUpCell, args), kind);
  });

  it("typed rule and class parser", () => {
    expect(nextFollowUp(s(2024, 1, 31), "A")).toBe(s(2024, 2, 29));
    expect(nextFollowUp(s(2024, 1, 31))).toBe(s(2024, 4, 30));
    expect(nextFollowUp(s(2024, 1, 31), "A", 2)).toBe(s(2024, 3, 31));
    expect(parseAbcClass("c类")).toBe("C");
    expect(parseAbcClass(null)).toBe("");
  });
});

describe("CHURNFLAG", () => {
  it.each([
    [s(2024, 2, 10), s(2024, 5, 10), null, true], // exactly +3 months
    [s(2024, 2, 10), s(2024, 5, 9), null, false],
    [s(2023, 11, 30), s(2024, 2, 29), null, true], // EDATE clamps to Feb 29
    [s(2023, 11, 30), s(2024, 2, 28), null, false],
    [s(2024, 4, 10), s(2024, 5, 10), 1, true],
    [s(2024, 4, 11), s(2024, 5, 10), 1, false],
    [s(2024, 5, 10), s(2024, 5, 10), 3, false],
    [s(2020, 1, 1), s(2024, 5, 10), "6", true],
    ["2024-02-10", "2024年5月10日", "3", true],
    [s(2024, 5, 20), s(2024, 5, 10), null, false], // contact after as-of
  ])("(%p, asOf %p, %p months) → %p", (last, asOf, months, expected) => {
    expect(churnFlagCell(last, asOf, months)).toBe(expected);
  });

  it("omitted or blank asOf means today", () => {
    atFixedClock((today) => {
      expect(churnFlagCell(addMonths(today, -3))).toBe(true);
      expect(churnFlagCell(addMonths(today, -3) + 1, null)).toBe(false);
      expect(churnFlagCell(addMonths(today, -3), 0)).toBe(true);
      expect(churnFlagCell(addMonths(today, -3), "")).toBe(true);
    });
  });

  it.each([[null], [0], [""]])("blank last contact %p → empty string", (blank) => {
    expect(churnFlagCell(blank, MAY10)).toBe("");
  });

  it.each([
    [[MAY10, MAY10, 0], "num"],
    [[MAY10, MAY10, -3], "num"],
    [[MAY10, MAY10, 2.5], "num"],
    [[MAY10, -1], "num"],
    [[MAY10, "soon"], "value"],
    [[MAY10, MAY10, "three"], "value"],
    [["2024-13-01", MAY10], "value"],
  ] as [unknown[], RuleErrorKind][])("%p → %s error", (args, kind) => {
    expectKind(() => apply(churnFlagCell, args), kind);
  });

  it("typed rule", () => {
    expect(churnFlag(s(2024, 2, 10), MAY10)).toBe(true);
    expect(churnFlag(s(2024, 2, 11), MAY10)).toBe(false);
  });
});

describe("OVERDUE", () => {
  const due = s(2024, 5, 1);
  it.each([
    [due, null, MAY10, true],
    [due, undefined, MAY10, true],
    [due, "", MAY10, true],
    [due, false, MAY10, true],
    [due, 0, MAY10, true],
    [due, "已完成，客户已签约", MAY10, false],
    [due, true, MAY10, false],
    [due, s(2024, 5, 3), MAY10, false],
    [MAY10, null, MAY10, false], // due today is not yet overdue
    [MAY10 - 1, null, MAY10, true],
    [MAY10 + 1, null, MAY10, false],
    ["2024-05-01", null, "2024-05-10", true],
  ])("(%p, done %p, asOf %p) → %p", (dueDate, done, asOf, expected) => {
    expect(overdueCell(dueDate, done, asOf)).toBe(expected);
  });

  it("blank due date → empty string; omitted asOf is today", () => {
    expect(overdueCell(null, null, MAY10)).toBe("");
    expect(overdueCell(0)).toBe("");
    atFixedClock((today) => {
      expect(overdueCell(today - 1)).toBe(true);
      expect(overdueCell(today)).toBe(false);
    });
  });

  it.each([
    [["2024-02-30"], "value"],
    [[due, [[1]]], "value"],
    [[due, null, "later"], "value"],
    [[-5], "num"],
  ] as [unknown[], RuleErrorKind][])("%p → %s error", (args, kind) => {
    expectKind(() => apply(overdueCell, args), kind);
  });

  it("typed rule and done reading", () => {
    expect(overdue(due, false, MAY10)).toBe(true);
    expect(overdue(due, true, MAY10)).toBe(false);
    expect(isFinished("  ")).toBe(false);
    expect(isFinished("ok")).toBe(true);
  });
});

describe("NEEDPRIORITY", () => {
  it.each([
    [s(2024, 8, 10), MAY10, "高"], // exactly +3 months
    [s(2024, 8, 11), MAY10, "中"],
    [s(2024, 11, 10), MAY10, "中"], // exactly +6 months
    [s(2024, 11, 11), MAY10, "低"],
    [s(2020, 1, 1), MAY10, "高"], // past dates are urgent
    [MAY10, MAY10, "高"],
    [s(2025, 2, 28), s(2024, 11, 30), "高"], // Nov 30 + 3 = Feb 28
    [s(2025, 3, 1), s(2024, 11, 30), "中"],
    [s(2025, 5, 30), s(2024, 11, 30), "中"], // Nov 30 + 6 months = May 30, not May 31
    [s(2025, 5, 31), s(2024, 11, 30), "低"],
    ["2024-07-01", "2024-05-10", "高"],
  ])("(%p, asOf %p) → %p", (expected, asOf, tier) => {
    expect(needPriorityCell(expected, asOf)).toBe(tier);
  });

  it("blank → empty string; omitted asOf is today", () => {
    expect(needPriorityCell(null, MAY10)).toBe("");
    expect(needPriorityCell(0)).toBe("");
    atFixedClock((today) => {
      expect(needPriorityCell(addMonths(today, 3))).toBe("高");
      expect(needPriorityCell(addMonths(today, 6) + 1)).toBe("低");
    });
  });

  it("typed rule and errors", () => {
    expect(needPriority(s(2024, 8, 11), MAY10)).toBe("中");
    expectKind(() => needPriorityCell("someday", MAY10), "value");
    expectKind(() => needPriorityCell(-1, MAY10), "num");
  });
});

describe("SIZETIER and REVENUETIER", () => {
  it.each([
    [0, "<50人"],
    [49, "<50人"],
    [50, "50-200人"],
    [200, "50-200人"],
    [201, ">200人"],
    ["200人", "50-200人"],
    ["1,000", ">200人"],
    [" 49 ", "<50人"],
    ["５０", "50-200人"],
  ])("SIZETIER(%p) → %p", (n, tier) => {
    expect(sizeTierCell(n)).toBe(tier);
  });

  it.each([
    [[-1], "num"],
    [[1.5], "num"],
    [["49.5人"], "num"],
    [["many"], "value"],
    [[true], "value"],
  ] as [unknown[], RuleErrorKind][])("SIZETIER%p → %s error", (args, kind) => {
    expectKind(() => sizeTierCell(args[0]), kind);
  });

  it.each([
    [0, "<500万"],
    [4999999.99, "<500万"],
    [5000000, "500-2000万"],
    ["500万", "500-2000万"],
    [20000000, "500-2000万"],
    ["2000万元", "500-2000万"],
    [20000000.01, ">2000万"],
    ["1.2亿元", ">2000万"],
    ["1,200,000.00", "<500万"],
  ])("REVENUETIER(%p) → %p", (n, tier) => {
    expect(revenueTierCell(n)).toBe(tier);
  });

  it("blank → empty string; errors", () => {
    expect(sizeTierCell(null)).toBe("");
    expect(revenueTierCell("")).toBe("");
    expectKind(() => revenueTierCell(-1), "num");
    expectKind(() => revenueTierCell("lots"), "value");
  });
});

describe("FEEDBACKSLA", () => {
  const planned = s(2024, 5, 1);
  it.each([
    ["已完成", planned, planned + 1, MAY10, "逾期完成"],
    ["已完成", planned, planned, MAY10, "按期完成"],
    ["已完成", planned, planned - 1, MAY10, "按期完成"],
    ["已完成", planned, null, MAY10, "按期完成"],
    ["已完成", null, planned, MAY10, "按期完成"],
    ["已完成", 0, 0, MAY10, "按期完成"],
    ["无法解决", planned, null, MAY10, "无法解决"],
    ["无法解决", null, null, MAY10, "无法解决"],
    ["待处理", planned, null, MAY10, "已逾期"],
    ["处理中", planned, null, MAY10, "已逾期"],
    ["待跟进", planned, null, MAY10, "已逾期"],
    ["待处理", planned, null, planned, "进行中"], // not past the plan yet
    ["处理中", planned, null, planned + 1, "已逾期"],
    ["待跟进", null, null, MAY10, "进行中"],
    ["处理中", MAY10 + 30, null, MAY10, "进行中"],
    [" 已完成 ", "2024-05-01", "2024年5月2日", null, "逾期完成"],
  ])("(%p, planned %p, actual %p, asOf %p) → %p", (status, p, a, asOf, expected) => {
    expect(feedbackSlaCell(status, p, a, asOf)).toBe(expected);
  });

  it.each([[null], [""], [0], ["  "]])("blank status %p → empty string", (blank) => {
    expect(feedbackSlaCell(blank, "bad date")).toBe("");
  });

  it("omitted asOf is today", () => {
    atFixedClock((today) => {
      expect(feedbackSlaCell("处理中", today - 1)).toBe("已逾期");
      expect(feedbackSlaCell("处理中", today)).toBe("进行中");
    });
  });

  it.each([
    [["完成"], "value"],
    [["done"], "value"],
    [[1], "value"],
    [[true], "value"],
    [["处理中", "2024-02-30"], "value"],
    [["处理中", -1], "num"],
  ] as [unknown[], RuleErrorKind][])("%p → %s error", (args, kind) => {
    expectKind(() => apply(feedbackSlaCell, args), kind);
  });

  it("typed rule", () => {
    expect(feedbackSla("已完成", 1, 2, 3)).toBe("逾期完成");
    expectKind(() => feedbackSla("x", null, null, 3), "value");
  });
});

describe("CUSTOMERID", () => {
  it.each([
    ["2024-05-10", 1, undefined, "C202405001"],
    [MAY10, 1000, null, "C2024051000"],
    [MAY10, 12, "", "C202405012"],
    [MAY10, "7", "F", "F202405007"],
    ["2024年12月31日", 999, "C", "C202412999"],
    ["2024/1/1", 1, " K ", "K202401001"],
    [s(1900, 1, 1), 1, null, "C190001001"],
  ])("(%p, %p, %p) → %p", (date, seq, prefix, id) => {
    expect(customerIdCell(date, seq, prefix)).toBe(id);
  });

  it("blank created date → empty string", () => {
    expect(customerIdCell(null, 1)).toBe("");
    expect(customerIdCell(0, "x")).toBe("");
  });

  it.each([
    [[MAY10, 0], "num"],
    [[MAY10, 1.5], "num"],
    [[MAY10, -1], "num"],
    [[MAY10, 1e300], "num"],
    [[MAY10, "one"], "value"],
    [[MAY10, null], "value"],
    [[MAY10, true], "value"],
    [[MAY10, 1, true], "value"],
    [["2024-02-30", 1], "value"],
  ] as [unknown[], RuleErrorKind][])("%p → %s error", (args, kind) => {
    expectKind(() => customerIdCell(args[0], args[1], args[2]), kind);
  });

  it("typed rule", () => {
    expect(customerId(MAY10, 1)).toBe("C202405001");
    expect(customerId(MAY10, 42, "F")).toBe("F202405042");
  });
});

describe("error messages", () => {
  it.each([
    ["notNumber", () => abcClassCell("lots")],
    ["notRate", () => abcClassCell(600000, "high")],
    ["notDate", () => nextFollowUpCell("2024-02-30")],
    ["notText", () => customerIdCell(MAY10, 1, true)],
    ["required", () => customerIdCell(MAY10, null)],
    ["negative", () => sizeTierCell(-3)],
    ["notInteger", () => sizeTierCell(2.5)],
    ["outOfRange", () => nextFollowUpCell(MAY10, "A", 0)],
    ["sharesOrder", () => paretoClassCells(1, [[1]], 0.9, 0.5)],
    ["unknownClass", () => nextFollowUpCell(MAY10, "Z")],
    ["unknownStatus", () => feedbackSlaCell("搁置")],
    ["dateOverflow", () => nextFollowUpCell(s(9999, 12, 31), "A")],
  ])("%s renders in both languages with every placeholder filled", (key, call) => {
    const e = ruleError(call);
    expect(e.key).toBe(key);
    const zh = e.messageIn("zh");
    const en = e.messageIn("en");
    expect(zh).not.toMatch(/[{}]/);
    expect(en).not.toMatch(/[{}]/);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(en).toMatch(/[A-Za-z]{3}/);
    expect(zh).not.toBe(en);
  });

  it("name the argument and value in Chinese and English", () => {
    const e = ruleError(() => abcClassCell("abc"));
    expect(e.messageIn("zh")).toContain("年合作额");
    expect(e.messageIn("zh")).toContain("abc");
    expect(e.messageIn("en")).toContain("annualAmount");
    expect(e.message).toBe(e.messageIn("en"));
  });

  it("state ranges for #NUM!", () => {
    const e = ruleError(() => nextFollowUpCell(MAY10, "A", 30));
    expect(e.kind).toBe("num");
    expect(e.messageIn("zh")).toBe("跟进周期（月）应在 1 到 24 之间，收到 30");
    expect(e.messageIn("en")).toBe(
      "cadenceMonths (cadence in months) must be between 1 and 24; got 30",
    );
  });
});

describe("date arguments", () => {
  it("the ASCII fast path reads text dates exactly as toSerial does", () => {
    const part = (max: number) =>
      fc.oneof(fc.integer({ min: 0, max }).map(String), fc.string({ maxLength: 3 }));
    const dateLike = fc
      .tuple(
        fc.oneof(fc.integer({ min: 1890, max: 10000 }).map(String), fc.string({ maxLength: 5 })),
        fc.constantFrom("-", "/", ".", "年", " "),
        part(13).chain((m) => fc.constantFrom(m, m.padStart(2, "0"))),
        fc.constantFrom("-", "/", ".", "月"),
        part(32).chain((d) => fc.constantFrom(d, d.padStart(2, "0"), `${d}日`)),
      )
      .map(([y, s1, m, s2, d]) => `${y}${s1}${m}${s2}${d}`);
    fc.assert(
      fc.property(dateLike, (text) => {
        const want = toSerial(text);
        let got: number | null | "invalid";
        try {
          got = dateArg(text, "lastContact");
        } catch (e) {
          if (!(e instanceof RuleError)) throw e;
          got = "invalid";
        }
        expect(got).toBe(want === BLANK ? null : want === INVALID ? "invalid" : want);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("number arguments", () => {
  it("the ASCII fast path reads numeric text exactly as toNumber does", () => {
    const alphabet = [..."0123456789", ",", ".", "+", "-", " ", "\t", "万", "亿", "元", "人", "块"];
    const rare = ["¥", "e", "x", "１", "，", "\n", "%", "A"];
    const char = fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...alphabet) },
      { weight: 1, arbitrary: fc.constantFrom(...rare) },
    );
    const text = fc.array(char, { maxLength: 14 }).map((cs) => cs.join(""));
    fc.assert(
      fc.property(text, (t) => {
        const want = toNumber(t);
        let got: number | null | "invalid";
        try {
          got = numberArg(t, "annualAmount");
        } catch (e) {
          if (!(e instanceof RuleError)) throw e;
          got = "invalid";
        }
        expect(got).toBe(want === BLANK ? null : want === INVALID ? "invalid" : want);
      }),
      { numRuns: 10000 },
    );
  });
});

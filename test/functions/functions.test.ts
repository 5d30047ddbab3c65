import fc from "fast-check";
import { installCustomFunctionsStub, setDisplayLanguage, StubExcelError } from "./stub";
import * as crm from "../../src/functions/functions";
import { toExcelError } from "../../src/functions/errors";
import { serialFromYmd as s } from "../../src/domain/values";

installCustomFunctionsStub();

/** What Excel gets back: the value, or the Excel error the wrapper threw. */
function run(fn: (...args: never[]) => unknown, ...args: unknown[]): unknown {
  try {
    return (fn as (...a: unknown[]) => unknown)(...args);
  } catch (e) {
    if (e instanceof StubExcelError) return e;
    throw e;
  }
}

function excelError(result: unknown): StubExcelError {
  expect(result).toBeInstanceOf(StubExcelError);
  return result as StubExcelError;
}

afterEach(() => setDisplayLanguage(undefined));

const MAY10 = s(2024, 5, 10);

describe("wrappers called as Excel calls them", () => {
  it.each([
    [
      "ABCCLASS omitted optionals are null",
      crm.crmAbcClass,
      ["120万", null, null, null, null],
      "A",
    ],
    ["ABCCLASS from text cells", crm.crmAbcClass, ["1,200,000.00", "85%"], "A"],
    ["ABCCLASS desktop empty amount (0)", crm.crmAbcClass, [0], "C"],
    ["ABCCLASS web empty amount (null)", crm.crmAbcClass, [null], ""],
    ["NEXTFOLLOWUP", crm.crmNextFollowUp, ["2024-01-31", "A", null], s(2024, 2, 29)],
    ["NEXTFOLLOWUP desktop empty date", crm.crmNextFollowUp, [0, "A", null], ""],
    ["CHURNFLAG", crm.crmChurnFlag, ["2024-02-10", "2024-05-10", null], true],
    ["CHURNFLAG false", crm.crmChurnFlag, ["2024-02-11", "2024-05-10", 3], false],
    ["OVERDUE", crm.crmOverdue, ["2024-05-01", null, "2024-05-10"], true],
    ["OVERDUE done", crm.crmOverdue, ["2024-05-01", "已电话回访", "2024-05-10"], false],
    ["OVERDUE desktop empty done (0)", crm.crmOverdue, ["2024-05-01", 0, MAY10], true],
    ["NEEDPRIORITY", crm.crmNeedPriority, ["2024-07-01", "2024-05-10"], "高"],
    ["SIZETIER", crm.crmSizeTier, ["200人"], "50-200人"],
    ["REVENUETIER", crm.crmRevenueTier, ["1.2亿元"], ">2000万"],
    ["FEEDBACKSLA", crm.crmFeedbackSla, ["处理中", "2024-05-01", null, "2024-05-10"], "已逾期"],
    ["FEEDBACKSLA desktop empty status", crm.crmFeedbackSla, [0, 0, 0, MAY10], ""],
    ["CUSTOMERID", crm.crmCustomerId, ["2024-05-10", 1, null], "C202405001"],
    ["CUSTOMERID 4 digits", crm.crmCustomerId, [MAY10, 1000, null], "C2024051000"],
  ] as [string, (...a: never[]) => unknown, unknown[], unknown][])(
    "%s",
    (_label, fn, args, expected) => {
      expect(run(fn, ...args)).toBe(expected);
    },
  );

  it("PARETOCLASS one cell returns a 1×1 matrix (Excel shows it as one value)", () => {
    expect(crm.crmParetoClass([[15]], [[80], [15], [5]], null, null)).toEqual([["B"]]);
    expect(crm.crmParetoClass([["15"]], [[80], [15], [5]])).toEqual([["B"]]);
    expect(crm.crmParetoClass([[null]], [[80], [15], [5]])).toEqual([[""]]);
  });

  it("PARETOCLASS range returns a same-shaped spill with errors in place", () => {
    const out = crm.crmParetoClass([[80], ["x"], [5], [null]], [[80], [15], [5]]);
    expect(out).toHaveLength(4);
    expect(out[0]).toEqual(["A"]);
    expect(excelError(out[1]?.[0]).code).toBe("#VALUE!");
    expect(out[2]).toEqual(["C"]);
    expect(out[3]).toEqual([""]);
  });

  it("PARETOCLASS bad shares fail the whole call with #NUM!", () => {
    expect(excelError(run(crm.crmParetoClass, [[1]], [[1]], 0.9, 0.5)).code).toBe("#NUM!");
  });
});

describe("errors", () => {
  it.each([
    ["ABCCLASS text amount", crm.crmAbcClass, ["lots"], "#VALUE!"],
    ["ABCCLASS negative amount", crm.crmAbcClass, [-1], "#NUM!"],
    ["ABCCLASS rate 120%", crm.crmAbcClass, [600000, "120%"], "#NUM!"],
    ["NEXTFOLLOWUP class D", crm.crmNextFollowUp, [MAY10, "D"], "#VALUE!"],
    ["NEXTFOLLOWUP cadence 25", crm.crmNextFollowUp, [MAY10, "A", 25], "#NUM!"],
    ["NEXTFOLLOWUP 2024-02-30", crm.crmNextFollowUp, ["2024-02-30"], "#VALUE!"],
    ["CHURNFLAG months 0", crm.crmChurnFlag, [MAY10, MAY10, 0], "#NUM!"],
    ["OVERDUE bad asOf", crm.crmOverdue, [MAY10, null, "tomorrow"], "#VALUE!"],
    ["NEEDPRIORITY boolean", crm.crmNeedPriority, [true], "#VALUE!"],
    ["SIZETIER fraction", crm.crmSizeTier, [1.5], "#NUM!"],
    ["REVENUETIER negative", crm.crmRevenueTier, [-1], "#NUM!"],
    ["FEEDBACKSLA unknown status", crm.crmFeedbackSla, ["搁置"], "#VALUE!"],
    ["CUSTOMERID seq 0", crm.crmCustomerId, [MAY10, 0], "#NUM!"],
    ["CUSTOMERID seq 1.5", crm.crmCustomerId, [MAY10, 1.5], "#NUM!"],
    ["CUSTOMERID seq text", crm.crmCustomerId, [MAY10, "first"], "#VALUE!"],
    ["a range where one value is expected", crm.crmSizeTier, [[[1, 2]]], "#VALUE!"],
  ] as [string, (...a: never[]) => unknown, unknown[], string][])(
    "%s",
    (_label, fn, args, code) => {
      const e = excelError(run(fn, ...args));
      expect(e.code).toBe(code);
      expect(e.message).toBeTruthy();
    },
  );

  it("messages follow Office's display language; Chinese by default", () => {
    expect(excelError(run(crm.crmAbcClass, "lots")).message).toContain("年合作额");
    setDisplayLanguage("en-US");
    expect(excelError(run(crm.crmAbcClass, "lots")).message).toContain("annualAmount");
    setDisplayLanguage("zh-TW");
    expect(excelError(run(crm.crmAbcClass, "lots")).message).toContain("年合作额");
    setDisplayLanguage("fr-FR");
    expect(excelError(run(crm.crmFeedbackSla, "x")).message).toMatch(/^status/);
  });

  it("a defect still reaches Excel as #VALUE! with its text, never as a raw exception", () => {
    const e = toExcelError(new TypeError("boom")) as unknown as StubExcelError;
    expect(e).toBeInstanceOf(StubExcelError);
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toBe("计算出错：boom");
    const same = new StubExcelError("#N/A", "kept");
    expect(toExcelError(same)).toBe(same);
  });

  it("an Office without a context still reports in Chinese", () => {
    (globalThis as Record<string, unknown>).Office = {};
    expect(excelError(run(crm.crmSizeTier, "x")).message).toContain("员工人数");
  });
});

// ---------------------------------------------------------------------------------------------
// Property: any Excel-like input gives a valid Excel value or a CustomFunctions.Error
// ---------------------------------------------------------------------------------------------

const scalar = fc.oneof(
  fc.double(),
  fc.integer({ min: -1e6, max: 3e6 }),
  fc.constantFrom(0, -0, 1, 45422, 45422.5, 2958465, 2958466, 1e308, -1e308, 5e-324, 0.5, 1.5),
  fc.string(),
  fc.constantFrom(
    "",
    "  ",
    "120万",
    "1.2亿元",
    "200人",
    "85%",
    "-5%",
    "1,200,000.00",
    " 500000 ",
    "２０２４－０５－１０",
    "2024-05-10",
    "2024/5/10",
    "2024.5.10",
    "2024年5月10日",
    "2024-02-30",
    "A",
    "a",
    "B类",
    "D",
    "已完成",
    "处理中",
    "待处理",
    "待跟进",
    "无法解决",
    "客户名称",
    "=1+1",
    "NaN",
    "Infinity",
  ),
  fc.boolean(),
  fc.constant(null),
);
const matrix = fc.array(fc.array(scalar, { minLength: 1, maxLength: 4 }), {
  minLength: 1,
  maxLength: 4,
});
const excelArg = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: matrix });

function isExcelScalar(v: unknown): boolean {
  return (
    typeof v === "string" ||
    typeof v === "boolean" ||
    (typeof v === "number" && Number.isFinite(v)) ||
    v instanceof StubExcelError
  );
}

function isExcelValue(v: unknown): boolean {
  if (Array.isArray(v)) {
    return (
      v.length > 0 &&
      v.every((row) => Array.isArray(row) && row.length > 0 && row.every(isExcelScalar))
    );
  }
  return isExcelScalar(v);
}

const WRAPPERS: [string, (...a: never[]) => unknown, number][] = [
  ["ABCCLASS", crm.crmAbcClass, 5],
  ["PARETOCLASS", crm.crmParetoClass, 4],
  ["NEXTFOLLOWUP", crm.crmNextFollowUp, 3],
  ["CHURNFLAG", crm.crmChurnFlag, 3],
  ["OVERDUE", crm.crmOverdue, 3],
  ["NEEDPRIORITY", crm.crmNeedPriority, 2],
  ["SIZETIER", crm.crmSizeTier, 1],
  ["REVENUETIER", crm.crmRevenueTier, 1],
  ["FEEDBACKSLA", crm.crmFeedbackSla, 4],
  ["CUSTOMERID", crm.crmCustomerId, 3],
];

describe.each(WRAPPERS)("%s never throws anything but an Excel error", (_id, fn, arity) => {
  it("returns a valid Excel value or CustomFunctions.Error for arbitrary input", () => {
    fc.assert(
      fc.property(fc.array(excelArg, { minLength: 1, maxLength: arity }), (args) => {
        let result: unknown;
        try {
          result = (fn as (...a: unknown[]) => unknown)(...args);
        } catch (e) {
          expect(e).toBeInstanceOf(StubExcelError);
          const code = (e as StubExcelError).code;
          expect(["#VALUE!", "#NUM!"]).toContain(code);
          // A rule's own error, not a defect caught by the wrapper's safety net.
          expect((e as StubExcelError).message).not.toMatch(/^计算出错/);
          return;
        }
        expect(isExcelValue(result)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

import fc from "fast-check";
import { defaultListValues, columnDef, TABLE_KEYS } from "../../src/domain/schema";
import {
  customerIdSet,
  isPhone,
  nfkc,
  normalizeField,
  recordSchema,
  validateRecord,
  type ValidationContext,
} from "../../src/domain/validation";
import { serialFromYmd, toInteger, toNumber, toRate } from "../../src/domain/values";
import { say } from "../../src/domain/i18n";

const today = serialFromYmd(2024, 6, 1);
const ctx: ValidationContext = {
  lists: defaultListValues(),
  today,
  customerIds: new Set(["C202405001"]),
};
const field = (table: Parameters<typeof columnDef>[0], key: string, raw: unknown) =>
  normalizeField(columnDef(table, key), raw, ctx);

describe("normalizeField", () => {
  it.each([
    ["customers", "annualAmount", "120万", 1_200_000],
    ["customers", "annualAmount", "¥1,200,000.00", 1_200_000],
    ["customers", "revenue", "1.2亿元", 120_000_000],
    ["customers", "employees", "200人", 200],
    ["customers", "repurchaseRate", "85%", 0.85],
    ["customers", "repurchaseRate", "85", 0.85],
    ["customers", "repurchaseRate", 0.5, 0.5],
    ["customers", "createdDate", "2024/5/10", serialFromYmd(2024, 5, 10)],
    ["customers", "createdDate", "2024.5.10", serialFromYmd(2024, 5, 10)],
    ["customers", "createdDate", "2024年5月10日", serialFromYmd(2024, 5, 10)],
    ["customers", "createdDate", "20240510", serialFromYmd(2024, 5, 10)],
    ["customers", "createdDate", 45422, 45422],
    ["customers", "needs", "A, B，C", "A、B、C"],
    ["customers", "email", " Zhang@Example.COM ", "zhang@example.com"],
    ["customers", "industry", "制造业", "制造业"],
    ["feedback", "satisfaction", 5, 5],
    ["orders", "quantity", "0.5", 0.5],
  ])("%s.%s accepts %j as %j", (table, key, raw, expected) => {
    expect(field(table as never, key, raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["customers", "name", "  ", "必填"],
    ["customers", "annualAmount", "-1", "不能小于 0"],
    ["customers", "annualAmount", "很多", "请输入数字（可带 万/亿/元）"],
    ["customers", "employees", "12.5", "请输入整数"],
    ["customers", "repurchaseRate", "120%", "请输入 0–100% 之间的比例，如 85%"],
    ["customers", "createdDate", "2024-02-30", "没有这一天：“2024-02-30”"],
    ["customers", "createdDate", "2027-13-45", "没有这一天：“2027-13-45”"],
    ["customers", "createdDate", "2024年2月30日", "没有这一天：“2024年2月30日”"],
    ["customers", "createdDate", "2024-02-3x", "日期格式不正确，请用 YYYY-MM-DD"],
    ["customers", "createdDate", "5/10/2024", "日期格式不正确，请用 YYYY-MM-DD"],
    ["customers", "needs", "A、B、C、D", "请填写 1–3 项，用顿号或逗号分隔"],
    ["customers", "email", "zhang@", "邮箱格式不正确"],
    ["customers", "phone", "138-abc", "电话号码格式不正确"],
    ["customers", "industry", "制造", "“制造”不在可选项中"],
    ["feedback", "satisfaction", 6, "不能大于 5"],
    ["feedback", "satisfaction", 0, "不能小于 1"],
    ["orders", "quantity", 0, "必须大于 0"],
  ])("%s.%s rejects %j with “%s”", (table, key, raw, message) => {
    const r = field(table as never, key, raw);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(
        r.issue.message.zh.replace(/\{(\w+)\}/g, (_m, p: string) => String(r.issue.params?.[p])),
      ).toBe(message);
  });

  it.each([
    "010-88886666",
    "13800138000",
    "+86 138 0013 8000",
    "010-8888 6666/13800138000",
    "(0755)8888-6666转123",
  ])("accepts the phone %s", (p) => expect(isPhone(p)).toBe(true));
  it.each(["1234", "abc", "138-", "010-X/138"])("rejects the phone %s", (p) =>
    expect(isPhone(p)).toBe(false),
  );
});

describe("validateRecord", () => {
  it("defaults a blank feedback status to 待处理 and checks the customer exists", () => {
    const { record, issues } = validateRecord(
      "feedback",
      { customerId: "C999", date: "2024-05-10", type: "投诉类", description: "交付延迟" },
      ctx,
    );
    expect(record.status).toBe("待处理");
    expect(issues.map((i) => i.key)).toEqual(["customerId"]);
  });

  it("reports a feedback status outside its list instead of replacing it with 待处理", () => {
    const { record, issues } = validateRecord(
      "feedback",
      {
        customerId: "C202405001",
        date: "2024-05-10",
        type: "投诉类",
        description: "交付延迟",
        status: "已搁置",
      },
      ctx,
    );
    expect(issues.map((i) => i.key)).toEqual(["status"]);
    expect(record.status).toBeUndefined();
  });

  it("rejects a follow-up dated after today and a completion before the feedback date", () => {
    const f = validateRecord(
      "interactions",
      { customerId: "C202405001", date: today + 1, topic: "回访" },
      ctx,
    );
    expect(f.issues.map((i) => i.key)).toEqual(["date"]);
    const fb = validateRecord(
      "feedback",
      {
        customerId: "C202405001",
        date: "2024-05-10",
        type: "建议类",
        description: "x",
        actualDate: "2024-05-09",
      },
      ctx,
    );
    expect(fb.issues.map((i) => i.key)).toEqual(["actualDate"]);
  });

  it("reports every missing required field of a new customer", () => {
    const { issues } = validateRecord("customers", {}, ctx);
    expect(issues.map((i) => i.key).sort()).toEqual(["contact", "name", "needs"]);
  });

  it("gives zod issues with the column key as path, in the chosen language", () => {
    const result = recordSchema("customers", ctx, "en").safeParse({
      name: "",
      contact: "张",
      needs: "ERP",
    });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(result.error.issues).toEqual([
        expect.objectContaining({ path: ["name"], message: "Required" }),
      ]);
  });

  it("never throws, and every value it keeps is already normalised, whatever the input", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom("120万", "85%", "2024-02-30", '=HYPERLINK("x")', "制造业", "＋８６"),
    );
    const keys = [
      "name",
      "date",
      "annualAmount",
      "repurchaseRate",
      "satisfaction",
      "quantity",
      "phone",
      "email",
      "customerId",
      "status",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...TABLE_KEYS),
        fc.dictionary(fc.constantFrom(...keys), cell),
        (table, raw) => {
          const { record, issues } = validateRecord(table, raw, ctx);
          for (const [key, value] of Object.entries(record)) {
            if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
            // A kept value passes its own field rule again unchanged (normalising is idempotent).
            const again = normalizeField(columnDef(table, key), value, ctx);
            expect(again).toEqual({ ok: true, value });
          }
          for (const issue of issues) expect(issue.message.zh.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe("fast paths agree with values.ts", () => {
  const amount = fc
    .tuple(
      fc.stringMatching(/^\d{1,18}(\.\d{1,6})?$/),
      fc.constantFrom("", "万", "亿"),
      fc.constantFrom("", "元", "人", "块"),
    )
    .map(([n, unit, suffix]) => `${n}${unit}${suffix}`);

  it("reads plain amounts as toNumber does", () => {
    fc.assert(
      fc.property(amount, (text) => {
        const expected = toNumber(text);
        const got = field("customers", "annualAmount", text);
        if (typeof expected === "number" && expected >= 0) {
          expect(got).toEqual({ ok: true, value: expected });
        } else expect(got.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads whole numbers and their errors as toInteger does", () => {
    fc.assert(
      fc.property(amount, (text) => {
        const n = toInteger(text);
        const got = field("customers", "employees", text);
        if (typeof n === "number") expect(got).toEqual({ ok: true, value: n });
        else expect(got.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
    expect(field("customers", "employees", "1.5")).toMatchObject({ ok: false });
    expect(field("customers", "employees", "abc")).toMatchObject({ ok: false });
  });

  it("reads percent text as toRate does", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,3}(\.\d{1,4})?%$/), (text) => {
        const rate = toRate(text);
        const got = field("customers", "repurchaseRate", text);
        if (typeof rate === "number" && rate >= 0 && rate <= 1)
          expect(got).toEqual({ ok: true, value: rate });
        else expect(got.ok).toBe(false);
      }),
    );
  });

  it("skips NFKC only where it changes nothing", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) =>
        expect(nfkc(text)).toBe(text.normalize("NFKC")),
      ),
      { numRuns: 2000 },
    );
    for (const text of [
      "ＡＢＣ１２３",
      "010－8888",
      "客户（甲）",
      "㈱",
      "ｶ",
      "e\u0301",
      "abc 客户",
    ])
      expect(nfkc(text)).toBe(text.normalize("NFKC"));
  });
});

describe("customerIdSet", () => {
  it("holds each customer's ID as trimmed text, blanks left out", () => {
    expect([
      ...customerIdSet([" C202405001 ", "C202405002", "", "  ", null, undefined, 1001]),
    ]).toEqual(["C202405001", "C202405002", "1001"]);
  });
});

describe("dates that do not exist", () => {
  it("say so in English too, quoting the value", () => {
    const result = normalizeField(columnDef("customers", "createdDate"), "2027-13-45", {
      lists: defaultListValues(),
      today: 46000,
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(say(result.issue.message, "en", result.issue.params)).toBe(
        "No such date: “2027-13-45”",
      );
  });
});

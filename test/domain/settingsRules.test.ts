/** The Settings panel's validation and what a change re-classifies. */
import fc from "fast-check";
import {
  changedSettings,
  reclassification,
  reclassificationText,
  validateSettings,
  type SettingsDraft,
} from "../../src/domain/settingsRules";
import { defaultSettings, type Settings } from "../../src/domain/schema";
import { serialFromYmd } from "../../src/domain/values";
import type { CrmRecord } from "../../src/domain/port";

const asOf = serialFromYmd(2024, 11, 20);
const base: SettingsDraft = { ...defaultSettings(asOf) };

describe("validateSettings", () => {
  it("accepts the defaults and typed text (万, %)", () => {
    const r = validateSettings({ ...base, abcA: "60万", highRepurchase: "40%", cadenceB: "2" });
    expect(r).toEqual({
      ok: true,
      values: { ...defaultSettings(asOf), abcA: 600000, highRepurchase: 0.4, cadenceB: 2 },
    });
  });

  it.each<[string, Partial<SettingsDraft>, string, string]>([
    ["B equal to A", { abcA: 100000, abcB: 100000 }, "abcB", "bNotBelowA"],
    ["B above A", { abcA: 100000, abcB: 200000 }, "abcB", "bNotBelowA"],
    ["a negative threshold", { abcB: -1 }, "abcB", "negative"],
    ["months 0", { cadenceA: 0 }, "cadenceA", "months"],
    ["months 25", { churnMonths: 25 }, "churnMonths", "months"],
    ["months 1.5", { cadenceC: "1.5" }, "cadenceC", "months"],
    ["a rate above 100%", { highRepurchase: "120%" }, "highRepurchase", "rate"],
    ["a blank threshold", { abcA: "" }, "abcA", "required"],
    ["text for a number", { abcA: "很多" }, "abcA", "notNumber"],
    ["a fixed as-of date left blank", { asOfFixed: 1, asOf: "" }, "asOf", "required"],
    ["an impossible as-of date", { asOf: "2024-02-30" }, "asOf", "date"],
  ])("%s is refused", (_n, change, key, message) => {
    const r = validateSettings({ ...base, ...change } as SettingsDraft);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toContainEqual({ key, message });
  });

  it.each([
    [1, true],
    [24, true],
  ])("months %i are accepted", (m, ok) => {
    expect(validateSettings({ ...base, cadenceA: m, churnMonths: m }).ok).toBe(ok);
  });

  it("B below A is accepted for any two amounts (property)", () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e9), (a, b) => {
        const r = validateSettings({ ...base, abcA: a, abcB: b });
        expect(r.ok).toBe(b < a);
      }),
    );
  });
});

describe("reclassification", () => {
  const customers: CrmRecord[] = [
    { customerId: "C1", annualAmount: 600000, repurchaseRate: 0.8, createdDate: asOf - 10 },
    { customerId: "C2", annualAmount: 550000, createdDate: asOf - 10 },
    { customerId: "C3", annualAmount: 50000, createdDate: asOf - 100 },
  ];
  const before: Settings = defaultSettings(asOf);

  it("counts the customers whose class, next follow-up or churn flag moves", () => {
    // A threshold 500,000 → 580,000: C2 drops from A to B (and its cadence from 1 to 3 months).
    const r = reclassification(customers, [], before, { ...before, abcA: 580000 });
    expect(r).toEqual({ valueClass: 1, nextFollowUp: 1, churn: 0 });
    // A kind of change that moves nobody is not mentioned ("0 位的流失预警将改变").
    expect(reclassificationText(r, "zh")).toBe(
      "1 位客户的价值等级将改变，1 位客户的下次跟进日期将改变。",
    );
    expect(reclassificationText(r, "en")).toBe(
      "1 customer changes value class, 1 customer changes next follow-up date.",
    );
    expect(reclassificationText({ valueClass: 0, nextFollowUp: 0, churn: 12 }, "en")).toBe(
      "12 customers change churn flag.",
    );
  });

  it("churn months move the churn flags; an unchanged setting moves nothing", () => {
    expect(reclassification(customers, [], before, { ...before, churnMonths: 6 }).churn).toBe(1);
    const none = reclassification(customers, [], before, { ...before });
    expect(reclassificationText(none, "zh")).toBe("没有客户的分类会改变。");
    expect(changedSettings(before, { ...before, churnMonths: 6 })).toEqual(["churnMonths"]);
  });
});

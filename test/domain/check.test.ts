/** The data check finds every planted problem, and only those. */
import { CHECK_MESSAGES, checkWorkbook } from "../../src/domain/check";
import { defaultListValues } from "../../src/domain/schema";
import { say } from "../../src/domain/i18n";
import { MESSAGES } from "../../src/domain/validation";
import { serialFromYmd } from "../../src/domain/values";
import { PLANTED, TODAY, good } from "../fixtures/check/planted";

describe("checkWorkbook", () => {
  const problems = checkWorkbook({ records: PLANTED, lists: defaultListValues(), today: TODAY });
  const found = problems.map((p) => `${p.table}:${p.row}:${p.column}`).sort();

  it("finds every planted problem and nothing else", () => {
    expect(found).toEqual(
      [
        "customers:1:contact",
        "customers:2:customerType",
        "customers:3:phone",
        "customers:3:email",
        "customers:3:repurchaseRate",
        "customers:4:customerId",
        "customers:4:name",
        "customers:5:customerId",
        "customers:5:createdDate",
        "interactions:1:customerId",
        "interactions:2:date",
        "interactions:3:date",
        "interactions:4:recordId",
        "interactions:4:topic",
        "feedback:0:actualDate",
        "feedback:1:type",
        "feedback:1:status",
        "feedback:1:satisfaction",
        "orders:0:quantity",
        "orders:0:unitPrice",
      ].sort(),
    );
  });

  it("says why, with the value", () => {
    const byKey = new Map(problems.map((p) => [`${p.table}:${p.row}:${p.column}`, p]));
    expect(byKey.get("customers:2:customerType")).toMatchObject({
      value: "VIP",
      reason: MESSAGES.list,
    });
    expect(byKey.get("customers:4:customerId")).toMatchObject({
      reason: CHECK_MESSAGES.duplicateId,
      params: { row: 1 },
    });
    expect(byKey.get("customers:4:name")).toMatchObject({ reason: CHECK_MESSAGES.duplicateName });
    expect(byKey.get("customers:5:customerId")?.reason).toBe(CHECK_MESSAGES.missingId);
    expect(byKey.get("customers:5:createdDate")).toMatchObject({
      value: "2024/5/1",
      reason: CHECK_MESSAGES.dateAsText,
    });
    expect(byKey.get("interactions:1:customerId")).toMatchObject({
      reason: MESSAGES.mustExist,
      params: { value: "C999" },
    });
    expect(byKey.get("interactions:2:date")).toMatchObject({
      value: "2099-01-01",
      reason: MESSAGES.dateFuture,
    });
    expect(byKey.get("feedback:1:status")?.reason).toBe(MESSAGES.required);
    expect(byKey.get("orders:0:unitPrice")?.reason).toBe(CHECK_MESSAGES.numberAsText);
  });

  it("marks doubtful values as warnings: malformed email or phone, off-list, doubtful phone, unusual date", () => {
    const today = TODAY;
    const rows = [
      { ...good, customerId: "C202401101", phone: "1381234567" },
      { ...good, customerId: "C202401102", name: "乙", createdDate: serialFromYmd(1924, 3, 5) },
      { ...good, customerId: "C202401103", name: "丙", email: "a@@b" },
      { ...good, customerId: "C202401104", name: "丁", phone: "无" },
      { ...good, customerId: "C202401105", name: "戊", customerType: "VIP" },
      { ...good, customerId: "C202401106", name: "己", contact: "" },
    ];
    const found = checkWorkbook({
      records: { customers: rows },
      lists: defaultListValues(),
      today,
    });
    expect(found.map((p) => [p.row, p.column, p.severity ?? "error"])).toEqual([
      [0, "phone", "warning"],
      [1, "createdDate", "warning"],
      [2, "email", "warning"],
      [3, "phone", "warning"],
      [4, "customerType", "warning"],
      [5, "contact", "error"],
    ]);
    expect(say(found[0]!.reason, "zh", found[0]!.params)).toBe(
      "“1381234567”位数不对：手机号是 11 位",
    );
    expect(say(found[1]!.reason, "en", found[1]!.params)).toBe(
      "Unusual date 1924-03-05 (before 1980-01-01 or more than 5 years after today); please check it",
    );
  });

  it("skips tables the workbook does not have", () => {
    expect(
      checkWorkbook({ records: { customers: [good] }, lists: defaultListValues(), today: TODAY }),
    ).toEqual([]);
  });
});

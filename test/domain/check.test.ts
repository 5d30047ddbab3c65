/** The data check finds every planted problem, and only those. */
import { CHECK_MESSAGES, checkWorkbook } from "../../src/domain/check";
import type { CrmRecord } from "../../src/domain/port";
import { defaultListValues } from "../../src/domain/schema";
import { MESSAGES } from "../../src/domain/validation";
import { serialFromYmd } from "../../src/domain/values";

const TODAY = serialFromYmd(2024, 6, 30);
const d = (m: number, day: number) => serialFromYmd(2024, m, day);

const good: CrmRecord = {
  customerId: "C202401001",
  name: "甲公司",
  contact: "张三",
  needs: "ERP",
  phone: "13800000000",
  email: "a@jia.cn",
  repurchaseRate: 0.5,
  customerType: "老客户",
  createdDate: d(1, 5),
};

export const PLANTED = {
  customers: [
    good,
    { customerId: "C202401002", name: "乙公司", contact: "", needs: "CRM" }, // 1: missing contact
    { customerId: "C202401003", name: "丙公司", contact: "王五", needs: "OA", customerType: "VIP" }, // 2: pasted list value
    {
      customerId: "C202401004",
      name: "丁公司",
      contact: "赵六",
      needs: "OA",
      phone: "电话",
      email: "no-at",
      repurchaseRate: 1.5,
    }, // 3: phone, email, rate
    { customerId: "C202401001", name: " 甲 公司", contact: "孙七", needs: "OA" }, // 4: duplicate ID and name
    { customerId: "", name: "戊公司", contact: "周八", needs: "OA", createdDate: "2024/5/1" }, // 5: missing ID, date as text
    { customerId: null, name: null, contact: null, needs: null }, // 6: a blank table row: ignored
  ] as CrmRecord[],
  interactions: [
    {
      recordId: "R202405001",
      customerId: "C202401001",
      date: d(5, 10),
      topic: "回访",
      method: "电话沟通",
    },
    { recordId: "R202405002", customerId: "C999", date: d(5, 11), topic: "回访" }, // 1: unknown customer
    {
      recordId: "R202405003",
      customerId: "C202401002",
      date: serialFromYmd(2099, 1, 1),
      topic: "回访",
    }, // 2: future
    { recordId: "R202405004", customerId: "C202401002", date: "2024-13-01", topic: "回访" }, // 3: bad date
    { recordId: "R202405004", customerId: "C202401002", date: d(5, 12), topic: "" }, // 4: duplicate ID, missing topic
  ] as CrmRecord[],
  feedback: [
    {
      feedbackId: "F202405001",
      customerId: "C202401001",
      date: d(5, 1),
      type: "投诉类",
      description: "慢",
      status: "已完成",
      satisfaction: 4,
      actualDate: d(4, 1),
    }, // 0: done before reported
    {
      feedbackId: "F202405002",
      customerId: "C202401001",
      date: d(5, 1),
      type: "表扬",
      description: "好",
      status: "",
      satisfaction: 7,
    }, // 1: type, status, score
  ] as CrmRecord[],
  orders: [
    {
      orderId: "O202405001",
      customerId: "C202401001",
      date: d(5, 2),
      product: "ERP",
      quantity: 0,
      unitPrice: "1万",
    }, // 0: qty, number as text
  ] as CrmRecord[],
};

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

  it("skips tables the workbook does not have", () => {
    expect(
      checkWorkbook({ records: { customers: [good] }, lists: defaultListValues(), today: TODAY }),
    ).toEqual([]);
  });
});

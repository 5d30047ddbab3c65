/** Editing a record: the patch holds only what changed; a co-author's change is a conflict. */
import fc from "fast-check";
import {
  EditConflict,
  comparable,
  conflictFields,
  differingKeys,
  editPatch,
  editableKeys,
} from "../../src/domain/edit";
import { serialFromYmd } from "../../src/domain/values";
import type { CrmRecord } from "../../src/domain/port";

const may10 = serialFromYmd(2024, 5, 10);
const row: CrmRecord = {
  customerId: "C202405001",
  name: "北京智联科技有限公司",
  contact: "张伟",
  phone: "13800138000",
  createdDate: may10,
  annualAmount: 120000,
  repurchaseRate: 0.85,
  notes: null,
  valueClass: "B",
};

describe("comparable", () => {
  it.each([
    ["a date cell and its text", "createdDate", may10, "2024-05-10"],
    ["an amount and its formatted text", "annualAmount", 120000, "120,000"],
    ["an amount in 万", "annualAmount", 120000, "12万"],
    ["a rate and percent text", "repurchaseRate", 0.85, "85%"],
    ["text with spaces around it", "contact", "张伟", " 张伟 "],
    ["blank, null and empty text", "notes", null, ""],
  ])("%s are equal", (_n, key, a, b) => {
    expect(comparable("customers", key, a)).toBe(comparable("customers", key, b));
  });

  it.each([
    ["different phones", "phone", "13800138000", "13800138001"],
    ["a date and a day later", "createdDate", may10, may10 + 1],
    ["a number and blank", "annualAmount", 0, ""],
  ])("%s differ", (_n, key, a, b) => {
    expect(comparable("customers", key, a)).not.toBe(comparable("customers", key, b));
  });
});

describe("editPatch", () => {
  it("holds only the changed editable fields, never the ID or a computed column", () => {
    const edited = {
      ...row,
      phone: "02166668888",
      createdDate: "2024-05-10",
      customerId: "C999",
      valueClass: "A",
    };
    expect(editPatch("customers", row, edited)).toEqual({ phone: "02166668888" });
    expect(editableKeys("customers")).not.toContain("customerId");
    expect(editableKeys("customers")).not.toContain("valueClass");
  });

  it("clearing a field writes a blank", () => {
    expect(editPatch("customers", row, { ...row, phone: "" })).toEqual({ phone: "" });
  });

  it("is empty for any record compared with itself (property)", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...editableKeys("customers")), fc.string()),
        (r) => {
          expect(editPatch("customers", r, { ...r })).toEqual({});
        },
      ),
    );
  });
});

describe("conflictFields", () => {
  it("names each field a co-author changed, with both values", () => {
    const now = { ...row, phone: "13900000000", valueClass: "A" };
    expect(conflictFields("customers", row, now)).toEqual([
      { key: "phone", opened: "13800138000", current: "13900000000" },
    ]);
    expect(differingKeys("customers", row, { ...row })).toEqual([]);
  });

  it("EditConflict says which fields in both languages", () => {
    const e = new EditConflict(
      "customers",
      "C202405001",
      conflictFields("customers", row, { ...row, phone: "1", email: "a@b.cn" }),
      row,
    );
    expect(e.text("zh")).toBe("打开表单后，其他人修改了此记录的：联系电话、邮箱");
    expect(e.text("en")).toContain("Phone, Email");
  });
});

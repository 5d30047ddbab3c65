import {
  DuplicateIndex,
  findDuplicates,
  normalizeName,
  phoneKeys,
} from "../../src/domain/duplicates";

const existing = [
  {
    customerId: "C202405001",
    name: "北京星辰科技有限公司",
    phone: "010-8888 6666/13800138000",
    email: "Zhang@Xc.com",
  },
  { customerId: "C202405002", name: "上海云帆贸易有限公司", phone: "021-66668888", email: null },
];

describe("duplicates", () => {
  it.each([
    [{ name: " 北京星辰科技（有限）公司 ".replace("（有限）", "有限") }, "name", 0],
    [{ name: "新客户", phone: "+86 138 0013 8000" }, "phone", 0],
    [{ name: "新客户", phone: "021 6666 8888" }, "phone", 1],
    [{ name: "新客户", email: "zhang@xc.COM" }, "email", 0],
    [{ customerId: "c202405002", name: "x" }, "customerId", 1],
  ])("finds %j as a duplicate by %s of row %i", (draft, field, row) => {
    expect(findDuplicates(draft, existing)).toEqual([expect.objectContaining({ field, row })]);
  });

  it("does not flag a different customer", () => {
    expect(
      findDuplicates({ name: "深圳海洋物流", phone: "0755-12345678", email: "a@b.cn" }, existing),
    ).toEqual([]);
  });

  it("normalises names and phones the same way for both sides", () => {
    expect(normalizeName("ＡＢＣ 科技，有限公司")).toBe(normalizeName("abc科技有限公司"));
    expect(phoneKeys("+86 13800138000 / 010-88886666转12")).toEqual(["13800138000", "01088886666"]);
  });

  it("keeps the first row for a key when the index grows during an import", () => {
    const index = new DuplicateIndex(existing);
    index.add({ name: "北京星辰科技有限公司" }, 5);
    expect(index.find({ name: "北京星辰科技有限公司" })[0]?.row).toBe(0);
  });
});

import { detectHeader, mapHeaders } from "../../src/domain/headers";
import { CUSTOMER_HEADERS, FOLLOWUP_HEADERS } from "../fixtures/import/data";

describe("detectHeader", () => {
  it("finds the customer header row under a merged title row and a blank row", () => {
    const grid = [
      ["客户信息收集表", null, null],
      [],
      CUSTOMER_HEADERS,
      ["C202405001", "科技有限公司"],
    ];
    const match = detectHeader(grid);
    expect(match).toMatchObject({ table: "customers", row: 2 });
    expect(match?.recognised).toEqual(
      expect.arrayContaining([
        "customerId",
        "name",
        "contact",
        "phone",
        "employees",
        "revenue",
        "annualAmount",
        "repurchaseRate",
      ]),
    );
    // Columns with no place in the schema are reported, so adoption and import keep them.
    expect(match?.unrecognised).toEqual([
      "历史合作记录(项目/产品、周期、金额)",
      "最近互动内容",
      "互动结果(进展/待办/问题)",
    ]);
  });

  it("recognises the follow-up log rather than the customer table when both share headers", () => {
    const match = detectHeader([["企业客户关系维护记录表"], FOLLOWUP_HEADERS]);
    expect(match).toMatchObject({ table: "interactions", row: 1 });
    expect(match?.unrecognised).toEqual(["所属行业", "联系方式*"]);
  });

  it("matches English headers and full-width brackets", () => {
    const match = detectHeader([["Customer ID", "Customer name", "Contact", "Phone"]]);
    expect(match?.table).toBe("customers");
    expect(mapHeaders("customers", ["客户名称（全称）", "对接人＊"])).toEqual([
      { kind: "column", key: "name", header: "客户名称（全称）" },
      { kind: "column", key: "contact", header: "对接人＊" },
    ]);
  });

  it.each([
    ["a title row alone", [["客户信息收集表"]]],
    ["data rows only", [["C202405001", "科技有限公司", "2024-05-10"]]],
    ["one recognised header among many unknown", [["客户名称", "a", "b", "c", "d", "e"]]],
    ["an empty sheet", []],
  ])("finds no header in %s", (_name, grid) => {
    expect(detectHeader(grid as unknown[][])).toBeUndefined();
  });

  it("finds the header of a wide sheet: 6 known headers beside 13 of the team's own", () => {
    const own = Array.from({ length: 13 }, (_, i) => `自定义列${i + 1}`);
    const header = ["客户名称", "对接人", "联系电话", "邮箱", "核心需求", "负责人", ...own];
    const match = detectHeader([["客户信息表"], header, ["甲公司", "张三"]]);
    expect(match).toMatchObject({ table: "customers", row: 1, score: 6 });
    expect(match?.unrecognised).toHaveLength(13);
    // Four known among thirteen unknown is still no header (a data row holding a few words).
    expect(detectHeader([[...header.slice(0, 4), ...own]])).toBeUndefined();
  });

  it("keeps a second column with the same meaning as an unknown column instead of merging it", () => {
    const cols = mapHeaders("customers", ["联系电话", "手机"]);
    expect(cols[0]).toMatchObject({ kind: "column", key: "phone" });
    expect(cols[1]).toEqual({ kind: "unknown", header: "手机" });
  });
});

import { detectHeader, mapHeaders } from "../../src/domain/headers";

const customerInfoHeaders = [
  "客户编号",
  "客户名称(全称)",
  "所属行业",
  "企业规模(员工人数/年营收)",
  "客户类型",
  "对接人*",
  "职务",
  "联系电话(办公/手机)",
  "邮箱",
  "企业地址",
  "核心需求(1-3项)",
  "需求描述",
  "预算范围",
  "决策链(主要决策人及职务)",
  "历史合作记录(项目/产品、周期、金额)",
  "最近互动时间",
  "最近互动内容",
  "互动结果(进展/待办/问题)",
  "客户价值评估(ABC分类/客单价/复购率)",
  "跟进计划(下次跟进时间/目标/负责人)",
  "备注(特殊需求/风险提示)",
];
const maintenanceHeaders = [
  "客户名称",
  "客户编号",
  "所属行业",
  "联系人(姓名/职位)",
  "联系方式*",
  "维护日期",
  "维护方式",
  "维护主题/事由",
  "沟通内容摘要",
  "客户反馈与需求",
  "下一步行动计划",
  "责任人",
  "计划完成时间",
  "执行结果",
  "客户状态",
  "备注",
];

describe("detectHeader", () => {
  it("finds the customer header row under a merged title row and a blank row", () => {
    const grid = [
      ["客户信息收集表", null, null],
      [],
      customerInfoHeaders,
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
    const match = detectHeader([["企业客户关系维护记录表"], maintenanceHeaders]);
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

  it("keeps a second column with the same meaning as an unknown column instead of merging it", () => {
    const cols = mapHeaders("customers", ["联系电话", "手机"]);
    expect(cols[0]).toMatchObject({ kind: "column", key: "phone" });
    expect(cols[1]).toEqual({ kind: "unknown", header: "手机" });
  });
});

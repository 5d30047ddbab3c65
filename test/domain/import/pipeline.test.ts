/** Mapping, splitting, normalising and the duplicate choices of the import pipeline. */
import { decodeText } from "../../../src/domain/import/decode";
import { parseCsv } from "../../../src/domain/import/csv";
import {
  analyseImport,
  describeDuplicate,
  detectMapping,
  planImport,
  remapTable,
  setTarget,
  splitCombined,
  splitIndustry,
  type GridCell,
  type ImportContext,
} from "../../../src/domain/import/pipeline";
import { rejectedCsv, rejectedFileName } from "../../../src/domain/import/rejected";
import type { CrmRecord } from "../../../src/domain/port";
import { LISTS, defaultListValues } from "../../../src/domain/schema";
import { serialFromYmd } from "../../../src/domain/values";
import { encodeGb18030 } from "../../fixtures/import/gb18030";

const TODAY = serialFromYmd(2024, 6, 30);
const HEADER = [
  "客户编号",
  "客户名称",
  "对接人",
  "联系电话",
  "邮箱",
  "核心需求",
  "年合作额",
  "复购率",
  "备注",
];

function ctx(existing: CrmRecord[] = []): ImportContext {
  return { lists: defaultListValues(), today: TODAY, customers: existing, existing };
}

function analyse(rows: GridCell[][], existing: CrmRecord[] = []) {
  const grid = [HEADER, ...rows];
  const mapping = detectMapping(grid);
  if (!mapping) throw new Error("no mapping");
  return analyseImport(grid, mapping, ctx(existing));
}

describe("splitCombined", () => {
  it.each([
    ["200人/1.2亿元", ["employees", "revenue"], ["200人", "1.2亿元"]],
    ["1.2亿元", ["employees", "revenue"], ["", "1.2亿元"]],
    ["200人", ["employees", "revenue"], ["200人", ""]],
    ["200人／1.2亿元", ["employees", "revenue"], ["200人", "1.2亿元"]],
    ["A类/年合作额120万/85%", [null, "annualAmount", "repurchaseRate"], ["A类", "120万", "85%"]],
    [
      "B类/客单价:¥300,000/30%",
      [null, "annualAmount", "repurchaseRate"],
      ["B类", "¥300,000", "30%"],
    ],
    ["2024/6/1/现场测试/李明", [null, null, "owner"], ["2024-6-1", "现场测试", "李明"]],
    ["张经理/采购总监", ["contact", "title"], ["张经理", "采购总监"]],
    ["张经理/采购/总监", ["contact", "title"], ["张经理", "采购/总监"]],
  ] as const)("%s", (text, parts, expected) => {
    expect(splitCombined("customers", text, parts)).toEqual(expected);
  });
});

describe("splitIndustry", () => {
  const industries = LISTS.industry.items;
  it.each([
    ["制造业-电子设备", { industry: "制造业", sub: "电子设备" }],
    ["制造业-计算机通信电子设备", { industry: "制造业", sub: "计算机通信电子设备" }],
    ["零售业", { industry: "批发和零售业", sub: "" }],
    ["金融业/银行", { industry: "金融业", sub: "银行" }],
    ["服务业", undefined],
    ["火星采矿", undefined],
  ])("%s", (text, expected) => {
    expect(splitIndustry(text, industries)).toEqual(expected);
  });
});

describe("mapping", () => {
  it("finds the header row under title rows and blank rows", () => {
    const grid = [
      ["客户信息表"],
      [],
      ["客户名称(全称)", "对接人*", "联系电话(办公/手机)", "无关列"],
      ["甲公司", "张三", "13800000000", "x"],
    ];
    const mapping = detectMapping(grid);
    expect(mapping?.headerRow).toBe(2);
    expect(mapping?.targets).toEqual([
      { kind: "column", key: "name" },
      { kind: "column", key: "contact" },
      { kind: "column", key: "phone" },
      { kind: "notes" },
    ]);
  });

  it("lets the user move a column: the previous owner of the key goes to 备注", () => {
    const mapping = detectMapping([HEADER]);
    if (!mapping) throw new Error("no mapping");
    const moved = setTarget(mapping, 8, { kind: "column", key: "contact" });
    expect(moved.targets[2]).toEqual({ kind: "notes" });
    expect(moved.targets[8]).toEqual({ kind: "column", key: "contact" });
    const ignored = setTarget(mapping, 3, { kind: "ignore" });
    const result = analyseImport(
      [HEADER, ["", "甲公司", "张三", "13800000000", "", "ERP", "", "", ""]],
      ignored,
      ctx(),
    );
    expect(result.rows[0]?.record.phone).toBeNull();
  });

  it("finds a follow-up's customer when the workbook's ID cell has stray spaces", () => {
    const grid = [
      ["客户编号", "维护日期", "维护方式", "维护主题"],
      ["C202401001", "2024/5/10", "电话沟通", "回访"],
    ];
    const mapping = detectMapping(grid);
    if (!mapping) throw new Error("no mapping");
    const customers: CrmRecord[] = [{ customerId: " C202401001 ", name: "甲公司" }];
    const result = analyseImport(grid, mapping, {
      lists: defaultListValues(),
      today: TODAY,
      customers,
      existing: [],
    });
    expect(result.rows[0]?.issues).toEqual([]);
  });

  it("re-maps a header row to another table", () => {
    const grid = [["客户编号", "维护日期", "维护主题", "客户名称"]];
    const mapping = detectMapping(grid);
    expect(mapping?.table).toBe("interactions");
    const asFeedback = mapping && remapTable(grid, mapping, "feedback");
    expect(asFeedback?.table).toBe("feedback");
    expect(asFeedback?.targets[0]).toEqual({ kind: "column", key: "customerId" });
    expect(asFeedback?.targets[1]).toEqual({ kind: "notes" });
  });

  it("ignores the reason column of a rejected-rows file", () => {
    const mapping = detectMapping([[...HEADER, "导入问题"]]);
    expect(mapping?.targets[HEADER.length]).toEqual({ kind: "ignore" });
  });
});

describe("normalising", () => {
  it.each([
    ["2024/5/10", serialFromYmd(2024, 5, 10)],
    ["2024.5.10", serialFromYmd(2024, 5, 10)],
    ["2024年5月10日", serialFromYmd(2024, 5, 10)],
    ["20240510", serialFromYmd(2024, 5, 10)],
    ["45422", serialFromYmd(2024, 5, 10)],
    ["2024/5/10 14:30", serialFromYmd(2024, 5, 10)],
    ["2024-05-10T00:00:00Z", serialFromYmd(2024, 5, 10)],
  ])("date %s", (text, serial) => {
    const grid = [
      ["客户编号", "维护日期", "维护主题"],
      ["C202401001", text, "回访"],
    ];
    const mapping = detectMapping(grid);
    if (!mapping) throw new Error("no mapping");
    const result = analyseImport(grid, mapping, ctx([{ customerId: "C202401001", name: "甲" }]));
    expect(result.rows[0]?.record.date).toBe(serial);
  });

  it.each([["60"], ["1.5"], ["9999"], ["2024"]])(
    "date %s is not a date: only a five-digit serial typed as text is one",
    (text) => {
      const grid = [
        ["客户编号", "维护日期", "维护主题"],
        ["C202401001", text, "回访"],
      ];
      const mapping = detectMapping(grid);
      if (!mapping) throw new Error("no mapping");
      const result = analyseImport(grid, mapping, ctx([{ customerId: "C202401001", name: "甲" }]));
      expect(result.rows[0]?.issues.map((i) => i.key)).toContain("date");
    },
  );

  it.each([
    ["120万", 1_200_000],
    ["1.2亿", 120_000_000],
    ["¥1,200,000.00", 1_200_000],
    ["￥1,200,000.00", 1_200_000],
    ["1200000元", 1_200_000],
  ])("amount %s", (text, amount) => {
    const result = analyse([["", "甲公司", "张三", "", "", "ERP", text, "85%", ""]]);
    expect(result.rows[0]?.record).toMatchObject({ annualAmount: amount, repurchaseRate: 0.85 });
  });

  it("normalises phones and emails and keeps a typed ID in upper case", () => {
    const result = analyse([
      [
        "c202401009",
        "甲公司",
        "张三",
        "+86 138-0000-0000",
        " Zhang@Example.COM ",
        "ERP",
        "",
        "",
        "",
      ],
    ]);
    expect(result.rows[0]?.record).toMatchObject({
      customerId: "C202401009",
      phone: "+86 138-0000-0000",
      email: "zhang@example.com",
    });
  });

  it("strips the apostrophe the rejected-rows file puts before formula-like text", () => {
    const result = analyse([["", "甲公司", "张三", "", "", "ERP", "", "", "'=1+1"]]);
    expect(result.rows[0]?.record.notes).toBe("=1+1");
  });

  it("rejects a row whose 备注 would outgrow an Excel cell with the lines of unmapped columns", () => {
    // 历史合作记录 has no column of its own: it goes to 备注 as a line after the row's own 备注.
    const grid = [
      [...HEADER, "历史合作记录"],
      ["", "甲公司", "张三", "", "", "ERP", "", "", "own", "长".repeat(32_730)],
      ["", "乙公司", "李四", "", "", "ERP", "", "", "own", "长".repeat(32_760)],
    ];
    const mapping = detectMapping(grid);
    if (!mapping) throw new Error("no mapping");
    const result = analyseImport(grid, mapping, ctx());
    const notes = String(result.rows[0]?.record.notes);
    expect(result.rows[0]?.issues).toEqual([]);
    expect([notes.slice(0, 11), notes.length]).toEqual(["own\n历史合作记录:", 32_730 + 12]);
    expect(result.rows[1]?.issues.map((i) => [i.key, i.params])).toEqual([
      ["notes", { max: 32_767 }],
    ]);
  });

  it("skips blank rows and repeated header rows; numbers lines as the file does", () => {
    const result = analyse([
      [],
      HEADER,
      ["", "甲公司", "张三", "", "", "ERP", "", "", ""],
      // Full-width and no-break spaces only: a blank row too.
      ["\u3000", " ", "\u00a0", "", "", "", "", "", "\t"],
    ]);
    expect(result.rows.map((r) => r.line)).toEqual([4]);
  });

  it("takes a row with one cell equal to its header as data, with two as a repeated header", () => {
    // A customer whose 备注 says "备注" is a customer; 客户名称 and 对接人 as headers are not.
    const result = analyse([
      ["", "甲公司", "张三", "", "", "ERP", "", "", "备注"],
      ["", "客户名称", "对接人", "", "", "ERP", "", "", ""],
    ]);
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.rows[0]?.record.notes).toBe("备注");
  });
});

describe("duplicates", () => {
  const existing: CrmRecord[] = [
    {
      customerId: "C202401001",
      name: "甲公司",
      contact: "张三",
      phone: "13800000000",
      email: "old@jia.cn",
      needs: "ERP",
      annualAmount: 100000,
      notes: "老备注",
    },
  ];
  const rows: GridCell[][] = [
    // Same phone as the workbook row, a new email, a blank amount that must not erase 100000.
    ["", "甲公司(北京)", "张三", "138 0000 0000", "new@jia.cn", "ERP", "", "60%", "新备注"],
    ["", "乙公司", "李四", "13900000000", "", "CRM", "50万", "", ""],
    // Same as the file row above by name (spacing and case differ) and phone.
    ["", " 乙公司 ", "李四", "139-0000-0000", "yi@yi.cn", "CRM", "", "", "第二次"],
  ];

  it("finds workbook and in-file duplicates with the matching fields", () => {
    const analysed = analyse(rows, existing);
    expect(analysed.rows[0]?.workbookDuplicate).toEqual({
      row: 0,
      id: "C202401001",
      fields: ["phone"],
    });
    expect(analysed.rows[2]?.fileDuplicate).toEqual({
      row: 1,
      id: null,
      fields: ["name", "phone"],
    });
    expect(describeDuplicate(analysed, analysed.rows[2]!, "zh")).toBe(
      "与文件第 3 行重复（客户名称、联系电话）",
    );
    expect(describeDuplicate(analysed, analysed.rows[0]!, "en")).toBe(
      "Duplicate of C202401001 in the workbook (phone)",
    );
  });

  it("skip: writes only the new row", () => {
    const plan = planImport(analyse(rows, existing), { duplicates: "skip" });
    expect(plan.inserts.map((i) => i.record.name)).toEqual(["乙公司"]);
    expect(plan.updates).toEqual([]);
    expect(plan.summary).toMatchObject({ insert: 1, skip: 2, duplicates: 2 });
  });

  it("update: patches the workbook row with non-blank values only and merges file duplicates", () => {
    const plan = planImport(analyse(rows, existing), { duplicates: "update" });
    // The same phone written otherwise is no change; a different name and email keep the
    // workbook's and go to 备注 with their file row; the new rate is updated.
    expect(plan.updates).toEqual([
      {
        row: 0,
        id: "C202401001",
        lines: [2],
        patch: {
          repurchaseRate: 0.6,
          notes:
            "老备注\n新备注\n客户名称(文件第 2 行)：甲公司(北京)\n邮箱(文件第 2 行)：new@jia.cn",
        },
      },
    ]);
    expect(plan.updates[0]?.patch).not.toHaveProperty("annualAmount");
    expect(plan.inserts).toHaveLength(1);
    expect(plan.inserts[0]).toMatchObject({
      lines: [3, 4],
      record: {
        name: "乙公司",
        // The same number written otherwise: the first spelling stays.
        phone: "13900000000",
        email: "yi@yi.cn",
        annualAmount: 500000,
        notes: "第二次",
      },
    });
  });

  it.each([
    ["13812345678", "010-62345678/13812345678", undefined],
    ["13900000000", "010-62345678/13812345678", "010-62345678/13812345678/13900000000"],
    ["010 6234 5678", "010-62345678/13812345678", undefined],
  ])("update never loses a number: file phone %s over %s", (phone, old, want) => {
    const wb: CrmRecord[] = [{ ...existing[0], phone: old, needs: "ERP、OA" }];
    const file: GridCell[][] = [["C202401001", "甲公司", "张三", phone, "", "CRM", "", "", ""]];
    const plan = planImport(analyse(file, wb), { duplicates: "update" });
    expect(plan.updates[0]?.patch.phone).toBe(want);
    // 核心需求 is unioned too (up to its three items).
    expect(plan.updates[0]?.patch.needs).toBe("ERP、OA、CRM");
    expect(plan.updates[0]?.patch).not.toHaveProperty("name");
  });

  it("same ID, different company: an ID conflict, imported under a new ID by default", () => {
    const file: GridCell[][] = [
      ["C202401001", "乙科技有限公司", "王五", "13911112222", "wang@yi.cn", "OA", "", "", ""],
    ];
    const analysed = analyse(file, existing);
    const plan = planImport(analysed, { duplicates: "skip" });
    expect(plan.rows[0]?.status).toBe("conflict");
    expect(plan.summary).toMatchObject({ conflict: 1, skip: 0, duplicates: 0 });
    expect(plan.inserts).toHaveLength(1);
    // The writer allocates a new ID; the customer in the workbook is untouched.
    expect(plan.inserts[0]?.record).toMatchObject({ customerId: null, name: "乙科技有限公司" });
    expect(plan.updates).toEqual([]);
    expect(describeDuplicate(analysed, plan.rows[0]!, "zh")).toBe(
      "编号冲突：C202401001 在工作簿中属于另一家客户“甲公司”，这一行将使用新编号导入（它的跟进记录也用新编号）",
    );
    // Even with "update" chosen for duplicates, the other company is never renamed.
    expect(planImport(analysed, { duplicates: "update" }).updates).toEqual([]);
    // A choice for the row itself treats it as a duplicate after all.
    const chosen = planImport(analysed, {
      duplicates: "skip",
      perRow: new Map([[2, "update" as const]]),
    });
    expect(chosen.rows[0]?.status).toBe("update");
  });

  it("merging file rows unions needs past three into 备注, never dropping one", () => {
    const file: GridCell[][] = [
      ["", "丁公司", "赵六", "13700000000", "", "ERP、OA", "", "", ""],
      ["", "丁公司", "赵六", "13700000000", "", "CRM、MES", "", "", ""],
    ];
    const plan = planImport(analyse(file, []), { duplicates: "update" });
    expect(plan.inserts).toHaveLength(1);
    expect(plan.inserts[0]?.record).toMatchObject({
      needs: "ERP、OA",
      notes: "核心需求(文件第 3 行)：CRM、MES",
    });
  });

  it("keepBoth: inserts every row; a colliding ID is left for the writer to allocate", () => {
    const withId: GridCell[][] = [["C202401001", "丙公司", "王五", "", "", "OA", "", "", ""]];
    const plan = planImport(analyse([...rows, ...withId], existing), { duplicates: "keepBoth" });
    expect(plan.inserts.map((i) => i.record.name)).toEqual([
      "甲公司(北京)",
      "乙公司",
      "乙公司",
      "丙公司",
    ]);
    expect(plan.inserts[3]?.record.customerId).toBeNull();
  });

  it("reads a record afresh on each access: changing one never changes the plan", () => {
    const analysed = analyse(rows, existing);
    const plan = planImport(analysed, { duplicates: "update" });
    const merged = plan.inserts[0]!;
    const plain = planImport(analysed, { duplicates: "keepBoth" }).inserts[1]!;
    for (const insert of [merged, plain]) {
      const first = insert.record;
      first.name = "改掉";
      first.notes = null;
      expect(insert.record).not.toBe(first);
      expect(insert.record.name).toBe("乙公司");
    }
    expect(merged.record.notes).toBe("第二次");
    // Read twice, the same values in two objects.
    const [once, again] = [analysed.rows[1]?.record, analysed.rows[1]?.record];
    expect(again).not.toBe(once);
    expect(again).toEqual(once);
    expect(once).toMatchObject({ name: "乙公司", contact: "李四", needs: "CRM" });
    // A serialised row or insert carries its record, as the preview and the writer see it.
    expect(JSON.parse(JSON.stringify(plan.inserts[0]))).toMatchObject({
      lines: [3, 4],
      record: { name: "乙公司", annualAmount: 500000 },
    });
    expect(JSON.parse(JSON.stringify(plan.rows[1]))).toMatchObject({
      line: 3,
      status: "insert",
      record: { name: "乙公司" },
    });
  });

  it("a per-row choice overrides the global one", () => {
    const plan = planImport(analyse(rows, existing), {
      duplicates: "skip",
      perRow: new Map([[2, "update" as const]]),
    });
    expect(plan.updates.map((u) => u.id)).toEqual(["C202401001"]);
    expect(plan.rows.find((r) => r.line === 4)?.status).toBe("skip");
  });
});

describe("decoding and the rejected-rows file", () => {
  const text = "客户名称,对接人\r\n甲公司,张三\r\n";
  it.each([
    ["utf-8", new TextEncoder().encode(text)],
    ["utf-8-bom", new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])],
    ["gb18030", encodeGb18030(text)],
  ] as const)("%s", (encoding, bytes) => {
    expect(decodeText(bytes)).toMatchObject({ text, encoding });
    expect(parseCsv(decodeText(bytes).text).grid).toEqual([
      ["客户名称", "对接人"],
      ["甲公司", "张三"],
    ]);
  });

  it("parses quoted fields with commas, quotes and line breaks", () => {
    expect(parseCsv('a,"b,1","c ""x""","d\ne"\n').grid).toEqual([["a", "b,1", 'c "x"', "d\ne"]]);
  });

  it("writes rejected rows with a reason column, a BOM and escaped formulas, and re-imports them", () => {
    const grid: GridCell[][] = [
      HEADER,
      ["", "", "张三", "x", "", "ERP", "", "", '=HYPERLINK("http://e.x")'],
    ];
    const mapping = detectMapping(grid);
    if (!mapping) throw new Error("no mapping");
    const plan = planImport(analyseImport(grid, mapping, ctx()));
    const csv = rejectedCsv(mapping, plan.rejected, "zh");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const back = parseCsv(decodeText(new TextEncoder().encode(csv)).text).grid;
    expect(back[0]).toEqual([...HEADER, "导入问题"]);
    expect(back[1]?.[8]).toBe('\'=HYPERLINK("http://e.x")');
    // Only the blocking reason: the malformed phone is a warning, not a reason to fix the row.
    expect(back[1]?.[9]).toBe("客户名称：必填");
    const again = detectMapping(back);
    if (!again) throw new Error("no mapping");
    const reanalysed = analyseImport(back, again, ctx());
    expect(reanalysed.rows[0]?.record.notes).toBe('=HYPERLINK("http://e.x")');
    expect(rejectedFileName("客户.xlsx", "zh")).toBe("客户-待修正.csv");
  });
});

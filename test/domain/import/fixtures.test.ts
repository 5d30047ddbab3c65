/**
 * Every import fixture (the seed templates as .xlsx and as CSV in UTF-8, UTF-8 with BOM and
 * GB18030) goes through the whole pipeline, and each planted problem lands where it should.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadImportFile } from "../../../src/domain/import/load";
import { runImport, type ImportContext } from "../../../src/domain/import/pipeline";
import { defaultListValues, type TableKey } from "../../../src/domain/schema";
import { serialFromYmd } from "../../../src/domain/values";
import {
  CUSTOMER_LINES,
  FOLLOWUP_LINES,
  INJECTION,
  TODAY,
  WORKBOOK_CUSTOMERS,
  WORKBOOK_FOLLOWUPS,
} from "../../fixtures/import/data";

const DIR = join(__dirname, "../../fixtures/import");
const VARIANTS = ["xlsx", "utf8.csv", "utf8-bom.csv", "gb18030.csv"] as const;
const fileName = (base: string, variant: string) =>
  variant === "xlsx" ? `${base}.xlsx` : `${base}-${variant}`;

function context(table: TableKey): ImportContext {
  return {
    lists: defaultListValues(),
    today: TODAY,
    customers: WORKBOOK_CUSTOMERS,
    existing:
      table === "customers"
        ? WORKBOOK_CUSTOMERS
        : table === "interactions"
          ? WORKBOOK_FOLLOWUPS
          : [],
  };
}

async function importFixture(base: string, variant: string) {
  const name = fileName(base, variant);
  const file = await loadImportFile(name, readFileSync(join(DIR, name)));
  const sheet = file.sheets[file.best];
  if (!sheet) throw new Error("no sheet");
  const result = runImport(sheet.grid, context);
  if (!result) throw new Error("no header row found");
  return { file, ...result };
}

describe("customer template (客户信息收集表)", () => {
  it.each(VARIANTS)(
    "%s: detects the header under the title row and decodes the text",
    async (variant) => {
      const { file, mapping } = await importFixture("customers", variant);
      expect(mapping.table).toBe("customers");
      expect(mapping.headerRow).toBe(2);
      const expected = {
        xlsx: undefined,
        "utf8.csv": "utf-8",
        "utf8-bom.csv": "utf-8-bom",
        "gb18030.csv": "gb18030",
      };
      expect(file.text?.encoding).toBe(expected[variant]);
      expect(mapping.headers[1]).toBe("客户名称(全称)");
    },
  );

  it.each(VARIANTS)(
    "%s: imports the seed's anonymised example row, warning about its phone and email only",
    async (variant) => {
      const { plan } = await importFixture("customers", variant);
      const row = plan.rows.find((r) => r.line === CUSTOMER_LINES.seedVerbatim);
      // A malformed phone or email warns (issue 15): the customer is written, values as given.
      expect(row?.status).toBe("insert");
      expect(row?.issues).toEqual([]);
      expect(row?.warnings.map((i) => i.key).sort()).toEqual(["email", "phone"]);
      expect(plan.rejected.map((r) => r.line)).not.toContain(CUSTOMER_LINES.seedVerbatim);
      // Everything else of the row was read and split correctly.
      expect(row?.record).toMatchObject({
        customerId: "C202405001",
        industry: "制造业",
        subIndustry: "电子设备",
        employees: 200,
        revenue: 120_000_000,
        annualAmount: 1_200_000,
        repurchaseRate: 0.85,
      });
    },
  );

  it.each(VARIANTS)(
    "%s: imports the completed example with every combined column split",
    async (variant) => {
      const { plan } = await importFixture("customers", variant);
      const insert = plan.inserts.find((i) => i.lines.includes(CUSTOMER_LINES.seedCompleted));
      expect(insert?.record).toMatchObject({
        customerId: "C202405002",
        name: "北京星辰科技有限公司",
        industry: "制造业",
        subIndustry: "电子设备",
        employees: 200,
        revenue: 120_000_000,
        customerType: "老客户",
        contact: "张经理",
        phone: "010-88886666/13800138000",
        email: "zhang@xingchen.com",
        annualAmount: 1_200_000,
        repurchaseRate: 0.85,
        owner: "李明",
      });
      const notes = String(insert?.record.notes);
      expect(notes.split("\n")[0]).toBe("重点客户");
      expect(notes).toContain("最近互动时间: 2024-05-10");
      expect(notes).toContain("历史合作记录(项目/产品、周期、金额): 2023年Q1采购ERP系统,金额50万");
      expect(notes).toContain("客户价值评估(ABC分类/客单价/复购率): A类/年合作额120万/85%");
      expect(notes).toContain("跟进计划(下次跟进时间/目标/负责人): 2024/6/1/现场测试/李明");
    },
  );

  it.each(VARIANTS)("%s: keeps injection strings as text, verbatim", async (variant) => {
    const { plan } = await importFixture("customers", variant);
    const insert = plan.inserts.find((i) => i.lines.includes(CUSTOMER_LINES.injection));
    expect(insert?.record).toMatchObject(INJECTION);
  });

  it.each(VARIANTS)(
    "%s: finds duplicates in the file and in the workbook; rejects bad rows",
    async (variant) => {
      const { plan } = await importFixture("customers", variant);
      const byLine = new Map(plan.rows.map((r) => [r.line, r]));
      expect(byLine.get(CUSTOMER_LINES.yunfanAgain)?.fileDuplicate?.fields.sort()).toEqual([
        "name",
        "phone",
      ]);
      expect(byLine.get(CUSTOMER_LINES.xihuAgain)?.workbookDuplicate).toMatchObject({
        row: 0,
        id: "C202401001",
      });
      expect(byLine.get(CUSTOMER_LINES.missingName)?.issues.map((i) => i.key)).toEqual(["name"]);
      // An off-list value warns: the row is written with it (or the user's choice for it).
      expect(byLine.get(CUSTOMER_LINES.badType)?.issues).toEqual([]);
      expect(byLine.get(CUSTOMER_LINES.badType)?.warnings).toEqual([
        expect.objectContaining({ key: "customerType", params: { value: "VIP客户" } }),
      ]);
      // The merged 客户类型 cell (E12:E13 in the .xlsx) applies to both rows.
      expect(
        plan.inserts.find((i) => i.lines.includes(CUSTOMER_LINES.retail))?.record,
      ).toMatchObject({
        customerType: "老客户",
        industry: "批发和零售业",
        revenue: 120_000_000,
        annualAmount: 50_000,
        repurchaseRate: 0.2,
      });
      expect(plan.summary).toMatchObject({
        total: 9,
        // The seed's example row (phone, email) and 客户类型 VIP客户 are written with warnings.
        insert: 6,
        skip: 2,
        rejected: 1,
        duplicates: 2,
        warnings: 2,
      });
    },
  );

  it("reads the same records from every variant", async () => {
    const plans = await Promise.all(VARIANTS.map((v) => importFixture("customers", v)));
    const records = plans.map((p) => p.plan.rows.map((r) => r.record));
    for (const other of records.slice(1)) expect(other).toEqual(records[0]);
  });
});

describe("follow-up template (客户关系维护记录表)", () => {
  it.each(VARIANTS)(
    "%s: normalises every date form and resolves customers by name",
    async (variant) => {
      const { mapping, plan } = await importFixture("followups", variant);
      expect(mapping.table).toBe("interactions");
      expect(mapping.headerRow).toBe(1);
      const byLine = new Map(plan.rows.map((r) => [r.line, r]));
      expect(byLine.get(FOLLOWUP_LINES.slashDate)?.record).toMatchObject({
        customerId: "C202401001",
        date: serialFromYmd(2024, 5, 10),
        dueDate: serialFromYmd(2024, 6, 15),
        method: "电话沟通",
      });
      expect(byLine.get(FOLLOWUP_LINES.nameOnly)?.record).toMatchObject({
        customerId: "C202401002",
        date: serialFromYmd(2024, 5, 12),
        dueDate: serialFromYmd(2024, 6, 1),
      });
      expect(byLine.get(FOLLOWUP_LINES.serialDate)?.record.date).toBe(serialFromYmd(2024, 5, 21));
      expect(byLine.get(FOLLOWUP_LINES.unknownCustomer)?.issues[0]?.params).toEqual({
        value: "不存在的公司",
      });
      expect(byLine.get(FOLLOWUP_LINES.future)?.issues.map((i) => i.key)).toEqual(["date"]);
      expect(byLine.get(FOLLOWUP_LINES.badDate)?.issues.map((i) => i.key)).toEqual(["date"]);
      expect(byLine.get(FOLLOWUP_LINES.badMethod)?.issues).toEqual([]);
      expect(byLine.get(FOLLOWUP_LINES.badMethod)?.warnings.map((i) => i.key)).toEqual(["method"]);
      expect(byLine.get(FOLLOWUP_LINES.sameAsFirst)?.fileDuplicate?.fields).toEqual(["content"]);
      expect(byLine.get(FOLLOWUP_LINES.inWorkbook)?.workbookDuplicate?.id).toBe("R202404001");
      expect(plan.summary).toMatchObject({ total: 9, insert: 4, skip: 2, rejected: 3 });
      // The template's contact columns have no place in a follow-up: they are kept in 备注.
      expect(byLine.get(FOLLOWUP_LINES.slashDate)?.record.notes).toBe(
        "所属行业: 制造业\n联系人(姓名/职位): 李经理/采购经理\n联系方式*: 13800001111",
      );
    },
  );
});

describe("feedback template (客户反馈信息记录表)", () => {
  it.each(VARIANTS)(
    "%s: reads 4分 scores, defaults a blank status and rejects bad values",
    async (variant) => {
      const { mapping, plan } = await importFixture("feedback", variant);
      expect(mapping.table).toBe("feedback");
      expect(plan.rows.map((r) => [r.line, r.status])).toEqual([
        [3, "insert"],
        [4, "insert"],
        [5, "rejected"],
      ]);
      expect(plan.inserts[0]?.record).toMatchObject({
        satisfaction: 4,
        status: "已完成",
        type: "投诉类",
      });
      expect(plan.inserts[1]?.record.status).toBe("待处理");
      expect(plan.rows[2]?.issues.map((i) => i.key)).toEqual(["satisfaction"]);
      expect(plan.rows[2]?.warnings.map((i) => i.key)).toEqual(["type"]);
    },
  );
});

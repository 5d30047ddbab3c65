/**
 * Resumable adoption (issue 17): an adoption whose write stops part-way is recognised by status,
 * finished by Repair or by adopting again (never refused), every split column ends complete,
 * every template cell keeps its value, and the error says what happened in words.
 */
import { FakeExcel, type CellValue } from "../fakes/excel";
import { AdoptError, adoptTemplate, setupWorkbook, workbookStatus } from "../../src/excel/setup";
import { ADOPTION_PROPERTY } from "../../src/domain/adoption";
import { problemText } from "../../src/domain/recovery";
import { setupNeeds } from "../../src/domain/workbookStatus";
import { CUSTOMER_INFO, customerInfoRows } from "../fixtures/templates";

const TODAY = 45500;
const ctxOf = (fake: FakeExcel) => fake.newContext() as unknown as Excel.RequestContext;
const SPLIT = ["员工人数", "年营收", "年合作额", "复购率"];

function load(rows = 40): FakeExcel {
  const fake = new FakeExcel();
  fake.addSheet(CUSTOMER_INFO.sheet, customerInfoRows(rows));
  return fake;
}

/** Fails the `n`-th cell write of the adoption's write request: what came before stays. */
function failNthWrite(fake: FakeExcel, n: number): void {
  let seen = 0;
  fake.opFailure = (kind) => {
    if (kind !== "Range.values=") return undefined;
    seen++;
    return seen === n
      ? { code: "GeneralException", message: "An internal error has occurred." }
      : undefined;
  };
}

function templateValues(fake: FakeExcel, width: number): CellValue[][] {
  return fake
    .sheet(CUSTOMER_INFO.sheet)
    .grid()
    .map((r) => r.slice(0, width));
}

describe.each([2, 3, 4, 5])("an adoption whose write stops at cell write %i", (n) => {
  let fake: FakeExcel;
  let before: CellValue[][];
  let error: unknown;
  beforeEach(async () => {
    fake = load();
    before = templateValues(fake, 21);
    failNthWrite(fake, n);
    error = await adoptTemplate(
      ctxOf(fake),
      { sheet: CUSTOMER_INFO.sheet, table: "customers" },
      "zh",
      {
        today: TODAY,
      },
    ).catch((e: unknown) => e);
    fake.opFailure = undefined;
  });

  it("says in words that it did not finish and how to finish it", () => {
    expect(error).toBeInstanceOf(AdoptError);
    expect((error as AdoptError).text("zh")).toContain("请在“首页”点击“修复”完成采用");
    expect((error as AdoptError).text("en")).toContain("Choose Repair on Home to finish it");
    expect((error as AdoptError).text("en")).not.toMatch(/^GeneralException$/);
  });

  it("status recognises it; one Repair finishes it, splits complete, every cell kept", async () => {
    expect(fake.customProperties.has(ADOPTION_PROPERTY)).toBe(true);
    const status = await workbookStatus(ctxOf(fake));
    const words = (status.problems ?? []).map((p) => problemText(p, "zh"));
    expect(words.join("\n")).toContain("采用（客户档案 (CRM_Customers)）未完成");
    expect(setupNeeds(status).setup || setupNeeds(status).repair).toBe(true);

    const report = await setupWorkbook(ctxOf(fake), "zh", { today: TODAY, repairFormulas: true });
    expect(report.upgraded.join("\n")).toContain("已完成中断的采用");
    expect(fake.customProperties.has(ADOPTION_PROPERTY)).toBe(false);
    const table = fake.table("CRM_Customers");
    for (const header of SPLIT) {
      const column = table.column(header);
      expect(column.filter((v) => v === "")).toEqual([]);
    }
    expect(table.records()[39]).toMatchObject({ 员工人数: 50 + 39, 复购率: 0.39 });
    // Every template cell below the title keeps its value (headers may take canonical names).
    const after = templateValues(fake, 21);
    expect(after.slice(2)).toEqual(before.slice(2));
    const again = await workbookStatus(ctxOf(fake));
    expect(again.problems).toEqual([]);
    expect(setupNeeds(again)).toEqual({ setup: false, repair: false });
  });

  it("adopting again finishes it instead of refusing", async () => {
    await adoptTemplate(ctxOf(fake), { sheet: CUSTOMER_INFO.sheet, table: "customers" }, "zh", {
      today: TODAY,
    });
    expect(fake.customProperties.has(ADOPTION_PROPERTY)).toBe(false);
    for (const header of SPLIT)
      expect(
        fake
          .table("CRM_Customers")
          .column(header)
          .filter((v) => v === ""),
      ).toEqual([]);
  });
});

describe("finishing never writes over a value", () => {
  it("a split cell the user filled after the failure keeps the user's value", async () => {
    const fake = load(5);
    // The write stops at 复购率, the last split: its column exists, still blank.
    failNthWrite(fake, 5);
    await adoptTemplate(ctxOf(fake), { sheet: CUSTOMER_INFO.sheet, table: "customers" }, "zh", {
      today: TODAY,
    }).catch(() => undefined);
    fake.opFailure = undefined;
    const table = fake.table("CRM_Customers");
    const col = table.headers().indexOf("复购率");
    expect(col).toBeGreaterThanOrEqual(0);
    expect(table.column("复购率")[0]).toBe("");
    fake
      .sheet(CUSTOMER_INFO.sheet)
      .state.setInput(table.state.rect.r0 + 1, table.state.rect.c0 + col, 0.99);
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(fake.table("CRM_Customers").column("复购率")[0]).toBe(0.99);
    expect(
      fake
        .table("CRM_Customers")
        .column("复购率")
        .filter((v) => v === ""),
    ).toEqual([]);
  });
});

describe.each(["adopting again", "Repair"])(
  "an adoption failed at any operation of its write, finished by %s",
  (how) => {
    const adopt = (fake: FakeExcel) =>
      adoptTemplate(ctxOf(fake), { sheet: CUSTOMER_INFO.sheet, table: "customers" }, "zh", {
        today: TODAY,
      });
    const finish = (fake: FakeExcel) =>
      how === "Repair"
        ? setupWorkbook(ctxOf(fake), "zh", { today: TODAY, repairFormulas: true })
        : adopt(fake);

    it("ends in the clean adoption's headers (no 最近互动时间(原)(原)), every cell kept", async () => {
      const clean = load(5);
      clean.resetCounters();
      await adopt(clean);
      const cleanHeaders = clean.table("CRM_Customers").headers();
      expect(cleanHeaders).toContain("最近互动时间(原)");
      const failures: unknown[] = [];
      let stops = 0;
      for (const [i, request] of clean.requests.entries()) {
        if (!request.ops.some((o) => o.endsWith("="))) continue;
        for (let k = 0; k < request.ops.length; k++) {
          const fake = load(5);
          const before = templateValues(fake, 21);
          fake.failSync(i + 1, "GeneralException", `at ${k}`, k);
          if (!(await adopt(fake).catch(() => "failed"))) continue;
          // Stopped before its mark was written, nothing changed: Repair has nothing to finish
          // (the template stays one, the error said so); adopting again adopts it.
          if (how === "Repair" && !fake.customProperties.has(ADOPTION_PROPERTY)) continue;
          stops++;
          await finish(fake);
          const at = { sync: i + 1, k, op: request.ops[k] };
          const headers = fake.tables.some((t) => t.name === "CRM_Customers")
            ? fake.table("CRM_Customers").headers()
            : [];
          if (JSON.stringify(headers) !== JSON.stringify(cleanHeaders))
            failures.push({ ...at, headers });
          if (fake.tables.some((t) => !t.name.startsWith("CRM_")))
            failures.push({ ...at, tables: fake.tables.map((t) => t.name) });
          if (fake.customProperties.has(ADOPTION_PROPERTY)) failures.push({ ...at, marked: true });
          const after = templateValues(fake, 21);
          if (JSON.stringify(after.slice(2)) !== JSON.stringify(before.slice(2)))
            failures.push({ ...at, cells: "changed" });
        }
      }
      expect(stops).toBeGreaterThan(100);
      expect(failures).toEqual([]);
    }, 300000);
  },
);

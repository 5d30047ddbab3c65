/**
 * Failure injection over every operation (issue 17): setup, adopt, append, update (one record
 * and many), import write, check marking, dashboard and repair. For each operation the suite
 * first counts the requests of a clean run, then, for every request index k:
 *   - once:    request k fails whole (none of its operations applied);
 *   - forever: request k and every later one fail (so clean-ups and restores fail too);
 *   - partial: request k fails at its middle operation, the ones before it staying applied
 *              (what Excel does with a batch that fails part-way).
 * After the failure, every cell the user had is as it was, or the error names exactly what may
 * have changed (a PartialWriteError's rows, an interrupted adoption's header row). Then the same
 * operation is run again without failures and must complete: the workbook whole, each appended
 * row exactly once.
 */
import { ExcelWorkbook } from "../../src/excel/excelWorkbook";
import { AdoptError, adoptTemplate, readStatus, runSetup } from "../../src/excel/setup";
import { appendRecords, readRecords } from "../../src/excel/records";
import { PartialWriteError } from "../../src/excel/errors";
import { runDataCheck } from "../../src/excel/check";
import { refreshDashboard } from "../../src/excel/dashboard";
import { executeImport } from "../../src/domain/import/execute";
import type { ImportPlan } from "../../src/domain/import/pipeline";
import { setupNeeds } from "../../src/domain/workbookStatus";
import type { CrmRecord } from "../../src/domain/port";
import { serialFromYmd } from "../../src/domain/values";
import { FakeExcel, installFakeExcel, type CellValue, type RequestRecord } from "../fakes/excel";
import { installCharts } from "../fakes/excelCharts";
import { CUSTOMER_INFO, customerInfoRows } from "../fixtures/templates";

installCharts();

const TODAY = serialFromYmd(2024, 11, 20);
const may10 = serialFromYmd(2024, 5, 10);
const workbook = new ExcelWorkbook();

const customer = (i: number): CrmRecord => ({
  name: `客户${i}有限公司`,
  contact: `联系人${i}`,
  needs: "智能仓储",
  createdDate: may10,
  industry: "制造业",
  annualAmount: 100000 * i,
  notes: i === 2 ? '=HYPERLINK("http://example.invalid","点我")' : `备注${i}`,
});
const followUp = (i: number, customerId = "C202405001"): CrmRecord => ({
  customerId,
  date: may10,
  method: "电话沟通",
  topic: `回访${i}`,
});

/** A set-up workbook with a few records in every table (one follow-up for a missing customer). */
async function setUpWithData(): Promise<void> {
  await runSetup("zh", { today: TODAY });
  await appendRecords("customers", [customer(1), customer(2), customer(3)]);
  await appendRecords("interactions", [followUp(1), followUp(2, "C202405002")]);
  await appendRecords("feedback", [
    {
      customerId: "C202405001",
      date: may10,
      type: "投诉类",
      description: "交付延迟",
      status: "处理中",
      plannedDate: may10,
    },
  ]);
  await appendRecords("orders", [
    { customerId: "C202405001", date: may10, product: "仓储系统", quantity: 2, unitPrice: 500 },
  ]);
}

/** Cells a failed operation may leave changed, given its error: none unless it names them. */
type Allowed = (error: unknown, sheet: string, row: number, col: number) => boolean;

interface Scenario {
  name: string;
  build(fake: FakeExcel): Promise<void>;
  run(fake: FakeExcel): Promise<unknown>;
  /** After the run again: the operation's effect is whole. */
  verify(fake: FakeExcel): Promise<void>;
  allowed?: Allowed;
}

let current: FakeExcel | undefined;

/** Whether a cell holds a formula now (a calculated column's cell). */
function formulaCell(sheet: string, row: number, col: number): boolean {
  const f = current?.findSheet(sheet) ? current.sheet(sheet).state.formula(row, col) : "";
  return typeof f === "string" && f.startsWith("=");
}

/** A PartialWriteError names its sheet and 1-based rows: only those may differ. */
const partialRows: Allowed = (error, sheet, row) =>
  error instanceof PartialWriteError &&
  error.sheet === sheet &&
  row + 1 >= error.firstRow &&
  row + 1 <= error.lastRow;

const drafts = Array.from({ length: 8 }, (_, i) => customer(10 + i));

async function expectWhole(): Promise<void> {
  const status = await readStatus();
  expect(status.problems).toEqual([]);
  expect(setupNeeds(status)).toEqual({ setup: false, repair: false });
}

async function expectEachOnce(names: readonly string[]): Promise<void> {
  const have = (await readRecords("customers")).map((r) => String(r.name));
  for (const n of names) expect(have.filter((h) => h === n)).toHaveLength(1);
}

const SCENARIOS: Scenario[] = [
  {
    name: "setup",
    build: async (fake) => {
      fake.addSheet("Sheet1", [["我的笔记"]]);
    },
    run: () => runSetup("zh", { today: TODAY }),
    verify: expectWhole,
  },
  {
    name: "repair",
    build: async (fake) => {
      await setUpWithData();
      fake.deleteSheet(fake.findSheet("参数设置")!);
      fake.sheet("客户档案").set("B1", [["公司简称"]]);
    },
    run: () => runSetup("zh", { today: TODAY, repairFormulas: true }),
    // Repair rewrites calculated columns' formulas (ours, not the user's): formula to formula.
    allowed: (_error, sheet, row, col) => formulaCell(sheet, row, col),
    verify: async () => {
      const status = await readStatus();
      // Only the renamed column is left for the user to decide on.
      expect(status.problems?.map((p) => p.kind)).toEqual(["columnRenamed"]);
      expect(setupNeeds(status)).toEqual({ setup: false, repair: false });
    },
  },
  {
    name: "adopt",
    build: async (fake) => {
      fake.addSheet(CUSTOMER_INFO.sheet, customerInfoRows(12));
    },
    run: (fake) =>
      adoptTemplate(
        fake.newContext() as unknown as Excel.RequestContext,
        { sheet: CUSTOMER_INFO.sheet, table: "customers" },
        "zh",
        { today: TODAY },
      ),
    // An interrupted adoption says so; it may have given the header row its canonical names.
    allowed: (error, sheet, row) =>
      error instanceof AdoptError && sheet === CUSTOMER_INFO.sheet && row === 1,
    verify: async (fake) => {
      await expectWhole();
      const table = fake.table("CRM_Customers");
      expect(table.rowCount).toBe(12);
      for (const h of ["员工人数", "年营收", "年合作额", "复购率"])
        expect(table.column(h).filter((v) => v === "")).toEqual([]);
    },
  },
  {
    name: "repair of an unfinished adoption",
    build: async (fake) => {
      fake.addSheet(CUSTOMER_INFO.sheet, customerInfoRows(12));
      let writes = 0;
      // The adoption's write stops at its third cell write, the ones before staying applied.
      fake.opFailure = (kind) =>
        kind === "Range.values=" && ++writes === 3
          ? { code: "GeneralException", message: "An internal error has occurred." }
          : undefined;
      await adoptTemplate(
        fake.newContext() as unknown as Excel.RequestContext,
        { sheet: CUSTOMER_INFO.sheet, table: "customers" },
        "zh",
        { today: TODAY },
      ).catch(() => undefined);
      fake.opFailure = undefined;
    },
    run: () => runSetup("zh", { today: TODAY, repairFormulas: true }),
    allowed: (_error, sheet, row, col) => formulaCell(sheet, row, col),
    verify: async (fake) => {
      await expectWhole();
      for (const h of ["员工人数", "年营收", "年合作额", "复购率"])
        expect(
          fake
            .table("CRM_Customers")
            .column(h)
            .filter((v) => v === ""),
        ).toEqual([]);
    },
  },
  {
    name: "append (batch)",
    build: setUpWithData,
    run: () => workbook.appendRecords("customers", drafts, { batchId: "retry-me" }),
    allowed: partialRows,
    verify: () => expectEachOnce(drafts.map((d) => String(d.name))),
  },
  {
    name: "update one record",
    build: setUpWithData,
    run: () => workbook.updateRecord("customers", "C202405002", { contact: "新联系人" }),
    verify: async () => {
      const rows = await readRecords("customers");
      expect(rows[1]).toMatchObject({ contact: "新联系人", notes: customer(2).notes });
    },
  },
  {
    name: "update many records",
    build: setUpWithData,
    run: () =>
      workbook.updateRecords("customers", [
        { id: "C202405001", row: 0, patch: { contact: "甲" } },
        { id: "C202405003", row: 2, patch: { contact: "丙", phone: "13900000000" } },
      ]),
    allowed: partialRows,
    verify: async () => {
      const rows = await readRecords("customers");
      expect(rows.map((r) => r.contact)).toEqual(["甲", "联系人2", "丙"]);
    },
  },
  {
    name: "import write",
    build: setUpWithData,
    run: async () => {
      const plan = {
        table: "customers",
        inserts: drafts.slice(0, 4).map((record, i) => ({ lines: [i + 2], record })),
        updates: [{ id: "C202405002", row: 1, patch: { phone: "13700000000" } }],
      } as unknown as ImportPlan;
      const outcome = await executeImport(workbook, plan);
      if (outcome.failure) throw outcome.failure.error;
      return outcome;
    },
    allowed: partialRows,
    verify: async () => {
      await expectEachOnce(drafts.slice(0, 4).map((d) => String(d.name)));
      expect((await readRecords("customers"))[1]).toMatchObject({ phone: "13700000000" });
    },
  },
  {
    name: "check marking",
    build: async (fake) => {
      await setUpWithData();
      // A user typed an e-mail address the check flags (column L is 邮箱).
      fake.sheet("客户档案").set("L2", [["not-an-email"]]);
    },
    run: () => runDataCheck("zh", { today: TODAY }),
    verify: async () => {
      const report = await runDataCheck("zh", { today: TODAY });
      // The follow-up of a customer that does not exist, at least.
      expect(report.problems.length).toBeGreaterThan(0);
    },
  },
  {
    name: "dashboard",
    build: setUpWithData,
    run: () => refreshDashboard("zh"),
    verify: async (fake) => {
      expect(fake.sheetNames()).toContain("仪表板");
      const again = await refreshDashboard("zh");
      expect(again.missing).toEqual([]);
    },
  },
];

type Mode = "once" | "forever" | "partial";

function grids(fake: FakeExcel): Map<string, CellValue[][]> {
  return new Map(fake.sheetNames().map((s) => [s, fake.sheet(s).formulas()]));
}

/** Cells the user had before that differ now, except those the error names. */
function changedCells(
  fake: FakeExcel,
  before: Map<string, CellValue[][]>,
  error: unknown,
  allowed: Allowed | undefined,
): string[] {
  const out: string[] = [];
  for (const [sheet, grid] of before) {
    const now = fake.findSheet(sheet) ? fake.sheet(sheet).formulas() : [];
    grid.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === "" || now[r]?.[c] === v) return;
        if (allowed?.(error, sheet, r, c)) return;
        out.push(`${sheet}!R${r + 1}C${c + 1}: ${String(v)} → ${String(now[r]?.[c] ?? "")}`);
      }),
    );
  }
  return out;
}

function inject(fake: FakeExcel, mode: Mode, k: number, clean: RequestRecord[]): void {
  const at = fake.requests.length + k;
  const spec = { code: "GeneralException", message: "An internal error has occurred." };
  if (mode === "once") fake.failSync(k);
  else if (mode === "forever") fake.failWhen(() => (fake.requests.length >= at ? spec : undefined));
  else {
    const middle = Math.floor((clean[k - 1]?.ops.length ?? 0) / 2);
    fake.opFailure = (_kind, index) =>
      fake.requests.length === at && index === middle ? spec : undefined;
  }
}

let fake: FakeExcel;
afterEach(() => fake?.uninstall());

const counted: Record<string, number> = {};

describe.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", (_name, scenario) => {
  // The clean run: how many requests the operation makes, and what each carries.
  let clean: RequestRecord[] = [];
  beforeAll(async () => {
    const f = installFakeExcel();
    try {
      await scenario.build(f);
      const start = f.requests.length;
      await scenario.run(f);
      clean = f.requests.slice(start).map((r) => ({ ...r, ops: [...r.ops] }));
    } finally {
      f.uninstall();
    }
    expect(clean.length).toBeGreaterThan(0);
  });

  it.each<Mode>(["once", "forever", "partial"])(
    "fails %s at every request, keeps the user's cells, and completes when run again",
    async (mode) => {
      for (let k = 1; k <= clean.length; k++) {
        fake = installFakeExcel();
        current = fake;
        await scenario.build(fake);
        const before = grids(fake);
        inject(fake, mode, k, clean);
        let error: unknown;
        try {
          await scenario.run(fake);
        } catch (e) {
          error = e;
        }
        fake.clearFailures();
        // A request that failed made the operation fail (partial: unless nothing followed).
        if (mode !== "partial")
          expect({ k, failed: error !== undefined }).toEqual({ k, failed: true });
        expect({ k, changed: changedCells(fake, before, error, scenario.allowed) }).toEqual({
          k,
          changed: [],
        });
        await scenario.run(fake);
        await scenario.verify(fake);
        fake.uninstall();
        counted[scenario.name] = (counted[scenario.name] ?? 0) + 1;
      }
    },
  );
});

afterAll(() => {
  const total = Object.values(counted).reduce((a, b) => a + b, 0);
  // Reported for the issue note: cases per operation (request indexes × three modes).
  console.log(`failure-injection cases: ${total} ${JSON.stringify(counted)}`);
});

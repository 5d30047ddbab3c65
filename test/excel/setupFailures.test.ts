/**
 * A set-up that completes: Excel applies the operations of a failed batch that came before the
 * failing one (OfficeExtension.Error, traceMessages), so a set-up can stop after any of its
 * operations. Failed at every sync and at every operation of its write, the next run must end in
 * exactly the layout a clean run makes, with every cell of user data where it was.
 */
import { FakeExcel, type CellValue } from "../fakes/excel";
import { setupWorkbook, workbookStatus } from "../../src/excel/setup";
import { SETUP_PENDING_PROPERTY } from "../../src/domain/layout";
import { setupNeeds } from "../../src/domain/workbookStatus";
import { a1 } from "../../src/domain/a1";

const TODAY = 45500;
const ctxOf = (fake: FakeExcel) => fake.newContext() as unknown as Excel.RequestContext;

/** The whole layout as comparable data: what a user and the add-in rely on. */
function layout(fake: FakeExcel): unknown {
  const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
  return {
    sheets: fake.sheets.map((s) => ({
      name: s.name,
      freeze: s.freezeRows,
      widths: [...s.columnWidths].sort((a, b) => a[0] - b[0]),
      validations: sorted(
        s.validations.map((v) => ({ at: a1(v.rect), rule: v.rule, alert: v.errorAlert })),
      ),
      conditionalFormats: sorted(s.conditionalFormats.map((f) => ({ at: a1(f.rect), ...f }))),
    })),
    tables: fake.tables.map((t) => {
      const first = t.rect.r0 + 1;
      const cells = Array.from({ length: t.rect.c1 - t.rect.c0 + 1 }, (_, i) =>
        t.sheet.cell(first, t.rect.c0 + i),
      );
      return {
        name: t.name,
        sheet: t.sheet.name,
        rect: a1(t.rect),
        headers: t.columnNames(),
        formulas: cells.map((c) => c.formula ?? null),
        numberFormats: cells.map((c) => c.numberFormat),
        fills: cells.map((_, i) => t.sheet.fillAt(first, t.rect.c0 + i)),
      };
    }),
    names: fake.names.map((n) => n.name).sort(),
    properties: sorted([...fake.customProperties.values()]),
  };
}

/** The values of every cell of a sheet (the user's data, formula results aside). */
function values(fake: FakeExcel, sheet: string): CellValue[][] {
  return fake.sheet(sheet).formulas();
}

describe("set-up failed at any point completes on the next run", () => {
  function fresh(): FakeExcel {
    const fake = new FakeExcel();
    fake.addSheet("我的数据", [
      ["自己的表", "备注"],
      ["保留", "=1+1"],
    ]);
    return fake;
  }
  const clean = fresh();
  let writeOps = 0;
  beforeAll(async () => {
    clean.resetCounters();
    await setupWorkbook(ctxOf(clean), "zh", { today: TODAY });
    writeOps = clean.requests.at(-1)!.ops.length;
    expect(clean.syncCount).toBe(3);
  });

  it("a clean run leaves the set-up complete", () => {
    expect(clean.customProperties.get(SETUP_PENDING_PROPERTY)?.value).toBe(0);
    expect(writeOps).toBeGreaterThan(50);
  });

  it.each([1, 2, 3])("a failure of sync %i, nothing applied", async (n) => {
    const fake = fresh();
    fake.failSync(n);
    await expect(setupWorkbook(ctxOf(fake), "zh", { today: TODAY })).rejects.toBeDefined();
    await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
    expect(layout(fake)).toEqual(layout(clean));
  });

  it("a failure at every operation of the write: the rerun ends in the full layout", async () => {
    const stopped: string[] = [];
    for (let k = 0; k < writeOps; k++) {
      const fake = fresh();
      fake.failSync(3, "GeneralException", `at ${k}`, k);
      await expect(setupWorkbook(ctxOf(fake), "zh", { today: TODAY })).rejects.toBeDefined();
      stopped.push(fake.requests.at(-1)!.ops[k]!);
      // What the pane shows in between: the set-up is offered again until it is complete.
      const status = await workbookStatus(ctxOf(fake));
      const needs = setupNeeds(status);
      expect(needs.setup || needs.repair).toBe(true);
      await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
      expect({ k, layout: layout(fake) }).toEqual({ k, layout: layout(clean) });
      expect(values(fake, "我的数据")).toEqual(values(clean, "我的数据"));
      // Complete now: a third run only reads.
      fake.resetCounters();
      await setupWorkbook(ctxOf(fake), "zh", { today: TODAY });
      expect({ k, syncs: fake.syncCount }).toEqual({ k, syncs: 2 });
    }
    // Every kind of step was hit at least once.
    for (const kind of [
      "FakeTable.create",
      "Table.name=",
      "FakeNamedItem.create",
      "Range.numberFormat=",
      "Range.formulas=",
      "dataValidation.clear",
      "dataValidation.rule=",
      "conditionalFormats.add",
      "conditionalFormat.custom.rule.formula=",
      "freezePanes.freezeRows",
      "format.columnWidth=",
    ])
      expect(stopped).toContain(kind);
  }, 120000);
});

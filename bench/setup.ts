/**
 * Excel round trips of setup, upgrade and adoption, measured against the fake object model:
 * `context.sync()` count and the largest request and response (UTF-8 JSON bytes) for setup on an
 * empty workbook, a second setup (no-op), upgrading a 10,000-row table of an older layout, and
 * adopting the customer template with 10,000 and 100,000 rows. Counts and bytes are the figures;
 * elapsed time is the fake's, for information only.
 * Run alone with `npx tsx bench/setup.ts`; bench/run.ts calls benchSetup().
 */
import { adoptTemplate, setupWorkbook } from "../src/excel/setup";
import { FakeExcel } from "../test/fakes/excel";
import { CUSTOMER_INFO, customerInfoRows } from "../test/fixtures/templates";
import { measureRoundTrips, type RoundTripFigure } from "./roundTrips";

const TODAY = 45500;
const ctxOf = (fake: FakeExcel) => fake.newContext() as unknown as Excel.RequestContext;

export async function benchSetup(): Promise<RoundTripFigure[]> {
  const out: RoundTripFigure[] = [];

  const empty = new FakeExcel();
  empty.addSheet("Sheet1");
  out.push(
    await measureRoundTrips(empty, "setup, empty workbook", 0, () =>
      setupWorkbook(ctxOf(empty), "zh", { today: TODAY }),
    ),
  );
  out.push(
    await measureRoundTrips(empty, "setup again (no-op)", 0, () =>
      setupWorkbook(ctxOf(empty), "zh", { today: TODAY }),
    ),
  );

  const old = new FakeExcel();
  const n = 10_000;
  const rows = Array.from({ length: n }, (_, i) => [`C${i}`, `客户${i}`, `联系人${i}`, 10_000 * i]);
  old.addSheet("客户档案", [["客户编号", "客户名称", "对接人", "年合作额"], ...rows]);
  old.addTable("客户档案", `A1:D${n + 1}`, "CRM_Customers");
  out.push(
    await measureRoundTrips(old, "upgrade an older layout", n, () =>
      setupWorkbook(ctxOf(old), "zh", { today: TODAY }),
    ),
  );

  // A set-up whose write failed at the first operation of each step: the rerun that completes it.
  const steps = [
    "FakeTable.create",
    "Range.numberFormat=",
    "Range.formulas=",
    "dataValidation.rule=",
    "conditionalFormats.add",
    "format.columnWidth=",
  ];
  const probe = new FakeExcel();
  probe.addSheet("Sheet1");
  await setupWorkbook(ctxOf(probe), "zh", { today: TODAY });
  const writeOps = probe.requests.at(-1)?.ops ?? [];
  for (const step of steps) {
    const failed = new FakeExcel();
    failed.addSheet("Sheet1");
    failed.failSync(3, "GeneralException", "injected", writeOps.indexOf(step));
    await setupWorkbook(ctxOf(failed), "zh", { today: TODAY }).catch(() => undefined);
    out.push(
      await measureRoundTrips(failed, `repair after a failure at ${step}`, 0, () =>
        setupWorkbook(ctxOf(failed), "zh", { today: TODAY }),
      ),
    );
  }

  for (const size of [10_000, 100_000]) {
    const fake = new FakeExcel();
    fake.addSheet(CUSTOMER_INFO.sheet, customerInfoRows(size)).merge("A1:U1");
    out.push(
      await measureRoundTrips(fake, "adopt the customer template", size, () =>
        adoptTemplate(ctxOf(fake), { sheet: CUSTOMER_INFO.sheet, table: "customers" }, "zh", {
          today: TODAY,
        }),
      ),
    );
  }
  return out;
}

if (process.argv[1]?.replace(/\\/g, "/").endsWith("bench/setup.ts")) {
  benchSetup().then(
    (figures) => console.table(figures),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

/**
 * Progress of the data check on a workbook large enough for several read requests: reported
 * from what the round trips return anyway, never with a round trip of its own.
 */
import { runDataCheck } from "../../src/excel/check";
import type { CheckProgress, CrmRecord } from "../../src/domain/port";
import { FakeExcel, installFakeExcel } from "../fakes/excel";
import { TODAY } from "../fixtures/check/planted";
import { seedCrm } from "./crmFake";

const CUSTOMERS = 6_000;
const INTERACTIONS = 3_000;
/** Free text that differs per row, so the rows weigh what real notes weigh (~300 bytes). */
const note = (i: number) => `第${i}次沟通：客户关注交付周期、售后响应和付款条件，`.repeat(6);

function customers(): CrmRecord[] {
  return Array.from({ length: CUSTOMERS }, (_, i) => ({
    customerId: `C2024${String(i).padStart(5, "0")}`,
    name: `客户${i}有限公司`,
    needDetail: note(i),
    decisionChain: note(i + 1),
  }));
}

function interactions(): CrmRecord[] {
  return Array.from({ length: INTERACTIONS }, (_, i) => ({
    recordId: `R2024${String(i).padStart(5, "0")}`,
    customerId: `C2024${String(i % CUSTOMERS).padStart(5, "0")}`,
    summary: note(i),
  }));
}

describe("runDataCheck progress", () => {
  let fake: FakeExcel;
  const seed = () => {
    fake = installFakeExcel();
    seedCrm(fake, { customers: customers(), interactions: interactions() }, { asOf: TODAY });
  };
  beforeEach(seed);
  afterEach(() => fake.uninstall());

  it("reports rows read after each read request, up to the total, without a round trip", async () => {
    // A check without progress on a fresh copy (a second check would also read its marks).
    const quiet = await runDataCheck("zh");
    fake.uninstall();
    seed();

    const reports: CheckProgress[] = [];
    const syncsAtReport: number[] = [];
    const report = await runDataCheck("zh", {
      onProgress: (p) => {
        reports.push({ ...p, reading: [...p.reading] });
        syncsAtReport.push(fake.syncCount);
      },
    });

    // The same round trips as a check without progress, and the same findings.
    expect(report.syncs).toBe(quiet.syncs);
    expect(fake.syncCount).toBe(quiet.syncs);
    expect(report.problems).toEqual(quiet.problems);

    // The total is known before the first row is read: right after the sizes' round trip (2).
    const total = CUSTOMERS + INTERACTIONS;
    expect(reports[0]).toEqual({ done: 0, total, reading: ["customers", "interactions"] });
    expect(syncsAtReport[0]).toBe(2);
    // Then one report per data request (3, 4, …): several of them on this workbook.
    const reads = syncsAtReport.length - 1;
    expect(reads).toBeGreaterThanOrEqual(3);
    expect(syncsAtReport.slice(1)).toEqual(Array.from({ length: reads }, (_, i) => 3 + i));
    for (const [i, p] of reports.entries()) {
      expect(p.total).toBe(total);
      if (i > 0) expect(p.done).toBeGreaterThan(reports[i - 1]!.done);
    }
    const last = reports[reports.length - 1]!;
    expect(last).toEqual({ done: total, total, reading: [] });
    // The smaller table is read out first; the last requests read customers alone.
    expect(reports[reports.length - 2]?.reading).toEqual(["customers"]);
  });

  it("reports an empty total when the workbook has no CRM tables", async () => {
    fake.uninstall();
    fake = installFakeExcel();
    const reports: CheckProgress[] = [];
    await runDataCheck("zh", { onProgress: (p) => reports.push(p) });
    expect(reports).toEqual([{ done: 0, total: 0, reading: [] }]);
  });
});

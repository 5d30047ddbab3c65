/** The data check against the Excel fake: problems located, cells marked in one batch. */
import { MARK_COLOR, runDataCheck } from "../../src/excel/check";
import { FakeExcel, installFakeExcel } from "../fakes/excel";
import { PLANTED, TODAY } from "../fixtures/check/planted";
import { seedCrm } from "./crmFake";

describe("runDataCheck", () => {
  let fake: FakeExcel;
  beforeEach(() => {
    fake = installFakeExcel();
    seedCrm(fake, PLANTED, { asOf: TODAY });
  });
  afterEach(() => fake.uninstall());

  it("finds every planted problem with its cell address", async () => {
    const report = await runDataCheck("zh");
    expect(report.problems).toHaveLength(20);
    const unknown = report.problems.find(
      (p) => p.table === "interactions" && p.column === "customerId",
    );
    expect(unknown).toMatchObject({ row: 1, value: "C999", address: "'维护记录'!B3" });
    const future = report.problems.find((p) => p.table === "interactions" && p.row === 2);
    // The as-of date comes from the workbook's CRM_AsOf.
    expect(future).toMatchObject({ column: "date", value: "2099-01-01" });
  });

  it("reads in a few round trips and marks every problem cell in one more", async () => {
    const report = await runDataCheck("zh");
    // 1: what exists; 2: headers, sizes, lists, as-of; 3: the data; 4: clear + mark.
    expect(report.syncs).toBe(4);
    expect(fake.syncCount).toBe(4);
    const fills = ["客户档案", "维护记录", "客户反馈", "交易记录"].flatMap((s) =>
      fake.sheet(s).state.formats.filter((f) => f.prop === "fill.color" && f.value === MARK_COLOR),
    );
    expect(fills.length).toBe(report.marked);
    // Customer data row 3 (sheet row 5) has a bad phone in column K; row 0 is clean.
    expect(fake.sheet("客户档案").formatAt("K5", "fill.color")).toBe(MARK_COLOR);
    expect(fake.sheet("客户档案").formatAt("B2", "fill.color")).toBeUndefined();
  });

  it("clears the previous marks of input columns only, in the same batch", async () => {
    await runDataCheck("zh");
    fake.resetCounters();
    await runDataCheck("zh");
    const ops = fake.requests[fake.requests.length - 1]?.ops ?? [];
    expect(ops.filter((k) => k === "format.fill.clear()").length).toBeGreaterThan(0);
    expect(ops).toContain("format.fill.color=");
  });

  it("changes nothing when a read fails", async () => {
    fake.failSync(3);
    await expect(runDataCheck("zh")).rejects.toThrow();
    const fills = fake.sheet("客户档案").state.formats.filter((f) => f.prop === "fill.color");
    expect(fills).toEqual([]);
  });
});

/** The data check against the Excel fake: problems located, cells marked in one batch. */
import { MARKS_PROPERTY, MARK_COLOR, runDataCheck } from "../../src/excel/check";
import { decodeMarks, encodeMarks } from "../../src/domain/checkMarks";
import { FakeExcel, installFakeExcel, parseAddress } from "../fakes/excel";
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

  it("clears its previous marks and marks anew in the same batch", async () => {
    await runDataCheck("zh");
    fake.resetCounters();
    await runDataCheck("zh");
    const ops = fake.requests[fake.requests.length - 1]?.ops ?? [];
    expect(ops.filter((k) => k === "format.fill.clear()").length).toBeGreaterThan(0);
    expect(ops).toContain("format.fill.color=");
  });

  const USER_FILL = "#00B050";
  const fillAt = (sheet: string, address: string) => {
    const { rect } = parseAddress(address);
    return fake.sheet(sheet).state.fillAt(rect.r0, rect.c0);
  };
  const paint = (sheet: string, address: string, color: string) =>
    fake.sheet(sheet).state.formats.push({
      rect: parseAddress(address).rect,
      prop: "fill.color",
      value: color,
    });

  it("keeps the user's own fills and clears only its own marks, in one batch", async () => {
    // The user's fill on a clean input cell (customer name, row 0) and on a problem cell.
    paint("客户档案", "B2", USER_FILL);
    await runDataCheck("zh");
    expect(fillAt("客户档案", "K5")).toBe(MARK_COLOR);
    expect(fillAt("客户档案", "B2")).toBe(USER_FILL);
    // The user fixes the phone in K5; the next check drops its mark and keeps the user's fill.
    fake.sheet("客户档案").set("K5", [["13800138000"]]);
    fake.resetCounters();
    const second = await runDataCheck("zh");
    // 3 reads, 1 to read the fill of the previous marks, 1 batch: clear, mark, remember.
    expect(second.syncs).toBe(5);
    expect(fake.syncCount).toBe(5);
    expect(fillAt("客户档案", "K5")).toBe("#FFFFFF");
    expect(fillAt("客户档案", "B2")).toBe(USER_FILL);
    expect(second.problems.some((p) => p.address === "'客户档案'!K5")).toBe(false);
    const last = fake.requests[fake.requests.length - 1]?.ops ?? [];
    expect(last).toContain("format.fill.clear()");
    expect(last).toContain("format.fill.color=");
    // Every remaining problem is still marked; the clears touched only the cells once marked.
    const third = await runDataCheck("zh");
    expect(fillAt("客户档案", "B2")).toBe(USER_FILL);
    for (const p of third.problems.filter((q) => q.address?.startsWith("'客户档案'!")))
      expect(fillAt("客户档案", p.address!.split("!")[1]!)).toBe(MARK_COLOR);
  });

  it("leaves a marked cell alone once the user gave it a colour of their own", async () => {
    await runDataCheck("zh");
    paint("客户档案", "K5", USER_FILL);
    fake.sheet("客户档案").set("K5", [["13800138000"]]);
    await runDataCheck("zh");
    expect(fillAt("客户档案", "K5")).toBe(USER_FILL);
  });

  it("remembers the marks in custom properties cut to 255 characters", async () => {
    const report = await runDataCheck("zh");
    const props = fake.customProperties;
    const count = Number(props.get(MARKS_PROPERTY)?.value);
    expect(count).toBeGreaterThan(0);
    const parts = Array.from({ length: count }, (_, i) =>
      String(props.get(`${MARKS_PROPERTY}.${i + 1}`)?.value),
    );
    expect(decodeMarks(parts)).toHaveLength(report.marked);

    const many = Array.from({ length: 300 }, (_, i) => ({
      sheet: "客户档案",
      address: `K${i + 2}`,
    }));
    const encoded = encodeMarks(many);
    expect(encoded.length).toBeGreaterThan(1);
    expect(encoded.every((p) => p.length <= 255)).toBe(true);
    expect(decodeMarks(encoded)).toEqual(many);
    expect(decodeMarks([encoded[0], undefined])).toEqual([]);
    expect(decodeMarks(["not json"])).toEqual([]);
  });

  it("changes nothing when a read fails", async () => {
    fake.failSync(3);
    await expect(runDataCheck("zh")).rejects.toThrow();
    const fills = fake.sheet("客户档案").state.formats.filter((f) => f.prop === "fill.color");
    expect(fills).toEqual([]);
  });
});

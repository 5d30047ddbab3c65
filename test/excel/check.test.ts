/** The data check against the Excel fake: problems located, cells marked in one batch. */
import {
  MARKS_PROPERTY,
  MARK_COLOR,
  WARNING_MARK_COLOR,
  runDataCheck,
} from "../../src/excel/check";
import { decodeMarks } from "../../src/domain/checkMarks";
import { TABLES } from "../../src/domain/schema";
import { FakeExcel, colLetters, installFakeExcel, parseAddress } from "../fakes/excel";
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
      fake.sheet(s).state.formats.filter((f) => f.prop === "fill.color"),
    );
    expect(fills.length).toBe(report.marked);
    // Customer data row 3 (sheet row 5) has a doubtful phone in column K: a warning, the
    // yellow of Excel's "Neutral" style; a follow-up of an unknown customer is an error, red.
    expect(fake.sheet("客户档案").formatAt("K5", "fill.color")).toBe(WARNING_MARK_COLOR);
    expect(fake.sheet("维护记录").formatAt("B3", "fill.color")).toBe(MARK_COLOR);
    expect(fake.sheet("客户档案").formatAt("B2", "fill.color")).toBeUndefined();
    const colours = new Set(fills.map((f) => f.value));
    expect(colours).toEqual(new Set([MARK_COLOR, WARNING_MARK_COLOR]));
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
    expect(fillAt("客户档案", "K5")).toBe(WARNING_MARK_COLOR);
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
      expect([MARK_COLOR, WARNING_MARK_COLOR]).toContain(
        fillAt("客户档案", p.address!.split("!")[1]!),
      );
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
    expect(parts.every((p) => p.length <= 255)).toBe(true);
    // One remembered cell per problem cell, each with its row's ID and column key.
    const remembered = decodeMarks(parts);
    const cells = new Set(report.problems.map((p) => p.address).filter(Boolean));
    expect(remembered.ranges).toEqual([]);
    expect(remembered.cells).toHaveLength(cells.size);
    expect(remembered.cells).toContainEqual({
      sheet: "客户档案",
      letter: "K",
      row: 5,
      table: "customers",
      column: "phone",
      id: "C202401004",
      shared: false,
    });
  });

  /**
   * Sorts a table's data rows as Excel does: values and cell fills move together with the rows.
   * `order[i]` is the data row (0-based, before the sort) that ends up at position i.
   */
  const sortRows = (sheet: string, columns: number, order: readonly number[]) => {
    const state = fake.sheet(sheet).state;
    const before = order.map((_, i) => {
      const r = i + 1; // below the header row
      const row = state.cells.get(r);
      return Array.from({ length: columns }, (_, c) => ({
        v: row?.v[c],
        f: row?.f[c],
        nf: row?.nf[c],
        fill: state.fillAt(r, c),
      }));
    });
    order.forEach((from, i) => {
      const r = i + 1;
      const row = state.cells.get(r) ?? { v: [], f: [], nf: [] };
      state.cells.set(r, row);
      before[from]!.forEach((cell, c) => {
        row.v[c] = cell.v;
        row.f[c] = cell.f;
        row.nf[c] = cell.nf;
        const rect = { r0: r, c0: c, r1: r, c1: c };
        state.formats.push(
          cell.fill === "#FFFFFF"
            ? { rect, prop: "fill.clear()", value: [] }
            : { rect, prop: "fill.color", value: cell.fill },
        );
      });
    });
  };
  const customerColumn = (key: string) =>
    colLetters(TABLES.customers.columns.findIndex((c) => c.key === key));

  it("finds its marks where a sort moved them, and leaves the user's red at the old address", async () => {
    const first = await runDataCheck("zh");
    const phone = customerColumn("phone");
    const email = customerColumn("email");
    const contact = customerColumn("contact");
    // Data row 3 (C202401004, sheet row 5) has a bad phone and email; row 1 has no contact.
    expect(first.problems.map((p) => p.address)).toEqual(
      expect.arrayContaining([
        `'客户档案'!${phone}5`,
        `'客户档案'!${email}5`,
        `'客户档案'!${contact}3`,
      ]),
    );
    expect(fillAt("客户档案", `${phone}5`)).toBe(WARNING_MARK_COLOR);

    // The user sorts by customer ID, descending (blank IDs last, equal IDs in their old order):
    // C202401004 moves from sheet row 5 to row 2, C202401002 from row 3 to row 4, and the clean
    // C202401001 from row 2 to row 5.
    sortRows("客户档案", TABLES.customers.columns.length, [3, 2, 1, 0, 4, 5, 6]);
    expect(fillAt("客户档案", `${phone}2`)).toBe(WARNING_MARK_COLOR);
    expect(fillAt("客户档案", `${phone}5`)).toBe("#FFFFFF");
    // The user colours two cells at old mark addresses now holding clean cells: one exactly
    // the mark colour, one a near red.
    paint("客户档案", `${phone}5`, MARK_COLOR);
    paint("客户档案", `${contact}3`, "#FFC7CF");
    // …and fixes the phone of C202401004 where it now is.
    fake.sheet("客户档案").set(`${phone}2`, [["'13800138000"]]);

    fake.resetCounters();
    const second = await runDataCheck("zh");
    // As many round trips as without a sort: 3 reads, the fills of the marks, 1 batch.
    expect(second.syncs).toBe(5);
    expect(fake.syncCount).toBe(5);

    // The fixed phone lost its mark at its new address; the bad email next to it keeps one.
    expect(second.problems.some((p) => p.address === `'客户档案'!${phone}2`)).toBe(false);
    expect(fillAt("客户档案", `${phone}2`)).toBe("#FFFFFF");
    expect(fillAt("客户档案", `${email}2`)).toBe(WARNING_MARK_COLOR);
    // The user's fills at the old addresses survive.
    expect(fillAt("客户档案", `${phone}5`)).toBe(MARK_COLOR);
    expect(fillAt("客户档案", `${contact}3`)).toBe("#FFC7CF");
    // Every problem cell is marked where it is now, and no stale mark is left: the only
    // mark-coloured cell that is not a problem is the user's.
    const problemCells = new Set(
      second.problems
        .filter((p) => p.address?.startsWith("'客户档案'!"))
        .map((p) => p.address!.split("!")[1]!),
    );
    expect(problemCells).toContain(`${contact}4`);
    const marked: string[] = [];
    for (let r = 2; r <= 8; r++)
      for (let c = 0; c < TABLES.customers.columns.length; c++) {
        const address = `${colLetters(c)}${r}`;
        const fill = fillAt("客户档案", address);
        if (fill === MARK_COLOR || fill === WARNING_MARK_COLOR) marked.push(address);
      }
    expect(marked.sort()).toEqual([...problemCells, `${phone}5`].sort());
  });

  it("clears marks remembered by the previous version (addresses only)", async () => {
    // What a workbook checked before marks carried their rows' IDs holds.
    paint("客户档案", "K5", MARK_COLOR);
    paint("客户档案", "B3:B4", MARK_COLOR);
    fake.setCustomProperty(MARKS_PROPERTY, 1);
    fake.setCustomProperty(`${MARKS_PROPERTY}.1`, JSON.stringify({ 客户档案: "K5,B3:B4" }));
    fake.sheet("客户档案").set("K5", [["'13800138000"]]);
    const report = await runDataCheck("zh");
    expect(report.problems.some((p) => p.address === "'客户档案'!K5")).toBe(false);
    expect(fillAt("客户档案", "K5")).toBe("#FFFFFF");
    expect(fillAt("客户档案", "B3")).toBe("#FFFFFF");
    // The new marks are remembered in the new format.
    const parts = [String(fake.customProperties.get(`${MARKS_PROPERTY}.1`)?.value)];
    expect(parts[0]?.startsWith("[")).toBe(true);
  });

  it("changes nothing when a read fails", async () => {
    fake.failSync(3);
    await expect(runDataCheck("zh")).rejects.toThrow();
    const fills = fake.sheet("客户档案").state.formats.filter((f) => f.prop === "fill.color");
    expect(fills).toEqual([]);
  });
});

/** The data check's remembered marks: cells with their rows' IDs, the property encoding, and where they are now. */
import {
  decodeMarks,
  encodeMarks,
  markCells,
  planMarks,
  rangesOf,
  resolveMarks,
  withAddresses,
  type MarkCell,
  type RememberedMarks,
  type TableRows,
} from "../../src/domain/checkMarks";
import type { CheckProblem, CrmRecord } from "../../src/domain/port";
import type { TableKey } from "../../src/domain/schema";

/** A customers table at A1 (header row 1, data from row 2) with columns customerId, name, phone. */
function customers(ids: readonly (string | number | null)[], sheet = "客户档案"): TableRows {
  return {
    sheet,
    keys: ["customerId", "name", "phone"],
    rowIndex: 1,
    columnIndex: 0,
    records: ids.map((customerId): CrmRecord => ({ customerId, name: "甲", phone: "1" })),
  };
}
const tables = (snap: TableRows) => new Map<TableKey, TableRows>([["customers", snap]]);
const problem = (row: number, column: string): CheckProblem => ({
  table: "customers",
  row,
  column,
  value: "",
  reason: { zh: "错", en: "wrong" },
});
const cell = (over: Partial<MarkCell>): MarkCell => ({
  sheet: "客户档案",
  letter: "C",
  row: 2,
  table: "customers",
  column: "phone",
  id: "C1",
  shared: false,
  ...over,
});
const SHEETS = new Set(["客户档案", "维护记录"]);

describe("markCells", () => {
  it("gives every problem cell its row's trimmed ID and whether another row shares it", () => {
    const snap = customers([" C1 ", "C2", "C2", "", null, 1001]);
    const cells = markCells(
      [
        problem(2, "phone"),
        problem(0, "phone"),
        problem(2, "phone"),
        problem(1, "customerId"),
        problem(3, "name"),
        problem(5, "phone"),
        problem(0, "unknownColumn"),
      ],
      tables(snap),
    );
    expect(cells.map((c) => [`${c.letter}${c.row}`, c.column, c.id, c.shared])).toEqual([
      ["C2", "phone", "C1", false],
      ["C4", "phone", "C2", true],
      ["C7", "phone", "1001", false],
      ["A3", "customerId", "C2", true],
      ["B5", "name", "", false],
    ]);
    expect(cells.every((c) => c.sheet === "客户档案" && c.table === "customers")).toBe(true);
  });

  it("skips problems of tables it has no rows for", () => {
    expect(markCells([problem(0, "phone")], new Map())).toEqual([]);
  });

  it("marks a cell as a warning only when every problem at it is a warning", () => {
    const warn = (row: number): CheckProblem => ({ ...problem(row, "phone"), severity: "warning" });
    const snap = customers(["C1", "C2", "C3", "C4"]);
    // Rows 0–1 warnings only, row 2 a warning and an error, row 3 an error.
    const cells = markCells(
      [warn(0), warn(1), warn(2), problem(2, "phone"), problem(3, "phone")],
      tables(snap),
    );
    expect(cells.map((c) => [`${c.letter}${c.row}`, c.warning ?? false])).toEqual([
      ["C2", true],
      ["C3", true],
      ["C4", false],
      ["C5", false],
    ]);
    // Consecutive cells join only with cells of their own kind: the fills differ.
    expect(rangesOf(cells)).toEqual([
      { sheet: "客户档案", address: "C2:C3", warning: true },
      { sheet: "客户档案", address: "C4:C5" },
    ]);
  });
});

describe("rangesOf and planMarks", () => {
  it.each([
    ["single cell", [2], ["C2"]],
    ["a run", [2, 3, 4], ["C2:C4"]],
    ["runs, unsorted, repeated", [9, 3, 2, 3, 5, 4], ["C2:C5", "C9"]],
  ])("%s", (_name, rows, addresses) => {
    expect(rangesOf(rows.map((row) => cell({ row }))).map((r) => r.address)).toEqual(addresses);
  });

  it("keeps columns apart and in first-seen order", () => {
    const ranges = rangesOf([
      cell({ letter: "K", row: 3 }),
      cell({ letter: "B", row: 2 }),
      cell({ letter: "K", row: 2 }),
      cell({ sheet: "维护记录", letter: "K", row: 4 }),
    ]);
    expect(ranges).toEqual([
      { sheet: "客户档案", address: "K2:K3" },
      { sheet: "客户档案", address: "B2" },
      { sheet: "维护记录", address: "K4" },
    ]);
  });

  const cells = [2, 3, 5, 7, 8].map((row) => cell({ row, id: `C${row}` }));

  it("caps the ranges and remembers only the cells they cover", () => {
    expect(planMarks(cells, 3, 1_000)).toEqual({
      ranges: rangesOf(cells),
      remembered: { cells, ranges: [] },
    });
    const capped = planMarks(cells, 2, 1_000);
    expect(capped.ranges.map((r) => r.address)).toEqual(["C2:C3", "C5"]);
    expect(capped.remembered).toEqual({ cells: cells.slice(0, 3), ranges: [] });
  });

  it("remembers ranges past the size budget by address alone", () => {
    // A cell costs `2,"C2",` = 8 characters: the budget holds the first range's two cells.
    const planned = planMarks(cells, 10, 20);
    expect(planned.ranges.map((r) => r.address)).toEqual(["C2:C3", "C5", "C7:C8"]);
    expect(planned.remembered).toEqual({
      cells: cells.slice(0, 2),
      ranges: [
        { sheet: "客户档案", address: "C5" },
        { sheet: "客户档案", address: "C7:C8" },
      ],
    });
    // The budget never undercounts what the encoding costs (heads aside): 14 ≤ 16.
    const encoded = encodeMarks({ cells: cells.slice(0, 2), ranges: [] }).join("");
    const heads = JSON.stringify([["客户档案", "customers", ["C", "phone"]]]).length;
    expect(encoded.length - heads).toBeLessThanOrEqual(16);
    expect(decodeMarks(encodeMarks(planned.remembered))).toEqual(planned.remembered);
  });
});

describe("encodeMarks / decodeMarks", () => {
  it("round-trips cells, IDs with any characters, shared and blank IDs", () => {
    const cells = [
      cell({ row: 2, id: "C1" }),
      cell({ row: 3, id: 'a,b:"c"\\d', shared: true }),
      cell({ row: 4, id: "" }),
      cell({ letter: "A", column: "customerId", row: 3, id: "客户 7" }),
      cell({ sheet: "维护记录", table: "interactions", letter: "AB", column: "date", row: 9 }),
    ];
    const parts = encodeMarks({ ranges: [], cells });
    expect(parts).toHaveLength(1);
    expect(decodeMarks(parts)).toEqual({ ranges: [], cells });
  });

  it("stays compact: a cell costs its row number and its ID", () => {
    const cells = Array.from({ length: 300 }, (_, i) =>
      cell({ letter: "K", row: i + 2, id: `C2024${String(i).padStart(5, "0")}` }),
    );
    const parts = encodeMarks({ ranges: [], cells });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 255)).toBe(true);
    // `123,"C202400121",` is 17 characters; the table and column head is paid once.
    expect(parts.join("").length).toBeLessThan(300 * 18 + 60);
    expect(decodeMarks(parts)).toEqual({ ranges: [], cells });
  });

  it("reads the previous version's address-only format", () => {
    expect(decodeMarks(['{"客户档案":"K5,B3:B9","维护记录":"C2"}'])).toEqual({
      ranges: [
        { sheet: "客户档案", address: "K5" },
        { sheet: "客户档案", address: "B3:B9" },
        { sheet: "维护记录", address: "C2" },
      ],
      cells: [],
    });
    // Cut into parts like any other value.
    expect(decodeMarks(['{"客户档案":"K', '5"}']).ranges).toEqual([
      { sheet: "客户档案", address: "K5" },
    ]);
  });

  it.each<[string, (string | undefined)[]]>([
    ["no parts", []],
    ["a missing part", ['[["客户档案"', undefined]],
    ["not JSON", ["not json"]],
    ["a bare number", ["5"]],
    ["null", ["null"]],
  ])("remembers nothing from %s", (_name, parts) => {
    expect(decodeMarks(parts)).toEqual({ ranges: [], cells: [] });
  });

  it("skips malformed pieces and keeps the rest", () => {
    const json = JSON.stringify([
      ["客户档案", "nosuchtable", ["C", "phone", 2, "C1"]],
      ["客户档案", "customers", ["c3", "phone", 2, "C1"], ["C", 7, 2, "C1"], "junk"],
      ["客户档案", "customers", ["C", "phone", 0, "x", 2.5, "y", 3, 4, 5, "ok", 6]],
      "junk",
    ]);
    expect(decodeMarks([json]).cells).toEqual([cell({ row: 5, id: "ok" })]);
  });
});

describe("resolveMarks", () => {
  const remembered = (...cells: MarkCell[]): RememberedMarks => ({ ranges: [], cells });
  const addresses = (marks: RememberedMarks, snap: TableRows, sheets = SHEETS) =>
    resolveMarks(marks, tables(snap), sheets).map((r) => `${r.sheet}!${r.address}`);

  it.each<[string, MarkCell[], (string | number | null)[], string[]]>([
    ["a row in place", [cell({ row: 2, id: "C1" })], ["C1", "C2"], ["客户档案!C2"]],
    ["a row moved by a sort", [cell({ row: 2, id: "C1" })], ["C2", "C3", "C1"], ["客户档案!C4"]],
    [
      "moved rows that now sit side by side, merged",
      [cell({ row: 2, id: "C1" }), cell({ row: 5, id: "C4" })],
      ["C2", "C1", "C4", "C3"],
      ["客户档案!C3:C4"],
    ],
    ["an ID edited away (the fix)", [cell({ row: 3, id: "X" })], ["C1", "C2"], ["客户档案!C3"]],
    ["a row without an ID", [cell({ row: 3, id: "" })], ["C1", "", "C3"], ["客户档案!C3"]],
    [
      "an ID matched after trimming and as a number",
      [cell({ row: 2, id: "C1" }), cell({ row: 3, id: "1001" })],
      [1001, " C1"],
      ["客户档案!C2:C3"],
    ],
    [
      "an ID shared when marked: every row with it, and the old row",
      [cell({ row: 3, id: "C1", shared: true })],
      ["C1", "C2", "C3", "C1"],
      ["客户档案!C2", "客户档案!C5", "客户档案!C3"],
    ],
    [
      "an ID shared when marked, unique now: that row and the old row",
      [cell({ row: 3, id: "C1", shared: true })],
      ["C2", "C1", "C3"],
      ["客户档案!C3"],
    ],
    [
      "an ID unique when marked, shared now",
      [cell({ row: 2, id: "C1" })],
      ["C2", "C1", "C1"],
      ["客户档案!C3", "客户档案!C4", "客户档案!C2"],
    ],
  ])("%s", (_name, marks, ids, expected) => {
    expect(addresses(remembered(...marks), customers(ids))).toEqual(expected);
  });

  it("follows a column to its current letter by key, and a renamed sheet", () => {
    const snap: TableRows = {
      ...customers(["C1", "C2"], "Customers"),
      keys: ["customerId", "note", "name", "phone"],
      columnIndex: 1,
    };
    expect(addresses(remembered(cell({ row: 3, id: "C2" })), snap, new Set(["Customers"]))).toEqual(
      ["Customers!E3"],
    );
  });

  it("falls back to the remembered address when the table or column is gone", () => {
    const mark = cell({ letter: "K", row: 4, id: "C2" });
    expect(resolveMarks(remembered(mark), new Map(), SHEETS)).toEqual([
      { sheet: "客户档案", address: "K4" },
    ]);
    const noPhone: TableRows = { ...customers(["C2"]), keys: ["customerId", "name"] };
    expect(addresses(remembered(mark), noPhone)).toEqual(["客户档案!K2"]);
  });

  it("passes old address-only ranges through and drops marks on sheets that are gone", () => {
    const marks: RememberedMarks = {
      ranges: [
        { sheet: "客户档案", address: "K5:K7" },
        { sheet: "已删除", address: "B2" },
      ],
      cells: [cell({ sheet: "已删除", table: "orders", row: 2 })],
    };
    expect(resolveMarks(marks, tables(customers(["C1"])), SHEETS)).toEqual([
      { sheet: "客户档案", address: "K5:K7" },
    ]);
  });

  it("does not list a doubtful cell twice, nor one an exact mark already covers", () => {
    const marks = remembered(
      cell({ row: 2, id: "C1" }),
      cell({ row: 3, id: "C2", shared: true }),
      cell({ row: 2, id: "C2", shared: true }),
    );
    expect(addresses(marks, customers(["C1", "C2", "C2"]))).toEqual([
      "客户档案!C2",
      "客户档案!C3",
      "客户档案!C4",
    ]);
    const old: RememberedMarks = {
      ranges: [{ sheet: "客户档案", address: "C2:C9" }],
      cells: [cell({ row: 12, id: "C2", shared: true })],
    };
    expect(addresses(old, customers(["C1", "C2", "C2"]))).toEqual([
      "客户档案!C2:C9",
      "客户档案!C12",
    ]);
  });
});

describe("withAddresses", () => {
  it("gives each problem its cell's sheet address, quoting the sheet name", () => {
    const place = { ...customers(["C1", "C2"], "Tom's 客户"), columnIndex: 26 };
    const [phone, unknown] = withAddresses([problem(1, "phone"), problem(0, "fax")], tables(place));
    // Third table column (phone) of a table starting at column AA: AC; data row 1 is sheet row 3.
    expect(phone?.address).toBe("'Tom''s 客户'!AC3");
    // A column the table lacks has no cell to point at.
    expect(unknown?.address).toBeUndefined();
  });
});

import { ownRowRuns } from "../../src/domain/undo";

const ours = new Set(["O1", "O2", "O3", "O4", "O5"]);

describe("ownRowRuns", () => {
  it.each<[string, unknown[], { start: number; count: number }[]]>([
    ["all ours: one run", ["O1", "O2", "O3"], [{ start: 0, count: 3 }]],
    ["none ours", ["X1", "X2", "", null], []],
    ["nothing read", [], []],
    [
      "a co-author's row between ours splits the run",
      ["O1", "O2", "X9", "O3", "O4"],
      [
        { start: 3, count: 2 },
        { start: 0, count: 2 },
      ],
    ],
    [
      "other rows before, between and after",
      ["X1", "O1", "X2", "X3", "O2", "O3", "X4"],
      [
        { start: 4, count: 2 },
        { start: 1, count: 1 },
      ],
    ],
    ["a run that reaches the end", ["X1", "O4", "O5"], [{ start: 1, count: 2 }]],
    [
      "single rows",
      ["O1", "X1", "O2"],
      [
        { start: 2, count: 1 },
        { start: 0, count: 1 },
      ],
    ],
    ["blank IDs are never ours", ["", " ", null, undefined], []],
  ])("%s", (_label, ids, runs) => {
    expect(ownRowRuns(ids, ours)).toEqual(runs);
  });

  it("reads a column as Excel returns it (one cell per row) and trims IDs", () => {
    expect(ownRowRuns([[" O1 "], ["X1"], ["O2"], [42]], ours)).toEqual([
      { start: 2, count: 1 },
      { start: 0, count: 1 },
    ]);
  });

  it("runs come last first, so deleting them in order keeps earlier offsets valid", () => {
    const rows = ["X1", "O1", "O2", "X2", "O3", "X3", "O4", "O5", "O6"];
    const left = [...rows];
    for (const run of ownRowRuns(rows, new Set(["O1", "O2", "O3", "O4", "O5", "O6"]))) {
      left.splice(run.start, run.count);
    }
    expect(left).toEqual(["X1", "X2", "X3"]);
  });
});

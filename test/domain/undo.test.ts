import fc from "fast-check";
import { ownRowRuns, revertPatch, stillPatched } from "../../src/domain/undo";
import type { CrmRecord } from "../../src/domain/port";

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

describe("revertPatch and stillPatched (undo of an update made from the pane)", () => {
  it.each<[string, CrmRecord, CrmRecord, CrmRecord]>([
    [
      "a blank result comes back blank",
      { result: null, topic: "回访" },
      { result: "已完成" },
      { result: null },
    ],
    ["an empty string is blank", { result: "" }, { result: "已完成" }, { result: null }],
    ["an absent column is blank", {}, { dueDate: 45000 }, { dueDate: null }],
    ["a date comes back as it was", { dueDate: 45600 }, { dueDate: 45610 }, { dueDate: 45600 }],
    ["only the patched keys", { a: 1, b: 2, c: 3 }, { b: 9 }, { b: 2 }],
  ])("%s", (_name, before, patch, expected) => {
    expect(revertPatch(before, patch)).toEqual(expected);
  });

  it.each<[string, CrmRecord, CrmRecord, boolean]>([
    ["the row holds what was written", { result: "已完成", x: 1 }, { result: "已完成" }, true],
    ["text read back with spaces", { result: " 已完成 " }, { result: "已完成" }, true],
    ["a date written as a serial, read as a number", { dueDate: 45610 }, { dueDate: 45610 }, true],
    ["numeric text read back", { dueDate: "45610" }, { dueDate: 45610 }, true],
    ["a co-author changed it since", { result: "客户取消" }, { result: "已完成" }, false],
    ["a co-author cleared it", { result: null }, { result: "已完成" }, false],
    ["blank written, blank read", { result: "" }, { result: null }, true],
  ])("stillPatched: %s", (_name, current, patch, expected) => {
    expect(stillPatched(current, patch)).toBe(expected);
  });

  it("applying a patch then its revert gives the row back (property)", () => {
    const cell = fc.oneof(fc.constant(null), fc.string({ maxLength: 5 }), fc.integer());
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("result", "dueDate", "topic"), cell),
        fc.dictionary(fc.constantFrom("result", "dueDate"), cell, { minKeys: 1 }),
        (before, patch) => {
          const after = { ...before, ...patch };
          expect(stillPatched(after, patch)).toBe(true);
          const restored = { ...after, ...revertPatch(before, patch) };
          for (const key of Object.keys(patch)) {
            const was = before[key];
            expect(restored[key]).toBe(was === undefined || was === "" ? null : was);
          }
        },
      ),
    );
  });
});

/**
 * The pane analyses a file in slices (progress, Cancel). Sliced or not, the analysis is the
 * same: duplicates across slice borders, blank and repeated header rows inside a slice.
 */
import fc from "fast-check";
import {
  analyseImport,
  analyseImportInSlices,
  detectMapping,
  type GridCell,
  type ImportContext,
} from "../../../src/domain/import/pipeline";
import type { CrmRecord } from "../../../src/domain/port";
import { defaultListValues } from "../../../src/domain/schema";
import { serialFromYmd } from "../../../src/domain/values";

const TODAY = serialFromYmd(2024, 6, 30);
const HEADERS = ["客户编号", "客户名称", "对接人", "联系电话", "核心需求", "邮箱"];
const EXISTING: CrmRecord[] = [
  { customerId: "C202401001", name: "老客户科技有限公司", phone: "13900000000" },
];

function ctx(): ImportContext {
  return { lists: defaultListValues(), today: TODAY, customers: EXISTING, existing: EXISTING };
}

/** Rows drawn from small pools, so that duplicates (in the file and with the workbook) abound. */
const row: fc.Arbitrary<readonly GridCell[]> = fc.oneof(
  fc.tuple(
    fc.constantFrom("", "C202401001", "C202405001", "c202405002"),
    fc.constantFrom("甲科技有限公司", "乙公司", "老客户科技有限公司", ""),
    fc.constantFrom("张三", "李四", ""),
    fc.constantFrom("13800000001", "13900000000", "12ab", ""),
    fc.constantFrom("ERP", "ERP、CRM", ""),
    fc.constantFrom("a@b.com", "A@B.COM", "bad", ""),
  ),
  fc.constant<readonly GridCell[]>(["", "", "", "", "", ""]),
  fc.constant<readonly GridCell[]>(HEADERS),
);

const noPause = () => Promise.resolve();

/** A header row and `rows` distinct customers, with its detected mapping. */
function customerFile(rows: number) {
  const grid: GridCell[][] = [
    HEADERS,
    ...Array.from({ length: rows }, (_, i) => ["", `客户${i}有限公司`, "张三", "", "ERP", ""]),
  ];
  const mapping = detectMapping(grid);
  if (!mapping) throw new Error("no mapping");
  return { grid, mapping };
}

describe("analyseImportInSlices", () => {
  it("equals analyseImport for any rows and any slice size", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        async (rows, sliceRows) => {
          const grid: (readonly GridCell[])[] = [["客户档案"], HEADERS, ...rows];
          const mapping = detectMapping(grid);
          if (!mapping) throw new Error("no mapping");
          const progress: [number, number][] = [];
          const sliced = await analyseImportInSlices(grid, mapping, ctx(), {
            sliceRows,
            pause: noPause,
            onProgress: (done, total) => progress.push([done, total]),
          });
          expect(JSON.stringify(sliced.rows)).toBe(
            JSON.stringify(analyseImport(grid, mapping, ctx()).rows),
          );
          // Progress counts the file's data rows up to all of them, one report per slice.
          const total = grid.length - mapping.headerRow - 1;
          expect(progress).toHaveLength(Math.ceil(total / sliceRows));
          expect(progress.at(-1) ?? [0, 0]).toEqual(total > 0 ? [total, total] : [0, 0]);
          progress.forEach(([done], i) => expect(done).toBeGreaterThan(progress[i - 1]?.[0] ?? 0));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("yields between slices with a message, not a timer, and finishes", async () => {
    // Timers that never fire, as in a hidden pane where browsers stretch them to a second or
    // more: the analysis must still run to the end, since its pauses are messages.
    jest.useFakeTimers();
    try {
      const { grid, mapping } = customerFile(30);
      const order: string[] = [];
      const run = analyseImportInSlices(grid, mapping, ctx(), {
        sliceRows: 10,
        onProgress: (done) => order.push(`slice ${done}`),
      });
      // The slices after the first run in later tasks: the call returns before they do.
      expect(order).toEqual(["slice 10"]);
      const result = await run;
      expect(result.rows).toHaveLength(30);
      expect(order).toEqual(["slice 10", "slice 20", "slice 30"]);
    } finally {
      jest.useRealTimers();
    }
  });

  it("stops at the next slice when cancelled, rejecting with the signal's reason", async () => {
    const { grid, mapping } = customerFile(50);
    const controller = new AbortController();
    const seen: number[] = [];
    const run = analyseImportInSlices(grid, mapping, ctx(), {
      sliceRows: 10,
      pause: noPause,
      signal: controller.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done === 20) controller.abort(new Error("取消"));
      },
    });
    await expect(run).rejects.toThrow("取消");
    expect(seen).toEqual([10, 20]);
  });
});

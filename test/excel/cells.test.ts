/**
 * The payload cutter every writer uses: each request's JSON array stays within the budget (a
 * row too large for it goes alone), the chunks hold every row once and in order, and their
 * byte counts are those of the JSON that travels.
 */
import fc from "fast-check";
import { jsonBytes, payloadChunks } from "../../src/excel/cells";

const chunks = <T>(rows: T[], budget: number) => [...payloadChunks(rows, budget)];

describe("payloadChunks", () => {
  it("counts a chunk's bytes as its JSON array, multi-byte text included", () => {
    const rows = [["客户"], ["a"]];
    const [only] = chunks(rows, 1000);
    expect(only?.bytes).toBe(jsonBytes(rows));
    expect(only?.bytes).toBe(Buffer.byteLength(JSON.stringify(rows)));
  });

  it.each([
    // [["ab"],["ab"]] is 15 bytes; each row alone is [["ab"]] = 8.
    [15, [2]],
    [14, [1, 1]],
    [8, [1, 1]],
    // A row larger than the budget still goes, alone.
    [3, [1, 1]],
  ])("at a budget of %i bytes cuts two 6-byte rows into %j", (budget, sizes) => {
    const got = chunks([["ab"], ["ab"]], budget);
    expect(got.map((c) => c.rows.length)).toEqual(sizes);
    expect(got.map((c) => c.start)).toEqual(sizes.length === 1 ? [0] : [0, 1]);
  });

  it("yields nothing for no rows", () => {
    expect(chunks([], 100)).toEqual([]);
  });

  it("keeps every row once, in order, and each chunk within budget unless it is one row", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 4 }),
        ),
        fc.integer({ min: 1, max: 200 }),
        (rows, budget) => {
          const got = chunks(rows, budget);
          expect(got.flatMap((c) => c.rows)).toEqual(rows);
          for (const c of got) {
            expect(c.rows).toEqual(rows.slice(c.start, c.start + c.rows.length));
            expect(c.bytes).toBe(jsonBytes(c.rows));
            if (c.rows.length > 1) expect(c.bytes).toBeLessThanOrEqual(budget);
          }
        },
      ),
    );
  });
});

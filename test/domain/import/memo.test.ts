/**
 * The import remembers what it made of a cell text per column (prepared values, split combined
 * cells, 备注 lines, industry splits, validation outcomes). On arbitrary template rows full of
 * repeats, the analysis with those memos — small ones that fill up or switch off, and the
 * default — equals the analysis that reads every cell the general way.
 */
import fc from "fast-check";
import {
  analyseImport,
  detectMapping,
  type GridCell,
  type ImportContext,
} from "../../../src/domain/import/pipeline";
import { LISTS, defaultListValues } from "../../../src/domain/schema";
import { serialFromYmd } from "../../../src/domain/values";
import { CUSTOMER_HEADERS } from "../../fixtures/import/data";

const TODAY = serialFromYmd(2024, 6, 30);

function ctx(memoLimit?: number): ImportContext {
  return { lists: defaultListValues(), today: TODAY, customers: [], existing: [], memoLimit };
}

/** Values of every kind the template holds, drawn from small pools so that they repeat. */
const cell: fc.Arbitrary<GridCell> = fc.oneof(
  fc.constantFrom<GridCell>(
    "",
    null,
    " ",
    "200人/1.2亿元",
    "1.2亿元",
    "200人",
    "5人/0.1亿元/x",
    "A类/年合作额120万/85%",
    "B类/合作额：30万",
    "2024/6/1/现场测试/李明",
    "2024/13/1/测试",
    "2024／6／1／现场",
    "制造业-电子设备",
    "零售业",
    "信息技术",
    "2024/6/1",
    "2024年6月1日",
    "20240601",
    "45000",
    "2024-06-01 10:00",
    "80-100万",
    "１３８００１３８０００",
    "010-12345678/13800138000",
    "a@b.com",
    "A@B.COM",
    "'=1+1",
    '=HYPERLINK("x")',
    "总经理、技术经理",
    "总经理,技术经理,,",
    "85%",
    "4分",
    45000,
    3,
    true,
  ),
  fc.constantFrom(...LISTS.industry.items, ...LISTS.customerType.items),
  fc.string({ maxLength: 6 }),
);

describe("import memos", () => {
  it("give the general reading of every cell", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: CUSTOMER_HEADERS.length, maxLength: 22 }), {
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 4 }),
        (rows, small) => {
          const grid: GridCell[][] = [CUSTOMER_HEADERS, ...rows];
          const mapping = detectMapping(grid);
          if (!mapping) throw new Error("no mapping");
          const general = JSON.stringify(analyseImport(grid, mapping, ctx(0)).rows);
          expect(JSON.stringify(analyseImport(grid, mapping, ctx(small)).rows)).toBe(general);
          expect(JSON.stringify(analyseImport(grid, mapping, ctx()).rows)).toBe(general);
        },
      ),
      { numRuns: 150 },
    );
  });
});

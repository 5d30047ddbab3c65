/** The port contract on the Excel adapter over the object-model fake (the suite: test/contract). */
import { ExcelWorkbook } from "../../src/excel/excelWorkbook";
import { LISTS, LIST_KEYS } from "../../src/domain/schema";
import { colLetters, installFakeExcel, type FakeExcel } from "../fakes/excel";
import { describePortContract, describeWarningsContract } from "../contract/portContract";
import { seedCrm } from "./crmFake";

let fake: FakeExcel | undefined;

/** The list tables as setup lays them out: one column each, side by side, on the Settings sheet. */
function seedLists(f: FakeExcel): void {
  const sheet = "下拉列表";
  const longest = Math.max(...LIST_KEYS.map((k) => LISTS[k].items.length));
  const grid: unknown[][] = Array.from({ length: longest + 1 }, () => []);
  LIST_KEYS.forEach((key, i) => {
    const col = i * 2;
    (grid[0] as unknown[])[col] = LISTS[key].label.zh;
    LISTS[key].items.forEach((item, r) => ((grid[r + 1] as unknown[])[col] = item));
  });
  f.addSheet(sheet, grid);
  LIST_KEYS.forEach((key, i) => {
    const letter = colLetters(i * 2);
    f.addTable(sheet, `${letter}1:${letter}${LISTS[key].items.length + 1}`, LISTS[key].table);
  });
}

const harness = {
  async start(seed: Parameters<typeof seedCrm>[1]) {
    fake = installFakeExcel();
    seedCrm(fake, seed);
    seedLists(fake);
    return new ExcelWorkbook();
  },
  stop() {
    fake?.uninstall();
    fake = undefined;
  },
};

describePortContract("Excel adapter", harness);
describeWarningsContract("Excel adapter", harness);

/** The port contract on the Excel adapter over the object-model fake (the suite: test/contract). */
import { ExcelWorkbook } from "../../src/excel/excelWorkbook";
import { installFakeExcel, type FakeExcel } from "../fakes/excel";
import { describePortContract } from "../contract/portContract";
import { seedCrm } from "./crmFake";

let fake: FakeExcel | undefined;

describePortContract("Excel adapter", {
  async start(seed) {
    fake = installFakeExcel();
    seedCrm(fake, seed);
    return new ExcelWorkbook();
  },
  stop() {
    fake?.uninstall();
    fake = undefined;
  },
});

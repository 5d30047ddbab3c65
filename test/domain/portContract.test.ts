/** The port contract on the in-memory workbook of preview mode (the suite: test/contract). */
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import { serialFromYmd } from "../../src/domain/values";
import { describePortContract, describeWarningsContract } from "../contract/portContract";

describePortContract("in-memory workbook", {
  async start(seed) {
    const workbook = new MemoryWorkbook({ empty: true, today: serialFromYmd(2024, 11, 20) });
    for (const [table, records] of Object.entries(seed)) {
      if (records.length > 0) await workbook.appendRecords(table as keyof typeof seed, records);
    }
    return workbook;
  },
});

describeWarningsContract("in-memory workbook", {
  async start(seed) {
    const workbook = new MemoryWorkbook({ empty: true, today: serialFromYmd(2024, 11, 20) });
    for (const [table, records] of Object.entries(seed)) {
      if (records.length > 0) await workbook.appendRecords(table as keyof typeof seed, records);
    }
    return workbook;
  },
});

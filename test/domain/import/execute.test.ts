/**
 * The write step reads the plan's records from the file again (the plan keeps a verdict per
 * row, not its record) a slice at a time, so a large import can be stopped before anything is
 * sent to the workbook.
 */
import { executeImport } from "../../../src/domain/import/execute";
import { runImport, type GridCell } from "../../../src/domain/import/pipeline";
import type { CrmRecord, CrmWorkbook } from "../../../src/domain/port";
import { defaultListValues } from "../../../src/domain/schema";
import { serialFromYmd } from "../../../src/domain/values";
import { portWith } from "../../fakes/port";

const HEADERS = ["客户名称", "对接人", "联系电话", "核心需求"];

function plan(rows: number) {
  const grid: GridCell[][] = [
    HEADERS,
    ...Array.from({ length: rows }, (_, i) => [`客户${i}有限公司`, "张三", "", "ERP"]),
  ];
  const result = runImport(grid, {
    lists: defaultListValues(),
    today: serialFromYmd(2024, 6, 30),
    customers: [],
    existing: [],
  });
  if (!result) throw new Error("no mapping");
  return result.plan;
}

/** A workbook port that only records what the write step appends. */
function recordingPort(appended: CrmRecord[][]): CrmWorkbook {
  return portWith({
    appendRecords: (_table, records) => {
      appended.push(records);
      return Promise.resolve({ ids: records.map((_, i) => `C${i}`), firstRow: 0 });
    },
  });
}

describe("executeImport", () => {
  it("appends every accepted row's record, in file order, in one call", async () => {
    const p = plan(12_000);
    const appended: CrmRecord[][] = [];
    const outcome = await executeImport(recordingPort(appended), p);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.inserted).toHaveLength(12_000);
    expect(appended).toHaveLength(1);
    expect(appended[0]?.map((r) => r.name)).toEqual(
      Array.from({ length: 12_000 }, (_, i) => `客户${i}有限公司`),
    );
    expect(appended[0]?.[11_999]).toMatchObject({ contact: "张三", needs: "ERP" });
  });

  it("stops while it reads the records: nothing is appended, the failure is the append's", async () => {
    const p = plan(12_000);
    const appended: CrmRecord[][] = [];
    const controller = new AbortController();
    const writing = executeImport(recordingPort(appended), p, { signal: controller.signal });
    controller.abort(new Error("stopped"));
    const outcome = await writing;
    expect(appended).toEqual([]);
    expect(outcome.inserted).toEqual([]);
    expect(outcome.failure?.step).toBe("append");
    expect(outcome.failure?.error).toEqual(new Error("stopped"));
  });
});

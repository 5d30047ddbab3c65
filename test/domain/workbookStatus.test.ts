/** What the pane's set-up button offers for a workbook's status. */
import type { TableStatus, WorkbookStatus } from "../../src/domain/port";
import { LAYOUT_VERSION, TABLE_KEYS, type TableKey } from "../../src/domain/schema";
import { setupNeeds } from "../../src/domain/workbookStatus";

const fine: TableStatus = { present: true, rows: 3, missingColumns: [], formulaDrift: [] };

function status(
  change: Partial<TableStatus> = {},
  table: TableKey = "feedback",
  rest: Partial<WorkbookStatus> = {},
): WorkbookStatus {
  const tables = Object.fromEntries(
    TABLE_KEYS.map((k) => [k, k === table ? { ...fine, ...change } : fine]),
  ) as Record<TableKey, TableStatus>;
  return {
    mode: "excel",
    tables,
    settingsPresent: true,
    layoutVersion: LAYOUT_VERSION,
    asOf: null,
    formulaMode: "native",
    candidates: [],
    ...rest,
  };
}

describe("setupNeeds", () => {
  it.each([
    ["a set-up workbook of this version", false, false, status()],
    ["a missing table", true, false, status({ present: false })],
    ["missing settings", true, false, status({}, "feedback", { settingsPresent: false })],
    ["a table lacking a column of the schema", false, true, status({ missingColumns: ["x"] })],
    ["a drifted computed column", false, true, status({ formulaDrift: ["abcClass"] }, "customers")],
    [
      "an older layout version",
      false,
      true,
      status({}, "feedback", { layoutVersion: LAYOUT_VERSION - 1 }),
    ],
    [
      "no version recorded (a fresh set-up)",
      false,
      false,
      status({}, "feedback", { layoutVersion: null }),
    ],
    [
      "a missing table and an older layout",
      true,
      true,
      status({ present: false }, "orders", { layoutVersion: LAYOUT_VERSION - 1 }),
    ],
  ])("%s: setup %s, repair %s", (_, setup, repair, s) => {
    expect(setupNeeds(s)).toEqual({ setup, repair });
  });
});

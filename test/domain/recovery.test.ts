/** workbookProblems: which states status puts into words, and which of them Repair fixes. */
import { problemText, workbookProblems } from "../../src/domain/recovery";
import { encodePending, decodePending } from "../../src/domain/adoption";
import { setupNeeds } from "../../src/domain/workbookStatus";
import type { TableSnapshot, WorkbookSnapshot } from "../../src/domain/layout";
import type { WorkbookStatus } from "../../src/domain/port";
import {
  LAYOUT_VERSION,
  LISTS,
  LIST_KEYS,
  SETTINGS,
  TABLES,
  TABLE_KEYS,
} from "../../src/domain/schema";

function table(name: string, sheet: string): TableSnapshot {
  return {
    name,
    sheet,
    rect: { r0: 0, c0: 0, r1: 1, c1: 0 },
    headers: [],
    firstValues: [],
    firstFormulas: [],
  };
}

/** A set-up workbook: four tables on their sheets, the lists and every name. */
function whole(): WorkbookSnapshot {
  return {
    sheets: [...TABLE_KEYS.map((k) => TABLES[k].sheet.zh), "参数设置"].map((name) => ({
      name,
      used: { r0: 0, c0: 0, r1: 1, c1: 1 },
      top: [],
      topAt: { r: 0, c: 0 },
    })),
    tables: [
      ...TABLE_KEYS.map((k) => table(TABLES[k].name, TABLES[k].sheet.zh)),
      ...LIST_KEYS.map((k) => table(LISTS[k].table, "参数设置")),
    ],
    names: [
      ...SETTINGS.map((s, i) => ({ name: s.name, formula: `=参数设置!$B$${i + 2}` })),
      ...LIST_KEYS.map((k) => ({ name: LISTS[k].name, formula: `=${LISTS[k].table}[#Data]` })),
    ],
    layoutVersion: 1,
    asOf: 45000,
  };
}

describe("workbookProblems", () => {
  it("a whole workbook has none, and a never set-up one is not 'settings gone'", () => {
    expect(workbookProblems(whole())).toEqual([]);
    expect(
      workbookProblems({ sheets: [], tables: [], names: [], layoutVersion: null, asOf: undefined }),
    ).toEqual([]);
  });

  it("the settings sheet deleted (every name at #REF!, no list table) is one problem", () => {
    const snap = whole();
    snap.tables = snap.tables.filter((t) => t.sheet !== "参数设置");
    snap.names = snap.names.map((n) => ({ ...n, formula: "=#REF!$B$2" }));
    const problems = workbookProblems(snap);
    expect(problems.map((p) => p.kind)).toEqual(["settingsGone"]);
    expect(problemText(problems[0]!, "en")).toMatch(/Repair rebuilds it with the defaults/);
  });

  it("names the broken, missing and emptied pieces", () => {
    const snap = whole();
    snap.names = snap.names
      .filter((n) => n.name !== "CRM_ABC_B")
      .map((n) => (n.name === "CRM_AsOf" ? { ...n, formula: "=#REF!" } : n));
    snap.blankLists = [LISTS.industry.table.toLowerCase()];
    const words = workbookProblems(snap).map((p) => problemText(p, "zh"));
    expect(words).toEqual([
      expect.stringContaining("名称 CRM_AsOf 指向已删除的单元格"),
      expect.stringContaining("缺少名称 CRM_ABC_B"),
      expect.stringContaining("下拉列表“所属行业”是空的"),
    ]);
  });

  it("a moved table is reported only when the sheet it was set up on is left without it", () => {
    const moved = whole();
    moved.tables[0] = { ...moved.tables[0]!, sheet: "别处" };
    expect(workbookProblems(moved).map((p) => p.kind)).toEqual(["tableMoved"]);
    const adopted = whole();
    adopted.sheets = adopted.sheets.filter((s) => s.name !== "客户档案");
    adopted.tables[0] = { ...adopted.tables[0]!, sheet: "客户信息收集表" };
    expect(workbookProblems(adopted)).toEqual([]);
  });

  it("an unfinished adoption is reported with its split columns, for Repair", () => {
    const snap = whole();
    const mark = encodePending({
      table: "customers",
      sheet: "客户信息收集表",
      splitKeys: ["employees", "repurchaseRate"],
    });
    expect(decodePending(mark)).toEqual({
      table: "customers",
      sheet: "客户信息收集表",
      splitKeys: ["employees", "repurchaseRate"],
    });
    snap.adoptionPending = mark;
    const [p] = workbookProblems(snap);
    expect(p).toMatchObject({ kind: "adoptionUnfinished", repair: true });
    expect(problemText(p!, "en")).toContain("the split columns Employees, Repurchase rate");
  });

  it("Repair is offered for a problem it fixes, not for one it does not", () => {
    const base: WorkbookStatus = {
      mode: "excel",
      tables: Object.fromEntries(
        TABLE_KEYS.map((k) => [
          k,
          { present: true, rows: 1, missingColumns: [], formulaDrift: [] },
        ]),
      ) as unknown as WorkbookStatus["tables"],
      settingsPresent: true,
      layoutVersion: LAYOUT_VERSION,
      asOf: 45000,
      formulaMode: "native",
      candidates: [],
    };
    expect(
      setupNeeds({ ...base, problems: [{ kind: "emptyLists", params: {}, repair: true }] }),
    ).toEqual({ setup: false, repair: true });
    expect(
      setupNeeds({ ...base, problems: [{ kind: "tableMoved", params: {}, repair: false }] }),
    ).toEqual({ setup: false, repair: false });
  });
});

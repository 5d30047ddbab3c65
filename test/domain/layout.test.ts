/**
 * The pure layout planner: what setup, upgrade and adoption decide from a snapshot, without
 * Excel. Idempotence and "never lose user data" are decided here.
 */
import {
  adoptHeaders,
  findCandidates,
  normalizeFormula,
  planLayout,
  resolveHeaders,
  tableHasData,
  tableLanguage,
  type LayoutOp,
  type TableSnapshot,
  type WorkbookSnapshot,
} from "../../src/domain/layout";
import {
  LAYOUT_VERSION,
  LISTS,
  LIST_KEYS,
  SETTINGS,
  TABLES,
  TABLE_KEYS,
} from "../../src/domain/schema";
import { TEMPLATES } from "../fixtures/templates";

const TODAY = 45500;
const empty = (): WorkbookSnapshot => ({
  sheets: [{ name: "Sheet1", used: null, top: [], topAt: { r: 0, c: 0 } }],
  tables: [],
  names: [],
  layoutVersion: null,
  asOf: undefined,
});
const kinds = (ops: LayoutOp[]) => ops.map((o) => o.kind);

describe("planLayout on an empty workbook", () => {
  const plan = planLayout(empty(), { lang: "zh", today: TODAY });

  it("creates the four tables and nine list tables, tables before formulas before formats", () => {
    const tables = plan.ops
      .filter((o) => o.kind === "createTable")
      .map((o) => (o as { table: string }).table);
    expect(tables).toEqual([
      ...TABLE_KEYS.map((k) => TABLES[k].name),
      ...LIST_KEYS.map((k) => LISTS[k].table),
    ]);
    const k = kinds(plan.ops);
    expect(k.lastIndexOf("createTable", k.indexOf("formula"))).toBeLessThan(k.indexOf("formula"));
    expect(k.lastIndexOf("formula")).toBeLessThan(k.indexOf("decorate"));
  });

  it("defines every setting and list name, and the layout version", () => {
    const names = plan.ops
      .filter((o) => o.kind === "defineName")
      .map((o) => (o as { name: string }).name);
    expect(names).toEqual([
      ...SETTINGS.map((s) => s.name),
      "CRM_FormulaMode",
      ...LIST_KEYS.map((k) => LISTS[k].name),
    ]);
    expect(plan.ops).toContainEqual({
      kind: "setProperty",
      key: "CRM_LayoutVersion",
      value: LAYOUT_VERSION,
    });
  });
});

describe("never losing data", () => {
  it("does not touch a same-named sheet holding data", () => {
    const snap = empty();
    snap.sheets.push({
      name: "客户档案",
      used: { r0: 0, c0: 0, r1: 3, c1: 2 },
      top: [["x"]],
      topAt: { r: 0, c: 0 },
    });
    const plan = planLayout(snap, { lang: "zh", today: TODAY });
    expect(plan.ops).toContainEqual({ kind: "addSheet", sheet: "客户档案 (2)" });
    expect(plan.tables.customers?.sheet).toBe("客户档案 (2)");
    expect(plan.ops.some((o) => "sheet" in o && o.sheet === "客户档案")).toBe(false);
  });

  it("never deletes a table that holds data, and refuses to adopt over it", () => {
    const snap = empty();
    const t: TableSnapshot = {
      name: "CRM_Customers",
      sheet: "客户档案",
      rect: { r0: 0, c0: 0, r1: 1, c1: 1 },
      headers: ["客户编号", "客户名称"],
      firstValues: ["C1", "某公司"],
      firstFormulas: ["C1", "某公司"],
    };
    snap.tables.push(t);
    expect(tableHasData(t)).toBe(true);
    expect(tableHasData({ ...t, firstValues: ["", ""], firstFormulas: ["", "=X"] })).toBe(false);
    const plan = planLayout(snap, { lang: "zh", today: TODAY });
    expect(kinds(plan.ops)).not.toContain("deleteTable");
    expect(
      plan.ops.filter((o) => o.kind === "addColumn" && o.table === "CRM_Customers"),
    ).toHaveLength(TABLES.customers.columns.length - 2);
    expect(() =>
      planLayout(snap, {
        lang: "zh",
        today: TODAY,
        adopt: {
          table: "customers",
          sheet: "S",
          headerRow: 0,
          c0: 0,
          c1: 1,
          headerValues: ["客户编号", "客户名称"],
          lastRow: 3,
          columnsWithData: [],
          hasMerges: false,
        },
      }),
    ).toThrow(/holds data/);
  });

  it("leaves a template's table to adoption", () => {
    const plan = planLayout(empty(), {
      lang: "zh",
      today: TODAY,
      candidates: [{ sheet: "客户信息收集表", table: "customers", dataRows: 5 }],
    });
    expect(plan.skipped).toEqual(["CRM_Customers"]);
    expect(plan.tables.customers).toBeNull();
    // The lookups that read the customers table wait for it.
    expect(plan.warnings.join()).toContain("客户名称");
  });
});

describe("headers", () => {
  it("resolves canonical headers first, then synonyms, never a kept column", () => {
    const m = resolveHeaders("customers", [
      "客户名称(全称)",
      "最近互动时间(原)",
      "Customer ID",
      "最近互动",
    ]);
    expect(m.get("name")).toBe("客户名称(全称)");
    expect(m.get("customerId")).toBe("Customer ID");
    expect(m.get("lastContact")).toBe("最近互动");
    expect(resolveHeaders("customers", ["最近互动时间(原)"]).has("lastContact")).toBe(false);
  });

  it("knows which language a table was set up in", () => {
    expect(tableLanguage("orders", ["Order ID", "Product", "备注"], "zh")).toBe("en");
    expect(tableLanguage("orders", ["订单编号", "数量"], "en")).toBe("zh");
  });

  it("compares formulas the way Excel spells them back", () => {
    expect(normalizeFormula('=IF([@[数量]]="","",CRM_Customers[[客户名称]])')).toBe(
      normalizeFormula('=IF([@数量]="", "", CRM_Customers[客户名称])'),
    );
    expect(normalizeFormula("=_xlfn.MAXIFS(A:A)")).toBe(normalizeFormula("=MAXIFS(A:A)"));
    expect(normalizeFormula("=1")).not.toBe(normalizeFormula("=2"));
  });

  it("adoption renames recognised headers, keeps computed ones with data, dedupes", () => {
    const d = adoptHeaders(
      {
        table: "customers",
        sheet: "S",
        headerRow: 0,
        c0: 0,
        c1: 4,
        headerValues: ["客户名称(全称)", "最近互动时间", "性别", "", "客户名称"],
        lastRow: 5,
        columnsWithData: [1],
        hasMerges: false,
      },
      "zh",
    );
    expect(d.headers).toEqual(["客户名称", "最近互动时间(原)", "性别", "列4", "客户名称(原)"]);
    expect(d.unrecognised).toEqual(["性别", "客户名称"]);
  });

  it("adopting its own renamed header row again keeps 最近互动时间(原) as it is", () => {
    const input = {
      table: "customers" as const,
      sheet: "S",
      headerRow: 0,
      c0: 0,
      c1: 2,
      headerValues: ["客户名称", "最近互动时间", "年合作额"],
      lastRow: 5,
      columnsWithData: [1],
      hasMerges: false,
    };
    const once = adoptHeaders(input, "zh").headers;
    expect(once).toEqual(["客户名称", "最近互动时间(原)", "年合作额"]);
    expect(adoptHeaders({ ...input, headerValues: once }, "zh").headers).toEqual(once);
  });
});

describe("findCandidates", () => {
  it.each(TEMPLATES.map((t) => [t.seed, t] as const))("finds %s under its title rows", (_s, t) => {
    const snap = empty();
    snap.sheets.push({
      name: t.sheet,
      used: { r0: 0, c0: 0, r1: t.grid.length - 1, c1: t.grid[t.headerRow]!.length - 1 },
      top: t.grid,
      topAt: { r: 0, c: 0 },
    });
    expect(findCandidates(snap)).toEqual([
      expect.objectContaining({ sheet: t.sheet, table: t.table, headerRow: t.headerRow, c0: 0 }),
    ]);
  });
});

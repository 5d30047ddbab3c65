/**
 * The 客户名称 lookup (schema.ts `nameLookup`) in a real engine: a binary search over the customer
 * table's IDs where its answer can be trusted, an exact MATCH where not. Whatever the order of
 * the customer table, every row must show the name of the first customer with its ID, "" for an
 * unknown or blank ID, as the exact lookup of layout version 2 did.
 *
 * The fast path is proved apart: with the exact MATCH replaced by NA() in the file, a sorted
 * customer table still gives every known ID its name, so the binary search answered them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FakeExcel } from "../fakes/excel";
import { installCharts } from "../fakes/excelCharts";
import { setupWorkbook } from "../../src/excel/setup";
import { TABLES } from "../../src/domain/schema";
import type { CrmRecord } from "../../src/domain/port";
import { exportWorkbook, putTableRows } from "./xlsxExport";
import { libreOfficeMissing, recalc, type EngineCell } from "./libreoffice";
import { AS_OF, rowOf } from "./dataset";

installCharts();

const missing = libreOfficeMissing();
if (missing && process.env.CI) throw new Error(`LibreOffice is required in CI: ${missing}`);
const withEngine = missing ? describe.skip : describe;

type Customer = [id: string | null, name: string | null];

/** Customer tables: sorted by ID (an adjacent duplicate, a blank name), and the same unsorted. */
const SORTED: Customer[] = [
  ["C001", "甲"],
  ["C002", "乙"],
  ["C003", "丙"],
  ["C003", "丙二"],
  ["C005", "戊"],
  ["C007", null],
  ["C009", "壬"],
  ["C010", "癸"],
];
const UNSORTED: Customer[] = [
  ["C009", "壬"],
  ["C001", "甲"],
  [null, "无编号"],
  ["C005", "戊"],
  ["C003", "丙"],
  ["C003", "丙二"],
  ["C010", "癸"],
  ["C007", null],
  ["C002", "乙"],
];
/** IDs looked up: each known one, below the first, between two, above the last, blank. */
const LOOKUPS = [
  "C001",
  "C002",
  "C003",
  "C005",
  "C007",
  "C009",
  "C010",
  "C000",
  "C004",
  "C011",
  "",
];

/** The first customer's name for the ID: what an exact MATCH gives. */
function expectedName(customers: readonly Customer[], id: string): string {
  if (id === "") return "";
  const hit = customers.find(([cid]) => cid === id);
  return hit ? (hit[1] ?? "") : "";
}

async function build(customers: readonly Customer[], file: string, exactOff: boolean) {
  const fake = new FakeExcel();
  await setupWorkbook(fake.newContext() as unknown as Excel.RequestContext, "zh", {
    today: AS_OF,
    formulaMode: "native",
  });
  putTableRows(
    fake,
    TABLES.customers.name,
    customers.map(([customerId, name]) =>
      rowOf("customers", { customerId, name, createdDate: AS_OF } as CrmRecord),
    ),
  );
  putTableRows(
    fake,
    TABLES.interactions.name,
    LOOKUPS.map((customerId, i) =>
      rowOf("interactions", { recordId: `R${i}`, customerId, date: AS_OF }),
    ),
  );
  await exportWorkbook(fake, file, {
    rewrite: exactOff ? (f) => f.replace(/MATCH\(([^()]*),0\)/g, "NA()") : undefined,
  });
  return fake;
}

function names(fake: FakeExcel, sheets: Record<string, EngineCell[][]>): unknown[] {
  const t = fake.table(TABLES.interactions.name).state;
  const c = t.rect.c0 + fake.table(TABLES.interactions.name).headers().indexOf("客户名称");
  const grid = sheets[t.sheet.name]!;
  // The fresh table's empty first row, then one row per lookup.
  return LOOKUPS.map((_, i) => grid[t.rect.r0 + 2 + i]?.[c] ?? "");
}

withEngine("the 客户名称 lookup in LibreOffice", () => {
  let dir: string;
  const cases = {
    sorted: { customers: SORTED, exactOff: false },
    unsorted: { customers: UNSORTED, exactOff: false },
    binaryOnly: { customers: SORTED.filter((c, i) => c[0] !== SORTED[i - 1]?.[0]), exactOff: true },
  };
  const got: Record<string, unknown[]> = {};

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "crm-lookup-"));
    const entries = Object.entries(cases);
    const fakes = await Promise.all(
      entries.map(([name, c]) => build(c.customers, path.join(dir, `${name}.xlsx`), c.exactOff)),
    );
    const results = recalc(entries.map(([name]) => path.join(dir, `${name}.xlsx`)));
    entries.forEach(([name], i) => (got[name] = names(fakes[i]!, results[i]!.sheets)));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("shows the first customer's name for every ID of a sorted table", () => {
    expect(got.sorted).toEqual(LOOKUPS.map((id) => expectedName(SORTED, id)));
    expect(got.sorted).toContain("丙");
  });

  it("shows the first customer's name for every ID of an unsorted table", () => {
    expect(got.unsorted).toEqual(LOOKUPS.map((id) => expectedName(UNSORTED, id)));
  });

  it("answers a sorted table by binary search alone (the exact MATCH replaced by NA())", () => {
    const customers = cases.binaryOnly.customers;
    expect(got.binaryOnly).toEqual(LOOKUPS.map((id) => expectedName(customers, id)));
    expect(got.binaryOnly?.filter((v) => v !== "").length).toBe(6);
  });
});

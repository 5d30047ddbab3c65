/** A file imported into the wrong table is told once, with the table it fits. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadImportFile } from "../../../src/domain/import/load";
import { detectMapping, remapTable } from "../../../src/domain/import/pipeline";
import { missingHeaders, tableFit } from "../../../src/domain/import/tableFit";

const DIR = join(__dirname, "../../fixtures/import");

async function gridOf(name: string) {
  const file = await loadImportFile(name, readFileSync(join(DIR, name)));
  return file.sheets[file.best]?.grid ?? [];
}

describe("tableFit", () => {
  it.each([
    ["customers.xlsx", "customers"],
    ["followups.xlsx", "interactions"],
    ["feedback.xlsx", "feedback"],
    ["customer-profiles.xlsx", "customers"],
  ])("%s as detected (%s) fits: nothing missing, nothing better", async (name, table) => {
    const grid = await gridOf(name);
    const mapping = detectMapping(grid);
    expect(mapping?.table).toBe(table);
    const fit = tableFit(grid, mapping!);
    expect(fit.missing).toEqual([]);
    expect(fit.better).toBeUndefined();
  });

  it("each sheet of the crm-records guide's workbook fits the table it is detected as", async () => {
    const file = await loadImportFile(
      "crm-records.xlsx",
      readFileSync(join(DIR, "crm-records.xlsx")),
    );
    const tables = file.sheets.map((sheet) => {
      const mapping = detectMapping(sheet.grid)!;
      const fit = tableFit(sheet.grid, mapping);
      return [mapping.table, fit.missing, fit.better];
    });
    expect(tables).toEqual([
      ["customers", [], undefined],
      ["interactions", [], undefined],
      ["orders", [], undefined],
    ]);
  });

  it("a follow-up log imported as customers: the missing required columns, and the table it fits", async () => {
    const grid = await gridOf("followups.xlsx");
    const asCustomers = remapTable(grid, detectMapping(grid)!, "customers");
    const fit = tableFit(grid, asCustomers);
    expect(fit.missing).toEqual(["needs"]);
    expect(missingHeaders("customers", fit.missing, "zh")).toBe("核心需求");
    expect(fit.better).toBe("interactions");
    expect(fit.betterMatched).toBeGreaterThan(fit.matched);
  });

  it("a customer sheet imported as follow-ups: 维护日期 and 维护主题 are missing; customers fits", async () => {
    const grid = await gridOf("customers.xlsx");
    const asFollowUps = remapTable(grid, detectMapping(grid)!, "interactions");
    const fit = tableFit(grid, asFollowUps);
    expect(fit.missing).toEqual(["date", "topic"]);
    expect(missingHeaders("interactions", fit.missing, "en")).toBe("Date, Topic");
    expect(fit.better).toBe("customers");
  });
});

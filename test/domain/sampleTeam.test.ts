import { TEAM_OWNERS, teamSample } from "../../src/domain/sampleTeam";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import { computeWorkLists, ownersOf } from "../../src/domain/worklists";
import { defaultListValues, defaultSettings } from "../../src/domain/schema";
import { validateRecord } from "../../src/domain/validation";
import { serialFromYmd } from "../../src/domain/values";

const today = serialFromYmd(2024, 11, 20);

describe("teamSample (preview ?seed=N and the work-list bench)", () => {
  it("is deterministic and sized as asked", () => {
    const a = teamSample(300, today);
    expect(a.customers).toHaveLength(300);
    expect(teamSample(300, today)).toEqual(a);
    expect(teamSample(0, today).customers).toEqual([]);
    expect(teamSample(-5, today).customers).toEqual([]);
  });

  it("gives customers unique names that pass the form's validation", () => {
    const { customers } = teamSample(2_000, today);
    expect(new Set(customers.map((c) => c.name)).size).toBe(2_000);
    const ctx = { lists: defaultListValues(), today };
    for (const c of customers.slice(0, 200)) {
      expect(validateRecord("customers", c, ctx).issues).toEqual([]);
    }
  });

  it("a seeded workbook lists work for every owner, with IDs allocated like writes", async () => {
    const workbook = new MemoryWorkbook({ today, team: 1_000 });
    const customers = await workbook.readRecords("customers");
    const interactions = await workbook.readRecords("interactions");
    const feedback = await workbook.readRecords("feedback");
    expect(customers).toHaveLength(12 + 1_000);
    const ids = new Set(customers.map((c) => c.customerId));
    expect(ids.size).toBe(customers.length);
    expect(interactions.every((r) => ids.has(r.customerId))).toBe(true);
    expect(new Set(interactions.map((r) => r.recordId)).size).toBe(interactions.length);
    const lists = computeWorkLists(
      { customers, interactions, feedback },
      defaultSettings(today),
      today,
    );
    const owners = ownersOf(lists).map((o) => o.owner);
    expect(owners).toEqual(expect.arrayContaining(TEAM_OWNERS));
    // A team's worth of work: hundreds of items, more than one page in each list.
    expect(lists.overdue.length).toBeGreaterThan(100);
    expect(lists.churn.length).toBeGreaterThan(100);
    expect(lists.feedbackLate.length).toBeGreaterThan(25);
  });
});

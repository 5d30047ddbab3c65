import {
  NO_PREFS,
  loadWorkListPrefs,
  saveWorkListPrefs,
  workbookKeyOf,
} from "../../src/domain/prefs";
import type { DraftStore } from "../../src/domain/drafts";

class MapStore implements DraftStore {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

describe("work-list prefs, per workbook", () => {
  it.each<[string, string | undefined | null, string, string]>([
    ["no partition (desktop)", undefined, "https://x/a.xlsx", "https%3A%2F%2Fx%2Fa.xlsx"],
    ["a partition prefixes the key", "p1", "https://x/a.xlsx", "p1https%3A%2F%2Fx%2Fa.xlsx"],
    ["an unsaved workbook", null, "  ", ""],
  ])("workbookKeyOf: %s", (_name, partition, url, key) => {
    expect(workbookKeyOf(partition, url)).toBe(key);
  });

  it("keeps one choice per workbook", () => {
    const store = new MapStore();
    const a = workbookKeyOf("p", "https://x/a.xlsx");
    const b = workbookKeyOf("p", "https://x/b.xlsx");
    saveWorkListPrefs(store, a, { me: "张伟", mineOnly: true });
    saveWorkListPrefs(store, b, { me: "Li Na", mineOnly: false });
    expect(loadWorkListPrefs(store, a)).toEqual({ me: "张伟", mineOnly: true });
    expect(loadWorkListPrefs(store, b)).toEqual({ me: "Li Na", mineOnly: false });
    expect(loadWorkListPrefs(store, workbookKeyOf("q", "https://x/a.xlsx"))).toEqual(NO_PREFS);
  });

  it.each<[string, string]>([
    ["not JSON", "{oops"],
    ["not an object", "42"],
    ["wrong types", JSON.stringify({ me: 7, mineOnly: "yes" })],
  ])("an unreadable value (%s) gives no prefs", (_name, text) => {
    const store = new MapStore();
    store.setItem("crm.worklists.k", text);
    expect(loadWorkListPrefs(store, "k")).toEqual(NO_PREFS);
  });

  it("'only mine' without a name is off; blocked storage neither throws nor keeps", () => {
    const store = new MapStore();
    store.setItem("crm.worklists.k", JSON.stringify({ me: " ", mineOnly: true }));
    expect(loadWorkListPrefs(store, "k")).toEqual({ me: "", mineOnly: false });
    const blocked: DraftStore = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => undefined,
    };
    expect(() => saveWorkListPrefs(blocked, "k", { me: "张伟", mineOnly: true })).not.toThrow();
    expect(loadWorkListPrefs(blocked, "k")).toEqual(NO_PREFS);
    expect(loadWorkListPrefs(null, "k")).toEqual(NO_PREFS);
  });
});

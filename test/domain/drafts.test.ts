/**
 * Form drafts belong to their workbook: two workbooks open in the same browser storage never
 * see each other's half-typed customer, and a saved record clears only its own workbook's draft.
 */
import {
  clearDraft,
  dropUnpartitionedDrafts,
  loadDraft,
  partitionedDraftStore,
  saveDraft,
  type WorkbookIdentity,
} from "../../src/domain/drafts";

/** localStorage as a browser has it: one store for every workbook of the add-in's origin. */
class MemoryStorage {
  private readonly map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  key(i: number): string | null {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
  keys(): string[] {
    return [...this.map.keys()];
  }
}

/** A workbook's id as kept in its settings: none until the first draft. */
function workbook(made: string): WorkbookIdentity & { id: string | null } {
  const w = {
    id: null as string | null,
    read: () => w.id,
    create: () => (w.id = made),
  };
  return w;
}

it("two workbooks open side by side keep their own drafts", () => {
  const storage = new MemoryStorage();
  const a = workbook("wb-a");
  const b = workbook("wb-b");
  const storeA = partitionedDraftStore(storage, "https://contoso.sharepoint.com", a);
  const storeB = partitionedDraftStore(storage, "https://contoso.sharepoint.com", b);

  // Opening the pane and reading drafts does not give a workbook an id (no edit).
  expect(loadDraft(storeA, "customer")).toBeNull();
  expect(a.id).toBeNull();

  saveDraft(storeA, "customer", { name: "甲公司", phone: "13800138000" });
  expect(a.id).toBe("wb-a");
  expect(loadDraft(storeA, "customer")).toEqual({ name: "甲公司", phone: "13800138000" });
  expect(loadDraft(storeB, "customer")).toBeNull();

  saveDraft(storeB, "customer", { name: "乙公司" });
  expect(loadDraft(storeA, "customer")).toEqual({ name: "甲公司", phone: "13800138000" });
  expect(loadDraft(storeB, "customer")).toEqual({ name: "乙公司" });

  // B's record is saved: only B's draft is cleared.
  clearDraft(storeB, "customer");
  expect(loadDraft(storeB, "customer")).toBeNull();
  expect(loadDraft(storeA, "customer")).toEqual({ name: "甲公司", phone: "13800138000" });
});

it("the same workbook id under another partition key is another store", () => {
  const storage = new MemoryStorage();
  const id = workbook("wb-a");
  saveDraft(partitionedDraftStore(storage, "p1", id), "followUp", { topic: "回访" });
  expect(loadDraft(partitionedDraftStore(storage, "p2", id), "followUp")).toBeNull();
  expect(loadDraft(partitionedDraftStore(storage, "p1", id), "followUp")).toEqual({
    topic: "回访",
  });
  // Keys carry the partition key first, as Microsoft's storage-partitioning example does.
  expect(storage.keys()).toEqual(["p1wb-a/crm.draft.followUp"]);
});

it("drafts kept before partitioning, shared by every workbook, are dropped", () => {
  const storage = new MemoryStorage();
  storage.setItem("crm.draft.customer", JSON.stringify({ v: 1, values: { name: "谁的?" } }));
  storage.setItem("crm.lang", "en");
  saveDraft(partitionedDraftStore(storage, undefined, workbook("wb")), "customer", { name: "x" });
  dropUnpartitionedDrafts(storage);
  expect(storage.keys().sort()).toEqual(["crm.lang", "wb/crm.draft.customer"]);
});

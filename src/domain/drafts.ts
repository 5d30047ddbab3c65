/**
 * Form drafts. A half-filled form must survive closing the task pane and a failed write, so
 * every change is kept in a key-value store (the pane passes `window.localStorage`) and only a
 * successful write clears it. The store is injected so this stays pure and testable.
 */

/** The part of the Web Storage API a draft needs. */
export interface DraftStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type DraftValues = Record<string, string | boolean>;

const PREFIX = "crm.draft.";
/** Bumped if the stored shape changes, so an old draft is dropped instead of misread. */
const VERSION = 1;

interface StoredDraft {
  v: number;
  values: DraftValues;
}

function keyOf(form: string): string {
  return PREFIX + form;
}

/** The saved draft of a form, or null when there is none (or it cannot be read). */
export function loadDraft(store: DraftStore | null, form: string): DraftValues | null {
  if (!store) return null;
  try {
    const text = store.getItem(keyOf(form));
    if (!text) return null;
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== "object") return null;
    const draft = parsed as Partial<StoredDraft>;
    if (draft.v !== VERSION || !draft.values || typeof draft.values !== "object") return null;
    const out: DraftValues = {};
    for (const [k, v] of Object.entries(draft.values)) {
      if (typeof v === "string" || typeof v === "boolean") out[k] = v;
    }
    return out;
  } catch {
    // Storage may be disabled (private mode, a locked-down WebView): drafts are a convenience.
    return null;
  }
}

/** Saves a draft; an all-empty form removes it so an untouched form does not look edited. */
export function saveDraft(store: DraftStore | null, form: string, values: DraftValues): void {
  if (!store) return;
  try {
    const meaningful = Object.values(values).some((v) => typeof v === "string" && v.trim() !== "");
    if (!meaningful) {
      store.removeItem(keyOf(form));
      return;
    }
    const stored: StoredDraft = { v: VERSION, values };
    store.setItem(keyOf(form), JSON.stringify(stored));
  } catch {
    // Quota exceeded or storage disabled: the form still works, only the draft is not kept.
  }
}

export function clearDraft(store: DraftStore | null, form: string): void {
  if (!store) return;
  try {
    store.removeItem(keyOf(form));
  } catch {
    // See saveDraft.
  }
}

/** Whether a saved draft differs from the form's defaults (to tell the user it was restored). */
export function differsFrom(draft: DraftValues, defaults: DraftValues): boolean {
  return Object.entries(draft).some(([k, v]) => (defaults[k] ?? "") !== v);
}

/** Where a workbook's own id is kept and how a new one is made (see `partitionedDraftStore`). */
export interface WorkbookIdentity {
  /** The id kept in the workbook, or null when it has none yet. */
  read(): string | null;
  /** Makes, keeps in the workbook and returns a new id. */
  create(): string;
}

/**
 * Drafts belong to their workbook: a half-typed customer (names, phones, emails) must not show
 * up in another workbook's form. Keys are prefixed with Office's storage partition key
 * (Microsoft: "Persist add-in state and settings", storage partitioning; undefined where the
 * browser control does not partition) and with an id kept in the workbook itself. The id is
 * made only when a first draft is saved, so merely opening the pane never edits a workbook; a
 * workbook without one has no drafts to load.
 */
export function partitionedDraftStore(
  store: DraftStore | null,
  partition: string | undefined,
  identity: WorkbookIdentity,
): DraftStore | null {
  if (!store) return null;
  const prefix = (id: string) => `${partition ?? ""}${id}/`;
  return {
    getItem(key) {
      const id = identity.read();
      return id ? store.getItem(prefix(id) + key) : null;
    },
    setItem(key, value) {
      const id = identity.read() ?? identity.create();
      store.setItem(prefix(id) + key, value);
    },
    removeItem(key) {
      const id = identity.read();
      if (id) store.removeItem(prefix(id) + key);
    },
  };
}

/**
 * Drafts kept before they were partitioned (`crm.draft.<form>`, shared by every workbook) are
 * dropped: nobody can tell which workbook they came from.
 */
export function dropUnpartitionedDrafts(
  store: (DraftStore & { key?: (i: number) => string | null; length?: number }) | null,
): void {
  if (!store || typeof store.key !== "function" || typeof store.length !== "number") return;
  try {
    const old: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k && k.startsWith(PREFIX)) old.push(k);
    }
    for (const k of old) store.removeItem(k);
  } catch {
    // See saveDraft.
  }
}

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

/**
 * What the pane remembers per workbook for the person using it: who "我" is in the work lists and
 * whether they look at their own items only. It is a person's choice, so it is kept in the
 * browser's storage (not in the workbook, which co-authors share), under a key that names the
 * workbook: one team's workbook says 张伟, another's may say Zhang Wei.
 *
 * Deliberately small: i13a builds the per-workbook key for drafts (SPEC §6); when it lands, the
 * pane should pass that key here instead of `workbookKeyOf`'s.
 */
import type { DraftStore } from "./drafts";

export interface WorkListPrefs {
  /** The 负责人 the user said they are; "" until chosen. */
  me: string;
  /** Show only my items. */
  mineOnly: boolean;
}

export const NO_PREFS: WorkListPrefs = { me: "", mineOnly: false };

/**
 * A key for one workbook in one storage partition. `partitionKey` is Office's
 * (Office.context.partitionKey: set where the host partitions localStorage, e.g. Excel on the
 * web; undefined elsewhere, Microsoft Learn "Persist add-in state and settings"); `workbook`
 * names the document (its URL; "" for a workbook never saved, which then shares one key).
 */
export function workbookKeyOf(partitionKey: string | undefined | null, workbook: string): string {
  return `${partitionKey ?? ""}${encodeURIComponent(workbook.trim())}`;
}

const PREFIX = "crm.worklists.";

function keyOf(workbookKey: string): string {
  return PREFIX + workbookKey;
}

export function loadWorkListPrefs(store: DraftStore | null, workbookKey: string): WorkListPrefs {
  if (!store) return NO_PREFS;
  try {
    const text = store.getItem(keyOf(workbookKey));
    if (!text) return NO_PREFS;
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== "object") return NO_PREFS;
    const p = parsed as Partial<Record<keyof WorkListPrefs, unknown>>;
    const me = typeof p.me === "string" ? p.me.trim() : "";
    return { me, mineOnly: me !== "" && p.mineOnly === true };
  } catch {
    // Storage blocked or the value unreadable: the lists simply start unfiltered.
    return NO_PREFS;
  }
}

export function saveWorkListPrefs(
  store: DraftStore | null,
  workbookKey: string,
  prefs: WorkListPrefs,
): void {
  if (!store) return;
  try {
    store.setItem(keyOf(workbookKey), JSON.stringify({ me: prefs.me, mineOnly: prefs.mineOnly }));
  } catch {
    // Quota or storage disabled: the choice lasts for this session only.
  }
}

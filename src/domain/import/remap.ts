/**
 * Customer IDs changed by an import, remembered across imports.
 *
 * A customer row whose 客户编号 belongs to another company in the workbook (编号冲突), or to an
 * earlier row of the same file, is written under a new ID. The team's other files still quote
 * the old one: a follow-up log imported next week names `C202405001` and 北京星辰科技, while
 * C202405001 is 杭州西湖电子 in the workbook. Without a memory of the change that follow-up
 * would land on the wrong company (or be rejected).
 *
 * Where the memory lives: a line `导入前编号：C202405001` in the new customer's 备注. Chosen over
 * the add-in's own storage and over a hidden list sheet because
 * - it is in the row itself: it survives co-authoring (another user's import reads it from the
 *   workbook like any cell), sorting, copying the workbook and re-installing the add-in, and it
 *   is deleted with the customer, so it never points at a row that is gone;
 * - a person sees it, so the change of number is not a secret the add-in keeps (the old number
 *   is what the team's paper and mail still quote);
 * - it needs no new sheet, table or setup step, so workbooks set up by earlier versions have it.
 * The marker is fixed text (not translated): it is data that later imports parse, whatever the
 * pane's language.
 *
 * Used conservatively: a child row is pointed at the new ID only when its 客户名称 names the
 * remapped customer and not the company that holds the ID now (or nobody does), and exactly one
 * remapped customer carries that former ID under that name.
 */
import type { Label } from "../i18n";
import { normalizeName } from "../duplicates";
import type { CrmRecord } from "../port";

const MARKER = "导入前编号";
const FORMER_ID = new RegExp(`${MARKER}[:：]\\s*([A-Za-z0-9_-]+)`, "gu");

/** The 备注 line that remembers a customer's ID before the import changed it. */
export function formerIdNote(id: string): string {
  return `${MARKER}：${id}`;
}

/** Former IDs remembered in a 备注 text (a customer may have been renumbered twice). */
export function formerIds(notes: unknown): string[] {
  if (typeof notes !== "string" || !notes.includes(MARKER)) return [];
  return [...notes.matchAll(FORMER_ID)].map((m) => (m[1] ?? "").toUpperCase()).filter(Boolean);
}

/** A child row's customer ID, pointed at the customer an import renumbered. */
export interface Remapped {
  from: string;
  to: string;
}

export class IdRemap {
  /** Current customer name (normalised) by ID. */
  private readonly nameOf = new Map<string, string>();
  /** Renumbered customers by former ID: their current ID and name. */
  private readonly byFormer = new Map<string, { id: string; name: string }[]>();

  constructor(customers: readonly CrmRecord[]) {
    for (const c of customers) {
      if (typeof c.customerId !== "string" || !c.customerId) continue;
      const name = typeof c.name === "string" ? normalizeName(c.name) : "";
      this.nameOf.set(c.customerId.toUpperCase(), name);
      for (const former of formerIds(c.notes)) {
        const list = this.byFormer.get(former) ?? [];
        list.push({ id: c.customerId, name });
        this.byFormer.set(former, list);
      }
    }
  }

  /** Whether any customer carries a former ID (most workbooks: none, and nothing to do). */
  get empty(): boolean {
    return this.byFormer.size === 0;
  }

  /**
   * The ID a child row means by `id` and `name`: undefined when `id` is right as it is (its
   * customer has that name), or when no single renumbered customer fits both.
   */
  resolve(id: string, name: string): Remapped | undefined {
    const key = id.trim().toUpperCase();
    const wanted = normalizeName(name);
    if (!key || !wanted) return undefined;
    const current = this.nameOf.get(key);
    if (current === wanted) return undefined;
    const fits = (this.byFormer.get(key) ?? []).filter((c) => c.name === wanted);
    const [only] = fits;
    return fits.length === 1 && only ? { from: id.trim(), to: only.id } : undefined;
  }
}

export const REMAP_MESSAGES = {
  remapped: {
    zh: "{count} 行的客户编号是之前导入时改过的旧编号，已按客户名称改为新编号：{examples}",
    en: "{count} {count|row quotes|rows quote} a customer ID that an earlier import changed; pointed to the new ID by the customer name: {examples}",
  },
  example: {
    zh: "第 {line} 行 {from} → {to}",
    en: "row {line} {from} → {to}",
  },
  remembered: {
    zh: "原编号记在新客户的备注中（导入前编号），之后导入的跟进、反馈和交易记录会按它对应到新编号。",
    en: "The old ID is kept in the new customer's Notes (导入前编号); follow-ups, feedback and orders imported later find the new ID by it.",
  },
  renumberedAtWrite: {
    zh: "{count} 个客户的编号在写入前已被他人使用，已改用新编号，并在备注中记下原编号：{examples}",
    en: "{count} {count|customer's ID was|customers' IDs were} taken by someone else before the write; new IDs were given and the old ones kept in Notes: {examples}",
  },
  renumberFailed: {
    zh: "{count} 个客户的编号在写入前已被他人使用，已改用新编号（{examples}），但未能在备注中记下原编号：{error}",
    en: "{count} {count|customer's ID was|customers' IDs were} taken by someone else before the write and new IDs were given ({examples}), but the old IDs could not be kept in Notes: {error}",
  },
  pair: { zh: "{from} → {to}", en: "{from} → {to}" },
} satisfies Record<string, Label>;

/**
 * What is wrong with a workbook, in words (issue 17: "repair from any state"). A workbook lives
 * for years: its Settings sheet gets deleted, a name ends up pointing at #REF!, a list table is
 * emptied, a table is cut and pasted to another sheet, an adoption stops half-way. Status lists
 * each of these so the user knows what Repair will do before pressing it; Repair (setup) then
 * rebuilds what is missing with the defaults and says so, never touching a user's cell.
 *
 * Pure: it reads the same snapshot the layout planner reads.
 */
import { say, type Label, type Lang } from "./i18n";
import {
  LISTS,
  LIST_KEYS,
  SETTINGS,
  TABLES,
  TABLE_KEYS,
  type ListKey,
  type TableKey,
} from "./schema";
import type { WorkbookSnapshot } from "./layout";
import { decodePending } from "./adoption";

/** One thing wrong, with what it needs in its message. `repair`: Repair fixes it. */
export interface StatusProblem {
  kind: keyof typeof PROBLEM_MESSAGES;
  params: Record<string, string | number>;
  repair: boolean;
}

export const PROBLEM_MESSAGES = {
  settingsGone: {
    zh: "参数设置工作表（参数和下拉列表）已不存在。“修复”将以默认值重建它。",
    en: "The Settings sheet (settings and dropdown lists) is gone. Repair rebuilds it with the defaults.",
  },
  brokenNames: {
    zh: "名称 {names} 指向已删除的单元格（#REF!）。“修复”将重新定义它们；找不到原单元格时使用默认值。",
    en: "The names {names} point at deleted cells (#REF!). Repair defines them again, with the defaults where the original cells are gone.",
  },
  missingNames: {
    zh: "缺少名称 {names}。“修复”将重新定义它们；找不到原单元格时使用默认值。",
    en: "The names {names} are missing. Repair defines them again, with the defaults where the original cells are gone.",
  },
  missingLists: {
    zh: "缺少下拉列表“{lists}”。“修复”将以默认选项重建。",
    en: "The dropdown lists {lists} are missing. Repair rebuilds them with the default choices.",
  },
  emptyLists: {
    zh: "下拉列表“{lists}”是空的，对应列的下拉框无可选项。“修复”将填入默认选项。",
    en: "The dropdown lists {lists} are empty, so their columns offer no choice. Repair fills in the default choices.",
  },
  tableMoved: {
    zh: "{table}位于工作表“{sheet}”（原为“{expected}”），仍可正常使用。",
    en: '{table} is on sheet "{sheet}" (set up on "{expected}"); it works as it is.',
  },
  columnRenamed: {
    zh: "{table}的列“{column}”已被改名为“{header}”；需要它的写入会暂停，请改回原名或确认新名称。",
    en: 'The column "{column}" of {table} was renamed to "{header}"; writes that need it wait until it is renamed back or the new name is kept.',
  },
  adoptionUnfinished: {
    zh: "工作表“{sheet}”的采用（{table}）未完成，拆分列“{columns}”可能不完整。“修复”将完成它，已有数据不变。",
    en: 'Adopting sheet "{sheet}" as {table} did not finish; the split columns {columns} may be incomplete. Repair finishes it; the data stays as it is.',
  },
} satisfies Record<string, Label>;

/**
 * The problem in words. Params are kept language-neutral (a table key, list keys, a column key)
 * so that switching the pane's language needs no new read of the workbook.
 */
export function problemText(problem: StatusProblem, lang: Lang): string {
  const p = { ...problem.params };
  const table = typeof p.table === "string" && p.table in TABLES ? (p.table as TableKey) : null;
  if (table) {
    if (typeof p.column === "string") {
      const col = TABLES[table].columns.find((c) => c.key === p.column);
      if (col) p.column = col.header[lang];
    }
    p.expected = TABLES[table].sheet[lang];
    p.table = `${TABLES[table].sheet[lang]} (${TABLES[table].name})`;
  }
  if (table && typeof p.columns === "string")
    p.columns = p.columns
      ? p.columns
          .split(",")
          .map((k) => TABLES[table].columns.find((c) => c.key === k)?.header[lang] ?? k)
          .join(lang === "zh" ? "”、“" : ", ")
      : lang === "zh"
        ? "无"
        : "(none)";
  if (typeof p.lists === "string")
    p.lists = p.lists
      .split(",")
      .map((k) => (k in LISTS ? LISTS[k as ListKey].label[lang] : k))
      .join(lang === "zh" ? "”、“" : ", ");
  return say(PROBLEM_MESSAGES[problem.kind], lang, p);
}

/** A defined name whose reference was deleted. */
export function isBrokenName(formula: string): boolean {
  return /#REF!/i.test(formula);
}

/** The sheet a table was set up on, in either language (a table elsewhere was moved). */
function expectedSheets(table: TableKey): string[] {
  return [TABLES[table].sheet.zh, TABLES[table].sheet.en].map((s) => s.toLowerCase());
}

/** Every problem of the snapshot that status should put into words. */
export function workbookProblems(snap: WorkbookSnapshot): StatusProblem[] {
  const blankLists = new Set(snap.blankLists ?? []);
  const out: StatusProblem[] = [];
  const nameOf = (n: string) => snap.names.find((x) => x.name.toLowerCase() === n.toLowerCase());
  const tableOf = (n: string) => snap.tables.find((t) => t.name.toLowerCase() === n.toLowerCase());
  const ours = [...SETTINGS.map((s) => s.name), ...LIST_KEYS.map((k) => LISTS[k].name)];
  const broken = ours.filter((n) => {
    const x = nameOf(n);
    return x !== undefined && isBrokenName(x.formula);
  });
  const missing = ours.filter((n) => nameOf(n) === undefined);
  const missingLists = LIST_KEYS.filter((k) => !tableOf(LISTS[k].table));
  const settingsGone =
    missingLists.length === LIST_KEYS.length &&
    SETTINGS.every((s) => {
      const x = nameOf(s.name);
      return !x || isBrokenName(x.formula);
    });
  // Only once something of ours exists: a workbook never set up is "set up", not "repair".
  const anyCrm = TABLE_KEYS.some((k) => tableOf(TABLES[k].name)) || snap.layoutVersion !== null;
  if (settingsGone) {
    if (anyCrm) out.push({ kind: "settingsGone", params: {}, repair: true });
  } else {
    if (broken.length)
      out.push({ kind: "brokenNames", params: { names: broken.join(", ") }, repair: true });
    if (missing.length)
      out.push({ kind: "missingNames", params: { names: missing.join(", ") }, repair: true });
    if (missingLists.length)
      out.push({
        kind: "missingLists",
        params: { lists: missingLists.join(",") },
        repair: true,
      });
  }
  const empty = LIST_KEYS.filter((k) => blankLists.has(LISTS[k].table.toLowerCase()));
  if (empty.length)
    out.push({
      kind: "emptyLists",
      params: { lists: empty.join(",") },
      repair: true,
    });
  const pending = decodePending(snap.adoptionPending);
  if (pending)
    out.push({
      kind: "adoptionUnfinished",
      params: { sheet: pending.sheet, table: pending.table, columns: pending.splitKeys.join(",") },
      repair: true,
    });
  for (const key of TABLE_KEYS) {
    const t = tableOf(TABLES[key].name);
    if (!t || expectedSheets(key).some((s) => t.sheet.toLowerCase().startsWith(s))) continue;
    // Moved: the sheet it was set up on is still there, without it. (An adopted table lives on
    // its template's sheet from the start: no sheet of the set-up name, nothing to report.)
    const left = snap.sheets.find((s) => expectedSheets(key).includes(s.name.toLowerCase()));
    if (!left || snap.tables.some((x) => x.sheet === left.name)) continue;
    out.push({
      kind: "tableMoved",
      params: { table: key, sheet: t.sheet },
      repair: false,
    });
  }
  return out;
}

/** The pane's words for the answers to a renamed or missing column (Home). */
export const RECOVERY_LABELS = {
  problemsHeading: { zh: "需要注意", en: "Needs attention" },
  renameBack: { zh: "改回“{column}”", en: 'Rename back to "{column}"' },
  keepName: { zh: "保留“{header}”", en: 'Keep "{header}"' },
  mapMissing: {
    zh: "{table}的列“{column}”找不到。它现在是哪一列？",
    en: 'The column "{column}" of {table} is not found. Which column is it now?',
  },
  mapTo: { zh: "对应到所选列", en: "Use the chosen column" },
  renamedBack: { zh: "已将列名改回“{header}”。", en: 'The column is named "{header}" again.' },
  mapped: {
    zh: "已记住：“{header}”就是“{column}”。",
    en: 'Noted: "{header}" is the column "{column}".',
  },
  failed: { zh: "未完成：{message}", en: "Not done: {message}" },
} satisfies Record<string, Label>;

/**
 * Whether a failure may have left part of a write behind (the adapter's PartialWriteError, told
 * by its kind so that the pane needs no import of the adapter). Such a failure must never be
 * summed up as "nothing was written".
 */
export function isPartialWrite(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { kind?: unknown }).kind === "partialWrite"
  );
}

const APPEND_FAILURE = {
  nothing: {
    zh: "写入失败，未新增任何行：{error}",
    en: "The write failed; no rows were added: {error}",
  },
  partial: {
    zh: "写入中断，且已写入的部分行未能撤销：{error} 再次导入同一文件只会写入尚未写入的行。",
    en: "The write stopped and some rows already written could not be removed: {error} Importing the same file again writes only the rows that are not there yet.",
  },
} satisfies Record<string, Label>;

/** The import's message for a failed append: "nothing added" only when that is true. */
export function appendFailureText(error: unknown, detail: string, lang: Lang): string {
  return say(isPartialWrite(error) ? APPEND_FAILURE.partial : APPEND_FAILURE.nothing, lang, {
    error: detail,
  });
}

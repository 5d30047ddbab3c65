/**
 * Import panel: pick a .csv or .xlsx file, check the detected table and column mapping, choose
 * what to do with duplicates, preview every row's problems, then write the accepted rows in one
 * pass. Rejected rows can be downloaded with a reason column, fixed and imported again.
 * Nothing is written before the user presses Import; cancelling drops the analysis.
 */
import { useMemo, useRef, useState, type ChangeEvent, type DragEvent, type ReactNode } from "react";
import { flushSync } from "react-dom";
import {
  Button,
  Checkbox,
  Field,
  Select,
  Spinner,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
  useId,
} from "@fluentui/react-components";
import { shrinkingField } from "../common";
import { importListStyles } from "./styles";
import { FolderOpenRegular } from "@fluentui/react-icons";
import { CSV_ERRORS } from "../../../domain/import/csv";
import { TEXT_ENCODINGS, type TextEncodingName } from "../../../domain/import/decode";
import { executeImport, type ImportOutcome } from "../../../domain/import/execute";
import { checkFileSize } from "../../../domain/import/fileErrors";
import {
  HISTORY_MESSAGES,
  describeHistoryNote,
  historyColumns,
  planHistory,
  type HistoryChoices,
} from "../../../domain/import/history";
import { loadImportFile, type LoadedFile } from "../../../domain/import/load";
import { IMPORT_MESSAGES } from "../../../domain/import/messages";
import {
  analyseImportInSlices,
  describeDuplicate,
  describeProblems,
  detectMapping,
  impliedValues,
  isIdOnly,
  nextTask,
  planImport,
  remapTable,
  setTarget,
  targetColumns,
  type AnalysedImport,
  type ColumnTarget,
  type DuplicateChoice,
  type ImportMapping,
  type OffListChoice,
  type ImportPlan,
  type PlannedRow,
} from "../../../domain/import/pipeline";
import { rejectedCsv, rejectedFileName } from "../../../domain/import/rejected";
import { REMAP_MESSAGES } from "../../../domain/import/remap";
import { TABLE_FIT_MESSAGES, missingHeaders, tableFit } from "../../../domain/import/tableFit";
import { say, type Label, type Lang } from "../../../domain/i18n";
import type { CrmRecord, CrmWorkbook } from "../../../domain/port";
import { appendFailureText } from "../../../domain/recovery";
import {
  TABLES,
  TABLE_KEYS,
  columnDef,
  defaultListValues,
  type ListValues,
  type TableKey,
} from "../../../domain/schema";
import { todaySerial } from "../../../domain/values";
import { FormStatus, type StatusMessage } from "../FormStatus";
import { ProgressField } from "../ProgressField";
import { ImportProblems } from "./ImportProblems";
import { errorText } from "../common";

const L = {
  title: { zh: "导入", en: "Import" },
  intro: {
    zh: "导入旧模板或 CSV 文件（.xlsx、.csv；UTF-8、GBK、Big5 或 UTF-16 编码，最大 50 MB）。导入前可检查列对应关系和每一行的问题。",
    en: "Import an old template or a CSV file (.xlsx, .csv; UTF-8, GBK, Big5 or UTF-16, up to 50 MB). Check the column mapping and each row's problems before importing.",
  },
  readProgress: {
    zh: "已读取 {done} / {total} MB",
    en: "{done} of {total} MB read",
  },
  readStopped: { zh: "已停止读取文件。", en: "Reading the file was stopped." },
  encoding: { zh: "文字编码", en: "Text encoding" },
  encodingHint: {
    zh: "{how}。示例：{sample}。如文字显示不对，请换一种编码。",
    en: "{how}. Sample: {sample}. If the characters look wrong, choose another encoding.",
  },
  repaired: {
    zh: "文件中有 {count} 处无法识别的字节，已替换为 �（第 {lines} 行）。请检查这些行；如果大部分文字都不对，请换一种编码，或在 Excel 中重新导出为“CSV UTF-8”。",
    en: "{count} undecodable byte sequences were replaced by � (lines {lines}). Check those lines; if most text looks wrong, choose another encoding or re-export the file from Excel as “CSV UTF-8”.",
  },
  controls: {
    zh: "已删除 {count} 个控制字符（如 NUL），它们不是有效的单元格内容。",
    en: "{count} control characters (such as NUL) were removed; they are not valid cell content.",
  },
  file: { zh: "导入的文件", en: "File to import" },
  choose: { zh: "选择文件…", en: "Choose a file…" },
  noFile: {
    zh: "未选择文件。也可以把文件拖到这里。",
    en: "No file chosen. You can also drop a file here.",
  },
  reading: { zh: "正在读取…", en: "Reading…" },
  writing: { zh: "正在写入 Excel…", en: "Writing to Excel…" },
  analysing: { zh: "正在检查文件…", en: "Checking the file…" },
  analysed: { zh: "已检查 {done} / {total} 行", en: "{done} of {total} {total|row|rows} checked" },
  stop: { zh: "停止", en: "Stop" },
  writeStopped: {
    zh: "已停止导入，已写入的行都已撤销，工作簿保持原样。",
    en: "Import stopped: the rows written so far were undone; the workbook is as it was.",
  },
  written: {
    zh: "已写入 {written} / {total} 行；出错时会全部撤销",
    en: "{written} of {total} {total|row|rows} written; all are undone if a later part fails",
  },
  sheet: { zh: "工作表", en: "Sheet" },
  table: { zh: "导入到", en: "Import into" },
  mapping: { zh: "列对应关系", en: "Column mapping" },
  toNotes: { zh: "→ 备注", en: "→ Notes" },
  ignore: { zh: "忽略", en: "Ignore" },
  split: { zh: "拆分为 {parts}", en: "Split into {parts}" },
  splitRest: {
    zh: "拆分为 {parts}(其余部分 → 备注)",
    en: "Split into {parts} (the rest → Notes)",
  },
  lookup: { zh: "{header}(用于查找客户)", en: "{header} (used to find the customer)" },
  nameAsContact: {
    zh: "{header}(个人客户：也填入对接人)",
    en: "{header} (a person: also used as the contact)",
  },
  priceQuantityOne: {
    zh: "{header}(没有数量列：数量记为 1)",
    en: "{header} (no quantity column: quantity 1)",
  },
  history: {
    zh: "→ 备注，并生成{what}",
    en: "→ Notes, and creates {what}",
  },
  duplicates: { zh: "重复的行", en: "Duplicate rows" },
  skip: { zh: "跳过", en: "Skip" },
  update: {
    zh: "更新已有记录（不会用空值覆盖）",
    en: "Update the existing record (never with blanks)",
  },
  keepBoth: { zh: "两条都保留", en: "Keep both" },
  summary: {
    zh: "文件共 {total} 行：新增 {insert}，更新 {update}，合并 {merge}，跳过 {skip}，有问题 {rejected}",
    en: "{total} file {total|row|rows}: {insert} new, {update} {update|update|updates}, {merge} merged, {skip} skipped, {rejected} with problems",
  },
  summaryConflict: {
    zh: "（新增中 {conflict} 行使用新编号）",
    en: " ({conflict} of the new under a new ID)",
  },
  summaryWhat: {
    zh: "新增：写入{table}的新行；更新：改写已有的行；合并：并入文件中另一行，不单独写入。",
    en: "New: rows added to {table}; update: existing rows changed; merged: folded into another row of the file, not written on their own.",
  },
  conflicts: {
    zh: "其中 {conflict} 行的编号在工作簿中属于另一家客户，将使用新编号导入。",
    en: "{conflict} rows carry an ID that belongs to another customer in the workbook; they are imported under new IDs.",
  },
  newId: { zh: "使用新编号导入", en: "Import under a new ID" },
  line: { zh: "第 {line} 行", en: "Row {line}" },
  import: { zh: "导入 {count} 行", en: "Import {count} {count|row|rows}" },
  cancel: { zh: "取消", en: "Cancel" },
  download: { zh: "下载有问题的行", en: "Download the rows with problems" },
  done: {
    zh: "已在{table}中新增 {inserted} 行，更新 {updated} 行。",
    en: "{inserted} {inserted|row|rows} added to {table}, {updated} updated.",
  },
  doneWarnings: {
    zh: "有警告的值已按原样写入，运行“数据检查”可在表格中找到并标出它们。",
    en: "Values with warnings were written as given; run the data check to find and mark them in the sheets.",
  },
  doneHistory: {
    zh: "另由客户的历史列生成跟进记录 {followUps} 条、交易记录 {orders} 条（不计入上面的行数）。",
    en: "Also created from the customers' history columns: {followUps} follow-ups and {orders} orders (not counted above).",
  },
  historyFailed: {
    zh: "已新增 {inserted} 个客户，但生成{what}失败，未写入任何{what}：{error}",
    en: "{inserted} customers were added, but creating the {what} failed; none was written: {error}",
  },
  followUpsWord: { zh: "跟进记录", en: "follow-ups" },
  ordersWord: { zh: "交易记录", en: "orders" },
  updateFailed: {
    zh: "已新增 {inserted} 行（{ids}），但更新已有记录失败，未更新任何记录：{error}",
    en: "{inserted} {inserted|row was|rows were} added ({ids}), but updating existing records failed; none was updated: {error}",
  },
  more: { zh: "仅显示前 {shown} 行。", en: "Showing the first {shown} rows." },
  resultFor: { zh: "上次导入：{file}", en: "Last import: {file}" },
  notWritten: {
    zh: "未写入的行（选择新文件前一直保留）：",
    en: "Rows not written (kept until you choose a new file):",
  },
} satisfies Record<string, Label>;

const STATUS: Record<string, Label> = {
  insert: { zh: "新增", en: "New" },
  conflict: { zh: "编号冲突", en: "ID conflict" },
  update: { zh: "更新", en: "Update" },
  merge: { zh: "合并", en: "Merge" },
  skip: { zh: "跳过", en: "Skip" },
  rejected: { zh: "有问题", en: "Problem" },
};

const SHOWN = 200;

/**
 * The plan's counts, the same sentence before and after the write: 新增 counts every row the
 * write adds (an ID conflict's row is added too, under a new ID), so it equals the result's
 * 已新增. The last import's result used the raw counts (conflicts apart) and said 新增 3 beside
 * 已新增 4.
 */
function summaryText(plan: ImportPlan, lang: Lang): string {
  const { summary } = plan;
  return (
    say(L.summary, lang, { ...summary, insert: summary.insert + summary.conflict }) +
    (summary.conflict > 0 ? say(L.summaryConflict, lang, { conflict: summary.conflict }) : "")
  );
}

const ENCODING_NAMES: Record<TextEncodingName, Label> = {
  "utf-8": { zh: "UTF-8", en: "UTF-8" },
  "utf-8-bom": { zh: "UTF-8(带 BOM)", en: "UTF-8 (with BOM)" },
  gb18030: { zh: "GB18030 / GBK(简体中文)", en: "GB18030 / GBK (Simplified Chinese)" },
  big5: { zh: "Big5(繁体中文)", en: "Big5 (Traditional Chinese)" },
  "utf-16le": { zh: "UTF-16LE(Unicode 文本)", en: "UTF-16LE (Unicode text)" },
  "utf-16be": { zh: "UTF-16BE", en: "UTF-16BE" },
};

const ENCODING_REASONS: Record<string, Label> = {
  bom: { zh: "由文件开头的字节顺序标记（BOM）确定", en: "Told by the file's byte-order mark" },
  zeros: { zh: "按文件中的零字节判断为 UTF-16", en: "Recognised as UTF-16 by its zero bytes" },
  utf8: { zh: "文件是有效的 UTF-8", en: "The file is valid UTF-8" },
  "utf8-repaired": {
    zh: "文件基本是 UTF-8(个别字节有误)",
    en: "The file is UTF-8 but for a few bad bytes",
  },
  detector: { zh: "按文字统计特征自动识别", en: "Detected from the text's character statistics" },
  chosen: { zh: "按您选择的编码读取", en: "Read with the encoding you chose" },
};

/**
 * A picked file's bytes, read in pieces so the pane shows progress and can stop from the first
 * byte (a 50 MB file takes seconds on a network drive). Falls back to one read where the
 * browser has no File.stream (older webviews).
 */
async function readFileBytes(
  picked: File,
  signal: AbortSignal,
  onProgress: (done: number) => void,
): Promise<Uint8Array> {
  if (typeof picked.stream !== "function") return new Uint8Array(await picked.arrayBuffer());
  const out = new Uint8Array(picked.size);
  const reader = picked.stream().getReader();
  let at = 0;
  for (;;) {
    if (signal.aborted) {
      await reader.cancel();
      throw signal.reason ?? new Error("Aborted");
    }
    const { done, value } = await reader.read();
    if (done) break;
    // A file that grew since it was picked: keep what fits, the size check already passed.
    out.set(value.subarray(0, Math.max(0, out.length - at)), at);
    at += value.length;
    onProgress(Math.min(at, out.length));
  }
  return at < out.length ? out.subarray(0, at) : out;
}

function megabytes(n: number): string {
  return (n / 1024 / 1024).toFixed(1);
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  ...importListStyles,
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  picker: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
  },
  dragging: {
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  pickerRow: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    flexWrap: "wrap",
  },
  // Its select has long options: the shared rule of fields.tsx.
  narrow: shrinkingField,
  // A long file name wraps inside the pane rather than widening it.
  pickerState: { minWidth: 0, overflowWrap: "anywhere" },
});

export interface ImportPanelProps {
  workbook: CrmWorkbook;
  lang: Lang;
  /** The pane's today (fixed in preview tests); the clock when a test leaves it out. */
  today?: number;
}

function encodeTarget(t: ColumnTarget): string {
  if (t.kind === "column") return `column:${t.key}`;
  if (t.kind === "combined") return `combined:${t.parts.map((p) => p ?? "").join("|")}`;
  return t.kind;
}

function decodeTarget(value: string): ColumnTarget {
  if (value.startsWith("column:")) return { kind: "column", key: value.slice(7) };
  if (value.startsWith("combined:"))
    return {
      kind: "combined",
      parts: value
        .slice(9)
        .split("|")
        .map((p) => p || null),
    };
  return value === "ignore" ? { kind: "ignore" } : { kind: "notes" };
}

export default function ImportPanel({ workbook, lang, today }: ImportPanelProps) {
  const styles = useStyles();
  const fileInputRef = useRef<HTMLInputElement>(null);
  const pickerLabelId = useId("import-file");
  const pickerStateId = useId("import-file-state");
  /** The name of the file last chosen or dropped, said beside the button. */
  const [pickedName, setPickedName] = useState<string | null>(null);
  /** A file is dragged over the picker. */
  const [dragging, setDragging] = useState(false);
  const [file, setFile] = useState<{
    name: string;
    loaded: LoadedFile;
    sheet: number;
    /** A text file's bytes, kept so that another encoding can be chosen (re-read). */
    bytes?: Uint8Array;
  } | null>(null);
  /** Set while a file is read: bytes read so far (the file, then an .xlsx's compressed parts). */
  const [reading, setReading] = useState<{ done: number; total: number } | null>(null);
  /** Stops reading the file; nothing has been analysed by then. */
  const stopRead = useRef<AbortController | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [analysed, setAnalysed] = useState<AnalysedImport | null>(null);
  const [choice, setChoice] = useState<DuplicateChoice>("skip");
  const [historyChoices, setHistoryChoices] = useState<HistoryChoices>({
    followUps: true,
    orders: true,
  });
  const [perRow, setPerRow] = useState<Map<number, DuplicateChoice>>(new Map());
  /** The user's choice for each value outside its list (by offListKey); default: keep. */
  const [offListChoices, setOffListChoices] = useState<Map<string, OffListChoice>>(new Map());
  const [busy, setBusy] = useState(false);
  /** Set while Import writes: rows written so far (0 until the first request is done). */
  const [writing, setWriting] = useState<{ written: number; total: number } | null>(null);
  /** Set while a file is analysed: file rows checked so far. */
  const [checking, setChecking] = useState<{ done: number; total: number } | null>(null);
  /** Stops the running analysis (the Stop button); nothing has been written by then. */
  const stopAnalysis = useRef<AbortController | null>(null);
  /** Stops a long write before its next request; the adapter undoes what it wrote. */
  const stopWrite = useRef<AbortController | null>(null);
  const [status, setStatus] = useState<StatusMessage[]>([]);
  /**
   * What the last import did not write (problem and skipped rows, their download) and the file
   * it came from: the preview is cleared after a write, and without this the rows to fix were
   * gone with it. Kept until the user chooses a new file.
   */
  const [kept, setKept] = useState<{
    name: string;
    plan: ReturnType<typeof planImport>;
    mapping: ImportMapping;
    analysed: AnalysedImport;
  } | null>(null);
  /** The workbook's lists as the analysis read them; derived history records use the same. */
  const [listsUsed, setListsUsed] = useState<ListValues>(() => defaultListValues());
  /**
   * The workbook's follow-ups and orders as the analysis of a customer file read them: history
   * made for customers the import updates is checked against them, never doubling a record.
   */
  const [historyUsed, setHistoryUsed] = useState<{
    followUps: readonly CrmRecord[];
    orders: readonly CrmRecord[];
  }>({ followUps: [], orders: [] });

  const grid = file ? (file.loaded.sheets[file.sheet]?.grid ?? []) : [];
  const plan = useMemo(
    () =>
      analysed
        ? planImport(analysed, { duplicates: choice, perRow, offList: offListChoices })
        : null,
    [analysed, choice, perRow, offListChoices],
  );
  /** How the file fits the chosen table: required columns it lacks, a table it fits better. */
  const fit = useMemo(
    () => (mapping ? tableFit(grid, mapping) : null),
    // grid follows file and sheet; a new mapping comes with each of them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [mapping],
  );
  /**
   * Required columns the file does not have: a row whose only problems are these is not listed
   * (by ImportProblems either); the table-fit message says that once for every row.
   */
  const missingColumns = useMemo(() => new Set(fit?.missing ?? []), [fit]);
  /**
   * The rows the preview lists here: duplicates and ID conflicts (rows with blocking problems
   * or warnings are listed by ImportProblems), filtered once per plan: the pane re-renders on
   * every progress report of a write, and a plan can hold 100,000 rows.
   */
  const listed = useMemo(
    () => plan?.rows.filter((r) => r.status !== "insert" && r.status !== "rejected") ?? [],
    [plan],
  );
  /** Rows whose 客户编号 an earlier import's renumbering pointed to the new ID (remap.ts). */
  const remapped = useMemo(
    () =>
      analysed && analysed.mapping.table !== "customers"
        ? analysed.rows.filter((r) => r.remapped)
        : [],
    [analysed],
  );
  /** Values the mapping fills where the file has no column (a person as its own contact…). */
  const implied = useMemo(
    () => (mapping ? impliedValues(mapping) : { contactFromName: false, quantityOne: false }),
    [mapping],
  );
  /** The source columns that carry history (the mapping names what they create). */
  const historyColumnsOf = useMemo(() => (mapping ? historyColumns(mapping) : {}), [mapping]);
  /** Follow-ups and orders the customers' history columns make (customer files only). */
  const history = useMemo(
    () =>
      plan && mapping && mapping.table === "customers"
        ? planHistory(
            plan,
            grid,
            mapping,
            // The analysis's today: a follow-up may not be dated after it.
            {
              lists: listsUsed,
              today: today ?? todaySerial(),
              existingFollowUps: historyUsed.followUps,
              existingOrders: historyUsed.orders,
            },
            historyChoices,
          )
        : null,
    // grid follows file and sheet; the plan changes whenever they do.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [plan, mapping, historyChoices, today, historyUsed],
  );

  const reset = () => {
    setPickedName(null);
    setFile(null);
    setMapping(null);
    setAnalysed(null);
    setPerRow(new Map());
    setOffListChoices(new Map());
  };

  /** Reads the workbook afresh for every analysis: another user may have added rows. */
  const analyse = async (m: ImportMapping, g: typeof grid) => {
    const isCustomers = m.table === "customers";
    const [lists, customers, existing, followUps, orders] = await Promise.all([
      workbook.readLists(),
      workbook.readRecords("customers"),
      isCustomers ? Promise.resolve(null) : workbook.readRecords(m.table),
      // A customer file's history columns make follow-ups and orders (history.ts).
      isCustomers ? workbook.readRecords("interactions") : Promise.resolve([]),
      isCustomers ? workbook.readRecords("orders") : Promise.resolve([]),
    ]);
    setListsUsed(lists);
    setHistoryUsed({ followUps, orders });
    const controller = new AbortController();
    stopAnalysis.current = controller;
    setChecking({ done: 0, total: Math.max(0, g.length - m.headerRow - 1) });
    try {
      const result = await analyseImportInSlices(
        g,
        m,
        { lists, today: today ?? todaySerial(), customers, existing: existing ?? customers },
        {
          signal: controller.signal,
          // Rendered now, not when React next gets a turn: the analysis yields only briefly
          // between slices, and a scheduled render could wait until the whole file is done.
          onProgress: (done, total) => flushSync(() => setChecking({ done, total })),
        },
      );
      setMapping(m);
      setAnalysed(result);
    } catch (error) {
      // Stopped by the user: back to the file picker, with nothing to report.
      if (controller.signal.aborted) reset();
      else throw error;
    } finally {
      stopAnalysis.current = null;
      setChecking(null);
    }
  };

  const run = async (task: () => Promise<void>) => {
    setBusy(true);
    setStatus([]);
    try {
      await task();
    } catch (error) {
      setStatus([{ intent: "error", text: errorText(error, lang) }]);
    } finally {
      setBusy(false);
    }
  };

  /** What reading the file found that the user should know (encoding repairs, CSV errors…). */
  const readNotices = (loaded: LoadedFile): StatusMessage[] => {
    const out: StatusMessage[] = [];
    const text = loaded.text;
    if (text && text.repaired > 0)
      out.push({
        intent: "warning",
        text: say(L.repaired, lang, {
          count: text.repaired,
          lines: text.repairedLines.join(lang === "zh" ? "、" : ", "),
        }),
      });
    for (const e of text?.parseErrors.slice(0, 5) ?? [])
      out.push({ intent: "warning", text: say(CSV_ERRORS[e.kind], lang, { row: e.row }) });
    if (loaded.controlChars > 0)
      out.push({ intent: "info", text: say(L.controls, lang, { count: loaded.controlChars }) });
    return out;
  };

  /** Reads (or re-reads with a chosen encoding), detects the mapping, analyses. */
  const load = async (name: string, bytes: Uint8Array, encoding?: TextEncodingName) => {
    const controller = stopRead.current ?? new AbortController();
    stopRead.current = controller;
    setReading({ done: 0, total: 0 });
    let loaded: LoadedFile;
    try {
      loaded = await loadImportFile(name, bytes, {
        encoding,
        signal: controller.signal,
        pause: nextTask,
        onProgress: (done, total) => flushSync(() => setReading({ done, total })),
      });
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      reset();
      setStatus([{ intent: "info", text: say(L.readStopped, lang) }]);
      return;
    } finally {
      stopRead.current = null;
      setReading(null);
    }
    const g = loaded.sheets[loaded.best]?.grid ?? [];
    setFile({ name, loaded, sheet: loaded.best, bytes: loaded.kind === "csv" ? bytes : undefined });
    const notices = readNotices(loaded);
    const m = detectMapping(g);
    if (!m) {
      setStatus([{ intent: "error", text: say(IMPORT_MESSAGES.noHeader, lang) }, ...notices]);
      return;
    }
    await analyse(m, g);
    setStatus(notices);
  };

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    // Cleared, so that choosing the same file again (after fixing it) reads it again.
    event.target.value = "";
    if (picked) pickFile(picked);
  };

  /** A file dropped on the picker: the same as choosing it. */
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const picked = event.dataTransfer.files[0];
    if (picked && !busy) pickFile(picked);
  };

  const pickFile = (picked: File) => {
    void run(async () => {
      reset();
      setKept(null);
      setPickedName(picked.name);
      // Refused before a byte is read: a 200 MB export would take the pane's memory.
      checkFileSize(picked.size);
      const controller = new AbortController();
      stopRead.current = controller;
      setReading({ done: 0, total: picked.size });
      let bytes: Uint8Array;
      try {
        bytes = await readFileBytes(picked, controller.signal, (done) =>
          flushSync(() => setReading({ done, total: picked.size })),
        );
      } catch (error) {
        stopRead.current = null;
        setReading(null);
        if (controller.signal.aborted) {
          setStatus([{ intent: "info", text: say(L.readStopped, lang) }]);
          return;
        }
        throw error;
      }
      await load(picked.name, bytes);
    });
  };

  const onEncoding = (encoding: TextEncodingName) =>
    void run(async () => {
      if (!file?.bytes) return;
      const { name, bytes } = file;
      setMapping(null);
      setAnalysed(null);
      await load(name, bytes, encoding);
    });

  const onSheet = (sheet: number) =>
    void run(async () => {
      if (!file) return;
      const g = file.loaded.sheets[sheet]?.grid ?? [];
      setFile({ ...file, sheet });
      const m = detectMapping(g);
      if (!m) throw new Error(say(IMPORT_MESSAGES.noHeader, lang));
      await analyse(m, g);
    });

  const onImport = () =>
    void run(async () => {
      if (!plan) return;
      const total = plan.inserts.length;
      const controller = new AbortController();
      stopWrite.current = controller;
      setWriting({ written: 0, total });
      const outcome = await executeImport(
        workbook,
        plan,
        {
          onProgress: (written) => setWriting({ written, total }),
          signal: controller.signal,
        },
        history ?? undefined,
      ).finally(() => {
        stopWrite.current = null;
        setWriting(null);
      });
      if (outcome.failure?.step === "append" && controller.signal.aborted) {
        // The preview stays, so the user can import again after all.
        setStatus([{ intent: "info", text: say(L.writeStopped, lang) }]);
        return;
      }
      if (outcome.failure?.step === "append") {
        setStatus([
          {
            intent: "error",
            text: appendFailureText(
              outcome.failure.error,
              errorText(outcome.failure.error, lang),
              lang,
            ),
          },
        ]);
        return;
      }
      if (outcome.failure?.step === "followUps" || outcome.failure?.step === "orders") {
        setStatus([
          {
            intent: "error",
            text: say(L.historyFailed, lang, {
              inserted: outcome.inserted.length,
              what: say(outcome.failure.step === "orders" ? L.ordersWord : L.followUpsWord, lang),
              error: errorText(outcome.failure.error, lang),
            }),
          },
        ]);
        return;
      }
      if (outcome.failure) {
        const ids =
          outcome.inserted.length > 6
            ? `${outcome.inserted.slice(0, 3).join("、")}…${outcome.inserted.slice(-1).join("")}`
            : outcome.inserted.join("、");
        setStatus([
          {
            intent: "error",
            text: say(L.updateFailed, lang, {
              inserted: outcome.inserted.length,
              ids,
              error: errorText(outcome.failure.error, lang),
            }),
          },
        ]);
        return;
      }
      setStatus([
        {
          intent: "success",
          text:
            say(L.done, lang, {
              inserted: outcome.inserted.length,
              updated: outcome.updated,
              table: TABLES[plan.table].sheet[lang],
            }) +
            (outcome.followUps + outcome.orders > 0
              ? ` ${say(L.doneHistory, lang, { followUps: outcome.followUps, orders: outcome.orders })}`
              : ""),
        },
        // What the preview listed as warnings went in as given: the way to find them again.
        ...(plan.summary.warnings > 0
          ? [{ intent: "info" as const, text: say(L.doneWarnings, lang) }]
          : []),
        ...renumberedNotice(outcome),
      ]);
      if (file && mapping && analysed) setKept({ name: file.name, plan, mapping, analysed });
      reset();
    });

  /** Customers the writer renumbered because a co-author took their ID meanwhile. */
  const renumberedNotice = (outcome: ImportOutcome): StatusMessage[] => {
    if (outcome.renumbered.length === 0) return [];
    const examples =
      outcome.renumbered
        .slice(0, 5)
        .map((r) => say(REMAP_MESSAGES.pair, lang, r))
        .join(lang === "zh" ? "、" : ", ") + (outcome.renumbered.length > 5 ? "…" : "");
    const count = outcome.renumbered.length;
    return [
      outcome.renumberFailure === undefined
        ? { intent: "info", text: say(REMAP_MESSAGES.renumberedAtWrite, lang, { count, examples }) }
        : {
            intent: "warning",
            text: say(REMAP_MESSAGES.renumberFailed, lang, {
              count,
              examples,
              error: errorText(outcome.renumberFailure, lang),
            }),
          },
    ];
  };

  const downloadRejected = (
    from = plan && mapping && file ? { plan, mapping, name: file.name } : kept,
  ) => {
    if (!from) return;
    const blob = new Blob([rejectedCsv(from.mapping, from.plan.rejected, lang)], {
      type: "text/csv;charset=utf-8",
    });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = rejectedFileName(from.name, lang);
    a.click();
    URL.revokeObjectURL(url);
  };

  /** Where a source column goes, in words (the mapping's option labels). */
  const targetLabel = (t: ColumnTarget, table: TableKey, column: number): string => {
    const historyUse = history
      ? (
          [
            ["lastDate", "followUps"],
            ["lastContent", "followUps"],
            ["lastResult", "followUps"],
            ["plan", "followUps"],
            ["deals", "orders"],
          ] as const
        ).find(
          ([field, kind]) =>
            historyColumnsOf[field] === column && historyChoices[kind] && history.offers[kind],
        )?.[1]
      : undefined;
    if (t.kind === "column") {
      const header = columnDef(table, t.key).header[lang];
      if (t.key === "customerName") return say(L.lookup, lang, { header });
      if (t.key === "name" && implied.contactFromName)
        return say(L.nameAsContact, lang, { header });
      if (t.key === "unitPrice" && implied.quantityOne)
        return say(L.priceQuantityOne, lang, { header });
      return header;
    }
    if (t.kind === "combined") {
      const named = t.parts.filter((p): p is string => !!p);
      const parts = named.map((p) => columnDef(table, p).header[lang]).join(" / ");
      if (named.length === 0)
        return historyUse
          ? say(L.history, lang, { what: say(L[`${historyUse}Word`], lang) })
          : say(L.toNotes, lang);
      return say(named.length < t.parts.length ? L.splitRest : L.split, lang, { parts });
    }
    if (t.kind === "notes" && historyUse)
      return say(L.history, lang, { what: say(L[`${historyUse}Word`], lang) });
    return say(t.kind === "notes" ? L.toNotes : L.ignore, lang);
  };

  const writable = plan ? plan.inserts.length + plan.updates.length : 0;

  return (
    <section className={styles.root} aria-label={say(L.title, lang)}>
      <Text>{say(L.intro, lang)}</Text>
      {/*
        The browser's own file input speaks the browser's language ("Choose File / No file
        chosen" in a zh pane) and cannot be restyled: a Fluent button opens a hidden one, and the
        chosen file's name (or that none is chosen) is said beside it, in the pane's language.
        A file can also be dropped on this area.
      */}
      <div
        className={mergeClasses(styles.picker, dragging && styles.dragging)}
        role="group"
        aria-labelledby={pickerLabelId}
        onDragOver={(event) => {
          event.preventDefault();
          if (!dragging) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Text id={pickerLabelId} weight="semibold" block>
          {say(L.file, lang)}
        </Text>
        <div className={styles.pickerRow}>
          <Button
            icon={<FolderOpenRegular />}
            disabled={busy}
            aria-describedby={pickerStateId}
            onClick={() => fileInputRef.current?.click()}
          >
            {say(L.choose, lang)}
          </Button>
          <Text id={pickerStateId} size={200} className={styles.pickerState}>
            {pickedName ?? say(L.noFile, lang)}
          </Text>
        </div>
        <input
          ref={fileInputRef}
          type="file"
          accept=".csv,.xlsx,.txt"
          onChange={onFile}
          disabled={busy}
          hidden
          tabIndex={-1}
          aria-label={say(L.choose, lang)}
        />
      </div>
      {busy && reading ? (
        <ProgressField
          label={say(L.reading, lang)}
          hint={
            reading.total > 0
              ? say(L.readProgress, lang, {
                  done: megabytes(reading.done),
                  total: megabytes(reading.total),
                })
              : undefined
          }
          value={reading.total > 0 ? reading.done / reading.total : undefined}
          stop={{ label: say(L.stop, lang), onClick: () => stopRead.current?.abort() }}
        />
      ) : busy && checking ? (
        <ProgressField
          label={say(L.analysing, lang)}
          hint={say(L.analysed, lang, {
            done: checking.done.toLocaleString(),
            total: checking.total.toLocaleString(),
          })}
          value={checking.total > 0 ? checking.done / checking.total : undefined}
          stop={{ label: say(L.stop, lang), onClick: () => stopAnalysis.current?.abort() }}
        />
      ) : busy && writing ? (
        <ProgressField
          label={say(L.writing, lang)}
          // Unknown until the first request of a long write is done.
          hint={
            writing.written > 0
              ? say(L.written, lang, {
                  written: writing.written.toLocaleString(),
                  total: writing.total.toLocaleString(),
                })
              : undefined
          }
          value={writing.written > 0 ? writing.written / writing.total : undefined}
          // Offered until the last rows are written: the write stops between the slices it
          // reads the records in and between its requests (a small one-request write may
          // finish first).
          stop={
            writing.written < writing.total
              ? { label: say(L.stop, lang), onClick: () => stopWrite.current?.abort() }
              : undefined
          }
        />
      ) : busy ? (
        <Spinner size="tiny" label={say(L.reading, lang)} />
      ) : null}
      <FormStatus messages={status} />
      {file?.loaded.text ? (
        <Field
          label={say(L.encoding, lang)}
          hint={say(L.encodingHint, lang, {
            how: say(ENCODING_REASONS[file.loaded.text.reason] ?? ENCODING_REASONS.chosen!, lang),
            sample: file.loaded.text.sample,
          })}
        >
          <Select
            value={file.loaded.text.encoding === "utf-8-bom" ? "utf-8" : file.loaded.text.encoding}
            disabled={busy}
            onChange={(_, d) => onEncoding(d.value as TextEncodingName)}
          >
            {TEXT_ENCODINGS.map((e) => (
              <option key={e} value={e}>
                {say(ENCODING_NAMES[e], lang)}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {file && file.loaded.sheets.length > 1 ? (
        <Field label={say(L.sheet, lang)}>
          <Select value={String(file.sheet)} onChange={(_, d) => onSheet(Number(d.value))}>
            {file.loaded.sheets.map((s, i) => (
              <option key={s.name} value={i}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {mapping ? (
        <>
          <Field label={say(L.table, lang)}>
            <Select
              value={mapping.table}
              onChange={(_, d) =>
                void run(() => analyse(remapTable(grid, mapping, d.value as TableKey), grid))
              }
            >
              {TABLE_KEYS.map((k) => (
                <option key={k} value={k}>
                  {TABLES[k].sheet[lang]}
                </option>
              ))}
            </Select>
          </Field>
          {fit && (fit.missing.length > 0 || fit.better) ? (
            <FormStatus
              messages={[
                {
                  intent: fit.missing.length > 0 ? "warning" : "info",
                  text: [
                    fit.missing.length > 0
                      ? say(TABLE_FIT_MESSAGES.missing, lang, {
                          table: TABLES[mapping.table].sheet[lang],
                          columns: missingHeaders(mapping.table, fit.missing, lang),
                        })
                      : "",
                    fit.better
                      ? say(TABLE_FIT_MESSAGES.better, lang, {
                          better: TABLES[fit.better].sheet[lang],
                          betterMatched: fit.betterMatched ?? 0,
                          table: TABLES[mapping.table].sheet[lang],
                          matched: fit.matched,
                        })
                      : fit.missing.length > 0
                        ? say(TABLE_FIT_MESSAGES.missingFix, lang)
                        : "",
                  ]
                    .filter(Boolean)
                    .join(lang === "zh" ? "" : " "),
                  action: fit.better
                    ? {
                        label: say(TABLE_FIT_MESSAGES.switch, lang, {
                          better: TABLES[fit.better].sheet[lang],
                        }),
                        onClick: () => {
                          const table = fit.better;
                          if (table)
                            void run(() => analyse(remapTable(grid, mapping, table), grid));
                        },
                      }
                    : undefined,
                },
              ]}
            />
          ) : null}
          <details>
            <summary>{say(L.mapping, lang)}</summary>
            {mapping.headers.map((header, i) => {
              const target = mapping.targets[i] ?? { kind: "ignore" };
              const options: ColumnTarget[] = [
                ...(target.kind === "combined" ? [target] : []),
                ...targetColumns(mapping.table).map((c): ColumnTarget => ({
                  kind: "column",
                  key: c.key,
                })),
                { kind: "notes" },
                { kind: "ignore" },
              ];
              return (
                <Field key={`${i}-${header}`} label={header || `#${i + 1}`}>
                  <Select
                    value={encodeTarget(target)}
                    onChange={(_, d) =>
                      void run(() => analyse(setTarget(mapping, i, decodeTarget(d.value)), grid))
                    }
                  >
                    {options.map((o) => (
                      <option key={encodeTarget(o)} value={encodeTarget(o)}>
                        {targetLabel(o, mapping.table, i)}
                      </option>
                    ))}
                  </Select>
                </Field>
              );
            })}
          </details>
          <Field label={say(L.duplicates, lang)} className={styles.narrow}>
            <Select value={choice} onChange={(_, d) => setChoice(d.value as DuplicateChoice)}>
              <option value="skip">{say(L.skip, lang)}</option>
              <option value="update">{say(L.update, lang)}</option>
              <option value="keepBoth">{say(L.keepBoth, lang)}</option>
            </Select>
          </Field>
        </>
      ) : null}
      {plan && analysed ? (
        <>
          <div>
            <Text block weight="semibold">
              {summaryText(plan, lang)}
            </Text>
            <Text block size={200}>
              {say(L.summaryWhat, lang, { table: TABLES[plan.table].sheet[lang] })}
            </Text>
          </div>
          {plan.summary.conflict > 0 ? (
            <Text block>
              {say(L.conflicts, lang, { conflict: plan.summary.conflict })}{" "}
              {say(REMAP_MESSAGES.remembered, lang)}
            </Text>
          ) : null}
          {remapped.length > 0 ? (
            <Text block>
              {say(REMAP_MESSAGES.remapped, lang, {
                count: remapped.length,
                examples:
                  remapped
                    .slice(0, 5)
                    .map((r) =>
                      say(REMAP_MESSAGES.example, lang, {
                        line: r.line,
                        from: r.remapped?.from ?? "",
                        to: r.remapped?.to ?? "",
                      }),
                    )
                    .join(lang === "zh" ? "；" : "; ") + (remapped.length > 5 ? "…" : ""),
              })}
            </Text>
          ) : null}
          {history && (history.offers.followUps || history.offers.orders) ? (
            <div>
              <Text block>
                {say(HISTORY_MESSAGES.summary, lang, {
                  followUps: history.followUps.length,
                  orders: history.orders.length,
                })}
              </Text>
              {history.offers.followUps ? (
                <Checkbox
                  label={say(HISTORY_MESSAGES.followUps, lang)}
                  checked={historyChoices.followUps}
                  onChange={(_, d) =>
                    setHistoryChoices({ ...historyChoices, followUps: d.checked === true })
                  }
                />
              ) : null}
              {history.offers.orders ? (
                <Checkbox
                  label={say(HISTORY_MESSAGES.orders, lang)}
                  checked={historyChoices.orders}
                  onChange={(_, d) =>
                    setHistoryChoices({ ...historyChoices, orders: d.checked === true })
                  }
                />
              ) : null}
              {history.notes.slice(0, 20).map((n) => (
                <Text block size={200} key={`${n.line}-${n.kind}`}>
                  {describeHistoryNote(n, lang)}
                </Text>
              ))}
            </div>
          ) : null}
          {mapping?.table === "customers" &&
          !mapping.targets.some((t) => t.kind === "column" && t.key === "createdDate") ? (
            <Text block size={200}>
              {say(HISTORY_MESSAGES.noCreatedDate, lang)}
            </Text>
          ) : null}
          <div className={styles.actions}>
            <Button appearance="primary" disabled={busy || writable === 0} onClick={onImport}>
              {say(L.import, lang, { count: writable })}
            </Button>
            <Button disabled={busy} onClick={reset}>
              {say(L.cancel, lang)}
            </Button>
            {plan.rejected.length > 0 ? (
              <Button onClick={() => downloadRejected()}>{say(L.download, lang)}</Button>
            ) : null}
          </div>
          <ImportProblems
            hiddenColumns={missingColumns}
            plan={plan}
            offList={analysed.offList}
            lists={listsUsed}
            choices={offListChoices}
            onChoice={(key, c) => setOffListChoices(new Map(offListChoices).set(key, c))}
            lang={lang}
          />
          <ul className={styles.rows}>
            {listed.slice(0, SHOWN).map((row) => {
              const dup = row.fileDuplicate ?? row.workbookDuplicate;
              return (
                <RowItem key={row.line} row={row} analysed={analysed} lang={lang}>
                  {dup && row.issues.length === 0 ? (
                    <Select
                      aria-label={say(L.duplicates, lang)}
                      size="small"
                      value={perRow.get(row.line) ?? (row.status === "conflict" ? "newId" : choice)}
                      onChange={(_, d) => {
                        const next = new Map(perRow);
                        if (d.value === "newId") next.delete(row.line);
                        else next.set(row.line, d.value as DuplicateChoice);
                        setPerRow(next);
                      }}
                    >
                      {mapping?.table === "customers" &&
                      !row.fileDuplicate &&
                      row.workbookDuplicate &&
                      isIdOnly(row.workbookDuplicate) ? (
                        <option value="newId">{say(L.newId, lang)}</option>
                      ) : null}
                      <option value="skip">{say(L.skip, lang)}</option>
                      <option value="update">{say(L.update, lang)}</option>
                      <option value="keepBoth">{say(L.keepBoth, lang)}</option>
                    </Select>
                  ) : null}
                </RowItem>
              );
            })}
          </ul>
          {listed.length > SHOWN ? <Text>{say(L.more, lang, { shown: SHOWN })}</Text> : null}
        </>
      ) : null}
      {!plan && kept ? (
        <KeptResult kept={kept} lang={lang} onDownload={() => downloadRejected(kept)} />
      ) : null}
    </section>
  );
}

/**
 * One row of the preview or of the last import's result: its file line and status, its
 * problems, and why it is a duplicate; `children` (the preview's per-row choice) below.
 */
function RowItem(props: {
  row: PlannedRow;
  analysed: AnalysedImport;
  lang: Lang;
  children?: ReactNode;
}) {
  const { row, analysed, lang } = props;
  const styles = useStyles();
  const dup = row.fileDuplicate ?? row.workbookDuplicate;
  return (
    <li>
      <Text weight="semibold">
        {say(L.line, lang, { line: row.line })} · {say(STATUS[row.status] ?? STATUS.insert!, lang)}
      </Text>
      {row.issues.length > 0 ? (
        <Text block className={styles.problem}>
          {describeProblems(analysed.mapping.table, row, lang)}
        </Text>
      ) : null}
      {dup && row.issues.length === 0 ? (
        <Text block>{describeDuplicate(analysed, row, lang)}</Text>
      ) : null}
      {props.children}
    </li>
  );
}

/** The last import's rows that were not written (problems, skipped duplicates) and its file. */
function KeptResult(props: {
  kept: { name: string; plan: ReturnType<typeof planImport>; analysed: AnalysedImport };
  lang: Lang;
  onDownload: () => void;
}) {
  const { kept, lang } = props;
  const styles = useStyles();
  const rows = useMemo(
    () => kept.plan.rows.filter((r) => r.status === "rejected" || r.status === "skip"),
    [kept],
  );
  return (
    <section className={styles.root} aria-label={say(L.resultFor, lang, { file: kept.name })}>
      <Text weight="semibold">{say(L.resultFor, lang, { file: kept.name })}</Text>
      <Text>{summaryText(kept.plan, lang)}</Text>
      {kept.plan.rejected.length > 0 ? (
        <div className={styles.actions}>
          <Button onClick={props.onDownload}>{say(L.download, lang)}</Button>
        </div>
      ) : null}
      {rows.length > 0 ? <Text>{say(L.notWritten, lang)}</Text> : null}
      <ul className={styles.rows}>
        {rows.slice(0, SHOWN).map((row) => (
          <RowItem key={row.line} row={row} analysed={kept.analysed} lang={lang} />
        ))}
      </ul>
      {rows.length > SHOWN ? <Text>{say(L.more, lang, { shown: SHOWN })}</Text> : null}
    </section>
  );
}

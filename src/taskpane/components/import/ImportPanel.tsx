/**
 * Import panel: pick a .csv or .xlsx file, check the detected table and column mapping, choose
 * what to do with duplicates, preview every row's problems, then write the accepted rows in one
 * pass. Rejected rows can be downloaded with a reason column, fixed and imported again.
 * Nothing is written before the user presses Import; cancelling drops the analysis.
 */
import { useMemo, useRef, useState, type ChangeEvent } from "react";
import { flushSync } from "react-dom";
import {
  Button,
  Field,
  Select,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { executeImport } from "../../../domain/import/execute";
import { loadImportFile, type LoadedFile } from "../../../domain/import/load";
import { IMPORT_MESSAGES } from "../../../domain/import/messages";
import {
  analyseImportInSlices,
  describeDuplicate,
  describeProblems,
  detectMapping,
  planImport,
  remapTable,
  setTarget,
  targetColumns,
  type AnalysedImport,
  type ColumnTarget,
  type DuplicateChoice,
  type ImportMapping,
} from "../../../domain/import/pipeline";
import { rejectedCsv, rejectedFileName } from "../../../domain/import/rejected";
import { say, type Label, type Lang } from "../../../domain/i18n";
import type { CrmWorkbook } from "../../../domain/port";
import { appendFailureText } from "../../../domain/recovery";
import { TABLES, TABLE_KEYS, columnDef, type TableKey } from "../../../domain/schema";
import { todaySerial } from "../../../domain/values";
import { FormStatus, type StatusMessage } from "../FormStatus";
import { ProgressField } from "../ProgressField";
import { errorText } from "../common";

const L = {
  title: { zh: "导入", en: "Import" },
  intro: {
    zh: "导入旧模板或 CSV 文件（.xlsx、.csv；UTF-8 或 GBK 编码）。导入前可检查列对应关系和每一行的问题。",
    en: "Import an old template or a CSV file (.xlsx, .csv; UTF-8 or GBK). Check the column mapping and each row's problems before importing.",
  },
  file: { zh: "选择文件", en: "Choose a file" },
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
  split: { zh: "拆分：{parts}", en: "Split: {parts}" },
  duplicates: { zh: "重复的行", en: "Duplicate rows" },
  skip: { zh: "跳过", en: "Skip" },
  update: {
    zh: "更新已有记录（不会用空值覆盖）",
    en: "Update the existing record (never with blanks)",
  },
  keepBoth: { zh: "两条都保留", en: "Keep both" },
  summary: {
    zh: "共 {total} 行：新增 {insert}，更新 {update}，合并 {merge}，跳过 {skip}，有问题 {rejected}",
    en: "{total} {total|row|rows}: {insert} new, {update} {update|update|updates}, {merge} merged, {skip} skipped, {rejected} with problems",
  },
  line: { zh: "第 {line} 行", en: "Row {line}" },
  import: { zh: "导入 {count} 行", en: "Import {count} {count|row|rows}" },
  cancel: { zh: "取消", en: "Cancel" },
  download: { zh: "下载有问题的行", en: "Download the rows with problems" },
  done: {
    zh: "已新增 {inserted} 行，更新 {updated} 行。",
    en: "{inserted} {inserted|row|rows} added, {updated} updated.",
  },
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
  update: { zh: "更新", en: "Update" },
  merge: { zh: "合并", en: "Merge" },
  skip: { zh: "跳过", en: "Skip" },
  rejected: { zh: "有问题", en: "Problem" },
};

const SHOWN = 200;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  rows: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  problem: { color: tokens.colorPaletteRedForeground1 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
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
  const [file, setFile] = useState<{ name: string; loaded: LoadedFile; sheet: number } | null>(
    null,
  );
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [analysed, setAnalysed] = useState<AnalysedImport | null>(null);
  const [choice, setChoice] = useState<DuplicateChoice>("skip");
  const [perRow, setPerRow] = useState<Map<number, DuplicateChoice>>(new Map());
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

  const grid = file ? (file.loaded.sheets[file.sheet]?.grid ?? []) : [];
  const plan = useMemo(
    () => (analysed ? planImport(analysed, { duplicates: choice, perRow }) : null),
    [analysed, choice, perRow],
  );
  /**
   * The rows the preview lists (all but plain inserts), filtered once per plan: the pane
   * re-renders on every progress report of a write, and a plan can hold 100,000 rows.
   */
  const listed = useMemo(() => plan?.rows.filter((r) => r.status !== "insert") ?? [], [plan]);

  const reset = () => {
    setFile(null);
    setMapping(null);
    setAnalysed(null);
    setPerRow(new Map());
  };

  /** Reads the workbook afresh for every analysis: another user may have added rows. */
  const analyse = async (m: ImportMapping, g: typeof grid) => {
    const [lists, customers, existing] = await Promise.all([
      workbook.readLists(),
      workbook.readRecords("customers"),
      m.table === "customers" ? Promise.resolve(null) : workbook.readRecords(m.table),
    ]);
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

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    event.target.value = "";
    if (!picked) return;
    void run(async () => {
      reset();
      setKept(null);
      const loaded = await loadImportFile(picked.name, new Uint8Array(await picked.arrayBuffer()));
      const g = loaded.sheets[loaded.best]?.grid ?? [];
      setFile({ name: picked.name, loaded, sheet: loaded.best });
      const m = detectMapping(g);
      if (!m) throw new Error(say(IMPORT_MESSAGES.noHeader, lang));
      await analyse(m, g);
    });
  };

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
      const outcome = await executeImport(workbook, plan, {
        onProgress: (written) => setWriting({ written, total }),
        signal: controller.signal,
      }).finally(() => {
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
          text: say(L.done, lang, { inserted: outcome.inserted.length, updated: outcome.updated }),
        },
      ]);
      if (file && mapping && analysed) setKept({ name: file.name, plan, mapping, analysed });
      reset();
    });

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

  const targetLabel = (t: ColumnTarget, table: TableKey): string => {
    if (t.kind === "column") return columnDef(table, t.key).header[lang];
    if (t.kind === "combined")
      return say(L.split, lang, {
        parts: t.parts.map((p) => (p ? columnDef(table, p).header[lang] : "—")).join(" / "),
      });
    return say(t.kind === "notes" ? L.toNotes : L.ignore, lang);
  };

  const writable = plan ? plan.inserts.length + plan.updates.length : 0;

  return (
    <section className={styles.root} aria-label={say(L.title, lang)}>
      <Text>{say(L.intro, lang)}</Text>
      <Field label={say(L.file, lang)}>
        {/* A native file input gets the Field's id and label only through the render prop. */}
        {(control) => (
          <input
            {...control}
            type="file"
            accept=".csv,.xlsx,.txt"
            onChange={onFile}
            disabled={busy}
          />
        )}
      </Field>
      {busy && checking ? (
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
                        {targetLabel(o, mapping.table)}
                      </option>
                    ))}
                  </Select>
                </Field>
              );
            })}
          </details>
          <Field label={say(L.duplicates, lang)}>
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
          <Text weight="semibold">{say(L.summary, lang, plan.summary)}</Text>
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
          <ul className={styles.rows}>
            {listed.slice(0, SHOWN).map((row) => {
              const dup = row.fileDuplicate ?? row.workbookDuplicate;
              return (
                <li key={row.line}>
                  <Text weight="semibold">
                    {say(L.line, lang, { line: row.line })} ·{" "}
                    {say(STATUS[row.status] ?? STATUS.insert!, lang)}
                  </Text>
                  {row.issues.length > 0 ? (
                    <Text block className={styles.problem}>
                      {describeProblems(plan.table, row, lang)}
                    </Text>
                  ) : null}
                  {dup && row.issues.length === 0 ? (
                    <>
                      <Text block>{describeDuplicate(analysed, row, lang)}</Text>
                      <Select
                        aria-label={say(L.duplicates, lang)}
                        size="small"
                        value={perRow.get(row.line) ?? choice}
                        onChange={(_, d) =>
                          setPerRow(new Map(perRow).set(row.line, d.value as DuplicateChoice))
                        }
                      >
                        <option value="skip">{say(L.skip, lang)}</option>
                        <option value="update">{say(L.update, lang)}</option>
                        <option value="keepBoth">{say(L.keepBoth, lang)}</option>
                      </Select>
                    </>
                  ) : null}
                </li>
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
      <Text>{say(L.summary, lang, kept.plan.summary)}</Text>
      {kept.plan.rejected.length > 0 ? (
        <div className={styles.actions}>
          <Button onClick={props.onDownload}>{say(L.download, lang)}</Button>
        </div>
      ) : null}
      {rows.length > 0 ? <Text>{say(L.notWritten, lang)}</Text> : null}
      <ul className={styles.rows}>
        {rows.slice(0, SHOWN).map((row) => {
          const dup = row.fileDuplicate ?? row.workbookDuplicate;
          return (
            <li key={row.line}>
              <Text weight="semibold">
                {say(L.line, lang, { line: row.line })} ·{" "}
                {say(STATUS[row.status] ?? STATUS.insert!, lang)}
              </Text>
              {row.issues.length > 0 ? (
                <Text block className={styles.problem}>
                  {describeProblems(kept.plan.table, row, lang)}
                </Text>
              ) : null}
              {dup && row.issues.length === 0 ? (
                <Text block>{describeDuplicate(kept.analysed, row, lang)}</Text>
              ) : null}
            </li>
          );
        })}
      </ul>
      {rows.length > SHOWN ? <Text>{say(L.more, lang, { shown: SHOWN })}</Text> : null}
    </section>
  );
}

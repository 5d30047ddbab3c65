/**
 * Data check panel: runs the whole-workbook check (in Excel through the port's checkData, which
 * also marks the cells; elsewhere over the records the port reads) and lists each problem.
 * Clicking a problem selects its cell. In Excel, a large workbook takes many round trips to read
 * (on the web each is noticeable), so the panel shows the rows read so far as a progress bar.
 */
import { useState } from "react";
import { Button, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { checkWorkbook } from "../../../domain/check";
import { say, type Label, type Lang } from "../../../domain/i18n";
import type { CheckProblem, CheckProgress, CrmWorkbook } from "../../../domain/port";
import { TABLES, TABLE_KEYS, columnDef, type TableKey } from "../../../domain/schema";
import { todaySerial } from "../../../domain/values";
import { FormStatus, type StatusMessage } from "../FormStatus";
import { ProgressField } from "../ProgressField";
import { errorText } from "../common";

const L = {
  title: { zh: "数据检查", en: "Data check" },
  intro: {
    zh: "检查所有客户关系表：必填项、下拉选项、日期、电话、邮箱、比例、客户编号引用和重复编号。",
    en: "Checks every CRM table: required values, list choices, dates, phones, emails, rates, customer references and duplicate IDs.",
  },
  run: { zh: "检查数据", en: "Check data" },
  running: { zh: "正在检查…", en: "Checking…" },
  reading: { zh: "正在读取 {tables}…", en: "Reading {tables}…" },
  read: { zh: "已读取 {done} / {total} 行", en: "{done} of {total} {total|row|rows} read" },
  tableSeparator: { zh: "、", en: ", " },
  none: { zh: "没有发现问题。", en: "No problems found." },
  found: {
    zh: "发现 {count} 个问题，已在表格中标记 {marked} 处。",
    en: "{count} {count|problem|problems} found; {marked} marked in the sheets.",
  },
  foundPreview: { zh: "发现 {count} 个问题。", en: "{count} {count|problem|problems} found." },
  row: { zh: "{sheet} 第 {row} 行 · {column}", en: "{sheet} row {row} · {column}" },
  more: { zh: "仅显示前 {shown} 个问题。", en: "Showing the first {shown} problems." },
  warnings: {
    zh: "其中 {count} 个是提醒：值可能有误（邮箱、电话、不在下拉列表中的值、不寻常的日期），请核对；其余表格照常计算。",
    en: "{count} of them {count|is a warning|are warnings}: a value that may be wrong (email, phone, a value outside its list, an unusual date); please check it; the rest of the workbook still works.",
  },
  warning: { zh: "提醒", en: "Warning" },
} satisfies Record<string, Label>;

const SHOWN = 500;

/** The colon after a label: full-width in Chinese. */
function colon(lang: Lang): string {
  return lang === "zh" ? "：" : ": ";
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  item: {
    justifyContent: "flex-start",
    textAlign: "left",
    height: "auto",
    paddingBlock: tokens.spacingVerticalXS,
  },
  reason: { color: tokens.colorPaletteRedForeground1 },
  warningReason: { color: tokens.colorPaletteMarigoldForeground2 },
});

export interface CheckPanelProps {
  workbook: CrmWorkbook;
  lang: Lang;
  /** The pane's today, used when the workbook has no as-of date; the clock when left out. */
  today?: number;
}

/** Without checkData (preview mode), the check runs over the records the port reads. */
async function checkThroughPort(workbook: CrmWorkbook, today: number): Promise<CheckProblem[]> {
  const [lists, settings, ...tables] = await Promise.all([
    workbook.readLists(),
    workbook.readSettings(),
    ...TABLE_KEYS.map((k) => workbook.readRecords(k)),
  ]);
  const records = Object.fromEntries(TABLE_KEYS.map((k, i) => [k, tables[i] ?? []])) as Record<
    TableKey,
    never[]
  >;
  return checkWorkbook({ records, lists, today: settings.asOf || today });
}

export default function CheckPanel({ workbook, lang, today }: CheckPanelProps) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<CheckProblem[] | null>(null);
  const [status, setStatus] = useState<StatusMessage[]>([]);
  const [progress, setProgress] = useState<CheckProgress | null>(null);

  const run = async () => {
    setBusy(true);
    setStatus([]);
    setProgress(null);
    try {
      if (workbook.checkData) {
        const report = await workbook.checkData(lang, { onProgress: setProgress });
        setProblems(report.problems);
        setStatus([
          {
            intent: report.problems.length ? "warning" : "success",
            text: report.problems.length
              ? say(L.found, lang, { count: report.problems.length, marked: report.marked })
              : say(L.none, lang),
          },
        ]);
      } else {
        const found = await checkThroughPort(workbook, today ?? todaySerial());
        setProblems(found);
        setStatus([
          {
            intent: found.length ? "warning" : "success",
            text: found.length
              ? say(L.foundPreview, lang, { count: found.length })
              : say(L.none, lang),
          },
        ]);
      }
    } catch (error) {
      setStatus([{ intent: "error", text: errorText(error, lang) }]);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const select = async (p: CheckProblem) => {
    try {
      await workbook.select({ table: p.table, row: p.row, column: p.column });
    } catch (error) {
      setStatus([{ intent: "error", text: errorText(error, lang) }]);
    }
  };

  return (
    <section className={styles.root} aria-label={say(L.title, lang)}>
      <Text>{say(L.intro, lang)}</Text>
      <Button appearance="primary" onClick={() => void run()} disabled={busy}>
        {say(L.run, lang)}
      </Button>
      {busy && progress && progress.reading.length > 0 ? (
        <ProgressField
          label={say(L.reading, lang, {
            tables: progress.reading
              .map((t) => TABLES[t].sheet[lang])
              .join(say(L.tableSeparator, lang)),
          })}
          hint={say(L.read, lang, {
            done: progress.done.toLocaleString(),
            total: progress.total.toLocaleString(),
          })}
          value={progress.total > 0 ? progress.done / progress.total : undefined}
        />
      ) : busy ? (
        // Before the tables' sizes are known, and once every row is read: the check runs and
        // the cells are marked.
        <Spinner size="tiny" label={say(L.running, lang)} />
      ) : null}
      <FormStatus messages={status} />
      {problems && problems.some((p) => p.severity === "warning") ? (
        <Text>
          {say(L.warnings, lang, {
            count: problems.filter((p) => p.severity === "warning").length,
          })}
        </Text>
      ) : null}
      {problems && problems.length > 0 ? (
        <ul className={styles.list} aria-label={say(L.title, lang)}>
          {problems.slice(0, SHOWN).map((p, i) => (
            <li key={`${p.table}-${p.row}-${p.column}-${i}`}>
              <Button appearance="subtle" className={styles.item} onClick={() => void select(p)}>
                <span>
                  <Text weight="semibold">
                    {say(L.row, lang, {
                      sheet: TABLES[p.table].sheet[lang],
                      row: p.row + 2,
                      column: columnDef(p.table, p.column).header[lang],
                    })}
                  </Text>
                  {p.value ? <Text> “{p.value}”</Text> : null}
                  <br />
                  <Text className={p.severity === "warning" ? styles.warningReason : styles.reason}>
                    {p.severity === "warning" ? `${say(L.warning, lang)}${colon(lang)}` : null}
                    {say(p.reason, lang, p.params)}
                  </Text>
                </span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {problems && problems.length > SHOWN ? (
        <Text>{say(L.more, lang, { shown: SHOWN })}</Text>
      ) : null}
    </section>
  );
}

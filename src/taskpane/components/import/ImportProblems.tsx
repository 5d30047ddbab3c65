/**
 * The import preview's problems (issue 15): rows whose problems block them (not written; the
 * rejected-rows file carries them) apart from rows written with warnings (a malformed email or
 * phone, a doubtful phone, an unusual date, a value outside its list: kept as given and marked
 * by the data check later), and, for each distinct value outside a list, the choice of adding
 * it to the list, replacing it by an existing item, or keeping it as text (the default).
 */
import { useMemo } from "react";
import { Field, Select, Text, makeStyles, tokens } from "@fluentui/react-components";
import { shrinkingField } from "../common";
import { importListStyles } from "./styles";
import {
  describeProblems,
  describeWarnings,
  offListKey,
  type ImportPlan,
  type OffListChoice,
  type OffListValue,
} from "../../../domain/import/pipeline";
import { say, type Label, type Lang } from "../../../domain/i18n";
import { columnDef, listItemLabel, type ListValues } from "../../../domain/schema";

export const PROBLEM_LABELS = {
  blockingCount: {
    zh: "阻止导入的问题：{count} 行。这些行不会导入，可下载后修正再导入。",
    en: "Blocking problems: {count} {count|row|rows}. They are not imported; download them to fix and import again.",
  },
  warningCount: {
    zh: "警告：{count} 行。这些行照常导入，有疑问的值按原样保留，导入后“数据检查”会标出它们。",
    en: "Warnings: {count} {count|row|rows}. They are imported, the doubtful values kept as given; the data check marks them afterwards.",
  },
  blockingTitle: { zh: "阻止导入的行", en: "Rows not imported" },
  warningTitle: { zh: "有警告的行（仍会导入）", en: "Rows with warnings (imported)" },
  offListTitle: { zh: "不在下拉列表中的值", en: "Values outside their lists" },
  offListIntro: {
    zh: "每个值可加入下拉列表、改为已有选项，或按原样保留为文本。",
    en: "Each value can be added to its list, replaced by an existing choice, or kept as text.",
  },
  offListValue: {
    zh: "{column}：“{value}”（{rows} 行，首次出现在第 {line} 行）",
    en: "{column}: “{value}” ({rows} {rows|row|rows}, first on row {line})",
  },
  keep: { zh: "保留为文本（不加入列表）", en: "Keep as text (not in the list)" },
  add: { zh: "加入下拉列表", en: "Add it to the list" },
  mapTo: { zh: "改为：{item}", en: "Replace by: {item}" },
  line: { zh: "第 {line} 行", en: "Row {line}" },
  more: { zh: "仅显示前 {shown} 行。", en: "Showing the first {shown} rows." },
  moreValues: {
    zh: "仅列出前 {shown} 个值；其余 {rest} 个按原样保留为文本。",
    en: "Only the first {shown} values are listed; the other {rest} are kept as text.",
  },
} satisfies Record<string, Label>;

const SHOWN = 200;
/**
 * Off-list values offered one by one (each a select of the list's items): a file whose column
 * holds free text (hundreds of distinct values) would otherwise fill the pane with selects.
 */
const SHOWN_VALUES = 50;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  ...importListStyles,
  warning: { color: tokens.colorPaletteMarigoldForeground2 },
  title: { marginTop: tokens.spacingVerticalS },
  // Its select has long options: the shared rule of fields.tsx.
  field: shrinkingField,
});

/** A choice as the select's value: keep, add, or `map:<item>`. */
function encodeChoice(choice: OffListChoice | undefined): string {
  if (!choice || choice.kind === "keep") return "keep";
  return choice.kind === "add" ? "add" : `map:${choice.to}`;
}

function decodeChoice(value: string): OffListChoice {
  if (value === "add") return { kind: "add" };
  if (value.startsWith("map:")) return { kind: "map", to: value.slice(4) };
  return { kind: "keep" };
}

export interface ImportProblemsProps {
  plan: ImportPlan;
  offList: readonly OffListValue[];
  /** The workbook's lists as the analysis read them (the items a value may be replaced by). */
  lists: ListValues;
  choices: ReadonlyMap<string, OffListChoice>;
  onChoice: (key: string, choice: OffListChoice) => void;
  lang: Lang;
  /**
   * Required columns the file lacks (a file for another table): a row whose only problems are
   * these is counted but not listed, as the table-fit message says it once for all rows.
   */
  hiddenColumns?: ReadonlySet<string>;
}

export function ImportProblems(props: ImportProblemsProps) {
  const { plan, offList, lists, choices, onChoice, lang, hiddenColumns } = props;
  const styles = useStyles();
  const warned = useMemo(
    () => plan.rows.filter((r) => r.status !== "rejected" && r.warnings.length > 0),
    [plan],
  );
  const blocked = useMemo(
    () =>
      hiddenColumns && hiddenColumns.size > 0
        ? plan.rejected.filter((r) => !r.issues.every((i) => hiddenColumns.has(i.key)))
        : plan.rejected,
    [plan, hiddenColumns],
  );
  return (
    <div className={styles.root}>
      {plan.rejected.length > 0 ? (
        <Text block className={styles.problem}>
          {say(PROBLEM_LABELS.blockingCount, lang, { count: plan.rejected.length })}
        </Text>
      ) : null}
      {warned.length > 0 ? (
        <Text block className={styles.warning}>
          {say(PROBLEM_LABELS.warningCount, lang, { count: warned.length })}
        </Text>
      ) : null}
      {offList.length > 0 ? (
        <section aria-label={say(PROBLEM_LABELS.offListTitle, lang)} className={styles.root}>
          <Text weight="semibold" className={styles.title}>
            {say(PROBLEM_LABELS.offListTitle, lang)}
          </Text>
          <Text block size={200}>
            {say(PROBLEM_LABELS.offListIntro, lang)}
          </Text>
          {offList.slice(0, SHOWN_VALUES).map((v) => {
            const key = offListKey(v.column, v.value);
            return (
              <Field
                key={key}
                className={styles.field}
                label={say(PROBLEM_LABELS.offListValue, lang, {
                  column: columnDef(plan.table, v.column).header[lang],
                  value: v.value,
                  rows: v.rows,
                  line: v.firstLine,
                })}
              >
                <Select
                  value={encodeChoice(choices.get(key))}
                  onChange={(_, d) => onChoice(key, decodeChoice(d.value))}
                >
                  <option value="keep">{say(PROBLEM_LABELS.keep, lang)}</option>
                  <option value="add">{say(PROBLEM_LABELS.add, lang)}</option>
                  {lists[v.list].map((item) => (
                    <option key={item} value={`map:${item}`}>
                      {say(PROBLEM_LABELS.mapTo, lang, { item: listItemLabel(item, lang) })}
                    </option>
                  ))}
                </Select>
              </Field>
            );
          })}
          {offList.length > SHOWN_VALUES ? (
            <Text block size={200}>
              {say(PROBLEM_LABELS.moreValues, lang, {
                shown: SHOWN_VALUES,
                rest: offList.length - SHOWN_VALUES,
              })}
            </Text>
          ) : null}
        </section>
      ) : null}
      {blocked.length > 0 ? (
        <section aria-label={say(PROBLEM_LABELS.blockingTitle, lang)}>
          <Text weight="semibold" block className={styles.title}>
            {say(PROBLEM_LABELS.blockingTitle, lang)}
          </Text>
          <ul className={styles.rows}>
            {blocked.slice(0, SHOWN).map((row) => (
              <li key={row.line}>
                <Text weight="semibold">{say(PROBLEM_LABELS.line, lang, { line: row.line })}</Text>
                <Text block className={styles.problem}>
                  {describeProblems(plan.table, row, lang)}
                </Text>
              </li>
            ))}
          </ul>
          {blocked.length > SHOWN ? (
            <Text>{say(PROBLEM_LABELS.more, lang, { shown: SHOWN })}</Text>
          ) : null}
        </section>
      ) : null}
      {warned.length > 0 ? (
        <section aria-label={say(PROBLEM_LABELS.warningTitle, lang)}>
          <Text weight="semibold" block className={styles.title}>
            {say(PROBLEM_LABELS.warningTitle, lang)}
          </Text>
          <ul className={styles.rows}>
            {warned.slice(0, SHOWN).map((row) => (
              <li key={row.line}>
                <Text weight="semibold">{say(PROBLEM_LABELS.line, lang, { line: row.line })}</Text>
                <Text block className={styles.warning}>
                  {describeWarnings(plan.table, row, lang)}
                </Text>
              </li>
            ))}
          </ul>
          {warned.length > SHOWN ? (
            <Text>{say(PROBLEM_LABELS.more, lang, { shown: SHOWN })}</Text>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

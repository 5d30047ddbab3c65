/**
 * 设置: the rules' parameters held in the Settings sheet's named cells (ABC thresholds, high
 * repurchase rate, cadence months per class, churn months, the as-of date and whether it
 * follows today). Validated by the domain (B below A, months 1–24); before saving, a line says
 * what the change re-classifies, computed with the calculated columns' rules over the
 * customers as they are; saving writes the changed named cells in one request. The dropdown
 * lists are opened on the Settings sheet from here.
 */
import { useMemo, useState } from "react";
import {
  Button,
  Field,
  Input,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  LISTS,
  LIST_KEYS,
  SETTINGS,
  type ListKey,
  type SettingKey,
  type Settings,
} from "../../../domain/schema";
import { say } from "../../../domain/i18n";
import {
  SETTINGS_MESSAGES,
  changedSettings,
  reclassification,
  reclassificationText,
  validateSettings,
  type SettingsDraft,
} from "../../../domain/settingsRules";
import { formatSerial } from "../../../domain/values";
import { formValueOf } from "../../../domain/edit";
import type { CrmRecord } from "../../../domain/port";
import { usePane } from "../../context";
import { t } from "../../strings";
import { useWorkbookData } from "../../hooks/useWorkbookData";
import { FormStatus, type StatusMessage } from "../FormStatus";
import { errorText } from "../common";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    maxWidth: "640px",
    minWidth: 0,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  lists: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** The numeric settings shown as fields, in the Settings sheet's order. */
const NUMERIC = SETTINGS.filter((s) => s.key !== "asOf" && s.key !== "asOfFixed");

function draftOf(settings: Settings): SettingsDraft {
  const out = {} as SettingsDraft;
  for (const s of SETTINGS) {
    const v = settings[s.key];
    out[s.key] =
      s.type === "rate"
        ? `${Math.round(v * 1e6) / 1e4}%`
        : s.type === "date"
          ? formatSerial(v)
          : String(v);
  }
  out.asOfFixed = settings.asOfFixed === 1 ? 1 : 0;
  return out;
}

export default function SettingsPanel() {
  const { lang } = usePane();
  const { data, error } = useWorkbookData(["customers", "interactions"]);
  if (error) return <FormStatus messages={[{ intent: "error", text: errorText(error, lang) }]} />;
  if (!data) return <Text role="status">{t("loading", lang)}</Text>;
  return (
    <SettingsForm
      // A re-read after a save starts again from what the workbook holds now.
      key={JSON.stringify(data.settings)}
      settings={data.settings}
      customers={data.tables.customers ?? []}
      interactions={data.tables.interactions ?? []}
    />
  );
}

function SettingsForm(props: {
  settings: Settings;
  customers: readonly CrmRecord[];
  interactions: readonly CrmRecord[];
}) {
  const { settings, customers, interactions } = props;
  const { workbook, lang, today, changed } = usePane();
  const styles = useStyles();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(settings));
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<StatusMessage[]>([]);

  const result = useMemo(
    () =>
      // Following today, the as-of date the rules use is today's (the pane sets it daily).
      validateSettings(draft.asOfFixed === 1 ? draft : { ...draft, asOf: formatSerial(today) }),
    [draft, today],
  );
  const issues = result.ok ? [] : result.issues;
  const issueOf = (key: SettingKey) => {
    const issue = issues.find((i) => i.key === key);
    return issue ? say(SETTINGS_MESSAGES[issue.message], lang) : undefined;
  };
  const impact = useMemo(
    () => (result.ok ? reclassification(customers, interactions, settings, result.values) : null),
    [result, customers, interactions, settings],
  );
  const changes = result.ok ? changedSettings(settings, result.values) : [];

  const set = (key: SettingKey, value: string | number) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const save = async () => {
    setSubmitted(true);
    if (!result.ok) return;
    if (changes.length === 0) {
      setStatus([{ intent: "info", text: t("settingsUnchanged", lang) }]);
      return;
    }
    const values: Partial<Settings> = {};
    for (const k of changes) values[k] = result.values[k];
    setBusy(true);
    setStatus([{ intent: "info", text: t("saving", lang) }]);
    try {
      await workbook.writeSettings(values);
      setStatus([{ intent: "success", text: t("settingsSaved", lang) }]);
      changed();
    } catch (e) {
      setStatus([
        { intent: "error", text: t("settingsFailed", lang, { message: errorText(e, lang) }) },
      ]);
    } finally {
      setBusy(false);
    }
  };

  const openList = (key: ListKey) => {
    const list = LISTS[key].label[lang];
    if (workbook.mode === "preview" || !workbook.selectList) {
      setStatus([{ intent: "info", text: t("settingsListPreview", lang, { list }) }]);
      return;
    }
    workbook
      .selectList(key)
      .then(() => setStatus([{ intent: "info", text: t("settingsListSelected", lang, { list }) }]))
      .catch((e: unknown) =>
        setStatus([
          { intent: "error", text: t("selectFailed", lang, { message: errorText(e, lang) }) },
        ]),
      );
  };

  return (
    <form
      className={styles.root}
      noValidate
      aria-label={t("tabSettings", lang)}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 className={styles.heading}>{t("settingsHeading", lang)}</h2>
      {NUMERIC.map((s) => (
        <Field
          key={s.key}
          label={s.label[lang]}
          required
          validationMessage={
            submitted || draft[s.key] !== draftOf(settings)[s.key] ? issueOf(s.key) : undefined
          }
        >
          <Input
            name={s.key}
            value={String(draft[s.key])}
            inputMode="decimal"
            autoComplete="off"
            onChange={(_, d) => set(s.key, d.value)}
          />
        </Field>
      ))}
      <Field label={t("settingsAsOf", lang)}>
        <RadioGroup
          value={draft.asOfFixed === 1 ? "fixed" : "today"}
          onChange={(_, d) => set("asOfFixed", d.value === "fixed" ? 1 : 0)}
        >
          <Radio value="today" label={t("settingsFollowToday", lang)} />
          <Radio value="fixed" label={t("settingsFixed", lang)} />
        </RadioGroup>
      </Field>
      {draft.asOfFixed === 1 ? (
        <Field label={t("settingsAsOf", lang)} required validationMessage={issueOf("asOf")}>
          <Input
            type="date"
            name="asOf"
            value={formValueOf("customers", "createdDate", draft.asOf)}
            onChange={(_, d) => set("asOf", d.value)}
          />
        </Field>
      ) : null}
      <Text data-testid="settings-impact" aria-live="polite">
        {impact ? reclassificationText(impact, lang) : ""}
      </Text>
      <div>
        <Button appearance="primary" type="submit" disabled={busy}>
          {busy ? t("saving", lang) : t("settingsSave", lang)}
        </Button>
      </div>
      <FormStatus messages={status} />
      <h3 className={styles.heading}>{t("settingsLists", lang)}</h3>
      <Text className={styles.muted}>{t("settingsListsHint", lang)}</Text>
      <div className={styles.lists}>
        {LIST_KEYS.map((key) => (
          <Button key={key} size="small" onClick={() => openList(key)}>
            {t("settingsOpenList", lang, { list: LISTS[key].label[lang] })}
          </Button>
        ))}
      </div>
    </form>
  );
}

/**
 * Home: the workbook's status (which CRM tables exist, layout version, as-of date), the formula
 * mode of the calculated columns, the set up / repair / adopt actions and the language switch. Set-up is idempotent, so "repair" runs the
 * same set-up: it adds what is missing and never touches user data.
 */
import { useCallback, useEffect, useState } from "react";
import {
  Button,
  Field,
  Select,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  CheckmarkCircleRegular,
  DismissCircleRegular,
  WarningRegular,
} from "@fluentui/react-icons";
import type { AdoptCandidate, SetupReport, WorkbookStatus } from "../../domain/port";
import { TABLES, TABLE_KEYS, type FormulaMode } from "../../domain/schema";
import { setupNeeds } from "../../domain/workbookStatus";
import { formatSerial } from "../../domain/values";
import type { Lang } from "../../domain/i18n";
import { usePane } from "../context";
import { t } from "../strings";
import { FormStatus, type StatusMessage } from "./FormStatus";
import { errorText, statusListStyles } from "./common";
import { WorkbookProblems } from "./WorkbookProblems";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  ...statusListStyles,
  ok: { color: tokens.colorPaletteGreenForeground1, flexShrink: 0 },
  bad: { color: tokens.colorPaletteRedForeground1, flexShrink: 0 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1, flexShrink: 0 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

function reportText(r: SetupReport, lang: Lang): string {
  const base = t("setupDone", lang, {
    created: r.created.length,
    upgraded: r.upgraded.length,
    skipped: r.skipped.length,
  });
  return r.warnings.length > 0 ? `${base} ${r.warnings.join(" ")}` : base;
}

export function Home() {
  const { workbook, lang, setLang, changed, version } = usePane();
  const styles = useStyles();
  const [status, setStatus] = useState<WorkbookStatus | null>(null);
  /** The error itself, put into words when drawn: switching language must not re-read Excel. */
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [messages, setMessages] = useState<StatusMessage[]>([]);

  const load = useCallback(async () => {
    try {
      setStatus(await workbook.status());
      setLoadError(null);
    } catch (e) {
      setLoadError(e ?? new Error(String(e)));
    }
  }, [workbook]);

  useEffect(() => {
    void load();
  }, [load, version]);

  const run = async (action: () => Promise<SetupReport>) => {
    setBusy(true);
    setMessages([{ intent: "info", text: t("working", lang) }]);
    try {
      const report = await action();
      setMessages([
        { intent: report.warnings.length ? "warning" : "success", text: reportText(report, lang) },
      ]);
      changed();
    } catch (e) {
      setMessages([
        { intent: "error", text: t("setupFailed", lang, { message: errorText(e, lang) }) },
      ]);
    } finally {
      setBusy(false);
      void load();
    }
  };

  const { setup: needsSetup, repair: needsRepair } = status
    ? setupNeeds(status)
    : { setup: false, repair: false };

  return (
    <div className={styles.root}>
      <Field label={t("language", lang)}>
        <Select value={lang} onChange={(_, data) => setLang(data.value === "en" ? "en" : "zh")}>
          <option value="zh">中文(简体)</option>
          <option value="en">English</option>
        </Select>
      </Field>

      <section aria-labelledby="home-status" className={styles.root}>
        <h2 id="home-status" className={styles.heading}>
          {t("statusHeading", lang)}
        </h2>
        {loadError ? (
          <FormStatus
            messages={[
              {
                intent: "error",
                text: t("loadFailed", lang, { message: errorText(loadError, lang) }),
                action: { label: t("retry", lang), onClick: () => void load() },
              },
            ]}
          />
        ) : null}
        {!status && !loadError ? <Spinner size="small" label={t("loading", lang)} /> : null}
        {status ? (
          <>
            <Text className={styles.muted}>
              {status.mode === "excel" ? t("modeExcel", lang) : t("modePreview", lang)}
            </Text>
            <ul className={styles.list} aria-label={t("statusHeading", lang)}>
              {TABLE_KEYS.map((k) => {
                const s = status.tables[k];
                const sheet = TABLES[k].sheet[lang];
                const drift = s.missingColumns.length + s.formulaDrift.length > 0;
                return (
                  <li key={k} className={styles.row}>
                    {!s.present ? (
                      <DismissCircleRegular className={styles.bad} aria-hidden />
                    ) : drift ? (
                      <WarningRegular className={styles.warn} aria-hidden />
                    ) : (
                      <CheckmarkCircleRegular className={styles.ok} aria-hidden />
                    )}
                    <span>
                      {s.present
                        ? t("tablePresent", lang, { sheet, rows: s.rows })
                        : t("tableMissing", lang, { sheet })}
                      {s.missingColumns.length > 0
                        ? ` · ${t("tableMissingColumns", lang, { count: s.missingColumns.length })}`
                        : ""}
                      {s.formulaDrift.length > 0
                        ? ` · ${t("tableFormulaDrift", lang, { count: s.formulaDrift.length })}`
                        : ""}
                    </span>
                  </li>
                );
              })}
              {!status.settingsPresent ? (
                <li className={styles.row}>
                  <DismissCircleRegular className={styles.bad} aria-hidden />
                  <span>{t("settingsMissing", lang)}</span>
                </li>
              ) : null}
            </ul>
            <Text>
              {status.layoutVersion === null
                ? t("layoutNone", lang)
                : t("layoutVersion", lang, { version: status.layoutVersion })}
            </Text>
            <Text>
              {status.asOf === null
                ? t("asOfNone", lang)
                : t("asOf", lang, { date: formatSerial(status.asOf) })}
            </Text>
            {status.settingsPresent ? (
              <Field label={t("formulaMode", lang)} hint={t("formulaModeHint", lang)}>
                <Select
                  value={status.formulaMode}
                  disabled={busy}
                  onChange={(_, data) => {
                    const mode: FormulaMode = data.value === "crm" ? "crm" : "native";
                    if (mode !== status.formulaMode)
                      void run(() => workbook.setFormulaMode(mode, lang));
                  }}
                >
                  <option value="native">{t("formulaModeNative", lang)}</option>
                  <option value="crm">{t("formulaModeCrm", lang)}</option>
                </Select>
              </Field>
            ) : null}
            <div className={styles.actions}>
              <Button
                appearance={needsSetup || needsRepair ? "primary" : "secondary"}
                disabled={busy}
                onClick={() =>
                  void run(() => workbook.setup(lang, { repairFormulas: needsRepair }))
                }
              >
                {needsSetup ? t("setUp", lang) : t("repair", lang)}
              </Button>
              <Button disabled={busy} onClick={() => void load()}>
                {t("refresh", lang)}
              </Button>
            </div>
            <WorkbookProblems status={status} busy={busy} onChanged={() => void load()} />
            {status.candidates.length > 0 ? (
              <Candidates
                candidates={status.candidates}
                busy={busy}
                onAdopt={(c) => void run(() => workbook.adopt(c, lang))}
              />
            ) : null}
          </>
        ) : null}
        <FormStatus messages={messages} />
      </section>
    </div>
  );
}

function Candidates(props: {
  candidates: readonly AdoptCandidate[];
  busy: boolean;
  onAdopt: (c: AdoptCandidate) => void;
}) {
  const { lang } = usePane();
  const styles = useStyles();
  return (
    <section aria-labelledby="home-adopt" className={styles.root}>
      <h3 id="home-adopt" className={styles.heading}>
        {t("adoptHeading", lang)}
      </h3>
      <ul className={styles.list}>
        {props.candidates.map((c) => (
          <li key={`${c.sheet}-${c.table}`} className={styles.root}>
            <Text>
              {t("adoptHint", lang, {
                sheet: c.sheet,
                table: TABLES[c.table].sheet[lang],
                row: c.headerRow + 1,
                rows: c.dataRows,
                known: c.recognised.length,
              })}
            </Text>
            <Button disabled={props.busy} onClick={() => props.onAdopt(c)}>
              {t("adopt", lang, { sheet: c.sheet })}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

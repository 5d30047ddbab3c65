/**
 * What is wrong with the workbook, in words (src/domain/recovery.ts), and the two answers to a
 * column whose header was changed: rename it back, or keep the new name. A column that cannot
 * be found at all can be pointed at one of the table's unknown headers. Writes that need such a
 * column stop until one of these is done (issue 17), so the answers sit where the status is.
 */
import { useState } from "react";
import { Button, Field, Select, Text, makeStyles, tokens } from "@fluentui/react-components";
import { WarningRegular } from "@fluentui/react-icons";
import type { WorkbookStatus } from "../../domain/port";
import { RECOVERY_LABELS, problemText } from "../../domain/recovery";
import { say } from "../../domain/i18n";
import { TABLES, TABLE_KEYS, columnDef, type TableKey } from "../../domain/schema";
import { usePane } from "../context";
import { FormStatus, type StatusMessage } from "./FormStatus";
import { errorText, statusListStyles } from "./common";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  ...statusListStyles,
  warn: { color: tokens.colorPaletteDarkOrangeForeground1, flexShrink: 0 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export function WorkbookProblems(props: {
  status: WorkbookStatus;
  busy: boolean;
  /** Called after a column was renamed back or mapped: the status is read again. */
  onChanged: () => void;
}) {
  const { workbook, lang, changed } = usePane();
  const styles = useStyles();
  const [working, setWorking] = useState(false);
  const [messages, setMessages] = useState<StatusMessage[]>([]);
  const problems = props.status.problems ?? [];
  const missingToMap = TABLE_KEYS.flatMap((table) => {
    const s = props.status.tables[table];
    const unknown = s.unknownHeaders ?? [];
    if (!s.present || unknown.length === 0) return [];
    return s.missingColumns
      .filter((key) => columnDef(table, key).kind === "input")
      .map((key) => ({ table, columnKey: key, unknown }));
  });
  if (problems.length === 0 && missingToMap.length === 0) return null;

  const act = async (action: () => Promise<string>) => {
    setWorking(true);
    try {
      setMessages([{ intent: "success", text: await action() }]);
      changed();
    } catch (e) {
      setMessages([
        {
          intent: "error",
          text: say(RECOVERY_LABELS.failed, lang, { message: errorText(e, lang) }),
        },
      ]);
    } finally {
      setWorking(false);
      props.onChanged();
    }
  };
  const renameBack = (table: TableKey, key: string) =>
    act(async () => {
      const header = await workbook.renameColumnBack!(table, key, lang);
      return say(RECOVERY_LABELS.renamedBack, lang, { header });
    });
  const map = (table: TableKey, key: string, header: string) =>
    act(async () => {
      await workbook.mapColumn!(table, key, header);
      return say(RECOVERY_LABELS.mapped, lang, {
        header,
        column: columnDef(table, key).header[lang],
      });
    });
  const disabled = props.busy || working;

  return (
    <section aria-labelledby="home-problems" className={styles.root}>
      <h3 id="home-problems" className={styles.heading}>
        {say(RECOVERY_LABELS.problemsHeading, lang)}
      </h3>
      <ul className={styles.list}>
        {problems.map((p, i) => (
          <li key={`${p.kind}-${i}`} className={styles.root}>
            <span className={styles.row}>
              <WarningRegular className={styles.warn} aria-hidden />
              <Text>{problemText(p, lang)}</Text>
            </span>
            {p.kind === "columnRenamed" && workbook.renameColumnBack && workbook.mapColumn ? (
              <span className={styles.actions}>
                <Button
                  size="small"
                  disabled={disabled}
                  onClick={() =>
                    void renameBack(p.params.table as TableKey, String(p.params.column))
                  }
                >
                  {say(RECOVERY_LABELS.renameBack, lang, {
                    column: columnDef(p.params.table as TableKey, String(p.params.column)).header[
                      lang
                    ],
                  })}
                </Button>
                <Button
                  size="small"
                  disabled={disabled}
                  onClick={() =>
                    void map(
                      p.params.table as TableKey,
                      String(p.params.column),
                      String(p.params.header),
                    )
                  }
                >
                  {say(RECOVERY_LABELS.keepName, lang, { header: String(p.params.header) })}
                </Button>
              </span>
            ) : null}
          </li>
        ))}
        {workbook.mapColumn
          ? missingToMap.map((m) => (
              <MapMissing
                key={`${m.table}-${m.columnKey}`}
                {...m}
                disabled={disabled}
                onMap={(header) => void map(m.table, m.columnKey, header)}
              />
            ))
          : null}
      </ul>
      <FormStatus messages={messages} />
    </section>
  );
}

function MapMissing(props: {
  table: TableKey;
  columnKey: string;
  unknown: string[];
  disabled: boolean;
  onMap: (header: string) => void;
}) {
  const { lang } = usePane();
  const styles = useStyles();
  const [header, setHeader] = useState(props.unknown[0] ?? "");
  const column = columnDef(props.table, props.columnKey).header[lang];
  const label = say(RECOVERY_LABELS.mapMissing, lang, {
    table: `${TABLES[props.table].sheet[lang]} (${TABLES[props.table].name})`,
    column,
  });
  return (
    <li className={styles.root}>
      <Field label={label}>
        <Select value={header} onChange={(_, d) => setHeader(d.value)}>
          {props.unknown.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </Select>
      </Field>
      <span className={styles.actions}>
        <Button
          size="small"
          disabled={props.disabled || !header}
          onClick={() => props.onMap(header)}
        >
          {say(RECOVERY_LABELS.mapTo, lang)}
        </Button>
      </span>
    </li>
  );
}

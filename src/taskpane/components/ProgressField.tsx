/**
 * Progress of a long task in a panel (import analysis, import write, data check): a labelled
 * progress bar, a hint with the counts, and a Stop button when the task can stop. Screen readers
 * hear the task's name once when it starts (a status region), not every count as it changes; the
 * panels announce the outcome when it ends.
 */
import { Button, Field, ProgressBar, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalS,
  },
  field: { alignSelf: "stretch" },
  // Read by screen readers, not shown: the Field's label already says it on screen.
  announce: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clipPath: "inset(50%)",
    whiteSpace: "nowrap",
  },
});

export interface ProgressFieldProps {
  label: string;
  hint?: string;
  /** Done so far, 0 to 1; undefined while unknown (the bar then runs indeterminate). */
  value?: number;
  stop?: { label: string; onClick: () => void };
}

export function ProgressField({ label, hint, value, stop }: ProgressFieldProps) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <span role="status" className={styles.announce}>
        {label}
      </span>
      <Field className={styles.field} label={label} hint={hint}>
        <ProgressBar value={value} />
      </Field>
      {stop ? <Button onClick={stop.onClick}>{stop.label}</Button> : null}
    </div>
  );
}

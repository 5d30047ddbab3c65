/**
 * In the follow-up form: the chosen customer's open action plans, each with a checkbox "this
 * follow-up completes it". A call that answers "回电确认需求" should close that plan in the same
 * step, or the plan stays overdue in everyone's work list although the work was done.
 */
import { Checkbox, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useId } from "react";
import type { OpenPlan } from "../../domain/worklists";
import { formatSerial } from "../../domain/values";
import { usePane } from "../context";
import { t } from "../strings";

const useStyles = makeStyles({
  group: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold },
  option: { overflowWrap: "anywhere" },
});

export function ClosePlans(props: {
  plans: readonly OpenPlan[];
  checked: ReadonlySet<string>;
  onChange: (next: ReadonlySet<string>) => void;
}) {
  const { plans, checked, onChange } = props;
  const { lang } = usePane();
  const styles = useStyles();
  const legendId = useId();
  if (plans.length === 0) return null;
  return (
    <div role="group" aria-labelledby={legendId} className={styles.group}>
      <Text id={legendId} className={styles.legend}>
        {t("closePlansLegend", lang)}
      </Text>
      {plans.map((plan) => (
        <Checkbox
          key={plan.id}
          className={styles.option}
          checked={checked.has(plan.id)}
          onChange={(_, data) => {
            const next = new Set(checked);
            if (data.checked === true) next.add(plan.id);
            else next.delete(plan.id);
            onChange(next);
          }}
          label={t("closePlanOption", lang, {
            id: plan.id,
            text: plan.text,
            date: formatSerial(plan.due),
          })}
        />
      ))}
    </div>
  );
}

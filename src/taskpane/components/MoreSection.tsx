/** The collapsible "more details" section of the forms. */
import { useId, type ReactNode } from "react";
import { Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ChevronDownRegular, ChevronRightRegular } from "@fluentui/react-icons";
import type { Lang } from "../../domain/i18n";
import { t } from "../strings";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  // The section's own display would override the `hidden` attribute.
  closed: { display: "none" },
  toggle: { alignSelf: "flex-start", paddingLeft: 0 },
});

/** A disclosure for the optional fields; collapsed content stays mounted (and registered). */
export function MoreSection(props: {
  open: boolean;
  onToggle: (open: boolean) => void;
  lang: Lang;
  children: ReactNode;
}) {
  const styles = useStyles();
  const id = useId();
  return (
    <>
      <Button
        className={styles.toggle}
        appearance="transparent"
        icon={props.open ? <ChevronDownRegular /> : <ChevronRightRegular />}
        aria-expanded={props.open}
        aria-controls={id}
        onClick={() => props.onToggle(!props.open)}
      >
        {t("moreFields", props.lang)}
      </Button>
      <div
        id={id}
        className={mergeClasses(styles.section, props.open ? undefined : styles.closed)}
        hidden={!props.open}
      >
        {props.children}
      </div>
    </>
  );
}

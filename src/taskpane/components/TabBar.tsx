/**
 * The panel tabs: the WAI-ARIA tabs pattern (roving tabindex, arrow keys, Home/End) on Fluent
 * buttons, wrapping onto a second line in a 320 px pane. Hand-rolled instead of Fluent's TabList,
 * whose focus manager (tabster) alone weighs ~15 KB gzip in the start bundle.
 */
import { useRef, type KeyboardEvent } from "react";
import { Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  bar: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalXXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: tokens.spacingVerticalXXS,
  },
  tab: {
    minWidth: 0,
    fontWeight: tokens.fontWeightRegular,
    borderBottom: `2px solid transparent`,
    borderRadius: 0,
  },
  selected: {
    fontWeight: tokens.fontWeightSemibold,
    borderBottomColor: tokens.colorCompoundBrandStroke,
    color: tokens.colorNeutralForeground1,
  },
});

export interface TabItem<K extends string> {
  key: K;
  label: string;
}

export function TabBar<K extends string>(props: {
  tabs: readonly TabItem<K>[];
  selected: K;
  onSelect: (key: K) => void;
  label: string;
  panelId: string;
}) {
  const styles = useStyles();
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const { tabs, selected, onSelect } = props;

  const move = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    let next = -1;
    if (e.key === "ArrowRight" || e.key === "ArrowDown") next = (index + 1) % tabs.length;
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp")
      next = (index - 1 + tabs.length) % tabs.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = tabs.length - 1;
    const target = tabs[next];
    if (!target) return;
    e.preventDefault();
    onSelect(target.key);
    refs.current.get(target.key)?.focus();
  };

  return (
    <div role="tablist" aria-label={props.label} className={styles.bar}>
      {tabs.map((tab, i) => {
        const isSelected = tab.key === selected;
        return (
          <Button
            key={tab.key}
            ref={(el: HTMLButtonElement | null) => {
              if (el) refs.current.set(tab.key, el);
              else refs.current.delete(tab.key);
            }}
            id={`tab-${tab.key}`}
            role="tab"
            aria-selected={isSelected}
            aria-controls={props.panelId}
            tabIndex={isSelected ? 0 : -1}
            appearance="subtle"
            size="small"
            className={mergeClasses(styles.tab, isSelected ? styles.selected : undefined)}
            onClick={() => onSelect(tab.key)}
            onKeyDown={(e) => move(e, i)}
          >
            {tab.label}
          </Button>
        );
      })}
    </div>
  );
}

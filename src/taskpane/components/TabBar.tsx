/**
 * The panel tabs: the WAI-ARIA tabs pattern (roving tabindex, arrow keys, Home/End) on Fluent
 * buttons, on one row at any width. The tabs that do not fit go into a "more" menu at the end of
 * the row (the selected tab always stays on the row); a narrow 320 px pane used to wrap nine tabs
 * into three rows that pushed the form below the fold.
 *
 * The bar takes any list of items, so panels added later only add an item. Hand-rolled instead
 * of Fluent's TabList and Overflow, whose focus manager (tabster) alone weighs ~15 KB gzip in the
 * start bundle; the menu of hidden tabs (Fluent's Menu) loads only when some tabs do not fit.
 */
import {
  Suspense,
  lazy,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
} from "react";
import { Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { fitTabs } from "./tabFit";

const TabOverflowMenu = lazy(() => import("./TabOverflowMenu"));

/** tokens.spacingHorizontalXXS between tabs, in px. */
const GAP = 2;
/**
 * Room kept for the "more" button: "更多" or "More" and its chevron at size small are ~64 px;
 * a little spare so a tab never ends under it.
 */
const MORE_WIDTH = 76;

const useStyles = makeStyles({
  row: {
    display: "flex",
    flexWrap: "nowrap",
    alignItems: "stretch",
    gap: tokens.spacingHorizontalXXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: tokens.spacingVerticalXXS,
    minWidth: 0,
  },
  bar: {
    display: "flex",
    flexWrap: "nowrap",
    gap: tokens.spacingHorizontalXXS,
    minWidth: 0,
    flexGrow: 1,
    overflow: "hidden",
  },
  tab: {
    minWidth: 0,
    flexShrink: 0,
    whiteSpace: "nowrap",
    fontWeight: tokens.fontWeightRegular,
    borderBottom: `2px solid transparent`,
    borderRadius: 0,
  },
  hidden: { display: "none" },
  selected: {
    fontWeight: tokens.fontWeightSemibold,
    borderBottomColor: tokens.colorCompoundBrandStroke,
    color: tokens.colorNeutralForeground1,
  },
  more: { flexShrink: 0, minWidth: 0, whiteSpace: "nowrap" },
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
  /** The label of the menu of tabs that do not fit ("更多" / "More"). */
  moreLabel: string;
  panelId: string;
}) {
  const styles = useStyles();
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const barRef = useRef<HTMLDivElement>(null);
  const { tabs, selected, onSelect } = props;
  /** Each tab's width, measured while all tabs are shown (again when the labels change). */
  const widths = useRef(new Map<K, number>());
  const labelsKey = tabs.map((t) => `${t.key}=${t.label}`).join("|");
  const [measuredFor, setMeasuredFor] = useState<string | null>(null);
  const [width, setWidth] = useState<number | null>(null);
  const [focusAfterSelect, setFocusAfterSelect] = useState<K | null>(null);

  // Measure with every tab on the row (the first render for a set of labels shows them all).
  useLayoutEffect(() => {
    if (measuredFor === labelsKey) return;
    for (const tab of tabs) {
      const el = refs.current.get(tab.key);
      if (el) widths.current.set(tab.key, el.offsetWidth);
    }
    setMeasuredFor(labelsKey);
  }, [labelsKey, measuredFor, tabs]);

  // The row's width follows the pane (a task pane can be resized at any time).
  useLayoutEffect(() => {
    const bar = barRef.current?.parentElement;
    if (!bar) return;
    setWidth(bar.clientWidth);
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => setWidth(bar.clientWidth));
    observer.observe(bar);
    return () => observer.disconnect();
  }, []);

  const fit =
    measuredFor === labelsKey && width
      ? fitTabs(
          tabs.map((t) => ({ key: t.key, width: widths.current.get(t.key) ?? 0 })),
          selected,
          width,
          GAP,
          MORE_WIDTH,
        )
      : null;
  const hidden = new Set<K>(fit?.hidden ?? []);
  const overflowing = tabs.filter((t) => hidden.has(t.key));

  useEffect(() => {
    if (focusAfterSelect === null) return;
    refs.current.get(focusAfterSelect)?.focus();
    setFocusAfterSelect(null);
  }, [focusAfterSelect]);

  const select = useCallback(
    (key: K, focus: boolean) => {
      onSelect(key);
      // A hidden tab joins the row only after the next render; it takes the focus then.
      if (focus) setFocusAfterSelect(key);
    },
    [onSelect],
  );

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
    select(target.key, true);
  };

  return (
    <div className={styles.row}>
      <div role="tablist" aria-label={props.label} className={styles.bar} ref={barRef}>
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
              className={mergeClasses(
                styles.tab,
                isSelected ? styles.selected : undefined,
                hidden.has(tab.key) ? styles.hidden : undefined,
              )}
              onClick={() => select(tab.key, false)}
              onKeyDown={(e) => move(e, i)}
            >
              {tab.label}
            </Button>
          );
        })}
      </div>
      {overflowing.length ? (
        <Suspense
          fallback={
            <Button appearance="subtle" size="small" className={styles.more} disabled>
              {props.moreLabel}
            </Button>
          }
        >
          <TabOverflowMenu
            label={props.moreLabel}
            items={overflowing}
            className={styles.more}
            onSelect={(key) => select(key as K, true)}
          />
        </Suspense>
      ) : null}
    </div>
  );
}

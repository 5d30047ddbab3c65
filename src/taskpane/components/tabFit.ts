/**
 * Which tabs fit on one row: a pure rule, so it is tested without a browser's layout.
 *
 * All tabs stay when they fit. Otherwise the "more" button takes its place at the end, the
 * selected tab is always kept (the user must see where they are), and the others are kept in
 * order while they fit; from the first that does not, the rest go into the menu, so the row
 * never skips a tab and shows a later one.
 */
export interface MeasuredTab<K> {
  key: K;
  width: number;
}

export function fitTabs<K>(
  tabs: readonly MeasuredTab<K>[],
  selected: K,
  available: number,
  gap: number,
  moreWidth: number,
): { hidden: K[] } {
  const total = tabs.reduce((sum, t, i) => sum + t.width + (i ? gap : 0), 0);
  if (total <= available) return { hidden: [] };
  const chosen = tabs.find((t) => t.key === selected);
  let used = moreWidth + (chosen ? chosen.width + gap : 0);
  const hidden: K[] = [];
  let full = false;
  for (const tab of tabs) {
    if (tab.key === selected) continue;
    if (!full && used + tab.width + gap <= available) used += tab.width + gap;
    else {
      full = true;
      hidden.push(tab.key);
    }
  }
  return { hidden };
}

/** Which tabs stay on the one-row tab bar (TabBar's pure rule). */
import fc from "fast-check";
import { fitTabs } from "../../src/taskpane/components/tabFit";

const tabs = (...widths: number[]) => widths.map((width, i) => ({ key: `t${i}`, width }));
const GAP = 2;
const MORE = 76;

describe("fitTabs", () => {
  it.each([
    // All fit exactly (60 + 2 + 60 + 2 + 60 = 184): nothing hidden, no more button.
    [tabs(60, 60, 60), "t0", 184, []],
    // One pixel short: the more button takes room; t0 stays, t1 does not fit after it.
    [tabs(60, 60, 60), "t0", 183, ["t1", "t2"]],
    // The selected tab is kept even when it is the last one; the others give way.
    [tabs(60, 60, 60), "t2", 183, ["t0", "t1"]],
    // Tabs are kept in order: once one does not fit, the later small ones go too.
    [tabs(40, 120, 20), "t0", 180, ["t1", "t2"]],
    // Nothing but the selected tab fits.
    [tabs(100, 100, 100), "t1", 150, ["t0", "t2"]],
  ])("%j, selected %s, %i px → hidden %j", (list, selected, available, hidden) => {
    expect(fitTabs(list, selected, available, GAP, MORE).hidden).toEqual(hidden);
  });

  it("never hides the selected tab, hides a suffix of the others, and what stays fits", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 20, max: 140 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.integer({ min: 100, max: 1200 }),
        (widths, pick, available) => {
          const list = tabs(...widths);
          const selected = list[pick % list.length]!.key;
          const { hidden } = fitTabs(list, selected, available, GAP, MORE);
          expect(hidden).not.toContain(selected);
          const others = list.filter((t) => t.key !== selected).map((t) => t.key);
          expect(others.slice(others.length - hidden.length)).toEqual(hidden);
          const shown = list.filter((t) => !hidden.includes(t.key));
          const used = shown.reduce((s, t) => s + t.width + GAP, hidden.length ? MORE : -GAP);
          // The selected tab alone may be wider than the row; anything more must fit.
          if (shown.length > 1) expect(used).toBeLessThanOrEqual(available);
        },
      ),
    );
  });
});

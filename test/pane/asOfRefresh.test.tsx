/**
 * When the pane refreshes the as-of date: only while shown (or asked), once per day, and every
 * failure reported. The adapter's own rules (read-only, a user's date) are tested against the
 * Excel fake in test/excel/setup.test.ts.
 */
import { startAsOfRefresh, type AsOfRefreshDeps } from "../../src/taskpane/asOfRefresh";

function harness(shown: boolean, refresh: (today: number) => Promise<void>) {
  let today = 45500;
  let visible = shown;
  const listeners: (() => void)[] = [];
  const reported: unknown[] = [];
  const calls: number[] = [];
  const deps: AsOfRefreshDeps = {
    workbook: {
      refreshAsOf: async (d) => {
        calls.push(d);
        await refresh(d);
      },
    },
    today: () => today,
    isShown: () => visible,
    onShown: (cb) => listeners.push(cb),
    report: (e) => reported.push(e),
  };
  const api = startAsOfRefresh(deps);
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    api,
    calls,
    reported,
    flush,
    show: async () => {
      visible = true;
      listeners.forEach((l) => l());
      await flush();
    },
    nextDay: () => void today++,
  };
}

it("the runtime started for a ribbon command with the pane hidden: no refresh", async () => {
  const h = harness(false, async () => undefined);
  await h.flush();
  expect(h.calls).toEqual([]);
});

it("refreshes when the pane is shown, once a day", async () => {
  const h = harness(false, async () => undefined);
  await h.show();
  await h.show();
  expect(h.calls).toEqual([45500]);
  h.nextDay();
  await h.show();
  expect(h.calls).toEqual([45500, 45501]);
});

it("a pane shown at start refreshes at once; the user can ask again", async () => {
  const h = harness(true, async () => undefined);
  await h.flush();
  expect(h.calls).toEqual([45500]);
  await h.api.refreshNow();
  expect(h.calls).toEqual([45500, 45500]);
});

it("a failure is reported, not swallowed, and retried the next time the pane is shown", async () => {
  let fail = true;
  const error = new Error("AccessDenied");
  const h = harness(true, async () => {
    if (fail) throw error;
  });
  await h.flush();
  expect(h.reported).toEqual([error]);
  fail = false;
  await h.show();
  expect(h.calls).toHaveLength(2);
  expect(h.reported).toHaveLength(1);
});

/**
 * When the pane refreshes the as-of date (SPEC §3): only while the pane is shown, or when the
 * user asks. The shared runtime also starts for a ribbon command with the pane hidden; writing
 * the date then would be an edit and a recalculation nobody asked for. The adapter decides
 * whether a write is due (read-only file, at most once a day, a date the user fixed); this module
 * decides when to ask it, at most once per day of the runtime, and never hides a failure: a
 * workbook that is not set up yet is quiet by construction (the adapter has nothing to do), any
 * error is reported.
 */
import type { CrmWorkbook } from "../domain/port";

export interface AsOfRefreshDeps {
  workbook: Pick<CrmWorkbook, "refreshAsOf">;
  /** Today as a serial, read at each attempt (the runtime may live past midnight). */
  today: () => number;
  /** Whether the pane is on screen now. */
  isShown: () => boolean;
  /** Registers a callback for each time the pane comes on screen. */
  onShown: (callback: () => void) => void;
  /** Shows a failure to the user. */
  report: (error: unknown) => void;
}

export interface AsOfRefresh {
  /** The user asked (e.g. a refresh button): refreshes even if done today. */
  refreshNow(): Promise<void>;
}

export function startAsOfRefresh(deps: AsOfRefreshDeps): AsOfRefresh {
  let doneFor: number | null = null;
  let running: Promise<void> | null = null;
  const attempt = async (force: boolean): Promise<void> => {
    const today = deps.today();
    if (!force && doneFor === today) return;
    if (running) return running;
    running = (async () => {
      try {
        await deps.workbook.refreshAsOf(today);
        doneFor = today;
      } catch (error) {
        deps.report(error);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  deps.onShown(() => void attempt(false));
  if (deps.isShown()) void attempt(false);
  return { refreshNow: () => attempt(true) };
}

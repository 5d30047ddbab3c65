/**
 * What every panel needs: the workbook port, the display language and a change counter. Panels
 * re-read the workbook when `version` changes (after any write), never caching across actions:
 * in a co-authored workbook another user may have added rows in between.
 */
import { createContext, useContext } from "react";
import type { CrmWorkbook } from "../domain/port";
import type { Lang } from "../domain/i18n";
import type { DraftStore } from "../domain/drafts";

export interface PaneContextValue {
  workbook: CrmWorkbook;
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** Today's serial (the default for date fields and the as-of date). */
  today: number;
  /** Incremented after every successful write. */
  version: number;
  /** Called after a write so other panels re-read. */
  changed: () => void;
  /** Where drafts are kept (localStorage in the pane; a Map-backed store in tests). */
  drafts: DraftStore | null;
  /**
   * Opens the follow-up form for a customer (from a work list item or a ribbon command); from an
   * action plan's item, `planId` is the plan the follow-up answers (offered for closing, ticked).
   */
  logFollowUp: (customerId: string, planId?: string) => void;
  /** Opens 反馈处理 with this feedback entry selected (处理 on a work-list item). */
  handleFeedback?: (feedbackId: string) => void;
  /**
   * Names the workbook for what the pane remembers per workbook (the work lists' "我"): Office's
   * storage partition and the document; "preview" in preview mode.
   */
  workbookKey?: string;
}

export const PaneContext = createContext<PaneContextValue | null>(null);

export function usePane(): PaneContextValue {
  const value = useContext(PaneContext);
  if (!value) throw new Error("usePane outside PaneContext");
  return value;
}

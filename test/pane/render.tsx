/** Renders a panel inside the pane's context, on an in-memory workbook and a Map-backed draft store. */
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { PaneContext, type FormRequest, type PaneContextValue } from "../../src/taskpane/context";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import type { CrmWorkbook } from "../../src/domain/port";
import type { DraftStore } from "../../src/domain/drafts";
import { serialFromYmd } from "../../src/domain/values";

export const TODAY = serialFromYmd(2024, 11, 20);

export class MapStore implements DraftStore {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

/** A workbook whose writes fail like a lost connection: nothing is written. */
export function failingWrites(inner: CrmWorkbook): CrmWorkbook {
  return Object.assign(Object.create(inner) as CrmWorkbook, {
    appendRecords: () => Promise.reject(new Error("网络中断")),
    updateRecord: () => Promise.reject(new Error("网络中断")),
  });
}

export function renderPanel(
  ui: ReactElement,
  options: { workbook?: CrmWorkbook; drafts?: MapStore; lang?: "zh" | "en" } = {},
) {
  const workbook = options.workbook ?? new MemoryWorkbook({ today: TODAY });
  const drafts = options.drafts ?? new MapStore();
  const followUps: string[] = [];
  const cards: string[] = [];
  const forms: FormRequest[] = [];
  const value: PaneContextValue = {
    workbook,
    lang: options.lang ?? "zh",
    setLang: () => undefined,
    today: TODAY,
    version: 0,
    changed: () => undefined,
    drafts,
    logFollowUp: (id) => followUps.push(id),
    openCard: (id) => cards.push(id),
    openForm: (request) => forms.push(request),
  };
  const result = render(
    <FluentProvider theme={webLightTheme}>
      <PaneContext.Provider value={value}>{ui}</PaneContext.Provider>
    </FluentProvider>,
  );
  return { ...result, workbook, drafts, followUps, cards, forms };
}

/**
 * Reads what a form or list needs from the workbook (lists, settings, some tables) and re-reads
 * after every write. Errors are returned, not thrown, so the panel can say what went wrong.
 */
import { useCallback, useEffect, useState } from "react";
import type { CrmRecord } from "../../domain/port";
import type { ListValues, Settings, TableKey } from "../../domain/schema";
import { usePane } from "../context";

export interface WorkbookData {
  lists: ListValues;
  settings: Settings;
  tables: Partial<Record<TableKey, CrmRecord[]>>;
}

export interface DataState {
  data: WorkbookData | null;
  error: string | null;
  reload: () => void;
}

export function useWorkbookData(tables: readonly TableKey[]): DataState {
  const { workbook, version } = usePane();
  const [data, setData] = useState<WorkbookData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const key = tables.join(",");

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [lists, settings, ...rows] = await Promise.all([
          workbook.readLists(),
          workbook.readSettings(),
          ...key
            .split(",")
            .filter(Boolean)
            .map((t) => workbook.readRecords(t as TableKey)),
        ]);
        if (!live) return;
        const out: Partial<Record<TableKey, CrmRecord[]>> = {};
        key
          .split(",")
          .filter(Boolean)
          .forEach((t, i) => {
            out[t as TableKey] = rows[i] ?? [];
          });
        setData({ lists, settings, tables: out });
        setError(null);
      } catch (e) {
        if (live) setError(e instanceof Error ? e.message : String(e));
      }
    })();
    return () => {
      live = false;
    };
  }, [workbook, version, key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, reload };
}

/**
 * Reading a workbook's status (port.ts's WorkbookStatus) into what the pane offers. Its own
 * small module so that Home does not pull the layout planner into its chunk.
 */
import type { WorkbookStatus } from "./port";
import { LAYOUT_VERSION, TABLE_KEYS } from "./schema";

/**
 * What the set-up button should offer: `setup` when a CRM table or the settings are missing;
 * `repair` when a table lacks columns of the schema, a computed column's formula drifted, or
 * the layout is older than this version, or a set-up was interrupted. Neither: nothing to do.
 */
export function setupNeeds(status: WorkbookStatus): { setup: boolean; repair: boolean } {
  const tables = TABLE_KEYS.map((k) => status.tables[k]);
  return {
    setup: !status.settingsPresent || tables.some((t) => !t.present),
    repair:
      (status.problems ?? []).some((p) => p.repair) ||
      tables.some((t) => t.missingColumns.length > 0 || t.formulaDrift.length > 0) ||
      (status.layoutVersion !== null && status.layoutVersion < LAYOUT_VERSION) ||
      status.setupIncomplete === true,
  };
}

/**
 * A CrmWorkbook for tests of one step (the import's write, say): the methods the step uses come
 * from the test, every other required method rejects, so a test notices a call it did not expect.
 */
import type { CrmWorkbook } from "../../src/domain/port";

type RequiredMethods = Omit<
  CrmWorkbook,
  "mode" | "checkData" | "refreshDashboard" | "updateRecords"
>;

export function portWith(
  methods: Partial<CrmWorkbook>,
  mode: CrmWorkbook["mode"] = "preview",
): CrmWorkbook {
  const unused = () => Promise.reject(new Error("not used by this test's step"));
  const required: RequiredMethods = {
    status: unused,
    setup: unused,
    adopt: unused,
    setFormulaMode: unused,
    readLists: unused,
    addListItems: unused,
    readSettings: unused,
    refreshAsOf: unused,
    readRecords: unused,
    appendRecords: unused,
    updateRecord: unused,
    readCustomerStory: unused,
    writeSettings: unused,
    select: unused,
  };
  return { mode, ...required, ...methods };
}

/**
 * The port contract of appendRecords, one suite run against both implementations: the Excel
 * adapter on the object-model fake (test/excel/portContract.test.ts) and the in-memory workbook
 * of preview mode (test/domain/portContract.test.ts). The pane, the import and the browser
 * tests run on the in-memory one; what they see must be what Excel does.
 *
 * Dates are in 2024 and every customer draft carries 建档日期, so no rule here reads the clock.
 */
import type { CrmRecord, CrmWorkbook } from "../../src/domain/port";
import type { TableKey } from "../../src/domain/schema";
import { serialFromYmd } from "../../src/domain/values";

export interface PortHarness {
  /** A workbook whose tables hold `seed` (every CRM table present, the others empty). */
  start(seed: Partial<Record<TableKey, CrmRecord[]>>): Promise<CrmWorkbook>;
  stop?(): void;
}

const JAN = serialFromYmd(2024, 1, 15);
const MAR = serialFromYmd(2024, 3, 5);

export const SEED_CUSTOMERS: CrmRecord[] = [
  {
    customerId: "C202401001",
    name: "甲科技有限公司",
    contact: "张三",
    needs: "ERP",
    createdDate: JAN,
  },
  {
    customerId: "C202401007",
    name: "乙贸易有限公司",
    contact: "李四",
    needs: "CRM",
    createdDate: JAN,
  },
];

function customer(name: string, extra: CrmRecord = {}): CrmRecord {
  return { name, contact: "王五", needs: "ERP", createdDate: MAR, ...extra };
}

export function describePortContract(name: string, harness: PortHarness): void {
  describe(`port contract: appendRecords (${name})`, () => {
    let workbook: CrmWorkbook;
    beforeEach(async () => {
      workbook = await harness.start({
        customers: SEED_CUSTOMERS,
        interactions: [],
        orders: [],
        feedback: [],
      });
    });
    afterEach(() => harness.stop?.());

    const ids = async (table: TableKey) =>
      (await workbook.readRecords(table)).map((r) => String(r[idKey(table)] ?? ""));

    it("keeps a draft's own well-formed, unused ID", async () => {
      const result = await workbook.appendRecords("customers", [
        customer("丙公司", { customerId: "C202312045" }),
      ]);
      expect(result.ids).toEqual(["C202312045"]);
      expect(await ids("customers")).toContain("C202312045");
    });

    it.each([
      ["used by the table", "C202401007"],
      ["malformed", "C2024"],
      ["of another table's prefix", "F202403001"],
      ["blank", ""],
    ])("allocates a new ID, from the draft's month, when its own is %s", async (_, own) => {
      const result = await workbook.appendRecords("customers", [
        customer("丙公司", { customerId: own }),
      ]);
      expect(result.ids).toEqual(["C202403001"]);
    });

    it("continues after the highest ID of the month (kept IDs included), and keeps a repeated own ID once", async () => {
      const result = await workbook.appendRecords("customers", [
        customer("丙公司", { createdDate: JAN }),
        customer("丁公司", { customerId: "C202401050" }),
        customer("戊公司", { customerId: "C202401050", createdDate: JAN }),
      ]);
      expect(result.ids).toEqual(["C202401051", "C202401050", "C202401052"]);
      expect(result.firstRow).toBe(SEED_CUSTOMERS.length);
    });

    it("a follow-up may name a customer appended by the same import with its kept ID", async () => {
      await workbook.appendRecords("customers", [customer("丙公司", { customerId: "C202312045" })]);
      const result = await workbook.appendRecords("interactions", [
        { customerId: "C202312045", date: MAR, topic: "回访" },
      ]);
      expect(result.ids).toHaveLength(1);
      const [row] = (await workbook.readRecords("interactions")).slice(-1);
      expect(row).toMatchObject({ customerId: "C202312045", topic: "回访" });
    });

    it("rejects a follow-up of an unknown customer, and writes none of the batch", async () => {
      await expect(
        workbook.appendRecords("interactions", [
          { customerId: "C202401001", date: MAR, topic: "回访" },
          { customerId: "C209901001", date: MAR, topic: "回访" },
        ]),
      ).rejects.toThrow();
      expect(await workbook.readRecords("interactions")).toHaveLength(0);
    });

    it("rejects a draft without a required field, and writes none of the batch", async () => {
      await expect(
        workbook.appendRecords("customers", [customer("丙公司"), { name: "丁公司" }]),
      ).rejects.toThrow();
      expect(await workbook.readRecords("customers")).toHaveLength(SEED_CUSTOMERS.length);
    });

    it("writes an off-list value as given (the import decides about lists, not the writer)", async () => {
      await workbook.appendRecords("customers", [
        customer("丙公司", { customerType: " VIP客户 " }),
      ]);
      const [row] = (await workbook.readRecords("customers")).slice(-1);
      expect(row?.customerType).toBe("VIP客户");
    });

    it("stores formula-like text as the text it is", async () => {
      await workbook.appendRecords("customers", [
        customer("丙公司", { needDetail: '=HYPERLINK("x")', address: "+86 深圳" }),
      ]);
      const [row] = (await workbook.readRecords("customers")).slice(-1);
      expect(row).toMatchObject({ needDetail: '=HYPERLINK("x")', address: "+86 深圳" });
    });

    // A form's save retried after a lost response sends the same batch id again.
    it("writes a batch once when it is sent again with the same batch id, and again under a new id", async () => {
      const drafts = [customer("丙公司"), customer("丁公司")];
      const first = await workbook.appendRecords("customers", drafts, { batchId: "save-1" });
      const again = await workbook.appendRecords("customers", drafts, { batchId: "save-1" });
      expect(again.ids).toEqual(first.ids);
      expect(await ids("customers")).toHaveLength(4);
      await workbook.appendRecords("customers", drafts, { batchId: "save-2" });
      expect(await ids("customers")).toHaveLength(6);
    });
  });
}

/** Values the import keeps with a warning, and the list items it may add (issue 15). */
export function describeWarningsContract(name: string, harness: PortHarness): void {
  describe(`port contract: warnings and list items (${name})`, () => {
    let workbook: CrmWorkbook;
    beforeEach(async () => {
      workbook = await harness.start({
        customers: SEED_CUSTOMERS,
        interactions: [],
        orders: [],
        feedback: [],
      });
    });
    afterEach(() => harness.stop?.());

    it("writes a malformed email and phone as given (the data check marks them afterwards)", async () => {
      await workbook.appendRecords("customers", [
        customer("丙公司", { email: " zhang@@example ", phone: "=1+2" }),
      ]);
      const [row] = (await workbook.readRecords("customers")).slice(-1);
      expect(row).toMatchObject({ email: "zhang@@example", phone: "=1+2" });
    });

    it("still refuses a negative amount and writes none of the batch", async () => {
      await expect(
        workbook.appendRecords("customers", [
          customer("丙公司", { email: "bad" }),
          customer("丁公司", { annualAmount: -5 }),
        ]),
      ).rejects.toThrow();
      expect(await workbook.readRecords("customers")).toHaveLength(SEED_CUSTOMERS.length);
    });

    it("updates a record with a malformed email as given, but not with a negative amount", async () => {
      await workbook.updateRecord("customers", "C202401001", { email: " zhang@@example " });
      const [row] = await workbook.readRecords("customers");
      expect(row?.email).toBe("zhang@@example");
      await expect(
        workbook.updateRecord("customers", "C202401001", { annualAmount: -5 }),
      ).rejects.toThrow();
    });

    it("adds new list items after the last one, skipping blanks and items already there", async () => {
      const before = (await workbook.readLists()).customerType;
      const added = await workbook.addListItems("customerType", [
        " VIP客户 ",
        before[0] ?? "",
        "",
        "VIP客户",
        "渠道客户",
      ]);
      expect(added).toEqual(["VIP客户", "渠道客户"]);
      expect((await workbook.readLists()).customerType).toEqual([...before, "VIP客户", "渠道客户"]);
      expect(await workbook.addListItems("customerType", ["VIP客户"])).toEqual([]);
      expect((await workbook.readLists()).customerType).toHaveLength(before.length + 2);
    });
  });
}

function idKey(table: TableKey): string {
  return {
    customers: "customerId",
    interactions: "recordId",
    feedback: "feedbackId",
    orders: "orderId",
  }[table];
}

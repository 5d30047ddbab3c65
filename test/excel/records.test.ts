/**
 * The Excel records adapter against the fake object model: round trips, payload sizes, IDs
 * allocated from the current table, formula injection, all-or-nothing appends, zh/en headers.
 */
import {
  appendRecords,
  chunkByPayload,
  readListsAndSettings,
  readRecords,
  selectRow,
  updateRecord,
  updateRecords,
  PAYLOAD_BUDGET,
} from "../../src/excel/records";
import { ExcelWorkbook } from "../../src/excel/excelWorkbook";
import {
  BlockedError,
  TableNotGrownError,
  TotalsRowError,
  ExcelTooOldError,
  NotFoundError,
  PartialWriteError,
  ProtectedError,
  WorkbookBusyError,
} from "../../src/excel/errors";
import { WriteRejected } from "../../src/domain/memoryWorkbook";
import { toCellInput } from "../../src/domain/values";
import {
  columnDef,
  columnFormula,
  numberValidation,
  LISTS,
  TABLES,
  type Lang,
  type TableKey,
} from "../../src/domain/schema";
import { setupWorkbook } from "../../src/excel/setup";
import type { CrmRecord } from "../../src/domain/port";
import { serialFromYmd } from "../../src/domain/values";
import { FakeExcel, installFakeExcel } from "../fakes/excel";
import { seedCrmTable, seedSettings } from "../fakes/crmSeed";

const may10 = serialFromYmd(2024, 5, 10);

function customer(i: number, extra: CrmRecord = {}): CrmRecord {
  return {
    name: `客户${i}有限公司`,
    contact: `联系人${i}`,
    needs: "智能仓储",
    phone: "13800138000",
    createdDate: may10,
    annualAmount: 120000 + i,
    ...extra,
  };
}

function order(i: number): CrmRecord {
  return {
    customerId: "C202405001",
    date: may10,
    product: `智能仓储系统升级-${i}`,
    quantity: 1 + (i % 5),
    unitPrice: 1999.5,
    channel: "线上",
    notes: `第${i}笔`,
  };
}

let fake: FakeExcel;
beforeEach(() => {
  fake = installFakeExcel();
});
afterEach(() => fake.uninstall());

function seedCustomers(n: number, lang: Lang = "zh", headers?: Record<string, string>) {
  const rows = Array.from({ length: n }, (_, i) =>
    customer(i + 1, { customerId: `C202405${String(i + 1).padStart(3, "0")}` }),
  );
  seedCrmTable(fake, "customers", rows, { lang, headers });
}

describe("readRecords", () => {
  it.each<Lang>(["zh", "en"])("maps %s headers to column keys", async (lang) => {
    seedCustomers(2, lang);
    fake.resetCounters();
    const records = await readRecords("customers");
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      customerId: "C202405001",
      name: "客户1有限公司",
      phone: "13800138000",
      createdDate: may10,
      annualAmount: 120001,
      industry: null,
    });
    expect(fake.syncCount).toBe(1);
  });

  it("maps adopted synonyms", async () => {
    seedCustomers(1, "zh", {
      name: "客户名称(全称)",
      contact: "对接人*",
      phone: "联系电话(办公/手机)",
    });
    const [record] = await readRecords("customers");
    expect(record).toMatchObject({
      name: "客户1有限公司",
      contact: "联系人1",
      phone: "13800138000",
    });
  });

  it("a fresh table (one empty row) has no records", async () => {
    seedCrmTable(fake, "customers", []);
    expect(await readRecords("customers")).toEqual([]);
  });

  it.each([10, 1000])("reads %i rows in one round trip", async (n) => {
    seedCustomers(n);
    fake.resetCounters();
    expect(await readRecords("customers")).toHaveLength(n);
    expect(fake.syncCount).toBe(1);
  });

  it("cuts a large read by response size, not by rows", async () => {
    seedCrmTable(
      fake,
      "orders",
      Array.from({ length: 20000 }, (_, i) => ({ ...order(i), orderId: `O202405${i + 1}` })),
    );
    fake.resetCounters();
    const rows = await readRecords("orders");
    expect(rows).toHaveLength(20000);
    expect(rows[19999]).toMatchObject({ orderId: "O20240520000", notes: "第19999笔" });
    expect(fake.largestResponseBytes).toBeLessThanOrEqual(PAYLOAD_BUDGET * 1.1);
    expect(fake.syncCount).toBeLessThan(10);
  });

  it("a missing table is a NotFoundError naming it", async () => {
    await expect(readRecords("feedback")).rejects.toThrow(NotFoundError);
    await expect(readRecords("feedback")).rejects.toThrow(/CRM_Feedback/);
  });
});

describe("appendRecords", () => {
  it("appends one row in three round trips: header, IDs, write", async () => {
    seedCustomers(3);
    fake.resetCounters();
    const result = await appendRecords("customers", [customer(9)]);
    expect(result).toEqual({ ids: ["C202405004"], firstRow: 3 });
    expect(fake.syncCount).toBe(3);
    expect(fake.rowsAddCalls).toBe(0);
    const t = fake.table("CRM_Customers");
    expect(t.rowCount).toBe(4);
    expect(t.records()[3]).toMatchObject({
      客户编号: "C202405004",
      客户名称: "客户9有限公司",
      联系电话: "13800138000",
    });
  });

  it("computed columns keep their calculated-column formula in the new rows", async () => {
    seedCustomers(1);
    await appendRecords("customers", [customer(2), customer(3)]);
    const t = fake.table("CRM_Customers");
    const i = t.headers().indexOf(columnDef("customers", "valueClass").header.zh);
    const formulas = t.formulas().map((r) => r[i]);
    expect(new Set(formulas).size).toBe(1);
    expect(formulas[0]).toBe(columnFormula("customers", "valueClass", "native", "zh"));
  });

  it("fills a fresh table's empty row first", async () => {
    seedCrmTable(fake, "customers", []);
    const result = await appendRecords("customers", [customer(1), customer(2)]);
    expect(result).toEqual({ ids: ["C202405001", "C202405002"], firstRow: 0 });
    expect(fake.table("CRM_Customers").rowCount).toBe(2);
  });

  it("allocates IDs from the current table, including rows another user just added", async () => {
    seedCustomers(1);
    await appendRecords("customers", [customer(2)]);
    const t = fake.table("CRM_Customers");
    const row = t
      .headers()
      .map((h) => (h === "客户编号" ? "C202405007" : h === "客户名称" ? "协作者公司" : ""));
    fake.appendRowsDirect("CRM_Customers", [row]);
    const { ids } = await appendRecords("customers", [customer(3)]);
    expect(ids).toEqual(["C202405008"]);
    expect(fake.table("CRM_Customers").column("客户编号")).toEqual([
      "C202405001",
      "C202405002",
      "C202405007",
      "C202405008",
    ]);
  });

  it("stores formula-like text as text, never as a formula", async () => {
    seedCustomers(1);
    const evil = '=HYPERLINK("http://x.example","点我")';
    await appendRecords("customers", [
      customer(2, { name: evil, notes: "+1-2", address: "@SUM(A1)" }),
    ]);
    const sheet = fake.sheet("客户档案");
    const t = fake.table("CRM_Customers");
    const rec = t.records()[1]!;
    expect(rec["客户名称"]).toBe(evil);
    expect(rec["备注"]).toBe("+1-2");
    expect(rec["企业地址"]).toBe("@SUM(A1)");
    const nameCol = t.headers().indexOf("客户名称");
    expect(sheet.state.cell(2, nameCol).formula).toBeUndefined();
  });

  it("keeps phone numbers and numeric text as text", async () => {
    seedCustomers(1);
    await appendRecords("customers", [customer(2, { phone: "01088886666" })]);
    expect(fake.table("CRM_Customers").records()[1]!["联系电话"]).toBe("01088886666");
  });

  it("works in a workbook set up in English", async () => {
    seedCustomers(1, "en");
    const { ids } = await appendRecords("customers", [customer(2)]);
    expect(ids).toEqual(["C202405002"]);
    expect(fake.table("CRM_Customers").records()[1]).toMatchObject({
      "Customer ID": "C202405002",
      "Customer name": "客户2有限公司",
    });
  });

  it("rejects an invalid draft before writing anything", async () => {
    seedCustomers(1);
    const before = fake.sheet("客户档案").formulas();
    await expect(appendRecords("customers", [customer(2), { name: "" }])).rejects.toThrow(
      WriteRejected,
    );
    expect(fake.sheet("客户档案").formulas()).toEqual(before);
  });

  it("checks that a follow-up's customer exists", async () => {
    seedCustomers(1);
    seedCrmTable(fake, "interactions", []);
    const ok = { customerId: "C202405001", date: may10, topic: "回访" };
    const { ids } = await appendRecords("interactions", [ok]);
    expect(ids[0]).toMatch(/^R202405001$/);
    await expect(
      appendRecords("interactions", [{ ...ok, customerId: "C209912999" }]),
    ).rejects.toThrow(WriteRejected);
  });

  it("refuses to overwrite cells below the table", async () => {
    seedCustomers(1);
    fake.sheet("客户档案").set("B4", [["别人的数据"]]);
    await expect(appendRecords("customers", [customer(2), customer(3)])).rejects.toThrow(
      BlockedError,
    );
    expect(fake.table("CRM_Customers").rowCount).toBe(1);
    expect(fake.sheet("客户档案").cell("B4").value).toBe("别人的数据");
  });

  it("100,000 rows: round trips grow only with the 2 MB chunks", async () => {
    seedCrmTable(fake, "customers", [customer(0, { customerId: "C202405001" })]);
    seedCrmTable(fake, "orders", []);
    fake.resetCounters();
    const drafts = Array.from({ length: 100000 }, (_, i) => order(i));
    const progress: [number, number, number][] = [];
    const result = await appendRecords("orders", drafts, {
      onProgress: (written, total) => progress.push([written, total, fake.syncCount]),
    });
    expect(result.ids[99999]).toBe("O202405100000");
    const writes = fake.requests.filter((r) => r.ops.includes("Range.values="));
    // One report per write request, after it is done, counting up to every row.
    expect(progress).toHaveLength(writes.length);
    expect(progress.map(([, total]) => total)).toEqual(progress.map(() => 100000));
    expect(progress.at(-1)?.[0]).toBe(100000);
    progress.forEach(([written, , syncs], i) => {
      expect(written).toBeGreaterThan(progress[i - 1]?.[0] ?? 0);
      expect(syncs).toBe(3 + i);
    });
    const bytes = writes.reduce((n, r) => n + r.bytes, 0);
    expect(fake.largestRequestBytes).toBeLessThanOrEqual(PAYLOAD_BUDGET);
    expect(writes.length).toBe(Math.ceil(bytes / PAYLOAD_BUDGET));
    expect(fake.syncCount).toBe(2 + writes.length);
    expect(fake.rowsAddCalls).toBe(0);
    expect(fake.calculationSuspensions).toBe(writes.length);
    expect(fake.table("CRM_Orders").rowCount).toBe(100000);
  }, 60000);

  describe("large appends", () => {
    function bigAppend(): Promise<unknown> {
      return appendRecords(
        "orders",
        Array.from({ length: 30000 }, (_, i) => order(i)),
      );
    }

    beforeEach(() => {
      seedCrmTable(fake, "customers", [customer(0, { customerId: "C202405001" })]);
      seedCrmTable(fake, "orders", [{ ...order(0), orderId: "O202405001" }]);
    });

    it("a failed chunk leaves the table exactly as before", async () => {
      const before = fake.sheet("交易记录").formulas();
      // Reads are syncs 1-2; writes start at 3. Fail the second write.
      fake.failSync(4);
      const progress: number[] = [];
      await expect(
        appendRecords(
          "orders",
          Array.from({ length: 30000 }, (_, i) => order(i)),
          { onProgress: (written) => progress.push(written) },
        ),
      ).rejects.toMatchObject({ code: "GeneralException" });
      // The first request was reported; the failed one was not.
      expect(progress).toHaveLength(1);
      expect(fake.table("CRM_Orders").rowCount).toBe(1);
      expect(fake.sheet("交易记录").formulas()).toEqual(before);
    });

    it("stopped between two requests, undoes what it wrote and rejects with the reason", async () => {
      const before = fake.sheet("交易记录").formulas();
      const controller = new AbortController();
      const stopped = new Error("用户停止了导入");
      fake.resetCounters();
      const run = appendRecords(
        "orders",
        Array.from({ length: 30000 }, (_, i) => order(i)),
        // The user presses Stop as soon as the first request is reported.
        { signal: controller.signal, onProgress: () => controller.abort(stopped) },
      );
      await expect(run).rejects.toBe(stopped);
      expect(fake.table("CRM_Orders").rowCount).toBe(1);
      expect(fake.sheet("交易记录").formulas()).toEqual(before);
      // Reads 1-2, our one write 3, then the undo: where the table ends, its IDs, the delete.
      expect(fake.requests.filter((r) => r.ops.includes("Range.values="))).toHaveLength(1);
      expect(fake.syncCount).toBe(6);
    });

    describe("while a co-author edits the same table", () => {
      const header = (key: string) => columnDef("orders", key).header.zh;

      /** A row another user typed: their own ID, a customer and a product. */
      function theirs(id: string): unknown[] {
        const values: Record<string, string> = {
          [header("orderId")]: id,
          [header("customerId")]: "C202405001",
          [header("product")]: `协作者的订单${id}`,
        };
        return fake
          .table("CRM_Orders")
          .headers()
          .map((h) => values[h] ?? "");
      }

      /** Starts again from a fresh orders table (one empty row) instead of the seeded one. */
      function freshOrders(): void {
        fake.uninstall();
        fake = installFakeExcel();
        seedCrmTable(fake, "customers", [customer(0, { customerId: "C202405001" })]);
        seedCrmTable(fake, "orders", []);
      }

      /** Fails our second write; just before, the co-author's edit lands (after our first). */
      function failSecondWrite(coAuthor: () => void): void {
        let writes = 0;
        fake.failWhen((r) => {
          if (!r.ops.includes("Range.values=")) return undefined;
          writes += 1;
          if (writes !== 2) return undefined;
          coAuthor();
          return { code: "GeneralException", message: "boom" };
        });
      }

      it("a row a co-author adds between two of our requests stays; ours go below it", async () => {
        let writes = 0;
        // Lands after our first request and before our second one runs.
        fake.failWhen((r) => {
          if (r.ops.includes("Range.values=") && ++writes === 2)
            fake.appendRowsDirect("CRM_Orders", [theirs("O209912001")]);
          return undefined;
        });
        fake.resetCounters();
        const result = (await bigAppend()) as { ids: string[] };
        fake.failWhen(undefined);
        expect(writes).toBeGreaterThan(1);
        const ids = fake.table("CRM_Orders").column(header("orderId"));
        expect(ids).toHaveLength(1 + 30000 + 1);
        expect(ids).toContain("O209912001");
        expect(new Set(ids)).toEqual(new Set(["O202405001", "O209912001", ...result.ids]));
        const row = fake.table("CRM_Orders").records()[ids.indexOf("O209912001")];
        expect(row).toMatchObject({ [header("product")]: "协作者的订单O209912001" });
        // No round trip of its own: reads 1-2, then one per chunk.
        expect(fake.syncCount).toBe(2 + writes);
      });

      it("stops and undoes when a co-author has typed below the table where our next rows go", async () => {
        const before = fake.sheet("交易记录").formulas();
        let writes = 0;
        // Typed before our first request runs, far enough down to be in the second chunk's rows.
        fake.failWhen((r) => {
          if (r.ops.includes("Range.values=") && ++writes === 1)
            fake.sheet("交易记录").set("C29992", [["协作者的笔记"]]);
          return undefined;
        });
        await expect(bigAppend()).rejects.toBeInstanceOf(BlockedError);
        fake.failWhen(undefined);
        expect(writes).toBe(1);
        expect(fake.table("CRM_Orders").rowCount).toBe(1);
        expect(fake.sheet("交易记录").formulas().slice(0, before.length)).toEqual(before);
        // Their note is kept: our deleted rows were above it, so it moved up with the cells
        // below them, as when anyone deletes table rows.
        const notes = fake
          .sheet("交易记录")
          .grid()
          .flat()
          .filter((v) => v === "协作者的笔记");
        expect(notes).toHaveLength(1);
      });

      it("the undo deletes only our rows; a row appended between our chunks stays", async () => {
        const before = fake.sheet("交易记录").formulas();
        fake.resetCounters();
        failSecondWrite(() => fake.appendRowsDirect("CRM_Orders", [theirs("O209912001")]));
        await expect(bigAppend()).rejects.toMatchObject({ code: "GeneralException" });
        fake.failWhen(undefined);
        const t = fake.table("CRM_Orders");
        expect(t.column(header("orderId"))).toEqual(["O202405001", "O209912001"]);
        expect(t.records()[1]).toMatchObject({ [header("product")]: "协作者的订单O209912001" });
        // The original rows are untouched and nothing of ours is left below the table.
        const after = fake.sheet("交易记录").formulas();
        expect(after.slice(0, before.length)).toEqual(before);
        expect(after).toHaveLength(before.length + 1);
        // Reads 1-2, writes 3-4 (4 fails), then where the table ends, its new IDs (the one
        // extra round trip of the failure path) and one batch deleting our single run.
        expect(fake.syncCount).toBe(7);
        expect(fake.opCount("range.delete")).toBe(1);
      });

      it("a row inserted among ours splits the undo into runs, each deleted", async () => {
        failSecondWrite(() => {
          fake.insertRowsDirect("CRM_Orders", 100, [theirs("O209912001")]);
          fake.appendRowsDirect("CRM_Orders", [theirs("O209912002")]);
        });
        await expect(bigAppend()).rejects.toMatchObject({ code: "GeneralException" });
        fake.failWhen(undefined);
        expect(fake.table("CRM_Orders").column(header("orderId"))).toEqual([
          "O202405001",
          "O209912001",
          "O209912002",
        ]);
        expect(fake.opCount("range.delete")).toBe(2);
      });

      it("a fresh table keeps its empty first row and the co-author's row", async () => {
        freshOrders();
        const before = fake.sheet("交易记录").formulas();
        failSecondWrite(() => fake.appendRowsDirect("CRM_Orders", [theirs("O209912001")]));
        await expect(bigAppend()).rejects.toMatchObject({ code: "GeneralException" });
        fake.failWhen(undefined);
        const t = fake.table("CRM_Orders");
        expect(t.column(header("orderId"))).toEqual(["", "O209912001"]);
        expect(fake.sheet("交易记录").formulas().slice(0, before.length)).toEqual(before);
      });

      it("a fresh table's first row is left alone once it holds someone else's ID", async () => {
        freshOrders();
        failSecondWrite(() => {
          const t = fake.table("CRM_Orders");
          const c = t.headers().indexOf(header("orderId"));
          fake.sheet("交易记录").state.setInput(1, c, "O209912001");
        });
        await expect(bigAppend()).rejects.toMatchObject({ code: "GeneralException" });
        fake.failWhen(undefined);
        const t = fake.table("CRM_Orders");
        expect(t.column(header("orderId"))).toEqual(["O209912001"]);
        expect(t.records()[0]).toMatchObject({ [header("product")]: "智能仓储系统升级-0" });
      });
    });

    it("a failure of the first write needs no cleanup write", async () => {
      const before = fake.sheet("交易记录").formulas();
      fake.failSync(3);
      // Nothing was written, so the Office error itself comes out, not a PartialWriteError.
      const error = await appendRecords("orders", [order(1)]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeDefined();
      expect(error).toMatchObject({ code: "GeneralException" });
      expect(error).not.toBeInstanceOf(PartialWriteError);
      expect(fake.sheet("交易记录").formulas()).toEqual(before);
      // Reads 1-2, the failed write, then where the table ends and the one ID cell the failed
      // request may have left below the table: nothing there, so no cleanup write.
      expect(fake.syncCount).toBe(5);
    });

    it("a failed cleanup is reported with the rows that may hold data", async () => {
      fake.failSync(4);
      fake.failSync(5);
      const error = await bigAppend().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartialWriteError);
      expect((error as PartialWriteError).sheet).toBe("交易记录");
      expect((error as PartialWriteError).firstRow).toBe(3);
    });

    it("a busy workbook is reported as such", async () => {
      fake.failSync(3, "InvalidOperationInCellEditMode");
      await expect(appendRecords("orders", [order(1)])).rejects.toThrow(WorkbookBusyError);
    });
  });
});

describe("appendRecords in an Excel that does not grow the table", () => {
  const header = (key: string) => columnDef("customers", key).header.zh;
  const col = (key: string) => fake.table("CRM_Customers").headers().indexOf(header(key));

  /** What a co-author sees: no cell of ours anywhere below the table. */
  function belowTable(): unknown[][] {
    const t = fake.table("CRM_Customers").state;
    return fake
      .sheet("客户档案")
      .formulas()
      .slice(t.rect.r1 + 1)
      .filter((row) => row.some((v) => v !== ""));
  }

  /** The customers table behind an extra first column 序号 (an adopted template's row number). */
  function seedWithRowNumber(n: number) {
    seedCrmTable(
      fake,
      "customers",
      Array.from({ length: n }, (_, i) =>
        customer(i + 1, { customerId: `C202405${String(i + 1).padStart(3, "0")}` }),
      ),
      { at: { row: 0, col: 1 } },
    );
    fake.sheet("客户档案").set("A1", [["序号"], ...Array.from({ length: n }, (_, i) => [i + 1])]);
    const t = fake.table("CRM_Customers").state;
    t.rect = { ...t.rect, c0: 0 };
  }

  it.each([
    ["AutoCorrect 'Include new rows' off", () => (fake.autoCorrect.includeNewRowsInTable = false)],
    ["a blank first column (序号, #2097)", () => undefined],
  ])("%s, ExcelApi 1.13: the table is resized over the rows, formulas written", async (_l, off) => {
    seedWithRowNumber(2);
    off();
    fake.autoCorrect.fillFormulasInTables = false;
    fake.resetCounters();
    const { ids } = await appendRecords("customers", [customer(3), customer(4)]);
    expect(ids).toEqual(["C202405003", "C202405004"]);
    const t = fake.table("CRM_Customers");
    expect(t.rowCount).toBe(4);
    expect(belowTable()).toEqual([]);
    const f = t.formulas().map((r) => r[col("valueClass")]);
    expect(new Set(f).size).toBe(1);
    expect(f[3]).toBe(columnFormula("customers", "valueClass", "native", "zh"));
    // Formats of the row above: the new rows' dates are dates.
    expect(fake.sheet("客户档案").state.numberFormat(4, col("createdDate"))).toBe("yyyy-mm-dd");
    // Reads 1-2, the write, the resize with the formulas.
    expect(fake.syncCount).toBe(4);
    expect(fake.opCount("table.resize")).toBe(1);
  });

  /** The validation rule covering each validated column's cell in sheet row `r` (by header). */
  function rulesAt(table: TableKey, r: number): Record<string, unknown> {
    const t = fake.table(TABLES[table].name);
    const out: Record<string, unknown> = {};
    for (const c of TABLES[table].columns) {
      if (!c.list && !numberValidation(c)) continue;
      const col = t.state.rect.c0 + t.headers().indexOf(c.header.zh);
      const v = t.state.sheet.validations.filter(
        (x) => x.rect.r0 <= r && r <= x.rect.r1 && x.rect.c0 <= col && col <= x.rect.c1,
      );
      out[c.header.zh] = v.length === 1 ? v[0]!.rule : v.length;
    }
    return out;
  }

  it("rows a resize joins get their columns' dropdowns and number rules, as set-up gave the rows above", async () => {
    await setupWorkbook(fake.newContext() as unknown as Excel.RequestContext, "zh", {
      today: may10,
    });
    await appendRecords("customers", [customer(1)]);
    fake.autoCorrect.includeNewRowsInTable = false;
    fake.resetCounters();
    await appendRecords("customers", [customer(2), customer(3)]);
    const t = fake.table("CRM_Customers").state;
    expect(t.rect.r1 - t.rect.r0).toBe(3);
    expect(fake.opCount("table.resize")).toBe(1);
    const above = rulesAt("customers", t.rect.r0 + 1);
    expect(Object.values(above)).toContainEqual({
      list: {
        inCellDropDown: true,
        source: `=${LISTS[columnDef("customers", "customerType").list!].name}`,
      },
    });
    expect(Object.values(above).every((v) => typeof v === "object")).toBe(true);
    expect(rulesAt("customers", t.rect.r1 - 1)).toEqual(above);
    expect(rulesAt("customers", t.rect.r1)).toEqual(above);
    // In the resize's own request: reads 1-2, the write, the resize.
    expect(fake.syncCount).toBe(4);
  });

  it.each(["1.12", "1.9"])(
    "ExcelApi %s (no Table.resize): the rows are removed again and a clear error says why",
    async (version) => {
      fake.apiVersion = version;
      seedWithRowNumber(2);
      const before = fake.sheet("客户档案").formulas();
      const error = await appendRecords("customers", [customer(3), customer(4)]).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TableNotGrownError);
      expect((error as TableNotGrownError).text("zh")).toMatch(/表中包括新行和新列/);
      expect((error as TableNotGrownError).text("en")).toMatch(/Include new rows and columns/);
      expect(fake.opCount("table.resize")).toBe(0);
      expect(fake.table("CRM_Customers").rowCount).toBe(2);
      expect(fake.sheet("客户档案").formulas()).toEqual(before);
    },
  );

  it("a table showing a totals row is refused before anything is written", async () => {
    seedCustomers(1);
    fake.table("CRM_Customers").state.showTotals = true;
    const before = fake.sheet("客户档案").formulas();
    const error = await appendRecords("customers", [customer(2)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TotalsRowError);
    expect((error as TotalsRowError).text("zh")).toMatch(/汇总行/);
    expect(fake.sheet("客户档案").formulas()).toEqual(before);
    expect(fake.requests.some((r) => r.ops.includes("Range.values="))).toBe(false);
  });

  it("rows that only partly join (#3013, #3191) are resized over as a whole", async () => {
    seedCustomers(1);
    jest.spyOn(fake, "growth").mockReturnValue(1);
    await appendRecords("customers", [customer(2), customer(3), customer(4)]);
    expect(fake.table("CRM_Customers").rowCount).toBe(4);
    expect(belowTable()).toEqual([]);
  });

  it("partly joined rows without Table.resize: the joined ones are deleted, the others cleared", async () => {
    fake.apiVersion = "1.12";
    seedCustomers(1);
    const before = fake.sheet("客户档案").formulas();
    jest.spyOn(fake, "growth").mockReturnValue(1);
    await expect(
      appendRecords("customers", [customer(2), customer(3), customer(4)]),
    ).rejects.toBeInstanceOf(TableNotGrownError);
    expect(fake.table("CRM_Customers").rowCount).toBe(1);
    expect(fake.sheet("客户档案").formulas()).toEqual(before);
  });

  it.each([true, false])(
    "AutoCorrect 'Fill formulas' %s: every computed cell of the new rows holds its formula",
    async (fill) => {
      seedCustomers(2);
      fake.autoCorrect.fillFormulasInTables = fill;
      fake.resetCounters();
      await appendRecords("customers", [customer(3), customer(4)]);
      const t = fake.table("CRM_Customers");
      for (const key of ["valueClass", "sizeTier", "churnFlag"]) {
        const f = t.formulas().map((r) => r[col(key)]);
        expect(f.every((x) => typeof x === "string" && x.startsWith("="))).toBe(true);
        expect(new Set(f).size).toBe(1);
      }
      // The formulas cost one request only when Excel did not fill them.
      expect(fake.syncCount).toBe(fill ? 3 : 4);
    },
  );

  it("computed cells below the table formatted as Text still get real formulas", async () => {
    seedCustomers(1);
    fake.autoCorrect.fillFormulasInTables = false;
    // A template formats whole columns as 文本 (Text).
    const c = col("valueClass");
    for (let r = 2; r < 10; r++) fake.sheet("客户档案").state.setNumberFormat(r, c, "@");
    await appendRecords("customers", [customer(2)]);
    const cell = fake.sheet("客户档案").state.cell(2, c);
    expect(cell.formula).toMatch(/^=IF/);
    expect(cell.numberFormat).toBe("General");
  });

  it("a request failing after its values were written leaves no row outside the table", async () => {
    seedWithRowNumber(1);
    const before = fake.sheet("客户档案").formulas();
    // The third request: the write; it fails at the load that follows the values.
    fake.failSync(3, "GeneralException", "boom", "Range.load");
    await expect(appendRecords("customers", [customer(2), customer(3)])).rejects.toMatchObject({
      code: "GeneralException",
    });
    expect(fake.table("CRM_Customers").rowCount).toBe(1);
    expect(fake.sheet("客户档案").formulas()).toEqual(before);
  });

  it("30,000 rows with 'Include new rows' off: each request is resized over, nothing outside", async () => {
    seedCrmTable(fake, "customers", [customer(0, { customerId: "C202405001" })]);
    seedCrmTable(fake, "orders", [{ ...order(0), orderId: "O202405001" }]);
    fake.autoCorrect.includeNewRowsInTable = false;
    fake.autoCorrect.fillFormulasInTables = false;
    fake.resetCounters();
    await appendRecords(
      "orders",
      Array.from({ length: 30000 }, (_, i) => order(i)),
    );
    const writes = fake.requests.filter((r) => r.ops.includes("Range.values="));
    expect(fake.table("CRM_Orders").rowCount).toBe(30001);
    expect(writes.length).toBeGreaterThanOrEqual(2);
    expect(fake.opCount("table.resize")).toBe(writes.length);
    // Every joined row has its columns' number and date rules (the seeded workbook defines no
    // lists, so no dropdown is set: Excel would refuse the request).
    const t = fake.table("CRM_Orders").state;
    const numeric = TABLES.orders.columns
      .filter((c) => numberValidation(c))
      .map((c) => c.header.zh);
    expect(numeric.length).toBeGreaterThan(1);
    for (const r of [t.rect.r0 + 2, t.rect.r1 - 15000, t.rect.r1]) {
      const rules = rulesAt("orders", r);
      for (const h of numeric) expect([h, typeof rules[h]]).toEqual([h, "object"]);
    }
    // Reads, the writes, and one resize request of its own after the first write: once Excel
    // has left rows outside, the later writes carry their resize and formulas.
    expect(fake.syncCount).toBe(2 + writes.length + 1);
    expect(fake.largestRequestBytes).toBeLessThanOrEqual(PAYLOAD_BUDGET);
    const amount = fake
      .table("CRM_Orders")
      .headers()
      .indexOf(columnDef("orders", "amount").header.zh);
    expect(
      new Set(
        fake
          .table("CRM_Orders")
          .formulas()
          .map((r) => r[amount]),
      ).size,
    ).toBe(1);
  }, 60000);
});

describe("updateRecord", () => {
  it("writes only the given input columns: one read, one write", async () => {
    seedCustomers(3);
    fake.resetCounters();
    await updateRecord("customers", "C202405002", { phone: "02166668888", notes: "=1+1" });
    expect(fake.syncCount).toBe(2);
    const rec = fake.table("CRM_Customers").records()[1]!;
    expect(rec).toMatchObject({ 联系电话: "02166668888", 备注: "=1+1", 客户名称: "客户2有限公司" });
    const others = fake.table("CRM_Customers").records()[0]!;
    expect(others["联系电话"]).toBe("13800138000");
  });

  it("finds the row even when the ID text appears in an earlier column", async () => {
    seedCustomers(2);
    await updateRecord("customers", "C202405001", { notes: "C202405002" });
    await updateRecord("customers", "C202405002", { address: "上海" });
    expect(fake.table("CRM_Customers").records()[1]!["企业地址"]).toBe("上海");
  });

  it("an unknown ID is rejected", async () => {
    seedCustomers(1);
    await expect(updateRecord("customers", "C209901001", { notes: "x" })).rejects.toThrow(
      WriteRejected,
    );
  });

  it("a protected sheet is a ProtectedError", async () => {
    seedCustomers(1);
    fake.protectSheet("客户档案");
    await expect(updateRecord("customers", "C202405001", { notes: "x" })).rejects.toThrow(
      ProtectedError,
    );
  });
});

describe("updateRecords", () => {
  it("a failed later chunk whose restore fails too names the table's real sheet", async () => {
    seedCustomers(100, "en");
    // 100 notes of 30,000 characters (the most a cell takes) are ~3 MB: two writes.
    const notes = "x".repeat(30_000);
    const updates = Array.from({ length: 100 }, (_, i) => ({
      id: `C202405${String(i + 1).padStart(3, "0")}`,
      row: -1,
      patch: { notes },
    }));
    // Sync 1 reads the table, syncs 2 and 3 write, sync 4 would restore the first write.
    fake.failSync(3);
    fake.failSync(4);
    const error = await updateRecords("customers", updates).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialWriteError);
    expect((error as PartialWriteError).sheet).toBe(TABLES.customers.sheet.en);
    expect((error as PartialWriteError).firstRow).toBe(2);
    expect((error as PartialWriteError).lastRow).toBeGreaterThan(2);
    expect((error as PartialWriteError).lastRow).toBeLessThan(101);
  });

  it("updates rows by ID (or by row when the ID is blank) and never writes blanks", async () => {
    seedCustomers(3);
    fake.resetCounters();
    const result = await updateRecords("customers", [
      { id: "C202405003", row: -1, patch: { address: "北京", phone: "" } },
      { id: null, row: 0, patch: { notes: "首行" } },
    ]);
    expect(result).toEqual({ updated: 2 });
    expect(fake.syncCount).toBe(2);
    const recs = fake.table("CRM_Customers").records();
    expect(recs[2]).toMatchObject({ 企业地址: "北京", 联系电话: "13800138000" });
    expect(recs[0]!["备注"]).toBe("首行");
  });

  it("restores earlier chunks when a later one fails", async () => {
    seedCrmTable(fake, "customers", [customer(0, { customerId: "C202405001" })]);
    seedCrmTable(
      fake,
      "orders",
      Array.from({ length: 20000 }, (_, i) => ({ ...order(i), orderId: `O202405${i + 1}` })),
    );
    const before = fake.sheet("交易记录").formulas();
    const updates = Array.from({ length: 20000 }, (_, i) => ({
      id: `O202405${i + 1}`,
      row: i,
      patch: { notes: `更新后的备注，第${i}笔，${"长".repeat(40)}` },
    }));
    fake.resetCounters();
    fake.failWhen((r) =>
      r.ops.includes("Range.values=") &&
      fake.requests.filter((x) => x.ops.includes("Range.values=")).length === 2
        ? { code: "GeneralException", message: "boom" }
        : undefined,
    );
    await expect(updateRecords("orders", updates)).rejects.toMatchObject({
      code: "GeneralException",
    });
    fake.failWhen(undefined);
    expect(fake.sheet("交易记录").formulas()).toEqual(before);
  });
});

describe("updateRecords rollback", () => {
  it("puts back text as text and formulas as formulas, even injection text", async () => {
    const injection = '=HYPERLINK("http://example.invalid","点我")';
    seedCrmTable(fake, "customers", [customer(0, { customerId: "C202405001" })]);
    seedCrmTable(
      fake,
      "orders",
      Array.from({ length: 20000 }, (_, i) => ({
        ...order(i),
        orderId: `O202405${i + 1}`,
        notes: i === 0 ? `'${injection}` : `第${i}笔`,
      })),
    );
    const sheet = fake.sheet("交易记录");
    // Row 2 (the first order) holds the injection text as text; a note cell of row 3 holds a
    // real formula someone typed. The notes column is formatted as Text, where a typed formula
    // stays text (strict fake), so that cell was set to General first.
    sheet.state.setNumberFormat(2, 9, "General");
    sheet.set("J3", [["=1+1"]]);
    expect(sheet.cell("J3").formula).toBe("=1+1");
    expect(sheet.cell("J2")).toMatchObject({ value: injection, formula: undefined });
    const before = sheet.formulas();
    const updates = Array.from({ length: 20000 }, (_, i) => ({
      id: `O202405${i + 1}`,
      row: i,
      patch: { notes: `更新后的备注，第${i}笔，${"长".repeat(40)}` },
    }));
    fake.failWhen((r) =>
      r.ops.includes("Range.values=") &&
      fake.requests.filter((x) => x.ops.includes("Range.values=")).length === 2
        ? { code: "GeneralException", message: "boom" }
        : undefined,
    );
    await expect(updateRecords("orders", updates)).rejects.toBeDefined();
    fake.failWhen(undefined);
    expect(sheet.formulas()).toEqual(before);
    expect(sheet.cell("J2")).toMatchObject({ value: injection, formula: undefined });
    expect(sheet.cell("J3").formula).toBe("=1+1");
  });
});

describe("ExcelWorkbook", () => {
  it("routes the port to the adapter", async () => {
    seedCustomers(1);
    seedSettings(fake);
    const wb = new ExcelWorkbook();
    expect(wb.mode).toBe("excel");
    expect(await wb.readRecords("customers")).toHaveLength(1);
    expect((await wb.appendRecords("customers", [customer(2)])).ids).toEqual(["C202405002"]);
    expect((await wb.readSettings()).abcA).toBe(500000);
    expect((await wb.readLists()).creditRating).toEqual(["优", "良", "中", "差"]);
  });
});

describe("select, lists, settings, as-of", () => {
  it("selects a row's cell and activates its sheet", async () => {
    seedCustomers(3);
    fake.addSheet("其他");
    fake.select("其他", "A1");
    await selectRow({ table: "customers", row: 2, column: "name" });
    expect(fake.selectionAddress).toBe("客户档案!B4");
    await selectRow({ table: "customers", row: 0 });
    expect(fake.selectionAddress).toMatch(/^客户档案!A2:[A-Z]+2$/);
  });

  it("reads lists and settings in one round trip", async () => {
    seedSettings(fake, { asOf: 45500, lists: { customerType: ["新客户", "老客户", "代理商"] } });
    fake.resetCounters();
    const { lists, settings } = await readListsAndSettings();
    expect(fake.syncCount).toBe(1);
    expect(lists.customerType).toEqual(["新客户", "老客户", "代理商"]);
    expect(lists.industry).toEqual(LISTS.industry.items);
    expect(settings).toMatchObject({ asOf: 45500, abcA: 500000, cadenceA: 1 });
  });

  it("falls back to defaults when the settings sheet is missing", async () => {
    fake.resetCounters();
    const { lists, settings } = await readListsAndSettings(45123);
    expect(lists.feedbackStatus).toEqual(LISTS.feedbackStatus.items);
    expect(settings.asOf).toBe(45123);
    // The fast read fails (ItemNotFound), the inventory finds nothing, so no third request.
    expect(fake.syncCount).toBe(2);
  });

  it("refreshAsOf writes a changed as-of date, and only reads when it is unchanged or absent", async () => {
    const wb = new ExcelWorkbook();
    fake.resetCounters();
    await expect(wb.refreshAsOf(45600)).resolves.toBeUndefined();
    expect(fake.syncCount).toBe(1);
    seedSettings(fake, { asOf: 45000 });
    fake.resetCounters();
    await wb.refreshAsOf(45600);
    expect(fake.nameValue("CRM_AsOf")).toBe(45600);
    expect(fake.syncCount).toBe(2);
    fake.resetCounters();
    await wb.refreshAsOf(45600);
    expect(fake.syncCount).toBe(1);
    expect(fake.requests.every((r) => r.bytes === 0)).toBe(true);
  });
});

describe("boundary", () => {
  it("an Excel without ExcelApi 1.9 is refused before any call", async () => {
    fake.uninstall();
    fake = installFakeExcel({ apiVersion: "1.8" });
    await expect(readRecords("customers")).rejects.toThrow(ExcelTooOldError);
    expect(fake.runCount).toBe(0);
  });

  it("cell conversion: text types keep text, numbers stay numbers", () => {
    const col = (key: string) => columnDef("customers", key);
    expect(toCellInput(col("phone"), "13800138000")).toBe("'13800138000");
    expect(toCellInput(col("name"), "=1+1")).toBe("'=1+1");
    expect(toCellInput(col("name"), "甲公司")).toBe("甲公司");
    expect(toCellInput(col("annualAmount"), 1200000)).toBe(1200000);
    expect(toCellInput(col("createdDate"), "2024-05-10")).toBe(may10);
    expect(toCellInput(col("notes"), null)).toBe("");
  });

  it("chunks never exceed the budget", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [`行${i}`, i]);
    const chunks = chunkByPayload(rows, 1000);
    expect(chunks.flat()).toHaveLength(1000);
    for (const c of chunks) expect(JSON.stringify(c).length).toBeLessThanOrEqual(1000);
  });

  it("tables and sheets are named by the schema", () => {
    expect(TABLES.orders.name).toBe("CRM_Orders");
  });
});

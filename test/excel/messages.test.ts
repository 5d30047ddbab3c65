/**
 * Every error the Excel adapter can raise, driven through the adapter on the fake where it can
 * be, says what happened and what to do, in Chinese and in English (issue 17): no placeholder
 * left empty or unfilled, no bare Office code, no message that contradicts itself.
 */
import {
  appendRecords,
  readRecords,
  selectRow,
  updateRecord,
  updateRecords,
} from "../../src/excel/records";
import { adoptTemplate, readStatus, runSetup } from "../../src/excel/setup";
import { refreshDashboard } from "../../src/excel/dashboard";
import {
  ExcelError,
  ExcelTooOldError,
  NotAvailableError,
  PartialWriteError,
  errorText,
  toExcelError,
} from "../../src/excel/errors";
import { appendFailureText } from "../../src/domain/recovery";
import { ExcelWorkbook } from "../../src/excel/excelWorkbook";
import type { CrmRecord } from "../../src/domain/port";
import type { Lang } from "../../src/domain/schema";
import { serialFromYmd } from "../../src/domain/values";
import { FakeExcel, installFakeExcel } from "../fakes/excel";
import { installCharts } from "../fakes/excelCharts";

installCharts();

const may10 = serialFromYmd(2024, 5, 10);
const customer = (i: number): CrmRecord => ({
  name: `客户${i}有限公司`,
  contact: `联系人${i}`,
  needs: "智能仓储",
  createdDate: may10,
});
const order = (i: number): CrmRecord => ({
  customerId: "C202405001",
  date: may10,
  product: `智能仓储系统升级-${i}-${"长".repeat(30)}`,
  quantity: 1,
  unitPrice: 10,
});

let fake: FakeExcel;
beforeEach(async () => {
  fake = installFakeExcel();
  fake.addSheet("Sheet1");
  await runSetup("zh");
  await appendRecords("customers", [customer(1)]);
});
afterEach(() => fake.uninstall());

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error("expected the operation to fail");
}

/** What a person reads must be whole: every rule of issue 17's messages, in one place. */
function expectReadable(error: unknown, lang: Lang): string {
  const text = errorText(error, lang);
  expect(text.trim().length).toBeGreaterThan(15);
  // No unfilled or empty placeholder.
  expect(text).not.toMatch(/\{\w+\}/);
  expect(text).not.toMatch(/ID\s*($|[;；,，。.])|编号为\s+的|“”|""|\(\)|（）|[：:]\s*$/);
  expect(text).not.toMatch(/undefined|null|NaN|\[object/);
  // No bare Office code: a code only with words around it.
  expect(text).not.toMatch(/^\s*(GeneralException|InvalidArgument|ItemNotFound)\s*$/);
  // No contradiction: "nothing written" and "may hold data" never together.
  const nothing = /未写入任何|未新增任何|nothing was written|no rows were added/i.test(text);
  const partial = /可能含有|may hold/i.test(text);
  expect(nothing && partial).toBe(false);
  if (lang === "zh") expect(text).toMatch(/[\u4e00-\u9fff]/);
  else
    expect(text.replace(/“[^”]*”|"[^"]*"|'[^']*'|\([^)]*\)/g, "")).not.toMatch(
      /[\u4e00-\u9fff]{4,}/,
    );
  return text;
}

const CASES: [string, () => Promise<unknown>][] = [
  [
    "busy",
    () => {
      fake.failSync(1, "InvalidOperationInCellEditMode", "Cell edit mode");
      return caught(() => readRecords("customers"));
    },
  ],
  [
    "missing table",
    () => {
      fake.deleteSheet(fake.findSheet("交易记录")!);
      return caught(() => readRecords("orders"));
    },
  ],
  [
    "protected sheet",
    () => {
      fake.protectSheet("客户档案");
      return caught(() => appendRecords("customers", [customer(2)]));
    },
  ],
  [
    "too large",
    () => {
      fake.payloadLimit = 200;
      return caught(() => appendRecords("customers", [customer(2), customer(3)]));
    },
  ],
  [
    "cells below the table",
    () => {
      fake.sheet("客户档案").set("A5", [["别人的数据"]]);
      return caught(() => appendRecords("customers", [customer(2), customer(3), customer(4)]));
    },
  ],
  [
    "a renamed column",
    () => {
      fake.sheet("客户档案").set("B1", [["公司简称"]]);
      return caught(() => appendRecords("customers", [customer(2)]));
    },
  ],
  [
    "a general exception",
    () => {
      fake.failSync(1);
      return caught(() => readRecords("customers"));
    },
  ],
  [
    "a general exception without a message",
    () => {
      fake.failSync(1, "GeneralException", "");
      return caught(() => readRecords("customers"));
    },
  ],
  ["an invalid draft", () => caught(() => appendRecords("customers", [{ name: "" }]))],
  ["an unknown ID", () => caught(() => updateRecord("customers", "C209901001", { notes: "x" }))],
  ["a blank ID", () => caught(() => updateRecord("customers", "  ", { notes: "x" }))],
  [
    "a bulk update with a blank ID and no such row",
    () => caught(() => updateRecords("customers", [{ id: null, row: 99, patch: { notes: "x" } }])),
  ],
  [
    "a bulk update with an unknown ID",
    () =>
      caught(() =>
        updateRecords("customers", [{ id: "C209901001", row: 0, patch: { notes: "x" } }]),
      ),
  ],
  ["a row that does not exist", () => caught(() => selectRow({ table: "customers", row: 50 }))],
  [
    "a partial write",
    async () => {
      fake.failWhen((r) =>
        (r.ops.includes("Range.values=") &&
          fake.requests.filter((x) => x.ops.includes("Range.values=")).length >= 2) ||
        fake.requests.filter((x) => x.failed).length > 0
          ? { code: "GeneralException", message: "An internal error has occurred." }
          : undefined,
      );
      return caught(() =>
        appendRecords(
          "orders",
          Array.from({ length: 20000 }, (_, i) => order(i)),
        ),
      );
    },
  ],
  [
    "adopting a sheet that is no longer a template",
    () =>
      caught(() =>
        adoptTemplate(
          fake.newContext() as unknown as Excel.RequestContext,
          { sheet: "Sheet1", table: "customers" },
          "zh",
        ),
      ),
  ],
  [
    "a dashboard whose sheet names are taken",
    () => {
      fake.addSheet("仪表板", [["别人的"]]);
      fake.addSheet("仪表板 (CRM)", [["也是别人的"]]);
      return caught(() => refreshDashboard("zh"));
    },
  ],
  ["Excel too old", async () => new ExcelTooOldError("1.9")],
  ["outside Excel", async () => new NotAvailableError("Excel")],
  ["an unknown Office code", async () => toExcelError({ code: "InvalidBinding", message: "" })],
];

describe.each<Lang>(["zh", "en"])("every adapter error reads well (%s)", (lang) => {
  it.each(CASES)("%s", async (_, make) => {
    const error = await make();
    fake.failWhen(undefined);
    expect(error).toBeInstanceOf(Error);
    expectReadable(error, lang);
  });
});

describe("import failure messages", () => {
  it.each<Lang>(["zh", "en"])(
    "never say 'no rows were added' after a partial write (%s)",
    (lang) => {
      const partial = new PartialWriteError("交易记录", 5, 6, new Error("boom"));
      expectReadable(
        { text: (l: Lang) => appendFailureText(partial, errorText(partial, l), l) },
        lang,
      );
      const text = appendFailureText(partial, errorText(partial, lang), lang);
      expect(text).not.toMatch(/no rows were added|未新增任何行/);
      const plain = toExcelError({ code: "GeneralException", message: "x" }) as ExcelError;
      expect(appendFailureText(plain, errorText(plain, lang), lang)).toMatch(
        /no rows were added|未新增任何行/,
      );
    },
  );
});

describe("status of a table with no data row", () => {
  it("is not formula drift", async () => {
    const t = fake.table("CRM_Orders").state;
    t.rect = { ...t.rect, r1: t.rect.r0 };
    const status = await readStatus();
    expect(status.tables.orders.formulaDrift).toEqual([]);
    await expect(new ExcelWorkbook().status()).resolves.toBeDefined();
  });
});

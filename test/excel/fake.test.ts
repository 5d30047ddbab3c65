/**
 * The fake's own behaviour: if the fake is wrong, every adapter test is wrong with it.
 */
/* eslint-disable office-addins/call-sync-before-read, office-addins/call-sync-after-load, office-addins/load-object-before-read --
   these tests read properties too early on purpose, to prove the fake rejects it as Excel does. */
import { FakeExcel, FakeOfficeError, installFakeExcel, parseAddress } from "../fakes/excel";

describe("addresses", () => {
  it.each([
    ["A1", { r0: 0, c0: 0, r1: 0, c1: 0 }],
    ["B2:D5", { r0: 1, c0: 1, r1: 4, c1: 3 }],
    ["$AA$10", { r0: 9, c0: 26, r1: 9, c1: 26 }],
  ])("parses %s", (address, rect) => {
    expect(parseAddress(address).rect).toEqual(rect);
  });

  it("parses quoted sheet names", () => {
    expect(parseAddress("'Follow-ups'!A1:B2")).toEqual({
      sheet: "Follow-ups",
      rect: { r0: 0, c0: 0, r1: 1, c1: 1 },
    });
  });
});

describe("proxy semantics", () => {
  let fake: FakeExcel;
  beforeEach(() => {
    fake = new FakeExcel();
    fake.addSheet("客户档案", [
      ["客户编号", "客户名称"],
      ["C202405001", "甲公司"],
    ]);
  });

  it("throws PropertyNotLoaded when a property is read before load + sync", async () => {
    await fake.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem("客户档案").getRange("A1:B2");
      expect(() => range.values).toThrow(/PropertyNotLoaded|not available/);
      range.load("values");
      expect(() => range.values).toThrow(FakeOfficeError);
      await ctx.sync();
      expect(range.values).toEqual([
        ["客户编号", "客户名称"],
        ["C202405001", "甲公司"],
      ]);
    });
  });

  it("queues writes and applies them at sync", async () => {
    await fake.run(async (ctx) => {
      const range = ctx.workbook.worksheets.getItem("客户档案").getRange("B2");
      range.values = [["乙公司"]];
      expect(fake.sheet("客户档案").cell("B2").value).toBe("甲公司");
      await ctx.sync();
      expect(fake.sheet("客户档案").cell("B2").value).toBe("乙公司");
    });
  });

  it("counts round trips, not empty syncs, and measures payloads", async () => {
    await fake.run(async (ctx) => {
      await ctx.sync();
      const sheet = ctx.workbook.worksheets.getItem("客户档案");
      sheet.getRange("A3:B3").values = [["C202405002", "丙公司"]];
      await ctx.sync();
    });
    expect(fake.syncCount).toBe(1);
    expect(fake.requests[0]!.bytes).toBe(Buffer.byteLength('[["C202405002","丙公司"]]'));
    expect(fake.largestRequestBytes).toBe(fake.requests[0]!.bytes);
  });

  it("Excel.run syncs what is still queued at the end", async () => {
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("客户档案").getRange("C1").values = [["x"]];
    });
    expect(fake.syncCount).toBe(1);
    expect(fake.sheet("客户档案").cell("C1").value).toBe("x");
  });

  it("an injected failure rejects with an OfficeExtension-shaped error and applies nothing", async () => {
    fake.failSync(1);
    await expect(
      fake.run(async (ctx) => {
        const sheet = ctx.workbook.worksheets.getItem("客户档案");
        sheet.getRange("A3:B3").values = [["C202405002", "丙公司"]];
        sheet.getRange("A4:B4").values = [["C202405003", "丁公司"]];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "GeneralException" });
    expect(fake.sheet("客户档案").grid()).toHaveLength(2);
    expect(fake.requests[0]!.failed).toBe(true);
  });

  it("getItem of a missing item fails at sync; getItemOrNullObject gives a null object", async () => {
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.tables.getItem("Nope").load("name");
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "ItemNotFound" });
    await fake.run(async (ctx) => {
      const t = ctx.workbook.tables.getItemOrNullObject("Nope");
      expect(() => t.isNullObject).toThrow();
      await ctx.sync();
      expect(t.isNullObject).toBe(true);
    });
  });

  it("a dimension mismatch is rejected like Excel", async () => {
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("客户档案").getRange("A1:B1").values = [["one"]];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  it("text cells keep apostrophe text and '@' keeps numeric text; = makes a formula", async () => {
    fake.sheet("客户档案").setNumberFormat("D1", "@");
    await fake.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("客户档案");
      s.getRange("A5:D5").values = [["'=1+1", "=1+1", "00123", "00123"]];
      await ctx.sync();
    });
    const sheet = fake.sheet("客户档案");
    expect(sheet.cell("A5")).toMatchObject({ value: "=1+1", formula: undefined });
    expect(sheet.cell("B5").formula).toBe("=1+1");
    expect(sheet.cell("C5").value).toBe(123);
    fake.sheet("客户档案").setNumberFormat("D5", "@");
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("客户档案").getRange("D5").values = [["00123"]];
    });
    expect(sheet.cell("D5").value).toBe("00123");
  });

  it("loads collection items with item properties", async () => {
    fake.addSheet("维护记录");
    await fake.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      sheets.load("items/name");
      await ctx.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(["客户档案", "维护记录"]);
    });
    expect(fake.syncCount).toBe(1);
  });
});

describe("tables", () => {
  let fake: FakeExcel;
  beforeEach(() => {
    fake = new FakeExcel();
    fake.addSheet("交易记录", [
      ["订单编号", "数量", "单价", "金额"],
      ["O1", 2, 10, ""],
    ]);
    fake.sheet("交易记录").setNumberFormat("C2", "#,##0.00");
    fake.addTable("交易记录", "A1:D2", "CRM_Orders");
    fake.sheet("交易记录").state.setFormula(1, 3, "=[@数量]*[@单价]");
  });

  it("grows when values are written just below it, filling calculated columns and formats", async () => {
    await fake.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("交易记录");
      sheet.getRange("A3:C4").values = [
        ["O2", 3, 5],
        ["O3", 1, 7],
      ];
      await ctx.sync();
    });
    const t = fake.table("CRM_Orders");
    expect(t.address).toBe("交易记录!A1:D4");
    expect(t.formulas().map((r) => r[3])).toEqual([
      "=[@数量]*[@单价]",
      "=[@数量]*[@单价]",
      "=[@数量]*[@单价]",
    ]);
    expect(fake.sheet("交易记录").cell("C4").numberFormat).toBe("#,##0.00");
    expect(fake.rowsAddCalls).toBe(0);
  });

  it("does not grow for a write that is not adjacent", async () => {
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("交易记录").getRange("A4:B4").values = [["x", 1]];
    });
    expect(fake.table("CRM_Orders").rowCount).toBe(1);
  });

  it("a header-only table gets one empty data row, as in Excel", () => {
    fake.addSheet("S", [["a", "b"]]);
    expect(fake.addTable("S", "A1:B1", "T").rowCount).toBe(1);
  });

  it("records rows.add", async () => {
    await fake.run(async (ctx) => {
      ctx.workbook.tables.getItem("CRM_Orders").rows.add(undefined, [["O9", 1, 1, ""]]);
    });
    expect(fake.rowsAddCalls).toBe(1);
    expect(fake.opCount("rows.add")).toBe(1);
    expect(fake.table("CRM_Orders").rowCount).toBe(2);
  });

  it("adds a column at the end with a header name and body values", async () => {
    await fake.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem("CRM_Orders");
      t.columns.add(null, [["ignored"], ["线上"]], "购买渠道");
      const cols = t.columns;
      cols.load("items/name,items/index");
      await ctx.sync();
      expect(cols.items.map((c) => c.name)).toEqual([
        "订单编号",
        "数量",
        "单价",
        "金额",
        "购买渠道",
      ]);
    });
    expect(fake.table("CRM_Orders").column("购买渠道")).toEqual(["线上"]);
  });

  it("reads header and body ranges and resizes (ExcelApi 1.13)", async () => {
    fake.appendRowsDirect("CRM_Orders", [["O2", 1, 1]]);
    await fake.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem("CRM_Orders");
      const header = t.getHeaderRowRange().load("values");
      const body = t.getDataBodyRange().load("address,rowCount");
      await ctx.sync();
      expect(header.values[0]).toEqual(["订单编号", "数量", "单价", "金额"]);
      expect(body.address).toBe("交易记录!A2:D3");
      t.resize("A1:D2");
      await ctx.sync();
    });
    expect(fake.table("CRM_Orders").rowCount).toBe(1);
    expect(fake.sheet("交易记录").cell("D3").formula).toBe("=[@数量]*[@单价]");
  });

  it("deleting table rows with shift up shrinks the table", async () => {
    fake.appendRowsDirect("CRM_Orders", [
      ["O2", 1, 1],
      ["O3", 1, 1],
    ]);
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("交易记录").getRange("A3:D4").delete("Up");
    });
    expect(fake.table("CRM_Orders").rowCount).toBe(1);
    expect(fake.sheet("交易记录").grid()).toHaveLength(2);
  });

  describe("growth by a write below the table, by Excel's rules", () => {
    const write = (address: string, values: unknown[][]) =>
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("交易记录").getRange(address).values = values;
      });

    it.each([
      ["AutoCorrect 'Include new rows' on", true, true, 3],
      ["AutoCorrect 'Include new rows' off (#2093, #6745)", false, true, 1],
    ])("%s", async (_label, include, fill, rowsAfter) => {
      fake.autoCorrect.includeNewRowsInTable = include;
      fake.autoCorrect.fillFormulasInTables = fill;
      await write("A3:C4", [
        ["O2", 3, 5],
        ["O3", 1, 7],
      ]);
      expect(fake.table("CRM_Orders").rowCount).toBe(rowsAfter);
    });

    it("does not grow over a block whose first cell is blank (#2097)", async () => {
      await write("A3:C3", [["", 3, 5]]);
      expect(fake.table("CRM_Orders").rowCount).toBe(1);
      expect(fake.sheet("交易记录").cell("B3").value).toBe(3);
    });

    it("joins a multi-row block only down to its first row with a blank first cell (#3013, #3191)", async () => {
      await write("A3:C5", [
        ["O2", 3, 5],
        [null, 1, 7],
        ["O4", 2, 2],
      ]);
      expect(fake.table("CRM_Orders").address).toBe("交易记录!A1:D3");
    });

    it("does not grow with a totals row, nor over data validation below the table", async () => {
      fake.table("CRM_Orders").state.showTotals = true;
      await write("A3:C3", [["O2", 3, 5]]);
      expect(fake.table("CRM_Orders").rowCount).toBe(1);
      fake.table("CRM_Orders").state.showTotals = false;
      fake.sheet("交易记录").state.validations.push({
        rect: parseAddress("A4:A100").rect,
        rule: { list: { source: "a,b" } },
      });
      await write("A4:C4", [["O3", 1, 1]]);
      expect(fake.table("CRM_Orders").rowCount).toBe(1);
    });

    it("fills calculated columns only while AutoCorrect 'Fill formulas' is on", async () => {
      fake.autoCorrect.fillFormulasInTables = false;
      await write("A3:C3", [["O2", 3, 5]]);
      expect(fake.table("CRM_Orders").rowCount).toBe(2);
      expect(fake.sheet("交易记录").cell("D3").formula).toBeUndefined();
    });

    it("the table's own validation grows with it", async () => {
      const own = { rect: parseAddress("B2:B2").rect, rule: { wholeNumber: {} } };
      fake.sheet("交易记录").state.validations.push(own);
      await write("A3:C3", [["O2", 3, 5]]);
      expect(own.rect).toEqual(parseAddress("B2:B3").rect);
    });
  });

  it("a formula written into a Text-formatted cell is stored as text", async () => {
    fake.sheet("交易记录").setNumberFormat("D2", "@");
    await fake.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("交易记录").getRange("D2").formulas = [["=[@数量]*[@单价]"]];
    });
    const cell = fake.sheet("交易记录").cell("D2");
    expect(cell.formula).toBeUndefined();
    expect(cell.value).toBe("=[@数量]*[@单价]");
  });

  it("CRM.* formulas show #NAME? while the custom-function runtime is absent", () => {
    fake.setFormulaEvaluator(() => "A");
    const sheet = fake.sheet("交易记录");
    sheet.state.setFormula(1, 3, '=IF([@数量]="","",CRM.ABCCLASS([@数量]))');
    expect(sheet.cell("D2").value).toBe("A");
    fake.customFunctionsRuntime = false;
    expect(sheet.cell("D2").value).toBe("#NAME?");
    sheet.state.setFormula(1, 3, "=CRM_Orders[[#This Row],[数量]]*2");
    expect(sheet.cell("D2").value).toBe("A");
  });

  it("resize and merged areas need ExcelApi 1.13", async () => {
    fake.apiVersion = "1.12";
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.tables.getItem("CRM_Orders").resize("A1:D3");
      }),
    ).rejects.toMatchObject({ code: "ApiNotFound" });
    await expect(
      fake.run(async (ctx) => {
        const m = ctx.workbook.worksheets
          .getItem("交易记录")
          .getRange("A1:D2")
          .getMergedAreasOrNullObject();
        m.load("address");
      }),
    ).rejects.toMatchObject({ code: "ApiNotFound" });
  });

  it("a batch failing at one of its operations keeps the operations before it", async () => {
    fake.failSync(1, "InvalidArgument", "bad", "dataValidation.rule=");
    await expect(
      fake.run(async (ctx) => {
        const sheet = ctx.workbook.worksheets.getItem("交易记录");
        sheet.getRange("E1").values = [["前"]];
        sheet.getRange("B2").dataValidation.rule = { wholeNumber: {} };
        sheet.getRange("F1").values = [["后"]];
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(fake.sheet("交易记录").cell("E1").value).toBe("前");
    expect(fake.sheet("交易记录").cell("F1").value).toBe("");
    expect(fake.sheet("交易记录").validations).toHaveLength(0);
  });

  it("refuses a table over merged cells", async () => {
    fake.addSheet("M", [["标题"], ["a"]]).merge("A1:B1");
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.tables.add("M!A1:B2", true);
      }),
    ).rejects.toMatchObject({ code: "InvalidOperation" });
  });
});

describe("names, properties, formats and globals", () => {
  it("adds names and custom properties, records formats and validation", async () => {
    const fake = new FakeExcel();
    fake.addSheet("参数设置");
    await fake.run(async (ctx) => {
      const sheet = ctx.workbook.worksheets.getItem("参数设置");
      const cell = sheet.getRange("B2");
      cell.values = [[45000]];
      ctx.workbook.names.add("CRM_AsOf", cell);
      ctx.workbook.properties.custom.add("CRM_LayoutVersion", 1);
      cell.format.fill.color = "#FFF2CC";
      cell.format.font.bold = true;
      sheet.getRange("C2:C9").dataValidation.rule = {
        list: { inCellDropDown: true, source: "=A1:A3" },
      };
      const cf = sheet.getRange("D2:D9").conditionalFormats.add("Custom");
      cf.custom.rule.formula = "=D2>1";
      sheet.freezePanes.freezeRows(1);
      await ctx.sync();
      const name = ctx.workbook.names.getItem("CRM_AsOf").getRange().load("values");
      const prop = ctx.workbook.properties.custom.getItemOrNullObject("CRM_LayoutVersion");
      prop.load("value");
      await ctx.sync();
      expect(name.values).toEqual([[45000]]);
      expect(prop.value).toBe(1);
    });
    const s = fake.sheet("参数设置");
    expect(fake.nameValue("CRM_AsOf")).toBe(45000);
    expect(s.formatAt("B2", "fill.color")).toBe("#FFF2CC");
    expect(s.formatAt("B2", "font.bold")).toBe(true);
    expect(s.validations[0]!.rule).toEqual({ list: { inCellDropDown: true, source: "=A1:A3" } });
    expect(s.conditionalFormats[0]).toMatchObject({
      type: "Custom",
      settings: { custom: { rule: { formula: "=D2>1" } } },
    });
    expect(s.freezeRows).toBe(1);
  });

  it("installs Excel, OfficeExtension and Office globals", async () => {
    const fake = installFakeExcel({ apiVersion: "1.9" });
    try {
      expect(Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(true);
      expect(Office.context.requirements.isSetSupported("ExcelApi", "1.13")).toBe(false);
      fake.addSheet("S");
      fake.failSync(1, "AccessDenied", "denied");
      const err = await Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("S").getRange("A1").values = [[1]];
        await ctx.sync();
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OfficeExtension.Error);
      expect(err).toMatchObject({ code: "AccessDenied" });
    } finally {
      fake.uninstall();
    }
  });
});

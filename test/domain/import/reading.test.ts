/**
 * Reading files as they come from offices: the .xlsx reader on hand-made and real files, the
 * encodings of text files, CSV errors and control characters, and read failures that say what
 * to do.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../../../src/domain/import/csv";
import {
  chineseCodePage,
  decodeAs,
  decodeText,
  sampleLine,
  utf16ByZeros,
} from "../../../src/domain/import/decode";
import { ImportFileError, MAX_IMPORT_BYTES } from "../../../src/domain/import/fileErrors";
import { loadImportFile } from "../../../src/domain/import/load";
import { readXlsx, readXlsxFile } from "../../../src/domain/import/xlsx";
import { serialFromYmd } from "../../../src/domain/values";
import { encodeBig5, encodeGb18030 } from "../../fixtures/import/gb18030";
import { DATE_STYLES, xlsxFromParts } from "../../fixtures/import/xlsxParts";

const FIXTURES = join(__dirname, "../../fixtures/import");

function utf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  let at = 0;
  if (bom) {
    view.setUint16(0, 0xfeff, littleEndian);
    at = 2;
  }
  for (let i = 0; i < text.length; i++, at += 2)
    view.setUint16(at, text.charCodeAt(i), littleEndian);
  return out;
}

async function readError(promise: Promise<unknown>): Promise<ImportFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error("expected a read failure");
}

const CSV =
  "客户名称,对接人,联系电话\r\n北京华信科技有限公司,张伟,13812345678\r\n上海明达贸易有限公司,李娜,021-62345678\r\n";
const CSV_TRADITIONAL =
  "客戶名稱,對接人,聯繫電話\r\n台北華信科技有限公司,張偉,0912345678\r\n高雄明達貿易有限公司,李娜,07-2345678\r\n";

describe("encodings", () => {
  it.each([
    ["UTF-16LE with BOM", "utf-16le", "bom", utf16(CSV, true, true)],
    ["UTF-16BE with BOM", "utf-16be", "bom", utf16(CSV, false, true)],
    ["UTF-16LE without BOM", "utf-16le", "zeros", utf16(CSV, true, false)],
    ["UTF-16BE without BOM", "utf-16be", "zeros", utf16(CSV, false, false)],
    [
      "UTF-8 with BOM",
      "utf-8-bom",
      "bom",
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(CSV)]),
    ],
    ["UTF-8", "utf-8", "utf8", new TextEncoder().encode(CSV)],
    ["GB18030", "gb18030", "detector", encodeGb18030(CSV)],
  ] as const)("%s is read as %s (%s)", (_, encoding, reason, bytes) => {
    const decoded = decodeText(bytes);
    expect(decoded).toMatchObject({ text: CSV, encoding, reason, repaired: 0 });
  });

  it("tells Big5 from GB18030 by the detector's verdict", () => {
    const big5 = decodeText(encodeBig5(CSV_TRADITIONAL));
    expect(big5).toMatchObject({ text: CSV_TRADITIONAL, encoding: "big5", reason: "detector" });
    expect(chineseCodePage(encodeGb18030(CSV))).toBe("gb18030");
    expect(chineseCodePage(encodeBig5(CSV_TRADITIONAL))).toBe("big5");
  });

  it("keeps a UTF-8 file with a few invalid bytes as UTF-8 and names the repaired lines", () => {
    const good = new TextEncoder().encode(`${CSV}${CSV}`);
    // One stray Latin-1 byte (é as 0xE9) on line 3 and one on line 5.
    const lines = new TextDecoder().decode(good).split("\r\n");
    const bytes: number[] = [];
    lines.forEach((line, i) => {
      bytes.push(...new TextEncoder().encode(line));
      if (i === 2 || i === 4) bytes.push(0xe9);
      if (i < lines.length - 1) bytes.push(13, 10);
    });
    const decoded = decodeText(new Uint8Array(bytes));
    expect(decoded.encoding).toBe("utf-8");
    expect(decoded.reason).toBe("utf8-repaired");
    expect(decoded.repaired).toBe(2);
    expect(decoded.repairedLines).toEqual([3, 5]);
    expect(decoded.text).toContain("北京华信科技有限公司");
  });

  it("a GBK file is not taken for UTF-8 with repairs", () => {
    expect(decodeText(encodeGb18030(CSV.repeat(20))).encoding).toBe("gb18030");
  });

  it("a UTF-8 file with a few NUL bytes is not UTF-16", () => {
    const bytes = new TextEncoder().encode(`${CSV}\0${CSV}\0`);
    expect(utf16ByZeros(bytes)).toBeUndefined();
    expect(decodeText(bytes).encoding).toBe("utf-8");
  });

  it("re-reads with the encoding the user chose", () => {
    const bytes = encodeGb18030(CSV);
    expect(decodeAs(bytes, "big5").text).not.toBe(CSV);
    expect(decodeAs(bytes, "gb18030")).toMatchObject({ text: CSV, reason: "chosen" });
    const bom = utf16(CSV, true, true);
    expect(decodeAs(bom, "utf-16le").text).toBe(CSV);
  });

  it("samples the first line with Chinese text", () => {
    expect(sampleLine("a,b\r\n客户,张三\r\n")).toBe("客户,张三");
    expect(sampleLine("a,b\nc,d")).toBe("a,b");
    expect(sampleLine(`${"名".repeat(100)}\n`)).toHaveLength(81);
  });
});

describe("CSV text", () => {
  it("reports an unbalanced quote with its row", () => {
    const { grid, errors } = parseCsv('客户名称,对接人\n甲公司,张三\n"乙公司,李四\n丙公司,王五\n');
    expect(errors).toEqual([{ row: 3, kind: "quotes" }]);
    expect(grid).toHaveLength(3);
  });

  it("removes and counts NUL and other control characters", () => {
    const { grid, controlChars } = parseCsv("客户名称,对接人\n甲\0公司,张\u0007三\f\n");
    expect(grid[1]).toEqual(["甲公司", "张三"]);
    expect(controlChars).toBe(3);
  });
});

describe(".xlsx reader", () => {
  it("reads values, shared and inline strings, rich text without phonetics, booleans, errors and cached formula results", async () => {
    const bytes = xlsxFromParts({
      strings: [
        "<t>客户名称</t>",
        '<r><rPr><b/></rPr><t>北京</t></r><r><t xml:space="preserve">华信 </t></r><rPh sb="0" eb="2"><t>ペキン</t></rPh>',
        "<t>A&amp;B_x000D_公司</t>",
      ],
      sheets: [
        [
          "客户",
          `<sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>对接人</t></is></c></row>
            <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="str"><f>CONCAT("张","伟")</f><v>张伟</v></c><c r="C2"><f>1+1</f><v>2</v></c></row>
            <row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="b"><v>1</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3"><v>1.5</v></c></row>
          </sheetData>`,
        ],
      ],
    });
    const [sheet] = await readXlsx(bytes);
    expect(sheet?.name).toBe("客户");
    expect(sheet?.grid).toEqual([
      ["客户名称", "对接人"],
      ["北京华信 ", "张伟", 2],
      ["A&B\r公司", true, "#N/A", 1.5],
    ]);
  });

  it("reads dates as whole serials, in the 1900 system also from a 1904 workbook", async () => {
    const sheet = (date1904: boolean) =>
      xlsxFromParts({
        date1904,
        styles: DATE_STYLES,
        sheets: [
          [
            "s",
            `<sheetData><row r="1"><c r="A1" s="1"><v>${date1904 ? 43982 : 45444}.75</v></c><c r="B1" s="2"><v>${date1904 ? 43982 : 45444}</v></c><c r="C1" s="3"><v>45444.5</v></c><c r="D1" t="d"><v>2024-06-01T00:00:00Z</v></c></row></sheetData>`,
          ],
        ],
      });
    const june1 = serialFromYmd(2024, 6, 1);
    expect(june1).toBe(45444);
    for (const date1904 of [false, true]) {
      const [s] = await readXlsx(sheet(date1904));
      // C1's format 0.00"d" is not a date: the quoted d is text.
      expect(s?.grid).toEqual([[june1, june1, 45444.5, june1]]);
    }
  });

  it("fills merged areas with their value, only as far as the data reaches", async () => {
    const [sheet] = await readXlsx(
      xlsxFromParts({
        sheets: [
          [
            "s",
            `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>客户信息收集表</t></is></c></row>
             <row r="2"><c r="A2" t="inlineStr"><is><t>行业</t></is></c><c r="B2" t="inlineStr"><is><t>名称</t></is></c></row>
             <row r="3"><c r="A3" t="inlineStr"><is><t>制造业</t></is></c><c r="B3" t="inlineStr"><is><t>甲</t></is></c></row>
             <row r="4"><c r="B4" t="inlineStr"><is><t>乙</t></is></c></row></sheetData>
             <mergeCells count="2"><mergeCell ref="A1:XFD1"/><mergeCell ref="A3:A1048576"/></mergeCells>`,
          ],
        ],
      }),
    );
    expect(sheet?.grid).toEqual([
      ["客户信息收集表", "客户信息收集表"],
      ["行业", "名称"],
      ["制造业", "甲"],
      ["制造业", "乙"],
    ]);
  });

  it("is bounded by the real data: a formatted cell at row 1,048,576 and trailing empties make nothing", async () => {
    const [sheet] = await readXlsx(
      xlsxFromParts({
        sheets: [
          [
            "s",
            `<dimension ref="A1:XFD1048576"/><sheetData>
             <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" s="1"/><c r="C1" t="inlineStr"><is><t></t></is></c></row>
             <row r="2"/><row r="3"><c r="A3"><v>3</v></c></row>
             <row r="4" s="2" customFormat="1"><c r="Z4" s="1"/></row>
             <row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>`,
          ],
        ],
      }),
    );
    expect(sheet?.grid).toEqual([["a"], [], [3]]);
  });

  it("a stray far value shares one empty row for the gap (no million rows of arrays)", async () => {
    const [sheet] = await readXlsx(
      xlsxFromParts({
        sheets: [
          [
            "s",
            `<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="200000"><c r="A200000"><v>2</v></c></row></sheetData>`,
          ],
        ],
      }),
    );
    expect(sheet?.grid).toHaveLength(200_000);
    expect(new Set(sheet?.grid.slice(1, -1)).size).toBe(1);
    expect(sheet?.grid[199_999]).toEqual([2]);
  });

  it("reads cells without references, prefixed XML and a sheet order other than the zip's", async () => {
    const [a, b] = await readXlsx(
      xlsxFromParts({
        prefixed: true,
        sheets: [
          [
            "一",
            `<sheetData><row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row><row><c r="B2"><v>2</v></c></row></sheetData>`,
          ],
          ["二", `<sheetData><row r="2"><c r="C2"><v>3</v></c></row></sheetData>`],
        ],
      }),
    );
    expect(a).toEqual({
      name: "一",
      grid: [
        ["x", 1],
        [null, 2],
      ],
    });
    expect(b).toEqual({ name: "二", grid: [[], [null, null, 3]] });
  });

  it("removes and counts control characters written as _x0000_ escapes", async () => {
    const { sheets, controlChars } = await readXlsxFile(
      xlsxFromParts({
        strings: ["<t>甲_x0000_公司_x0007_</t>"],
        sheets: [["s", `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>`]],
      }),
    );
    expect(sheets[0]?.grid).toEqual([["甲公司"]]);
    expect(controlChars).toBe(2);
  });

  it("reports progress from the first byte to the last and stops when asked", async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>客户${i * 7919}</t></is></c><c r="B${i + 1}"><v>${i}</v></c></row>`,
    ).join("");
    const bytes = xlsxFromParts({ sheets: [["s", `<sheetData>${rows}</sheetData>`]] });
    const seen: [number, number][] = [];
    const [sheet] = await readXlsx(bytes, {
      sliceBytes: 1024,
      onProgress: (done, total) => seen.push([done, total]),
    });
    expect(sheet?.grid).toHaveLength(3000);
    expect(seen[0]?.[0]).toBe(0);
    const total = seen[0]?.[1] ?? 0;
    expect(seen.length).toBeGreaterThan(5);
    expect(seen[seen.length - 1]).toEqual([total, total]);
    expect(seen.every(([d], i) => i === 0 || d > (seen[i - 1]?.[0] ?? 0))).toBe(true);

    const controller = new AbortController();
    let slices = 0;
    const stopped = readXlsx(bytes, {
      sliceBytes: 1024,
      signal: controller.signal,
      onProgress: () => {
        if (++slices === 3) controller.abort();
      },
    });
    await expect(stopped).rejects.toBeDefined();
    expect(slices).toBe(3);
  });

  it.each(["quirks.xlsx", "quirks-libreoffice.xlsx"])(
    "%s (exceljs's writer; the same resaved by LibreOffice): rich text, formulas' cached results, a hyperlink, a boolean, an error, a date-time, a merge, a stray formatted cell",
    async (name) => {
      const [sheet] = await readXlsx(readFileSync(join(FIXTURES, name)));
      expect(sheet).toEqual({
        name: "各种单元格",
        grid: [
          ["客户名称", "所属行业", "年合作额", "建档日期", "备注"],
          ["北京华信科技有限公司", "制造业", 1200, serialFromYmd(2024, 5, 10), "官网"],
          ["上海明达", "制造业", "120万", true, "#N/A"],
          ["广州顺达", "制造业", 5000.5],
        ],
      });
    },
  );

  it("reads the committed fixtures as the old exceljs reader did", async () => {
    const [sheet] = await readXlsx(readFileSync(join(FIXTURES, "customers.xlsx")));
    expect(sheet?.grid[0]?.[0]).toBe("客户信息管理标准化模板");
    expect(sheet?.grid.length).toBeGreaterThan(5);
  });
});

describe("read failures say what to do", () => {
  const xlsx = readFileSync(join(FIXTURES, "customers.xlsx"));

  it.each([
    [
      "a truncated workbook",
      "客户.xlsx",
      new Uint8Array(xlsx.subarray(0, xlsx.length - 100)),
      "truncated",
      "重新下载",
    ],
    [
      "an .xls file",
      "客户.xls",
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      "xls",
      "另存为",
    ],
    [
      "an .xls renamed .xlsx",
      "客户.xlsx",
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      "xls",
      ".xlsx",
    ],
    [
      "a zip that is no workbook",
      "客户.xlsx",
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
      "truncated",
      "另存",
    ],
    [
      "a PDF named .csv",
      "客户.csv",
      new Uint8Array(Array.from({ length: 400 }, (_, i) => i % 32)),
      "binaryText",
      "CSV UTF-8",
    ],
    [
      "a PDF named .pdf",
      "客户.pdf",
      new Uint8Array([0x25, 0x50, 0x44, 0x46]),
      "unsupported",
      "另存为",
    ],
  ] as const)("%s", async (_, name, bytes, code, hint) => {
    const error = await readError(loadImportFile(name, bytes));
    expect(error.code).toBe(code);
    expect(error.text("zh")).toContain(hint);
    expect(error.text("en")).not.toMatch(/central directory|undefined|\{/);
  });

  it("refuses a file over the limit up front, naming the limit", async () => {
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1);
    const error = await readError(loadImportFile("客户.csv", big));
    expect(error.code).toBe("tooLarge");
    expect(error.text("zh")).toContain("50 MB");
    expect(error.text("en")).toContain("limit of 50 MB");
  });

  it("reads an .xlsx renamed .csv as the workbook it is", async () => {
    const file = await loadImportFile("客户.csv", xlsx);
    expect(file.kind).toBe("xlsx");
  });

  it("shows the chosen encoding, a sample line, repaired lines and parse errors of a CSV", async () => {
    const file = await loadImportFile("客户.csv", encodeBig5(`${CSV_TRADITIONAL}"未完,1\n`));
    expect(file.text).toMatchObject({
      encoding: "big5",
      reason: "detector",
      sample: "客戶名稱,對接人,聯繫電話",
      parseErrors: [{ row: 4, kind: "quotes" }],
    });
    const chosen = await loadImportFile("客户.csv", encodeBig5(CSV_TRADITIONAL), {
      encoding: "gb18030",
    });
    expect(chosen.text?.reason).toBe("chosen");
    expect(chosen.text?.sample).not.toBe("客戶名稱,對接人,聯繫電話");
  });
});

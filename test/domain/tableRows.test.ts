/**
 * Reading a table's rows into records: headers in either language map to keys, unknown columns
 * are left out, empty cells are null, and a fresh table's one empty row (whose calculated
 * columns still show results) is no record — while a row with one value is.
 */
import { LISTS, defaultListValues, headerOf } from "../../src/domain/schema";
import { columnKeys, fromCell, listValuesFrom, recordsFromRows } from "../../src/domain/tableRows";

const zh = (key: string) => headerOf("customers", key, "zh");
const en = (key: string) => headerOf("customers", key, "en");

describe("columnKeys", () => {
  it("maps Chinese and English headers alike and leaves unknown columns null", () => {
    expect(columnKeys("customers", [zh("customerId"), en("name"), "自定义列"])).toEqual([
      "customerId",
      "name",
      null,
    ]);
  });
});

describe("fromCell", () => {
  it.each([
    ["", null],
    [null, null],
    [undefined, null],
    [0, 0],
    [false, false],
    ["甲公司", "甲公司"],
    [[1], "1"],
  ])("%j → %j", (cell, value) => {
    expect(fromCell(cell)).toEqual(value);
  });
});

describe("recordsFromRows", () => {
  const keys = columnKeys("customers", [zh("customerId"), zh("name"), zh("sizeTier"), "备用"]);

  it("reads each row by its header, without the unknown column", () => {
    expect(recordsFromRows("customers", keys, [["C202405001", "甲公司", "中型", "x"]])).toEqual([
      { customerId: "C202405001", name: "甲公司", sizeTier: "中型" },
    ]);
  });

  it("takes a fresh table's only row, empty but for calculated results, as no record", () => {
    expect(recordsFromRows("customers", keys, [["", "", "小型", "x"]])).toEqual([]);
  });

  it("keeps a lone row that has one input value, and empty rows among others", () => {
    expect(recordsFromRows("customers", keys, [["", "甲公司", "", ""]])).toHaveLength(1);
    expect(
      recordsFromRows("customers", keys, [
        ["", "", "", ""],
        ["", "乙", "", ""],
      ]),
    ).toEqual([
      { customerId: null, name: null, sizeTier: null },
      { customerId: null, name: "乙", sizeTier: null },
    ]);
  });
});

describe("listValuesFrom", () => {
  it("takes a list table's choices trimmed, numbers as text, blanks and other values dropped", () => {
    const lists = listValuesFrom([
      { key: "customerType", values: [[" 新客户 "], [""], [null], [2024], [true], ["代理商"]] },
    ]);
    expect(lists.customerType).toEqual(["新客户", "2024", "代理商"]);
    // Lists not read keep the schema's items.
    expect(lists.industry).toEqual(LISTS.industry.items);
  });

  it("keeps the schema's items for a list table that is empty or unreadable", () => {
    expect(
      listValuesFrom([
        { key: "customerType", values: [[""], ["  "]] },
        { key: "industry", values: undefined },
      ]),
    ).toEqual(defaultListValues());
  });
});

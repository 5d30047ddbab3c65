/** Column resolution: headers, synonyms, the remembered layout, ID columns by their contents. */
import {
  columnsProblem,
  decodeMemory,
  describeColumns,
  encodeMemory,
  readKeys,
  resolveColumns,
} from "../../src/domain/columnMap";
import { TABLES } from "../../src/domain/schema";

const zhHeaders = TABLES.customers.columns.map((c) => c.header.zh);
const keys = TABLES.customers.columns.map((c) => c.key);
const fullMemory = encodeMemory("customers", { keys, confirmed: keys.map(() => false) });
const renamed = (i: number, to: string) => zhHeaders.map((h, j) => (j === i ? to : h));

describe("column memory", () => {
  it("round-trips and stays within a custom property's 255 characters", () => {
    const confirmed = keys.map(() => true);
    const text = encodeMemory("customers", {
      keys: [...keys, null],
      confirmed: [...confirmed, false],
    });
    expect(text.length).toBeLessThanOrEqual(255);
    expect(decodeMemory("customers", text)).toEqual({
      keys: [...keys, null],
      confirmed: [...confirmed, false],
    });
  });
  it.each([undefined, "", 12, "zz", "?"])("%p is no memory", (text) => {
    expect(decodeMemory("customers", text)).toBeNull();
  });
});

describe("resolveColumns", () => {
  it("reads an adopted template's table as the layout planner does", () => {
    // Adoption keeps combined and replaced template columns beside the schema's own columns.
    const headers = [
      ...zhHeaders.filter((h) => h !== "员工人数" && h !== "最近互动"),
      "企业规模(员工人数/年营收)",
      "最近互动时间(原)",
      "员工人数",
      "最近互动",
    ];
    const r = resolveColumns("customers", headers);
    expect(r.missing).toEqual([]);
    expect(r.keys.at(-2)).toBe("employees");
    expect(r.keys.at(-1)).toBe("lastContact");
    // The kept column stands for nothing, and is no column a missing one could be mapped to.
    expect(r.keys[headers.indexOf("最近互动时间(原)")]).toBeNull();
    expect(r.unknown).toEqual([]);
    // What setup remembers for this table is usable: it agrees with the headers.
    const memory = encodeMemory("customers", r.memory);
    expect(resolveColumns("customers", headers, memory).keys).toEqual(r.keys);
  });
  it("finds every column of a set-up table by header", () => {
    const r = resolveColumns("customers", zhHeaders, fullMemory);
    expect(r.keys).toEqual(keys);
    expect(r.renamed).toEqual([]);
    expect(r.missing).toEqual([]);
  });

  it("a header renamed to an unknown name is found by the memory, as renamed", () => {
    const r = resolveColumns("customers", renamed(1, "公司简称"), fullMemory);
    expect(r.keys[1]).toBeNull();
    expect(r.renamed).toEqual([{ key: "name", position: 1, header: "公司简称" }]);
    expect(r.missing).toEqual([]);
    expect(readKeys(r)[1]).toBe("name");
    const problem = columnsProblem("customers", r, ["customerId", "name"]);
    expect(problem?.renamed).toHaveLength(1);
    expect(describeColumns(problem!, "zh")).toBe("“客户名称”（现名为“公司简称”）");
    expect(describeColumns(problem!, "en")).toBe('"Customer name" (now named "公司简称")');
    expect(columnsProblem("customers", r, ["customerId", "email"])).toBeNull();
  });

  it("a confirmed mapping makes the column usable for writes", () => {
    const memory = encodeMemory("customers", {
      keys,
      confirmed: keys.map((_, i) => i === 1),
    });
    const r = resolveColumns("customers", renamed(1, "公司简称"), memory);
    expect(r.keys[1]).toBe("name");
    expect(r.renamed).toEqual([]);
    expect(columnsProblem("customers", r, ["name"])).toBeNull();
  });

  it("without a memory a renamed column is missing, and unknown headers are the candidates", () => {
    const r = resolveColumns("customers", renamed(1, "公司简称"));
    expect(r.missing).toEqual(["name"]);
    expect(r.unknown).toEqual(["公司简称"]);
    expect(describeColumns(columnsProblem("customers", r, ["name"])!, "zh")).toBe(
      "“客户名称”（找不到）",
    );
  });

  it("a memory of another shape (a column inserted) is not trusted", () => {
    const headers = ["插入列", ...renamed(1, "公司简称")];
    const r = resolveColumns("customers", headers, fullMemory);
    expect(r.renamed).toEqual([]);
    expect(r.missing).toEqual(["name"]);
  });

  it("an ID column renamed in a workbook without memory is known by its contents", () => {
    const first = keys.map((k) => (k === "customerId" ? "C202405001" : ""));
    const r = resolveColumns("customers", renamed(0, "编码"), undefined, first);
    expect(r.renamed).toEqual([{ key: "customerId", position: 0, header: "编码" }]);
    expect(r.missing).toEqual([]);
  });
});

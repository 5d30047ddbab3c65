/**
 * addListItems on the Excel adapter, beyond the port contract (test/contract/portContract.ts):
 * where the items go on the Settings sheet and what it refuses to overwrite.
 */
import { addListItems } from "../../src/excel/settings";
import { LISTS } from "../../src/domain/schema";
import { installFakeExcel, type FakeExcel } from "../fakes/excel";

let fake: FakeExcel;
afterEach(() => fake.uninstall());

function listTable(items: unknown[][], opts: { apiVersion?: string; below?: string } = {}) {
  fake = installFakeExcel(opts.apiVersion ? { apiVersion: opts.apiVersion } : {});
  const grid: unknown[][] = [["客户类型"], ...items];
  if (opts.below !== undefined) grid.push([opts.below]);
  fake.addSheet("参数设置", grid);
  fake.addTable("参数设置", `A1:A${items.length + 1}`, LISTS.customerType.table);
}

describe("adding list items in Excel", () => {
  it("fills an emptied list's blank row first, then grows the table below it", async () => {
    listTable([[""]]);
    fake.resetCounters();
    expect(await addListItems("customerType", ["VIP客户", "渠道客户"])).toEqual([
      "VIP客户",
      "渠道客户",
    ]);
    expect(fake.table(LISTS.customerType.table).column("客户类型")).toEqual([
      "VIP客户",
      "渠道客户",
    ]);
    // One read (the list and the rows below it) and one write, even when the table grows.
    expect(fake.syncCount).toBe(2);
  });

  it("stores formula-like items as text", async () => {
    listTable([["新客户"]]);
    await addListItems("customerType", ["=1+1"]);
    expect(fake.table(LISTS.customerType.table).column("客户类型")).toEqual(["新客户", "=1+1"]);
    expect(fake.sheet("参数设置").cell("A3").formula).toBeUndefined();
  });

  it("writes nothing when the cells below the table hold something", async () => {
    listTable([["新客户"]], { below: "用户的备注" });
    await expect(addListItems("customerType", ["VIP客户"])).rejects.toThrow(/不是空的/);
    expect(fake.table(LISTS.customerType.table).column("客户类型")).toEqual(["新客户"]);
    expect(fake.sheet("参数设置").cell("A3").value).toBe("用户的备注");
  });

  it("adds the rows with rows.add on a host without Table.resize (ExcelApi 1.13)", async () => {
    listTable([["新客户"]], { apiVersion: "1.12" });
    await addListItems("customerType", ["VIP客户"]);
    expect(fake.table(LISTS.customerType.table).column("客户类型")).toEqual(["新客户", "VIP客户"]);
  });
});

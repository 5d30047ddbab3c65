/**
 * The import preview separates problems that block a row from warnings (issue 15, part 2), and
 * offers, for each value outside its list, to add it to the list, replace it by an item, or
 * keep it as text. What the user chose is what reaches the workbook.
 */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import CheckPanel from "../../src/taskpane/components/check/CheckPanel";
import ImportPanel from "../../src/taskpane/components/import/ImportPanel";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import { TODAY, renderPanel } from "./render";
import { csvFile, fileInput } from "./importFiles";

jest.setTimeout(60_000);

const CSV = [
  "客户名称,客户类型,对接人,联系电话,邮箱,核心需求",
  "甲科技有限公司,新客户,张三,13800000001,a@jia.cn,ERP",
  // Warnings: the row is written, the value kept as given.
  "乙科技有限公司,新客户,李四,13800000002,li#yi.cn,ERP",
  "丙科技有限公司,VIP客户,王五,13800000003,c@bing.cn,ERP",
  "丁科技有限公司,VIP客户,赵六,1380000000,d@ding.cn,ERP",
  "戊科技有限公司,老客,钱七,13800000005,e@wu.cn,ERP",
  // Blocking: a required field is blank.
  "己科技有限公司,新客户,,13800000006,f@ji.cn,ERP",
].join("\r\n");

async function pick(lang: "zh" | "en") {
  const workbook = new MemoryWorkbook({ empty: true, today: TODAY });
  const user = userEvent.setup();
  const view = renderPanel(<ImportPanel workbook={workbook} lang={lang} today={TODAY} />, {
    workbook,
    lang,
  });
  await user.upload(fileInput(view.container), csvFile(CSV));
  return { user, ...view, workbook };
}

describe("import preview: problems that block and problems that warn", () => {
  it("counts and lists them apart (zh), and writes each off-list value as the user chose", async () => {
    const { user, workbook } = await pick("zh");
    expect(
      await screen.findByText("文件共 6 行：新增 5，更新 0，合并 0，跳过 0，有问题 1"),
    ).toBeInTheDocument();
    expect(
      screen.getByText("阻止导入的问题：1 行。这些行不会导入，可下载后修正再导入。"),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "警告：4 行。这些行照常导入，有疑问的值按原样保留，导入后“数据检查”会标出它们。",
      ),
    ).toBeInTheDocument();

    const blocked = screen.getByRole("region", { name: "阻止导入的行" });
    expect(within(blocked).getByText("第 7 行")).toBeInTheDocument();
    expect(within(blocked).getByText("对接人：必填")).toBeInTheDocument();
    expect(within(blocked).queryByText("第 3 行")).toBeNull();

    const warned = screen.getByRole("region", { name: "有警告的行（仍会导入）" });
    expect(within(warned).getByText("邮箱：邮箱格式不正确")).toBeInTheDocument();
    // Rows 4 and 5; row 5's doubtful phone (10 digits) is the data check's to mark, later.
    expect(within(warned).getAllByText("客户类型：“VIP客户”不在可选项中")).toHaveLength(2);
    expect(within(warned).queryByText("第 7 行")).toBeNull();

    // One offer per distinct value, with how many rows hold it; "keep" by default.
    const offers = screen.getByRole("region", { name: "不在下拉列表中的值" });
    const vip = within(offers).getByRole("combobox", {
      name: "客户类型：“VIP客户”（2 行，首次出现在第 4 行）",
    });
    const old = within(offers).getByRole("combobox", {
      name: "客户类型：“老客”（1 行，首次出现在第 6 行）",
    });
    expect(vip).toHaveValue("keep");
    expect(within(old).getByRole("option", { name: "改为：老客户" })).toBeInTheDocument();
    await user.selectOptions(vip, "add");
    await user.selectOptions(old, "map:老客户");

    await user.click(screen.getByRole("button", { name: "导入 5 行" }));
    expect(await screen.findByText(/^已在客户档案中新增 5 行，更新 0 行。/)).toBeInTheDocument();
    expect(
      screen.getByText("有警告的值已按原样写入，运行“数据检查”可在表格中找到并标出它们。"),
    ).toBeInTheDocument();
    const rows = await workbook.readRecords("customers");
    expect(rows.map((r) => [r.name, r.customerType, r.email, r.phone])).toEqual([
      ["甲科技有限公司", "新客户", "a@jia.cn", "13800000001"],
      ["乙科技有限公司", "新客户", "li#yi.cn", "13800000002"],
      ["丙科技有限公司", "VIP客户", "c@bing.cn", "13800000003"],
      ["丁科技有限公司", "VIP客户", "d@ding.cn", "1380000000"],
      ["戊科技有限公司", "老客户", "e@wu.cn", "13800000005"],
    ]);
    expect((await workbook.readLists()).customerType).toContain("VIP客户");
    expect((await workbook.readLists()).customerType).not.toContain("老客");
  });

  it("keeps an off-list value as text by default and says it all in English", async () => {
    const { user, workbook } = await pick("en");
    expect(
      await screen.findByText(
        "Blocking problems: 1 row. They are not imported; download them to fix and import again.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "Warnings: 4 rows. They are imported, the doubtful values kept as given; the data check marks them afterwards.",
      ),
    ).toBeInTheDocument();
    const warned = screen.getByRole("region", { name: "Rows with warnings (imported)" });
    expect(within(warned).getByText("Email: Not a valid email address")).toBeInTheDocument();
    const offers = screen.getByRole("region", { name: "Values outside their lists" });
    const vip = within(offers).getByRole("combobox", {
      name: "Customer type: “VIP客户” (2 rows, first on row 4)",
    });
    expect(within(vip).getByRole("option", { name: "Replace by: Existing customer" })).toHaveValue(
      "map:老客户",
    );
    await user.click(screen.getByRole("button", { name: "Import 5 rows" }));
    expect(await screen.findByText(/^5 rows added to .+, 0 updated\./)).toBeInTheDocument();
    expect(screen.getByText(/^Values with warnings were written as given/)).toBeInTheDocument();
    const types = (await workbook.readRecords("customers")).map((r) => r.customerType);
    expect(types).toEqual(["新客户", "新客户", "VIP客户", "VIP客户", "老客"]);
    expect((await workbook.readLists()).customerType).not.toContain("VIP客户");
  });
});

describe("import preview: many values outside a list", () => {
  it("offers the first 50 and says the rest are kept as text", async () => {
    const workbook = new MemoryWorkbook({ empty: true, today: TODAY });
    const user = userEvent.setup();
    const view = renderPanel(<ImportPanel workbook={workbook} lang="zh" today={TODAY} />, {
      workbook,
    });
    const rows = Array.from(
      { length: 55 },
      (_, i) => `客户${i}有限公司,类型${i},张${i},138${String(i).padStart(8, "0")},ERP`,
    );
    await user.upload(
      fileInput(view.container),
      csvFile(["客户名称,客户类型,对接人,联系电话,核心需求", ...rows].join("\r\n")),
    );
    const offers = await screen.findByRole("region", { name: "不在下拉列表中的值" });
    expect(within(offers).getAllByRole("combobox")).toHaveLength(50);
    expect(
      within(offers).getByText("仅列出前 50 个值；其余 5 个按原样保留为文本。"),
    ).toBeInTheDocument();
  });
});

describe("data check: doubtful values are warnings", () => {
  it("lists a doubtful phone and a malformed email as warnings, apart from errors", async () => {
    const workbook = new MemoryWorkbook({ empty: true, today: TODAY });
    await workbook.appendRecords("customers", [
      { name: "甲公司", contact: "张三", needs: "ERP", phone: "1380000000", createdDate: TODAY },
      { name: "乙公司", contact: "李四", needs: "ERP", email: "li#yi.cn", createdDate: TODAY },
    ]);
    const user = userEvent.setup();
    renderPanel(<CheckPanel workbook={workbook} lang="zh" today={TODAY} />, { workbook });
    await user.click(screen.getByRole("button", { name: "检查数据" }));
    expect(
      await screen.findByText(
        "其中 2 个是提醒：值可能有误（邮箱、电话、不在下拉列表中的值、不寻常的日期），请核对；其余表格照常计算。",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText("提醒：“1380000000”位数不对：手机号是 11 位")).toBeInTheDocument();
    expect(screen.getByText("提醒：邮箱格式不正确")).toBeInTheDocument();
  });
});

import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CustomerForm } from "../../src/taskpane/components/CustomerForm";
import { FollowUpForm } from "../../src/taskpane/components/FollowUpForm";
import { FeedbackForm } from "../../src/taskpane/components/FeedbackForm";
import { FeedbackStatusForm } from "../../src/taskpane/components/FeedbackStatusForm";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import { MapStore, TODAY, failingWrites, renderPanel } from "./render";

const field = (name: RegExp) => screen.findByRole("textbox", { name });

/**
 * Puts a whole ID into the customer picker in one input event. Typing it key by key re-filters
 * and re-positions Fluent's listbox ten times (14–16 s per test on a loaded 2-core VM); the
 * picker's key-by-key search has its own test ("picks a customer by typing part of the name").
 */
async function pasteInto(user: ReturnType<typeof userEvent.setup>, el: HTMLElement, text: string) {
  await user.click(el);
  await user.paste(text);
}

describe("new customer form", () => {
  it("shows inline messages for invalid input and focuses the first invalid field", async () => {
    const user = userEvent.setup();
    renderPanel(<CustomerForm />);
    await user.type(await field(/邮箱/), "not-an-email");
    await user.type(await field(/联系电话/), "abc");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText("邮箱格式不正确")).toBeInTheDocument();
    expect(screen.getByText("电话号码格式不正确")).toBeInTheDocument();
    expect(screen.getAllByText("必填", { exact: true })).toHaveLength(3);
    await waitFor(() => expect(screen.getByRole("textbox", { name: /客户名称/ })).toHaveFocus());
    expect(screen.getByText(/有 5 处需要修改/)).toBeInTheDocument();
  });

  it("opens the optional section when an invalid field is inside it", async () => {
    const user = userEvent.setup();
    renderPanel(<CustomerForm />);
    await user.type(await field(/客户名称/), "某某公司");
    await user.type(screen.getByRole("textbox", { name: /对接人/ }), "张三");
    await user.type(screen.getByRole("textbox", { name: /核心需求/ }), "CRM");
    const more = screen.getByRole("button", { name: /更多信息/ });
    expect(more).toHaveAttribute("aria-expanded", "false");
    await user.click(more);
    await user.type(screen.getByRole("textbox", { name: /复购率/ }), "150%");
    await user.click(more);
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText(/0–100%/)).toBeInTheDocument();
    expect(more).toHaveAttribute("aria-expanded", "true");
    await waitFor(() => expect(screen.getByRole("textbox", { name: /复购率/ })).toHaveFocus());
  });

  it("writes a valid customer, shows the new ID and clears the draft", async () => {
    const user = userEvent.setup();
    const { workbook, drafts } = renderPanel(<CustomerForm />);
    await user.type(await field(/客户名称/), "新星科技有限公司");
    await user.type(screen.getByRole("textbox", { name: /对接人/ }), "韩梅梅");
    await user.type(screen.getByRole("textbox", { name: /核心需求/ }), "ERP、OA");
    await user.selectOptions(screen.getByRole("combobox", { name: /所属行业/ }), "制造业");
    expect(drafts.map.has("crm.draft.customer")).toBe(true);
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText("已保存客户 C202411001。")).toBeInTheDocument();
    const rows = await workbook.readRecords("customers");
    expect(rows.at(-1)).toMatchObject({
      customerId: "C202411001",
      name: "新星科技有限公司",
      needs: "ERP、OA",
      industry: "制造业",
      createdDate: TODAY,
    });
    expect(drafts.map.has("crm.draft.customer")).toBe(false);
    expect(screen.getByRole("textbox", { name: /客户名称/ })).toHaveValue("");
  });

  it("warns about a duplicate phone with a link to the existing customer's card; saving needs a second click", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const { cards } = renderPanel(<CustomerForm />, { workbook });
    await user.type(await field(/客户名称/), "另一家公司");
    await user.type(screen.getByRole("textbox", { name: /对接人/ }), "张伟");
    await user.type(screen.getByRole("textbox", { name: /联系电话/ }), "138 0013 8000");
    await user.tab();
    expect(await screen.findByText(/可能重复：现有客户 C202405001/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "查看现有客户" }));
    expect(cards).toEqual(["C202405001"]);
    await user.type(screen.getByRole("textbox", { name: /核心需求/ }), "仓储");
    const before = (await workbook.readRecords("customers")).length;
    await user.click(screen.getByRole("button", { name: "仍然保存" }));
    expect(await screen.findByText(/已保存客户 C2024110\d\d/)).toBeInTheDocument();
    expect(await workbook.readRecords("customers")).toHaveLength(before + 1);
  });

  it("keeps the draft and asks to save again when the write fails", async () => {
    const user = userEvent.setup();
    const drafts = new MapStore();
    const inner = new MemoryWorkbook({ today: TODAY, empty: true });
    renderPanel(<CustomerForm />, { workbook: failingWrites(inner), drafts });
    await user.type(await field(/客户名称/), "失败测试公司");
    await user.type(screen.getByRole("textbox", { name: /对接人/ }), "李四");
    await user.type(screen.getByRole("textbox", { name: /核心需求/ }), "CRM");
    await user.click(screen.getByRole("button", { name: "保存" }));
    const alert = await screen.findByText(/保存失败：网络中断。草稿已保留，请再次点击“保存”重试/);
    expect(alert).toBeInTheDocument();
    expect(await inner.readRecords("customers")).toEqual([]);
    expect(drafts.getItem("crm.draft.customer")).toContain("失败测试公司");
    expect(screen.getByRole("textbox", { name: /客户名称/ })).toHaveValue("失败测试公司");
  });

  it("restores a draft left when the pane was closed", async () => {
    const drafts = new MapStore();
    drafts.setItem("crm.draft.customer", JSON.stringify({ v: 1, values: { name: "草稿公司" } }));
    renderPanel(<CustomerForm />, { drafts });
    expect(await field(/客户名称/)).toHaveValue("草稿公司");
    expect(screen.getByText("已恢复上次未保存的草稿。")).toBeInTheDocument();
  });

  it("speaks English", async () => {
    const user = userEvent.setup();
    renderPanel(<CustomerForm />, { lang: "en" });
    await user.click(await screen.findByRole("button", { name: "Save" }));
    expect((await screen.findAllByText("Required", { exact: true })).length).toBe(3);
    expect(screen.getByRole("textbox", { name: /Customer name/ })).toHaveFocus();
  });
});

describe("follow-up form", () => {
  it("requires a customer and a topic", async () => {
    const user = userEvent.setup();
    renderPanel(<FollowUpForm />);
    await user.click(await screen.findByRole("button", { name: "保存" }));
    expect(await screen.findAllByText("必填", { exact: true })).toHaveLength(2);
    await waitFor(() => expect(screen.getByRole("combobox", { name: /客户编号/ })).toHaveFocus());
  });

  it("rejects a customer ID that does not exist and a date in the future", async () => {
    const user = userEvent.setup();
    renderPanel(<FollowUpForm />);
    await pasteInto(user, await screen.findByRole("combobox", { name: /客户编号/ }), "C209901001");
    await user.tab();
    const date = screen.getByLabelText(/维护日期/);
    await user.clear(date);
    await user.type(date, "2030-01-01");
    await user.type(screen.getByRole("textbox", { name: /维护主题/ }), "回访");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText("客户编号“C209901001”不存在")).toBeInTheDocument();
    expect(screen.getByText("日期不能晚于今天")).toBeInTheDocument();
  });

  it("logs a follow-up for a preselected customer and updates the customer's status", async () => {
    const user = userEvent.setup();
    const { workbook } = renderPanel(
      <FollowUpForm request={{ table: "interactions", customerId: "C202405002" }} />,
    );
    await waitFor(async () =>
      expect(await screen.findByRole("combobox", { name: /客户编号/ })).toHaveValue(
        "上海华信贸易有限公司 · C202405002",
      ),
    );
    await user.type(screen.getByRole("textbox", { name: /维护主题/ }), "挽回拜访");
    await user.selectOptions(screen.getByRole("combobox", { name: /客户状态/ }), "稳定合作客户");
    expect(screen.getByRole("checkbox", { name: /同时更新/ })).toBeChecked();
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(
      await screen.findByText(/已保存跟进记录 R202411\d{3}，客户状态已更新为“稳定合作客户”/),
    ).toBeInTheDocument();
    const customer = (await workbook.readRecords("customers")).find(
      (c) => c.customerId === "C202405002",
    );
    expect(customer).toMatchObject({
      status: "稳定合作客户",
      lastContact: TODAY,
      churnFlag: false,
    });
    const logged = (await workbook.readRecords("interactions")).at(-1);
    expect(logged).toMatchObject({ customerId: "C202405002", topic: "挽回拜访" });
  });

  it("picks a customer by typing part of the name", async () => {
    const user = userEvent.setup();
    renderPanel(<FollowUpForm />);
    const picker = await screen.findByRole("combobox", { name: /客户编号/ });
    await user.type(picker, "绿源");
    const listbox = await screen.findByRole("listbox");
    await user.click(within(listbox).getByRole("option", { name: /C202406001/ }));
    expect(picker).toHaveValue("杭州绿源食品有限公司 · C202406001");
  });
});

describe("feedback form", () => {
  it("needs a type and a description; a new entry starts as 待处理", async () => {
    const user = userEvent.setup();
    const { workbook, drafts } = renderPanel(<FeedbackForm />);
    const picker = await screen.findByRole("combobox", { name: /客户编号/ });
    expect(screen.getByRole("combobox", { name: /处理状态/ })).toHaveValue("待处理");
    await pasteInto(user, picker, "C202405001");
    await user.tab();
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findAllByText("必填", { exact: true })).toHaveLength(2);
    await user.selectOptions(screen.getByRole("combobox", { name: /反馈类型/ }), "建议类");
    await user.type(screen.getByRole("textbox", { name: /反馈内容描述/ }), "希望增加导出功能");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText(/已保存反馈 F202411\d{3}/)).toBeInTheDocument();
    const last = (await workbook.readRecords("feedback")).at(-1);
    expect(last).toMatchObject({ customerId: "C202405001", status: "待处理", date: TODAY });
    // A successful write resets the form, drops the draft and offers the written row.
    expect(screen.getByRole("textbox", { name: /反馈内容描述/ })).toHaveValue("");
    expect(drafts.map.has("crm.draft.feedback")).toBe(false);
    expect(screen.getByRole("button", { name: "在表格中查看" })).toBeInTheDocument();
  });

  it("keeps the draft when the write fails", async () => {
    const user = userEvent.setup();
    const drafts = new MapStore();
    renderPanel(<FeedbackForm />, {
      workbook: failingWrites(new MemoryWorkbook({ today: TODAY })),
      drafts,
    });
    await pasteInto(user, await screen.findByRole("combobox", { name: /客户编号/ }), "C202405001");
    await user.tab();
    await user.selectOptions(screen.getByRole("combobox", { name: /反馈类型/ }), "投诉类");
    await user.type(screen.getByRole("textbox", { name: /反馈内容描述/ }), "发票错误");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText(/保存失败：网络中断。草稿已保留/)).toBeInTheDocument();
    expect(drafts.getItem("crm.draft.feedback")).toContain("发票错误");
  });
});

describe("feedback status form", () => {
  it("completes an open feedback entry with today's date and a satisfaction score", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const open = (await workbook.readRecords("feedback")).find((f) => f.status === "处理中");
    const id = String(open?.feedbackId);
    const drafts = new MapStore();
    drafts.setItem(
      "crm.draft.feedbackStatus",
      JSON.stringify({ v: 1, values: { feedbackId: id } }),
    );
    renderPanel(<FeedbackStatusForm />, { workbook, drafts });
    expect(await screen.findByText(new RegExp(`${id} · .* 当前：处理中`))).toBeInTheDocument();
    await user.selectOptions(screen.getByRole("combobox", { name: /处理状态/ }), "已完成");
    expect(screen.getByLabelText(/实际完成时间/)).toHaveValue("2024-11-20");
    await user.type(screen.getByRole("textbox", { name: /满意度评分/ }), "7");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText("不能大于 5")).toBeInTheDocument();
    await user.clear(screen.getByRole("textbox", { name: /满意度评分/ }));
    await user.type(screen.getByRole("textbox", { name: /满意度评分/ }), "4");
    await user.type(screen.getByRole("textbox", { name: /处理结果简述/ }), "已修复");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText(`反馈 ${id} 已更新为“已完成”。`)).toBeInTheDocument();
    const row = (await workbook.readRecords("feedback")).find((f) => f.feedbackId === id);
    expect(row).toMatchObject({
      status: "已完成",
      actualDate: TODAY,
      satisfaction: 4,
      sla: expect.any(String),
    });
  });

  it("requires an entry to be chosen", async () => {
    const user = userEvent.setup();
    renderPanel(<FeedbackStatusForm />);
    await user.click(await screen.findByRole("button", { name: "保存" }));
    expect(await screen.findByText("请选择一条反馈")).toBeInTheDocument();
  });
});

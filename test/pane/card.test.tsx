/**
 * The customer card, the edit mode of the forms and the Settings panel in jsdom, on the
 * in-memory workbook: what the card shows for a customer with every kind of record and for one
 * with none; an edit that writes only its changed field and one that meets a co-author's
 * change; the Settings panel's validation, its re-classification line and its single write.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import CustomerCard from "../../src/taskpane/components/card/CustomerCard";
import SettingsPanel from "../../src/taskpane/components/settings/SettingsPanel";
import { CustomerForm } from "../../src/taskpane/components/CustomerForm";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import { serialFromYmd } from "../../src/domain/values";
import { TODAY, renderPanel } from "./render";

jest.setTimeout(60_000);

describe("customer card", () => {
  it("a customer with follow-ups, feedback and orders: header, counts and one timeline", async () => {
    const { workbook, forms } = renderPanel(<CustomerCard customerId="C202405001" />);
    const card = await screen.findByTestId("customer-card");
    expect(within(card).getByRole("heading", { name: "北京智联科技有限公司" })).toBeInTheDocument();
    expect(card).toHaveTextContent("价值等级 A");
    expect(card).toHaveTextContent("对接人：张伟");
    expect(card).toHaveTextContent(/跟进 \d+ 次 · 反馈 \d+ 条（未结 \d+） · 订单 \d+ 笔/);
    const story = await workbook.readCustomerStory("C202405001");
    const entries = within(screen.getByTestId("card-timeline")).getAllByRole("listitem");
    expect(entries).toHaveLength(
      story.followUps.length + story.feedback.length + story.orders.length,
    );
    // Actions open the forms for this customer.
    await userEvent.setup().click(screen.getByRole("button", { name: "新订单" }));
    expect(forms).toEqual([{ table: "orders", customerId: "C202405001" }]);
  });

  it("a customer with no records: an empty timeline, zero counts", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    await workbook.appendRecords("customers", [
      { name: "新建公司", contact: "王五", needs: "ERP", createdDate: TODAY },
    ]);
    const id = String((await workbook.readRecords("customers")).at(-1)?.customerId);
    renderPanel(<CustomerCard customerId={id} />, { workbook });
    const card = await screen.findByTestId("customer-card");
    expect(card).toHaveTextContent("跟进 0 次 · 反馈 0 条（未结 0） · 订单 0 笔");
    expect(card).toHaveTextContent("近12个月交易额 0.00 元");
    expect(card).toHaveTextContent("还没有跟进、反馈或订单记录。");
  });

  it("an unknown ID says so", async () => {
    renderPanel(<CustomerCard customerId="C209901001" />);
    expect(await screen.findByText(/找不到编号为 C209901001 的客户/)).toBeInTheDocument();
  });
});

describe("editing a customer", () => {
  it("writes only the changed field, read against the row as the form opened", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const update = jest.spyOn(workbook, "updateRecord");
    renderPanel(<CustomerForm request={{ table: "customers", editId: "C202405002" }} />, {
      workbook,
    });
    const phone = await screen.findByRole("textbox", { name: /联系电话/ });
    expect(phone).toHaveValue("021-66668888");
    await user.clear(phone);
    await user.type(phone, "13912345678");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText("已更新 C202405002：联系电话。")).toBeInTheDocument();
    expect(update).toHaveBeenCalledTimes(1);
    expect(update.mock.calls[0]![2]).toEqual({ phone: "13912345678" });
    const row = (await workbook.readRecords("customers")).find(
      (c) => c.customerId === "C202405002",
    );
    expect(row?.phone).toBe("13912345678");
    // Its own phone and name are no duplicate of itself.
    expect(screen.queryByText(/可能重复/)).toBeNull();
  });

  it("a co-author's change since opening is shown; nothing is written until the user chooses", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    renderPanel(<CustomerForm request={{ table: "customers", editId: "C202405002" }} />, {
      workbook,
    });
    const phone = await screen.findByRole("textbox", { name: /联系电话/ });
    // Another user changes the email meanwhile.
    await workbook.updateRecord("customers", "C202405002", { email: "new@huaxin.cn" });
    await user.clear(phone);
    await user.type(phone, "13912345678");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(
      await screen.findByText(
        /打开表单后，其他人修改了此记录的：邮箱。当前值：邮箱 = new@huaxin.cn/,
      ),
    ).toBeInTheDocument();
    const read = async () =>
      (await workbook.readRecords("customers")).find((c) => c.customerId === "C202405002");
    expect((await read())?.phone).toBe("021-66668888");
    await user.click(screen.getByRole("button", { name: "仍保存我的修改" }));
    expect(await screen.findByText("已更新 C202405002：联系电话。")).toBeInTheDocument();
    expect(await read()).toMatchObject({ phone: "13912345678", email: "new@huaxin.cn" });
  });
});

describe("settings panel", () => {
  it("refuses B ≥ A, says what a change re-classifies, and saves the changed cells in one write", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const write = jest.spyOn(workbook, "writeSettings");
    renderPanel(<SettingsPanel />, { workbook });
    const a = await screen.findByRole("textbox", { name: /A类阈值/ });
    const b = screen.getByRole("textbox", { name: /B类阈值/ });
    await user.clear(b);
    await user.type(b, "600000");
    expect(await screen.findByText("B类阈值必须小于A类阈值")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "保存设置" }));
    expect(write).not.toHaveBeenCalled();

    await user.clear(b);
    await user.type(b, "100000");
    await user.clear(a);
    await user.type(a, "2000000");
    expect(screen.getByTestId("settings-impact")).toHaveTextContent(
      /^[1-9]\d* 位客户的价值等级将改变/,
    );
    await user.click(screen.getByRole("button", { name: "保存设置" }));
    expect(await screen.findByText(/设置已保存/)).toBeInTheDocument();
    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith({ abcA: 2000000 });
    expect((await workbook.readSettings()).abcA).toBe(2000000);
  });

  it("a fixed as-of date is written with its flag and stops the daily refresh", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    renderPanel(<SettingsPanel />, { workbook });
    await user.click(await screen.findByRole("radio", { name: /固定日期/ }));
    const date = screen.getByLabelText(/^基准日期/, { selector: "input[type=date]" });
    await user.clear(date);
    await user.type(date, "2024-06-30");
    await user.click(screen.getByRole("button", { name: "保存设置" }));
    expect(await screen.findByText(/设置已保存/)).toBeInTheDocument();
    await workbook.refreshAsOf(TODAY + 10);
    await waitFor(async () =>
      expect(await workbook.readSettings()).toMatchObject({
        asOfFixed: 1,
        asOf: serialFromYmd(2024, 6, 30),
      }),
    );
  });
});

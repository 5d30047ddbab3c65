/** A doubtful phone number is a warning under the field that the customer form saves anyway. */
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CustomerForm } from "../../src/taskpane/components/CustomerForm";
import { renderPanel } from "./render";

jest.setTimeout(30_000);

it("warns about a number without its area code after the field is left, and saves it", async () => {
  const user = userEvent.setup();
  const { workbook } = renderPanel(<CustomerForm />);
  await user.type(await screen.findByRole("textbox", { name: /客户名称/ }), "号码存疑有限公司");
  await user.type(screen.getByRole("textbox", { name: /对接人/ }), "王五");
  const phone = screen.getByRole("textbox", { name: /联系电话/ });
  await user.type(phone, "62345678");
  // Not while typing: a number half typed is not doubtful yet.
  expect(screen.queryByText(/缺少区号/)).toBeNull();
  await user.type(screen.getByRole("textbox", { name: /核心需求/ }), "CRM");
  expect(screen.getByText(/“62345678”缺少区号/)).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "保存" }));
  expect(await screen.findByText(/已保存客户 C\d{9}/)).toBeInTheDocument();
  const rows = await workbook.readRecords("customers");
  expect(rows.at(-1)).toMatchObject({ name: "号码存疑有限公司", phone: "62345678" });
});

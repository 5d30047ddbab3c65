/**
 * A save whose response is lost on the way back (Excel wrote the row or the cells, the pane saw
 * an error): the form keeps the draft, and pressing Save again neither adds the record twice nor
 * calls the form's own change a co-author's.
 */
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FeedbackForm } from "../../src/taskpane/components/FeedbackForm";
import { CustomerForm } from "../../src/taskpane/components/CustomerForm";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import type { CrmWorkbook } from "../../src/domain/port";
import { TODAY, renderPanel } from "./render";

/** The first append and the first update reach the workbook, then fail like a lost response. */
function losingFirstResponse(inner: MemoryWorkbook): CrmWorkbook {
  let appendLost = false;
  let updateLost = false;
  return Object.assign(Object.create(inner) as CrmWorkbook, {
    appendRecords: async (...args: Parameters<CrmWorkbook["appendRecords"]>) => {
      const result = await inner.appendRecords(...args);
      if (appendLost) return result;
      appendLost = true;
      throw new Error("连接已断开");
    },
    updateRecord: async (...args: Parameters<CrmWorkbook["updateRecord"]>) => {
      await inner.updateRecord(...args);
      if (updateLost) return;
      updateLost = true;
      throw new Error("连接已断开");
    },
  });
}

describe("a save whose response was lost", () => {
  it("is written once when the user presses Save again", async () => {
    const user = userEvent.setup();
    const inner = new MemoryWorkbook({ today: TODAY });
    const before = (await inner.readRecords("feedback")).length;
    renderPanel(<FeedbackForm request={{ table: "feedback", customerId: "C202405001" }} />, {
      workbook: losingFirstResponse(inner),
    });
    await user.selectOptions(await screen.findByRole("combobox", { name: /反馈类型/ }), "投诉类");
    await user.type(screen.getByRole("textbox", { name: /反馈内容描述/ }), "发票错误");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText(/保存失败：连接已断开。草稿已保留/)).toBeInTheDocument();
    // The row is there, but the pane could not know: the draft stays for the retry.
    expect(await inner.readRecords("feedback")).toHaveLength(before + 1);
    expect(screen.getByRole("textbox", { name: /反馈内容描述/ })).toHaveValue("发票错误");

    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText(/已保存反馈 F\d{9}/)).toBeInTheDocument();
    const rows = await inner.readRecords("feedback");
    expect(rows).toHaveLength(before + 1);
    expect(rows.filter((r) => r.description === "发票错误")).toHaveLength(1);
  });

  it("an edit saved again is a success, not a co-author's conflict", async () => {
    const user = userEvent.setup();
    const inner = new MemoryWorkbook({ today: TODAY });
    renderPanel(<CustomerForm request={{ table: "customers", editId: "C202405002" }} />, {
      workbook: losingFirstResponse(inner),
    });
    const phone = await screen.findByRole("textbox", { name: /联系电话/ });
    await user.clear(phone);
    await user.type(phone, "13912345678");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText(/保存失败：连接已断开/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(await screen.findByText("已更新 C202405002：联系电话。")).toBeInTheDocument();
    expect(screen.queryByText(/其他人修改了此记录/)).toBeNull();
  });
});

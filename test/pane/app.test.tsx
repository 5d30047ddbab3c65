/**
 * The pane as a whole: an import or a check in progress is not lost when the user looks at
 * another tab and comes back.
 */
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from "node:util";
import { act, render, screen } from "@testing-library/react";
import type { CommandMessage } from "../../src/commands/bridge";
import userEvent from "@testing-library/user-event";
import { App, type AppProps } from "../../src/taskpane/App";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import { MapStore, TODAY } from "./render";

if (!("TextDecoder" in globalThis))
  Object.assign(globalThis, { TextDecoder: NodeTextDecoder as unknown as typeof TextDecoder });

const CSV = [
  "客户名称,所属行业,客户类型,对接人,联系电话,核心需求",
  "标签页测试科技有限公司,制造业,新客户,张三,13800000009,ERP",
].join("\r\n");

function csvFile(text: string): File {
  const bytes = new NodeTextEncoder().encode(text);
  const file = new File([bytes], "客户.csv", { type: "text/csv" });
  Object.defineProperty(file, "arrayBuffer", {
    value: () => Promise.resolve(bytes.buffer.slice(0)),
  });
  return file;
}

/** The whole pane in Chinese on a preview workbook; `props` override the defaults. */
function renderApp(props: Partial<AppProps> = {}) {
  return render(
    <App
      workbook={new MemoryWorkbook({ today: TODAY })}
      initialLang="zh"
      today={TODAY}
      drafts={new MapStore()}
      {...props}
    />,
  );
}

describe("pane tabs", () => {
  it("switch language on Home without reading the workbook status again", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const status = jest.spyOn(workbook, "status");
    renderApp({ workbook, initialTab: "home" });
    await screen.findByRole("heading", { name: "工作簿状态" });
    await user.selectOptions(screen.getByLabelText("语言 / Language"), "en");
    expect(await screen.findByRole("heading", { name: "Workbook status" })).toBeInTheDocument();
    expect(status).toHaveBeenCalledTimes(1);
  });

  it("open the Import panel when the ribbon's Import file asks for it", async () => {
    let send: (message: CommandMessage) => void = () => undefined;
    renderApp({
      subscribeCommands: (handler) => {
        send = handler;
        return () => undefined;
      },
    });
    expect(screen.getByRole("tab", { name: "导入" })).toHaveAttribute("aria-selected", "false");
    act(() => send({ kind: "openTab", tab: "import" }));
    expect(screen.getByRole("tab", { name: "导入" })).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByRole("button", { name: "选择文件…" })).toBeInTheDocument();
  });

  it("keep an import's file, mapping and preview while another tab is shown", async () => {
    const user = userEvent.setup();
    const view = renderApp({ initialTab: "import" });
    const input = await screen.findByLabelText("选择文件…");
    await user.upload(input as HTMLInputElement, csvFile(CSV));
    const summary = "文件共 1 行：新增 1，更新 0，合并 0，跳过 0，有问题 0";
    expect(await screen.findByText(summary)).toBeInTheDocument();

    await user.click(screen.getByRole("tab", { name: "新客户" }));
    // Hidden, not gone: out of sight and out of the accessibility tree.
    expect(screen.queryByText(summary)).not.toBeVisible();
    expect(screen.queryByRole("button", { name: "导入 1 行" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("tab", { name: "导入" }));
    expect(screen.getByText(summary)).toBeVisible();
    expect(screen.getByRole("button", { name: "导入 1 行" })).toBeEnabled();
    view.unmount();
  });
});

import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { WorkLists } from "../../src/taskpane/components/WorkLists";
import { Home } from "../../src/taskpane/components/Home";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import { LAYOUT_VERSION } from "../../src/domain/schema";
import { TODAY, renderPanel } from "./render";

// Fluent in jsdom on two shared CPUs: the default 5 s is too tight for a whole panel.
jest.setTimeout(30_000);

describe("work lists", () => {
  it("shows the four lists with counts; clicking an item selects its row", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const { followUps } = renderPanel(<WorkLists />, { workbook });
    const churn = await screen.findByRole("region", { name: /流失预警客户/ });
    expect(screen.getByRole("region", { name: /已逾期的跟进/ })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: /7 天内需跟进/ })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: /超过计划时间的未完成反馈/ })).toBeInTheDocument();
    const first = within(churn).getAllByRole("button", { name: /C20\d{7}/ })[0];
    if (!first) throw new Error("no churn item");
    await user.click(first);
    expect(workbook.lastSelection?.table).toBe("customers");
    expect(await screen.findByText(/预览模式：在 Excel 中会选中“客户档案”/)).toBeInTheDocument();
    const log = within(churn).getAllByRole("button", { name: /^记录跟进/ })[0];
    if (!log) throw new Error("no log button");
    await user.click(log);
    expect(followUps).toHaveLength(1);
  });
});

describe("home", () => {
  it("shows the tables, layout version and as-of date, and runs set-up", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const setup = jest.spyOn(workbook, "setup");
    renderPanel(<Home />, { workbook });
    expect(await screen.findByText("客户档案：12 行")).toBeInTheDocument();
    expect(screen.getByText(`版式版本：${LAYOUT_VERSION}`)).toBeInTheDocument();
    expect(screen.getByText("基准日期：2024-11-20")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "修复 / 升级" }));
    // Nothing drifted: set-up only fills in what is missing.
    expect(setup).toHaveBeenCalledWith("zh", { repairFormulas: false });
    expect(await screen.findByText(/完成：新建 0 项/)).toBeInTheDocument();
  });

  it("repairs drifted calculated columns when the status reports drift", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const real = await workbook.status();
    jest.spyOn(workbook, "status").mockResolvedValue({
      ...real,
      tables: {
        ...real.tables,
        customers: { ...real.tables.customers, formulaDrift: ["valueClass"] },
      },
    });
    const setup = jest.spyOn(workbook, "setup");
    renderPanel(<Home />, { workbook });
    await user.click(await screen.findByRole("button", { name: "修复 / 升级" }));
    expect(setup).toHaveBeenCalledWith("zh", { repairFormulas: true });
  });
});

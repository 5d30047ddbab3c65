/**
 * The work lists at a team's size: owner on every item, "只看我的" remembered per workbook, search,
 * collapsible groups, pages of rows; closing and rescheduling an action plan with undo; 处理 on
 * late feedback; a follow-up that closes the plan it answers. By role and label, on a
 * MemoryWorkbook seeded with a team-sized sample.
 */
import { act, configure, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { WorkLists } from "../../src/taskpane/components/WorkLists";
import { FollowUpForm } from "../../src/taskpane/components/FollowUpForm";
import { FeedbackStatusForm } from "../../src/taskpane/components/FeedbackStatusForm";
import { PaneContext, type PaneContextValue } from "../../src/taskpane/context";
import { MemoryWorkbook } from "../../src/domain/memoryWorkbook";
import { WORK_PAGE_SIZE } from "../../src/domain/worklists";
import type { CrmRecord } from "../../src/domain/port";
import { MapStore, TODAY } from "./render";

jest.setTimeout(120_000);
// Two CPUs shared with other jobs: Fluent in jsdom can take more than the default second.
configure({ asyncUtilTimeout: 10_000 });

interface Rendered {
  workbook: MemoryWorkbook;
  drafts: MapStore;
  followUps: [string, string | undefined][];
  feedback: string[];
  unmount: () => void;
}

function renderWithPane(
  ui: ReactElement,
  options: { workbook?: MemoryWorkbook; drafts?: MapStore; workbookKey?: string } = {},
): Rendered {
  const workbook = options.workbook ?? new MemoryWorkbook({ today: TODAY });
  const drafts = options.drafts ?? new MapStore();
  const followUps: [string, string | undefined][] = [];
  const feedback: string[] = [];
  const value: PaneContextValue = {
    workbook,
    lang: "zh",
    setLang: () => undefined,
    today: TODAY,
    version: 0,
    changed: () => undefined,
    drafts,
    logFollowUp: (id, plan) => followUps.push([id, plan]),
    handleFeedback: (id) => feedback.push(id),
    workbookKey: options.workbookKey ?? "book-a",
  };
  const { unmount } = render(
    <FluentProvider theme={webLightTheme}>
      <PaneContext.Provider value={value}>{ui}</PaneContext.Provider>
    </FluentProvider>,
  );
  return { workbook, drafts, followUps, feedback, unmount };
}

const region = (name: RegExp) => screen.findByRole("region", { name });
const rows = (section: HTMLElement) => within(section).queryAllByRole("listitem");

async function planRecord(workbook: MemoryWorkbook, id: string): Promise<CrmRecord | undefined> {
  return (await workbook.readRecords("interactions")).find((r) => r.recordId === id);
}

/** The first overdue action plan's item and its record ID. */
async function firstOverduePlan(): Promise<{ item: HTMLElement; id: string }> {
  const overdue = await region(/已逾期的跟进/);
  const close = (await within(overdue).findAllByRole("button", { name: /^关闭行动计划 R/ }))[0];
  if (!close) throw new Error("no overdue plan");
  const id = /R\d+/.exec(close.getAttribute("aria-label") ?? "")?.[0] ?? "";
  const item = close.closest("li");
  if (!item) throw new Error("no item");
  return { item, id };
}

describe("work lists for a team", () => {
  it("renders one page of rows per group whatever the size, with owners and counts", async () => {
    const user = userEvent.setup();
    renderWithPane(<WorkLists />, { workbook: new MemoryWorkbook({ today: TODAY, team: 1_000 }) });
    const overdue = await region(/已逾期的跟进/);
    const total = Number(overdue.getAttribute("data-count"));
    expect(total).toBeGreaterThan(3 * WORK_PAGE_SIZE);
    expect(rows(overdue)).toHaveLength(WORK_PAGE_SIZE);
    // Every item names its owner.
    for (const row of rows(overdue)) expect(row).toHaveTextContent(/负责人：\S+/);
    // No group renders more than a page.
    for (const name of [/7 天内需跟进/, /流失预警客户/, /超过计划时间/]) {
      expect(rows(await region(name)).length).toBeLessThanOrEqual(WORK_PAGE_SIZE);
    }
    const more = within(overdue).getByRole("button", { name: /^再显示 25 项（还有 [\d,]+ 项）$/ });
    await user.click(more);
    expect(rows(overdue)).toHaveLength(2 * WORK_PAGE_SIZE);
  });

  it("collapses and expands a group from its heading", async () => {
    const user = userEvent.setup();
    renderWithPane(<WorkLists />);
    const churn = await region(/流失预警客户/);
    const toggle = within(churn).getByRole("button", { name: /^流失预警客户/, expanded: true });
    expect(rows(churn).length).toBeGreaterThan(0);
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(rows(churn)).toHaveLength(0);
    await user.click(toggle);
    expect(rows(churn).length).toBeGreaterThan(0);
  });

  it("searches every list by customer, ID, plan or owner; counts say shown/total", async () => {
    const user = userEvent.setup();
    renderWithPane(<WorkLists />, { workbook: new MemoryWorkbook({ today: TODAY, team: 1_000 }) });
    const overdue = await region(/已逾期的跟进/);
    const total = Number(overdue.getAttribute("data-count"));
    await user.type(screen.getByRole("searchbox", { name: /搜索待办/ }), "杭州恒远");
    await waitFor(() => expect(Number(overdue.getAttribute("data-count"))).toBeLessThan(total));
    expect(overdue).toHaveAttribute("data-total", String(total));
    for (const row of rows(overdue)) expect(row).toHaveTextContent("杭州恒远");
    expect(within(overdue).getByRole("heading")).toHaveTextContent(
      new RegExp(`${overdue.getAttribute("data-count")}/${total.toLocaleString("zh-CN")}`),
    );
    await user.clear(screen.getByRole("searchbox", { name: /搜索待办/ }));
    await user.type(screen.getByRole("searchbox", { name: /搜索待办/ }), "没有这个客户");
    await waitFor(() => expect(overdue).toHaveAttribute("data-count", "0"));
    expect(within(overdue).getByText("没有符合条件的项")).toBeInTheDocument();
  });

  it("'只看我的' shows one owner's items and is remembered per workbook", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY, team: 1_000 });
    const drafts = new MapStore();
    const first = renderWithPane(<WorkLists />, { workbook, drafts, workbookKey: "book-a" });
    const mine = await screen.findByRole("checkbox", { name: "只看我的" });
    expect(mine).toBeDisabled();
    await user.selectOptions(screen.getByRole("combobox", { name: "我是" }), "王芳");
    expect(screen.getByRole("checkbox", { name: "只看我的（王芳）" })).toBeChecked();
    const overdue = await region(/已逾期的跟进/);
    await waitFor(() =>
      expect(Number(overdue.getAttribute("data-count"))).toBeLessThan(
        Number(overdue.getAttribute("data-total")),
      ),
    );
    for (const row of rows(overdue)) expect(row).toHaveTextContent("负责人：王芳");
    first.unmount();

    // The same workbook again: still 王芳, still filtered.
    const again = renderWithPane(<WorkLists />, { workbook, drafts, workbookKey: "book-a" });
    expect(await screen.findByRole("checkbox", { name: "只看我的（王芳）" })).toBeChecked();
    expect(screen.getByRole("combobox", { name: "我是" })).toHaveValue("王芳");
    again.unmount();

    // Another workbook: nothing chosen there.
    renderWithPane(<WorkLists />, { workbook, drafts, workbookKey: "book-b" });
    expect(await screen.findByRole("checkbox", { name: "只看我的" })).not.toBeChecked();
    expect(screen.getByRole("combobox", { name: "我是" })).toHaveValue("");
  });

  it("closes an action plan from its item, and undo puts the row back", async () => {
    const user = userEvent.setup();
    const { workbook } = renderWithPane(<WorkLists />);
    const { item, id } = await firstOverduePlan();
    expect((await planRecord(workbook, id))?.result ?? null).toBeNull();
    await user.click(within(item).getByRole("button", { name: `关闭行动计划 ${id}` }));
    const editor = await within(item).findByRole("form", { name: `关闭行动计划 ${id}` });
    const result = within(editor).getByRole("textbox", { name: /执行结果/ });
    expect(result).toHaveValue("已完成");
    expect(result).toHaveFocus();
    await user.clear(result);
    await user.click(within(editor).getByRole("button", { name: "确定关闭" }));
    expect(await within(editor).findByText("请填写执行结果")).toBeInTheDocument();
    await user.type(result, "已电话确认");
    await user.click(within(editor).getByRole("button", { name: "确定关闭" }));
    expect(
      await screen.findByText(`已关闭 ${id} 的行动计划（执行结果：已电话确认）。`),
    ).toBeInTheDocument();
    expect((await planRecord(workbook, id))?.result).toBe("已电话确认");
    // Closed: gone from the lists.
    await waitFor(() =>
      expect(screen.queryByRole("button", { name: `关闭行动计划 ${id}` })).not.toBeInTheDocument(),
    );
    await user.click(screen.getByRole("button", { name: "撤销" }));
    expect(await screen.findByText(`已撤销：${id} 已恢复原样。`)).toBeInTheDocument();
    expect((await planRecord(workbook, id))?.result ?? null).toBeNull();
    expect(await screen.findByRole("button", { name: `关闭行动计划 ${id}` })).toBeInTheDocument();
  });

  it("undo leaves a row alone that a co-author changed since", async () => {
    const user = userEvent.setup();
    const { workbook } = renderWithPane(<WorkLists />);
    const { item, id } = await firstOverduePlan();
    await user.click(within(item).getByRole("button", { name: `关闭行动计划 ${id}` }));
    await user.click(await screen.findByRole("button", { name: "确定关闭" }));
    await screen.findByText(`已关闭 ${id} 的行动计划（执行结果：已完成）。`);
    await act(() => workbook.updateRecord("interactions", id, { result: "客户取消" }));
    await user.click(screen.getByRole("button", { name: "撤销" }));
    expect(await screen.findByText(/未撤销：.*已被修改/)).toBeInTheDocument();
    expect((await planRecord(workbook, id))?.result).toBe("客户取消");
  });

  it("reschedules a plan; a date before today asks first", async () => {
    const user = userEvent.setup();
    const { workbook } = renderWithPane(<WorkLists />);
    const { item, id } = await firstOverduePlan();
    await user.click(within(item).getByRole("button", { name: `改期行动计划 ${id}` }));
    const editor = await within(item).findByRole("form", { name: `改期行动计划 ${id}` });
    const date = within(editor).getByLabelText(/新的计划完成时间/);
    await user.clear(date);
    await user.type(date, "2024-11-19");
    await user.click(within(editor).getByRole("button", { name: "保存新日期" }));
    expect(
      await within(editor).findByText(/2024-11-19 早于今天（2024-11-20），计划一保存就会逾期/),
    ).toBeInTheDocument();
    const before = (await planRecord(workbook, id))?.dueDate;
    expect(before).not.toBe(TODAY - 1);
    await user.click(within(editor).getByRole("button", { name: "确定保存" }));
    expect(
      await screen.findByText(`已将 ${id} 的计划完成时间改为 2024-11-19。`),
    ).toBeInTheDocument();
    expect((await planRecord(workbook, id))?.dueDate).toBe(TODAY - 1);
  });

  it("moves a plan to next week without asking; it leaves the overdue list", async () => {
    const user = userEvent.setup();
    const { workbook } = renderWithPane(<WorkLists />);
    const { item, id } = await firstOverduePlan();
    await user.click(within(item).getByRole("button", { name: `改期行动计划 ${id}` }));
    const date = await within(item).findByLabelText(/新的计划完成时间/);
    await user.clear(date);
    await user.type(date, "2024-11-25");
    await user.click(within(item).getByRole("button", { name: "保存新日期" }));
    await screen.findByText(`已将 ${id} 的计划完成时间改为 2024-11-25。`);
    expect((await planRecord(workbook, id))?.dueDate).toBe(TODAY + 5);
    const soon = await region(/7 天内需跟进/);
    expect(
      await within(soon).findByRole("button", { name: `关闭行动计划 ${id}` }),
    ).toBeInTheDocument();
  });

  it("处理 on late feedback opens 反馈处理 with it; 记录跟进 on a plan passes the plan", async () => {
    const user = userEvent.setup();
    const { feedback, followUps } = renderWithPane(<WorkLists />);
    const late = await region(/超过计划时间/);
    const handle = within(late).getAllByRole("button", { name: /^处理反馈 F\d+/ })[0];
    if (!handle) throw new Error("no late feedback");
    await user.click(handle);
    expect(feedback).toEqual([/F\d+/.exec(handle.getAttribute("aria-label") ?? "")?.[0]]);
    const { item, id } = await firstOverduePlan();
    await user.click(within(item).getByRole("button", { name: /^记录跟进/ }));
    expect(followUps).toEqual([[expect.stringMatching(/^C\d+/), id]]);
  });
});

describe("feedback status form opened from a work-list item", () => {
  it("shows the entry at once", async () => {
    const workbook = new MemoryWorkbook({ today: TODAY });
    const open = (await workbook.readRecords("feedback")).find((f) => f.status === "处理中");
    const id = String(open?.feedbackId);
    renderWithPane(<FeedbackStatusForm feedbackId={id} />, { workbook });
    expect(await screen.findByText(new RegExp(`${id} · .* 当前：处理中`))).toBeInTheDocument();
  });
});

describe("follow-up form: closing the plan it answers", () => {
  async function customerWithPlan(workbook: MemoryWorkbook) {
    const rows = await workbook.readRecords("interactions");
    const plan = rows.find((r) => typeof r.dueDate === "number" && !r.result && r.dueDate < TODAY);
    if (!plan) throw new Error("no open plan in the sample");
    return { customerId: String(plan.customerId), planId: String(plan.recordId) };
  }

  it("offers the customer's open plans; the ticked one is closed with the new record's ID", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const { customerId, planId } = await customerWithPlan(workbook);
    renderWithPane(<FollowUpForm customerId={customerId} planId={planId} />, { workbook });
    const group = await screen.findByRole("group", { name: "这次跟进完成了以下行动计划" });
    const box = within(group).getByRole("checkbox", { name: new RegExp(`^${planId}：`) });
    expect(box).toBeChecked();
    await user.type(screen.getByRole("textbox", { name: /维护主题/ }), "电话回访");
    await user.click(screen.getByRole("button", { name: "保存" }));
    const saved = await screen.findByText(/已保存跟进记录 R\d+/);
    const newId = /R\d+/.exec(saved.textContent ?? "")?.[0];
    expect(await screen.findByText(`已关闭行动计划 ${planId}。`)).toBeInTheDocument();
    expect((await planRecord(workbook, planId))?.result).toBe(`已完成（见 ${newId}）`);
  });

  it("an unticked plan stays open", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const { customerId, planId } = await customerWithPlan(workbook);
    renderWithPane(<FollowUpForm customerId={customerId} />, { workbook });
    const group = await screen.findByRole("group", { name: "这次跟进完成了以下行动计划" });
    expect(
      within(group).getByRole("checkbox", { name: new RegExp(`^${planId}：`) }),
    ).not.toBeChecked();
    await user.type(screen.getByRole("textbox", { name: /维护主题/ }), "电话回访");
    await user.click(screen.getByRole("button", { name: "保存" }));
    await screen.findByText(/已保存跟进记录 R\d+/);
    expect((await planRecord(workbook, planId))?.result ?? null).toBeNull();
  });

  it("a 计划完成时间 before today is saved only after the user confirms it", async () => {
    const user = userEvent.setup();
    const workbook = new MemoryWorkbook({ today: TODAY });
    const append = jest.spyOn(workbook, "appendRecords");
    renderWithPane(<FollowUpForm customerId="C202405002" />, { workbook });
    await user.type(await screen.findByRole("textbox", { name: /维护主题/ }), "补记拜访");
    await user.type(screen.getByLabelText(/计划完成时间/), "2024-11-01");
    await user.click(screen.getByRole("button", { name: "保存" }));
    expect(
      await screen.findByText(/计划完成时间 2024-11-01 早于今天（2024-11-20）.*仍要保存吗？/),
    ).toBeInTheDocument();
    expect(append).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "确定保存" }));
    expect(await screen.findByText(/已保存跟进记录 R\d+/)).toBeInTheDocument();
    expect(append).toHaveBeenCalledTimes(1);
  });
});

/**
 * The work lists at a team's size in the built pane (preview mode, `?seed=1000`: a sample of
 * 1,000 more customers with their plans and feedback), at 320 and 800 px, in headless Chromium:
 * the DOM holds one page of rows per group, search and "只看我的" narrow every list, a plan is
 * closed (and the close undone) and rescheduled to a past date (after the confirmation) from
 * its item, and 处理 opens 反馈处理 with the feedback chosen. Everything clicked or read is
 * checked to be visible to a person: inside the viewport, not zero-sized, not transparent, and
 * the element itself at its centre (document.elementFromPoint), not a layer over it.
 *
 * Screenshots go to a temporary folder, or to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 * No assertion depends on today's date: the sample's dates are relative to the pane's today.
 */
import { chromium, type Browser, type Locator } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH, serveStatic, type StaticServer } from "./server";
import { shot } from "./look";

jest.setTimeout(300_000);

const DIST = process.env.E2E_DIST || "dist";
/** Rows per page of a group (WORK_PAGE_SIZE in src/domain/worklists.ts). */
const PAGE = 25;

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveStatic(DIST);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPane(width: number, query: string) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  const external: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(server.url)) external.push(r.url());
  });
  await page.goto(`${server.url}taskpane.html${query}`);
  return { page, external };
}

/**
 * Fails unless a person can see the element: scrolled into view, it has a size, is not hidden
 * or transparent (itself or an ancestor), and the topmost element at its centre is the element
 * or inside it (a page-sized layer over the pane fails here, even where Playwright's click
 * would go through).
 */
async function expectVisible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: "visible" });
  await locator.scrollIntoViewIfNeeded();
  const why = await locator.evaluate((input: Element) => {
    // Fluent draws a checkbox or radio as an indicator under a transparent native input (the
    // input takes the clicks): what a person sees is the control around it.
    const el =
      input.matches("input[type=checkbox], input[type=radio]") &&
      getComputedStyle(input).opacity === "0" &&
      input.parentElement
        ? input.parentElement
        : input;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return `zero-sized (${r.width}×${r.height})`;
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) {
      return `centre (${x}, ${y}) outside the ${window.innerWidth}×${window.innerHeight} viewport`;
    }
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.visibility === "hidden" || s.display === "none") return `hidden (${e.tagName})`;
      if (Number(s.opacity) === 0) return `transparent (${e.tagName}.${String(e.className)})`;
    }
    const top = document.elementFromPoint(x, y);
    if (!top) return "nothing at its centre";
    if (top !== el && !el.contains(top)) {
      const name = (n: Element) =>
        `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ""}.${String(n.className).slice(0, 60)}`;
      return `covered by ${name(top)}`;
    }
    return "";
  });
  expect(`${String(locator)}: ${why}`).toBe(`${String(locator)}: `);
}

async function count(section: Locator, attr = "data-count"): Promise<number> {
  await section.waitFor();
  return Number(await section.getAttribute(attr));
}

async function rows(section: Locator): Promise<number> {
  return section.getByRole("listitem").count();
}

describe.each([320, 800])("work lists of a team of many at %i px", (width) => {
  it("stay one page per group; search, 只看我的, close with undo, reschedule, 处理", async () => {
    const { page, external } = await openPane(width, "?seed=1000");
    const overdue = page.getByTestId("work-overdue");
    const churn = page.getByTestId("work-churn");
    const late = page.getByTestId("work-feedback");

    // Hundreds of items, a page of rows each.
    const overdueTotal = await count(overdue);
    expect(overdueTotal).toBeGreaterThan(300);
    expect(await count(churn)).toBeGreaterThan(300);
    for (const testId of ["work-overdue", "work-due-soon", "work-churn", "work-feedback"]) {
      expect(await rows(page.getByTestId(testId))).toBeLessThanOrEqual(PAGE);
    }
    expect(await page.locator("li").count()).toBeLessThanOrEqual(4 * PAGE);
    const more = overdue.getByRole("button", { name: /^再显示 25 项/ });
    await expectVisible(more);
    await more.click();
    expect(await rows(overdue)).toBe(2 * PAGE);

    // Search with the keyboard, then "I am 王芳, only mine".
    const search = page.getByRole("searchbox", { name: /搜索待办/ });
    await expectVisible(search);
    await search.click();
    await page.keyboard.type("杭州");
    await page.waitForFunction(
      (total) =>
        Number(document.querySelector('[data-testid="work-overdue"]')?.getAttribute("data-count")) <
        total,
      overdueTotal,
    );
    const me = page.getByRole("combobox", { name: "我是" });
    await expectVisible(me);
    await me.selectOption("王芳");
    const mine = page.getByRole("checkbox", { name: "只看我的（王芳）" });
    await expectVisible(mine);
    expect(await mine.isChecked()).toBe(true);
    await page.waitForFunction(() => {
      const items = document.querySelectorAll('[data-testid="work-overdue"] li');
      return (
        items.length > 0 &&
        [...items].every(
          (li) => li.textContent?.includes("负责人：王芳") && li.textContent.includes("杭州"),
        )
      );
    });
    const filtered = await count(overdue);
    expect(filtered).toBeLessThan(overdueTotal);
    expect(await count(overdue, "data-total")).toBe(overdueTotal);
    await expectVisible(overdue.getByRole("heading"));
    expect(await overdue.getByRole("heading").textContent()).toContain(
      `${filtered}/${overdueTotal.toLocaleString("zh-CN")}`,
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, `work-lists-filtered-${width}`);

    // Close the first overdue plan of the filtered list, then undo.
    const close = overdue.getByRole("button", { name: /^关闭行动计划 R/ }).first();
    await expectVisible(close);
    const planId = /R\d+/.exec((await close.getAttribute("aria-label")) ?? "")?.[0] ?? "";
    expect(planId).not.toBe("");
    await close.click();
    const result = page.getByRole("textbox", { name: /执行结果/ });
    await expectVisible(result);
    expect(await result.inputValue()).toBe("已完成");
    const confirm = page.getByRole("button", { name: "确定关闭" });
    await expectVisible(confirm);
    await confirm.click();
    const closed = page.getByText(`已关闭 ${planId} 的行动计划（执行结果：已完成）。`);
    await expectVisible(closed);
    await shot(page, `work-lists-plan-closed-${width}`);
    await page.waitForFunction(
      (id) => !document.querySelector(`[aria-label="关闭行动计划 ${id}"]`),
      planId,
    );
    const undo = page.getByRole("button", { name: "撤销" });
    await expectVisible(undo);
    await undo.click();
    await expectVisible(page.getByText(`已撤销：${planId} 已恢复原样。`));
    const back = page.getByRole("button", { name: `关闭行动计划 ${planId}` });
    await back.waitFor();

    // Reschedule the same plan to yesterday: asked first.
    const reschedule = page.getByRole("button", { name: `改期行动计划 ${planId}` });
    await expectVisible(reschedule);
    await reschedule.click();
    const due = page.getByLabel(/新的计划完成时间/);
    await expectVisible(due);
    const yesterday = await page.evaluate(() => {
      const d = new Date();
      d.setDate(d.getDate() - 1);
      const p = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
    });
    await due.fill(yesterday);
    await page.getByRole("button", { name: "保存新日期" }).click();
    const ask = page.getByText(new RegExp(`${yesterday} 早于今天`));
    await expectVisible(ask);
    const yes = page.getByRole("button", { name: "确定保存" });
    await expectVisible(yes);
    await shot(page, `work-lists-past-date-${width}`);
    await yes.click();
    await expectVisible(page.getByText(`已将 ${planId} 的计划完成时间改为 ${yesterday}。`));

    // 处理 on a late feedback opens 反馈处理 with it.
    await search.fill("");
    const handle = late.getByRole("button", { name: /^处理反馈 F/ }).first();
    await expectVisible(handle);
    const feedbackId = /F\d+/.exec((await handle.getAttribute("aria-label")) ?? "")?.[0] ?? "";
    await handle.click();
    const picker = page.getByRole("combobox", { name: /待处理的反馈/ });
    await expectVisible(picker);
    await page.waitForFunction(
      (id) =>
        [...document.querySelectorAll<HTMLInputElement>("input[role=combobox]")].some((i) =>
          i.value.startsWith(id),
        ),
      feedbackId,
    );
    await expectVisible(page.getByText(new RegExp(`${feedbackId} · .*当前`)));

    expect(external).toEqual([]);
    await page.context().close();
  });
});

/**
 * The built task pane in preview mode (opened outside Office: Office.onReady reports no host),
 * driven in headless Chromium through playwright-core at the 320 px width of a narrow task pane
 * and at 800 px: add a customer with invalid then valid input, log a follow-up for it, record
 * feedback, update its status, and see the work lists change. Each form is filled once with the
 * keyboard alone. After every step that opens, types into or closes a popover, and for every save
 * button and message, the test asks the page whether a person could see it (look.ts); the picker's
 * open screenshot is compared with its closed one, so a blank or covered pane fails.
 *
 * Screenshots of every state are kept in the run dir (E2E_SHOTS or the system temp dir); with
 * UPDATE_SCREENSHOTS=1 (`npm run screenshots`) they go to docs/screenshots/ instead, so a test run
 * leaves the work tree as it was.
 *
 * Serves `E2E_DIST` or dist/ (npm test builds it first) on 127.0.0.1; the page may make no
 * request anywhere else (customer data never leaves the workbook).
 */
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH, serveStatic, type StaticServer } from "./server";
import { LAYOUT_VERSION } from "../../src/domain/schema";
import { compareShots, expectClosed, expectVisible, shot, tabTo } from "./look";

jest.setTimeout(180_000);

const DIST = process.env.E2E_DIST || "dist";
const FIXTURES = join(__dirname, "..", "fixtures", "import");

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

/**
 * The tests' calendar: fixed dates, never the machine's. `YYYY-MM-DD` plus whole days, computed in
 * UTC so the runner's time zone cannot shift a date.
 */
function addDays(ymd: string, days: number): string {
  const [y, m, d] = ymd.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The `YYYYMM` an auto ID carries for a record dated `ymd`. */
const yyyymm = (ymd: string) => ymd.slice(0, 7).replace("-", "");

/** The fixed today of the tests that do not care which day it is. */
const TODAY = "2026-06-15";

/**
 * Opens the pane on a fixed today: `?today=` (honoured only in preview mode) and Playwright's
 * clock at the same date, so nothing in the page can read the runner's date, in a fixed time zone.
 */
async function openPane(
  width: number,
  query = "",
  today = TODAY,
): Promise<{ page: Page; external: string[] }> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  const page = await context.newPage();
  // A step that waits for something a person cannot see fails in seconds, not at the suite's end.
  page.setDefaultTimeout(15_000);
  await page.clock.setFixedTime(new Date(`${today}T09:30:00+08:00`));
  const external: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(server.url)) external.push(r.url());
  });
  const sep = query ? "&" : "?";
  await page.goto(`${server.url}taskpane.html${query}${sep}today=${today}`);
  return { page, external };
}

async function count(page: Page, testId: string): Promise<number> {
  const section = page.getByTestId(testId);
  await section.waitFor();
  return Number(await section.getAttribute("data-count"));
}

/**
 * The form controls whose right edge passes the right edge of the pane's content (<main> less
 * its padding; <main> clips what overflows, so nothing scrolls and the cut is only seen), by
 * their accessible name.
 */
async function controlsPastEdge(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const main = document.querySelector("main")!;
    const edge =
      main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight) + 0.5;
    return [...document.querySelectorAll("input, select, textarea, button")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > edge;
      })
      .map((el) => el.getAttribute("aria-label") || (el as HTMLInputElement).name || el.id);
  });
}

async function noHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  );
}

/** The tab row is one row: every visible tab and the "more" button share one line. */
async function tabsOnOneRow(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const items = [...document.querySelectorAll<HTMLElement>("[role=tab], [data-testid=tab-more]")]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0);
    return items.length > 0 && items.every((r) => Math.abs(r.top - items[0]!.top) < 2);
  });
}

/**
 * Counts with their unit ("逾期 894 天", "已 12 天未沟通") that a narrow pane broke over two lines
 * in the work lists: each match's text range must lie on one line.
 */
async function brokenCounts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      for (const m of text.matchAll(/(?:逾\u2060?期|已)\s*\d+\s*天|\d+\s*天\u2060?后/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
    return broken;
  });
}

/**
 * Opens a panel as a person would: its tab when on the row, else through the "more" menu,
 * checking that the menu and its item are visible and that the menu closes.
 */
async function openTab(page: Page, name: string, shotName?: string): Promise<void> {
  const tab = page.getByRole("tab", { name, exact: true });
  if (!(await tab.isVisible())) {
    const more = page.getByTestId("tab-more");
    await expectVisible(more, "the tab row's more button", false);
    await more.click();
    const item = page.getByRole("menuitem", { name, exact: true });
    await expectVisible(item, `the menu item ${name}`, false);
    if (shotName) await shot(page, shotName);
    await item.click();
    await expectClosed(page, "the tab menu");
  } else {
    await tab.click();
  }
  await expectVisible(tab, `the tab ${name}`, false);
  expect(await tab.getAttribute("aria-selected")).toBe("true");
  expect(await tabsOnOneRow(page)).toBe(true);
}

/** The bounding box of several elements together (the region a popover may change). */
async function union(...locators: Locator[]) {
  const boxes = (await Promise.all(locators.map((l) => l.boundingBox()))).filter(
    (b): b is NonNullable<typeof b> => b !== null,
  );
  // 16 px around: the popover's shadow and the picker's focus outline.
  const x = Math.floor(Math.min(...boxes.map((b) => b.x))) - 16;
  const y = Math.floor(Math.min(...boxes.map((b) => b.y))) - 16;
  const right = Math.ceil(Math.max(...boxes.map((b) => b.x + b.width))) + 16;
  const bottom = Math.ceil(Math.max(...boxes.map((b) => b.y + b.height))) + 16;
  return { x, y, width: right - x, height: bottom - y };
}

/** Focus is on the form's outcome message (or inside it), which a person can see. */
async function expectOutcomeFocused(page: Page, text: RegExp): Promise<void> {
  const message = page.getByTestId("form-outcome").getByText(text);
  await expectVisible(message, `the message ${text}`, false);
  const focused = await page.evaluate(
    () => document.activeElement?.closest("[data-testid=form-outcome]") !== null,
  );
  expect(focused).toBe(true);
}

/**
 * The order a date input takes typed digits in: the renderer's own locale (Debian's Chromium
 * ships only en-US, so month/day/year whatever the page's or the context's language), found by
 * typing into a throwaway input once.
 */
async function dateOrder(page: Page): Promise<"ymd" | "mdy"> {
  await page.evaluate(() => {
    const probe = document.createElement("input");
    probe.type = "date";
    probe.id = "date-order-probe";
    document.body.append(probe);
  });
  await page.focus("#date-order-probe");
  await page.keyboard.type("2001/02/03");
  const value = await page.evaluate(() => {
    const probe = document.getElementById("date-order-probe") as HTMLInputElement;
    probe.remove();
    return probe.value;
  });
  return value === "2001-02-03" ? "ymd" : "mdy";
}

/** Types `YYYY-MM-DD` into the focused date input, in the order it takes digits. */
async function typeDate(page: Page, ymd: string, order: "ymd" | "mdy"): Promise<void> {
  const [y, m, d] = ymd.split("-") as [string, string, string];
  // A separator moves to the next part (the year part would take up to six digits).
  await page.keyboard.type(order === "ymd" ? `${y}/${m}/${d}` : `${m}/${d}/${y}`);
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(ymd);
}

/**
 * Picks a record in a focused picker with the keyboard: types `query`, checks the list and the
 * option are visible and that the open list changed the pane only around the picker (a blank or
 * covered pane fails), then ArrowDown + Enter, and checks the list closed.
 */
async function pickWithKeyboard(
  page: Page,
  picker: Locator,
  query: string,
  option: RegExp,
  shotName: string,
): Promise<void> {
  const closed = await shot(page, `${shotName}-closed`);
  await page.keyboard.type(query);
  const listbox = page.getByRole("listbox");
  const item = listbox.getByRole("option", { name: option });
  await expectVisible(item, `the option ${option}`, false);
  await expectVisible(picker, "the picker while its list is open", false);
  expect(await picker.getAttribute("aria-expanded")).toBe("true");
  const open = await shot(page, `${shotName}-open`);
  const diff = await compareShots(browser, closed, open, await union(listbox, picker));
  // The list shows (it changes a good part of the pane) and the pane around it is as it was.
  expect(diff.changed).toBeGreaterThan(0.01);
  expect(diff.inkChangedOutside).toBeLessThan(0.02);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expectClosed(page, `the picker after choosing ${option}`);
  await expectVisible(picker, "the picker after choosing", false);
}

// The flow runs on the 1st of a month (the feedback dated five days back falls in the previous
// month) and on 31 December (the follow-up's plan falls in the next year): the IDs carry the month
// of their record's date, whatever day the tests run on.
describe.each([
  [320, "2027-03-01"],
  [800, "2026-12-31"],
])("task pane in preview mode at %i px on %s", (width, today) => {
  it("adds a customer (invalid, then valid), logs a follow-up and feedback, updates it; the work lists change", async () => {
    const { page, external } = await openPane(width, "", today);
    await page.getByTestId("preview-banner").waitFor();
    expect(await page.getByTestId("preview-banner").textContent()).toContain("预览模式");

    const dueBefore = await count(page, "work-due-soon");
    const lateFeedbackBefore = await count(page, "work-feedback");
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(await tabsOnOneRow(page)).toBe(true);
    expect(await brokenCounts(page)).toEqual([]);
    await shot(page, `work-lists-start-${width}`);
    const order = await dateOrder(page);

    // New customer: invalid input first (with the mouse).
    await openTab(page, "新客户");
    const name = page.getByRole("textbox", { name: /客户名称/ });
    await name.waitFor();
    await page.getByRole("textbox", { name: /邮箱/ }).fill("not-an-email");
    const save = page.getByRole("button", { name: "保存", exact: true });
    await expectVisible(save, "the customer form's save button");
    await save.click();
    await expectVisible(page.getByText("邮箱格式不正确"), "the email message");
    // 客户名称, 对接人, 核心需求.
    expect(await page.getByText("必填", { exact: true }).count()).toBe(3);
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "name");
    expect(await noHorizontalScroll(page)).toBe(true);
    await shot(page, `customer-invalid-${width}`);

    // Then valid input, with the keyboard alone (the focus is on 客户名称): the ID is allocated at
    // write time.
    const customerName = `测试新客户${width}有限公司`;
    await page.keyboard.type(customerName);
    await tabTo(page, /对接人/);
    await page.keyboard.type("李雷");
    await tabTo(page, /联系电话/);
    await page.keyboard.type(`1360000${String(width).padStart(4, "0")}`);
    await tabTo(page, /邮箱/);
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type(`lilei${width}@example.cn`);
    await tabTo(page, /核心需求/);
    await page.keyboard.type("ERP升级、数据迁移");
    await tabTo(page, /^\s*保存\s*$/);
    await expectVisible(save, "the customer form's save button");
    await page.keyboard.press("Enter");
    await expectOutcomeFocused(page, /已保存客户 C\d{9}/);
    const saved = page.getByText(/已保存客户 C\d{9}/);
    const customerId = /C\d{9}/.exec((await saved.textContent()) ?? "")?.[0] ?? "";
    expect(customerId.startsWith(`C${yyyymm(today)}`)).toBe(true);
    await shot(page, `customer-saved-${width}`);

    // Log a follow-up for it with the keyboard alone, the customer picked by name; its action is
    // due in two days.
    await openTab(page, "记录跟进", `tab-menu-open-${width}`);
    const picker = page.getByRole("combobox", { name: /客户编号/ });
    await picker.waitFor();
    // The form's default date is the pane's today: the fixed date, not the runner's.
    expect(await page.getByLabel(/维护日期/).inputValue()).toBe(today);
    await tabTo(page, /客户编号/);
    await pickWithKeyboard(
      page,
      picker,
      customerName.slice(0, 7),
      new RegExp(customerId),
      `picker-${width}`,
    );
    // The whole ID is readable under the picker, however narrow the input.
    await expectVisible(
      page.getByText(`已选：${customerName} · ${customerId}`),
      "the chosen customer's ID",
    );
    await shot(page, `picker-chosen-${width}`);
    await tabTo(page, /维护主题/);
    await page.keyboard.type("首次拜访");
    await tabTo(page, /下一步行动计划/);
    await page.keyboard.type("发送ERP方案");
    await tabTo(page, /计划完成时间/);
    await typeDate(page, addDays(today, 2), order);
    await tabTo(page, /客户状态/);
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("combobox", { name: /客户状态/ }).inputValue()).toBe("高意向客户");
    await tabTo(page, /^\s*保存\s*$/);
    await expectVisible(save, "the follow-up form's save button");
    await page.keyboard.press("Enter");
    await expectOutcomeFocused(
      page,
      new RegExp(`已保存跟进记录 R${yyyymm(today)}\\d{3}，客户状态已更新为“高意向客户”`),
    );
    await shot(page, `follow-up-saved-${width}`);

    // Record feedback for it with the keyboard alone, planned for yesterday and still open: past
    // its plan.
    await openTab(page, "记录反馈");
    const fbPicker = page.getByRole("combobox", { name: /客户编号/ });
    await fbPicker.waitFor();
    await tabTo(page, /客户编号/);
    await pickWithKeyboard(
      page,
      fbPicker,
      customerId,
      new RegExp(customerId),
      `feedback-picker-${width}`,
    );
    const feedbackDate = addDays(today, -5);
    await tabTo(page, /反馈日期/);
    await typeDate(page, feedbackDate, order);
    await tabTo(page, /反馈类型/);
    // (不选) → 建议类 → 投诉类
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("combobox", { name: /反馈类型/ }).inputValue()).toBe("投诉类");
    await tabTo(page, /反馈内容描述/);
    await page.keyboard.type("交付延迟两天");
    await tabTo(page, /计划完成时间/);
    await typeDate(page, addDays(today, -1), order);
    await tabTo(page, /^\s*保存\s*$/);
    await expectVisible(save, "the feedback form's save button");
    await page.keyboard.press("Enter");
    const feedbackSaved = new RegExp(`已保存反馈 F${yyyymm(feedbackDate)}\\d{3}`);
    await expectOutcomeFocused(page, feedbackSaved);
    const feedbackId =
      /F\d{9}/.exec((await page.getByText(feedbackSaved).textContent()) ?? "")?.[0] ?? "";
    await shot(page, `feedback-saved-${width}`);

    // Its status: 待处理 → 处理中, with the keyboard alone.
    await openTab(page, "反馈处理");
    const statusPicker = page.getByRole("combobox", { name: /待处理的反馈/ });
    await statusPicker.waitFor();
    await tabTo(page, /待处理的反馈/);
    await pickWithKeyboard(
      page,
      statusPicker,
      feedbackId,
      new RegExp(feedbackId),
      `feedback-status-picker-${width}`,
    );
    await tabTo(page, /处理状态/);
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("combobox", { name: /处理状态/ }).inputValue()).toBe("处理中");
    await tabTo(page, /^\s*保存\s*$/);
    await page.keyboard.press("Enter");
    await expectOutcomeFocused(page, new RegExp(`反馈 ${feedbackId} 已更新为“处理中”`));
    await shot(page, `feedback-status-saved-${width}`);

    // The work lists now show the follow-up action and the late feedback.
    await openTab(page, "待办");
    expect(await count(page, "work-due-soon")).toBe(dueBefore + 1);
    expect(await count(page, "work-feedback")).toBe(lateFeedbackBefore + 1);
    const item = page
      .getByTestId("work-feedback")
      .getByRole("button", { name: new RegExp(customerName) });
    await expectVisible(item, "the late feedback's work item");
    await item.click();
    await expectVisible(
      page.getByText(/预览模式：在 Excel 中会选中“客户反馈”/),
      "the selection message",
    );
    expect(await noHorizontalScroll(page)).toBe(true);
    await shot(page, `work-lists-${width}`, true);

    expect(external).toEqual([]);
    await page.context().close();
  });
});

describe("import in the browser", () => {
  it.each(["customers.xlsx", "customers-gb18030.csv"])(
    "imports the seed template %s: preview, then the accepted rows are written",
    async (file) => {
      const { page, external } = await openPane(320, "?tab=import");
      await chooseFile(page, "选择文件…", join(FIXTURES, file));
      // The file is read (the reader loads on demand for .xlsx), analysed in slices, previewed.
      const summary = page.getByText(/^文件共 \d+ 行：新增 \d+/);
      await summary.waitFor();
      const added = Number(/新增 (\d+)/.exec((await summary.textContent()) ?? "")?.[1]);
      expect(added).toBeGreaterThan(0);
      expect(await noHorizontalScroll(page)).toBe(true);
      const importButton = page.getByRole("button", { name: /^导入 \d+ 行$/ });
      await expectVisible(importButton, "the import button");
      await importButton.click();
      await expectVisible(
        page.getByText(new RegExp(`^已在客户档案中新增 ${added} 行`)),
        "the import's outcome",
      );
      // What was not written stays on screen with the file's name until a new file is chosen.
      const result = page.getByRole("region", { name: `上次导入：${file}` });
      await expectVisible(result.getByText(/^上次导入/), "the kept import result");
      if (file.endsWith(".xlsx")) await shot(page, "import-result-320", true);
      expect(external).toEqual([]);
      await page.context().close();
    },
  );
});

/** Chooses a file as a person does: the pane's button, then the browser's file chooser. */
async function chooseFile(page: Page, button: string, path: string): Promise<void> {
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: button }).click();
  await (await chooser).setFiles(path);
}

describe("import pane: the file picker and the wrong-table hint", () => {
  it.each([
    [320, "zh"],
    [800, "zh"],
    [320, "en"],
    [800, "en"],
  ] as const)("at %i px in %s", async (width, lang) => {
    const zh = lang === "zh";
    const { page, external } = await openPane(width, `?tab=import&lang=${lang}`);
    const button = zh ? "选择文件…" : "Choose a file…";
    await expectVisible(page.getByRole("button", { name: button }), "the file button");
    // The pane's words, not the browser's "Choose File / No file chosen".
    await expectVisible(
      page.getByText(
        zh
          ? "未选择文件。也可以把文件拖到这里。"
          : "No file chosen. You can also drop a file here.",
      ),
      "the picker's state",
    );
    expect(await page.getByText("No file chosen", { exact: true }).count()).toBe(0);
    await shot(page, `import-picker-${lang}-${width}`);

    // A follow-up log, imported into the customer table by mistake: one message, one button.
    await chooseFile(page, button, join(FIXTURES, "followups.xlsx"));
    await page.getByText(zh ? /^文件共 \d+ 行/ : /^\d+ file rows/).waitFor();
    await page
      .getByRole("combobox", { name: zh ? "导入到" : "Import into" })
      .selectOption("customers");
    const switchTo = page.getByRole("button", {
      name: zh ? "改为导入到“维护记录”" : "Import into Follow-ups instead",
    });
    await expectVisible(switchTo, "the switch button");
    expect(await noHorizontalScroll(page)).toBe(true);
    await shot(page, `import-wrong-table-${lang}-${width}`);
    await switchTo.click();
    await switchTo.waitFor({ state: "detached" });
    await shot(page, `import-switched-${lang}-${width}`, true);
    expect(external).toEqual([]);
    await page.context().close();
  });
});

describe("import preview: problems that block and problems that warn", () => {
  /** A customer file with one blocked row, warnings and two values outside their list. */
  const CSV = [
    "客户名称,所属行业,客户类型,对接人,联系电话,邮箱,核心需求",
    "甲科技有限公司,制造业,新客户,张三,13800000001,a@jia.cn,ERP",
    "乙科技有限公司,制造业,新客户,李四,13800000002,li#yi.cn,ERP",
    "丙科技有限公司,制造业,VIP客户,王五,13800000003,c@bing.cn,ERP",
    "丁科技有限公司,制造业,VIP客户,赵六,1380000000,d@ding.cn,ERP",
    // The industry list's English labels are the longest options a select can hold.
    "戊科技有限公司,互联网,老客,钱七,13800000005,e@wu.cn,ERP",
    "己科技有限公司,制造业,新客户,,13800000006,f@ji.cn,ERP",
  ].join("\r\n");

  it.each([
    [320, "zh"],
    [800, "zh"],
    [320, "en"],
    [800, "en"],
  ] as const)(
    "at %i px (%s): counts, lists and the off-list offer fit the pane",
    async (width, lang) => {
      const { page, external } = await openPane(
        width,
        lang === "en" ? "?tab=import&lang=en" : "?tab=import",
      );
      const chooser = page.waitForEvent("filechooser");
      await page
        .getByRole("button", { name: lang === "en" ? "Choose a file…" : "选择文件…" })
        .click();
      await (
        await chooser
      ).setFiles({
        name: "客户.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(`\uFEFF${CSV}`, "utf8"),
      });
      const warnings = page.getByText(lang === "en" ? /^Warnings: 4 rows/ : /^警告：4 行/);
      await expectVisible(warnings, "the warning count");
      await expectVisible(
        page.getByText(lang === "en" ? /^Blocking problems: 1 row/ : /^阻止导入的问题：1 行/),
        "the blocking count",
      );
      const offers = page.getByRole("region", {
        name: lang === "en" ? "Values outside their lists" : "不在下拉列表中的值",
      });
      await expectVisible(offers.getByRole("combobox").first(), "the first off-list choice");
      expect(await noHorizontalScroll(page)).toBe(true);
      // No control runs past the content edge (which <main> would clip without a scroll bar).
      expect(await controlsPastEdge(page)).toEqual([]);
      await shot(page, `import-problems-${lang === "en" ? "en-" : ""}${width}`, true);
      expect(external).toEqual([]);
      await page.context().close();
    },
  );
});

describe("task pane language and home", () => {
  it("shows the English UI with ?lang=en and the workbook status on Home", async () => {
    const { page, external } = await openPane(320, "?lang=en");
    // Work lists in English: counts with their plural, items kept on one line.
    await expectVisible(page.getByRole("heading", { name: /Overdue follow-ups/ }), "a work list");
    expect(await page.getByText(/\b1 days\b/).count()).toBe(0);
    await shot(page, "work-lists-en-320");
    await openTab(page, "Home");
    await page.getByRole("heading", { name: "Workbook status" }).waitFor();
    expect(await page.getByRole("tab", { name: "New customer", includeHidden: true }).count()).toBe(
      1,
    );
    expect(await page.getByText(`Layout version: ${LAYOUT_VERSION}`).count()).toBe(1);
    // List items read in English; the value written to the cell stays the canonical Chinese one.
    await openTab(page, "New customer");
    const industry = page.getByRole("combobox", { name: /Industry/ });
    await industry.selectOption({ label: "Manufacturing" });
    expect(await industry.inputValue()).toBe("制造业");
    // English list labels are long ("Production and supply of electricity, heat, gas and
    // water"): no control may run past the pane's content edge, which a page without a
    // horizontal scroll bar does not prove.
    expect(await controlsPastEdge(page)).toEqual([]);
    await openTab(page, "Follow-up");
    await page.getByRole("button", { name: "Save" }).waitFor();
    expect(await controlsPastEdge(page)).toEqual([]);
    await page.context().close();

    const zh = await openPane(320, "?tab=home");
    await zh.page.getByRole("heading", { name: "工作簿状态" }).waitFor();
    await shot(zh.page, "home-320", true);
    await zh.page.context().close();
    expect([...external, ...zh.external]).toEqual([]);
  });
});

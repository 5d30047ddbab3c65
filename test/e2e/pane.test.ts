/**
 * The built task pane in preview mode (opened outside Office: Office.onReady reports no host),
 * driven in headless Chromium through playwright-core: add a customer with invalid then valid
 * input, log a follow-up for it, record feedback, and see the work lists change; at the 320 px
 * width of a narrow task pane and at 800 px. Screenshots (zh-CN) are taken on every run; they go
 * to docs/screenshots/ only with UPDATE_SCREENSHOTS=1 (`npm run screenshots`), so a test run
 * leaves the work tree as it was.
 *
 * Serves `E2E_DIST` or dist/ (npm test builds it first) on 127.0.0.1; the page may make no
 * request anywhere else (customer data never leaves the workbook).
 */
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH, serveStatic, type StaticServer } from "./server";
import { LAYOUT_VERSION } from "../../src/domain/schema";

jest.setTimeout(180_000);

const DIST = process.env.E2E_DIST || "dist";
const FIXTURES = join(__dirname, "..", "fixtures", "import");
const SHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(__dirname, "..", "..", "docs", "screenshots")
  : join(tmpdir(), "crm-e2e-screenshots");

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveStatic(DIST);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
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

async function noHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  );
}

// The flow runs on the 1st of a month (the feedback dated five days back falls in the previous
// month) and on 31 December (the follow-up's plan falls in the next year): the IDs carry the month
// of their record's date, whatever day the tests run on.
describe.each([
  [320, "2027-03-01"],
  [800, "2026-12-31"],
])("task pane in preview mode at %i px on %s", (width, today) => {
  it("adds a customer (invalid, then valid), logs a follow-up and feedback; the work lists change", async () => {
    const { page, external } = await openPane(width, "", today);
    await page.getByTestId("preview-banner").waitFor();
    expect(await page.getByTestId("preview-banner").textContent()).toContain("预览模式");

    const dueBefore = await count(page, "work-due-soon");
    const lateFeedbackBefore = await count(page, "work-feedback");
    expect(await noHorizontalScroll(page)).toBe(true);

    // New customer: invalid input first.
    await page.getByRole("tab", { name: "新客户" }).click();
    const name = page.getByRole("textbox", { name: /客户名称/ });
    await name.waitFor();
    await page.getByRole("textbox", { name: /邮箱/ }).fill("not-an-email");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByText("邮箱格式不正确").waitFor();
    // 客户名称, 对接人, 核心需求.
    expect(await page.getByText("必填", { exact: true }).count()).toBe(3);
    await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "name");
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: join(SHOTS, `customer-invalid-${width}.png`), fullPage: false });

    // Then valid input: the ID is allocated at write time.
    const customerName = `测试新客户${width}有限公司`;
    await name.fill(customerName);
    await page.getByRole("textbox", { name: /对接人/ }).fill("李雷");
    await page.getByRole("textbox", { name: /联系电话/ }).fill(`1360000${width}1`);
    await page.getByRole("textbox", { name: /邮箱/ }).fill(`lilei${width}@example.cn`);
    await page.getByRole("textbox", { name: /核心需求/ }).fill("ERP升级、数据迁移");
    await page.getByRole("combobox", { name: /所属行业/ }).selectOption("制造业");
    await page.getByRole("button", { name: "保存" }).click();
    const saved = page.getByText(/已保存客户 C\d{9}/);
    await saved.waitFor();
    const customerId = /C\d{9}/.exec((await saved.textContent()) ?? "")?.[0] ?? "";
    expect(customerId.startsWith(`C${yyyymm(today)}`)).toBe(true);
    await page.screenshot({ path: join(SHOTS, `customer-saved-${width}.png`), fullPage: true });

    // Log a follow-up for it, picked by name in the combobox; its action is due in two days.
    await page.getByRole("tab", { name: "记录跟进" }).click();
    const picker = page.getByRole("combobox", { name: /客户编号/ });
    await picker.waitFor();
    // The form's default date is the pane's today: the fixed date, not the runner's.
    expect(await page.getByLabel(/维护日期/).inputValue()).toBe(today);
    await picker.click();
    await picker.pressSequentially(customerName.slice(0, 7));
    await page.getByRole("option", { name: new RegExp(customerId) }).click();
    await page.getByRole("textbox", { name: /维护主题/ }).fill("首次拜访");
    await page.getByRole("textbox", { name: /下一步行动计划/ }).fill("发送ERP方案");
    await page.getByLabel(/计划完成时间/).fill(addDays(today, 2));
    await page.getByRole("combobox", { name: /客户状态/ }).selectOption("高意向客户");
    await page.getByRole("button", { name: "保存" }).click();
    await page
      .getByText(new RegExp(`已保存跟进记录 R${yyyymm(today)}\\d{3}，客户状态已更新为“高意向客户”`))
      .waitFor();
    await page.screenshot({ path: join(SHOTS, `follow-up-saved-${width}.png`), fullPage: true });

    // Record feedback for it, planned for yesterday and still open: past its plan.
    await page.getByRole("tab", { name: "记录反馈" }).click();
    const fbPicker = page.getByRole("combobox", { name: /客户编号/ });
    await fbPicker.waitFor();
    await fbPicker.click();
    await fbPicker.pressSequentially(customerId);
    await page.getByRole("option", { name: new RegExp(customerId) }).click();
    const feedbackDate = addDays(today, -5);
    await page.getByLabel(/反馈日期/).fill(feedbackDate);
    await page.getByRole("combobox", { name: /反馈类型/ }).selectOption("投诉类");
    await page.getByRole("textbox", { name: /反馈内容描述/ }).fill("交付延迟两天");
    await page.getByLabel(/计划完成时间/).fill(addDays(today, -1));
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByText(new RegExp(`已保存反馈 F${yyyymm(feedbackDate)}\\d{3}`)).waitFor();
    await page.screenshot({ path: join(SHOTS, `feedback-saved-${width}.png`), fullPage: true });

    // The work lists now show the follow-up action and the late feedback.
    await page.getByRole("tab", { name: "待办" }).click();
    expect(await count(page, "work-due-soon")).toBe(dueBefore + 1);
    expect(await count(page, "work-feedback")).toBe(lateFeedbackBefore + 1);
    const item = page
      .getByTestId("work-feedback")
      .getByRole("button", { name: new RegExp(customerName) });
    await item.click();
    await page.getByText(/预览模式：在 Excel 中会选中“客户反馈”/).waitFor();
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: join(SHOTS, `work-lists-${width}.png`), fullPage: true });

    expect(external).toEqual([]);
    await page.context().close();
  });
});

describe("import in the browser", () => {
  it.each(["customers.xlsx", "customers-gb18030.csv"])(
    "imports the seed template %s: preview, then the accepted rows are written",
    async (file) => {
      const { page, external } = await openPane(320, "?tab=import");
      await page.getByLabel("选择文件").setInputFiles(join(FIXTURES, file));
      // The file is read (exceljs loads on demand for .xlsx), analysed in slices, previewed.
      const summary = page.getByText(/^共 \d+ 行：新增 \d+/);
      await summary.waitFor();
      const added = Number(/新增 (\d+)/.exec((await summary.textContent()) ?? "")?.[1]);
      expect(added).toBeGreaterThan(0);
      expect(await noHorizontalScroll(page)).toBe(true);
      await page.getByRole("button", { name: /^导入 \d+ 行$/ }).click();
      await page.getByText(new RegExp(`^已新增 ${added} 行`)).waitFor();
      expect(external).toEqual([]);
      await page.context().close();
    },
  );
});

describe("task pane language and home", () => {
  it("shows the English UI with ?lang=en and the workbook status on Home", async () => {
    const { page, external } = await openPane(320, "?lang=en&tab=home");
    await page.getByRole("heading", { name: "Workbook status" }).waitFor();
    expect(await page.getByRole("tab", { name: "New customer" }).count()).toBe(1);
    expect(await page.getByText(`Layout version: ${LAYOUT_VERSION}`).count()).toBe(1);
    await page.context().close();

    const zh = await openPane(320, "?tab=home");
    await zh.page.getByRole("heading", { name: "工作簿状态" }).waitFor();
    await zh.page.screenshot({ path: join(SHOTS, "home-320.png"), fullPage: true });
    await zh.page.context().close();
    expect([...external, ...zh.external]).toEqual([]);
  });
});

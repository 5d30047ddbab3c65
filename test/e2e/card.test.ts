/**
 * The customer card in the built pane (preview mode, headless Chromium) at 320 and 800 px: opened
 * from the search box at the top, from a work-list item and from the new-customer form's
 * duplicate warning; a phone number edited in the customer form shows in the card's header, and
 * a follow-up logged from the card tops its timeline. Every click is checked first to land on
 * what a person sees (document.elementFromPoint at the element's centre), not only on what
 * Playwright can reach through an overlay.
 *
 * Screenshots go to docs/screenshots/ only with UPDATE_SCREENSHOTS=1 (`npm run screenshots`).
 */
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH, serveStatic, type StaticServer } from "./server";
import { shot } from "./look";

jest.setTimeout(240_000);

const DIST = process.env.E2E_DIST || "dist";

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

async function openPane(width: number): Promise<{ page: Page; external: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  const external: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(server.url)) external.push(r.url());
  });
  // A fixed day (the preview honours ?today): the card's dates and screenshots do not move.
  await page.goto(`${server.url}taskpane.html?today=2027-03-01`);
  await page.getByTestId("preview-banner").waitFor();
  return { page, external };
}

/**
 * Clicks `target` after checking that the topmost element at its centre is the target or inside
 * it: a transparent or white layer over the pane fails here, as it would fail a person.
 */
async function clickVisible(target: Locator): Promise<void> {
  await target.waitFor();
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error("not rendered");
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const onTop = await target.evaluate((el, p) => {
    const hit = document.elementFromPoint(p.x, p.y);
    return hit !== null && (hit === el || el.contains(hit));
  }, centre);
  expect(onTop).toBe(true);
  await target.click();
}

async function noHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  );
}

/** Opens a card through the search box (typing an ID, as the combobox opens on key presses). */
async function searchCard(page: Page, text: string, option: RegExp): Promise<void> {
  const search = page.getByRole("combobox", { name: /查找客户/ });
  await clickVisible(search);
  await search.fill("");
  await search.pressSequentially(text);
  await clickVisible(page.getByRole("option", { name: option }));
}

const card = (page: Page) => page.getByTestId("customer-card");

/** Opens a panel by its tab, through the tab row's overflow menu when it is not shown (320 px). */
async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole("tab", { name, exact: true });
  if (await tab.isVisible()) {
    await clickVisible(tab);
    return;
  }
  await clickVisible(page.getByTestId("tab-more"));
  await clickVisible(page.getByRole("menuitem", { name, exact: true }));
}

describe.each([320, 800])("customer card at %i px", (width) => {
  it("opens from the search box, shows the customer's story; an edited phone and a new follow-up show in it", async () => {
    const { page, external } = await openPane(width);
    await searchCard(page, "C202405001", /北京智联科技有限公司 · C202405001/);
    await card(page).getByRole("heading", { name: "北京智联科技有限公司" }).waitFor();
    // The card names the customer; the search box is empty for the next search, not left
    // holding a cut "北京智联科技有限公司 · C20240500…" at 320 px.
    expect(await page.getByRole("combobox", { name: /查找客户/ }).inputValue()).toBe("");
    const header = (await card(page).locator("header").textContent()) ?? "";
    expect(header).toContain("C202405001");
    expect(header).toMatch(/价值等级 [ABC]/);
    expect(header).toContain("负责人：李娜");
    expect(header).toContain("对接人：张伟");
    expect(header).toMatch(/下次跟进 \d{4}-\d{2}-\d{2}/);
    expect(header).toMatch(/近12个月交易额 [\d,]+\.\d{2} 元/);
    const entries = card(page).getByTestId("card-timeline").getByRole("listitem");
    expect(await entries.count()).toBeGreaterThan(0);
    expect(await noHorizontalScroll(page)).toBe(true);
    // The pointer off the pane: no hover highlight where the search option was clicked.
    await page.mouse.move(width - 1, 899);
    await shot(page, `customer-card-${width}`, true);

    // An entry selects its row (preview mode says which one it would select).
    await clickVisible(entries.first().getByRole("button").first());
    await page.getByText(/预览模式：在 Excel 中会选中/).waitFor();

    // Edit the phone number in the customer form, pre-filled from the row.
    await clickVisible(card(page).getByRole("button", { name: "编辑", exact: true }));
    const phone = page.getByRole("textbox", { name: /联系电话/ });
    await phone.waitFor();
    expect(await phone.inputValue()).toBe("010-88886666/13800138000");
    expect(await page.getByRole("textbox", { name: /客户名称/ }).inputValue()).toBe(
      "北京智联科技有限公司",
    );
    await phone.fill(`139111${String(width).padStart(5, "0")}`);
    await clickVisible(page.getByRole("button", { name: "保存" }));
    await page.getByText("已更新 C202405001：联系电话。").waitFor();
    if (width === 320) {
      await shot(page, "customer-edit-320", true);
    }
    await clickVisible(page.getByRole("button", { name: "返回客户卡片" }));
    await clickVisible(card(page).getByRole("button", { name: /复制联系电话/ }));
    expect(await card(page).getByTestId("card-phone").textContent()).toBe(
      `139111${String(width).padStart(5, "0")}`,
    );

    // Log a follow-up from the card: the form opens for this customer; the card's timeline
    // then starts with it.
    await clickVisible(card(page).getByRole("button", { name: "记录跟进", exact: true }));
    const picker = page.getByRole("combobox", { name: /客户编号/ });
    await picker.waitFor();
    await page.waitForFunction(
      () =>
        (document.querySelector("input[role=combobox][name=customerId]") as HTMLInputElement | null)
          ?.value === "北京智联科技有限公司 · C202405001",
    );
    await page.getByRole("textbox", { name: /维护主题/ }).fill(`卡片回访${width}`);
    await clickVisible(page.getByRole("button", { name: "保存" }));
    await page.getByText(/已保存跟进记录 R\d{9}/).waitFor();
    await searchCard(page, "C202405001", /北京智联科技有限公司 · C202405001/);
    await card(page).getByRole("heading", { name: "北京智联科技有限公司" }).waitFor();
    await page.waitForFunction(
      (topic) =>
        document.querySelector("[data-testid=card-timeline] li")?.textContent?.includes(topic),
      `卡片回访${width}`,
    );

    expect(external).toEqual([]);
    await page.context().close();
  });

  it("opens from a work-list item and from the duplicate warning's 查看现有客户", async () => {
    const { page, external } = await openPane(width);
    const churn = page.getByTestId("work-churn");
    await churn.waitFor();
    const open = churn.getByRole("button", { name: /查看客户卡片/ }).first();
    const id = /C\d{9}/.exec((await open.getAttribute("aria-label")) ?? "")?.[0] ?? "";
    expect(id).not.toBe("");
    await clickVisible(open);
    await card(page).getByText(id, { exact: true }).waitFor();
    expect(await noHorizontalScroll(page)).toBe(true);

    await openTab(page, "新客户");
    await page.getByRole("textbox", { name: /客户名称/ }).fill("另一家测试公司");
    await page.getByRole("textbox", { name: /联系电话/ }).fill("13800138000");
    await page.getByRole("textbox", { name: /对接人/ }).click();
    await page.getByText(/可能重复：现有客户 C202405001/).waitFor();
    await clickVisible(page.getByRole("button", { name: "查看现有客户" }));
    await card(page).getByRole("heading", { name: "北京智联科技有限公司" }).waitFor();

    // Settings: a B threshold above A is refused where it is typed.
    await openTab(page, "设置");
    const b = page.getByRole("textbox", { name: /B类阈值/ });
    await b.fill("900000");
    await page.getByText("B类阈值必须小于A类阈值").waitFor();
    await b.fill("100000");
    await page.getByRole("textbox", { name: /A类阈值/ }).fill("1000000");
    await page.getByText(/位客户的价值等级将改变/).waitFor();
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.mouse.move(width - 1, 899);
    await shot(page, `settings-${width}`, true);

    expect(external).toEqual([]);
    await page.context().close();
  });
});

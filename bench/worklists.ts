/**
 * Work-list figures (SPEC §7): how the lists behave at a team's size, at 1,000 and 10,000
 * customers of the preview's team sample (`?seed=N`; well over 1,000 and 10,000 items).
 *
 * - Domain, in Node: the lists computed from the records (the work of every re-read), a search
 *   and an owner filter over all items.
 * - Pane, in headless Chromium against the built pane (preview mode): opening the 待办 tab until
 *   its first rows are painted (reading the records, computing the lists, rendering), a search
 *   typed into the box, "只看我的", "show more", each from the user's event to the next frame
 *   after the DOM changed, with the DOM's size. Median of 3 page loads.
 *
 * Printed, never asserted: the tests assert what must not vary (rows rendered per group).
 */
import { chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH, serveStatic } from "../test/e2e/server";
import { MemoryWorkbook } from "../src/domain/memoryWorkbook";
import {
  WORK_LIST_KEYS,
  computeWorkLists,
  filterWorkLists,
  ownersOf,
} from "../src/domain/worklists";
import { todaySerial } from "../src/domain/values";

export const WORK_LIST_SIZES = process.env.WORK_LIST_SIZES
  ? process.env.WORK_LIST_SIZES.split(",").map(Number)
  : [1_000, 10_000];
const LOADS = 3;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

export interface DomainFigures {
  customers: number;
  items: number;
  overdue: number;
  churn: number;
  compute: number;
  search: number;
  owner: number;
}

export async function benchWorkListsDomain(customers: number): Promise<DomainFigures> {
  const today = todaySerial();
  const workbook = new MemoryWorkbook({ today, team: customers });
  const records = {
    customers: await workbook.readRecords("customers"),
    interactions: await workbook.readRecords("interactions"),
    feedback: await workbook.readRecords("feedback"),
  };
  const settings = await workbook.readSettings();
  const time = (fn: (run: number) => void) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      fn(i);
      runs.push(performance.now() - t0);
    }
    return median(runs);
  };
  const copies = Array.from({ length: 5 }, () => computeWorkLists(records, settings, today));
  const compute = time(() => computeWorkLists(records, settings, today));
  // Fresh lists each run: an item's search text is kept once folded, so the first keystroke
  // after a re-read is the one that pays for folding; that is the one measured.
  const search = time((i) => filterWorkLists(copies[i]!, { owner: null, query: "杭州" }));
  const lists = copies[0]!;
  const owner = time(() =>
    filterWorkLists(lists, { owner: ownersOf(lists)[0]?.owner ?? "", query: "" }),
  );
  return {
    customers,
    items: WORK_LIST_KEYS.reduce((s, k) => s + lists[k].length, 0),
    overdue: lists.overdue.length,
    churn: lists.churn.length,
    compute,
    search,
    owner,
  };
}

export interface PaneFigures {
  customers: number;
  open: number;
  search: number;
  mine: number;
  more: number;
  rows: number;
  elements: number;
}

/** What the DOM shows once the action is done, tested on the overdue group. */
type Done = { rowsAbove: number } | { countNot: string };

/**
 * Resolves with the ms from the next `event` on the document to the frame after `done` holds.
 * Clicks are timed from pointerdown: a tab switches on focus, before its click event.
 */
async function armTimer(page: Page, event: string, done: Done): Promise<void> {
  await page.evaluate(
    // Runs in the page: no named functions (tsx wraps them in a helper the page lacks) and the
    // page's own globals (hence no import of Node's performance in this file).
    ([eventName, until]) => {
      const w = window as unknown as { __timing: Promise<number> };
      w.__timing = new Promise<number>((resolve) => {
        let t0 = 0;
        document.addEventListener(eventName, () => (t0 = performance.now()), {
          capture: true,
          once: true,
        });
        const obs = new MutationObserver(() => {
          const group = document.querySelector('[data-testid="work-overdue"]');
          if (!t0 || !group) return;
          const done =
            "rowsAbove" in until
              ? group.querySelectorAll("li").length > until.rowsAbove
              : group.getAttribute("data-count") !== until.countNot;
          if (!done) return;
          obs.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        });
        obs.observe(document.body, { attributes: true, childList: true, subtree: true });
      });
    },
    [event, done] as const,
  );
}

/** The armed timer's figure; fails after 60 s instead of waiting for ever. */
const readTimer = (page: Page, what: string) =>
  page.evaluate(
    ([label]) =>
      Promise.race([
        (window as unknown as { __timing: Promise<number> }).__timing,
        new Promise<number>((_, reject) =>
          setTimeout(() => reject(new Error(`${label}: no change within 60 s`)), 60_000),
        ),
      ]),
    [what] as const,
  );

async function onePaneLoad(page: Page, url: string, customers: number) {
  await page.goto(`${url}taskpane.html?seed=${customers}&tab=home`);
  await page.getByRole("tab", { name: "待办" }).waitFor();
  await armTimer(page, "pointerdown", { rowsAbove: 0 });
  await page.getByRole("tab", { name: "待办" }).click();
  const open = await readTimer(page, "open");

  const before = (await page.getByTestId("work-overdue").getAttribute("data-count")) ?? "";
  await armTimer(page, "input", { countNot: before });
  await page.getByRole("searchbox", { name: /搜索待办/ }).fill("杭州");
  const search = await readTimer(page, "search");

  await page.getByRole("searchbox", { name: /搜索待办/ }).fill("");
  await page.waitForFunction(
    (b) => document.querySelector('[data-testid="work-overdue"]')?.getAttribute("data-count") === b,
    before,
  );
  await armTimer(page, "change", { countNot: before });
  await page.getByRole("combobox", { name: "我是" }).selectOption({ index: 1 });
  const mine = await readTimer(page, "mine");

  const rowsBefore = await page.getByTestId("work-overdue").locator("li").count();
  await armTimer(page, "pointerdown", { rowsAbove: rowsBefore });
  await page
    .getByTestId("work-overdue")
    .getByRole("button", { name: /^再显示/ })
    .click();
  const more = await readTimer(page, "more");

  const rows = await page.locator("li").count();
  const elements = await page.evaluate(() => document.getElementsByTagName("*").length);
  return { open, search, mine, more, rows, elements };
}

export async function benchWorkListsPane(dist = "dist"): Promise<PaneFigures[]> {
  const server = await serveStatic(dist);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const out: PaneFigures[] = [];
  try {
    for (const customers of WORK_LIST_SIZES) {
      const runs: Awaited<ReturnType<typeof onePaneLoad>>[] = [];
      for (let i = 0; i < LOADS; i++) {
        const context = await browser.newContext({
          viewport: { width: 320, height: 900 },
          locale: "zh-CN",
        });
        runs.push(await onePaneLoad(await context.newPage(), server.url, customers));
        await context.close();
      }
      const med = (k: "open" | "search" | "mine" | "more") => median(runs.map((r) => r[k]));
      out.push({
        customers,
        open: med("open"),
        search: med("search"),
        mine: med("mine"),
        more: med("more"),
        rows: runs[0]?.rows ?? 0,
        elements: runs[0]?.elements ?? 0,
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

export async function benchWorkLists(dist = process.env.BENCH_DIST || "dist"): Promise<void> {
  console.log("\n## Work lists at a team's size (preview team sample)");
  console.log(
    "| customers | items (overdue / churn) | compute lists | search 杭州 | owner filter |\n" +
      "|---:|---:|---:|---:|---:|",
  );
  for (const n of WORK_LIST_SIZES) {
    const d = await benchWorkListsDomain(n);
    console.log(
      `| ${d.customers.toLocaleString("en")} | ${d.items.toLocaleString("en")} ` +
        `(${d.overdue.toLocaleString("en")} / ${d.churn.toLocaleString("en")}) | ` +
        `${ms(d.compute)} | ${ms(d.search)} | ${ms(d.owner)} |`,
    );
  }
  console.log(
    `\nIn headless Chromium, 320 px, built pane, median of ${LOADS} loads (event → next frame):\n` +
      "| customers | open 待办 tab | search typed | 只看我的 | show 25 more | rows in DOM | elements in DOM |\n" +
      "|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const p of await benchWorkListsPane(dist)) {
    console.log(
      `| ${p.customers.toLocaleString("en")} | ${ms(p.open)} | ${ms(p.search)} | ${ms(p.mine)} | ` +
        `${ms(p.more)} | ${p.rows} | ${p.elements.toLocaleString("en")} |`,
    );
  }
}

if (process.argv[1]?.endsWith("worklists.ts")) void benchWorkLists();

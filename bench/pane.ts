/**
 * Task pane figures (SPEC §7): gzip size of the JavaScript taskpane.html loads at start (the three
 * entries taskpane.js, functions.js and commands.js; office.js is Microsoft's and excluded; the
 * chunks loaded on demand are listed apart), and the time from navigation to an interactive form
 * in headless Chromium, preview mode, median of 5 fresh page loads.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH, serveStatic } from "../test/e2e/server";

export const START_ENTRIES = ["taskpane.js", "functions.js", "commands.js"];
/** The budget for the start JavaScript, gzip. */
export const START_BUDGET = 120 * 1024;

export interface PaneFigures {
  start: { file: string; gzip: number }[];
  startTotal: number;
  onDemandTotal: number;
  /** ms from navigation start to the new-customer form being interactive, each run. */
  runs: number[];
  median: number;
}

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

export function startSizes(dist = "dist") {
  const start = START_ENTRIES.map((file) => ({ file, gzip: gz(join(dist, file)) }));
  let chunks: string[] = [];
  try {
    chunks = readdirSync(join(dist, "chunks")).filter((f) => f.endsWith(".js"));
  } catch {
    chunks = [];
  }
  return {
    start,
    startTotal: start.reduce((s, f) => s + f.gzip, 0),
    onDemandTotal: chunks.reduce((s, f) => s + gz(join(dist, "chunks", f)), 0),
  };
}

/**
 * Navigation start → the 客户名称 input of the new-customer form is rendered, enabled and its
 * data loaded, as the page's own clock reports it (performance.now() is relative to navigation).
 */
export async function timeToInteractiveForm(dist = "dist", runs = 5): Promise<number[]> {
  const server = await serveStatic(dist);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.url}taskpane.html?tab=customer`, { waitUntil: "commit" });
      const handle = await page.waitForFunction(
        () => {
          const input = document.querySelector<HTMLInputElement>('input[name="name"]');
          return input && !input.disabled ? performance.now() : false;
        },
        undefined,
        { polling: "raf", timeout: 30_000 },
      );
      times.push(Number(await handle.jsonValue()));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return times;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export async function benchPane(dist = process.env.BENCH_DIST || "dist"): Promise<PaneFigures> {
  const sizes = startSizes(dist);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log("\n## Task pane");
  console.log("| start JavaScript (gzip) | size |\n|---|---:|");
  for (const s of sizes.start) console.log(`| ${s.file} | ${kb(s.gzip)} |`);
  console.log(
    `| **total** (budget ${kb(START_BUDGET)}) | **${kb(sizes.startTotal)}** |\n` +
      `| chunks loaded on demand (forms, Home, workbook adapters), all together | ${kb(sizes.onDemandTotal)} |`,
  );
  const runs = await timeToInteractiveForm(dist);
  const med = median(runs);
  console.log(
    `\nTime to an interactive new-customer form (headless Chromium, preview mode, 5 loads): ` +
      `median ${med.toFixed(0)} ms (runs: ${runs.map((r) => r.toFixed(0)).join(", ")} ms)`,
  );
  return { ...sizes, runs, median: med };
}

if (process.argv[1]?.endsWith("pane.ts")) void benchPane();

/**
 * The import bench in headless Chromium: the add-in's pane runs the pipeline in a browser
 * engine (Edge WebView2 on Windows, the user's browser for Excel on the web), not in Node, and
 * the two V8 builds differ where this workload is sensitive: Chromium compresses pointers
 * (4-byte object fields), Node does not, so the objects the analysis keeps — a record, a row
 * and its keys per file row — are about half the size in the browser, and collecting them
 * costs less. Both figures are printed; neither is the other's substitute.
 *
 * Method: the measured steps (bench/importSteps.ts) bundled for the browser, one fresh
 * Chromium per run (a fresh renderer and heap), the file fetched from a local server before the
 * clock starts, raw and pipeline runs taking turns; peak memory is the renderer process's
 * VmHWM (Linux /proc), which includes the page's own baseline (the "idle" figure).
 */
import { buildSync } from "esbuild";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH, serveStatic } from "../test/e2e/server";
import type { StepMode, StepTime } from "./importSteps";

export interface PageResult extends StepTime {
  /** Peak resident memory of the page's renderer process, MB (undefined off Linux). */
  peakMb?: number;
}

/** Writes the page, its script (the steps bundled as an IIFE) and returns the page's name. */
function writePage(dir: string): string {
  buildSync({
    stdin: {
      contents: [
        'import { timeStep } from "./importSteps";',
        "(globalThis as any).timeStep = timeStep;",
      ].join("\n"),
      resolveDir: __dirname,
      loader: "ts",
      sourcefile: "import-page-entry.ts",
    },
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "chrome110",
    minify: true,
    outfile: join(dir, "import-page.js"),
    logLevel: "error",
  });
  writeFileSync(
    join(dir, "import-page.html"),
    '<!doctype html><meta charset="utf-8"><script src="import-page.js"></script>',
  );
  return "import-page.html";
}

/** Processes whose parent chain reaches `root` (Linux /proc; empty elsewhere). */
function descendants(root: number): number[] {
  let parents: Map<number, number>;
  try {
    parents = new Map(
      readdirSync("/proc")
        .filter((d) => /^\d+$/.test(d))
        .flatMap((d) => {
          try {
            // The command name may hold spaces and parentheses; the fields follow its last ")".
            const stat = readFileSync(`/proc/${d}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            return [[Number(d), ppid] as const];
          } catch {
            return [];
          }
        }),
    );
  } catch {
    return [];
  }
  const below = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p))
      if (p === root) return true;
    return false;
  };
  return [...parents.keys()].filter(below);
}

/**
 * The largest VmHWM among the renderer processes below this one, MB: playwright-core starts
 * Chromium as a child of this process, and one browser runs at a time.
 */
function rendererPeakMb(): number | undefined {
  let peak: number | undefined;
  for (const pid of descendants(process.pid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=renderer")) continue;
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      if (kb) peak = Math.max(peak ?? 0, Number(kb) / 1024);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return peak;
}

/**
 * Runs each mode `runs` times, taking turns, each in a fresh Chromium. `dir` must hold the CSV
 * as `csvName`; the page and its script are written there too.
 */
export async function measureInChromium(
  dir: string,
  csvName: string,
  modes: readonly StepMode[],
  runs: number,
): Promise<Record<StepMode, PageResult[]>> {
  const page = writePage(dir);
  const server = await serveStatic(dir);
  const results = { raw: [], pipeline: [], idle: [] } as Record<StepMode, PageResult[]>;
  try {
    for (let i = 0; i < runs; i++) {
      for (const mode of modes) {
        const browser = await chromium.launch({
          executablePath: CHROMIUM_PATH,
          args: CHROMIUM_ARGS,
        });
        try {
          const tab = await browser.newPage();
          await tab.goto(`${server.url}${page}`);
          const step = await tab.evaluate(
            async ([m, file]) => {
              const bytes = new Uint8Array(await (await fetch(file)).arrayBuffer());
              // Let the fetch's own work settle before the clock starts.
              await new Promise((resolve) => setTimeout(resolve, 100));
              const run = (
                globalThis as unknown as { timeStep: (m: string, b: Uint8Array) => unknown }
              ).timeStep;
              return run(m, bytes) as StepTime;
            },
            [mode, csvName] as const,
          );
          results[mode].push({ ...step, peakMb: rendererPeakMb() });
        } finally {
          await browser.close();
        }
      }
    }
  } finally {
    await server.close();
  }
  return results;
}

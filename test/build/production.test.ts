/**
 * The folder an admin deploys: `npm run build` with ADDIN_PROD_URL, built once into a temporary
 * folder (dist/ stays the test build that the other tests read). It loads office.js from
 * Microsoft's CDN and copies none of it, its manifest points at the URL and passes Microsoft's
 * schemas and the cross-reference checks, and its Content-Security-Policy lets the pane render in
 * headless Chromium: the test serves the folder as https://crm.example.com/ and the CDN's
 * office.js from node_modules through Playwright routes, so nothing reaches the network.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, relative } from "node:path";
import { chromium, type Browser, type Route } from "playwright-core";
import {
  checkManifest,
  manifestFacts,
  parseManifest,
  schemaProblems,
} from "../../scripts/manifest-check";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/server";

jest.setTimeout(900_000);

const projectDir = join(__dirname, "..", "..");
const PROD_URL = "https://crm.example.com/";
const CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/";
const officeJsDir = join(projectDir, "node_modules", "@microsoft", "office-js", "dist");
const webpackCli = join(projectDir, "node_modules", "webpack-cli", "bin", "cli.js");

function build(env: NodeJS.ProcessEnv, outDir: string) {
  const result = spawnSync(
    process.execPath,
    [webpackCli, "--mode", "production", "--output-path", outDir],
    { cwd: projectDir, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

function files(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) visit(full);
      else out.push(relative(dir, full).split("\\").join("/"));
    }
  };
  visit(dir);
  return out.sort();
}

function envWithout(name: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env[name];
  return env;
}

let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "crm-prod-"));
  const result = build({ ...envWithout("ADDIN_SUPPORT_URL"), ADDIN_PROD_URL: PROD_URL }, out);
  if (result.status !== 0) throw new Error(`production build failed:\n${result.output}`);
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("npm run build (production)", () => {
  it.each([
    ["unset", undefined, /ADDIN_PROD_URL is not set/],
    ["http", "http://crm.example.com/", /ADDIN_PROD_URL must be https/],
    ["not a URL", "crm.example.com", /ADDIN_PROD_URL is not a URL/],
  ])("stops with a clear message when ADDIN_PROD_URL is %s", (_label, value, message) => {
    const env = envWithout("ADDIN_PROD_URL");
    if (value !== undefined) env.ADDIN_PROD_URL = value;
    const dir = mkdtempSync(join(tmpdir(), "crm-noprod-"));
    try {
      const result = build(env, dir);
      expect(result.status).toBe(1);
      expect(result.output).toMatch(message);
      expect(result.output).toContain("ADDIN_PROD_URL=https://crm.example.com/ npm run build");
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("copies no office.js: the page loads it from Microsoft's CDN", () => {
    const emitted = files(out);
    expect(emitted.filter((f) => /office-js|office[._-][\w.-]*\.js$|office\.js/i.test(f))).toEqual(
      [],
    );
    const html = readFileSync(join(out, "taskpane.html"), "utf8");
    expect(html).toContain(`<script src=${CDN}office.js></script>`);
    expect(html).not.toContain("assets/office-js");
  });

  it("points every URL of the manifest at ADDIN_PROD_URL and passes Microsoft's schemas and the cross-reference checks", async () => {
    const xml = readFileSync(join(out, "manifest.xml"), "utf8");
    expect(xml).not.toContain("localhost");
    const facts = manifestFacts(parseManifest(xml));
    expect(facts.urls.length).toBeGreaterThan(5);
    for (const url of facts.urls) expect(url.startsWith(PROD_URL)).toBe(true);
    expect(xml).toContain(`<SupportUrl DefaultValue="${PROD_URL}support.html" />`);
    expect(await schemaProblems(xml, projectDir)).toEqual([]);
    expect(
      checkManifest(xml, { projectDir, origin: PROD_URL, emitted: new Set(files(out)) }),
    ).toEqual([]);
  });

  it("leaves no trace of the development origin in any emitted file", () => {
    for (const file of files(out).filter((f) => /\.(html|js|json|xml)$/.test(f))) {
      expect([file, readFileSync(join(out, file), "utf8").includes("localhost:3000")]).toEqual([
        file,
        false,
      ]);
    }
  });

  it("gives taskpane.html a Content-Security-Policy allowing only the add-in's origin and the CDN", () => {
    const html = readFileSync(join(out, "taskpane.html"), "utf8");
    const csp = /<meta http-equiv=Content-Security-Policy content="([^"]+)">/.exec(html)?.[1];
    expect(csp?.split("; ")).toEqual([
      "default-src 'none'",
      "script-src https://crm.example.com https://appsforoffice.microsoft.com",
      "style-src https://crm.example.com 'unsafe-inline'",
      "img-src https://crm.example.com",
      "connect-src https://crm.example.com https://appsforoffice.microsoft.com",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'none'",
    ]);
    // The policy comes before any script, or it would not cover office.js.
    expect(html.indexOf("Content-Security-Policy")).toBeLessThan(html.indexOf("<script"));
  });
});

describe("the production pane under its Content-Security-Policy in headless Chromium", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const TYPES: Record<string, string> = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".png": "image/png",
    ".xml": "application/xml",
  };

  function serveFrom(dir: string, prefix: string) {
    return async (route: Route) => {
      const path = decodeURIComponent(new URL(route.request().url()).pathname).slice(prefix.length);
      try {
        const body = readFileSync(join(dir, path));
        await route.fulfill({
          status: 200,
          body,
          contentType: TYPES[extname(path)] ?? "application/octet-stream",
        });
      } catch {
        await route.fulfill({ status: 404, body: "" });
      }
    };
  }

  it("renders, loads its lazy panels and office.js from the CDN, and refuses inline script", async () => {
    const context = await browser.newContext({
      viewport: { width: 800, height: 900 },
      locale: "zh-CN",
    });
    const requested: string[] = [];
    const elsewhere: string[] = [];
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      requested.push(url);
      if (url.startsWith(PROD_URL)) return serveFrom(out, "/")(route);
      if (url.startsWith(CDN)) return serveFrom(officeJsDir, new URL(CDN).pathname)(route);
      elsewhere.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener("securitypolicyviolation", (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    await page.goto(`${PROD_URL}taskpane.html`);
    await page.getByTestId("preview-banner").waitFor();
    // A panel that loads on demand: its chunk is a script from the add-in's origin.
    await page.getByRole("tab", { name: "新客户" }).click();
    await page.getByRole("textbox", { name: /客户名称/ }).waitFor();
    expect(await page.getByRole("textbox", { name: /客户名称/ }).isVisible()).toBe(true);
    // Griffel's injected styles apply (a styled Fluent button is not the browser's default).
    const saveStyle = await page
      .getByRole("button", { name: "保存" })
      .evaluate((b) => getComputedStyle(b).borderRadius);
    expect(saveStyle).not.toBe("0px");

    const violations = await page.evaluate(
      () => (window as unknown as { cspViolations: string[] }).cspViolations,
    );
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(requested).toContain(`${CDN}office.js`);

    // The policy is live: an injected inline script does not run.
    const ran = await page.evaluate(async () => {
      const s = document.createElement("script");
      s.textContent = "window.injected = true;";
      document.head.appendChild(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await context.close();
  });
});

/**
 * Browser checks of what a person sees, not what Playwright can reach. Playwright clicks an
 * element through any layer above it; a person cannot. The pane once shipped a page-sized white
 * layer over every open combobox (issue 12) and every test passed, so these helpers look:
 * `expectVisible` asks the page what is really at an element's centre, `compareShots` measures how
 * much of the pane an open popover changed, and `tabTo` fills a form with the keyboard alone.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";

/** Where every state's screenshot goes on every run (E2E_SHOTS or the system temp dir). */
export const SHOTS = process.env.E2E_SHOTS || join(tmpdir(), "crm-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/** The README's screenshots: with UPDATE_SCREENSHOTS=1 these go to docs/screenshots/ as well. */
const DOCS = join(__dirname, "..", "..", "docs", "screenshots");
const DOCS_SHOTS = new Set([
  "work-lists-320",
  "work-lists-800",
  "customer-invalid-320",
  "customer-invalid-800",
  "customer-saved-320",
  "follow-up-saved-800",
  "feedback-saved-320",
  "home-320",
  "picker-320-open",
  "picker-800-open",
  "tab-menu-open-320",
  "feedback-status-picker-320-open",
  "import-result-320",
  "import-problems-320",
  "import-problems-800",
  "import-wrong-table-zh-320",
  "import-wrong-table-en-800",
  "work-lists-en-320",
  "customer-card-320",
  "customer-card-800",
  "customer-edit-320",
  "settings-320",
  "settings-800",
  "work-lists-filtered-320",
  "work-lists-filtered-800",
  "work-lists-plan-closed-320",
  "work-lists-plan-closed-800",
  "work-lists-past-date-320",
  "work-lists-past-date-800",
]);

/** Saves a screenshot of the viewport (what a person sees now) and returns its bytes. */
export async function shot(page: Page, name: string, fullPage = false): Promise<Buffer> {
  const bytes = await page.screenshot({ fullPage, animations: "disabled" });
  writeFileSync(join(SHOTS, `${name}.png`), bytes);
  if (process.env.UPDATE_SCREENSHOTS && DOCS_SHOTS.has(name)) {
    mkdirSync(DOCS, { recursive: true });
    writeFileSync(join(DOCS, `${name}.png`), bytes);
  }
  return bytes;
}

/**
 * Why `el` is not visible to a person, or "" when it is: laid out with a size, its centre inside
 * the viewport, the topmost element at its centre is it or inside it (nothing covers it), not
 * transparent (the product of its and its ancestors' opacity), not visibility:hidden.
 */
function whyHidden(el: Element): string {
  const describe = (n: Element | null) =>
    n
      ? `<${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ""} class="${String(n.className).slice(0, 80)}">`
      : "nothing";
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return `zero-sized (${r.width}×${r.height})`;
  const x = r.left + r.width / 2;
  const y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight)
    return `centre (${Math.round(x)}, ${Math.round(y)}) outside the ${window.innerWidth}×${window.innerHeight} viewport`;
  const style = getComputedStyle(el);
  if (style.visibility !== "visible") return `visibility: ${style.visibility}`;
  let opacity = 1;
  for (let n: Element | null = el; n; n = n.parentElement) {
    opacity *= Number(getComputedStyle(n).opacity);
  }
  if (opacity < 0.5) return `transparent (opacity ${opacity})`;
  const top = document.elementFromPoint(x, y);
  if (!top || (top !== el && !el.contains(top))) return `covered at its centre by ${describe(top)}`;
  return "";
}

/**
 * Asserts that a person can see `locator`. It is scrolled into view first unless `scroll` is
 * false (an open popover must be visible where it opened; a save button is found by scrolling).
 * A popover fades and slides in (Fluent's motion, ~0.3 s): the check is repeated for up to
 * `settleMs` before it fails, so it waits for the end of an animation, not for a layer to go.
 */
export async function expectVisible(
  locator: Locator,
  what: string,
  scroll = true,
  settleMs = 2_000,
): Promise<void> {
  await locator.waitFor({ state: "visible" });
  if (scroll) await locator.scrollIntoViewIfNeeded();
  const until = Date.now() + settleMs;
  let why = await locator.evaluate(whyHidden);
  while (why && Date.now() < until) {
    await new Promise((ok) => setTimeout(ok, 100));
    why = await locator.evaluate(whyHidden);
  }
  if (why) throw new Error(`${what} is not visible to a person: ${why}`);
}

/**
 * Asserts that a popover closed and left nothing over the pane: no list or menu is shown, and at
 * points across the viewport the topmost element belongs to the pane (#root), not to a portal.
 */
export async function expectClosed(page: Page, what: string): Promise<void> {
  await page
    .locator("[role=listbox]:visible, [role=menu]:visible")
    .first()
    .waitFor({ state: "detached", timeout: 2_000 })
    .catch(() => undefined);
  const open = await page.locator("[role=listbox]:visible, [role=menu]:visible").count();
  if (open) throw new Error(`${what}: a popover is still open`);
  const covered = await page.evaluate(() => {
    const root = document.getElementById("root");
    const out: string[] = [];
    for (const fx of [0.25, 0.5, 0.75]) {
      for (const fy of [0.25, 0.5, 0.75]) {
        const x = window.innerWidth * fx;
        const y = window.innerHeight * fy;
        const top = document.elementFromPoint(x, y);
        if (top && !root?.contains(top))
          out.push(
            `(${x}, ${y}): <${top.tagName.toLowerCase()} class="${String(top.className).slice(0, 60)}">`,
          );
      }
    }
    return out;
  });
  if (covered.length) throw new Error(`${what}: the pane is covered at ${covered.join(", ")}`);
}

/**
 * Presses Tab (Shift+Tab with `back`) until the focused element's accessible name matches
 * `name` — how a keyboard user reaches a field. Fails after `max` presses.
 */
export async function tabTo(page: Page, name: RegExp, max = 60, back = false): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return "";
      const byId = (ids: string | null) =>
        (ids ?? "")
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" ");
      const labels = (el as HTMLInputElement).labels;
      return [
        el.getAttribute("aria-label") ?? "",
        byId(el.getAttribute("aria-labelledby")),
        labels ? [...labels].map((l) => l.textContent ?? "").join(" ") : "",
        el.tagName === "BUTTON" ? (el.textContent ?? "") : "",
      ].join(" ");
    });
    if (name.test(label)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

/**
 * How two screenshots of the same page differ: `changed`, the share of all pixels that changed;
 * `inkChangedOutside`, of the pixels outside `box` (where an open popover may change them) that
 * carried ink in `before` (text, borders, anything not near-white), the share that changed. A
 * white layer over the pane wipes out that ink, so it scores near 1; a popover that only covers
 * its own box scores near 0 (a mostly white pane makes the plain share of changed pixels too
 * small to tell the two apart). Decoded in the browser (createImageBitmap): no image library.
 */
export async function compareShots(
  browser: Browser,
  before: Buffer,
  after: Buffer,
  box: { x: number; y: number; width: number; height: number } | null,
): Promise<{ changed: number; inkChangedOutside: number }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ a, b, box }) => {
        const decode = async (b64: string) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const ctx = canvas.getContext("2d");
          if (!ctx) throw new Error("no 2d context");
          ctx.drawImage(bitmap, 0, 0);
          return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
        };
        const [x, y] = await Promise.all([decode(a), decode(b)]);
        if (x.width !== y.width || x.height !== y.height)
          return { changed: 1, inkChangedOutside: 1 };
        let changed = 0;
        let ink = 0;
        let inkChanged = 0;
        for (let row = 0; row < x.height; row++) {
          for (let col = 0; col < x.width; col++) {
            const i = (row * x.width + col) * 4;
            const diff =
              Math.abs(x.data[i]! - y.data[i]!) +
              Math.abs(x.data[i + 1]! - y.data[i + 1]!) +
              Math.abs(x.data[i + 2]! - y.data[i + 2]!);
            if (diff >= 24) changed++;
            const inBox =
              box &&
              col >= box.x &&
              col < box.x + box.width &&
              row >= box.y &&
              row < box.y + box.height;
            if (inBox) continue;
            const darkness = 765 - x.data[i]! - x.data[i + 1]! - x.data[i + 2]!;
            if (darkness < 60) continue;
            ink++;
            if (diff >= 24) inkChanged++;
          }
        }
        return {
          changed: changed / (x.width * x.height),
          inkChangedOutside: ink ? inkChanged / ink : 0,
        };
      },
      { a: before.toString("base64"), b: after.toString("base64"), box },
    );
  } finally {
    await page.close();
  }
}

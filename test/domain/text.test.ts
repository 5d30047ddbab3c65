/**
 * The text a user reads (issue 12, part 6). Chinese strings use full-width punctuation: a
 * half-width ( ) : or , between Chinese characters reads as a typo to a Chinese reader, and so
 * does a space after 。. Every `zh: "…"` literal in src/ is checked, message tables local to a
 * component included. English strings that count say "1 row", and list items have English labels.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { formatNumber, say } from "../../src/domain/i18n";
import { LISTS, LIST_ITEM_EN, LIST_KEYS, listItemLabel } from "../../src/domain/schema";

const SRC = join(__dirname, "..", "..", "src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every `zh: "…"` string literal in src/, with where it is. */
function zhStrings(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const file of sources(SRC)) {
    const code = readFileSync(file, "utf8");
    for (const m of code.matchAll(/\bzh:\s*"((?:[^"\\]|\\.)*)"/g)) {
      const line = code.slice(0, m.index).split("\n").length;
      out.push({ where: `${relative(SRC, file)}:${line}`, text: m[1]! });
    }
  }
  return out;
}

/** A Chinese character or full-width punctuation (the neighbours that make `(` a typo). */
const CJK = "[\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef“”‘’]";
const HALF_WIDTH_BETWEEN_CJK = new RegExp(`${CJK} ?[(),:;] ?${CJK}`, "u");
const CJK_THEN_OPEN = new RegExp(`${CJK}\\(`, "u");
const SPACE_AFTER_FULL_STOP = /。 +\S/;

/** Why a Chinese string is badly punctuated, or "" when it is fine. */
export function punctuationProblem(text: string): string {
  if (HALF_WIDTH_BETWEEN_CJK.test(text)) return "half-width ( ) : or , between Chinese characters";
  if (CJK_THEN_OPEN.test(text)) return "half-width ( after a Chinese character";
  if (SPACE_AFTER_FULL_STOP.test(text)) return "a space after 。";
  return "";
}

describe("Chinese punctuation", () => {
  it.each([
    ["示例工作簿(预览)", true],
    ["客户编号:C202405001", false], // ASCII after the colon: an ID, fine
    ["名称:编号", true],
    ["名称, 编号", true],
    ["名称;编号", true],
    ["已保存。 下一步", true],
    ["示例工作簿（预览）", false],
    ["{sheet}：{rows} 行", false],
    ["1–3 项，用顿号或逗号分隔", false],
  ])("%s is flagged: %p", (text, flagged) => {
    expect(punctuationProblem(text) !== "").toBe(flagged);
  });

  it("holds for every zh string in src/", () => {
    const all = zhStrings();
    expect(all.length).toBeGreaterThan(200);
    const bad = all
      .map((s) => ({ ...s, why: punctuationProblem(s.text) }))
      .filter((s) => s.why)
      .map((s) => `${s.where}: ${s.text} (${s.why})`);
    expect(bad).toEqual([]);
  });
});

describe("English counts and numbers", () => {
  it.each([
    [0, "Import 0 rows"],
    [1, "Import 1 row"],
    [2, "Import 2 rows"],
    [100_000, "Import 100,000 rows"],
  ])("%i → %s", (count, text) => {
    expect(
      say({ zh: "导入 {count} 行", en: "Import {count} {count|row|rows}" }, "en", { count }),
    ).toBe(text);
  });

  it("Chinese takes no plural forms and groups only large numbers", () => {
    expect(say({ zh: "导入 {count} 行", en: "" }, "zh", { count: 1 })).toBe("导入 1 行");
    expect(formatNumber(2026, "zh")).toBe("2026");
    expect(formatNumber(100_000, "zh")).toBe("100,000");
  });

  it("no English string in src/ puts a plural noun after a bare count placeholder", () => {
    const bad: string[] = [];
    for (const file of sources(SRC)) {
      const code = readFileSync(file, "utf8");
      for (const m of code.matchAll(/\ben:\s*"((?:[^"\\]|\\.)*)"/g)) {
        const hit =
          /\{(count|rows|total|days|inserted|charts|problems|max|known)\} (rows|days|charts|problems|columns|fields|items|characters)\b/.exec(
            m[1]!,
          );
        if (hit) bad.push(`${relative(SRC, file)}: ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe("English list labels", () => {
  it("every canonical list item has an English label; cells keep the Chinese value", () => {
    for (const key of LIST_KEYS) {
      for (const item of LISTS[key].items) {
        expect(LIST_ITEM_EN[item]).toMatch(/^[A-Z][A-Za-z ,'-]+$/);
        expect(listItemLabel(item, "zh")).toBe(item);
      }
    }
    expect(listItemLabel("投诉类", "en")).toBe("Complaint");
    // An item a user added to a list table is shown as it is.
    expect(listItemLabel("渠道合作", "en")).toBe("渠道合作");
  });
});

/**
 * The schema is the single source of the layout: its keys, headers and lists are consistent,
 * every calculated column's formula names columns and settings that exist, headers need no
 * escaping in structured references, no other module spells a header, and the generated layout
 * reference (docs/layout.md) matches it.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  LISTS,
  LIST_KEYS,
  SETTINGS,
  TABLES,
  TABLE_KEYS,
  FORMULA_MODES,
  columnFormula,
  settingName,
  standardHeaders,
  type Lang,
} from "../../src/domain/schema";
import { renderLayoutDoc } from "../../scripts/gen-docs";

const LANGS: Lang[] = ["zh", "en"];

describe("schema consistency", () => {
  it("has unique table names, sheet names and list names", () => {
    const names = [
      ...TABLE_KEYS.map((k) => TABLES[k].name),
      ...LIST_KEYS.map((k) => LISTS[k].table),
      ...LIST_KEYS.map((k) => LISTS[k].name),
      ...SETTINGS.map((s) => s.name),
    ].map((n) => n.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const lang of LANGS) {
      const sheets = TABLE_KEYS.map((k) => TABLES[k].sheet[lang]);
      expect(new Set(sheets).size).toBe(sheets.length);
    }
  });

  it.each(TABLE_KEYS)("%s has unique keys and headers in both languages", (key) => {
    const cols = TABLES[key].columns;
    expect(new Set(cols.map((c) => c.key)).size).toBe(cols.length);
    for (const lang of LANGS) {
      const headers = cols.map((c) => c.header[lang].toLowerCase());
      expect(new Set(headers).size).toBe(headers.length);
    }
    expect(cols.some((c) => c.key === TABLES[key].idColumn)).toBe(true);
  });

  it("uses no character that needs escaping in a structured reference", () => {
    for (const key of TABLE_KEYS)
      for (const c of TABLES[key].columns)
        for (const lang of LANGS) expect(c.header[lang]).not.toMatch(/[[\]#']/);
    for (const k of LIST_KEYS)
      for (const lang of LANGS) expect(LISTS[k].label[lang]).not.toMatch(/[[\]#']/);
  });

  it("gives every list items, and every list column an existing list", () => {
    for (const k of LIST_KEYS) {
      expect(LISTS[k].items.length).toBeGreaterThan(0);
      expect(new Set(LISTS[k].items).size).toBe(LISTS[k].items.length);
    }
    expect(LISTS.industry.items).toHaveLength(20);
    for (const key of TABLE_KEYS)
      for (const c of TABLES[key].columns) {
        if (c.type === "list") expect(c.list && LISTS[c.list]).toBeTruthy();
        if (c.kind === "computed") expect(c.formula).toBeDefined();
        else expect(c.formula).toBeUndefined();
      }
  });

  it.each(TABLE_KEYS)("%s: every formula names existing columns and settings", (key) => {
    for (const c of TABLES[key].columns.filter((x) => x.kind === "computed")) {
      for (const [lang, mode] of LANGS.flatMap((l) => FORMULA_MODES.map((m) => [l, m] as const))) {
        // columnFormula throws on an unknown column key.
        const f = columnFormula(key, c.key, mode, standardHeaders(lang));
        expect(f.startsWith("=")).toBe(true);
        for (const m of f.matchAll(/\b(CRM_[A-Za-z_]+)\b(?!\[)/g))
          expect(SETTINGS.map((s) => s.name)).toContain(m[1]);
        if (mode === "native") expect(f).not.toMatch(/CRM\./);
        for (const m of f.matchAll(/\b(CRM_[A-Za-z]+)\[\[([^\]]+)\]\]/g)) {
          const table = TABLE_KEYS.find((k) => TABLES[k].name === m[1]);
          expect(table).toBeDefined();
          expect(TABLES[table!].columns.map((x) => x.header[lang])).toContain(m[2]);
        }
        for (const m of f.matchAll(/\[@\[([^\]]+)\]\]/g))
          expect(TABLES[key].columns.map((x) => x.header[lang])).toContain(m[1]);
        expect(f).not.toMatch(/TODAY\(\)|NOW\(\)/);
      }
    }
    expect(settingName("asOf")).toBe("CRM_AsOf");
  });
});

describe("nothing else repeats the schema", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
    });
  const headers = new Set<string>();
  for (const key of TABLE_KEYS) for (const c of TABLES[key].columns) headers.add(c.header.zh);

  /**
   * Known repeats, each to be replaced by a schema lookup; none are left. A new file or literal
   * fails the test.
   */
  const KNOWN: Record<string, string[]> = {};

  it("no zh header is spelled as a literal in setup, validation, import, forms or the adapter", () => {
    const scope = [
      "src/domain/validation.ts",
      "src/domain/layout.ts",
      "src/domain/headers.ts",
      ...files("src/domain/import"),
      ...files("src/excel"),
      ...files("src/taskpane"),
    ].map((p) => p.replace(/\\/g, "/"));
    const found: Record<string, string[]> = {};
    for (const file of scope) {
      const text = readFileSync(file, "utf8");
      for (const h of headers)
        if (new RegExp(`["'\`]${h}["'\`]`).test(text)) (found[file] ??= []).push(h);
    }
    for (const [file, list] of Object.entries(found))
      expect(list.filter((h) => !(KNOWN[file] ?? []).includes(h))).toEqual([]);
  });
});

describe("docs/layout.md", () => {
  it("is generated from the current schema (run `npm run docs`)", () => {
    expect(readFileSync("docs/layout.md", "utf8")).toBe(renderLayoutDoc());
  });
});

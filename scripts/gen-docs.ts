/**
 * Generates the workbook layout reference (docs/layout.md) from the schema and copies it into
 * README.md between `<!-- layout:start -->` and `<!-- layout:end -->`. `npm run docs`; a test
 * fails when docs/layout.md is older than the schema.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  LISTS,
  LIST_KEYS,
  SETTINGS,
  SETTINGS_SHEET,
  TABLES,
  TABLE_KEYS,
  FORMULA_MODE_SETTING,
  INVALID_MARK,
  columnFormula,
  computedColumns,
  numberValidation,
  standardHeaders,
  type ColumnDef,
  type TableKey,
} from "../src/domain/schema";

const TYPE_NAMES: Record<ColumnDef["type"], string> = {
  id: "ID",
  text: "text",
  list: "list",
  items: "items (1–3)",
  date: "date `yyyy-mm-dd`",
  integer: "integer",
  money: "money `#,##0.00` (元)",
  number: "number",
  rate: "rate `0%`",
  phone: "phone",
  email: "email",
  boolean: "TRUE/FALSE",
};

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** A computed column whose formula is the same in both modes (no CRM function computes it). */
const modeFree = (table: TableKey, c: ColumnDef) =>
  columnFormula(table, c.key, "native", "zh") === columnFormula(table, c.key, "crm", "zh");

const VALIDATION_NAMES = { wholeNumber: "whole number", decimal: "number", date: "date" };

function rule(table: TableKey, c: ColumnDef): string {
  if (c.kind === "computed") {
    const f = `\`${cell(columnFormula(table, c.key, "crm", standardHeaders("zh")))}\``;
    return modeFree(table, c) ? f : `${f} (CRM mode; native below)`;
  }
  const parts: string[] = [];
  const v = numberValidation(c);
  if (v) parts.push(`validated: ${VALIDATION_NAMES[v.type]}`);
  if (c.kind === "auto") parts.push(`auto${c.idPrefix ? ` (\`${c.idPrefix}\`+YYYYMM+NNN)` : ""}`);
  if (c.unique) parts.push("unique");
  if (c.references) parts.push(`must exist in \`${TABLES[c.references].name}\``);
  if (c.min !== undefined) parts.push(`${c.exclusiveMin ? ">" : "≥"} ${c.min}`);
  if (c.max !== undefined) parts.push(`≤ ${c.max}`);
  if (c.defaultValue !== undefined) parts.push(`default ${c.defaultValue}`);
  return parts.join(", ");
}

export function renderLayoutDoc(): string {
  const out: string[] = [];
  out.push("## Workbook layout 工作簿结构");
  out.push("");
  out.push(
    "Generated from `src/domain/schema.ts` by `npm run docs`. Table names never change; sheet",
    "names and headers follow Office's language at setup (zh-CN / English). Calculated columns",
    "are grey; their formulas read the named cells of the Settings sheet, so one edit there",
    "re-classifies the workbook. Formulas are shown with the Chinese headers.",
    "",
    "**Formula mode.** By default the calculated columns hold native Excel formulas",
    "(IF/AND/OR/EDATE/ISNUMBER/MAXIFS over the Settings' names): they compute the `CRM.*` rules",
    "without the add-in, for a co-author who has not installed it, on phones and tablets, in WPS",
    "and LibreOffice (the engine tests recalculate the set-up workbook in LibreOffice and compare",
    "every cell with the rules). A number or date typed as text (`120万`, `2024年5月`), a negative",
    `amount or a rate over 100 % shows \`${INVALID_MARK}\` instead of a wrong class; the data check lists`,
    "it, and the typed columns' data validation refuses it at entry. Teams where everyone has the",
    "add-in may choose 计算列公式 › CRM 函数 on the pane's Home: every column is rewritten to",
    `\`=CRM.*\` in one write and the mode is kept in the Settings' \`${FORMULA_MODE_SETTING.name}\` cell`,
    "(`native` or `crm`). The `CRM.*` functions work in any cell either way.",
    "",
    "**Set up:** ribbon 客户管理 › 设置工作簿, or Set up in the task pane's workbook status. Setup creates what is",
    "missing and never overwrites a sheet or table holding data; run it again at any time (a",
    "workbook of an older layout gains its missing columns in place). **Adopt:** when the pane",
    "lists one of your sheets as a template (a header row such as 客户编号 / 客户名称(全称) under",
    "title rows), choose Adopt (采用): the range becomes the CRM table where it is, recognised headers take",
    "the names below, unrecognised columns stay, combined columns (`企业规模(员工人数/年营收)`) are",
    "kept and split into the new columns, and a template column that a calculated column replaces",
    "is kept as `…(原)` when it holds data.",
    "",
  );
  for (const key of TABLE_KEYS) {
    const t = TABLES[key];
    out.push(`### \`${t.name}\` — ${t.sheet.zh} / ${t.sheet.en}`);
    out.push("");
    out.push("| 表头 | header | type | required | list | rule or formula | also recognised |");
    out.push("|---|---|---|---|---|---|---|");
    for (const c of t.columns) {
      out.push(
        `| ${cell(c.header.zh)} | ${cell(c.header.en)} | ${c.kind === "computed" ? "calculated" : TYPE_NAMES[c.type]} | ${c.required ? "yes" : ""} | ${c.list ? `\`${LISTS[c.list].name}\`` : ""} | ${rule(key, c)} | ${cell((c.synonyms ?? []).join(", "))} |`,
      );
    }
    out.push("");
    const native = computedColumns(key).filter((c) => !modeFree(key, c));
    if (native.length) {
      out.push(`<details><summary>Native formulas of ${t.name} (default mode)</summary>`, "");
      for (const c of native) {
        out.push(
          `- ${c.header.zh}:`,
          "",
          "  ```",
          `  ${columnFormula(key, c.key, "native", "zh")}`,
          "  ```",
          "",
        );
      }
      out.push("</details>", "");
    }
  }
  out.push(`### ${SETTINGS_SHEET.zh} / ${SETTINGS_SHEET.en}`);
  out.push("");
  out.push("| named cell | 参数 | setting | default |");
  out.push("|---|---|---|---|");
  for (const s of SETTINGS)
    out.push(
      `| \`${s.name}\` | ${s.label.zh} | ${s.label.en} | ${s.defaultValue === null ? "today (refreshed when the pane loads)" : String(s.defaultValue)} |`,
    );
  out.push(
    `| \`${FORMULA_MODE_SETTING.name}\` | ${FORMULA_MODE_SETTING.label.zh} | ${FORMULA_MODE_SETTING.label.en} | native |`,
  );
  out.push("");
  out.push("| list table | dropdown name | 列表 | items (users may edit) |");
  out.push("|---|---|---|---|");
  for (const k of LIST_KEYS) {
    const l = LISTS[k];
    out.push(`| \`${l.table}\` | \`${l.name}\` | ${l.label.zh} | ${cell(l.items.join(" · "))} |`);
  }
  out.push("");
  return out.join("\n");
}

function main(): void {
  const doc = renderLayoutDoc();
  writeFileSync(join("docs", "layout.md"), doc);
  const readme = "README.md";
  if (existsSync(readme)) {
    const text = readFileSync(readme, "utf8");
    const start = "<!-- layout:start -->";
    const end = "<!-- layout:end -->";
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    if (a >= 0 && b > a)
      writeFileSync(readme, `${text.slice(0, a + start.length)}\n${doc}${text.slice(b)}`);
  }
  console.log("docs/layout.md written");
}

if (process.argv[1]?.replace(/\\/g, "/").endsWith("scripts/gen-docs.ts")) main();

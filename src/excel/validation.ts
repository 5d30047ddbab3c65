/**
 * The data validation of a table column (dropdown lists and number / date rules), set by set-up
 * on the column's body and by an append on rows a `Table.resize` joined: a resize, unlike the
 * table's own growth, does not extend the column's validation (the Excel fake takes that side;
 * no document says otherwise), and a copy of the row above's formats does not carry validation
 * (Paste Special keeps Validation apart from Formats).
 */
import type { Lang, NumberValidation } from "../domain/schema";

/** What a column is validated by: a list's defined name, or a number / date rule. */
export interface ColumnValidation {
  /** Defined name of the list feeding a dropdown, e.g. `CRM_L_Industry`. */
  listName?: string;
  validation?: NumberValidation;
}

/** Excel's rule for a typed column (ExcelApi 1.8 DataValidationRule); bounds from the schema. */
export function numberRule(v: NumberValidation): Excel.DataValidationRule {
  if (v.type === "date")
    return { date: { formula1: "1900-01-01", formula2: "9999-12-31", operator: "Between" } };
  const criteria =
    v.min !== undefined && v.max !== undefined
      ? { formula1: v.min, formula2: v.max, operator: "Between" as const }
      : v.min !== undefined
        ? {
            formula1: v.min,
            operator: v.exclusiveMin ? ("GreaterThan" as const) : ("GreaterThanOrEqualTo" as const),
          }
        : v.max !== undefined
          ? { formula1: v.max, operator: "LessThanOrEqualTo" as const }
          : { formula1: -1e307, operator: "GreaterThanOrEqualTo" as const };
  return v.type === "wholeNumber" ? { wholeNumber: criteria } : { decimal: criteria };
}

/** The stop alert of a typed column: says what to type instead (a number without 万, a date). */
export function numberAlert(v: NumberValidation, lang: Lang): Excel.DataValidationErrorAlert {
  const range =
    v.min !== undefined && v.max !== undefined
      ? `${v.min}–${v.max}`
      : v.min !== undefined
        ? `${v.exclusiveMin ? ">" : "≥"} ${v.min}`
        : "";
  const text = {
    wholeNumber: {
      zh: { title: "请输入整数", message: `请输入整数 ${range}（不带单位，如 200 而非“200人”）。` },
      en: {
        title: "Whole number",
        message: `Type a whole number ${range} (no unit: 200, not 200人).`,
      },
    },
    decimal: {
      zh: {
        title: "请输入数字",
        message: `请输入数字 ${range}（不带单位，如 1200000 而非“120万”；比率如 85%）。`,
      },
      en: {
        title: "Number",
        message: `Type a number ${range} (no unit: 1200000, not 120万; rates as 85%).`,
      },
    },
    date: {
      zh: { title: "请输入日期", message: "请输入日期，如 2024-05-10。" },
      en: { title: "Date", message: "Type a date such as 2024-05-10." },
    },
  }[v.type][lang];
  return { showAlert: true, style: "Stop", ...text };
}

const VALIDATION_MESSAGE = {
  zh: { title: "请从列表中选择", message: "该值不在“参数设置”表的列表中。" },
  en: {
    title: "Choose from the list",
    message: "This value is not in the list on the Settings sheet.",
  },
};

/**
 * Replaces the range's validation with the column's (nothing when the column has none). Cleared
 * first: a rerun replaces the rule instead of meeting the old one.
 */
export function applyValidation(range: Excel.Range, v: ColumnValidation, lang: Lang): void {
  if (v.listName) {
    range.dataValidation.clear();
    range.dataValidation.rule = { list: { inCellDropDown: true, source: `=${v.listName}` } };
    range.dataValidation.errorAlert = {
      showAlert: true,
      style: "Stop",
      ...VALIDATION_MESSAGE[lang],
    };
  } else if (v.validation) {
    range.dataValidation.clear();
    range.dataValidation.rule = numberRule(v.validation);
    range.dataValidation.errorAlert = numberAlert(v.validation, lang);
  }
}

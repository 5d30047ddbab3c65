/**
 * The single source of truth for the CRM workbook: sheets, tables, columns, headers (zh, en and
 * the templates' synonyms), value types, number formats, dropdown lists, required flags, the
 * named settings cells and the calculated-column formulas.
 *
 * Setup, adoption, forms, validation, import mapping, the data check and the README's column
 * reference all read this module; nothing else may spell a header, a list item or a table name.
 * Column keys and table names are stable and language-independent: workbooks store table names
 * and formulas store headers, so a key never changes once shipped.
 */

export type Lang = "zh" | "en";

/** Bilingual label. Chinese is the default display language of the templates. */
export interface Label {
  zh: string;
  en: string;
}

// ---------------------------------------------------------------------------------------------
// Dropdown lists
// ---------------------------------------------------------------------------------------------

/**
 * The list values are the canonical data values and stay Chinese in every display language:
 * custom functions (FEEDBACKSLA) and calculated columns compare against them.
 */
export const LISTS = {
  industry: {
    table: "CRM_List_Industry",
    name: "CRM_L_Industry",
    label: { zh: "所属行业", en: "Industry" },
    // The 20 sections (门类) of GB/T 4754-2017, 国民经济行业分类.
    items: [
      "农、林、牧、渔业",
      "采矿业",
      "制造业",
      "电力、热力、燃气及水生产和供应业",
      "建筑业",
      "批发和零售业",
      "交通运输、仓储和邮政业",
      "住宿和餐饮业",
      "信息传输、软件和信息技术服务业",
      "金融业",
      "房地产业",
      "租赁和商务服务业",
      "科学研究和技术服务业",
      "水利、环境和公共设施管理业",
      "居民服务、修理和其他服务业",
      "教育",
      "卫生和社会工作",
      "文化、体育和娱乐业",
      "公共管理、社会保障和社会组织",
      "国际组织",
    ],
  },
  customerType: {
    table: "CRM_List_CustomerType",
    name: "CRM_L_CustomerType",
    label: { zh: "客户类型", en: "Customer type" },
    items: ["新客户", "老客户", "流失客户", "战略客户"],
  },
  customerStatus: {
    table: "CRM_List_CustomerStatus",
    name: "CRM_L_CustomerStatus",
    label: { zh: "客户状态", en: "Customer status" },
    items: ["高意向客户", "稳定合作客户", "流失风险客户"],
  },
  creditRating: {
    table: "CRM_List_CreditRating",
    name: "CRM_L_CreditRating",
    label: { zh: "信用等级", en: "Credit rating" },
    items: ["优", "良", "中", "差"],
  },
  contactMethod: {
    table: "CRM_List_ContactMethod",
    name: "CRM_L_ContactMethod",
    label: { zh: "维护方式", en: "Contact method" },
    items: ["电话沟通", "上门拜访", "邮件往来", "客户活动参与", "线上会议", "其他"],
  },
  feedbackType: {
    table: "CRM_List_FeedbackType",
    name: "CRM_L_FeedbackType",
    label: { zh: "反馈类型", en: "Feedback type" },
    items: ["建议类", "投诉类", "需求类", "咨询类", "合作意向类", "其他"],
  },
  feedbackChannel: {
    table: "CRM_List_FeedbackChannel",
    name: "CRM_L_FeedbackChannel",
    label: { zh: "反馈渠道", en: "Feedback channel" },
    items: ["电话", "邮件", "会议", "线上问卷", "面谈", "其他"],
  },
  feedbackStatus: {
    table: "CRM_List_FeedbackStatus",
    name: "CRM_L_FeedbackStatus",
    label: { zh: "处理状态", en: "Handling status" },
    items: ["待处理", "处理中", "已完成", "待跟进", "无法解决"],
  },
  purchaseChannel: {
    table: "CRM_List_PurchaseChannel",
    name: "CRM_L_PurchaseChannel",
    label: { zh: "购买渠道", en: "Purchase channel" },
    items: ["线上", "线下", "直销", "代理", "其他"],
  },
} as const satisfies Record<
  string,
  { table: string; name: string; label: Label; items: readonly string[] }
>;

/**
 * English labels of the lists' canonical items, for an English pane: the cells keep the Chinese
 * value (functions and formulas compare against it), the user reads English. An item a user
 * added to a list table has no label here and is shown as it is.
 */
export const LIST_ITEM_EN: Readonly<Record<string, string>> = {
  "农、林、牧、渔业": "Agriculture, forestry, animal husbandry and fishery",
  采矿业: "Mining",
  制造业: "Manufacturing",
  "电力、热力、燃气及水生产和供应业": "Electricity, heat, gas and water supply",
  建筑业: "Construction",
  批发和零售业: "Wholesale and retail trade",
  "交通运输、仓储和邮政业": "Transport, storage and postal services",
  住宿和餐饮业: "Accommodation and catering",
  "信息传输、软件和信息技术服务业": "Information transmission, software and IT services",
  金融业: "Finance",
  房地产业: "Real estate",
  租赁和商务服务业: "Leasing and business services",
  科学研究和技术服务业: "Scientific research and technical services",
  "水利、环境和公共设施管理业": "Water conservancy, environment and public facilities",
  "居民服务、修理和其他服务业": "Household, repair and other services",
  教育: "Education",
  卫生和社会工作: "Health and social work",
  "文化、体育和娱乐业": "Culture, sports and entertainment",
  "公共管理、社会保障和社会组织": "Public administration, social security and organisations",
  国际组织: "International organisations",
  新客户: "New customer",
  老客户: "Existing customer",
  流失客户: "Lost customer",
  战略客户: "Strategic customer",
  高意向客户: "High intent",
  稳定合作客户: "Stable partner",
  流失风险客户: "At risk of churn",
  优: "Excellent",
  良: "Good",
  中: "Fair",
  差: "Poor",
  电话沟通: "Phone call",
  上门拜访: "Visit",
  邮件往来: "Email",
  客户活动参与: "Customer event",
  线上会议: "Online meeting",
  其他: "Other",
  建议类: "Suggestion",
  投诉类: "Complaint",
  需求类: "Requirement",
  咨询类: "Enquiry",
  合作意向类: "Partnership interest",
  电话: "Phone",
  邮件: "Email",
  会议: "Meeting",
  线上问卷: "Online survey",
  面谈: "In person",
  待处理: "Open",
  处理中: "In progress",
  已完成: "Done",
  待跟进: "Awaiting follow-up",
  无法解决: "Cannot be resolved",
  线上: "Online",
  线下: "Offline",
  直销: "Direct sales",
  代理: "Agent",
};

/** How a list item reads in `lang` (the canonical Chinese value in zh, or when unlabelled). */
export function listItemLabel(item: string, lang: Lang): string {
  return lang === "en" ? (LIST_ITEM_EN[item] ?? item) : item;
}

export type ListKey = keyof typeof LISTS;
export const LIST_KEYS = Object.keys(LISTS) as ListKey[];
/** Current choices of every list, as read from the workbook's list tables (users may edit them). */
export type ListValues = Record<ListKey, readonly string[]>;

export function defaultListValues(): ListValues {
  const out = {} as Record<ListKey, readonly string[]>;
  for (const key of LIST_KEYS) out[key] = [...LISTS[key].items];
  return out;
}

/** Feedback statuses with fixed meaning in FEEDBACKSLA and the work lists. */
export const FEEDBACK_STATUS = {
  open: ["待处理", "处理中", "待跟进"] as readonly string[],
  done: "已完成",
  unresolvable: "无法解决",
  default: "待处理",
} as const;

// ---------------------------------------------------------------------------------------------
// Settings: named cells on the Settings sheet
// ---------------------------------------------------------------------------------------------

export type SettingKey =
  | "asOf"
  | "abcA"
  | "abcB"
  | "highRepurchase"
  | "cadenceA"
  | "cadenceB"
  | "cadenceC"
  | "churnMonths"
  | "asOfFixed";

export interface SettingDef {
  key: SettingKey;
  /** Workbook-scoped defined name; calculated columns reference it, so one edit re-classifies. */
  name: string;
  label: Label;
  type: "date" | "money" | "rate" | "integer";
  /** null means "today when the workbook or pane loads". */
  defaultValue: number | null;
  min?: number;
  max?: number;
}

export const SETTINGS: readonly SettingDef[] = [
  {
    key: "asOf",
    name: "CRM_AsOf",
    label: { zh: "基准日期", en: "As-of date" },
    type: "date",
    defaultValue: null,
  },
  {
    key: "abcA",
    name: "CRM_ABC_A",
    label: { zh: "A类阈值（元）", en: "Class A threshold" },
    type: "money",
    defaultValue: 500000,
    min: 0,
  },
  {
    key: "abcB",
    name: "CRM_ABC_B",
    label: { zh: "B类阈值（元）", en: "Class B threshold" },
    type: "money",
    defaultValue: 100000,
    min: 0,
  },
  {
    key: "highRepurchase",
    name: "CRM_HighRepurchase",
    label: { zh: "高复购率", en: "High repurchase rate" },
    type: "rate",
    defaultValue: 0.5,
    min: 0,
    max: 1,
  },
  {
    key: "cadenceA",
    name: "CRM_Cadence_A",
    label: { zh: "A类跟进周期（月）", en: "Class A cadence (months)" },
    type: "integer",
    defaultValue: 1,
    min: 1,
    max: 24,
  },
  {
    key: "cadenceB",
    name: "CRM_Cadence_B",
    label: { zh: "B类跟进周期（月）", en: "Class B cadence (months)" },
    type: "integer",
    defaultValue: 3,
    min: 1,
    max: 24,
  },
  {
    key: "cadenceC",
    name: "CRM_Cadence_C",
    label: { zh: "C类跟进周期（月）", en: "Class C cadence (months)" },
    type: "integer",
    defaultValue: 3,
    min: 1,
    max: 24,
  },
  {
    key: "churnMonths",
    name: "CRM_ChurnMonths",
    label: { zh: "流失预警月数", en: "Churn after (months)" },
    type: "integer",
    defaultValue: 3,
    min: 1,
    max: 24,
  },
  {
    // 1: the as-of date was fixed in the Settings panel (to look at the past) and the pane
    // leaves it alone; 0: it follows today (refreshed when the pane is shown, at most daily).
    key: "asOfFixed",
    name: "CRM_AsOfFixed",
    label: {
      zh: "基准日期固定（1=固定，0=跟随今天）",
      en: "As-of date fixed (1 = fixed, 0 = today)",
    },
    type: "integer",
    defaultValue: 0,
    min: 0,
    max: 1,
  },
];

export type Settings = Record<SettingKey, number>;

export function settingName(key: SettingKey): string {
  const def = SETTINGS.find((s) => s.key === key);
  if (!def) throw new Error(`Unknown setting ${key}`);
  return def.name;
}

export function defaultSettings(today: number): Settings {
  const out = {} as Settings;
  for (const s of SETTINGS) out[s.key] = s.defaultValue ?? today;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tables and columns
// ---------------------------------------------------------------------------------------------

export type TableKey = "customers" | "interactions" | "feedback" | "orders";

/**
 * Value types. They decide the number format, the zod validator, the import normaliser and how
 * a value is written (text types are written with a leading apostrophe when they could be read
 * as a formula).
 */
export type ValueType =
  | "id"
  | "text"
  | "list"
  | "items"
  | "date"
  | "integer"
  | "money"
  | "number"
  | "rate"
  | "phone"
  | "email"
  | "boolean";

export const NUMBER_FORMATS: Record<ValueType, string> = {
  id: "@",
  text: "@",
  list: "@",
  items: "@",
  phone: "@",
  email: "@",
  date: "yyyy-mm-dd",
  integer: "0",
  money: "#,##0.00",
  number: "General",
  rate: "0%",
  boolean: "General",
};

/** Resolves a column key to the header actually present in the workbook (zh, en or adopted). */
export type HeaderOf = (table: TableKey, key: string) => string;

/** Structured-reference helpers handed to formula builders; double brackets are always valid. */
export interface FormulaRefs {
  /** `[@[Header]]`: this row's cell of a column of the same table. */
  row(key: string): string;
  /** `CRM_Table[[Header]]`: a whole column of any CRM table. */
  col(table: TableKey, key: string): string;
  /** The defined name of a setting. */
  setting(key: SettingKey): string;
}

export interface ColumnDef {
  /** Stable English key used in code, records and import mapping. */
  key: string;
  header: Label;
  /** Other headers seen in the templates for this column (matched after normalisation). */
  synonyms?: readonly string[];
  type: ValueType;
  /** input: typed by users; auto: an ID the add-in allocates; computed: a calculated column. */
  kind: "input" | "auto" | "computed";
  required?: boolean;
  /** Unique within the table (IDs, customer names). */
  unique?: boolean;
  list?: ListKey;
  /** Inclusive bounds for numbers and rates; maxItems for `items`. */
  min?: number;
  max?: number;
  /** Strictly greater than min (quantities). */
  exclusiveMin?: boolean;
  maxItems?: number;
  /** For auto IDs: the prefix before YYYYMM+NNN. */
  idPrefix?: string;
  /** Must name an existing customer (客户编号 in the child tables). */
  references?: TableKey;
  /** Default value for a new record: "today" or a literal. */
  defaultValue?: "today" | string;
  /**
   * The formula of a computed column in either formula mode, built against the workbook's actual
   * headers. Columns with no `CRM.*` function (lookups, 最近互动, 金额) give the same formula in
   * both modes.
   */
  formula?: (r: FormulaRefs, mode: FormulaMode) => string;
  /** Column width in points. */
  width?: number;
  description?: Label;
}

export interface TableDef {
  key: TableKey;
  /** The Excel table name: stable, never translated. */
  name: string;
  sheet: Label;
  /** Other sheet or title names of the templates, used to recognise a sheet to adopt. */
  titleSynonyms?: readonly string[];
  /** The record's ID column key. */
  idColumn: string;
  columns: readonly ColumnDef[];
}

// ---------------------------------------------------------------------------------------------
// Calculated columns: native Excel formulas (default) or CRM.* custom functions
// ---------------------------------------------------------------------------------------------

/**
 * Which formulas the calculated columns hold. `native`: IF/AND/OR/EDATE/ISNUMBER/MAXIFS over the
 * Settings' named cells, so a co-author without the add-in, Excel on phones and tablets,
 * volume-licensed Office, WPS and LibreOffice all compute them (custom functions show #NAME?
 * there, office-js #6611 / #6355). `crm`: `=CRM.*` calls, for teams where everyone has the add-in.
 */
export type FormulaMode = "native" | "crm";
export const FORMULA_MODES: readonly FormulaMode[] = ["native", "crm"];
export const DEFAULT_FORMULA_MODE: FormulaMode = "native";

/**
 * The workbook setting that records the formula mode: a named text cell on the Settings sheet
 * (`native` or `crm`), beside the numeric settings. Switching rewrites the columns (the pane's
 * control), so the cell is what the add-in wrote, not a switch by itself.
 */
export const FORMULA_MODE_SETTING = {
  name: "CRM_FormulaMode",
  label: { zh: "计算列公式（native：Excel 公式；crm：CRM 函数）", en: "Formulas (native or crm)" },
} as const;

/** Reads the formula-mode cell; anything else than the two words is unknown (null). */
export function parseFormulaMode(value: unknown): FormulaMode | null {
  if (typeof value !== "string") return null;
  const v = value.trim().toLowerCase();
  return v === "native" || v === "crm" ? v : null;
}

/**
 * What a native calculated cell shows for an input its rule cannot read: text in a number or
 * date column (`120万`, `2024年5月`), a negative amount, a rate outside 0–100 %, an unknown
 * status. Excel compares any text as greater than every number, so without this guard `"120万"`
 * would silently be class A. The `CRM.*` functions show #VALUE! / #NUM! with a message there.
 * A canonical data value like the functions' labels (高/中/低, 已逾期): Chinese in every language.
 */
export const INVALID_MARK = "⚠数据有误";

/** Excel's last date, 9999-12-31, plus one: serials from here on are not dates. */
const PAST_LAST_DATE = 2958466;
const MARK = `"${INVALID_MARK}"`;

/**
 * A date input as the rules read it (values.ts `dateArg`): blank → "", a serial in [0,1) → ""
 * (desktop Excel hands an empty cell as 0), text or a number outside Excel's calendar → the mark,
 * else `body` of the whole-day serial. Nested IFs, not AND: Excel evaluates every argument of AND
 * and INT("text") is #VALUE!.
 */
function nativeDate(x: string, body: (day: string) => string): string {
  return `IF(${x}="","",IF(ISNUMBER(${x}),IF(${x}<1,IF(${x}<0,${MARK},""),IF(${x}>=${PAST_LAST_DATE},${MARK},${body(`INT(${x})`)})),${MARK}))`;
}

/** A date input that may be blank and is not the row's primary input: text or negative is bad. */
function badOptionalDate(x: string): string {
  return `AND(${x}<>"",OR(NOT(ISNUMBER(${x})),N(${x})<0,N(${x})>=${PAST_LAST_DATE}))`;
}

const asOfDay = (r: FormulaRefs) => `INT(${r.setting("asOf")})`;

const customerIdRef = (table: TableKey): ColumnDef => ({
  key: "customerId",
  header: { zh: "客户编号", en: "Customer ID" },
  synonyms: ["客户编号(如有)", "客户ID", "客户代码"],
  type: "id",
  kind: "input",
  required: true,
  references: "customers",
  width: 90,
  description: {
    zh: `必须是客户档案中已有的客户编号`,
    en: `Must be an existing customer's ID (${table})`,
  },
});

const customerNameLookup: ColumnDef = {
  key: "customerName",
  header: { zh: "客户名称", en: "Customer name" },
  synonyms: ["客户名称(全称)", "公司名称", "企业名称"],
  type: "text",
  kind: "computed",
  width: 160,
  // `&""`: INDEX of an empty name cell is 0 in Excel; the lookup of a customer without a name
  // is empty text, in both modes.
  formula: (r) => nameLookup(r),
};

/**
 * 客户名称 of a row's 客户编号, the first customer with that ID, as an exact MATCH gives it, but
 * computed by a binary search (MATCH type 1) where it can be trusted. An exact MATCH is one pass
 * over the customer table per row: 100,000 follow-ups × 100,000 customers did not finish in
 * LibreOffice 7.4, which has no index for it (measured: docs/notes j13). The add-in allocates
 * ascending IDs, so the customer table is normally sorted by ID and the binary search lands on
 * the row; it is accepted only when that row holds the ID and the row above does not (a
 * duplicate ID next to it would make the first one the answer), else the exact MATCH decides:
 * unsorted IDs, an unknown ID or blank cells cost what they cost before, never a wrong name.
 * Nested in IFERROR: MATCH type 1 is #N/A for an ID below the first; AND evaluates every
 * argument, so no argument may fail (INDEX(…,0) would be the whole column, hence MAX(1,…)).
 */
function nameLookup(r: FormulaRefs): string {
  const id = r.row("customerId");
  const ids = r.col("customers", "customerId");
  const names = r.col("customers", "name");
  const p = `MATCH(${id},${ids},1)`;
  const landed = `IFERROR(AND(INDEX(${ids},${p})=${id},OR(${p}=1,INDEX(${ids},MAX(1,${p}-1))<>${id})),FALSE)`;
  return `=IF(${id}="","",IFERROR(IF(${landed},INDEX(${names},${p}),INDEX(${names},MATCH(${id},${ids},0)))&"",""))`;
}

const notes: ColumnDef = {
  key: "notes",
  header: { zh: "备注", en: "Notes" },
  synonyms: ["备注(特殊需求/风险提示)", "说明"],
  type: "text",
  kind: "input",
  width: 160,
};

/** The date a customer is due from: the latest follow-up, or its 建档日期 if never contacted. */
const lastTouch = (r: FormulaRefs) =>
  `IF(${r.row("lastContact")}="",${r.row("createdDate")},${r.row("lastContact")})`;

export const TABLES: Record<TableKey, TableDef> = {
  customers: {
    key: "customers",
    name: "CRM_Customers",
    sheet: { zh: "客户档案", en: "Customers" },
    titleSynonyms: ["客户信息收集表", "客户信息管理标准化模板", "客户档案模板", "客户信息表"],
    idColumn: "customerId",
    columns: [
      {
        key: "customerId",
        header: { zh: "客户编号", en: "Customer ID" },
        synonyms: ["客户ID", "客户代码", "编号"],
        type: "id",
        kind: "auto",
        idPrefix: "C",
        unique: true,
        width: 90,
      },
      {
        key: "name",
        header: { zh: "客户名称", en: "Customer name" },
        synonyms: ["客户名称(全称)", "公司名称", "企业名称", "客户姓名", "客户全称"],
        type: "text",
        kind: "input",
        required: true,
        unique: true,
        width: 160,
      },
      {
        key: "industry",
        header: { zh: "所属行业", en: "Industry" },
        synonyms: ["行业", "行业背景", "行业分类", "行业类型"],
        type: "list",
        kind: "input",
        list: "industry",
        width: 140,
      },
      {
        key: "subIndustry",
        header: { zh: "细分行业", en: "Sub industry" },
        synonyms: ["行业细分", "细分领域"],
        type: "text",
        kind: "input",
        width: 110,
      },
      {
        key: "employees",
        header: { zh: "员工人数", en: "Employees" },
        synonyms: ["人数", "员工数", "公司规模", "客户规模"],
        type: "integer",
        kind: "input",
        min: 0,
        width: 80,
      },
      {
        key: "revenue",
        header: { zh: "年营收", en: "Annual revenue" },
        synonyms: ["年营收(元)", "营业收入", "年营业额"],
        type: "money",
        kind: "input",
        min: 0,
        width: 120,
      },
      {
        key: "sizeTier",
        header: { zh: "规模等级", en: "Size tier" },
        type: "text",
        kind: "computed",
        width: 90,
        formula: (r, mode) => {
          const n = r.row("employees");
          if (mode === "crm") return `=IF(${n}="","",CRM.SIZETIER(${n}))`;
          return `=IF(${n}="","",IF(ISNUMBER(${n}),IF(OR(${n}<0,${n}<>INT(${n})),${MARK},IF(${n}<50,"<50人",IF(${n}<=200,"50-200人",">200人"))),${MARK}))`;
        },
      },
      {
        key: "customerType",
        header: { zh: "客户类型", en: "Customer type" },
        type: "list",
        kind: "input",
        list: "customerType",
        width: 90,
      },
      {
        key: "contact",
        header: { zh: "对接人", en: "Contact" },
        synonyms: ["对接人*", "联系人", "联系人*", "联系人姓名", "联系人及职务"],
        type: "text",
        kind: "input",
        required: true,
        width: 90,
      },
      {
        key: "title",
        header: { zh: "职务", en: "Title" },
        synonyms: ["职位", "联系人职务", "对接人职务"],
        type: "text",
        kind: "input",
        width: 90,
      },
      {
        key: "phone",
        header: { zh: "联系电话", en: "Phone" },
        synonyms: [
          "联系电话(办公/手机)",
          "联系方式",
          "联系方式*",
          "电话",
          "电话号码",
          "手机",
          "手机号",
        ],
        type: "phone",
        kind: "input",
        width: 120,
      },
      {
        key: "email",
        header: { zh: "邮箱", en: "Email" },
        synonyms: ["电子邮箱", "电子邮件", "电子邮件地址", "邮件", "E-mail"],
        type: "email",
        kind: "input",
        width: 160,
      },
      {
        key: "address",
        header: { zh: "企业地址", en: "Address" },
        synonyms: ["地址", "公司地址", "联系地址"],
        type: "text",
        kind: "input",
        width: 180,
      },
      {
        key: "needs",
        header: { zh: "核心需求", en: "Core needs" },
        synonyms: ["核心需求(1-3项)", "产品需求", "客户需求"],
        type: "items",
        kind: "input",
        required: true,
        maxItems: 3,
        width: 160,
      },
      {
        key: "needDetail",
        header: { zh: "需求描述", en: "Need details" },
        synonyms: ["需求说明", "服务需求"],
        type: "text",
        kind: "input",
        width: 200,
      },
      {
        key: "budget",
        header: { zh: "预算范围", en: "Budget range" },
        synonyms: ["预算"],
        type: "text",
        kind: "input",
        width: 100,
      },
      {
        key: "decisionChain",
        header: { zh: "决策链", en: "Decision chain" },
        synonyms: ["决策链(主要决策人及职务)", "决策层", "决策人"],
        type: "text",
        kind: "input",
        width: 140,
      },
      {
        key: "expectedPurchase",
        header: { zh: "预计采购时间", en: "Expected purchase" },
        synonyms: ["采购时间节点", "采购时间", "预计成交时间"],
        type: "date",
        kind: "input",
        width: 100,
      },
      {
        key: "needPriority",
        header: { zh: "需求优先级", en: "Need priority" },
        type: "text",
        kind: "computed",
        width: 80,
        formula: (r, mode) => {
          const d = r.row("expectedPurchase");
          if (mode === "crm") return `=IF(${d}="","",CRM.NEEDPRIORITY(${d},${r.setting("asOf")}))`;
          const asOf = asOfDay(r);
          return `=${nativeDate(d, (day) => `IF(${day}<=EDATE(${asOf},3),"高",IF(${day}<=EDATE(${asOf},6),"中","低"))`)}`;
        },
      },
      {
        key: "annualAmount",
        header: { zh: "年合作额", en: "Annual business" },
        synonyms: ["年合作额(元)", "合作金额", "年采购额"],
        type: "money",
        kind: "input",
        min: 0,
        width: 120,
      },
      {
        key: "repurchaseRate",
        header: { zh: "复购率", en: "Repurchase rate" },
        synonyms: ["复购频次"],
        type: "rate",
        kind: "input",
        min: 0,
        max: 1,
        width: 80,
      },
      // Desktop Excel passes an empty rate cell as 0, which would block class A: pass "" instead.
      {
        key: "valueClass",
        header: { zh: "价值等级", en: "Value class" },
        synonyms: ["ABC分类", "客户等级"],
        type: "text",
        kind: "computed",
        width: 80,
        formula: (r, mode) => {
          const a = r.row("annualAmount");
          const rate = r.row("repurchaseRate");
          if (mode === "crm")
            return `=IF(${a}="","",CRM.ABCCLASS(${a},IF(${rate}="","",${rate}),${r.setting("abcA")},${r.setting("abcB")},${r.setting("highRepurchase")}))`;
          // Comparisons of text with numbers never fail in Excel, so AND/OR may test them all.
          const bad = `OR(NOT(AND(ISNUMBER(${a}),${a}>=0)),AND(${rate}<>"",NOT(AND(ISNUMBER(${rate}),${rate}>=0,${rate}<=1))))`;
          return `=IF(${a}="","",IF(${bad},${MARK},IF(AND(${a}>${r.setting("abcA")},OR(${rate}="",${rate}>=${r.setting("highRepurchase")})),"A",IF(${a}>=${r.setting("abcB")},"B","C"))))`;
        },
      },
      {
        key: "status",
        header: { zh: "客户状态", en: "Customer status" },
        synonyms: ["客户标签"],
        type: "list",
        kind: "input",
        list: "customerStatus",
        width: 110,
      },
      {
        key: "creditRating",
        header: { zh: "信用等级", en: "Credit rating" },
        type: "list",
        kind: "input",
        list: "creditRating",
        width: 80,
      },
      {
        key: "creditLimit",
        header: { zh: "信用额度", en: "Credit limit" },
        synonyms: ["信用额度(元)"],
        type: "money",
        kind: "input",
        min: 0,
        width: 110,
      },
      {
        key: "owner",
        header: { zh: "负责人", en: "Owner" },
        synonyms: ["客户负责人", "销售负责人", "跟进人"],
        type: "text",
        kind: "input",
        width: 80,
      },
      {
        key: "lastContact",
        header: { zh: "最近互动", en: "Last contact" },
        synonyms: ["最近互动时间"],
        type: "date",
        kind: "computed",
        width: 100,
        // MAXIFS is 0 when the customer has no dated follow-up (none at all, or all without
        // 维护日期): blank then, so 下次跟进 and 流失预警 fall back to 建档日期.
        formula: (r) => {
          const max = `MAXIFS(${r.col("interactions", "date")},${r.col("interactions", "customerId")},${r.row("customerId")})`;
          return `=IF(${r.row("customerId")}="","",IF(${max}>0,${max},""))`;
        },
      },
      {
        key: "nextFollowUp",
        header: { zh: "下次跟进", en: "Next follow-up" },
        synonyms: ["下次跟进时间"],
        type: "date",
        kind: "computed",
        width: 100,
        formula: (r, mode) => {
          const cls = r.row("valueClass");
          const cadence = `IF(${cls}="A",${r.setting("cadenceA")},IF(${cls}="B",${r.setting("cadenceB")},${r.setting("cadenceC")}))`;
          if (mode === "crm")
            return `=IF(${lastTouch(r)}="","",CRM.NEXTFOLLOWUP(${lastTouch(r)},${cls},${cadence}))`;
          return `=${nativeDate(lastTouch(r), (day) => `EDATE(${day},${cadence})`)}`;
        },
      },
      {
        key: "churnFlag",
        header: { zh: "流失预警", en: "Churn risk" },
        type: "boolean",
        kind: "computed",
        width: 80,
        formula: (r, mode) => {
          if (mode === "crm")
            return `=IF(${lastTouch(r)}="","",CRM.CHURNFLAG(${lastTouch(r)},${r.setting("asOf")},${r.setting("churnMonths")}))`;
          return `=${nativeDate(lastTouch(r), (day) => `${asOfDay(r)}>=EDATE(${day},${r.setting("churnMonths")})`)}`;
        },
      },
      {
        key: "createdDate",
        header: { zh: "建档日期", en: "Created on" },
        synonyms: ["建档时间", "创建日期", "合作起始时间"],
        type: "date",
        kind: "input",
        defaultValue: "today",
        width: 100,
      },
      notes,
    ],
  },
  interactions: {
    key: "interactions",
    name: "CRM_Interactions",
    sheet: { zh: "维护记录", en: "Follow-ups" },
    titleSynonyms: ["客户关系维护记录表", "企业客户关系维护记录表", "沟通记录", "跟进记录"],
    idColumn: "recordId",
    columns: [
      {
        key: "recordId",
        header: { zh: "记录编号", en: "Record ID" },
        synonyms: ["序号"],
        type: "id",
        kind: "auto",
        idPrefix: "R",
        unique: true,
        width: 100,
      },
      customerIdRef("interactions"),
      customerNameLookup,
      {
        key: "date",
        header: { zh: "维护日期", en: "Date" },
        synonyms: ["沟通日期", "跟进日期", "沟通时间"],
        type: "date",
        kind: "input",
        required: true,
        defaultValue: "today",
        width: 100,
      },
      {
        key: "method",
        header: { zh: "维护方式", en: "Method" },
        synonyms: ["沟通方式", "跟进方式"],
        type: "list",
        kind: "input",
        list: "contactMethod",
        width: 90,
      },
      {
        key: "topic",
        header: { zh: "维护主题", en: "Topic" },
        synonyms: ["维护主题/事由", "事由", "沟通主题", "主要讨论事项"],
        type: "text",
        kind: "input",
        required: true,
        width: 140,
      },
      {
        key: "summary",
        header: { zh: "沟通内容摘要", en: "Summary" },
        synonyms: ["沟通内容", "最近互动内容", "内容摘要"],
        type: "text",
        kind: "input",
        width: 220,
      },
      {
        key: "customerFeedback",
        header: { zh: "客户反馈与需求", en: "Customer feedback" },
        synonyms: ["客户反馈"],
        type: "text",
        kind: "input",
        width: 180,
      },
      {
        key: "nextAction",
        header: { zh: "下一步行动计划", en: "Next action" },
        synonyms: ["下一步计划", "跟进计划", "后续行动"],
        type: "text",
        kind: "input",
        width: 180,
      },
      {
        key: "owner",
        header: { zh: "责任人", en: "Owner" },
        synonyms: ["负责人", "跟进人"],
        type: "text",
        kind: "input",
        width: 80,
      },
      {
        key: "dueDate",
        header: { zh: "计划完成时间", en: "Due date" },
        synonyms: ["计划完成日期"],
        type: "date",
        kind: "input",
        width: 100,
      },
      {
        key: "result",
        header: { zh: "执行结果", en: "Result" },
        synonyms: ["互动结果", "互动结果(进展/待办/问题)", "会议结果"],
        type: "text",
        kind: "input",
        width: 160,
      },
      {
        key: "customerStatus",
        header: { zh: "客户状态", en: "Customer status" },
        type: "list",
        kind: "input",
        list: "customerStatus",
        width: 110,
      },
      {
        key: "overdue",
        header: { zh: "是否逾期", en: "Overdue" },
        type: "boolean",
        kind: "computed",
        width: 80,
        formula: (r, mode) => {
          const due = r.row("dueDate");
          const done = r.row("result");
          if (mode === "crm")
            return `=IF(${due}="","",CRM.OVERDUE(${due},${done},${r.setting("asOf")}))`;
          // Open while 执行结果 is blank, FALSE or 0 (rules.ts isFinished).
          const open = `OR(TRIM(${done})="",${done}=FALSE,${done}=0)`;
          return `=${nativeDate(due, (day) => `AND(${day}<${asOfDay(r)},${open})`)}`;
        },
      },
      notes,
    ],
  },
  feedback: {
    key: "feedback",
    name: "CRM_Feedback",
    sheet: { zh: "客户反馈", en: "Feedback" },
    titleSynonyms: ["客户反馈信息记录表", "企业客户关系维护信息反馈模板", "客户反馈记录"],
    idColumn: "feedbackId",
    columns: [
      {
        key: "feedbackId",
        header: { zh: "反馈编号", en: "Feedback ID" },
        type: "id",
        kind: "auto",
        idPrefix: "F",
        unique: true,
        width: 100,
      },
      customerIdRef("feedback"),
      customerNameLookup,
      {
        key: "date",
        header: { zh: "反馈日期", en: "Feedback date" },
        synonyms: ["反馈时间"],
        type: "date",
        kind: "input",
        required: true,
        defaultValue: "today",
        width: 100,
      },
      {
        key: "type",
        header: { zh: "反馈类型", en: "Feedback type" },
        type: "list",
        kind: "input",
        list: "feedbackType",
        required: true,
        width: 100,
      },
      {
        key: "channel",
        header: { zh: "反馈渠道", en: "Channel" },
        synonyms: ["收集渠道"],
        type: "list",
        kind: "input",
        list: "feedbackChannel",
        width: 90,
      },
      {
        key: "description",
        header: { zh: "反馈内容描述", en: "Description" },
        synonyms: ["反馈内容", "反馈详情"],
        type: "text",
        kind: "input",
        required: true,
        width: 240,
      },
      {
        key: "orderRef",
        header: { zh: "关联订单号", en: "Related order" },
        synonyms: ["涉及订单/项目编号", "订单号", "项目编号"],
        type: "text",
        kind: "input",
        width: 110,
      },
      {
        key: "status",
        header: { zh: "处理状态", en: "Status" },
        synonyms: ["当前处理状态"],
        type: "list",
        kind: "input",
        list: "feedbackStatus",
        required: true,
        defaultValue: FEEDBACK_STATUS.default,
        width: 90,
      },
      {
        key: "owner",
        header: { zh: "责任人", en: "Owner" },
        synonyms: ["责任人(内部)", "负责人"],
        type: "text",
        kind: "input",
        width: 80,
      },
      {
        key: "department",
        header: { zh: "责任部门", en: "Department" },
        type: "text",
        kind: "input",
        width: 90,
      },
      {
        key: "plannedDate",
        header: { zh: "计划完成时间", en: "Planned date" },
        synonyms: ["计划完成日期"],
        type: "date",
        kind: "input",
        width: 100,
      },
      {
        key: "actualDate",
        header: { zh: "实际完成时间", en: "Completed on" },
        synonyms: ["实际完成日期"],
        type: "date",
        kind: "input",
        width: 100,
      },
      {
        key: "resolution",
        header: { zh: "处理结果简述", en: "Resolution" },
        synonyms: ["处理结果"],
        type: "text",
        kind: "input",
        width: 200,
      },
      {
        key: "satisfaction",
        header: { zh: "满意度评分", en: "Satisfaction" },
        synonyms: ["客户满意度评分", "满意度"],
        type: "integer",
        kind: "input",
        min: 1,
        max: 5,
        width: 80,
      },
      {
        key: "sla",
        header: { zh: "时效状态", en: "Timeliness" },
        type: "text",
        kind: "computed",
        width: 90,
        formula: (r, mode) => {
          const status = r.row("status");
          const planned = r.row("plannedDate");
          const actual = r.row("actualDate");
          if (mode === "crm")
            return `=IF(${status}="","",CRM.FEEDBACKSLA(${status},${planned},${actual},${r.setting("asOf")}))`;
          const st = `TRIM(${status})`;
          const is = (v: string) => `${st}="${v}"`;
          // N() reads an empty or text cell as 0, so a missing date is simply "not ≥ 1".
          const done = `IF(AND(N(${planned})>=1,N(${actual})>=1),IF(INT(N(${actual}))>INT(N(${planned})),"逾期完成","按期完成"),"按期完成")`;
          const open = `IF(AND(N(${planned})>=1,${asOfDay(r)}>INT(N(${planned}))),"已逾期","进行中")`;
          const openStatuses = FEEDBACK_STATUS.open.map(is).join(",");
          return `=IF(${st}="","",IF(OR(${badOptionalDate(planned)},${badOptionalDate(actual)}),${MARK},IF(${is(FEEDBACK_STATUS.done)},${done},IF(${is(FEEDBACK_STATUS.unresolvable)},"${FEEDBACK_STATUS.unresolvable}",IF(OR(${openStatuses}),${open},${MARK})))))`;
        },
      },
      notes,
    ],
  },
  orders: {
    key: "orders",
    name: "CRM_Orders",
    sheet: { zh: "交易记录", en: "Orders" },
    titleSynonyms: ["客户购买历史", "历史交易记录", "销售记录", "购买记录"],
    idColumn: "orderId",
    columns: [
      {
        key: "orderId",
        header: { zh: "订单编号", en: "Order ID" },
        synonyms: ["订单号"],
        type: "id",
        kind: "auto",
        idPrefix: "O",
        unique: true,
        width: 100,
      },
      customerIdRef("orders"),
      customerNameLookup,
      {
        key: "date",
        header: { zh: "交易日期", en: "Order date" },
        synonyms: ["购买日期", "购买时间", "成交日期"],
        type: "date",
        kind: "input",
        required: true,
        defaultValue: "today",
        width: 100,
      },
      {
        key: "product",
        header: { zh: "产品服务", en: "Product" },
        synonyms: ["产品/服务", "产品或服务", "产品或服务详情", "产品类型", "产品名称"],
        type: "text",
        kind: "input",
        required: true,
        width: 160,
      },
      {
        key: "quantity",
        header: { zh: "数量", en: "Quantity" },
        type: "number",
        kind: "input",
        min: 0,
        exclusiveMin: true,
        width: 70,
      },
      {
        key: "unitPrice",
        header: { zh: "单价", en: "Unit price" },
        synonyms: ["价格"],
        type: "money",
        kind: "input",
        min: 0,
        width: 100,
      },
      {
        key: "amount",
        header: { zh: "金额", en: "Amount" },
        synonyms: ["交易金额", "成交金额"],
        type: "money",
        kind: "computed",
        width: 110,
        formula: (r) => {
          const q = r.row("quantity");
          const p = r.row("unitPrice");
          return `=IF(OR(${q}="",${p}=""),"",IF(AND(ISNUMBER(${q}),ISNUMBER(${p})),${q}*${p},${MARK}))`;
        },
      },
      {
        key: "channel",
        header: { zh: "购买渠道", en: "Channel" },
        type: "list",
        kind: "input",
        list: "purchaseChannel",
        width: 80,
      },
      notes,
    ],
  },
};

export const TABLE_KEYS: readonly TableKey[] = ["customers", "interactions", "feedback", "orders"];

/** The Settings and Dashboard sheets (not tables). */
export const SETTINGS_SHEET: Label = { zh: "参数设置", en: "Settings" };
export const DASHBOARD_SHEET: Label = { zh: "仪表板", en: "Dashboard" };

/**
 * Bumped when the layout gains columns; stored in the workbook (custom document property
 * `CRM_LayoutVersion`) so an older workbook is recognised and upgraded in place. 2: native
 * formulas; 3: the 客户名称 lookups search by binary search first.
 */
export const LAYOUT_VERSION = 3;

/**
 * Combined template columns that hold several fields in one cell, split on import and adoption.
 * `parts` are column keys in the order the template writes them ("200人/1.2亿元").
 */
export const COMBINED_COLUMNS: readonly {
  table: TableKey;
  header: string;
  parts: readonly (string | null)[];
}[] = [
  { table: "customers", header: "企业规模(员工人数/年营收)", parts: ["employees", "revenue"] },
  // The template's ABC class is recomputed from amount and rate; 客单价 carries the annual amount.
  {
    table: "customers",
    header: "客户价值评估(ABC分类/客单价/复购率)",
    parts: [null, "annualAmount", "repurchaseRate"],
  },
  { table: "customers", header: "联系人(姓名/职位)", parts: ["contact", "title"] },
  { table: "interactions", header: "联系人(姓名/职位)", parts: [null, null] },
  {
    table: "customers",
    header: "跟进计划(下次跟进时间/目标/负责人)",
    parts: [null, null, "owner"],
  },
];

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

export function columnDef(table: TableKey, key: string): ColumnDef {
  const col = TABLES[table].columns.find((c) => c.key === key);
  if (!col) throw new Error(`Unknown column ${table}.${key}`);
  return col;
}

export function headerOf(table: TableKey, key: string, lang: Lang): string {
  return columnDef(table, key).header[lang];
}

export function inputColumns(table: TableKey): ColumnDef[] {
  return TABLES[table].columns.filter((c) => c.kind !== "computed");
}

/**
 * Normalises a header for matching: NFKC (full-width to half-width), no white space, no
 * trailing markers such as `*`, lower case. `客户名称（全称）` and `客户名称(全称)` match.
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/[*＊:：]+$/u, "")
    .toLowerCase();
}

/**
 * Each table's columns by normalised header (zh, en and synonyms), built on first use. Header
 * detection asks for every cell of the first 30 rows against every table; normalising every
 * schema header on each of those calls was most of the time of detecting a file's layout.
 * The first column to claim a normalised header keeps it, as a search in column order would.
 */
const headerIndexes = new Map<TableKey, Map<string, ColumnDef>>();

function headerIndex(table: TableKey): Map<string, ColumnDef> {
  let index = headerIndexes.get(table);
  if (!index) {
    index = new Map();
    for (const c of TABLES[table].columns) {
      for (const name of [c.header.zh, c.header.en, ...(c.synonyms ?? [])]) {
        const h = normalizeHeader(name);
        if (!index.has(h)) index.set(h, c);
      }
    }
    headerIndexes.set(table, index);
  }
  return index;
}

/**
 * Finds the column a header names in a table: exact zh/en header, a known synonym, or a header
 * with a parenthesised suffix (`客户名称(全称)` → 客户名称). Returns undefined when unknown.
 */
export function matchHeader(table: TableKey, header: string): ColumnDef | undefined {
  const h = normalizeHeader(header);
  if (!h) return undefined;
  const exact = headerIndex(table).get(h);
  if (exact) return exact;
  const base = h.replace(/\(.*\)$/u, "");
  if (base !== h) return matchHeader(table, base);
  return undefined;
}

/** Builds the FormulaRefs for a workbook whose headers are given by `headerOf`. */
export function formulaRefs(table: TableKey, header: HeaderOf): FormulaRefs {
  return {
    row: (key) => `[@[${header(table, key)}]]`,
    col: (t, key) => `${TABLES[t].name}[[${header(t, key)}]]`,
    setting: (key) => settingName(key),
  };
}

/**
 * THE formula of a computed column for a formula mode: what setup, repair, a mode switch and the
 * appender write, and what status compares against. `headers` is the language of a workbook set
 * up with the standard headers, or the workbook's actual headers (adopted tables).
 */
export function columnFormula(
  table: TableKey,
  key: string,
  mode: FormulaMode,
  headers: Lang | HeaderOf,
): string {
  const col = columnDef(table, key);
  if (!col.formula) throw new Error(`${table}.${key} is not a computed column`);
  const header = typeof headers === "string" ? standardHeaders(headers) : headers;
  return col.formula(formulaRefs(table, header), mode);
}

/** The computed columns of a table (those `columnFormula` answers for). */
export function computedColumns(table: TableKey): ColumnDef[] {
  return TABLES[table].columns.filter((c) => c.kind === "computed");
}

export function standardHeaders(lang: Lang): HeaderOf {
  return (table, key) => headerOf(table, key, lang);
}

/**
 * The data validation of a typed input column, so a value the rules cannot read (`120万`,
 * `2024年5月`, a rate of 85) is refused at entry rather than found by the data check: integer →
 * whole number, money / number / rate → decimal, date → a date of Excel's calendar; bounds from
 * the column's min / max. List columns validate against their list instead (no rule here).
 */
export interface NumberValidation {
  type: "wholeNumber" | "decimal" | "date";
  min?: number;
  max?: number;
  /** The value must be greater than `min` (quantities). */
  exclusiveMin?: boolean;
}

export function numberValidation(col: ColumnDef): NumberValidation | undefined {
  if (col.kind !== "input") return undefined;
  const bounds = { min: col.min, max: col.max, exclusiveMin: col.exclusiveMin };
  switch (col.type) {
    case "integer":
      return { type: "wholeNumber", ...bounds };
    case "money":
    case "number":
    case "rate":
      return { type: "decimal", ...bounds };
    case "date":
      return { type: "date" };
    default:
      return undefined;
  }
}

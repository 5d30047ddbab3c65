/**
 * An in-memory CRM workbook: the pane's preview mode (opened outside Excel) and the tests.
 * It behaves like the Excel implementation where the pane can tell: the same validation before a
 * write, IDs allocated at write time from the current table, all-or-nothing appends, and the
 * calculated columns (lookups, 最近互动, 下次跟进, 流失预警, 时效状态...) computed on every read with
 * the same rules as the custom functions, so the work lists change after a follow-up is logged.
 *
 * The sample data is drawn from the templates' examples (C202405001 科技有限公司, 制造业-电子设备,
 * 智能仓储系统升级...); its follow-up and feedback dates are relative to today so the work lists
 * always have something to show.
 */
import type {
  AdoptCandidate,
  AppendOptions,
  AppendResult,
  CrmRecord,
  CrmWorkbook,
  RowRef,
  SetupReport,
  TableStatus,
  UpdateOptions,
  WorkbookStatus,
} from "./port";
import { newListItems } from "./listItems";
import { storyFromTables, type CustomerStory } from "./customerStory";
import { EditConflict, conflictFields } from "./edit";
import {
  LAYOUT_VERSION,
  TABLES,
  TABLE_KEYS,
  DEFAULT_FORMULA_MODE,
  columnDef,
  columnFormula,
  computedColumns,
  defaultListValues,
  defaultSettings,
  type FormulaMode,
  type Lang,
  type ListKey,
  type ListValues,
  type Settings,
  type TableKey,
} from "./schema";
import { LAYOUT_MESSAGES } from "./layout";
import { say } from "./i18n";
import {
  customerIdSet,
  describeIssue,
  inputKeys,
  isWarningIssue,
  validateForWrite,
  validateRecord,
  type ValidationContext,
} from "./validation";
import { RuleError, feedbackSlaCell, needPriorityCell, overdueCell, sizeTierCell } from "./rules";
import { customerSchedule, lastContacts } from "./worklists";
import { allocateIdsByDate, keepOrAllocateIds } from "./ids";
import { teamSample } from "./sampleTeam";
import { serialFromYmd, todaySerial, toSerial } from "./values";

// The writers' refusal, shared by both adapters; re-exported here where it was first defined.
export { WriteRejected } from "./writeRejected";
import { WriteRejected } from "./writeRejected";

/** The column of the record's own date, whose month goes into its ID (C+YYYYMM+NNN). */
const ID_DATE_COLUMN: Record<TableKey, string> = {
  customers: "createdDate",
  interactions: "date",
  feedback: "date",
  orders: "date",
};

/**
 * IDs for new rows of `table`, by the rule the Excel adapter follows (keepOrAllocateIds): a
 * draft's own well-formed, unused ID is kept; the others get one from their own date's month
 * (today's when they have none), continuing after the IDs already in `existing`.
 */
function newIds(
  table: TableKey,
  existing: readonly CrmRecord[],
  drafts: readonly CrmRecord[],
  rows: readonly CrmRecord[],
  today: number,
): string[] {
  const idColumn = TABLES[table].idColumn;
  const dateKey = ID_DATE_COLUMN[table];
  return keepOrAllocateIds(
    existing.map((r) => r[idColumn]),
    columnDef(table, idColumn).idPrefix ?? "",
    drafts.map((d) => d[idColumn]),
    rows.map((r) => {
      const d = toSerial(r[dateKey]);
      return typeof d === "number" ? d : today;
    }),
  );
}

export interface MemoryWorkbookOptions {
  /** Today's serial; defaults to the local date. */
  today?: number;
  /** Start empty instead of with the sample data. */
  empty?: boolean;
  /**
   * Adds a team-sized sample of this many customers (with their follow-ups, plans and feedback)
   * after the small one: preview mode's `?seed=N` and the work-list bench.
   */
  team?: number;
  lists?: ListValues;
}

type Tables = Record<TableKey, CrmRecord[]>;

export class MemoryWorkbook implements CrmWorkbook {
  readonly mode = "preview" as const;
  private readonly tables: Tables;
  private readonly settings: Settings;
  private readonly lists: ListValues;
  private readonly today: number;
  /**
   * The calculated columns' formula mode. Here every computed value comes from the rules either
   * way (native formulas equal them on valid input; LibreOffice test), so the mode is recorded
   * and reported, as the workbook setting is.
   */
  private formulaMode: FormulaMode = DEFAULT_FORMULA_MODE;
  /** The last row `select` was asked for (preview mode has no sheet to show it in). */
  lastSelection: RowRef | null = null;

  constructor(options: MemoryWorkbookOptions = {}) {
    this.today = options.today ?? todaySerial();
    this.settings = defaultSettings(this.today);
    this.lists = options.lists ?? defaultListValues();
    this.tables = options.empty
      ? { customers: [], interactions: [], feedback: [], orders: [] }
      : sampleTables(this.today);
    if (options.team) this.addTeam(options.team);
  }

  /** Appends teamSample's rows, allocating IDs as a write would (after the rows already there). */
  private addTeam(count: number): void {
    const team = teamSample(count, this.today);
    const add = (table: TableKey, rows: CrmRecord[]): string[] => {
      const ids = newIds(table, this.tables[table], rows, rows, this.today);
      rows.forEach((r, i) => {
        this.tables[table].push({ [TABLES[table].idColumn]: ids[i] ?? null, ...r });
      });
      return ids;
    };
    const customerIds = add("customers", team.customers);
    const withCustomer = ({ customer, ...r }: CrmRecord & { customer: number }): CrmRecord => ({
      customerId: customerIds[customer] ?? null,
      ...r,
    });
    add("interactions", team.interactions.map(withCustomer));
    add("feedback", team.feedback.map(withCustomer));
  }

  async status(): Promise<WorkbookStatus> {
    const tables = {} as Record<TableKey, TableStatus>;
    for (const key of TABLE_KEYS) {
      tables[key] = {
        present: true,
        rows: this.tables[key].length,
        missingColumns: [],
        formulaDrift: [],
      };
    }
    return {
      mode: "preview",
      tables,
      settingsPresent: true,
      layoutVersion: LAYOUT_VERSION,
      asOf: this.settings.asOf,
      formulaMode: this.formulaMode,
      candidates: [],
    };
  }

  async setup(_lang: Lang): Promise<SetupReport> {
    return {
      created: [],
      upgraded: [],
      skipped: TABLE_KEYS.map((k) => TABLES[k].name),
      warnings: [],
      syncs: 0,
    };
  }

  async setFormulaMode(mode: FormulaMode, lang: Lang): Promise<SetupReport> {
    const changed = mode !== this.formulaMode;
    this.formulaMode = mode;
    const upgraded: string[] = [];
    if (changed) {
      const modeName = say(
        mode === "native" ? LAYOUT_MESSAGES.modeNative : LAYOUT_MESSAGES.modeCrm,
        lang,
      );
      for (const key of TABLE_KEYS)
        for (const col of computedColumns(key)) {
          // Lookups, 最近互动 and 金额 have no CRM function: the same formula in both modes.
          if (
            columnFormula(key, col.key, "native", lang) === columnFormula(key, col.key, "crm", lang)
          )
            continue;
          upgraded.push(
            say(LAYOUT_MESSAGES.formulasUpdated, lang, {
              table: TABLES[key].name,
              column: col.header[lang],
              mode: modeName,
            }),
          );
        }
    }
    return { created: [], upgraded, skipped: [], warnings: [], syncs: 0 };
  }

  async adopt(candidate: AdoptCandidate, _lang: Lang): Promise<SetupReport> {
    return { created: [], upgraded: [], skipped: [candidate.sheet], warnings: [], syncs: 0 };
  }

  async readLists(): Promise<ListValues> {
    return { ...this.lists };
  }

  async addListItems(list: ListKey, items: readonly string[]): Promise<string[]> {
    const added = newListItems(this.lists[list], items);
    if (added.length > 0) this.lists[list] = [...this.lists[list], ...added];
    return added;
  }

  async readSettings(): Promise<Settings> {
    return { ...this.settings };
  }

  async refreshAsOf(today: number): Promise<void> {
    // A date fixed in the Settings panel stays until changed there.
    if (this.settings.asOfFixed !== 1) this.settings.asOf = today;
  }

  async writeSettings(values: Partial<Settings>): Promise<void> {
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === "number" && key in this.settings) {
        this.settings[key as keyof Settings] = value;
      }
    }
  }

  /** Filters the tables (as read, with their calculated columns) for one customer. */
  async readCustomerStory(customerId: string): Promise<CustomerStory> {
    return storyFromTables(customerId, {
      customers: this.withComputedColumns("customers"),
      interactions: this.withComputedColumns("interactions"),
      feedback: this.withComputedColumns("feedback"),
      orders: this.withComputedColumns("orders"),
    });
  }

  async readRecords(table: TableKey): Promise<CrmRecord[]> {
    return this.withComputedColumns(table);
  }

  /** What a write is validated against: the lists, today and the customers as they are now. */
  private validationContext(): ValidationContext {
    return {
      lists: this.lists,
      today: this.today,
      customerIds: customerIdSet(this.tables.customers.map((c) => c.customerId)),
    };
  }

  /**
   * One write in memory: all or nothing, so nothing to report progress on. A batch id is kept
   * per table as the Excel adapter keeps it (src/domain/batch.ts): the same id again, while the
   * batch's rows are still there, is a retry whose rows are all written already.
   */
  async appendRecords(
    table: TableKey,
    drafts: CrmRecord[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const last = this.batches.get(table);
    if (
      options.batchId &&
      last?.id === options.batchId &&
      this.tables[table].length >= last.result.firstRow + last.result.ids.length
    ) {
      return { ids: [...last.result.ids], firstRow: last.result.firstRow };
    }
    const result = this.appendNow(table, drafts);
    if (options.batchId) this.batches.set(table, { id: options.batchId, result });
    return result;
  }

  private readonly batches = new Map<TableKey, { id: string; result: AppendResult }>();

  private appendNow(table: TableKey, drafts: CrmRecord[]): AppendResult {
    const ctx = this.validationContext();
    const clean: CrmRecord[] = [];
    // Validate everything before touching the table: one bad draft means nothing is written.
    drafts.forEach((draft, i) => {
      // As the Excel adapter (validateForWrite): list values and values with a warning (a
      // malformed email or phone, which the import keeps as given) go as given; a write enforces
      // shape, required fields, ranges and references.
      const { record, issues: blocking } = validateForWrite(table, draft, ctx);
      if (blocking.length > 0) {
        const detail = blocking.map((issue) => describeIssue(table, issue, "zh")).join("；");
        throw new WriteRejected(`第 ${i + 1} 条记录未通过校验：${detail}`, table, blocking);
      }
      clean.push(record);
    });
    const idColumn = TABLES[table].idColumn;
    const ids = newIds(table, this.tables[table], drafts, clean, this.today);
    const firstRow = this.tables[table].length;
    clean.forEach((r, i) => {
      r[idColumn] = ids[i] ?? null;
    });
    // A loop, not push(...clean): an import of 100,000 rows is past the engine's argument limit.
    for (const r of clean) this.tables[table].push(r);
    return { ids, firstRow };
  }

  async updateRecord(
    table: TableKey,
    id: string,
    patch: CrmRecord,
    options: UpdateOptions = {},
  ): Promise<void> {
    const def = TABLES[table];
    const row = this.tables[table].find((r) => r[def.idColumn] === id);
    if (!row) throw new WriteRejected(`找不到编号为 ${id} 的记录 / No record with ID ${id}`);
    if (options.expected) {
      const fields = conflictFields(table, options.expected, row);
      if (fields.length > 0) throw new EditConflict(table, id, fields, { ...row });
    }
    const editable = new Set(inputKeys(table));
    const keys = Object.keys(patch).filter((k) => editable.has(k) && k !== def.idColumn);
    const merged = { ...row, ...patch };
    const { record, issues } = validateRecord(table, merged, this.validationContext());
    // Existing rows may hold imported values that no longer validate; only the patch is judged.
    // As the Excel adapter, a warning (off-list, malformed email or phone) does not block: the
    // patch's value is written as given.
    const relevant = issues.filter((i) => keys.includes(i.key) && !isWarningIssue(i));
    if (relevant.length > 0) {
      const detail = relevant.map((issue) => describeIssue(table, issue, "zh")).join("；");
      throw new WriteRejected(`未更新：${detail}`, table, relevant);
    }
    const warned = new Set(issues.filter(isWarningIssue).map((i) => i.key));
    for (const k of keys) {
      const given = patch[k];
      row[k] = warned.has(k) && typeof given === "string" ? given.trim() : (record[k] ?? null);
    }
  }

  async select(ref: RowRef): Promise<void> {
    if (ref.row < 0 || ref.row >= this.tables[ref.table].length) {
      throw new WriteRejected(`第 ${ref.row + 1} 行不存在 / Row ${ref.row + 1} does not exist`);
    }
    this.lastSelection = { ...ref };
  }

  /** The stored input values plus what the table's calculated columns would show. */
  private withComputedColumns(table: TableKey): CrmRecord[] {
    const asOf = this.settings.asOf;
    const names = new Map(this.tables.customers.map((c) => [c.customerId, c.name]));
    const rows = this.tables[table].map((r) => ({ ...r }));
    const cell = <T>(fn: () => T): T | string => {
      try {
        return fn();
      } catch (e) {
        if (e instanceof RuleError) return e.kind === "num" ? "#NUM!" : "#VALUE!";
        throw e;
      }
    };
    switch (table) {
      case "customers": {
        const contacts = lastContacts(this.tables.interactions);
        for (const r of rows) {
          const s = customerSchedule(
            r,
            contacts.get(String(r.customerId)) ?? null,
            this.settings,
            asOf,
          );
          r.sizeTier = cell(() => sizeTierCell(r.employees));
          r.needPriority = cell(() => needPriorityCell(r.expectedPurchase, asOf));
          r.valueClass = s.valueClass;
          r.lastContact = s.lastContact ?? "";
          r.nextFollowUp = s.nextFollowUp ?? "";
          r.churnFlag = s.churnFlag ?? "";
        }
        break;
      }
      case "interactions":
        for (const r of rows) {
          r.customerName = names.get(r.customerId) ?? "";
          r.overdue = cell(() => overdueCell(r.dueDate, r.result, asOf));
        }
        break;
      case "feedback":
        for (const r of rows) {
          r.customerName = names.get(r.customerId) ?? "";
          r.sla = cell(() => feedbackSlaCell(r.status, r.plannedDate, r.actualDate, asOf));
        }
        break;
      case "orders":
        for (const r of rows) {
          r.customerName = names.get(r.customerId) ?? "";
          const q = r.quantity;
          const p = r.unitPrice;
          r.amount = typeof q === "number" && typeof p === "number" ? q * p : "";
        }
        break;
    }
    return rows;
  }
}

// ---------------------------------------------------------------------------------------------
// Sample data
// ---------------------------------------------------------------------------------------------

type Row = Record<string, string | number | null>;

/** A sample customer, in the order of its columns; dates relative to today are in days. */
type CustomerSeed = [
  name: string,
  industry: string,
  subIndustry: string,
  employees: number,
  revenue: number,
  customerType: string,
  contact: string,
  title: string,
  phone: string,
  email: string,
  address: string,
  needs: string,
  needDetail: string,
  budget: string,
  decisionChain: string,
  expectedPurchaseInDays: number | null,
  annualAmount: number | null,
  repurchaseRate: number | null,
  status: string,
  creditRating: string,
  creditLimit: number | null,
  owner: string,
  created: [year: number, month: number, day: number],
  notes: string,
];

const CUSTOMERS: CustomerSeed[] = [
  [
    "北京智联科技有限公司",
    "制造业",
    "电子设备",
    200,
    120_000_000,
    "老客户",
    "张伟",
    "采购总监",
    "010-88886666/13800138000",
    "zhangwei@zhilian-tech.cn",
    "北京市朝阳区建国路88号",
    "智能仓储系统升级",
    "需支持多仓库数据同步，预算80-100万",
    "80-100万",
    "总经理、技术经理",
    45,
    1_200_000,
    0.85,
    "稳定合作客户",
    "优",
    500_000,
    "李娜",
    [2024, 5, 10],
    "2023年Q1采购ERP系统，金额50万",
  ],
  [
    "上海华信贸易有限公司",
    "批发和零售业",
    "进出口贸易",
    80,
    30_000_000,
    "老客户",
    "王芳",
    "运营经理",
    "021-66668888",
    "wangfang@huaxin-trade.cn",
    "上海市浦东新区世纪大道100号",
    "供应链管理、库存预警",
    "希望库存低于安全线时自动提醒",
    "20-30万",
    "总经理",
    120,
    350_000,
    0.6,
    "流失风险客户",
    "良",
    200_000,
    "赵磊",
    [2024, 5, 16],
    "",
  ],
  [
    "深圳云帆网络科技有限公司",
    "信息传输、软件和信息技术服务业",
    "SaaS",
    45,
    8_000_000,
    "新客户",
    "陈磊",
    "技术总监",
    "13912345678",
    "chenlei@yunfan.cn",
    "深圳市南山区科技园南区",
    "数据中台",
    "整合三套业务系统的数据",
    "10万以内",
    "CEO、技术总监",
    200,
    80_000,
    null,
    "高意向客户",
    "中",
    50_000,
    "李娜",
    [2024, 5, 28],
    "",
  ],
  [
    "杭州绿源食品有限公司",
    "制造业",
    "食品加工",
    320,
    150_000_000,
    "战略客户",
    "刘洋",
    "副总经理",
    "0571-87654321",
    "liuyang@lvyuan-food.cn",
    "杭州市余杭区良渚街道",
    "冷链追溯、质量管理",
    "出口批次需要全程温度记录",
    "200万以上",
    "董事长、副总经理、质量部经理",
    30,
    2_600_000,
    0.9,
    "稳定合作客户",
    "优",
    1_000_000,
    "赵磊",
    [2024, 6, 3],
    "重点客户，每月拜访",
  ],
  [
    "成都天府建设集团有限公司",
    "建筑业",
    "市政工程",
    1500,
    800_000_000,
    "老客户",
    "黄静",
    "采购部经理",
    "028-85551234",
    "huangjing@tianfu-build.cn",
    "成都市高新区天府大道北段",
    "项目管理软件",
    "多项目进度与成本统一看板",
    "50-80万",
    "总经理、财务总监",
    90,
    600_000,
    0.3,
    "稳定合作客户",
    "良",
    300_000,
    "王强",
    [2024, 6, 12],
    "",
  ],
  [
    "南京博雅教育咨询有限公司",
    "教育",
    "职业培训",
    30,
    3_000_000,
    "新客户",
    "周敏",
    "校长",
    "025-83337777",
    "zhoumin@boya-edu.cn",
    "南京市鼓楼区中山路18号",
    "招生管理",
    "",
    "5万以内",
    "校长",
    null,
    50_000,
    null,
    "高意向客户",
    "中",
    null,
    "王强",
    [2024, 6, 18],
    "展会获取的线索",
  ],
  [
    "广州南粤物流有限公司",
    "交通运输、仓储和邮政业",
    "城市配送",
    260,
    90_000_000,
    "老客户",
    "吴昊",
    "信息部主管",
    "020-38889999",
    "wuhao@nanyue-logistics.cn",
    "广州市白云区机场路",
    "运输调度、电子回单",
    "司机端需要离线签收",
    "30-50万",
    "总经理、信息部主管",
    60,
    450_000,
    0.7,
    "稳定合作客户",
    "良",
    200_000,
    "赵磊",
    [2024, 7, 2],
    "",
  ],
  [
    "武汉光谷生物医药有限公司",
    "科学研究和技术服务业",
    "生物医药研发",
    150,
    60_000_000,
    "战略客户",
    "郑洁",
    "研发总监",
    "027-87776666",
    "zhengjie@optics-bio.cn",
    "武汉市东湖高新区高新大道",
    "实验数据管理",
    "符合GMP的数据留痕",
    "100万左右",
    "总经理、研发总监、QA经理",
    20,
    900_000,
    0.55,
    "高意向客户",
    "优",
    600_000,
    "李娜",
    [2024, 7, 19],
    "",
  ],
  [
    "苏州精工机械制造有限公司",
    "制造业",
    "通用设备",
    420,
    200_000_000,
    "老客户",
    "孙涛",
    "设备科长",
    "0512-65558888",
    "suntao@jinggong-machinery.cn",
    "苏州市工业园区星湖街",
    "设备维保、备件管理",
    "",
    "10-20万",
    "厂长",
    null,
    150_000,
    0.2,
    "流失风险客户",
    "中",
    100_000,
    "王强",
    [2024, 8, 6],
    "去年投诉过维修响应",
  ],
  [
    "西安秦川文化传媒有限公司",
    "文化、体育和娱乐业",
    "广告制作",
    25,
    4_000_000,
    "新客户",
    "马丽",
    "市场经理",
    "13709181234",
    "mali@qinchuan-media.cn",
    "西安市雁塔区科技路",
    "客户活动管理",
    "",
    "5万以内",
    "总经理",
    150,
    20_000,
    null,
    "高意向客户",
    "中",
    null,
    "赵磊",
    [2024, 8, 21],
    "",
  ],
  [
    "青岛海润酒店管理有限公司",
    "住宿和餐饮业",
    "连锁酒店",
    600,
    180_000_000,
    "老客户",
    "何平",
    "运营总监",
    "0532-86661234",
    "heping@hairun-hotels.cn",
    "青岛市市南区香港中路",
    "会员系统、门店巡检",
    "华东门店扩张后统一会员",
    "50万左右",
    "总经理、运营总监",
    75,
    300_000,
    0.4,
    "稳定合作客户",
    "良",
    150_000,
    "李娜",
    [2024, 9, 9],
    "",
  ],
  [
    "重庆山城金融服务有限公司",
    "金融业",
    "融资租赁",
    90,
    50_000_000,
    "新客户",
    "罗斌",
    "风控经理",
    "023-63334444",
    "luobin@shancheng-fin.cn",
    "重庆市渝中区解放碑",
    "合同管理",
    "到期提醒与审批流",
    "20万左右",
    "风控经理、总经理",
    100,
    null,
    null,
    "高意向客户",
    "良",
    null,
    "王强",
    [2024, 9, 23],
    "",
  ],
];

/** A sample follow-up of the customer at `customer` (an index into CUSTOMERS). */
type FollowUpSeed = [
  customer: number,
  daysAgo: number,
  method: string,
  topic: string,
  summary: string,
  customerFeedback: string,
  nextAction: string,
  owner: string,
  dueInDays: number | null,
  result: string,
  customerStatus: string,
];

const FOLLOW_UPS: FollowUpSeed[] = [
  [
    0,
    70,
    "上门拜访",
    "新仓储系统需求调研",
    "了解多仓库数据同步现状",
    "希望支持定制化报表",
    "准备Demo",
    "李娜",
    null,
    "已完成调研",
    "高意向客户",
  ],
  [
    0,
    27,
    "线上会议",
    "演示新仓储系统Demo",
    "演示多仓库同步与报表",
    "客户反馈需增加定制化报表",
    "安排现场测试",
    "李娜",
    null,
    "进展：客户同意下周现场测试",
    "稳定合作客户",
  ],
  [
    1,
    100,
    "电话沟通",
    "季度回访",
    "询问库存预警使用情况",
    "对预警阈值设置不满意",
    "寄送配置说明",
    "赵磊",
    null,
    "已寄送",
    "流失风险客户",
  ],
  [
    2,
    10,
    "邮件往来",
    "数据中台方案",
    "发送初步方案",
    "希望先做POC",
    "安排POC",
    "李娜",
    20,
    "",
    "高意向客户",
  ],
  [
    3,
    40,
    "上门拜访",
    "冷链追溯上线回顾",
    "复盘出口批次温度记录",
    "满意，计划推广到二厂",
    "二厂需求调研",
    "赵磊",
    null,
    "已约定二厂调研时间",
    "稳定合作客户",
  ],
  [
    4,
    85,
    "客户活动参与",
    "年度用户大会",
    "参加大会并交流项目看板",
    "关注成本统一看板",
    "发送看板案例",
    "王强",
    null,
    "案例已发送",
    "稳定合作客户",
  ],
  [
    6,
    30,
    "电话沟通",
    "电子回单需求确认",
    "确认司机端离线签收",
    "希望下月上线",
    "提交离线签收排期",
    "赵磊",
    3,
    "",
    "稳定合作客户",
  ],
  [
    7,
    35,
    "上门拜访",
    "GMP数据留痕方案",
    "与QA经理讨论审计追踪",
    "需要验证文档",
    "提供验证文档",
    "李娜",
    null,
    "文档已提供",
    "高意向客户",
  ],
  [
    8,
    120,
    "电话沟通",
    "维修响应回访",
    "就去年投诉致歉并回访",
    "仍担心响应速度",
    "提出维保SLA方案",
    "王强",
    null,
    "客户未回复",
    "流失风险客户",
  ],
  [
    9,
    5,
    "线上会议",
    "活动管理需求沟通",
    "了解活动报名流程",
    "希望与小程序打通",
    "评估小程序接口",
    "赵磊",
    12,
    "",
    "高意向客户",
  ],
  [
    10,
    60,
    "上门拜访",
    "门店巡检试点",
    "在两家门店试点巡检",
    "试点反馈良好",
    "提交华东门店推广计划",
    "李娜",
    -3,
    "",
    "稳定合作客户",
  ],
  [
    11,
    15,
    "电话沟通",
    "合同管理需求",
    "了解到期提醒需求",
    "需要审批流",
    "发送产品资料",
    "王强",
    null,
    "资料已发送",
    "高意向客户",
  ],
];

/** A sample feedback entry of the customer at `customer` (an index into CUSTOMERS). */
type FeedbackSeed = [
  customer: number,
  daysAgo: number,
  type: string,
  channel: string,
  description: string,
  orderRef: string,
  status: string,
  owner: string,
  department: string,
  plannedInDays: number | null,
  actualInDays: number | null,
  resolution: string,
  satisfaction: number | null,
];

const FEEDBACK: FeedbackSeed[] = [
  [
    0,
    20,
    "需求类",
    "会议",
    "希望仓储系统增加定制化报表",
    "PO-2024-0518",
    "处理中",
    "李娜",
    "产品部",
    -5,
    null,
    "",
    null,
  ],
  [
    1,
    45,
    "投诉类",
    "电话",
    "上月到货延迟3天",
    "PO-2024-0603",
    "已完成",
    "赵磊",
    "物流部",
    -40,
    -38,
    "已补偿运费，优化排单",
    4,
  ],
  [
    3,
    12,
    "建议类",
    "邮件",
    "建议提供移动端查询",
    "",
    "待处理",
    "赵磊",
    "产品部",
    10,
    null,
    "",
    null,
  ],
  [
    7,
    30,
    "投诉类",
    "面谈",
    "实施顾问响应慢",
    "PRJ-2024-021",
    "待跟进",
    "李娜",
    "实施部",
    -15,
    null,
    "",
    null,
  ],
  [
    4,
    8,
    "咨询类",
    "电话",
    "询问二期项目报价",
    "",
    "已完成",
    "王强",
    "销售部",
    -5,
    -6,
    "已发送报价单",
    5,
  ],
  [
    10,
    25,
    "合作意向类",
    "会议",
    "有意扩大合作到华东门店",
    "",
    "处理中",
    "李娜",
    "销售部",
    5,
    null,
    "",
    null,
  ],
  [
    2,
    3,
    "需求类",
    "线上问卷",
    "需要API对接文档",
    "",
    "待处理",
    "李娜",
    "技术支持部",
    null,
    null,
    "",
    null,
  ],
  [
    8,
    60,
    "投诉类",
    "电话",
    "设备故障维修不及时",
    "SO-2024-1102",
    "无法解决",
    "王强",
    "售后部",
    -50,
    -45,
    "超出保修范围，已向客户说明",
    2,
  ],
];

type OrderSeed = [
  customer: number,
  daysAgo: number,
  product: string,
  quantity: number,
  unitPrice: number,
  channel: string,
];

const ORDERS: OrderSeed[] = [
  [0, 200, "智能仓储系统 基础版", 1, 500_000, "直销"],
  [0, 40, "定制化报表模块", 1, 120_000, "直销"],
  [3, 150, "冷链追溯系统", 2, 650_000, "直销"],
  [6, 90, "电子回单服务(年)", 1, 180_000, "代理"],
  [10, 70, "门店巡检模块", 20, 3_000, "线上"],
];

function sampleTables(today: number): Tables {
  const customerIds = allocateIdsByDate(
    [],
    "C",
    CUSTOMERS.map((c) => serialFromYmd(...c[22])),
  );
  const customers: Row[] = CUSTOMERS.map((c, i) => ({
    customerId: customerIds[i] ?? null,
    name: c[0],
    industry: c[1],
    subIndustry: c[2],
    employees: c[3],
    revenue: c[4],
    customerType: c[5],
    contact: c[6],
    title: c[7],
    phone: c[8],
    email: c[9],
    address: c[10],
    needs: c[11],
    needDetail: c[12] || null,
    budget: c[13],
    decisionChain: c[14],
    expectedPurchase: c[15] === null ? null : today + c[15],
    annualAmount: c[16],
    repurchaseRate: c[17],
    status: c[18],
    creditRating: c[19],
    creditLimit: c[20],
    owner: c[21],
    createdDate: serialFromYmd(...c[22]),
    notes: c[23] || null,
  }));
  const idOf = (i: number) => customerIds[i] ?? null;

  const interactionRows: Row[] = FOLLOW_UPS.map((f) => ({
    customerId: idOf(f[0]),
    date: today - f[1],
    method: f[2],
    topic: f[3],
    summary: f[4],
    customerFeedback: f[5],
    nextAction: f[6],
    owner: f[7],
    dueDate: f[8] === null ? null : today + f[8],
    result: f[9] || null,
    customerStatus: f[10],
    notes: null,
  }));
  const feedbackRows: Row[] = FEEDBACK.map((f) => ({
    customerId: idOf(f[0]),
    date: today - f[1],
    type: f[2],
    channel: f[3],
    description: f[4],
    orderRef: f[5] || null,
    status: f[6],
    owner: f[7],
    department: f[8],
    plannedDate: f[9] === null ? null : today + f[9],
    actualDate: f[10] === null ? null : today + f[10],
    resolution: f[11] || null,
    satisfaction: f[12],
    notes: null,
  }));
  const orderRows: Row[] = ORDERS.map((o) => ({
    customerId: idOf(o[0]),
    date: today - o[1],
    product: o[2],
    quantity: o[3],
    unitPrice: o[4],
    channel: o[5],
    notes: null,
  }));

  const withIds = (table: TableKey, rows: Row[]): CrmRecord[] => {
    const ids = newIds(table, [], rows, rows, today);
    return rows.map((r, i) => ({ [TABLES[table].idColumn]: ids[i] ?? null, ...r }));
  };

  return {
    customers,
    interactions: withIds("interactions", interactionRows),
    feedback: withIds("feedback", feedbackRows),
    orders: withIds("orders", orderRows),
  };
}

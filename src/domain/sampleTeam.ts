/**
 * A team-sized sample for preview mode (`?seed=N`, honoured only outside Excel) and the work-list
 * bench: N customers shared among eight owners, with follow-ups, action plans and feedback spread
 * over the past months, so the work lists can be tried and measured at the size a real team has
 * (an import of 1,000 legacy customers put 818 items in one list). Deterministic: the same N and
 * today give the same rows; dates are relative to today, as in the small sample.
 */
import type { CrmRecord } from "./port";

export const TEAM_OWNERS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强"];

const CITIES = ["上海", "北京", "深圳", "杭州", "苏州", "成都", "武汉", "南京", "西安", "宁波"];
const BRANDS = [
  "恒远",
  "云杉",
  "启明",
  "华信",
  "博瑞",
  "中科",
  "金桥",
  "远航",
  "鼎盛",
  "瑞丰",
  "新元",
  "天成",
  "海纳",
  "汇通",
  "卓越",
  "同创",
];
const TRADES: [industry: string, word: string][] = [
  ["制造业", "精密制造"],
  ["信息传输、软件和信息技术服务业", "科技"],
  ["批发和零售业", "商贸"],
  ["交通运输、仓储和邮政业", "物流"],
  ["建筑业", "建设工程"],
  ["科学研究和技术服务业", "检测技术"],
];
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN = ["军", "敏", "静", "磊", "婷", "涛", "燕", "鹏", "丽", "斌", "洁", "超"];
const NEEDS = ["ERP升级", "数据迁移", "仓储管理", "移动办公", "财务共享", "客服系统"];
const TOPICS = ["季度回访", "方案沟通", "报价跟进", "售后回访", "续约洽谈", "需求调研"];
const ACTIONS = ["发送报价单", "安排技术交流", "提交试用方案", "确认合同条款", "回电确认需求"];
const FEEDBACK_TYPES = ["投诉类", "建议类", "需求类", "咨询类"];
const OPEN_STATUS = ["待处理", "处理中", "待跟进"];
const METHODS = ["电话沟通", "上门拜访", "邮件往来", "线上会议"];

/** mulberry32: a tiny seeded generator, enough for sample data (not for anything secret). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TeamSample {
  /** Customers without IDs (the workbook allocates them from 建档日期). */
  customers: CrmRecord[];
  /** Follow-ups and feedback point at a customer by its index in `customers`. */
  interactions: (CrmRecord & { customer: number })[];
  feedback: (CrmRecord & { customer: number })[];
}

/** The largest sample preview mode builds (a workbook of this size stays fast in memory). */
export const TEAM_MAX = 100_000;

export function teamSample(count: number, today: number): TeamSample {
  const n = Math.max(0, Math.min(TEAM_MAX, Math.floor(count)));
  const rnd = generator(20241120 + n);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const combos = CITIES.length * BRANDS.length * TRADES.length;
  const out: TeamSample = { customers: [], interactions: [], feedback: [] };

  for (let i = 0; i < n; i++) {
    const city = CITIES[i % CITIES.length] ?? "";
    const brand = BRANDS[Math.floor(i / CITIES.length) % BRANDS.length] ?? "";
    const [industry, word] = TRADES[
      Math.floor(i / (CITIES.length * BRANDS.length)) % TRADES.length
    ] ?? ["制造业", "精密制造"];
    // Unique names: past the combinations, a numbered branch (第2分公司...).
    const branch = Math.floor(i / combos);
    const name = `${city}${brand}${word}有限公司${branch > 0 ? `第${branch + 1}分公司` : ""}`;
    const owner = pick(TEAM_OWNERS);
    const created = today - int(30, 720);
    out.customers.push({
      name,
      industry,
      contact: `${pick(SURNAMES)}${pick(GIVEN)}`,
      phone: `13${int(0, 9)}${String(int(0, 99_999_999)).padStart(8, "0")}`,
      needs: pick(NEEDS),
      customerType: rnd() < 0.7 ? "老客户" : "新客户",
      annualAmount: pick([50_000, 200_000, 800_000]),
      repurchaseRate: pick([0.3, 0.6, 0.85]),
      status: pick(["高意向客户", "稳定合作客户", "流失风险客户"]),
      owner,
      createdDate: created,
    });
    // Most customers were contacted at least once, some long ago (they churn).
    const contacts = rnd() < 0.85 ? int(1, 2) : 0;
    for (let k = 0; k < contacts; k++) {
      const date = Math.max(created, today - int(1, 200));
      const plan = k === contacts - 1 && rnd() < 0.45;
      out.interactions.push({
        customer: i,
        date,
        method: pick(METHODS),
        topic: pick(TOPICS),
        summary: "沟通项目进展",
        nextAction: plan ? pick(ACTIONS) : null,
        // Plans are mostly the customer owner's; some were handed to a colleague.
        owner: rnd() < 0.8 ? owner : pick(TEAM_OWNERS),
        dueDate: plan ? today + int(-30, 14) : null,
        result: null,
      });
    }
    if (rnd() < 0.15) {
      out.feedback.push({
        customer: i,
        date: today - int(5, 60),
        type: pick(FEEDBACK_TYPES),
        channel: "电话",
        description: "交付进度或产品问题反馈",
        status: pick(OPEN_STATUS),
        owner: rnd() < 0.5 ? owner : null,
        plannedDate: today + int(-20, 10),
      });
    }
  }
  return out;
}

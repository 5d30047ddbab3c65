/**
 * Generated CRM data that crosses every boundary of the rules (SPEC §2) and every incomplete-row
 * case the calculated columns must survive, with what each computed cell must show in either
 * formula mode, derived from src/domain/rules.ts (and, for the cells the functions compute, from
 * the registered functions' own rules).
 *
 * As-of date 2024-05-29: three months after 2024-02-29, so the churn boundary (asOf = last
 * contact + 3 months) is hit exactly; 2024-01-31 + 1 month tests EDATE's month-end clamp.
 */
import {
  RuleError,
  abcClassCell,
  churnFlagCell,
  feedbackSlaCell,
  needPriorityCell,
  nextFollowUpCell,
  overdueCell,
  sizeTierCell,
} from "../../src/domain/rules";
import { INVALID_MARK, TABLES, type FormulaMode, type TableKey } from "../../src/domain/schema";
import type { CrmRecord } from "../../src/domain/port";
import { addMonths, serialFromYmd } from "../../src/domain/values";
import { CUSTOMER_ROW_KEYS, FEEDBACK_ROW_KEYS } from "../../src/domain/dashboard";

export const AS_OF = serialFromYmd(2024, 5, 29);
const d = serialFromYmd;
const SETTINGS = { abcA: 500000, abcB: 100000, high: 0.5, cadence: { A: 1, B: 3, C: 3 }, churn: 3 };

/** A value a cell holds: empty, number, text or boolean. */
type In = string | number | boolean | null;

/** An expected cell: a value, or an Excel error by name. */
export type Expected = string | number | boolean | { error: "#NUM!" | "#VALUE!" };

export interface Dataset {
  records: Record<TableKey, CrmRecord[]>;
}

const cycle = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

export function dataset(): Dataset {
  const amounts: In[] = [null, 0, 99999.99, 100000, 499999.99, 500000, 500000.01, 2e6, -1];
  const textAmounts: In[] = ["120万", "abc"];
  const rates: In[] = [null, 0, 0.49, 0.5, 1, 1.2, "85%"];
  const employees: In[] = [null, 0, 49, 50, 200, 201, 10.5, -1, "200人"];
  const expected: In[] = [
    null,
    AS_OF - 10,
    addMonths(AS_OF, 3),
    addMonths(AS_OF, 3) + 1,
    addMonths(AS_OF, 6),
    addMonths(AS_OF, 6) + 1,
    "2024-07-01",
    0,
  ];
  const created: In[] = [
    null,
    d(2024, 2, 29),
    d(2024, 3, 1),
    d(2024, 1, 31),
    "2024-01-01",
    d(2023, 11, 30),
  ];
  const customers: CrmRecord[] = [];
  let n = 0;
  for (const amount of [...amounts, ...textAmounts])
    for (const rate of rates) {
      const i = n++;
      customers.push({
        // Every 13th customer has no ID, every 11th no name: incomplete rows.
        customerId: i % 13 === 12 ? null : `C2024050${String(i).padStart(2, "0")}`,
        name: i % 11 === 10 ? null : `客户${i}`,
        employees: cycle(employees, i),
        expectedPurchase: cycle(expected, i),
        annualAmount: amount,
        repurchaseRate: rate,
        createdDate: cycle(created, i),
        customerType: cycle(["新客户", "老客户", "战略客户"], i),
        status: cycle(["高意向客户", "稳定合作客户"], i),
      });
    }

  // Follow-ups: none, one dated, only undated (fallback to 建档日期), a mix, one on the as-of
  // date; plus a follow-up of an unknown customer and one without a customer.
  const interactions: CrmRecord[] = [];
  const dues: In[] = [null, AS_OF - 1, AS_OF, AS_OF + 1, "2024-05-01", d(2024, 1, 31)];
  const results: In[] = [null, "已完成", "  ", "客户已签约"];
  let k = 0;
  const follow = (customerId: In, date: In) => {
    const j = k++;
    interactions.push({
      recordId: `R2024050${String(j).padStart(3, "0")}`,
      customerId,
      date,
      topic: "回访",
      dueDate: cycle(dues, j),
      result: cycle(results, Math.floor(j / dues.length)),
    });
  };
  customers.forEach((c, i) => {
    const id = c.customerId as In;
    if (id === null) return;
    switch (i % 5) {
      case 1:
        follow(id, d(2024, 2, 29));
        break;
      case 2:
        follow(id, null);
        follow(id, null);
        break;
      case 3:
        follow(id, d(2024, 1, 31));
        follow(id, null);
        follow(id, d(2024, 3, 1));
        break;
      case 4:
        follow(id, AS_OF);
        follow(id, AS_OF - 30);
        follow(id, AS_OF - 31);
        break;
    }
  });
  follow("C999999999", AS_OF - 5);
  follow(null, AS_OF - 5);

  const statuses: In[] = [
    null,
    "待处理",
    "处理中",
    "已完成",
    "待跟进",
    "无法解决",
    " 已完成 ",
    "完成了",
  ];
  const planned: In[] = [null, AS_OF - 1, AS_OF, AS_OF + 1, "2024-05-01"];
  const actual: In[] = [null, AS_OF - 1, AS_OF, AS_OF + 1];
  const feedback: CrmRecord[] = [];
  let f = 0;
  for (const status of statuses)
    for (const p of planned)
      for (const a of actual) {
        const j = f++;
        feedback.push({
          feedbackId: j % 17 === 16 ? null : `F2024050${String(j).padStart(3, "0")}`,
          customerId: cycle(customers, j * 7).customerId,
          date: AS_OF - (j % 40),
          type: cycle(["建议类", "投诉类", "需求类"], j),
          description: j % 19 === 18 ? null : "反馈内容",
          status,
          plannedDate: p,
          actualDate: a,
          satisfaction: cycle([null, 1, 3, 5], j),
        });
      }

  const orders: CrmRecord[] = [];
  for (const quantity of [null, 2, 0.5, "3个"] as In[])
    for (const unitPrice of [null, 100, 0] as In[])
      orders.push({
        orderId: `O2024050${String(orders.length).padStart(2, "0")}`,
        customerId: customers[orders.length]!.customerId,
        date: AS_OF,
        product: "软件",
        quantity,
        unitPrice,
      });
  return { records: { customers, interactions, feedback, orders } };
}

// ---------------------------------------------------------------------------------------------
// Expected values
// ---------------------------------------------------------------------------------------------

const isText = (v: unknown): v is string => typeof v === "string" && v !== "";
const blank = (v: unknown) => v === null || v === undefined || v === "";

/** The rule's value, or the Excel error of its RuleError. */
function rule(fn: () => unknown): Expected {
  try {
    return fn() as Expected;
  } catch (e) {
    if (e instanceof RuleError) return { error: e.kind === "num" ? "#NUM!" : "#VALUE!" };
    throw e;
  }
}

const isError = (v: Expected): v is { error: "#NUM!" | "#VALUE!" } =>
  typeof v === "object" && v !== null;

/**
 * Native mode: the rule where the inputs are numbers the rule accepts; the visible mark where
 * the rule has an error or a number/date input holds text (the native formula does not parse
 * `120万`; the data check and the column's validation point at it).
 */
function native(textInputs: readonly unknown[], fn: () => unknown): Expected {
  if (textInputs.some(isText)) return INVALID_MARK;
  const v = rule(fn);
  return isError(v) ? INVALID_MARK : v;
}

/** 最近互动: the latest dated follow-up (MAXIFS reads numbers only); "" when none is dated. */
function lastContacts(interactions: readonly CrmRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of interactions) {
    if (blank(r.customerId) || typeof r.date !== "number" || r.date <= 0) continue;
    const id = String(r.customerId);
    out.set(id, Math.max(out.get(id) ?? 0, r.date));
  }
  return out;
}

export type ExpectedRows = Record<TableKey, Record<string, Expected>[]>;

/** What every computed cell of every data row must show, in table order. */
export function expectedCells(data: Dataset, mode: FormulaMode): ExpectedRows {
  const { customers, interactions, feedback, orders } = data.records;
  const contacts = lastContacts(interactions);
  const names = new Map<string, string>();
  for (const c of customers)
    if (!blank(c.customerId) && !names.has(String(c.customerId)))
      names.set(String(c.customerId), blank(c.name) ? "" : String(c.name));
  const lookup = (id: unknown): Expected => (blank(id) ? "" : (names.get(String(id)) ?? ""));

  const out: ExpectedRows = { customers: [], interactions: [], feedback: [], orders: [] };
  for (const c of customers) {
    const cls =
      mode === "crm"
        ? rule(() => abcClassCell(c.annualAmount, c.repurchaseRate ?? "", 500000, 100000, 0.5))
        : blank(c.annualAmount)
          ? ""
          : native([c.annualAmount, c.repurchaseRate], () =>
              abcClassCell(c.annualAmount, c.repurchaseRate, 500000, 100000, 0.5),
            );
    const last: Expected = blank(c.customerId) ? "" : (contacts.get(String(c.customerId)) ?? "");
    const touch = last === "" ? (c.createdDate ?? null) : last;
    const cadence = (k: Expected) =>
      k === "A" ? SETTINGS.cadence.A : k === "B" ? SETTINGS.cadence.B : SETTINGS.cadence.C;
    let next: Expected;
    let churn: Expected;
    if (mode === "crm") {
      next = blank(touch)
        ? ""
        : isError(cls)
          ? cls
          : rule(() => nextFollowUpCell(touch, cls, cadence(cls)));
      churn = blank(touch) ? "" : rule(() => churnFlagCell(touch, AS_OF, SETTINGS.churn));
    } else {
      next = blank(touch) ? "" : native([touch], () => nextFollowUpCell(touch, "", cadence(cls)));
      churn = blank(touch)
        ? ""
        : native([touch], () => churnFlagCell(touch, AS_OF, SETTINGS.churn));
    }
    const size = blank(c.employees)
      ? ""
      : mode === "crm"
        ? rule(() => sizeTierCell(c.employees))
        : native([c.employees], () => sizeTierCell(c.employees));
    const priority = blank(c.expectedPurchase)
      ? ""
      : mode === "crm"
        ? rule(() => needPriorityCell(c.expectedPurchase, AS_OF))
        : native([c.expectedPurchase], () => needPriorityCell(c.expectedPurchase, AS_OF));
    out.customers.push({
      sizeTier: size,
      needPriority: priority,
      valueClass: cls,
      lastContact: last,
      nextFollowUp: next,
      churnFlag: churn,
    });
  }
  for (const r of interactions) {
    const overdue = blank(r.dueDate)
      ? ""
      : mode === "crm"
        ? rule(() => overdueCell(r.dueDate, r.result ?? null, AS_OF))
        : native([r.dueDate], () => overdueCell(r.dueDate, r.result ?? null, AS_OF));
    out.interactions.push({ customerName: lookup(r.customerId), overdue });
  }
  for (const r of feedback) {
    const sla = blank(r.status)
      ? ""
      : mode === "crm"
        ? rule(() => feedbackSlaCell(r.status, r.plannedDate ?? null, r.actualDate ?? null, AS_OF))
        : native([r.plannedDate, r.actualDate], () =>
            feedbackSlaCell(r.status, r.plannedDate ?? null, r.actualDate ?? null, AS_OF),
          );
    out.feedback.push({ customerName: lookup(r.customerId), sla });
  }
  for (const r of orders) {
    const q = r.quantity;
    const p = r.unitPrice;
    out.orders.push({
      customerName: lookup(r.customerId),
      amount:
        blank(q) || blank(p)
          ? ""
          : typeof q === "number" && typeof p === "number"
            ? q * p
            : INVALID_MARK,
    });
  }
  return out;
}

/** The dashboard's key figures and class counts, by their zh label. */
export function expectedDashboard(data: Dataset, cells: ExpectedRows): Record<string, number> {
  const { customers, interactions, feedback } = data.records;
  const filled = (r: CrmRecord, keys: readonly string[]) => keys.some((k) => !blank(r[k]));
  const count = (rows: Record<string, Expected>[], key: string, v: Expected) =>
    rows.filter((r) => r[key] === v).length;
  const feedbackRows = feedback.filter((r) => filled(r, FEEDBACK_ROW_KEYS)).length;
  const scores = feedback
    .map((r) => r.satisfaction)
    .filter((s): s is number => typeof s === "number");
  return {
    客户总数: customers.filter((r) => filled(r, CUSTOMER_ROW_KEYS)).length,
    流失预警客户: count(cells.customers, "churnFlag", true),
    近30天跟进次数: interactions.filter(
      (r) => typeof r.date === "number" && r.date > AS_OF - 30 && r.date <= AS_OF,
    ).length,
    逾期跟进: count(cells.interactions, "overdue", true),
    反馈总数: feedbackRows,
    "反馈解决率（已完成÷全部）":
      feedback.filter((r) => r.status === "已完成").length / feedbackRows,
    平均满意度: scores.reduce((a, b) => a + b, 0) / scores.length,
    A: count(cells.customers, "valueClass", "A"),
    B: count(cells.customers, "valueClass", "B"),
    C: count(cells.customers, "valueClass", "C"),
  };
}

/** A record as a full table row in the schema's column order ("" leaves a formula). */
export function rowOf(table: TableKey, record: CrmRecord): (string | number | boolean)[] {
  return TABLES[table].columns.map((c) => {
    const v = record[c.key];
    return c.kind === "computed" || v === null || v === undefined ? "" : v;
  });
}

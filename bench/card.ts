/**
 * The customer card (客户卡片) in a workbook of 100,000 follow-ups: requests, largest response
 * and time of one customer's story read through the Excel adapter against the object-model
 * fake (SPEC §7: one request per table at most), beside building the card from it (domain
 * rules: timeline, counts, 近12个月交易额). Counts and bytes are the figures; times are the fake's
 * and this machine's, information only.
 * Run alone with `npx tsx bench/card.ts`; bench/run.ts calls benchCard().
 */
import { readCustomerStory } from "../src/excel/story";
import { buildCustomerCard } from "../src/domain/customerStory";
import { defaultSettings } from "../src/domain/schema";
import type { CrmRecord } from "../src/domain/port";
import { serialFromYmd } from "../src/domain/values";
import { installFakeExcel } from "../test/fakes/excel";
import { seedCrmTable, seedSettings } from "../test/fakes/crmSeed";
import { measureRoundTrips, type RoundTripFigure } from "./roundTrips";

const FOLLOW_UPS = 100_000;
const CUSTOMERS = 2_000;
const ORDERS = 20_000;
const FEEDBACK = 5_000;
const start = serialFromYmd(2023, 1, 1);
const id = (prefix: string, n: number) => `${prefix}2024${String(n).padStart(6, "0")}`;

export interface CardFigure extends RoundTripFigure {
  records: number;
  buildMs: number;
}

export async function benchCard(): Promise<CardFigure> {
  const fake = installFakeExcel();
  try {
    const customers: CrmRecord[] = Array.from({ length: CUSTOMERS }, (_, i) => ({
      customerId: id("C", i + 1),
      name: `示例客户${i + 1}科技有限公司`,
      contact: `张${i}`,
      needs: "智能仓储",
      phone: `138${String(i).padStart(8, "0")}`,
      createdDate: start,
      annualAmount: 100_000 + i * 500,
    }));
    const customerOf = (i: number) => id("C", (i % CUSTOMERS) + 1);
    seedCrmTable(fake, "customers", customers);
    seedCrmTable(
      fake,
      "interactions",
      Array.from({ length: FOLLOW_UPS }, (_, i) => ({
        recordId: id("R", i + 1),
        customerId: customerOf(i),
        date: start + (i % 700),
        method: "电话沟通",
        topic: `季度回访 ${i}`,
        summary: "客户对交付进度满意，希望增加数据同步功能",
        nextAction: "发送方案",
        dueDate: start + (i % 700) + 14,
      })),
    );
    seedCrmTable(
      fake,
      "feedback",
      Array.from({ length: FEEDBACK }, (_, i) => ({
        feedbackId: id("F", i + 1),
        customerId: customerOf(i * 7),
        date: start + (i % 700),
        type: "需求类",
        description: "希望增加导出功能",
        status: "处理中",
      })),
    );
    seedCrmTable(
      fake,
      "orders",
      Array.from({ length: ORDERS }, (_, i) => ({
        orderId: id("O", i + 1),
        customerId: customerOf(i * 3),
        date: start + (i % 700),
        product: "智能仓储系统",
        quantity: 1 + (i % 4),
        unitPrice: 19_999,
      })),
    );
    seedSettings(fake);
    const target = id("C", 42);
    let story: Awaited<ReturnType<typeof readCustomerStory>> | null = null;
    const figure = await measureRoundTrips(fake, "customer card (story)", FOLLOW_UPS, async () => {
      story = await readCustomerStory(target);
    });
    const s = story as Awaited<ReturnType<typeof readCustomerStory>> | null;
    if (!s || !s.customer) throw new Error("the bench customer was not found");
    const t0 = performance.now();
    const card = buildCustomerCard(s, defaultSettings(start + 700), start + 700);
    const buildMs = Math.round((performance.now() - t0) * 10) / 10;
    return { ...figure, records: card.timeline.length + 1, buildMs };
  } finally {
    fake.uninstall();
  }
}

export function formatCardBench(f: CardFigure): string {
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  return [
    "| workbook | requests (context.sync) | largest response | read time (info) | card build (info) | records on the card |",
    "|---|---:|---:|---:|---:|---:|",
    `| ${CUSTOMERS.toLocaleString("en-US")} customers, ${FOLLOW_UPS.toLocaleString("en-US")} follow-ups, ${FEEDBACK.toLocaleString("en-US")} feedback, ${ORDERS.toLocaleString("en-US")} orders | ${f.syncs} | ${kb(f.largestResponseBytes)} | ${f.ms} ms | ${f.buildMs} ms | ${f.records} |`,
    "Requests: headers and sizes of the four tables; their 客户编号 columns only (cut at 2 MB: 127,000 IDs take two); the customer's rows. Never one request per record.",
  ].join("\n");
}

if (process.argv[1] && /bench[\\/]card\.ts$/.test(process.argv[1])) {
  benchCard()
    .then((f) => {
      console.log("\n## Customer card (Excel adapter against the object-model fake)");
      console.log(formatCardBench(f));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}

/**
 * Excel round trips, measured through the adapter against the fake object model: how many
 * `context.sync()` requests appending 1 / 1,000 / 100,000 customer rows and reading 100,000
 * rows take, and the largest request and response (UTF-8 JSON bytes). The figures are counts
 * and bytes; elapsed time is information only (it is the fake's speed, not Excel's).
 * Run alone with `npx tsx bench/excel.ts`; bench/run.ts calls benchExcel().
 */
import { appendRecords, PAYLOAD_BUDGET, readRecords } from "../src/excel/records";
import type { CrmRecord } from "../src/domain/port";
import { serialFromYmd } from "../src/domain/values";
import { installFakeExcel } from "../test/fakes/excel";
import { seedCrmTable } from "../test/fakes/crmSeed";
import { measureRoundTrips, type RoundTripFigure } from "./roundTrips";

const created = serialFromYmd(2024, 5, 10);

function customer(i: number): CrmRecord {
  return {
    name: `示例客户${i}科技有限公司`,
    industry: "制造业",
    subIndustry: "电子设备",
    employees: 200 + (i % 300),
    revenue: 12_000_000 + i,
    customerType: "老客户",
    contact: `张${i}`,
    title: "采购经理",
    phone: `138${String(i).padStart(8, "0")}`,
    email: `buyer${i}@example.com`,
    address: "上海市浦东新区张江路 88 号",
    needs: "智能仓储系统升级",
    createdDate: created,
    annualAmount: 600_000 + i,
    repurchaseRate: 0.85,
    status: "稳定合作客户",
    creditRating: "良",
    owner: "李经理",
  };
}

export async function benchExcel(): Promise<RoundTripFigure[]> {
  const figures: RoundTripFigure[] = [];
  for (const n of [1, 1_000, 100_000]) {
    const fake = installFakeExcel();
    try {
      seedCrmTable(fake, "customers", []);
      const drafts = Array.from({ length: n }, (_, i) => customer(i));
      figures.push(
        await measureRoundTrips(fake, "append customers", n, () =>
          appendRecords("customers", drafts),
        ),
      );
      if (n === 100_000) {
        figures.push(
          await measureRoundTrips(fake, "read customers", n, () => readRecords("customers")),
        );
      }
    } finally {
      fake.uninstall();
    }
  }
  // Real Excel's rules (test/fakes/excel.ts): the user's AutoCorrect options off, so the table
  // grows only by Table.resize and the computed columns get their formulas written explicitly.
  for (const n of [1, 100_000]) {
    const fake = installFakeExcel();
    try {
      seedCrmTable(fake, "customers", []);
      fake.autoCorrect.includeNewRowsInTable = false;
      fake.autoCorrect.fillFormulasInTables = false;
      const drafts = Array.from({ length: n }, (_, i) => customer(i));
      figures.push(
        await measureRoundTrips(fake, "append customers, AutoCorrect off", n, () =>
          appendRecords("customers", drafts),
        ),
      );
    } finally {
      fake.uninstall();
    }
  }
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  console.log("\n## Excel round trips (adapter against the object-model fake)");
  console.log(
    `| operation | rows | context.sync() | largest request | largest response | time (info) |\n|---|---:|---:|---:|---:|---:|`,
  );
  for (const f of figures) {
    console.log(
      `| ${f.operation} | ${f.rows.toLocaleString("en-US")} | ${f.syncs} | ${kb(f.largestRequestBytes)} | ${kb(f.largestResponseBytes)} | ${f.ms} ms |`,
    );
  }
  console.log(
    `Requests are cut at ${kb(PAYLOAD_BUDGET)} (Excel on the web rejects more than 5 MB); round trips grow with payload, never per row.`,
  );
  return figures;
}

if (process.argv[1] && /bench[\\/]excel\.ts$/.test(process.argv[1])) {
  benchExcel().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

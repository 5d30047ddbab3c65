/**
 * Custom-function speed through the registered wrappers (argument coercion, the rule, the result),
 * as Excel calls them: ABCCLASS, NEXTFOLLOWUP and CHURNFLAG over 1,000,000 calls each with a mix
 * of numbers and text; PARETOCLASS's range form over 100,000 amounts (one call, one sort) and its
 * one-cell form against a 100,000-value range (one linear pass per call).
 * Run alone with `npx tsx bench/functions.ts`; bench/run.ts calls benchFunctions().
 */
import { installCustomFunctionsStub } from "../test/functions/stub";
import {
  crmAbcClass,
  crmChurnFlag,
  crmNextFollowUp,
  crmParetoClass,
} from "../src/functions/functions";

export interface FunctionFigures {
  /** Nanoseconds per call. */
  abcClassNs: number;
  nextFollowUpNs: number;
  churnFlagNs: number;
  /** PARETOCLASS(range of 100,000, same range): milliseconds for the one call. */
  paretoRangeMs: number;
  /** PARETOCLASS(one cell, range of 100,000): milliseconds per call. */
  paretoOneCellMs: number;
  calls: number;
  paretoRows: number;
}

const CALLS = 1_000_000;
const PARETO_ROWS = 100_000;
const ONE_CELL_CALLS = 200;
const ROUNDS = 5;

/** Deterministic pseudo-random numbers, so every run measures the same inputs. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

/** A pool of realistic cell values cycled through by the loops (numbers and template text). */
function pools() {
  const rand = random(42);
  const size = 4096;
  const amounts: unknown[] = [];
  const rates: unknown[] = [];
  const dates: unknown[] = [];
  const classes: unknown[] = [];
  for (let i = 0; i < size; i++) {
    const yuan = Math.round(rand() * 2_000_000);
    const kind = i % 8;
    amounts.push(
      kind === 0
        ? `${Math.round(yuan / 10_000)}万`
        : kind === 1
          ? yuan.toLocaleString("en-US")
          : kind === 2
            ? ` ${yuan} `
            : yuan,
    );
    rates.push(kind === 3 ? `${Math.round(rand() * 100)}%` : kind === 4 ? null : rand());
    const serial = 44_927 + Math.floor(rand() * 800); // 2023-01-01 .. early 2025
    const d = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
    dates.push(
      kind === 5
        ? `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`
        : kind === 6
          ? `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
          : serial,
    );
    classes.push(["A", "B", "C", ""][i % 4]);
  }
  return { amounts, rates, dates, classes, mask: size - 1 };
}

/**
 * Runs `body` `calls` times after a warm-up and returns nanoseconds per call: the best of
 * ROUNDS runs, since a shared machine's other load only ever adds time.
 */
function perCall(calls: number, body: (i: number) => unknown): number {
  let sink = 0;
  const warm = Math.min(calls, 50_000);
  for (let i = 0; i < warm; i++) if (body(i) !== undefined) sink++;
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) if (body(i) !== undefined) sink++;
    best = Math.min(best, Number(process.hrtime.bigint() - start) / calls);
  }
  if (sink < 0) console.log(sink);
  return best;
}

export async function benchFunctions(): Promise<FunctionFigures> {
  installCustomFunctionsStub();
  const { amounts, rates, dates, classes, mask } = pools();
  const asOf = 45_422; // 2024-05-10, as the Settings sheet's as-of date is passed

  const abcClassNs = perCall(CALLS, (i) =>
    crmAbcClass(amounts[i & mask], rates[i & mask], 500_000, 100_000, 0.5),
  );
  const nextFollowUpNs = perCall(CALLS, (i) => {
    const cls = classes[i & mask];
    return crmNextFollowUp(dates[i & mask], cls, cls === "A" ? 1 : 3);
  });
  const churnFlagNs = perCall(CALLS, (i) => crmChurnFlag(dates[i & mask], asOf, 3));

  const rand = random(7);
  const column: unknown[][] = Array.from({ length: PARETO_ROWS }, (_, i) =>
    i % 50 === 0 ? [null] : [Math.round(rand() * rand() * 5_000_000)],
  );
  crmParetoClass(column.slice(0, 1000), column.slice(0, 1000));
  let paretoRangeMs = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    const spill = crmParetoClass(column, column);
    paretoRangeMs = Math.min(paretoRangeMs, Number(process.hrtime.bigint() - start) / 1e6);
    if (spill.length !== PARETO_ROWS) throw new Error("PARETOCLASS spill has the wrong shape");
  }

  const oneCellNs = perCall(ONE_CELL_CALLS, (i) =>
    crmParetoClass([[column[(i * 499) % PARETO_ROWS]?.[0]]], column),
  );
  const paretoOneCellMs = oneCellNs / 1e6;

  const figures: FunctionFigures = {
    abcClassNs,
    nextFollowUpNs,
    churnFlagNs,
    paretoRangeMs,
    paretoOneCellMs,
    calls: CALLS,
    paretoRows: PARETO_ROWS,
  };
  console.log(
    `\n## Custom functions (through the registered wrappers, mixed numbers and text; best of ${ROUNDS})`,
  );
  console.log("| measure | figure | target |\n|---|---:|---:|");
  console.log(
    `| ABCCLASS, ${CALLS.toLocaleString("en-US")} calls | ${abcClassNs.toFixed(0)} ns/call | ≤ 1000 ns |`,
  );
  console.log(
    `| NEXTFOLLOWUP, ${CALLS.toLocaleString("en-US")} calls | ${nextFollowUpNs.toFixed(0)} ns/call | ≤ 1000 ns |`,
  );
  console.log(
    `| CHURNFLAG, ${CALLS.toLocaleString("en-US")} calls | ${churnFlagNs.toFixed(0)} ns/call | ≤ 1000 ns |`,
  );
  console.log(
    `| PARETOCLASS range form, ${PARETO_ROWS.toLocaleString("en-US")} amounts (one call) | ${paretoRangeMs.toFixed(1)} ms | ≤ 300 ms |`,
  );
  console.log(
    `| PARETOCLASS one cell vs ${PARETO_ROWS.toLocaleString("en-US")} values (${ONE_CELL_CALLS} calls) | ${paretoOneCellMs.toFixed(3)} ms/call | ≤ 0.5 ms |`,
  );
  return figures;
}

if (process.argv[1]?.endsWith("functions.ts")) void benchFunctions();

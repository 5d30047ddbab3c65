/**
 * One measurement of Excel round trips against the object-model fake: how many `context.sync()`
 * requests an operation takes and its largest request and response (UTF-8 JSON bytes). Those
 * are the figures; the elapsed time is the fake's, not Excel's, and is information only.
 */
import type { FakeExcel } from "../test/fakes/excel";

export interface RoundTripFigure {
  operation: string;
  rows: number;
  syncs: number;
  largestRequestBytes: number;
  largestResponseBytes: number;
  /** Whole milliseconds, for information. */
  ms: number;
}

export async function measureRoundTrips(
  fake: FakeExcel,
  operation: string,
  rows: number,
  run: () => Promise<unknown>,
): Promise<RoundTripFigure> {
  fake.resetCounters();
  const start = performance.now();
  await run();
  return {
    operation,
    rows,
    syncs: fake.syncCount,
    largestRequestBytes: fake.largestRequestBytes,
    largestResponseBytes: fake.largestResponseBytes,
    ms: Math.round(performance.now() - start),
  };
}

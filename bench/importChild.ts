/**
 * The measured step of the import bench in a fresh Node process. `bench/import.ts` bundles
 * this module (with papaparse and the domain code) into one minified file with esbuild and runs
 * that file, because the add-in ships the pipeline bundled and minified (webpack): under tsx's
 * per-module CommonJS transform every cross-module call goes through an export getter, a cost
 * the product never pays. Both modes come from the same bundle, so the baseline and the
 * pipeline are measured alike.
 */
import { readFileSync } from "node:fs";
import { timeStep, type StepMode, type StepTime } from "./importSteps";

export interface ChildResult extends Partial<StepTime> {
  ms: number;
  maxRssMb: number;
}

/** Reads the file's bytes, then times one mode. Peak RSS covers the whole process. */
export function measureStep(mode: string, file: string): ChildResult {
  const bytes = new Uint8Array(readFileSync(file));
  const step = timeStep(mode as StepMode, bytes);
  return { ...step, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

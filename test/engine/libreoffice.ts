/**
 * Runs LibreOffice Calc headless over .xlsx files (test/engine/recalc.py, Python-UNO) and returns
 * what every cell shows after a full recalculation.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** The Python that has Debian's python3-uno (a pyenv or venv python usually has not). */
export const PYTHON = process.env.UNO_PYTHON || "/usr/bin/python3";
const SCRIPT = path.join(__dirname, "recalc.py");

/** What a cell shows: empty, a number (dates and booleans too), text, or an error code. */
export type EngineCell = null | number | string | { error: number };

export interface RecalcResult {
  file: string;
  loadSeconds: number;
  calcSeconds: number;
  sheets: Record<string, EngineCell[][]>;
}

/** Why LibreOffice cannot run here, or null when it can. */
export function libreOfficeMissing(): string | null {
  const soffice = spawnSync("sh", ["-c", "command -v soffice"]);
  if (soffice.status !== 0) return "soffice (Debian: libreoffice-calc-nogui) is not installed";
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const uno = spawnSync(PYTHON, ["-c", "import uno"]);
  if (uno.status !== 0) return `${PYTHON} cannot import uno (Debian: python3-uno)`;
  return null;
}

/** LibreOffice's error codes for the Excel errors the formulas can show. */
export const LO_ERRORS = {
  "#NUM!": [502, 503],
  "#VALUE!": [519],
  "#NAME?": [525],
  "#REF!": [524],
  "#DIV/0!": [532],
  "#N/A": [32767],
} as const;

export function errorName(code: number): string {
  for (const [name, codes] of Object.entries(LO_ERRORS))
    if ((codes as readonly number[]).includes(code)) return name;
  return `Err:${code}`;
}

/** Recalculates the files in one LibreOffice process. */
export function recalc(files: string[], options: { dump?: boolean } = {}): RecalcResult[] {
  const out = execFileSync(PYTHON, [SCRIPT, ...files], {
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, RECALC_NO_DUMP: options.dump === false ? "1" : "0" },
    timeout: 30 * 60 * 1000,
  });
  return (JSON.parse(out) as { files: RecalcResult[] }).files;
}

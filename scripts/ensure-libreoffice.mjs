#!/usr/bin/env node
/**
 * The engine tests (test/engine) recalculate the set-up workbook in LibreOffice Calc through
 * Python-UNO: Debian's `libreoffice-calc-nogui` and `python3-uno` (never a download: this
 * project's machines reach only the npm registry and Debian's packages). Installs them when
 * missing and we are root with apt-get, as scripts/ensure-chromium.mjs does for Chromium.
 * Otherwise it says how; outside CI the engine tests then skip with a message, in CI
 * (CI=true) this is an error.
 */
import { spawnSync } from "node:child_process";

const python = process.env.UNO_PYTHON || "/usr/bin/python3";
const ready = () =>
  spawnSync("sh", ["-c", "command -v soffice"]).status === 0 &&
  spawnSync(python, ["-c", "import uno"]).status === 0;

if (ready()) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
if (isRoot && hasApt) {
  console.log("Installing LibreOffice Calc (headless) and python3-uno for the engine tests…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = spawnSync(
    "apt-get",
    ["install", "-y", "-qq", "libreoffice-calc-nogui", "python3-uno"],
    { stdio: "inherit", env },
  );
  if (update.status === 0 && install.status === 0 && ready()) process.exit(0);
}
console.error(
  "LibreOffice Calc and python3-uno are needed for the engine tests (test/engine) and were not " +
    "found.\nInstall them (Debian/Ubuntu: sudo apt-get install -y libreoffice-calc-nogui python3-uno).",
);
process.exit(process.env.CI ? 1 : 0);

#!/usr/bin/env node
/**
 * The browser tests drive Debian's Chromium through playwright-core (never a downloaded browser:
 * this project's machines reach only the npm registry and Debian's packages). Installs it when
 * missing and we are root with apt-get; otherwise says how.
 */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
if (isRoot && hasApt) {
  console.log("Installing Debian's chromium for the browser tests (about 40 s)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  if (update.status === 0 && install.status === 0 && existsSync(path)) process.exit(0);
}
console.error(
  `Chromium is needed for the browser tests and was not found at ${path}.\n` +
    "Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH.",
);
process.exit(1);

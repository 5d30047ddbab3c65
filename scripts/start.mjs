#!/usr/bin/env node
/**
 * `npm start`: build and serve the add-in on https://localhost:3000 with the Office dev
 * certificates, sideload it into desktop Excel where Office's tooling can (Windows, macOS), and
 * otherwise print exactly how to load manifest.xml into Excel on the web. On Linux the
 * certificate tool cannot trust its CA (no system store it may write to) and sideloading is not
 * supported, so we generate the certificates, serve, and explain the two manual steps.
 *
 * `npm stop` (`--stop`) ends a sideloaded debugging session on Windows and macOS.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir, platform } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const port = Number(process.env.npm_package_config_dev_server_port || 3000);
const certDir = join(homedir(), ".office-addin-dev-certs");
const certFiles = ["localhost.key", "localhost.crt", "ca.crt"].map((f) => join(certDir, f));
const canSideload = platform() === "win32" || platform() === "darwin";
const bin = (name) => join(root, "node_modules", ".bin", platform() === "win32" ? `${name}.cmd` : name);

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { stdio: "inherit", cwd: root, shell: platform() === "win32", ...opts });
}

if (process.argv.includes("--stop")) {
  if (canSideload) run("npx", ["--yes", "office-addin-debugging", "stop", "manifest.xml"]);
  else console.log("Nothing to stop: on Linux `npm start` only serves; press Ctrl+C in its terminal.");
  process.exit(0);
}

// 1. Certificates. The tool writes them, then fails (exit 0) to trust the CA without sudo.
if (!certFiles.every(existsSync)) {
  console.log("Generating the Office add-in development certificates…");
  run(bin("office-addin-dev-certs"), ["install", "--days", "365"]);
}
if (!certFiles.every(existsSync)) {
  console.error(`Could not create the development certificates in ${certDir}.`);
  process.exit(1);
}

const base = `https://localhost:${port}`;
const banner = `
CRM add-in is being served at ${base}/

  Preview in a browser (sample data, no Excel needed):  ${base}/taskpane.html
  Manifest to load into Excel:                         ${join(root, "manifest.xml")}

Excel on the web (Linux, or any platform):
  1. Trust the development CA once: import ${join(certDir, "ca.crt")} into your browser's
     certificate authorities (Chrome: Settings › Privacy and security › Security › Manage
     certificates › Authorities › Import), or open ${base}/taskpane.html and accept the warning.
  2. Open a workbook at https://www.office.com (OneDrive or SharePoint), then
     Home › Add-ins › More Add-ins › My Add-ins › Upload My Add-in, and choose manifest.xml.
  3. The 客户管理 (CRM) tab appears on the ribbon; =CRM.ABCCLASS(…) and the other functions
     are available in the formula bar.
`;

if (canSideload) {
  // office-addin-debugging starts the dev server (npm run dev-server) and sideloads into Excel.
  // It is fetched on demand: it pulls a 1 GB toolkit that Linux machines cannot use anyway.
  console.log(banner);
  const r = run("npx", ["--yes", "office-addin-debugging", "start", "manifest.xml", "desktop"]);
  process.exit(r.status ?? 0);
} else {
  console.log(`Sideloading into desktop Excel is not supported on ${platform()}; serving for Excel on the web.`);
  const server = spawn(bin("webpack"), ["serve", "--mode", "development"], {
    cwd: root,
    stdio: ["inherit", "pipe", "inherit"],
  });
  let shown = false;
  server.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    if (!shown && /compiled/i.test(String(chunk))) {
      shown = true;
      console.log(banner);
    }
  });
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
}

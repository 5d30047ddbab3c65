#!/usr/bin/env node
/**
 * `npm start`, `npm run start:web` and `npm stop`, shaped after the Yeoman templates
 * (office-addin-debugging start/stop) but working on Linux too.
 *
 * npm start: make sure the Office development certificates exist (office-addin-dev-certs' API),
 * start `webpack serve` on https://localhost:<port> in the background (bound to localhost only,
 * its output in a log file and shown only when it fails), sideload manifest.xml into desktop
 * Excel where Office's tooling can (Windows, macOS), and print the banner last.
 * npm run start:web [-- --document <url>]: the same server, then Excel on the web: with a
 * document URL the sideload link (as office-addin-debugging builds it) is opened; without one, the
 * manual steps.
 * npm stop: stop the server npm start started (its pid is in a state file: the same on every
 * platform) and, on Windows and macOS, end the sideloaded session (office-addin-debugging stop).
 *
 * Never plain http: without certificates nothing is served. On Linux office-addin-dev-certs
 * writes the certificates and then cannot add its CA to the system store (that needs sudo): that
 * is expected and said in one line, and the generated files are served. Valid files are reused
 * there rather than regenerated, so a CA the developer trusted in a browser stays the one in use.
 */
import { spawn, spawnSync } from "node:child_process";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { homedir, platform } from "node:os";
import { join, resolve } from "node:path";

const require = createRequire(import.meta.url);
const root = resolve(import.meta.dirname, "..");
const port = Number(process.env.npm_package_config_dev_server_port || 3000);
const base = `https://localhost:${port}/`;
const manifestPath = join(root, "manifest.xml");
const certDir = join(homedir(), ".office-addin-dev-certs");
const cert = { ca: join(certDir, "ca.crt"), cert: join(certDir, "localhost.crt"), key: join(certDir, "localhost.key") };
const stateDir = join(root, "node_modules", ".cache", "crm-addin");
const stateFile = join(stateDir, `dev-server-${port}.json`);
const logFile = join(stateDir, `dev-server-${port}.log`);
const webpackCli = join(root, "node_modules", "webpack-cli", "bin", "cli.js");
const canSideload = platform() === "win32" || platform() === "darwin";
const READY_TIMEOUT_MS = 10 * 60_000;

const args = process.argv.slice(2);
const web = args.includes("--web");
const documentUrl = argValue("--document") || process.env.npm_package_config_document || "";

function argValue(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function readState() {
  try {
    return JSON.parse(readFileSync(stateFile, "utf8"));
  } catch {
    return undefined;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** The pid still names the server we started (not a process that reused the number). */
function ours(state) {
  if (!state || !alive(state.pid)) return false;
  if (platform() !== "linux") return true;
  try {
    // webpack-cli sets its process title to "webpack", which is what /proc shows.
    return readFileSync(`/proc/${state.pid}/cmdline`, "utf8").includes("webpack");
  } catch {
    return false;
  }
}

function portInUse() {
  return new Promise((done) => {
    const socket = connect({ host: "localhost", port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

/** The files exist, the certificate is current, matches its key and was issued by the CA. */
function usableCertificates() {
  try {
    const leaf = new X509Certificate(readFileSync(cert.cert));
    const ca = new X509Certificate(readFileSync(cert.ca));
    const key = createPrivateKey(readFileSync(cert.key));
    const dayAhead = Date.now() + 24 * 3600_000;
    return new Date(leaf.validTo).getTime() > dayAhead && leaf.checkPrivateKey(key) && leaf.verify(ca.publicKey);
  } catch {
    return false;
  }
}

/** Runs fn with the library's console chatter captured; returns [result or error, lines]. */
async function captured(fn) {
  const lines = [];
  const saved = { log: console.log, error: console.error, warn: console.warn };
  console.log = console.error = console.warn = (...parts) => lines.push(parts.join(" "));
  try {
    return [await fn(), lines];
  } catch (error) {
    return [error, lines];
  } finally {
    Object.assign(console, saved);
  }
}

const LINUX_CA_LINE =
  `Certificates: ${certDir} (on Linux the CA is not added to the system store, which needs sudo; ` +
  "trust it in your browser as below).";

/** Makes sure the certificates exist; returns the one line to print about them. */
async function certificates() {
  if (platform() === "linux" && usableCertificates()) return LINUX_CA_LINE;
  const devCerts = require("office-addin-dev-certs");
  const [result, lines] = await captured(() => devCerts.getHttpsServerOptions());
  if (!(result instanceof Error)) return `Certificates: ${certDir} (trusted).`;
  if (platform() === "linux" && usableCertificates()) return LINUX_CA_LINE;
  console.error(lines.join("\n"));
  console.error(`Could not create the development certificates in ${certDir}: ${result.message}`);
  console.error("Nothing is served: Office loads add-ins over https only.");
  process.exit(1);
}

function get(url) {
  return new Promise((done) => {
    const req = request(url, { ca: readFileSync(cert.ca), timeout: 30_000 }, (res) => {
      res.resume();
      done(res.statusCode);
    });
    req.on("error", () => done(undefined));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function serverLog() {
  try {
    return readFileSync(logFile, "utf8").trim();
  } catch {
    return "";
  }
}

/** Starts webpack serve in its own process group; resolves when the pane is served. */
async function startServer() {
  mkdirSync(stateDir, { recursive: true });
  const log = openSync(logFile, "w");
  const child = spawn(process.execPath, [webpackCli, "serve", "--mode", "development"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, CRM_ADDIN_QUIET: "1" },
    windowsHide: true,
  });
  child.unref();
  writeFileSync(stateFile, JSON.stringify({ pid: child.pid, port, sideloaded: false }));
  let exited = false;
  child.once("exit", () => (exited = true));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!exited && Date.now() < deadline) {
    // The dev middleware answers only once the first compilation is done.
    if ((await get(`${base}taskpane.html`)) === 200) break;
    await sleep(1000);
  }
  const output = serverLog();
  if (exited || Date.now() >= deadline || /\bERROR\b/.test(output)) {
    console.error(output || "webpack serve stopped without output.");
    console.error(exited ? "\nThe dev server stopped." : "\nThe build failed; the dev server is stopped.");
    stopServer(readState());
    process.exit(1);
  }
  // Warnings are worth a look; webpack's "compiled successfully" is not.
  const worthShowing = output
    .split("\n")
    .filter((line) => !/compiled successfully/.test(line))
    .join("\n")
    .trim();
  if (worthShowing) console.log(worthShowing);
}

function stopServer(state) {
  if (!state) return false;
  if (ours(state)) {
    if (platform() === "win32") {
      spawnSync("taskkill", ["/pid", String(state.pid), "/T", "/F"], { stdio: "ignore" });
    } else {
      // detached: the server leads its own process group; end the group, not just the leader.
      try {
        process.kill(-state.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      const deadline = Date.now() + 5000;
      while (alive(state.pid) && Date.now() < deadline) spawnSync("sleep", ["0.1"]);
      try {
        process.kill(-state.pid, "SIGKILL");
      } catch {
        /* ended on SIGTERM */
      }
    }
  }
  rmSync(stateFile, { force: true });
  return true;
}

/** Windows and macOS: sideload into desktop Excel through office-addin-debugging's API. */
async function sideload() {
  const { startDebugging, AppType } = require("office-addin-debugging");
  const [result, lines] = await captured(() =>
    startDebugging(manifestPath, { appType: AppType.Desktop, app: "excel", enableDebugging: false, enableSideload: true }),
  );
  if (result instanceof Error) {
    console.log(lines.join("\n"));
    console.log(`Could not sideload into desktop Excel: ${result.message}`);
    return false;
  }
  writeFileSync(stateFile, JSON.stringify({ ...readState(), sideloaded: true }));
  return true;
}

/** The Excel on the web link office-addin-debugging opens for a document (sideload.ts there). */
function webSideloadUrl(document) {
  const id = /<Id>([^<]+)<\/Id>/.exec(readFileSync(manifestPath, "utf8"))?.[1] ?? "";
  const url = new URL(document);
  url.searchParams.set("wdaddindevserverport", String(port));
  url.searchParams.set("wdaddinmanifestfile", "manifest.xml");
  url.searchParams.set("wdaddinmanifestguid", id);
  return url.href;
}

function openInBrowser(url) {
  const [cmd, cmdArgs] =
    platform() === "win32"
      ? ["cmd", ["/c", "start", "", url]]
      : platform() === "darwin"
        ? ["open", [url]]
        : ["xdg-open", [url]];
  if (platform() === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
  const r = spawnSync(cmd, cmdArgs, { stdio: "ignore" });
  return r.status === 0;
}

function banner(certLine, sideloaded) {
  const webSteps = documentUrl
    ? `  Open this link (it loads the add-in from this server into the document):\n  ${webSideloadUrl(documentUrl)}`
    : `  1. Open a workbook at https://www.office.com (OneDrive or SharePoint).
  2. Home › Add-ins › More Add-ins › My Add-ins › Upload My Add-in, and choose
     ${manifestPath}
  (or: npm run start:web -- --document <the workbook's URL>)`;
  return `
${certLine}
CRM add-in is served at ${base} (this computer only)

  Preview in a browser (sample data, no Excel needed):  ${base}taskpane.html
  Manifest:                                            ${manifestPath}
${sideloaded ? "\n  Sideloaded into desktop Excel: the 客户管理 (CRM) tab is on the ribbon.\n" : ""}
Excel on the web:
  Trust the development CA once in your browser: import ${cert.ca} under
  certificate authorities (Chrome: Settings › Privacy and security › Security › Manage
  certificates), or open ${base}taskpane.html and accept the warning.
${webSteps}
  The 客户管理 (CRM) tab appears on the ribbon; =CRM.ABCCLASS(…) and the other functions work
  in formulas.

Server log: ${logFile}
Stop with: npm stop
`;
}

async function start() {
  const running = readState();
  if (ours(running)) {
    console.log(`The dev server is already running at ${base} (pid ${running.pid}); npm stop ends it.`);
  } else {
    if (running) rmSync(stateFile, { force: true });
    if (await portInUse()) {
      console.error(`Port ${port} is in use by another program; stop it, or set another port with`);
      console.error(`npm config set crm-workbook-addin:dev_server_port <port> (the manifest says ${port}).`);
      process.exit(1);
    }
  }
  const certLine = await certificates();
  if (!ours(readState())) {
    console.log(`Building and starting the dev server at ${base} …`);
    await startServer();
  }
  let sideloaded = false;
  if (!web && canSideload) sideloaded = await sideload();
  if (web && documentUrl && openInBrowser(webSideloadUrl(documentUrl))) {
    console.log("Opened the document in your browser.");
  }
  console.log(banner(certLine, sideloaded));
}

async function stop() {
  const state = readState();
  const wasRunning = ours(state);
  stopServer(state);
  console.log(
    wasRunning
      ? `Stopped the dev server (pid ${state.pid}).`
      : "No dev server started by npm start is running.",
  );
  if (canSideload) {
    const { stopDebugging } = require("office-addin-debugging");
    const [result, lines] = await captured(() => stopDebugging(manifestPath));
    if (result instanceof Error) {
      console.log(lines.join("\n"));
      console.log(`Could not end the sideloaded session: ${result.message}`);
      process.exitCode = 1;
    } else {
      console.log("Ended the sideloaded Excel session (the add-in is unregistered).");
    }
  }
}

if (args.includes("--stop")) await stop();
else await start();

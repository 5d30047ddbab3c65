/**
 * `npm start` then `npm stop` on Linux (scripts/start.mjs): the server comes up on https on
 * localhost only, webpack's output stays out of the terminal, the banner is the last thing
 * printed, and `npm stop` leaves no process behind. Runs with its own HOME (certificates made
 * there beforehand through office-addin-dev-certs' API, so the test never asks for sudo) and its
 * own free port, so a developer's running `npm start` is not touched.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { request } from "node:https";
import { createServer, connect } from "node:net";
import { networkInterfaces, platform, tmpdir } from "node:os";
import { join } from "node:path";
import { generateCertificates } from "office-addin-dev-certs";

jest.setTimeout(900_000);

const projectDir = join(__dirname, "..", "..");
const linux = platform() === "linux";

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

function statusOf(url: string, ca: Buffer): Promise<number | undefined> {
  return new Promise((done) => {
    const req = request(url, { ca }, (res) => {
      res.resume();
      done(res.statusCode);
    });
    req.on("error", () => done(undefined));
    req.end();
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

(linux ? describe : describe.skip)("npm start / npm stop on Linux", () => {
  let home: string;
  let port: number;
  let env: NodeJS.ProcessEnv;
  let pid: number | undefined;
  const stateFile = () =>
    join(projectDir, "node_modules", ".cache", "crm-addin", `dev-server-${port}.json`);
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(projectDir, "scripts", "start.mjs"), ...args], {
      cwd: projectDir,
      env,
      encoding: "utf8",
      timeout: 840_000,
    });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "crm-home-"));
    const dir = join(home, ".office-addin-dev-certs");
    await generateCertificates(
      join(dir, "ca.crt"),
      join(dir, "localhost.crt"),
      join(dir, "localhost.key"),
      30,
    );
    port = await freePort();
    env = { ...process.env, HOME: home, npm_package_config_dev_server_port: String(port) };
  });

  afterAll(() => {
    // Only if the test failed half-way: never leave the server it started running.
    if (pid === undefined && existsSync(stateFile())) {
      pid = (JSON.parse(readFileSync(stateFile(), "utf8")) as { pid: number }).pid;
    }
    if (pid !== undefined && groupAlive(pid)) process.kill(-pid, "SIGKILL");
    rmSync(stateFile(), { force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it("serves https on localhost only, prints the banner last, and npm stop leaves no process behind", async () => {
    const started = run();
    expect(started.stderr).toBe("");
    expect(started.status).toBe(0);
    const lines = started.stdout.trim().split("\n");
    expect(lines.at(-1)).toBe("Stop with: npm stop");
    expect(started.stdout).toContain(`CRM add-in is served at https://localhost:${port}/`);
    // One calm line about the CA on Linux, no red error, no webpack chatter.
    expect(started.stdout).toMatch(/on Linux the CA is not added to the system store/);
    expect(started.stdout).not.toMatch(
      /Error|sudo: not found|webpack compiled|asset |\[webpack-dev-server\]/,
    );

    const state = JSON.parse(readFileSync(stateFile(), "utf8")) as { pid: number };
    pid = state.pid;
    expect(groupAlive(pid)).toBe(true);

    const ca = readFileSync(join(home, ".office-addin-dev-certs", "ca.crt"));
    expect(await statusOf(`https://localhost:${port}/taskpane.html`, ca)).toBe(200);
    // Bound to localhost: the machine's other addresses do not answer.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (external) expect(await reachable(external, port)).toBe(false);

    // A second npm start finds the running server instead of starting another.
    const again = run();
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`already running at https://localhost:${port}/ (pid ${pid})`);

    const stopped = run("--stop");
    expect(stopped.status).toBe(0);
    expect(stopped.stdout).toContain(`Stopped the dev server (pid ${pid}).`);
    expect(groupAlive(pid)).toBe(false);
    expect(await reachable("localhost", port)).toBe(false);
    expect(existsSync(stateFile())).toBe(false);

    expect(run("--stop").stdout).toContain("No dev server started by npm start is running.");
  });
});

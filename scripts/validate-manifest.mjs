// npm run validate: manifest.xml and, when a build exists, dist/manifest.xml against Microsoft's
// XML schemas and the cross-reference checks (scripts/manifest-check.ts, the same checks as
// test/build/manifest.test.ts), then Microsoft's online validator when reachable.
// `office-addin-manifest validate` calls a Microsoft web service; without a network it fails, and
// that must not hide the offline result, so an unreachable service is reported and skipped.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const projectDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifestPath = join(projectDir, "manifest.xml");
const ONLINE_TIMEOUT_MS = 60_000;

/** Files in dist/ when a build exists, so URLs are checked against what was really emitted. */
function distFiles() {
  const dist = join(projectDir, "dist");
  if (!existsSync(dist)) return undefined;
  const out = new Set();
  const visit = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) visit(full);
      else out.add(relative(dist, full).split("\\").join("/"));
    }
  };
  visit(dist);
  return out;
}

function runOnline() {
  return new Promise((resolve) => {
    const cli = join(projectDir, "node_modules", "office-addin-manifest", "cli.js");
    const child = spawn(process.execPath, [cli, "validate", manifestPath], { cwd: projectDir });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill();
      resolve({ code: null, output, timedOut: true });
    }, ONLINE_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: String(error), timedOut: false });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut: false });
    });
  });
}

const UNREACHABLE =
  /Unable to contact|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network|FetchError|fetch failed|socket hang up/i;

/** The origin a built manifest points at (its SourceLocation's folder). */
function builtOrigin(xml) {
  const source = /<SourceLocation DefaultValue="([^"]+)"/.exec(xml)?.[1] ?? "";
  return source.slice(0, source.lastIndexOf("/") + 1);
}

async function offline(label, xml, options, check) {
  const { checkManifest, schemaProblems } = check;
  const problems = [
    ...(await schemaProblems(xml, projectDir)).map((p) => `schema: ${p}`),
    ...checkManifest(xml, { projectDir, ...options }),
  ];
  console.log(`Offline checks of ${label}:`);
  if (problems.length > 0) {
    for (const p of problems) console.log(`  ✗ ${p}`);
    console.log(`${problems.length} problem(s) found.`);
    return false;
  }
  console.log(
    "  ✓ Microsoft's XML schemas; resources, URLs, requirement sets, shared runtime, CRM namespace, locales, icons, ribbon commands",
  );
  return true;
}

async function main() {
  const check = await tsImport("./manifest-check.ts", import.meta.url);
  const dist = distFiles();
  let ok = await offline(
    `manifest.xml (URLs against ${dist ? "dist/" : "the expected build output"})`,
    readFileSync(manifestPath, "utf8"),
    { emitted: dist },
    check,
  );
  if (dist?.has("manifest.xml")) {
    const built = readFileSync(join(projectDir, "dist", "manifest.xml"), "utf8");
    const origin = builtOrigin(built);
    ok = (await offline(`dist/manifest.xml (${origin})`, built, { emitted: dist, origin }, check)) && ok;
  }
  if (!ok) {
    process.exitCode = 1;
    return;
  }

  console.log("Online validation (Microsoft's validation service):");
  const result = await runOnline();
  if (result.code === 0) {
    console.log(result.output.trim());
    return;
  }
  if (result.timedOut || UNREACHABLE.test(result.output)) {
    console.log(
      "  online validation skipped: Microsoft's validation service is unreachable" +
        (result.timedOut ? ` (no answer in ${ONLINE_TIMEOUT_MS / 1000} s)` : ""),
    );
    return;
  }
  console.log(result.output.trim());
  process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

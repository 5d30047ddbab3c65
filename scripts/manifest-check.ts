/**
 * Offline checks of manifest.xml, in two layers:
 * - `schemaProblems`: Microsoft's XML schemas (vendored in schemas/office-addin-manifest/, see its
 *   README) through libxml2 compiled to WebAssembly. They catch what Office rejects when it reads
 *   the manifest: element order, unknown elements, string and resid lengths, version patterns.
 * - `checkManifest`: what no schema can know and still breaks sideloading in practice: resource ids
 *   referenced but not defined (or defined and never used), URLs that point at files the build does
 *   not emit, the shared-runtime wiring, the required requirement sets, the CRM namespace, locale
 *   overrides, icon sizes, and ribbon ExecuteFunction names the commands module never associates.
 * Used by test/build/manifest.test.ts and scripts/validate-manifest.mjs.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { validateXML } from "xmllint-wasm";

export const DEV_ORIGIN = "https://localhost:3000/";
/** Microsoft's manifest XSDs, vendored with their provenance and patches (see its README). */
export const SCHEMA_DIR = join("schemas", "office-addin-manifest");
const SCHEMA_ENTRY = "OfficeAppManifestV1_1.xsd";
/**
 * Requirement sets the add-in cannot run without (manifest <Requirements>): ExcelApi 1.9 is the
 * adapter's floor (src/excel/run.ts), CustomFunctionsRuntime the CRM.* functions', SharedRuntime
 * the one page that pane, commands and functions share.
 */
export const REQUIRED_SETS: Record<string, string> = {
  SharedRuntime: "1.1",
  ExcelApi: "1.9",
  CustomFunctionsRuntime: "1.1",
};
export const NAMESPACE = "CRM";
export const DEFAULT_LOCALE = "zh-CN";
export const OVERRIDE_LOCALE = "en-US";
/** The ribbon's ExecuteFunction names; src/commands/commands.ts associates exactly these. */
export const RIBBON_FUNCTIONS = [
  "setupWorkbook",
  "checkData",
  "refreshDashboard",
  "logFollowUpForSelection",
  "openImport",
] as const;

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

type OrderedNode = Record<string, unknown>;

function toElements(nodes: unknown): XmlElement[] {
  if (!Array.isArray(nodes)) return [];
  const out: XmlElement[] = [];
  for (const node of nodes as OrderedNode[]) {
    const name = Object.keys(node).find((k) => k !== ":@");
    if (name === undefined || name === "#text" || name.startsWith("?") || name === "#comment") {
      continue;
    }
    const rawAttrs = (node[":@"] ?? {}) as Record<string, unknown>;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawAttrs)) attrs[k.replace(/^@_/, "")] = String(v);
    const body = node[name];
    const texts = Array.isArray(body)
      ? (body as OrderedNode[]).filter((c) => "#text" in c).map((c) => String(c["#text"]))
      : [];
    out.push({ name, attrs, children: toElements(body), text: texts.join("").trim() });
  }
  return out;
}

/** Parses the manifest into a plain element tree (namespace prefixes kept, e.g. `bt:Image`). */
export function parseManifest(xml: string): XmlElement {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    preserveOrder: true,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: true,
  });
  const root = toElements(parser.parse(xml)).find((e) => e.name === "OfficeApp");
  if (!root) throw new Error("manifest.xml has no OfficeApp root element");
  return root;
}

export function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const child of el.children) yield* walk(child);
}

function all(root: XmlElement, name: string): XmlElement[] {
  return [...walk(root)].filter((e) => e.name === name);
}

function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export interface ManifestFacts {
  resources: Map<string, { kind: string; value: string; overrides: Record<string, string> }>;
  resids: string[];
  urls: string[];
  executeFunctions: string[];
  namespace: string | undefined;
}

export function manifestFacts(root: XmlElement): ManifestFacts {
  const resources: ManifestFacts["resources"] = new Map();
  const resourcesEl = all(root, "Resources")[0];
  for (const group of resourcesEl?.children ?? []) {
    for (const item of group.children) {
      const overrides: Record<string, string> = {};
      for (const o of item.children.filter((c) => c.name === "bt:Override")) {
        overrides[o.attrs.Locale ?? ""] = o.attrs.Value ?? "";
      }
      const id = item.attrs.id ?? "";
      resources.set(id, { kind: group.name, value: item.attrs.DefaultValue ?? "", overrides });
    }
  }
  const nodes = [...walk(root)];
  const resids = nodes.map((e) => e.attrs.resid).filter((r): r is string => r !== undefined);
  const urls = nodes
    .flatMap((e) => [e.attrs.DefaultValue, e.attrs.Value])
    .filter((v): v is string => v !== undefined && /^https?:\/\//i.test(v));
  const executeFunctions = all(root, "Action")
    .filter((a) => a.attrs["xsi:type"] === "ExecuteFunction")
    .map((a) => child(a, "FunctionName")?.text ?? "");
  const nsResid = all(root, "Namespace")[0]?.attrs.resid;
  const namespace = nsResid === undefined ? undefined : resources.get(nsResid)?.value;
  return { resources, resids, urls, executeFunctions, namespace };
}

/** The files a production build puts in dist/, from the webpack config's entries and copies. */
export function expectedBuildFiles(projectDir: string): Set<string> {
  const files = new Set([
    "taskpane.html",
    "support.html",
    "functions.json",
    "manifest.xml",
    "taskpane.js",
    "commands.js",
    "functions.js",
  ]);
  const assets = join(projectDir, "assets");
  if (existsSync(assets)) {
    for (const f of readdirSync(assets)) if (f.endsWith(".png")) files.add(`assets/${f}`);
  }
  return files;
}

/** Names a commands module registers with Office.actions.associate("name", ...). */
export function associatedActions(commandsSource: string): string[] {
  return [...commandsSource.matchAll(/Office\.actions\.associate\(\s*["'`]([\w$]+)["'`]/g)].map(
    (m) => m[1] ?? "",
  );
}

function pngSize(file: string): { width: number; height: number } | undefined {
  const bytes = readFileSync(file);
  if (bytes.length < 24 || bytes.toString("ascii", 1, 4) !== "PNG") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export interface CheckOptions {
  projectDir: string;
  /** Where every URL must point: the dev origin, or ADDIN_PROD_URL for dist/manifest.xml. */
  origin?: string;
  /** Files present in the build output; defaults to the files the build is known to emit. */
  emitted?: Set<string>;
  /** Source of src/commands/commands.ts; defaults to reading it from projectDir. */
  commandsSource?: string;
}

/** All problems found; an empty list means the manifest passes. */
export function checkManifest(xml: string, options: CheckOptions): string[] {
  const problems: string[] = [];
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    return [`not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`];
  }
  const root = parseManifest(xml);
  const facts = manifestFacts(root);
  const text = (name: string) => child(root, name)?.text;

  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text("Id") ?? "")) {
    problems.push("Id is not a GUID");
  }
  if (root.attrs["xsi:type"] !== "TaskPaneApp") problems.push("OfficeApp is not a TaskPaneApp");
  if (text("DefaultLocale") !== DEFAULT_LOCALE) {
    problems.push(`DefaultLocale is not ${DEFAULT_LOCALE}`);
  }
  for (const name of ["DisplayName", "Description"]) {
    const el = child(root, name);
    if (!el?.attrs.DefaultValue) problems.push(`${name} has no DefaultValue`);
    const en = el?.children.find(
      (c) => c.name === "Override" && c.attrs.Locale === OVERRIDE_LOCALE,
    );
    if (!en?.attrs.Value) problems.push(`${name} has no ${OVERRIDE_LOCALE} Override`);
  }
  const hosts = child(child(root, "Hosts"), "Host");
  if (hosts?.attrs.Name !== "Workbook")
    problems.push("the add-in does not target Excel (Workbook)");
  const sets = new Map(
    all(child(root, "Requirements") ?? root, "Set").map((s) => [s.attrs.Name, s.attrs.MinVersion]),
  );
  for (const [name, version] of Object.entries(REQUIRED_SETS)) {
    if (!sets.has(name)) problems.push(`${name} is not required`);
    else if (sets.get(name) !== version) problems.push(`${name} is not required at ${version}`);
  }

  // Resource ids: every reference resolves, every definition is used, no duplicates.
  const defined = facts.resources;
  const used = new Set(facts.resids);
  for (const r of used) if (!defined.has(r)) problems.push(`resid "${r}" is not defined`);
  for (const id of defined.keys()) if (!used.has(id)) problems.push(`resource "${id}" is unused`);
  const resourceIds = all(root, "Resources").flatMap((r) =>
    r.children.flatMap((g) => g.children.map((c) => c.attrs.id)),
  );
  const duplicate = resourceIds.filter((id, i) => resourceIds.indexOf(id) !== i);
  for (const id of new Set(duplicate)) problems.push(`resource "${id}" is defined twice`);

  // Every user-visible string has an English override (the namespace is not translated).
  for (const [id, res] of defined) {
    if (
      (res.kind === "bt:ShortStrings" || res.kind === "bt:LongStrings") &&
      id !== "Functions.Namespace"
    ) {
      if (!res.overrides[OVERRIDE_LOCALE])
        problems.push(`string "${id}" has no ${OVERRIDE_LOCALE} override`);
    }
  }

  // URLs point at files the build emits.
  const emitted = options.emitted ?? expectedBuildFiles(options.projectDir);
  const origin = options.origin ?? DEV_ORIGIN;
  for (const url of facts.urls) {
    if (!url.startsWith(origin)) {
      problems.push(`URL ${url} is not under ${origin}`);
      continue;
    }
    const file = url.slice(origin.length).split(/[?#]/)[0] ?? "";
    if (!emitted.has(file))
      problems.push(`URL ${url} points at ${file}, which the build does not emit`);
  }

  // Icons: the declared size matches the PNG.
  for (const img of all(root, "bt:Image").filter((i) => i.attrs.size && i.attrs.resid)) {
    const url = defined.get(img.attrs.resid ?? "")?.value ?? "";
    const file = join(options.projectDir, url.slice(origin.length));
    if (!url.startsWith(origin) || !existsSync(file)) continue;
    const size = pngSize(file);
    const want = Number(img.attrs.size);
    if (!size || size.width !== want || size.height !== want) {
      problems.push(
        `${img.attrs.resid} is declared ${want}px but ${file} is not a ${want}×${want} PNG`,
      );
    }
  }

  // Shared runtime: the runtime page, the function file and the functions' page are one page.
  const runtime = all(root, "Runtime")[0];
  if (!runtime) problems.push("no <Runtimes><Runtime> (shared runtime)");
  else if (runtime.attrs.lifetime !== "long")
    problems.push("the shared runtime's lifetime is not long");
  const runtimeResid = runtime?.attrs.resid;
  const functionFile = all(root, "FunctionFile")[0]?.attrs.resid;
  if (functionFile !== runtimeResid) problems.push("FunctionFile is not the shared runtime's page");

  // Custom functions.
  const cf = all(root, "ExtensionPoint").find((e) => e.attrs["xsi:type"] === "CustomFunctions");
  if (!cf) problems.push("no CustomFunctions extension point");
  else {
    const resOf = (name: string) =>
      defined.get(child(child(cf, name), "SourceLocation")?.attrs.resid ?? "")?.value ?? "";
    if (!resOf("Script").endsWith("/functions.js"))
      problems.push("custom functions Script is not functions.js");
    if (!resOf("Metadata").endsWith("/functions.json")) {
      problems.push("custom functions Metadata is not functions.json");
    }
    if (child(child(cf, "Page"), "SourceLocation")?.attrs.resid !== runtimeResid) {
      problems.push("custom functions Page is not the shared runtime's page");
    }
  }
  if (facts.namespace !== NAMESPACE)
    problems.push(`custom functions namespace is not ${NAMESPACE}`);

  // Ribbon: a ShowTaskpane button and the ExecuteFunction commands the commands module associates.
  const showPane = all(root, "Action").some((a) => a.attrs["xsi:type"] === "ShowTaskpane");
  if (!showPane) problems.push("no ribbon button opens the task pane");
  for (const name of RIBBON_FUNCTIONS) {
    if (!facts.executeFunctions.includes(name)) problems.push(`no ribbon button runs ${name}`);
  }
  const commandsFile = join(options.projectDir, "src", "commands", "commands.ts");
  const source =
    options.commandsSource ?? (existsSync(commandsFile) ? readFileSync(commandsFile, "utf8") : "");
  const associated = new Set(associatedActions(source));
  for (const name of facts.executeFunctions) {
    if (!associated.has(name)) {
      problems.push(`ExecuteFunction ${name} is not associated in src/commands/commands.ts`);
    }
  }
  return problems;
}

/**
 * Problems Microsoft's XML schemas find, one line each (`line N: message`); empty when valid.
 * libxml2 runs in a worker thread (xmllint-wasm), so no system xmllint and no network is needed.
 */
export async function schemaProblems(xml: string, projectDir: string): Promise<string[]> {
  const dir = join(projectDir, SCHEMA_DIR);
  const xsds = readdirSync(dir)
    .filter((f) => f.endsWith(".xsd"))
    .map((fileName) => ({ fileName, contents: readFileSync(join(dir, fileName), "utf8") }));
  const entry = xsds.find((x) => x.fileName === SCHEMA_ENTRY);
  if (!entry) throw new Error(`${SCHEMA_ENTRY} is missing from ${dir}`);
  const result = await validateXML({
    xml: [{ fileName: "manifest.xml", contents: xml }],
    schema: entry,
    preload: xsds.filter((x) => x !== entry),
  });
  if (result.valid) return [];
  const lines = result.errors.map((e) =>
    e.loc ? `line ${e.loc.lineNumber}: ${e.message}` : e.message,
  );
  // xmllint reports "fails to validate" without detail when the schema itself is broken.
  return lines.length > 0 ? lines : [result.rawOutput.trim() || "rejected by the schema"];
}

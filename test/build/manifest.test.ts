import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import {
  REQUIRED_SETS,
  RIBBON_FUNCTIONS,
  associatedActions,
  checkManifest,
  manifestFacts,
  parseManifest,
  schemaProblems,
} from "../../scripts/manifest-check";

const projectDir = join(__dirname, "..", "..");
const xml = readFileSync(join(projectDir, "manifest.xml"), "utf8");
const commandsSource = readFileSync(join(projectDir, "src", "commands", "commands.ts"), "utf8");

/** dist/ as built by `npm test` before jest; absent when only unit tests run. */
function distFiles(): Set<string> | undefined {
  const dist = join(projectDir, "dist");
  if (!existsSync(dist)) return undefined;
  const out = new Set<string>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) visit(full);
      else out.add(relative(dist, full).split("\\").join("/"));
    }
  };
  visit(dist);
  return out;
}

/** The ribbon commands associated, so mutation tests isolate the one thing they break. */
const allAssociated = RIBBON_FUNCTIONS.map(
  (name) => `Office.actions.associate("${name}", run);`,
).join("\n");

function problemsOf(mutated: string): string[] {
  return checkManifest(mutated, { projectDir, commandsSource: allAssociated });
}

describe("manifest.xml", () => {
  it("passes every offline check against the build output and the commands module", () => {
    expect(checkManifest(xml, { projectDir, emitted: distFiles() })).toEqual([]);
  });

  it("is an Excel add-in with the CRM namespace and its ribbon commands (five functions and Open CRM)", () => {
    const facts = manifestFacts(parseManifest(xml));
    expect(facts.namespace).toBe("CRM");
    expect([...facts.executeFunctions].sort()).toEqual([...RIBBON_FUNCTIONS].sort());
    expect(xml).toContain('<Host Name="Workbook" />');
    expect(xml).toContain('xsi:type="ShowTaskpane"');
  });

  it("src/commands/commands.ts associates every ribbon function", () => {
    expect(associatedActions(commandsSource).sort()).toEqual(
      expect.arrayContaining([...RIBBON_FUNCTIONS].sort()),
    );
  });

  it("every URL is under https://localhost:3000/ (the production build rewrites it)", () => {
    for (const url of manifestFacts(parseManifest(xml)).urls) {
      expect(url.startsWith("https://localhost:3000/")).toBe(true);
    }
  });
});

describe("Microsoft's manifest schemas", () => {
  it("accept manifest.xml (every element in order, every string within its limit)", async () => {
    expect(await schemaProblems(xml, projectDir)).toEqual([]);
  });

  it("declare the requirement sets the adapter checks at run time (ExcelApi floor in src/excel/run.ts)", () => {
    const run = readFileSync(join(projectDir, "src", "excel", "run.ts"), "utf8");
    expect(/MIN_EXCEL_API = "([\d.]+)"/.exec(run)?.[1]).toBe(REQUIRED_SETS.ExcelApi);
    expect(problemsOf(xml.replace('Name="ExcelApi" MinVersion="1.9"', 'Name="ExcelApi"'))).toEqual([
      "ExcelApi is not required at 1.9",
    ]);
    expect(
      problemsOf(xml.replace('<Set Name="CustomFunctionsRuntime" MinVersion="1.1" />', "")),
    ).toEqual(["CustomFunctionsRuntime is not required"]);
  });

  const longResid = "Crm.GetStarted.Description.FirstRunExperiences";
  /**
   * Five manifests Office rejects when it reads them. The cross-reference checks alone (all that
   * `npm run validate` ran before the schemas were vendored) accept every one of them: the first
   * assertion proves it, the second that the schemas do not.
   */
  it.each([
    [
      "a Label before its Group (CustomTab is a sequence: Groups, then Label)",
      (x: string) =>
        x
          .replace('              <Label resid="Tab.Label" />\n', "")
          .replace(
            '<CustomTab id="Crm.Tab">',
            '<CustomTab id="Crm.Tab">\n<Label resid="Tab.Label" />',
          ),
      /Label': This element is not expected/,
    ],
    [
      `a ${longResid.length}-character resid (the limit is 32)`,
      (x: string) => x.replaceAll('"GetStarted.Description"', `"${longResid}"`),
      /\[facet 'maxLength'\].*has a length of '46'; this exceeds the allowed maximum length of '32'/,
    ],
    [
      "a 251-character description (the limit is 250)",
      (x: string) =>
        x.replace(
          /<Description DefaultValue="[^"]*">/,
          `<Description DefaultValue="${"客".repeat(251)}">`,
        ),
      /Description', attribute 'DefaultValue'.* has a length of '251'; this exceeds the allowed maximum length of '250'/,
    ],
    [
      "an unknown element",
      (x: string) =>
        x.replace("</ProviderName>", '</ProviderName>\n  <Tagline DefaultValue="CRM" />'),
      /Tagline': This element is not expected/,
    ],
    [
      "Version v0.1-beta (up to four dot-separated numbers)",
      (x: string) => x.replace("<Version>0.1.0.0</Version>", "<Version>v0.1-beta</Version>"),
      /Version'.*'v0.1-beta' is not accepted by the pattern/,
    ],
  ])("reject %s, which the cross-reference checks accept", async (_label, mutate, error) => {
    const broken = mutate(xml);
    expect(broken).not.toBe(xml);
    expect(problemsOf(broken)).toEqual([]);
    const problems = await schemaProblems(broken, projectDir);
    expect(problems.join("\n")).toMatch(error);
  });
});

describe("the manifest checker catches", () => {
  it("a clean manifest with the commands associated", () => {
    expect(problemsOf(xml)).toEqual([]);
  });

  it.each([
    ["malformed XML", (x: string) => x.replace("</Hosts>", ""), /not well-formed/],
    [
      "an undefined resid",
      (x: string) =>
        x.replace('<Label resid="CheckData.Label" />', '<Label resid="Missing.Label" />'),
      /resid "Missing.Label" is not defined/,
    ],
    [
      "an unused resource",
      (x: string) =>
        x.replace(
          "</bt:ShortStrings>",
          '<bt:String id="Spare" DefaultValue="x" /></bt:ShortStrings>',
        ),
      /resource "Spare" is unused/,
    ],
    [
      "a URL the build does not emit",
      (x: string) => x.replace("assets/icon-16.png", "assets/icon-17.png"),
      /icon-17.png, which the build does not emit/,
    ],
    [
      "a URL off the dev origin",
      (x: string) =>
        x.replace("https://localhost:3000/functions.json", "https://example.com/f.json"),
      /not under https:\/\/localhost:3000\//,
    ],
    [
      "a wrong namespace",
      (x: string) => x.replace('DefaultValue="CRM" />', 'DefaultValue="CONTOSO" />'),
      /namespace is not CRM/,
    ],
    [
      "a missing English override",
      (x: string) => x.replace('<bt:Override Locale="en-US" Value="Check data" />', ""),
      /"CheckData.Label" has no en-US override/,
    ],
    [
      "an icon of the wrong size",
      (x: string) =>
        x.replace(
          '<bt:Image id="Icon.16x16" DefaultValue="https://localhost:3000/assets/icon-16.png" />',
          '<bt:Image id="Icon.16x16" DefaultValue="https://localhost:3000/assets/icon-32.png" />',
        ),
      /Icon.16x16 is declared 16px/,
    ],
    [
      "a short-lived runtime",
      (x: string) => x.replace('lifetime="long"', 'lifetime="short"'),
      /lifetime is not long/,
    ],
    [
      "a ribbon function the commands module does not associate",
      (x: string) =>
        x.replace(
          "<FunctionName>checkData</FunctionName>",
          "<FunctionName>checkAll</FunctionName>",
        ),
      /ExecuteFunction checkAll is not associated/,
    ],
  ])("%s", (_label, mutate, problem) => {
    const mutated = mutate(xml);
    expect(mutated).not.toBe(xml);
    expect(problemsOf(mutated).join("\n")).toMatch(problem);
  });

  it("reads associate calls in any quoting style", () => {
    const src = `Office.actions.associate("a", f);\nOffice.actions.associate( 'b', g);\nOffice.actions.associate(\`c\`, h);`;
    expect(associatedActions(src)).toEqual(["a", "b", "c"]);
  });
});

/**
 * The metadata Excel reads (dist/functions.json, generated from the JSDoc by the webpack plugin)
 * and the bundle that registers the functions. `npm test` builds dist/ before jest runs.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";

const dist = join(__dirname, "..", "..", "dist");

interface ParamMeta {
  name: string;
  type?: string;
  optional?: boolean;
  dimensionality?: string;
  description?: string;
}
interface FunctionMeta {
  id: string;
  name: string;
  description?: string;
  parameters: ParamMeta[];
  result: { type?: string; dimensionality?: string };
  options?: Record<string, unknown>;
}

/** id → [parameter name, optional] in SPEC §2's order. */
const SPEC: Record<string, [string, boolean][]> = {
  ABCCLASS: [
    ["annualAmount", false],
    ["repurchaseRate", true],
    ["aThreshold", true],
    ["bThreshold", true],
    ["highRepurchase", true],
  ],
  PARETOCLASS: [
    ["amount", false],
    ["amounts", false],
    ["aShare", true],
    ["bShare", true],
  ],
  NEXTFOLLOWUP: [
    ["lastContact", false],
    ["abcClass", true],
    ["cadenceMonths", true],
  ],
  CHURNFLAG: [
    ["lastContact", false],
    ["asOf", true],
    ["inactiveMonths", true],
  ],
  OVERDUE: [
    ["dueDate", false],
    ["done", true],
    ["asOf", true],
  ],
  NEEDPRIORITY: [
    ["expectedDate", false],
    ["asOf", true],
  ],
  SIZETIER: [["employees", false]],
  REVENUETIER: [["annualRevenue", false]],
  FEEDBACKSLA: [
    ["status", false],
    ["plannedDate", true],
    ["actualDate", true],
    ["asOf", true],
  ],
  CUSTOMERID: [
    ["createdDate", false],
    ["sequence", false],
    ["prefix", true],
  ],
};

function metadata(): FunctionMeta[] {
  const file = join(dist, "functions.json");
  if (!existsSync(file))
    throw new Error("dist/functions.json is missing: run `npm run build` first");
  return (JSON.parse(readFileSync(file, "utf8")) as { functions: FunctionMeta[] }).functions;
}

describe("dist/functions.json", () => {
  it("declares exactly the ten CRM functions", () => {
    expect(
      metadata()
        .map((f) => f.id)
        .sort(),
    ).toEqual(Object.keys(SPEC).sort());
  });

  it.each(Object.entries(SPEC))("%s has the spec's parameters, all of type any", (id, params) => {
    const fn = metadata().find((f) => f.id === id);
    expect(fn?.name).toBe(id);
    expect(fn?.description).toBeTruthy();
    expect(fn?.parameters.map((p) => [p.name, p.optional === true])).toEqual(params);
    for (const p of fn?.parameters ?? []) {
      expect(p.type).toBe("any");
      expect(p.description).toBeTruthy();
    }
  });

  it("no function is volatile, streaming or cancelable", () => {
    for (const fn of metadata()) {
      expect(fn.options?.volatile).toBeFalsy();
      expect(fn.options?.stream).toBeFalsy();
      expect(fn.options?.cancelable).toBeFalsy();
    }
    expect(readFileSync(join(dist, "functions.json"), "utf8")).not.toMatch(/volatile"\s*:\s*true/);
  });

  it("PARETOCLASS takes ranges and returns a matrix (a spill for a range of amounts)", () => {
    const fn = metadata().find((f) => f.id === "PARETOCLASS");
    expect(fn?.parameters[0]?.dimensionality).toBe("matrix");
    expect(fn?.parameters[1]?.dimensionality).toBe("matrix");
    expect(fn?.result.dimensionality).toBe("matrix");
    for (const other of metadata().filter((f) => f.id !== "PARETOCLASS")) {
      expect(other.result.dimensionality).toBeUndefined();
    }
  });
});

describe("dist/functions.js", () => {
  const code = () => readFileSync(join(dist, "functions.js"), "utf8");

  it("registers every id with CustomFunctions.associate", () => {
    const ids: string[] = [];
    const CustomFunctions = {
      associate: (id: string, fn: unknown) => {
        expect(typeof fn).toBe("function");
        ids.push(id);
      },
    };
    runInNewContext(code(), { CustomFunctions });
    expect(ids.sort()).toEqual(Object.keys(SPEC).sort());
  });

  it("loads in a plain browser, where office.js defines no CustomFunctions", () => {
    expect(() => runInNewContext(code(), {})).not.toThrow();
  });
});

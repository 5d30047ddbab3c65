/**
 * Jest projects: pure domain rules, the Excel adapter against a fake object model, the pane's
 * components in jsdom, the build artefacts (manifest, functions.json) and the browser tests
 * (Playwright in headless Chromium against the built pane in preview mode).
 * ts-jest compiles to CommonJS here; webpack keeps ES modules so Fluent tree-shakes.
 */
const transform = {
  "^.+\\.(ts|tsx)$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }],
};
const common = { transform, moduleFileExtensions: ["ts", "tsx", "js", "json"] };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: "domain", testEnvironment: "node", testMatch: ["<rootDir>/test/domain/**/*.test.ts"] },
    { ...common, displayName: "functions", testEnvironment: "node", testMatch: ["<rootDir>/test/functions/**/*.test.ts"] },
    { ...common, displayName: "excel", testEnvironment: "node", testMatch: ["<rootDir>/test/excel/**/*.test.ts"] },
    {
      ...common,
      displayName: "pane",
      testEnvironment: "jsdom",
      testMatch: ["<rootDir>/test/pane/**/*.test.tsx"],
      setupFilesAfterEnv: ["<rootDir>/test/pane/setup.ts"],
    },
    { ...common, displayName: "build", testEnvironment: "node", testMatch: ["<rootDir>/test/build/**/*.test.ts"] },
    // LibreOffice Calc recalculating the set-up workbook (test/engine/recalc.py over Python-UNO).
    { ...common, displayName: "engine", testEnvironment: "node", testMatch: ["<rootDir>/test/engine/**/*.test.ts"] },
    { ...common, displayName: "e2e", testEnvironment: "node", testMatch: ["<rootDir>/test/e2e/**/*.test.ts"] },
  ],
};

// Flat ESLint config: TypeScript strict rules, the Office add-in rules as errors, React, hooks and
// jsx-a11y for the pane, and a boundary rule: only src/excel/ and the entry points may touch the
// Office.js globals, so domain rules stay testable without Excel.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import prettier from "eslint-config-prettier";
import globals from "globals";

const officeRules = Object.fromEntries(
  [
    "call-sync-before-read",
    "call-sync-after-load",
    "load-object-before-read",
    "no-context-sync-in-loop",
    "no-empty-load",
    "no-navigational-load",
    "no-office-initialize",
    "test-for-null-using-isNullObject",
  ].map((r) => [`office-addins/${r}`, "error"]),
);

const officeGlobals = ["Excel", "Office", "OfficeExtension", "CustomFunctions", "OfficeRuntime"];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "docs/**", "*.config.js", "*.config.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "office-addins": officeAddins, react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    languageOptions: { globals: { ...globals.browser }, parserOptions: { ecmaFeatures: { jsx: true } } },
    settings: { react: { version: "18" } },
    rules: {
      ...officeRules,
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "react/prop-types": "off",
    },
  },
  {
    // The boundary: pure rules and the pane never call Office.js directly.
    files: ["src/domain/**/*.{ts,tsx}", "src/taskpane/components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-globals": ["error", ...officeGlobals.map((name) => ({ name, message: `${name} belongs in src/excel/ or an entry point.` }))],
    },
  },
  {
    files: ["scripts/**/*.{js,mjs}", "bench/**/*.ts", "test/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  prettier,
);

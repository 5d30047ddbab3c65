/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Three entries share one runtime (manifest <Runtimes lifetime="long">): the task pane, the
 * ribbon commands and the custom functions all load in taskpane.html, so a command can open the
 * pane and the functions can read the same settings. TypeScript emits ES modules here
 * (tsconfig `module: esnext`) so webpack tree-shakes Fluent UI; ts-jest has its own CommonJS config.
 *
 * Three flavours of one code base:
 * - production (`npm run build`, ADDIN_PROD_URL required): the folder an admin deploys. office.js
 *   comes from Microsoft's CDN (the npm package is not supported for hosting; the Marketplace
 *   requires the CDN), the manifest points at ADDIN_PROD_URL, taskpane.html carries a
 *   Content-Security-Policy that allows only that origin and the CDN.
 * - test (`npm run build:test`, `--env local`): the same minified bundle with the manifest on
 *   https://localhost:3000/, office.js copied from node_modules so the browser tests, the bench and
 *   the preview run offline, and the same CSP with 'self' for the add-in's origin.
 * - development (`npm start`, `webpack serve`): as test, unminified, with source maps and no CSP
 *   (the dev server's live-reload client needs its own websocket and inline scripts).
 */
const path = require("path");
const fs = require("fs");
const os = require("os");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_URL = "https://localhost:3000/";
/** Where Microsoft hosts office.js; the only script origin besides the add-in's own. */
const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const PORT = Number(process.env.npm_package_config_dev_server_port || 3000);

/**
 * The production build's hosting URL, from ADDIN_PROD_URL: an https origin and optional path,
 * ending in "/". Without it the build stops: a production manifest on localhost deploys
 * nowhere, and building one silently was how issue 16 found the old build.
 */
function productionUrl() {
  const raw = (process.env.ADDIN_PROD_URL || "").trim();
  const stop = (why) => {
    console.error(
      `\n${why}\n\n` +
        "npm run build makes the folder you deploy; it needs the HTTPS address the folder will be\n" +
        "served from, which it writes into the manifest:\n\n" +
        "  ADDIN_PROD_URL=https://crm.example.com/ npm run build\n" +
        "  (Windows PowerShell: $env:ADDIN_PROD_URL=\"https://crm.example.com/\"; npm run build)\n\n" +
        "For a local build (tests, preview, bench) use npm run build:test; to develop, npm start.\n",
    );
    process.exit(1);
  };
  if (!raw) stop("ADDIN_PROD_URL is not set.");
  let url;
  try {
    url = new URL(raw);
  } catch {
    stop(`ADDIN_PROD_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== "https:") stop(`ADDIN_PROD_URL must be https (Office loads add-ins over HTTPS only): ${raw}`);
  if (url.search || url.hash) stop(`ADDIN_PROD_URL must be a folder address without ? or #: ${raw}`);
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

/**
 * The pane's Content-Security-Policy. Scripts only from the add-in's origin and the office.js
 * CDN (which also serves the host-specific scripts office.js loads), no eval, no plugins, no
 * frames. Styles also allow 'unsafe-inline': Fluent UI's Griffel injects <style> elements at run
 * time and React sets style attributes; a nonce cannot help on a static host (it would be the same
 * for every response). Sent as a <meta> tag because the add-in is a folder on any static host.
 */
function contentSecurityPolicy(origin) {
  const cdn = new URL(OFFICE_JS_CDN).origin;
  return [
    "default-src 'none'",
    `script-src ${origin} ${cdn}`,
    `style-src ${origin} 'unsafe-inline'`,
    `img-src ${origin}`,
    `connect-src ${origin} ${cdn}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join("; ");
}

/** Office dev certificates (office-addin-dev-certs writes them; scripts/start.mjs makes sure). */
function httpsOptions() {
  const dir = path.join(os.homedir(), ".office-addin-dev-certs");
  const read = (f) => fs.readFileSync(path.join(dir, f));
  try {
    return { key: read("localhost.key"), cert: read("localhost.crt"), ca: read("ca.crt") };
  } catch {
    return undefined;
  }
}

/** office.js and the sibling files it loads at run time (Excel and locale scripts). */
const officeJsPatterns = {
  from: "node_modules/@microsoft/office-js/dist",
  to: "assets/office-js",
  globOptions: {
    ignore: [
      "**/*.debug.js",
      "**/*.d.ts",
      "**/office-vsdoc.js",
      "**/{access,onenote,outlook,powerpoint,project,visio,word,html2canvas}*",
    ],
  },
  // Already minified by Microsoft: keep Terser away from 20 MB of scripts.
  info: { minimized: true },
};

module.exports = (env = {}, argv = {}) => {
  const dev = argv.mode !== "production";
  const deployed = !dev && !env.local;
  const url = deployed ? productionUrl() : DEV_URL;
  const supportUrl = (deployed && process.env.ADDIN_SUPPORT_URL) || `${url}support.html`;
  // Certificates matter only when serving; a build needs none. Never fall back to plain http
  // (the manifest says https) nor to a certificate of webpack's own (nothing trusts it).
  const https = env.WEBPACK_SERVE ? httpsOptions() : undefined;
  if (env.WEBPACK_SERVE && !https) {
    console.error(
      `No Office development certificates in ${path.join(os.homedir(), ".office-addin-dev-certs")}.\n` +
        "Run npm start: it creates them (office-addin-dev-certs) and serves https://localhost:" + PORT + "/.",
    );
    process.exit(1);
  }
  // npm start (scripts/start.mjs) shows webpack's output only when something fails.
  const quiet = Boolean(process.env.CRM_ADDIN_QUIET);
  return {
    stats: quiet ? "errors-warnings" : "normal",
    infrastructureLogging: { level: quiet ? "warn" : "info" },
    devtool: dev ? "source-map" : false,
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
      functions: "./src/functions/functions.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      chunkFilename: "chunks/[name].[contenthash:8].js",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
      // exceljs's browser build references Node built-ins it never uses in the browser.
      fallback: { fs: false, path: false, stream: false, crypto: false },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true } },
        },
        { test: /\.(png|jpg|jpeg|gif|ico|svg)$/, type: "asset/resource", generator: { filename: "assets/[name][ext]" } },
      ],
    },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: "./src/functions/functions.ts" }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["functions", "commands", "taskpane"],
        chunksSortMode: "manual",
        templateParameters: {
          officeJs: deployed ? OFFICE_JS_CDN : "assets/office-js/office.js",
          csp: dev ? "" : contentSecurityPolicy(deployed ? new URL(url).origin : "'self'"),
        },
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "assets/support.html", to: "support.html" },
          ...(deployed ? [] : [officeJsPatterns]),
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) =>
              content
                .toString()
                .replace(`DefaultValue="${DEV_URL}support.html"`, `DefaultValue="${supportUrl}"`)
                .replaceAll(DEV_URL, url),
          },
        ],
      }),
    ],
    devServer: {
      static: { directory: path.resolve(__dirname, "dist") },
      headers: { "Access-Control-Allow-Origin": "*" },
      // Never plain http: the manifest says https, and Office refuses anything else.
      server: { type: "https", options: https },
      host: "localhost",
      port: PORT,
      hot: false,
      liveReload: true,
      client: { overlay: { warnings: false, errors: true } },
    },
  };
};

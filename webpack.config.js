/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Three entries share one runtime (manifest <Runtimes lifetime="long">): the task pane, the
 * ribbon commands and the custom functions all load in taskpane.html, so a command can open the
 * pane and the functions can read the same settings. TypeScript emits ES modules here
 * (tsconfig `module: esnext`) so webpack tree-shakes Fluent UI; ts-jest has its own CommonJS config.
 */
const path = require("path");
const fs = require("fs");
const os = require("os");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_URL = "https://localhost:3000/";
/** Where the add-in is hosted in production; the manifest's localhost URLs are rewritten to it. */
const PROD_URL = process.env.ADDIN_PROD_URL || DEV_URL;
const PORT = Number(process.env.npm_package_config_dev_server_port || 3000);

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

module.exports = (env, argv) => {
  const dev = argv.mode !== "production";
  const https = httpsOptions();
  return {
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
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          officeJsPatterns,
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => (dev ? content : content.toString().replaceAll(DEV_URL, PROD_URL)),
          },
        ],
      }),
    ],
    devServer: {
      static: { directory: path.resolve(__dirname, "dist") },
      headers: { "Access-Control-Allow-Origin": "*" },
      server: https ? { type: "https", options: https } : "http",
      port: PORT,
      hot: false,
      liveReload: true,
      client: { overlay: { warnings: false, errors: true } },
    },
  };
};

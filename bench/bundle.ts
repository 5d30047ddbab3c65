/**
 * Production bundle sizes, raw and gzip, of each entry and of the lazily loaded chunks, read
 * from dist/ (`npm run bench` builds first). office.js is Microsoft's and excluded.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface BundleFigure {
  file: string;
  raw: number;
  gzip: number;
}

export function bundleSizes(dist = "dist"): BundleFigure[] {
  const files = [
    ...readdirSync(dist).filter((f) => f.endsWith(".js")),
    ...safeList(join(dist, "chunks")).map((f) => join("chunks", f)),
  ];
  return files
    .filter((f) => f.endsWith(".js"))
    .map((file) => {
      const bytes = readFileSync(join(dist, file));
      return {
        file,
        raw: statSync(join(dist, file)).size,
        gzip: gzipSync(bytes, { level: 9 }).length,
      };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function benchBundle(dist = "dist"): BundleFigure[] {
  const sizes = bundleSizes(dist);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log("\n## Bundle sizes (production, office.js excluded)");
  console.log("| file | raw | gzip |\n|---|---:|---:|");
  for (const s of sizes) console.log(`| ${s.file} | ${kb(s.raw)} | ${kb(s.gzip)} |`);
  return sizes;
}

if (process.argv[1]?.endsWith("bundle.ts")) benchBundle();

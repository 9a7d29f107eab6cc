// Sizes that decide cold starts and first paint: the Worker bundle and the chat UI's first-load JavaScript.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { repoRoot } from "../../scripts/lib/local-stack.ts";

/** Bytes before and after gzip. */
export type Size = { rawBytes: number; gzipBytes: number };

/** Bundles the Worker as `wrangler deploy --dry-run` would upload it and gzips every module of it. */
export function workerBundleSize(): Size {
  const outdir = mkdtempSync(join(tmpdir(), "edgechat-bundle-"));
  try {
    const result = spawnSync(
      join(repoRoot, "node_modules", ".bin", "wrangler"),
      ["deploy", "--dry-run", "--outdir", outdir],
      { cwd: repoRoot, encoding: "utf8", timeout: 120_000, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
    );
    if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${result.stderr || result.stdout}`);
    return sumSizes(listFiles(outdir).filter((file) => /\.(m?js|wasm)$/.test(file)));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Gzipped size of the scripts public/index.html loads first (module scripts and modulepreload links). */
export function firstLoadJsSize(): Size & { files: string[] } {
  const publicDir = join(repoRoot, "public");
  const html = readFileSync(join(publicDir, "index.html"), "utf8");
  const references = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((match) => match[1] ?? "");
  const files = [...new Set(references.filter((path) => path.startsWith("/")))];
  return { ...sumSizes(files.map((path) => join(publicDir, path))), files };
}

/** Gzipped size of the widget's iframe app: /assets/embed.js and the chunks it imports statically (lazy ones excluded). */
export function widgetAppJsSize(): Size & { files: string[] } {
  const assets = join(repoRoot, "public/assets");
  const code = readFileSync(join(assets, "embed.js"), "utf8");
  const chunks = [...code.matchAll(/(?:from|import)\s*"\.\/(chunks\/[^"]+)"/g)].map((match) => match[1] ?? "");
  const files = ["embed.js", ...chunks].map((path) => join(assets, path));
  return { ...sumSizes(files), files };
}

function sumSizes(files: string[]): Size {
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes).length;
  }
  return { rawBytes, gzipBytes };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

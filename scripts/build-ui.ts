// Bundles the browser code under src/ui into public/ (run by wrangler's [build] before dev and deploy).
import { existsSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { writeServiceWorker } from "./lib/service-worker.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The chat site: code-split so that lazily imported modules (the syntax highlighter) stay off the first load. */
const siteEntry = { in: "src/ui/app/main.tsx", out: "app" };

/** The widget's iframe app, code-split the same way (its highlighter loads with the first code block only). */
const embedEntry = { in: "src/ui/embed/main.ts", out: "embed" };

/** Other entry point → output file, relative to the repository root, built as single files. Missing entries are skipped. */
const entries: Array<{ in: string; out: string }> = [
  { in: "src/ui/styles/app.css", out: "public/assets/app" },
  { in: "src/ui/widget/loader.ts", out: "public/widget" },
  // The operator console (/admin): its own page and bundle, so nothing of it reaches the chat site's first load.
  { in: "src/ui/admin/main.tsx", out: "public/assets/admin" },
  { in: "src/ui/admin/admin.css", out: "public/assets/admin" },
];

const common: esbuild.BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  sourcemap: false,
  legalComments: "none",
  jsx: "automatic",
  jsxImportSource: "preact",
  logLevel: "warning",
};

/** Builds every present entry; exported so the size-budget test measures exactly what ships. */
export async function buildUi(): Promise<string[]> {
  const present = entries.filter((entry) => existsSync(`${root}/${entry.in}`));
  rmSync(`${root}/public/assets/chunks`, { recursive: true, force: true });
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: [siteEntry],
      outdir: "public/assets",
      splitting: true,
      chunkNames: "chunks/[name]-[hash]",
    }),
    esbuild.build({
      ...common,
      entryPoints: [embedEntry],
      outdir: "public/assets",
      splitting: true,
      chunkNames: "chunks/embed-[name]-[hash]",
    }),
    esbuild.build({ ...common, entryPoints: present, outdir: ".", splitting: false }),
  ]);
  // After the bundles: the service worker lists them (with every chunk) as the offline app shell.
  writeServiceWorker(root);
  return [
    `public/assets/${siteEntry.out}`,
    `public/assets/${embedEntry.out}`,
    ...present.map((entry) => entry.out),
    "public/sw",
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${(await buildUi()).join(", ")}`);
}

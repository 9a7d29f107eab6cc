// Bundles the browser code under src/ui into public/ (run by wrangler's [build] before dev and deploy).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Entry point → output file, relative to the repository root. Missing entries are skipped. */
const entries: Array<{ in: string; out: string }> = [
  { in: "src/ui/app/main.tsx", out: "public/assets/app" },
  { in: "src/ui/styles/app.css", out: "public/assets/app" },
  { in: "src/ui/embed/main.ts", out: "public/assets/embed" },
  { in: "src/ui/widget/loader.ts", out: "public/widget" },
];

const present = entries.filter((entry) => existsSync(`${root}/${entry.in}`));
/** Builds every present entry; exported so the size-budget test measures exactly what ships. */
export async function buildUi(): Promise<string[]> {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: present,
    outdir: ".",
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    splitting: false,
    sourcemap: false,
    legalComments: "none",
    jsx: "automatic",
    jsxImportSource: "preact",
    logLevel: "warning",
  });
  return present.map((entry) => entry.out);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${(await buildUi()).join(", ")}`);
}

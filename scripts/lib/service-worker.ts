// Writes public/sw.js from src/ui/sw/service-worker.js with the app shell's file list and content hash filled in.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Static files of the shell besides the built script, styles and chunks. */
const staticShell = ["/manifest.webmanifest", "/favicon.svg", "/icons/icon-192.png", "/icons/icon-512.png"];

/**
 * The shell is the page ("/"), app.js and every chunk (dynamic imports too: they must load offline), app.css and
 * the static files; the version is a hash of all their bytes.
 */
export function writeServiceWorker(root: string): string[] {
  const chunksFolder = join(root, "public/assets/chunks");
  const chunks = existsSync(chunksFolder)
    ? readdirSync(chunksFolder)
        .sort()
        .map((name) => `/assets/chunks/${name}`)
    : [];
  const files = ["/assets/app.js", "/assets/app.css", ...chunks, ...staticShell];
  const hash = createHash("sha256").update(readFileSync(join(root, "public/index.html")));
  for (const file of files) hash.update(file).update(readFileSync(join(root, "public", file)));
  const template = readFileSync(join(root, "src/ui/sw/service-worker.js"), "utf8");
  const shell = ["/", ...files];
  const filled = template
    .replace('const shell = ["/"];', `const shell = ${JSON.stringify(shell)};`)
    .replace('const version = "dev";', `const version = "${hash.digest("hex").slice(0, 16)}";`);
  if (filled === template || filled.includes('version = "dev"')) {
    throw new Error("src/ui/sw/service-worker.js: the shell or version placeholder is missing");
  }
  writeFileSync(join(root, "public/sw.js"), filled);
  return shell;
}

// The chat site's first load stays small: the build output is measured gzipped against the budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildUi } from "../../scripts/build-ui.ts";
import { repoRoot } from "../../scripts/lib/local-stack.ts";

const KB = 1024;

function gzippedSize(path: string): number {
  return gzipSync(readFileSync(join(repoRoot, path)), { level: 9 }).length;
}

/** Files a first visit to `page` loads, read from the page itself so a new asset cannot slip past the budget. */
function firstLoadAssets(kind: "script" | "stylesheet", page = "public/index.html"): string[] {
  const html = readFileSync(join(repoRoot, page), "utf8");
  const pattern = kind === "script" ? /<script[^>]*\ssrc="([^"]+)"/g : /<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g;
  return [...html.matchAll(pattern)].map((match) => `public${match[1]}`);
}

/** Chunks a script imports statically (they load with it); `import("…")` chunks are lazy and excluded. */
function staticChunks(script: string): string[] {
  const code = readFileSync(join(repoRoot, script), "utf8");
  const folder = script.slice(0, script.lastIndexOf("/"));
  return [...code.matchAll(/(?:from|import)\s*"(\.\/chunks\/[^"]+)"/g)].map(
    (match) => `${folder}/${match[1]?.slice(2)}`,
  );
}

describe("chat site size budget", () => {
  it("ships at most 60 KB of gzipped JavaScript and 15 KB of gzipped CSS on first load", async () => {
    await buildUi();
    const scripts = firstLoadAssets("script");
    const styles = firstLoadAssets("stylesheet");
    expect(scripts).toEqual(["public/assets/app.js"]);
    expect(styles).toEqual(["public/assets/app.css"]);
    const js = [...scripts, ...scripts.flatMap(staticChunks)].reduce((sum, path) => sum + gzippedSize(path), 0);
    const css = styles.reduce((sum, path) => sum + gzippedSize(path), 0);
    console.log(`first load: JS ${(js / KB).toFixed(1)} KB gz, CSS ${(css / KB).toFixed(1)} KB gz`);
    expect(js).toBeLessThanOrEqual(60 * KB);
    expect(css).toBeLessThanOrEqual(15 * KB);
  });

  it("loads one message catalog: English is built in, other languages stay in their own lazy chunks", async () => {
    await buildUi();
    const firstLoad = ["public/assets/app.js", ...staticChunks("public/assets/app.js")];
    for (const path of firstLoad) {
      const code = readFileSync(join(repoRoot, path), "utf8");
      expect(code, path).not.toContain("新对话");
    }
    // Code shared with a lazy chunk (the account dialogs) moves to a common chunk that app.js imports statically.
    const app = firstLoad.map((path) => readFileSync(join(repoRoot, path), "utf8")).join("\n");
    expect(app).toContain("How can I help you today?");
    expect(app).toMatch(/import\("\.\/(chunks\/)?zh-CN-[\w]+\.js"\)/);
  });

  it("the page has no inline script or style, so the strict CSP does not block anything", () => {
    const html = readFileSync(join(repoRoot, "public/index.html"), "utf8");
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/\sstyle=/);
  });
});

describe("operator console size budget", () => {
  it("ships at most 90 KB gzipped from its own page, and none of it loads with the chat site", async () => {
    await buildUi();
    const assets = [
      ...firstLoadAssets("script", "public/admin.html"),
      ...firstLoadAssets("stylesheet", "public/admin.html"),
    ];
    expect(assets).toEqual(["public/assets/admin.js", "public/assets/admin.css"]);
    const total = assets.reduce((sum, path) => sum + gzippedSize(path), 0);
    console.log(`console: ${(total / KB).toFixed(1)} KB gz (JS + CSS)`);
    expect(total).toBeLessThanOrEqual(90 * KB);
    // The chat site's first load holds no console code: no uPlot, no console strings.
    const chat = ["public/assets/app.js", ...staticChunks("public/assets/app.js"), "public/assets/app.css"];
    for (const path of chat) {
      const code = readFileSync(join(repoRoot, path), "utf8");
      expect(code, path).not.toMatch(/uplot|edgechat console|\/admin\/api/i);
    }
  });

  it("the console page has no inline script or style either", () => {
    const html = readFileSync(join(repoRoot, "public/admin.html"), "utf8");
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/\sstyle=/);
  });
});

describe("widget iframe app size budget", () => {
  it("ships at most 40 KB of gzipped JavaScript into the chat frame; the highlighter waits for the first code block", async () => {
    await buildUi();
    const html = readFileSync(join(repoRoot, "src/sites/embed-page.ts"), "utf8");
    // The frame's page names exactly one script: the app.
    expect([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1])).toEqual(["/assets/embed.js"]);
    const scripts = ["public/assets/embed.js", ...staticChunks("public/assets/embed.js")];
    const js = scripts.reduce((sum, path) => sum + gzippedSize(path), 0);
    console.log(`widget iframe app: JS ${(js / KB).toFixed(1)} KB gz (${scripts.length} files)`);
    expect(js).toBeLessThanOrEqual(40 * KB);
    const code = readFileSync(join(repoRoot, "public/assets/embed.js"), "utf8");
    expect(code).toMatch(/import\("\.\/chunks\/embed-highlight-[^"]+\.js"\)/);
    // No HTML sanitizer is shipped: answers are built as DOM nodes, never parsed from HTML.
    expect(code).not.toContain("uponSanitizeAttribute");
  });
});

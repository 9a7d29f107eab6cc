// widget.js goes on every page of every site that embeds us: it must stay tiny and self-contained.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildUi } from "../../scripts/build-ui.ts";
import { repoRoot } from "../../scripts/lib/local-stack.ts";

describe("widget loader", () => {
  it("is at most 4 KB gzipped, as built for production", async () => {
    await buildUi();
    const source = readFileSync(join(repoRoot, "public/widget.js"));
    const gzipped = gzipSync(source, { level: 9 }).length;
    console.log(`widget.js: ${source.length} B, ${gzipped} B gzipped`);
    expect(gzipped).toBeLessThanOrEqual(4 * 1024);
  });

  it("is a classic script with no imports and no top-level declarations that would leak globals", async () => {
    await buildUi();
    const text = readFileSync(join(repoRoot, "public/widget.js"), "utf8").trim();
    expect(text).not.toMatch(/^\s*import\b|\bimport\(|^\s*export\b/m);
    // The whole file is one arrow-function IIFE: its only effect on the page is window.EdgeChat.
    expect(text).toMatch(/^\(\(\)=>\{[\s\S]*\}\)\(\);?$/);
    expect(text).not.toMatch(/\bstyle=|\.style\.|<style|insertRule|innerHTML/);
  });
});

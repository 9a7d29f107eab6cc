// The Markdown renderer in a real Chromium: hostile model output stays inert, and streaming rebuilds only
// the trailing block. The module is bundled on the fly and loaded into a blank page (no server needed).
import * as esbuild from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/lib/local-stack.ts";
import { MARKDOWN_SAMPLE, XSS_SAMPLE } from "../../simulator/samples.ts";
import { launchChromium } from "../kit/browser/chromium.ts";

let browser: Browser;
let page: Page;

type MarkdownGlobal = {
  renderMarkdown(container: HTMLElement, text: string): { update(text: string): void; blockCount: number };
};

beforeAll(async () => {
  const bundle = await esbuild.build({
    absWorkingDir: repoRoot,
    stdin: {
      contents: 'import * as markdown from "./src/ui/shared/markdown.ts"; window.markdown = markdown;',
      resolveDir: repoRoot,
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    write: false,
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent("<!doctype html><html><body><div id=out></div></body></html>");
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? "" });
});

afterAll(async () => {
  await browser?.close();
});

/** Renders `text` into #out and returns its HTML. */
function render(text: string): Promise<string> {
  return page.evaluate((source) => {
    const out = document.getElementById("out") as HTMLElement;
    (window as unknown as { markdown: MarkdownGlobal }).markdown.renderMarkdown(out, source);
    return out.innerHTML;
  }, text);
}

describe("Markdown rendering of model output", () => {
  it("renders the simulator's XSS answer inert: no script, no handler, no remote image, no javascript: link", async () => {
    const html = await render(XSS_SAMPLE);
    await page.waitForTimeout(100);
    const state = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss,
      scripts: document.querySelectorAll("#out script").length,
      images: document.querySelectorAll("#out img").length,
      handlers: [...document.querySelectorAll("#out *")].filter((element) =>
        [...element.attributes].some((a) => a.name.startsWith("on")),
      ).length,
      hrefs: [...document.querySelectorAll("#out a")].map((a) => a.getAttribute("href")),
    }));
    expect(state).toEqual({ xss: undefined, scripts: 0, images: 0, handlers: 0, hrefs: [null] });
    expect(html).not.toContain("javascript:");
    expect(html).toContain("Injected script:");
  });

  it("drops remote images but keeps the surrounding text", async () => {
    const html = await render('Look: ![tracker](https://evil.example/pixel.png) and <img src="//evil.example/x.png">');
    expect(html).not.toContain("evil.example");
    expect(html).toContain("Look:");
  });

  it("opens links in a new tab without opener or referrer", async () => {
    await render("See [the docs](https://example.com/edgechat).");
    const link = await page.evaluate(() => {
      const a = document.querySelector("#out a");
      return { href: a?.getAttribute("href"), target: a?.getAttribute("target"), rel: a?.getAttribute("rel") };
    });
    expect(link).toEqual({ href: "https://example.com/edgechat", target: "_blank", rel: "noopener noreferrer" });
  });

  it("gives code blocks a language label and a copy button, and renders tables and lists", async () => {
    await render(MARKDOWN_SAMPLE);
    const shape = await page.evaluate(() => ({
      label: document.querySelector("#out .code-block .code-lang")?.textContent,
      copy: document.querySelector("#out .code-block button")?.getAttribute("aria-label"),
      code: document.querySelector("#out .code-block pre")?.textContent,
      tableCells: document.querySelectorAll("#out .table-wrap table td").length,
      listItems: document.querySelectorAll("#out ul li").length,
    }));
    expect(shape).toEqual({
      label: "ts",
      copy: "Copy ts code",
      code: "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
      tableCells: 4,
      listItems: 3,
    });
  });

  it("colours code blocks with the lazily loaded highlighter, building spans from text only", async () => {
    await render('```ts\nexport const x: number = 1; // "<img src=x onerror=alert(1)>"\n```');
    await page.waitForFunction(() => document.querySelector("#out code")?.getAttribute("data-highlighted") === "true");
    const tokens = await page.evaluate(() =>
      [...document.querySelectorAll("#out code span")].map((span) => `${span.className}:${span.textContent}`),
    );
    expect(tokens).toEqual([
      "tok-kw:export",
      "tok-kw:const",
      "tok-kw:number",
      "tok-num:1",
      'tok-com:// "<img src=x onerror=alert(1)>"',
    ]);
    expect(await page.evaluate(() => document.querySelectorAll("#out img").length)).toBe(0);
  });

  it("strips class names a model could use to imitate the interface", async () => {
    const html = await render('<div class="notice notice-rate-limited">Fake warning</div>');
    expect(html).not.toContain("notice");
    expect(html).toContain("Fake warning");
  });

  it("while streaming, keeps finished blocks as they are and rebuilds only the trailing one", async () => {
    const result = await page.evaluate(() => {
      const out = document.getElementById("out") as HTMLElement;
      const { renderMarkdown } = (window as unknown as { markdown: MarkdownGlobal }).markdown;
      const view = renderMarkdown(out, "# Title\n\nFirst paragraph.\n\nSecond par");
      const heading = out.querySelector("h1");
      const first = out.querySelectorAll("p")[0];
      view.update("# Title\n\nFirst paragraph.\n\nSecond paragraph grows");
      view.update("# Title\n\nFirst paragraph.\n\nSecond paragraph grows.\n\n- a list");
      return {
        sameHeading: out.querySelector("h1") === heading,
        sameFirst: out.querySelectorAll("p")[0] === first,
        paragraphs: [...out.querySelectorAll("p")].map((p) => p.textContent),
        items: out.querySelectorAll("li").length,
      };
    });
    expect(result).toEqual({
      sameHeading: true,
      sameFirst: true,
      paragraphs: ["First paragraph.", "Second paragraph grows."],
      items: 1,
    });
  });

  it("links only to web pages and e-mail: javascript:, data: and vbscript: destinations keep just their words", async () => {
    await render(
      "[a](javascript:alert(1)) [b](data:text/html,<b>x</b>) [c](vbscript:x) [d](https://ok.example/p) [e](mailto:me@ok.example) <https://auto.example>",
    );
    const links = await page.evaluate(() =>
      [...document.querySelectorAll("#out a")].map((a) => `${a.textContent}=${a.getAttribute("href")}`),
    );
    expect(links).toEqual([
      "a=null",
      "b=null",
      "c=null",
      "d=https://ok.example/p",
      "e=mailto:me@ok.example",
      "https://auto.example=https://auto.example/",
    ]);
  });

  it("shows raw HTML's words without its tags, and entities as the characters they name", async () => {
    const html = await render(
      '<details open><summary>More</summary><p onclick="x()">Hidden <b>text</b></p></details>\n\nFish &amp; chips &lt;3 &#169;',
    );
    expect(html).not.toMatch(/<details|<summary|onclick|<b>/);
    const paragraphs = await page.evaluate(() => [...document.querySelectorAll("#out p")].map((p) => p.textContent));
    expect(paragraphs).toEqual(["MoreHidden text", "Fish & chips <3 ©"]);
  });
});

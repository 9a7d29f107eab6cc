// The two documents a site's widget is made of besides the loader script: the iframe page and the
// loader's stylesheet. Both are strings built from validated data only (theme fields are schema-checked,
// and everything placed in HTML is escaped).
import { escapeHtml } from "../lib/escape-html.ts";
import type { Site } from "./site-store.ts";
import type { ResolvedTheme } from "./theme.ts";

/** What the iframe page needs to know. */
export type EmbedPageOptions = { site: Site; theme: ResolvedTheme; parentOrigin: string };

/**
 * The iframe document. No inline script or style (the page runs under our strict CSP): the configuration
 * travels in data attributes that /assets/embed.js reads.
 */
export function renderEmbedPage({ site, theme, parentOrigin }: EmbedPageOptions): string {
  const data: Record<string, string> = {
    "site-key": site.siteKey,
    "parent-origin": parentOrigin,
    title: theme.title,
    greeting: theme.greeting,
    placeholder: theme.placeholder,
    color: theme.color,
    // The owner's widget options (never the instructions or any secret: this page is public).
    "starter-questions": JSON.stringify(site.starterQuestions),
    "show-served-by": site.showServedBy ? "true" : "false",
  };
  const attributes = Object.entries(data)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(theme.title)}</title><link rel="stylesheet" href="/assets/app.css"><link rel="stylesheet" href="/embed.css"><script type="module" src="/assets/embed.js"></script></head><body class="embed"${attributes}><noscript>This chat needs JavaScript.</noscript></body></html>`;
}

/**
 * The loader's stylesheet: the site's colour, side, open-on-load flag and whether the page's origin is allowed, as
 * custom properties on the shadow host, followed by the shared widget.css. The loader reads `--ec-open-on-load`
 * and `--ec-allowed` because a strict host CSP leaves it no other channel to HOST before the frame exists.
 */
export function renderThemeCss(theme: ResolvedTheme, widgetCss: string, originAllowed: boolean): string {
  const side = theme.position === "left" ? "--ec-left:20px;--ec-right:auto" : "--ec-left:auto;--ec-right:20px";
  const flags = `--ec-open-on-load:${theme.openOnLoad ? 1 : 0};--ec-allowed:${originAllowed ? 1 : 0}`;
  return `:host{--ec-color:${theme.color};${side};${flags}}\n${widgetCss}`;
}

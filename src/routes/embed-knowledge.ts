import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { escapeHtml } from "../lib/escape-html.ts";
import { pageSecurityHeaders } from "../lib/security-headers.ts";
import { verifyDocLink } from "../sites/knowledge/doc-link.ts";
import { readPublishedDoc } from "../sites/knowledge/knowledge-store.ts";

// Nothing may run or load on this page: the text is the owner's, shown to anyone holding a cited link.
const documentCsp =
  "default-src 'none'; style-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function renderDocument(title: string, text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replaceAll("\n", "<br>")}</p>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/app.css"></head><body class="knowledge-doc"><main><h1>${escapeHtml(title)}</h1>${paragraphs}</main></body></html>`;
}

/**
 * `GET /embed/knowledge/:docId?sig=…`: a pasted-text knowledge document as a page, for the links in cited widget
 * answers. The signature (doc-link.ts) proves our widget cited it; unknown, unsigned or deleted: 404.
 */
export const embedKnowledge = new Hono<AppEnv>().get("/:docId", async (c) => {
  const docId = c.req.param("docId");
  const config = c.get("config");
  const signature = c.req.query("sig") ?? "";
  const signed = await verifyDocLink([config.sessionSecret, config.sessionSecretPrevious], docId, signature);
  const doc = signed ? await readPublishedDoc(c.env.DB, docId) : null;
  if (!doc) throw new AppError(404, "There is no document here.", { code: "not_found" });
  return c.body(renderDocument(doc.title, doc.text), 200, {
    ...pageSecurityHeaders(documentCsp),
    "content-type": "text/html; charset=utf-8",
    "cache-control": "private, max-age=300",
    "x-robots-tag": "noindex",
  });
});

import type { AppConfig } from "../../config/config.ts";
import { escapeHtml } from "../../lib/escape-html.ts";
import { catalogModelIds, renderCatalog, renderLimits } from "./docs-catalog.ts";
import { quickstarts } from "./docs-quickstarts.ts";

type Json = Record<string, unknown>;

const inline = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * The developer page: quickstarts per client, the model catalog (rendered from the configuration, not written
 * by hand), limits, errors, and the endpoint reference from the OpenAPI document. Static HTML in the site's
 * theme (app.css variables); no scripts, as the CSP forbids inline ones.
 */
export function renderDocsPage(document: Json, config: AppConfig, origin: string): string {
  const info = isObject(document.info) ? document.info : {};
  const paths = isObject(document.paths) ? document.paths : {};
  const schemas =
    isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
  const operations: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (isObject(operation)) operations.push(renderOperation(method, path, operation));
    }
  }
  const schemaSections = Object.entries(schemas).map(
    ([id, schema]) =>
      `<details id="schema-${escapeHtml(id)}"><summary>${escapeHtml(id)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`,
  );
  const model = catalogModelIds(config)[0] ?? "deepseek-flash";
  const starts = quickstarts(origin, model);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${escapeHtml(text(info.title))} · docs</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/assets/app.css"><link rel="stylesheet" href="/docs.css"></head><body class="docs-page">
<header class="docs-header"><a href="/">edgechat</a><nav aria-label="Sections"><a href="#quickstart">Quickstart</a><a href="#models">Models</a><a href="#limits">Limits</a><a href="#errors">Errors</a><a href="#reference">Reference</a><a href="/openapi.json">OpenAPI</a></nav></header>
<main>
<h1>${escapeHtml(text(info.title))}</h1>
<p class="lead">${inline(text(info.description))}</p>
<section id="quickstart"><h2>Quickstart</h2>
<p>Get a partner key (<code>ec_…</code>) from your operator. Base URL: <code>${escapeHtml(origin)}/v1</code> for OpenAI-style clients, <code>${escapeHtml(origin)}</code> for Anthropic-style ones. Send the key as <code>Authorization: Bearer</code> or <code>x-api-key</code>.</p>
<nav class="docs-toc" aria-label="Clients">${starts.map((start) => `<a href="#qs-${start.id}">${escapeHtml(start.title)}</a>`).join("")}</nav>
${starts.map((start) => `<section id="qs-${start.id}"><h3>${escapeHtml(start.title)}</h3><p>${inline(start.note)}</p><pre><code>${escapeHtml(start.code)}</code></pre></section>`).join("\n")}
</section>
<section id="models"><h2>Models</h2>${renderCatalog(config)}</section>
<section id="limits"><h2>Limits</h2>
<p>Requests and tokens per minute are counted per key across every location; a key may have its own limits and a monthly budget. Responses carry <code>x-ratelimit-*</code> headers; a 429 has <code>retry-after</code> and <code>retry-after-ms</code> (never above 60,000). Stored responses (<code>/v1/responses</code> with <code>store</code>) are kept 30 days, a conversation continued with <code>previous_response_id</code> 30 days from its latest response. Request bodies are limited to 1 MiB.</p>
${renderLimits(config)}</section>
<section id="errors"><h2>Errors</h2>
<p>OpenAI-style endpoints answer <code>{"error":{"message","type","code","param"}}</code>; <code>/v1/messages</code> answers Anthropic's <code>{"type":"error","error":{"type","message"}}</code>. A streamed answer that fails after it started ends with an error event in its own dialect (<code>data: {"error":…}</code>, <code>response.failed</code>, or Anthropic's <code>event: error</code>). Fields the gateway accepts but does not act on are listed in the <code>x-edgechat-ignored-params</code> response header. An answer that does not match a requested <code>json_schema</code> is a 502 <code>output_schema_mismatch</code>.</p>
<div class="table-scroll"><table><thead><tr><th>Status</th><th>Meaning</th></tr></thead><tbody>
<tr><td>400</td><td>Invalid request; <code>param</code> names the field.</td></tr>
<tr><td>401</td><td>Missing, invalid or revoked key.</td></tr>
<tr><td>402</td><td>Monthly budget exhausted (<code>insufficient_quota</code>).</td></tr>
<tr><td>403</td><td>The model or your region is not allowed for this key.</td></tr>
<tr><td>404</td><td>Unknown model, or a stored response that is not this key's.</td></tr>
<tr><td>413</td><td>Request body too large.</td></tr>
<tr><td>429</td><td>Rate limited; retry after <code>retry-after</code> seconds.</td></tr>
<tr><td>502 / 503 / 504</td><td>The providers failed, none is available, or none answered in time.</td></tr>
</tbody></table></div></section>
<section id="reference"><h2>Reference</h2>${operations.join("\n")}
<h3>Schemas</h3>${schemaSections.join("\n")}</section>
</main></body></html>`;
}

function renderOperation(method: string, path: string, operation: Json): string {
  const responses = isObject(operation.responses) ? operation.responses : {};
  const rows = Object.entries(responses)
    .map(
      ([status, response]) =>
        `<tr><td>${escapeHtml(status)}</td><td>${inline(text(isObject(response) ? response.description : ""))}</td></tr>`,
    )
    .join("");
  const body = isObject(operation.requestBody) ? refsIn(operation.requestBody) : [];
  const parameters = Array.isArray(operation.parameters)
    ? operation.parameters
        .filter(isObject)
        .map(
          (p) =>
            `<li><code>${escapeHtml(text(p.name))}</code> (${escapeHtml(text(p.in))}) ${inline(text(p.description))}</li>`,
        )
    : [];
  return `<section class="operation"><h3><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code></h3><p>${inline(text(operation.summary))}</p>${
    operation.description ? `<p>${inline(text(operation.description))}</p>` : ""
  }${parameters.length ? `<ul>${parameters.join("")}</ul>` : ""}${
    body.length
      ? `<p>Body: ${body.map((id) => `<a href="#schema-${escapeHtml(id)}">${escapeHtml(id)}</a>`).join(", ")}</p>`
      : ""
  }<table><thead><tr><th>Status</th><th>Meaning</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function refsIn(value: unknown): string[] {
  const found = JSON.stringify(value).match(/#\/components\/schemas\/([A-Za-z]+)/g) ?? [];
  return [...new Set(found.map((ref) => ref.slice("#/components/schemas/".length)))];
}

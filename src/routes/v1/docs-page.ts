type Json = Record<string, unknown>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const inline = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === "string" ? value : "");

/** The API reference as static HTML rendered from the OpenAPI document (no scripts: the CSP forbids inline ones). */
export function renderDocsPage(document: Json): string {
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
      `<section id="schema-${escapeHtml(id)}"><h3>${escapeHtml(id)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(text(info.title))}</title><link rel="stylesheet" href="/app.css"></head><body class="docs-page"><main>
<h1>${escapeHtml(text(info.title))}</h1><p>${inline(text(info.description))}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors always have the shape <code>{"error":{"message","type","code","param"}}</code>.</p>
<h2>Endpoints</h2>${operations.join("\n")}
<h2>Schemas</h2>${schemaSections.join("\n")}
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
  return `<section><h3><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code></h3><p>${inline(text(operation.summary))}</p>${
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

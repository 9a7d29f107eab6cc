import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { base, callV1, createKey } from "../../kit/worker/v1.ts";

type Document = {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
};

describe("API documentation", () => {
  it("/openapi.json is an OpenAPI 3.1 document generated from the request schemas", async () => {
    const response = await exports.default.fetch(`${base}/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json<Document>();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/v1/chat/completions",
        "/v1/models",
        "/v1/usage",
        "/v1/responses",
        "/v1/responses/{id}",
        "/v1/messages",
        "/v1/messages/count_tokens",
        "/v1/completions",
        "/v1/embeddings",
        "/admin/api/keys",
        "/admin/api/keys/{id}",
      ]),
    );
    const request = document.components.schemas.ChatCompletionRequest;
    expect(request?.required).toEqual(expect.arrayContaining(["model", "messages"]));
    expect(Object.keys(request?.properties ?? {})).toEqual(
      expect.arrayContaining([
        "stream",
        "stream_options",
        "max_tokens",
        "max_completion_tokens",
        "tools",
        "response_format",
      ]),
    );
    expect(JSON.stringify(document)).not.toContain('"$schema"');
  });

  it("/docs is a readable HTML page without scripts", async () => {
    const response = await exports.default.fetch(`${base}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain("POST /v1/chat/completions");
    expect(html).toContain("POST /v1/messages");
    // A quickstart per client, and the catalog rendered from the configuration (every public model listed).
    for (const client of [
      "curl",
      "openai (JavaScript)",
      "openai (Python)",
      "Vercel AI SDK",
      "LangChain",
      "Anthropic SDK",
      "Claude Code",
      "OpenAI Agents SDK",
    ]) {
      expect(html).toContain(client);
    }
    const key = await createKey();
    const models = await (await callV1("/models", key.key)).json<{ data: Array<{ id: string }> }>();
    for (const model of models.data) expect(html).toContain(`<code>${model.id}</code>`);
    expect(html).toContain("<code>bge-m3</code>");
    expect(html).toContain('href="/assets/app.css"');
    expect(html).toContain("ChatCompletionRequest");
    expect(html).not.toContain("<script");
  });
});

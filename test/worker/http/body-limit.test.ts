import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../../src/app.ts";
import { bodyLimits } from "../../../src/http/body-limit.ts";
import { adminHeaders } from "../../kit/constants.ts";
import { newVisitor, origin } from "../../kit/worker/site-api.ts";
import { createKey } from "../../kit/worker/v1.ts";

const chunkBytes = 16 * 1024;
const encoder = new TextEncoder();

/**
 * A chunked upload with no content-length: `prefix`, then `totalBytes` of filler, pulled one chunk at a time.
 * `pulled()` says how many bytes the server actually asked for.
 */
function chunkedBody(prefix: string, totalBytes: number, suffix = "") {
  let sent = 0;
  let parts = [encoder.encode(prefix)];
  const filler = encoder.encode("x".repeat(chunkBytes));
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = parts.shift();
        if (next) {
          sent += next.byteLength;
          controller.enqueue(next);
          return;
        }
        if (sent < totalBytes) {
          sent += filler.byteLength;
          controller.enqueue(filler);
          if (sent >= totalBytes) parts = [encoder.encode(suffix)];
          return;
        }
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => sent };
}

type Surface = {
  name: string;
  path: string;
  limit: number;
  headers: () => Promise<Record<string, string>>;
  /** A valid body whose one string field is `filler` long. */
  body: (filler: string) => string;
  okStatus: number;
  openAiShape: boolean;
};

let cookie = "";
let partnerKey = "";

const surfaces: Surface[] = [
  {
    name: "/api (chat site)",
    path: "/api/conversations",
    limit: bodyLimits.default,
    headers: async () => ({ cookie, origin, "content-type": "application/json" }),
    body: (filler) => JSON.stringify({ title: `t${filler}`.slice(0, 100) }),
    okStatus: 201,
    openAiShape: false,
  },
  {
    name: "/v1 (partner API)",
    path: "/v1/chat/completions",
    limit: bodyLimits.v1,
    headers: async () => ({ authorization: `Bearer ${partnerKey}`, "content-type": "application/json" }),
    body: (filler) =>
      JSON.stringify({ model: "deepseek-chat", max_tokens: 5, messages: [{ role: "user", content: `hi ${filler}` }] }),
    okStatus: 200,
    openAiShape: true,
  },
  {
    name: "/admin/api",
    path: "/admin/api/sites",
    limit: bodyLimits.default,
    headers: async () => adminHeaders,
    body: (filler) => JSON.stringify({ name: `Shop ${filler}`.slice(0, 80), allowedOrigins: ["https://shop.example"] }),
    okStatus: 201,
    openAiShape: false,
  },
];

async function post(surface: Surface, body: BodyInit): Promise<Response> {
  const init = { method: "POST", headers: await surface.headers(), body, duplex: "half" } as RequestInit;
  return app.request(`${origin}${surface.path}`, init, env, createExecutionContext());
}

describe("request bodies", () => {
  beforeAll(async () => {
    cookie = await newVisitor();
    partnerKey = (await createKey({ plan: "pro" })).key;
  });

  for (const surface of surfaces) {
    describe(surface.name, () => {
      it("a chunked body with no content-length over the limit is refused with 413 after reading just past the limit", async () => {
        const upload = chunkedBody('{"padding":"', 100 * 1024 * 1024);
        const response = await post(surface, upload.stream);
        expect(response.status).toBe(413);
        const body = await response.json<{ error: Record<string, unknown> }>();
        expect(body.error).toMatchObject({ code: "request_too_large", type: "invalid_request_error" });
        if (surface.openAiShape) expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
        else expect(body.error).toHaveProperty("requestId");
        // Of a 100 MiB upload, the server read the limit and at most one chunk more.
        expect(upload.pulled()).toBeLessThanOrEqual(surface.limit + 2 * chunkBytes);
      });

      it("a declared content-length over the limit is refused before the body is read", async () => {
        const upload = chunkedBody("", surface.limit * 2);
        const headers = { ...(await surface.headers()), "content-length": String(surface.limit * 2) };
        const init = { method: "POST", headers, body: upload.stream, duplex: "half" } as RequestInit;
        const response = await app.request(`${origin}${surface.path}`, init, env, createExecutionContext());
        expect(response.status).toBe(413);
        expect(upload.pulled()).toBeLessThanOrEqual(chunkBytes);
      });

      it("a chunked body under the limit is read and accepted, and the isolate keeps serving", async () => {
        const text = surface.body("y".repeat(Math.min(20_000, surface.limit / 4)));
        const stream = new Blob([text]).stream();
        const response = await post(surface, stream);
        expect(response.status, await response.clone().text()).toBe(surface.okStatus);
        await response.body?.cancel();
        const again = await post(surface, surface.body("z"));
        expect(again.status).toBe(surface.okStatus);
        await again.body?.cancel();
      });
    });
  }
});

// Anonymous chunked uploads (no content-length) against the real Worker over real sockets: each surface cuts
// the body off just past its limit with a 413 instead of buffering it, and the Worker keeps serving.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVisitor, type Visitor } from "../kit/resilience/site.ts";
import { ADMIN_TOKEN, type ResilienceStack, startResilienceStack } from "../kit/resilience/stack.ts";

const chunk = new TextEncoder().encode("x".repeat(64 * 1024));

let stack: ResilienceStack;
let visitor: Visitor;
let key: string;

beforeAll(async () => {
  stack = await startResilienceStack();
  visitor = await createVisitor(stack.url);
  ({ key } = await stack.createKey());
});

afterAll(async () => {
  await stack?.stop();
});

/**
 * Starts a chunked POST (node:http: no content-length) that never ends: it writes just past `limit` and then waits.
 * A server that buffered whole bodies would wait forever; one that counts bytes as they stream answers at once.
 */
function endlessUpload(path: string, headers: Record<string, string>, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${stack.url}${path}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "transfer-encoding": "chunked" },
      timeout: 30_000,
    });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    request.on("timeout", () => reject(new Error("no answer: the Worker is waiting for the end of the body")));
    request.on("error", reject);
    request.write('{"padding":"');
    for (let sent = 0; sent <= limit + chunk.byteLength; sent += chunk.byteLength) request.write(chunk);
  });
}

describe("chunked uploads without content-length", () => {
  const surfaces: Array<[string, () => Record<string, string>, number]> = [
    ["/api/conversations", () => ({ cookie: visitor.cookie }), 64 * 1024],
    ["/v1/chat/completions", () => ({ authorization: `Bearer ${key}` }), 1024 * 1024],
    ["/admin/api/sites", () => ({ authorization: `Bearer ${ADMIN_TOKEN}` }), 64 * 1024],
  ];
  for (const [path, headers, limit] of surfaces) {
    it(`${path}: an upload that passes ${limit / 1024} KiB and never ends gets 413 at once, and the Worker keeps serving`, async () => {
      expect(await endlessUpload(path, headers(), limit)).toBe(413);
      const after = await fetch(`${stack.url}/api/me`, { headers: { cookie: visitor.cookie } });
      expect(after.status).toBe(200);
    });
  }
});

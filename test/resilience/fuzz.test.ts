// Property-based fuzzing of every JSON body the public API accepts: whatever arrives, the answer is never a
// 5xx, and every refusal has the documented JSON error shape (OpenAI's on /v1, ours on /api).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isObject } from "../kit/resilience/chat-stream.ts";
import { type HostileBody, hostileBodies, plausibleMessages } from "../kit/resilience/hostile-bodies.ts";
import { createVisitor, type Visitor } from "../kit/resilience/site.ts";
import { ADMIN_TOKEN, type ResilienceStack, startResilienceStack } from "../kit/resilience/stack.ts";

// Bounded: at most this many bodies per endpoint, and at most this long per endpoint.
const RUNS = 120;
const TIME_LIMIT_MS = 40_000;

let stack: ResilienceStack;
let key: string;
let visitor: Visitor;
let conversationId: string;

beforeAll(async () => {
  stack = await startResilienceStack({ simulator: { answerTokens: 5, reasoningTokens: 5 } });
  ({ key } = await stack.createKey({ rpm: 1_000_000, tpm: 1_000_000_000 }));
  visitor = await createVisitor(stack.url);
  const created = await fetch(`${stack.url}/api/conversations`, {
    method: "POST",
    headers: { cookie: visitor.cookie, "content-type": "application/json" },
    body: "{}",
  });
  const body: unknown = await created.json();
  if (!isObject(body) || typeof body.id !== "string")
    throw new Error(`could not create a conversation: ${JSON.stringify(body)}`);
  conversationId = body.id;
});

afterAll(async () => {
  await stack?.stop();
});

/** Sends the body and checks the answer: no 5xx; a 4xx has the error shape of its API. */
async function check(method: string, path: string, headers: Record<string, string>, body: HostileBody): Promise<void> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { ...headers, ...(body.contentType ? { "content-type": body.contentType } : {}), "x-dev-country": "US" },
    body: new Uint8Array(body.bytes),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  const context = `${method} ${path} with ${body.kind} (${body.bytes.length} bytes) → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, context).toBeLessThan(500);
  if (response.status < 400) return;
  expect(response.headers.get("content-type") ?? "", context).toContain("application/json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    expect.fail(`error body is not JSON: ${context}`);
  }
  const error = isObject(parsed) ? parsed.error : undefined;
  expect(isObject(error), context).toBe(true);
  if (!isObject(error)) return;
  expect(typeof error.message, context).toBe("string");
  expect(typeof error.type, context).toBe("string");
  expect("code" in error && "param" in error, context).toBe(true);
  if (path.startsWith("/v1/")) expect(Object.keys(error).sort(), context).toEqual(["code", "message", "param", "type"]);
  else expect("requestId" in error, context).toBe(true);
}

const options = { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false };

describe("fuzzing request bodies", () => {
  it("POST /v1/chat/completions: never a 5xx, always OpenAI's error shape", async () => {
    const bodies = hostileBodies({
      model: fc.constantFrom("deepseek-chat", "deepseek-reasoner", "gpt-4", ""),
      messages: plausibleMessages,
      stream: fc.boolean(),
      max_tokens: fc.integer({ min: -5, max: 100_000 }),
      temperature: fc.double(),
      n: fc.integer({ min: 0, max: 3 }),
      stop: fc.oneof(fc.string(), fc.array(fc.string())),
      stream_options: fc.record({ include_usage: fc.boolean() }),
    });
    await fc.assert(
      fc.asyncProperty(bodies, (body) =>
        check("POST", "/v1/chat/completions", { authorization: `Bearer ${key}` }, body),
      ),
      options,
    );
  });

  it("POST /api/conversations and PATCH /api/conversations/:id: never a 5xx, always the site's error shape", async () => {
    const bodies = hostileBodies({
      title: fc.string({ maxLength: 300 }),
      currentLeafId: fc.oneof(fc.string(), fc.constant(null)),
    });
    await fc.assert(
      fc.asyncProperty(bodies, fc.boolean(), (body, create) =>
        create
          ? check("POST", "/api/conversations", { cookie: visitor.cookie }, body)
          : check("PATCH", `/api/conversations/${conversationId}`, { cookie: visitor.cookie }, body),
      ),
      options,
    );
  });

  it("POST …/regenerate and POST /admin/api/keys: never a 5xx, always the site's error shape", async () => {
    const regenerate = hostileBodies({
      model: fc.constantFrom("deepseek-chat", "deepseek-reasoner", "gpt-4"),
      messageId: fc.oneof(fc.string(), fc.constant(null)),
    });
    const newKey = hostileBodies({
      name: fc.string({ maxLength: 120 }),
      plan: fc.constantFrom("partner", "pro", "free", "PARTNER", ""),
      rpm: fc.integer({ min: -1, max: 2_000_000 }),
      tpm: fc.integer({ min: -1, max: 2_000_000_000 }),
      monthlyBudgetUsd: fc.double(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          regenerate.map((body) => ({ admin: false, body })),
          newKey.map((body) => ({ admin: true, body })),
        ),
        ({ admin, body }) =>
          admin
            ? check("POST", "/admin/api/keys", { authorization: `Bearer ${ADMIN_TOKEN}` }, body)
            : check("POST", `/api/conversations/${conversationId}/regenerate`, { cookie: visitor.cookie }, body),
      ),
      options,
    );
  });

  it("POST /api/conversations/:id/messages: never a 5xx, always the site's error shape", async () => {
    const bodies = hostileBodies({
      content: fc.string({ maxLength: 200 }),
      model: fc.constantFrom("deepseek-chat", "deepseek-reasoner", "gpt-4"),
      parentId: fc.oneof(fc.string(), fc.constant(null)),
    });
    await fc.assert(
      fc.asyncProperty(bodies, (body) =>
        check("POST", `/api/conversations/${conversationId}/messages`, { cookie: visitor.cookie }, body),
      ),
      options,
    );
  });
});

import { describe, expect, it } from "vitest";
import { callV1, createKey, type ErrorBody, sseEvents, usageRow } from "../../kit/worker/v1.ts";

type Chunk = {
  choices: Array<{
    delta: { content?: string | null; reasoning_content?: string | null };
    finish_reason: string | null;
  }>;
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
};
type Completion = {
  object: string;
  choices: Array<{ message: { content: string; reasoning_content?: string | null }; finish_reason: string }>;
  usage: { prompt_tokens: number; completion_tokens: number; prompt_cache_hit_tokens?: number };
};

const conversation = [
  { role: "system", content: "You are terse." },
  { role: "user", content: "What is an edge network?" },
  { role: "assistant", content: "Servers close to users." },
  { role: "user", content: [{ type: "text", text: "And why does latency matter?" }] },
];

function complete(key: string, body: Record<string, unknown>, requestId = crypto.randomUUID()) {
  return callV1("/chat/completions", key, {
    method: "POST",
    headers: { "x-request-id": requestId },
    body: JSON.stringify({ model: "deepseek-chat", messages: conversation, ...body }),
  });
}

const tokenColumns = [
  "model",
  "provider",
  "served_model",
  "region",
  "prompt_tokens",
  "completion_tokens",
  "reasoning_tokens",
  "cache_hit_tokens",
  "cache_miss_tokens",
  "cost_micros",
  "status",
  "estimated",
] as const;

describe("POST /v1/chat/completions", () => {
  it("answers a non-streamed request with usage, rate-limit headers and who served it", async () => {
    const key = await createKey({ rpm: 50, tpm: 100_000 });
    const requestId = crypto.randomUUID();
    const response = await complete(key.key, {}, requestId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("50");
    expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("49");
    expect(response.headers.get("x-ratelimit-limit-tokens")).toBe("100000");
    expect(Number(response.headers.get("x-ratelimit-remaining-tokens"))).toBeLessThan(100_000);
    // Until the window has fully drained of this request: one minute.
    expect(response.headers.get("x-ratelimit-reset-requests")).toBe("1m0s");
    expect(response.headers.get("x-edgechat-provider")).toBeTruthy();
    const completion = await response.json<Completion>();
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content.length).toBeGreaterThan(0);
    expect(completion.usage.prompt_tokens).toBeGreaterThan(0);

    const row = await usageRow(requestId);
    expect(row).toMatchObject({
      api_key_id: key.id,
      model: "deepseek-chat",
      prompt_tokens: completion.usage.prompt_tokens,
      completion_tokens: completion.usage.completion_tokens,
      status: "complete",
      estimated: 0,
    });
    expect(row.cost_micros).toBeGreaterThan(0);
    expect(row.provider).toBe(response.headers.get("x-edgechat-provider"));
  });

  it("a streamed request and the same request non-streamed record identical usage", async () => {
    const key = await createKey();
    const plainId = crypto.randomUUID();
    const streamedId = crypto.randomUUID();
    const plain = await complete(key.key, {}, plainId);
    await plain.text();
    // The client does not ask for usage: the record must still be exact, and no usage-only chunk is sent.
    const streamed = await complete(key.key, { stream: true }, streamedId);
    expect(streamed.headers.get("content-type")).toContain("text/event-stream");
    const chunks = sseEvents(await streamed.text()) as Chunk[];
    expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
    const [plainRow, streamedRow] = await Promise.all([usageRow(plainId), usageRow(streamedId)]);
    const pick = (row: typeof plainRow) => Object.fromEntries(tokenColumns.map((column) => [column, row[column]]));
    expect(pick(streamedRow)).toEqual(pick(plainRow));
    expect(plainRow.cache_hit_tokens).toBeGreaterThan(0);
    expect(streamedRow.ttft_ms).not.toBeNull();
  });

  it("streams usage on the last chunk, with its finish reason, when stream_options.include_usage is set", async () => {
    const key = await createKey();
    const requestId = crypto.randomUUID();
    const response = await complete(key.key, { stream: true, stream_options: { include_usage: true } }, requestId);
    const text = await response.text();
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const chunks = sseEvents(text) as Chunk[];
    const last = chunks.at(-1);
    // As DeepSeek sends it (https://api-docs.deepseek.com/api/create-chat-completion): no usage-only chunk.
    expect(last?.choices[0]?.finish_reason).toBe("stop");
    const row = await usageRow(requestId);
    expect(last?.usage).toMatchObject({ prompt_tokens: row.prompt_tokens, completion_tokens: row.completion_tokens });
  });

  it("a reasoning model streams reasoning_content before content, and returns it in the message", async () => {
    const key = await createKey();
    const streamed = await complete(key.key, { model: "deepseek-reasoner", stream: true });
    const chunks = sseEvents(await streamed.text()) as Chunk[];
    const firstReasoning = chunks.findIndex((chunk) => chunk.choices[0]?.delta.reasoning_content);
    const firstContent = chunks.findIndex((chunk) => chunk.choices[0]?.delta.content);
    expect(firstReasoning).toBeGreaterThanOrEqual(0);
    expect(firstContent).toBeGreaterThan(firstReasoning);

    const requestId = crypto.randomUUID();
    const plain = await complete(key.key, { model: "deepseek-reasoner" }, requestId);
    const completion = await plain.json<Completion>();
    expect(completion.choices[0]?.message.reasoning_content?.length).toBeGreaterThan(0);
    expect((await usageRow(requestId)).reasoning_tokens).toBeGreaterThan(0);
  });

  it("a concurrent burst over a small rpm admits exactly the limit; the rest get 429 with retry-after", async () => {
    const key = await createKey({ rpm: 4 });
    const responses = await Promise.all(Array.from({ length: 12 }, () => complete(key.key, { max_tokens: 5 })));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(4);
    expect(statuses.filter((status) => status === 429)).toHaveLength(8);
    const limited = responses.find((response) => response.status === 429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited?.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    const { error } = await (limited as Response).json<ErrorBody>();
    expect(error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });
    await Promise.all(responses.filter((response) => !response.bodyUsed).map((response) => response.text()));
  });

  it("a tokens-per-minute limit refuses once the window's tokens are used", async () => {
    const key = await createKey({ tpm: 150 });
    const first = await complete(key.key, {});
    expect(first.status).toBe(200);
    await first.text();
    let refused: Response | null = null;
    for (let attempt = 0; attempt < 5 && !refused; attempt++) {
      const response = await complete(key.key, {});
      if (response.status === 429) refused = response;
      else await response.text();
    }
    expect(refused?.headers.get("x-ratelimit-remaining-tokens")).toBeDefined();
    expect((await (refused as Response).json<ErrorBody>()).error.message).toMatch(/tokens/);
  });

  it("a concurrent burst over a small budget never spends past it, and then 402s", async () => {
    // Worst case of one request: 121 prompt bytes (an upper bound on tokens) × 0.27 µ$ + 100 output tokens × 1.1 µ$
    // = 143 µ$, so a 500 µ$ budget admits 3 at once, whatever the real usage turns out to be.
    const key = await createKey({ monthlyBudgetUsd: 0.0005 });
    const ids = Array.from({ length: 10 }, () => crypto.randomUUID());
    const responses = await Promise.all(ids.map((id) => complete(key.key, { max_tokens: 100 }, id)));
    const admitted = ids.filter((_, index) => responses[index]?.status === 200);
    const refused = responses.filter((response) => response.status === 402);
    expect(admitted).toHaveLength(3);
    expect(refused).toHaveLength(7);
    const { error } = await (refused[0] as Response).json<ErrorBody>();
    expect(error).toMatchObject({ type: "insufficient_quota", code: "insufficient_quota" });
    await Promise.all(responses.filter((response) => !response.bodyUsed).map((response) => response.text()));
    const rows = await Promise.all(admitted.map((id) => usageRow(id)));
    const spent = rows.reduce((total, row) => total + row.cost_micros, 0);
    expect(spent).toBeLessThanOrEqual(500);
  });
});

describe("metering cannot be dodged", () => {
  it("two requests sent with the same x-request-id are metered as two", async () => {
    const key = await createKey();
    const shared = crypto.randomUUID();
    for (let round = 0; round < 2; round++) await (await complete(key.key, { max_tokens: 5 }, shared)).text();
    const { env } = await import("cloudflare:workers");
    let count = 0;
    for (let attempt = 0; attempt < 250 && count < 2; attempt++) {
      const row = await env.DB.prepare("SELECT COUNT(*) AS count FROM usage WHERE api_key_id = ?")
        .bind(key.id)
        .first<{ count: number }>();
      count = row?.count ?? 0;
      if (count < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(count).toBe(2);
  });
});

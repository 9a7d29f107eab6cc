import { describe, expect, it } from "vitest";
import { planAnswer } from "../../simulator/answer.ts";
import {
  chatBody,
  contentOf,
  ENABLED,
  parseSse,
  postChat,
  readStream,
  readUntil,
  readUntilEnd,
  useSimulator,
  waitFor,
} from "../kit/simulator.ts";

const sim = useSimulator();
const stream = { stream: true, stream_options: { include_usage: true } };
const withFault = (fault: string, extra = ""): string => `${sim().url}/fault=${fault}${extra}/v1`;

describe("status faults", () => {
  for (const status of [400, 401, 402, 500, 503]) {
    it(`fault=${status} answers ${status} with a DeepSeek error body`, async () => {
      const res = await postChat(withFault(String(status)), chatBody("hi", stream));
      expect(res.status).toBe(status);
      expect(res.headers.get("x-edgechat-simulator")).toBe("1");
      const body = (await res.json()) as { error: { message: string; type: string; param: null; code: string } };
      expect(body.error).toEqual({
        message: expect.any(String),
        type: expect.any(String),
        param: null,
        code: expect.any(String),
      });
    });
  }

  it("fault=429 answers 429 with retry-after: 1", async () => {
    const res = await postChat(withFault("429"), chatBody("hi"));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("rate_limit_error");
  });

  it("counts faults per label in stats", async () => {
    await postChat(`${sim().url}/label=gpu-eu,fault=500`, chatBody("hi"));
    await postChat(`${sim().url}/label=gpu-eu,fault=500`, chatBody("hi"));
    expect(sim().stats().byLabel["gpu-eu"]?.faults).toEqual({ "500": 2 });
  });
});

describe("connection faults", () => {
  it("fault=hang never answers, and a client abort is counted as aborted", async () => {
    const controller = new AbortController();
    const pending = postChat(`${sim().url}/label=hung,fault=hang`, chatBody("hi", stream), {
      signal: controller.signal,
    });
    await waitFor(() => sim().stats().total === 1);
    const raced = await Promise.race([
      pending.then(() => "answered"),
      new Promise((r) => setTimeout(r, 50, "waiting")),
    ]);
    expect(raced).toBe("waiting");
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => sim().stats().byLabel.hung?.aborted === 1);
    expect(sim().stats().recent[0]).toMatchObject({ label: "hung", fault: "hang", aborted: true, status: 0 });
  });

  it("fault=drop-before closes the socket before any headers", async () => {
    await expect(postChat(withFault("drop-before"), chatBody("hi", stream))).rejects.toThrow();
    await waitFor(() => sim().stats().recent[0]?.status === 0 && sim().stats().total === 1);
    expect(sim().stats().byLabel.default).toMatchObject({ requests: 1, aborted: 0, completed: 0 });
  });

  it("fault=drop sends headers and `dropafter` tokens, then cuts the stream", async () => {
    const res = await postChat(withFault("drop", ",dropafter=3"), chatBody("hi", stream));
    expect(res.status).toBe(200);
    const { text, error } = await readUntilEnd(res);
    expect(error).not.toBeNull();
    const parsed = parseSse(text);
    expect(parsed.chunks).toHaveLength(3);
    expect(parsed.done).toBe(false);
    expect(parsed.chunks.some((c) => c.usage)).toBe(false);
  });

  it("fault=drop defaults to 5 tokens and is not counted as a client abort", async () => {
    const res = await postChat(withFault("drop"), chatBody("hi", { ...stream, thinking: ENABLED }));
    const parsed = parseSse((await readUntilEnd(res)).text);
    expect(parsed.chunks.filter((c) => c.choices[0]?.delta.content)).toHaveLength(5);
    await waitFor(() => sim().stats().recent[0]?.status === 200);
    expect(sim().stats().byLabel.default).toMatchObject({ aborted: 0, completed: 0 });
  });

  it("fault=stall sends `dropafter` tokens then goes silent until the client aborts", async () => {
    const controller = new AbortController();
    const res = await postChat(`${sim().url}/fault=stall,dropafter=2,label=stuck`, chatBody("hi", stream), {
      signal: controller.signal,
    });
    const text = await readUntil(res, (soFar) => parseSse(soFar).chunks.length >= 2);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const next = await Promise.race([
      reader.read().then(() => "more"),
      new Promise((r) => setTimeout(r, 80, "silent")),
    ]);
    expect(next).toBe("silent");
    expect(parseSse(text).chunks).toHaveLength(2);
    controller.abort();
    await waitFor(() => sim().stats().byLabel.stuck?.aborted === 1);
  });
  it("fault=drop on a non-streamed request cuts the JSON body short", async () => {
    const res = await postChat(withFault("drop"), chatBody("hi"));
    expect(res.status).toBe(200);
    const { text, error } = await readUntilEnd(res);
    expect(error).not.toBeNull();
    expect(text.startsWith('{"id":"chatcmpl-')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });
});

describe("stream-shape faults", () => {
  it("fault=malformed injects one broken data line and then carries on", async () => {
    const parsed = await readStream(await postChat(withFault("malformed"), chatBody("hi", stream)));
    expect(parsed.raw).toContain('data: {"choices":[{"delta":{"content":\n');
    expect(parsed.invalid).toHaveLength(1);
    expect(parsed.done).toBe(true);
    const normal = await readStream(await postChat(sim().url, chatBody("hi", stream)));
    expect(contentOf(parsed)).toBe(contentOf(normal));
  });

  it("fault=keepalive sends keep-alive comments and blank lines first, and CRLF for part of the stream", async () => {
    const parsed = await readStream(await postChat(withFault("keepalive"), chatBody("hi", stream)));
    expect(parsed.raw.startsWith(": keep-alive\n")).toBe(true);
    expect(parsed.comments.length).toBeGreaterThanOrEqual(2);
    expect(parsed.raw).toContain("\n\n\n");
    expect(parsed.raw).toContain("}\r\n\r\n");
    expect(parsed.raw).toMatch(/}\n\ndata: /);
    expect(parsed.done).toBe(true);
    expect(parsed.chunks.filter((c) => c.choices[0]?.delta.content)).toHaveLength(40);
  });

  it("fault=keepalive on a non-streamed request sends blank lines before the JSON", async () => {
    const res = await postChat(withFault("keepalive"), chatBody("hi"));
    const text = await res.text();
    expect(text.startsWith("\n")).toBe(true);
    expect(JSON.parse(text).object).toBe("chat.completion");
  });

  it("fault=drip sends one token every 150 ms regardless of tps", async () => {
    const started = performance.now();
    const parsed = await readStream(await postChat(withFault("drip", ",tokens=3,tps=1000"), chatBody("hi", stream)));
    expect(parsed.chunks.filter((c) => c.choices[0]?.delta.content)).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("fault=split delivers events in pieces, cutting through multi-byte characters, with the same content", async () => {
    const res = await postChat(withFault("split", ",tokens=16"), chatBody("hi", stream));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const pieces: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) pieces.push(r.value);
    const parsed = parseSse(new TextDecoder().decode(Buffer.concat(pieces)));
    expect(pieces.length).toBeGreaterThan(parsed.chunks.length);
    const cutsInsideChar = pieces.some((p) => {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(p);
        return false;
      } catch {
        return true;
      }
    });
    expect(cutsInsideChar).toBe(true);
    const expected = planAnswer({
      messages: [{ role: "user", text: "hi" }],
      answerTokens: 16,
      reasoningTokens: 0,
      maxTokens: null,
      unicode: true,
    });
    expect(contentOf(parsed)).toBe(expected.content.join(""));
    expect(contentOf(parsed)).toContain("🙂");
    expect(parsed.done).toBe(true);
  });
});

describe("random faults", () => {
  it("failrate=1 always fails with one of 500, 429, hang, drop-before", async () => {
    const controller = new AbortController();
    const attempts = Array.from({ length: 12 }, () =>
      postChat(`${sim().url}/failrate=1,label=flaky`, chatBody("hi"), { signal: controller.signal }).catch(() => null),
    );
    await waitFor(() => sim().stats().total === 12);
    controller.abort();
    const results = await Promise.all(attempts);
    for (const res of results) if (res) expect([500, 429]).toContain(res.status);
    const faults = sim().stats().byLabel.flaky?.faults ?? {};
    expect(Object.values(faults).reduce((a, b) => a + b, 0)).toBe(12);
    for (const fault of Object.keys(faults)) expect(["500", "429", "hang", "drop-before"]).toContain(fault);
  });

  it("failrate=0 never fails", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await postChat(`${sim().url}/failrate=0`, chatBody("hi"));
      expect(res.status).toBe(200);
    }
  });
});

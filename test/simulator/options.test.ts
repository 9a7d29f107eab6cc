import { describe, expect, it } from "vitest";
import { parsePath } from "../../simulator/options.ts";
import { chatBody, ENABLED, postChat, readStream, useSimulator, waitFor } from "../kit/simulator.ts";

const sim = useSimulator({ answerTokens: 12 });

describe("per-target options", () => {
  it("reads key=value segments in front of the protocol path", () => {
    expect(parsePath("/fault=500,label=gpu-eu/v1/chat/completions")).toEqual({
      kind: "chat",
      pathOptions: { fault: "500", label: "gpu-eu" },
    });
    expect(parsePath("/label=deepseek/fault=hang/chat/completions")).toEqual({
      kind: "chat",
      pathOptions: { label: "deepseek", fault: "hang" },
    });
    expect(parsePath("/v1/models")).toEqual({ kind: "models", pathOptions: {} });
    expect(parsePath("/__stats").kind).toBe("stats");
    expect(parsePath("/nope").kind).toBe("unknown");
  });

  it("server defaults apply when nothing overrides them", async () => {
    const stream = await readStream(await postChat(sim().url, chatBody("hi", { stream: true })));
    expect(stream.chunks.filter((c) => c.choices[0]?.delta.content)).toHaveLength(12);
  });

  it("path options set tokens and reasoning per request", async () => {
    const body = chatBody("hi", { thinking: ENABLED, stream: true });
    const stream = await readStream(await postChat(`${sim().url}/tokens=4,reasoning=2/v1`, body));
    expect(stream.chunks.filter((c) => c.choices[0]?.delta.reasoning_content)).toHaveLength(2);
    expect(stream.chunks.filter((c) => c.choices[0]?.delta.content)).toHaveLength(4);
  });

  it("x-simulator-* headers set options and win over the path", async () => {
    const res = await postChat(`${sim().url}/tokens=4,label=from-path`, chatBody("hi", { stream: true }), {
      headers: { "x-simulator-tokens": "6", "x-simulator-label": "from-header" },
    });
    expect((await readStream(res)).chunks.filter((c) => c.choices[0]?.delta.content)).toHaveLength(6);
    expect(Object.keys(sim().stats().byLabel)).toEqual(["from-header"]);
  });

  it("a fault header works without any path options", async () => {
    const res = await postChat(sim().url, chatBody("hi"), { headers: { "x-simulator-fault": "503" } });
    expect(res.status).toBe(503);
  });
});

describe("stats", () => {
  it("records each request under its label with path, model and stream flags", async () => {
    await postChat(
      `${sim().url}/label=deepseek/v1`,
      chatBody("hi", { stream: true, stream_options: { include_usage: true } }),
    );
    await postChat(`${sim().url}/label=deepseek/v1`, chatBody("hi", { thinking: ENABLED }));
    await postChat(sim().url, chatBody("hi"));
    await waitFor(
      () => sim().stats().byLabel.default?.completed === 1 && sim().stats().byLabel.deepseek?.completed === 2,
    );
    const stats = sim().stats();
    expect(stats.total).toBe(3);
    expect(stats.byLabel.deepseek).toEqual({ requests: 2, aborted: 0, completed: 2, faults: {} });
    expect(stats.recent[0]).toMatchObject({
      label: "deepseek",
      path: "/label=deepseek/v1/chat/completions",
      endpoint: "chat",
      engine: "deepseek",
      model: "deepseek-flash",
      stream: true,
      includeUsage: true,
      fault: null,
      status: 200,
      aborted: false,
    });
    expect(stats.recent[1]).toMatchObject({ stream: false, includeUsage: false, body: { thinking: ENABLED } });
    expect(stats.recent[2]?.label).toBe("default");
    expect(typeof stats.recent[0]?.at).toBe("number");
  });

  it("records the parsed body each request carried, so a test can see what the upstream received", async () => {
    const body = chatBody("hi", { reasoning_effort: "max", chat_template_kwargs: { thinking: true } });
    await postChat(`${sim().url}/label=gpu/v1`, body);
    const served = (await (await fetch(`${sim().url}/__stats`)).json()) as { recent: Array<Record<string, unknown>> };
    expect(served.recent[0]).toMatchObject({ path: "/label=gpu/v1/chat/completions", endpoint: "chat", body });
  });

  it("replaces a body over 32 KiB by its size, to keep the log bounded", async () => {
    await postChat(sim().url, chatBody("x".repeat(70_000)));
    expect(sim().stats().recent[0]?.body).toEqual({ truncated: true, bytes: expect.any(Number) });
    expect(sim().stats().recent[0]?.model).toBe("deepseek-flash");
  });

  it("serves stats at GET /__stats and clears them with POST /__reset", async () => {
    await postChat(`${sim().url}/label=x`, chatBody("hi"));
    const stats = (await (await fetch(`${sim().url}/__stats`)).json()) as { total: number };
    expect(stats.total).toBe(1);
    const reset = await fetch(`${sim().url}/__reset`, { method: "POST" });
    expect(reset.status).toBe(200);
    expect(sim().stats()).toEqual({ total: 0, byLabel: {}, recent: [] });
  });

  it("counts a client that disconnects mid-stream as aborted", async () => {
    const controller = new AbortController();
    const res = await postChat(`${sim().url}/tps=50,label=slow`, chatBody("hi", { stream: true }), {
      signal: controller.signal,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await waitFor(() => sim().stats().byLabel.slow?.aborted === 1);
    expect(sim().stats().byLabel.slow?.completed).toBe(0);
  });

  it("keeps only the 200 most recent requests", async () => {
    await Promise.all(Array.from({ length: 205 }, () => postChat(sim().url, chatBody("hi"))));
    const stats = sim().stats();
    expect(stats.total).toBe(205);
    expect(stats.recent).toHaveLength(200);
  });
});

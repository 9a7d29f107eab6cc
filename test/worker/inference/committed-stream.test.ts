import { describe, expect, it } from "vitest";
import { proxyChatCompletion } from "../../../src/inference/index.ts";
import {
  configWith,
  contextFor,
  gpu,
  openAiDeltas,
  simulator,
  statsFor,
  US,
  uniqueLabel,
} from "../../kit/worker/inference.ts";
import { sseEvents } from "../../kit/worker/v1.ts";

const question = [{ role: "user" as const, content: "hello there" }];

/**
 * A streamed /v1 answer is committed (200, headers) once a target accepts; the first token is awaited inside
 * the body. These are the cases where a target accepts and then fails before its first token.
 */
function acceptingGpuThenDeepseek(gpuOptions: string, deepseekOptions = "") {
  const gpuLabel = uniqueLabel("gpu-accepts");
  const deepseekLabel = uniqueLabel("deepseek");
  const context = contextFor(
    configWith(
      {
        DEEPSEEK_BASE_URL: simulator(deepseekLabel, deepseekOptions),
        GPU_POOL: JSON.stringify([gpu("gpu-accepts", simulator(gpuLabel, gpuOptions))]),
      },
      { timeouts: { firstTokenMs: 400 } },
    ),
  );
  return { gpuLabel, deepseekLabel, context };
}

function streamed(context: ReturnType<typeof contextFor>, clientWantsUsage: boolean) {
  return proxyChatCompletion(context, {
    requestId: "c",
    plan: "free",
    region: US,
    model: "deepseek-chat",
    body: { messages: question, stream: true },
    stream: true,
    clientWantsUsage,
  });
}

describe("a target that accepts and then fails before its first token is replaced inside the committed body", () => {
  const cases = [
    { name: "stays silent past the first-token timeout", options: "ttft=5000" },
    { name: "drops the connection before its first token", options: "fault=drop,dropafter=0" },
  ];
  for (const { name, options } of cases) {
    for (const clientWantsUsage of [true, false]) {
      it(`a GPU server that ${name} gives way to DeepSeek (usage asked: ${clientWantsUsage})`, async () => {
        const { gpuLabel, deepseekLabel, context } = acceptingGpuThenDeepseek(options);
        const response = await streamed(context, clientWantsUsage);
        // The headers were committed for the server that accepted first.
        expect(response.served.targetId).toBe("gpu-accepts");
        const text = await new Response(response.body).text();
        expect(text).toContain(": edgechat-served-by provider=deepseek");
        expect(openAiDeltas(text).content).toContain("You said: hello there");
        expect(text).not.toContain('"finish_reason":"error"');
        expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
        // None of the first server's bytes reached the client: one answer, from one id.
        const ids = new Set([...text.matchAll(/"id":"([^"]+)"/g)].map((match) => match[1]));
        expect(ids.size).toBe(1);
        const outcome = await response.done;
        expect(outcome.status).toBe("complete");
        // The outcome (and so the usage record) names who really answered.
        expect(outcome.served.provider).toBe("deepseek");
        expect(outcome.usage?.completionTokens).toBeGreaterThan(0);
        expect((await statsFor(gpuLabel)).requests).toBeGreaterThanOrEqual(1);
        expect((await statsFor(deepseekLabel)).requests).toBe(1);
      });
    }
  }

  it("when every target accepted and then failed, the body ends with an explicit error, never silently", async () => {
    const { context } = acceptingGpuThenDeepseek("ttft=5000", "fault=drop,dropafter=0");
    const response = await streamed(context, true);
    const text = await new Response(response.body).text();
    const events = sseEvents(text) as Array<{ error?: { code: string } }>;
    expect(events.at(-1)?.error?.code).toBe("provider_unavailable");
    expect(text).toContain('"finish_reason":"error"');
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const outcome = await response.done;
    expect(outcome).toMatchObject({ status: "error", usage: null, error: { code: "provider_unavailable" } });
  });
});

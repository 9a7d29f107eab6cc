import { describe, expect, it } from "vitest";
import { uniqueLabel } from "../../kit/worker/inference.ts";
import { thinkingModel } from "../../kit/worker/models.ts";
import { openaiClient, usageRowCount } from "../../kit/worker/native.ts";
import { createKey, usageRow } from "../../kit/worker/v1.ts";
import { selfHostedOnlyServer } from "../../kit/worker/worker-with.ts";

// SGLang's stream to a client that asked for usage takes the runtime's pipe; the other three cases are rewritten
// on the way (vLLM's `reasoning` renamed, a usage chunk nobody asked for removed). Whichever path, the client
// reads the same thing and the answer is metered once, exactly.
describe("streamed /v1/chat/completions from a self-hosted server, read by the openai SDK through the Worker", () => {
  for (const engine of ["sglang", "vllm"] as const) {
    for (const includeUsage of [true, false]) {
      const asked = includeUsage ? "asks for usage" : "does not ask for usage";
      it(`${engine}, a client that ${asked}: reasoning_content, usage only when asked, one exact usage row`, async () => {
        const key = await createKey();
        const requestId = crypto.randomUUID();
        const sdk = openaiClient(key.key, selfHostedOnlyServer(uniqueLabel(engine), engine), requestId);
        const stream = await sdk.chat.completions.create({
          model: thinkingModel,
          messages: [{ role: "user", content: "hello" }],
          stream: true,
          ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
        });
        let reasoning = "";
        let content = "";
        const usageChunks: unknown[] = [];
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
          reasoning += delta?.reasoning_content ?? "";
          content += delta?.content ?? "";
          expect(delta ?? {}).not.toHaveProperty("reasoning");
          if (chunk.usage) usageChunks.push(chunk.usage);
        }
        expect(reasoning).toMatch(/^Thinking about the question/);
        expect(content).toContain("You said: hello");
        expect(usageChunks).toEqual(includeUsage ? [expect.objectContaining({ completion_tokens: 70 })] : []);

        const row = await usageRow(requestId);
        expect(row).toMatchObject({ provider: "self-hosted", completion_tokens: 70, estimated: 0, status: "complete" });
        expect(await usageRowCount(requestId)).toBe(1);
      });
    }
  }
});

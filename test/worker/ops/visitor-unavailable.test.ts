import { describe, expect, it, vi } from "vitest";
import { api, getConversation, newConversation, newVisitor, pacedEnv, settled } from "../../kit/worker/site-api.ts";

const send = (cookie: string, id: string, content: string, env: Env) =>
  api(cookie, "POST", `/api/conversations/${id}/messages`, { content, model: "deepseek-chat" }, { env });

describe("a visitor whose message no provider could answer", () => {
  it("reads a plain 503, while the internal reason goes to the log with the request id", async () => {
    const warnings: string[] = [];
    const spy = vi.spyOn(console, "warn").mockImplementation((line: unknown) => {
      warnings.push(String(line));
    });
    try {
      const cookie = await newVisitor();
      const id = await newConversation(cookie);
      const failing = pacedEnv({ fault: "500" });
      const gpuId = JSON.parse(failing.GPU_POOL)[0].id as string;
      const response = await send(cookie, id, "hello?", failing);
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({
        error: {
          code: "provider_unavailable",
          message: "No provider could answer right now. Please try again in a moment.",
        },
      });
      expect(text).not.toContain(gpuId);
      expect(text).not.toContain("HTTP 500");
      // The stored answer says the same plain thing (it is shown again on reload).
      await settled(cookie, id);
      const stored = JSON.stringify((await getConversation(cookie, id)).messages);
      expect(stored).not.toContain(gpuId);

      // The turn's follow-up work (a fallback title, since no model could write one) ends before the test does.
      for (let attempt = 0; attempt < 50 && (await getConversation(cookie, id)).title === "New chat"; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      const logged = warnings
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.event === "provider_unavailable");
      expect(logged?.reason).toContain(gpuId);
      expect(logged?.requestId).toEqual(expect.any(String));
    } finally {
      spy.mockRestore();
    }
  });
});

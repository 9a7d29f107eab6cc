import { describe, expect, it } from "vitest";
import { buildPrompt, estimateTokens } from "../../../src/conversations/context-window.ts";
import type { Message } from "../../../src/conversations/types.ts";
import { storedMessage } from "../../kit/worker/stored-message.ts";

let counter = 0;
function message(role: "user" | "assistant", content: string, reasoning: string | null = null): Message {
  counter++;
  return storedMessage({ id: `m${counter}`, role, content, reasoning, model: "deepseek-reasoner", createdAt: counter });
}

describe("the prompt sent for a turn", () => {
  it("sends answers without their reasoning", () => {
    const path = [message("user", "Q1"), message("assistant", "A1", "long private thoughts"), message("user", "Q2")];
    expect(buildPrompt(path, 64_000, 8_000)).toEqual([
      { role: "user", content: "Q1" },
      { role: "assistant", content: "A1" },
      { role: "user", content: "Q2" },
    ]);
  });

  it("drops the oldest turns until the prompt fits the context window, keeping the newest question", () => {
    const old = "x".repeat(4_000);
    const path = [
      message("user", old),
      message("assistant", old),
      message("user", "recent question"),
      message("assistant", "recent answer"),
      message("user", "newest question"),
    ];
    // Room for roughly one old message plus the recent ones.
    const prompt = buildPrompt(path, 1_200 + 100, 100);
    expect(prompt.at(-1)).toEqual({ role: "user", content: "newest question" });
    expect(prompt[0]?.role).toBe("user");
    expect(prompt.map((entry) => entry.content)).toEqual(["recent question", "recent answer", "newest question"]);
    const total = prompt.reduce((sum, entry) => sum + estimateTokens(String(entry.content)), 0);
    expect(total).toBeLessThanOrEqual(1_200);
  });

  it("skips failed empty answers and never drops the question being asked", () => {
    const huge = "y".repeat(100_000);
    const path = [message("user", "Q1"), message("assistant", ""), message("user", huge)];
    expect(buildPrompt(path, 1_000, 100)).toEqual([{ role: "user", content: huge }]);
  });

  it("opens with the custom instructions, which are never dropped and count against the window", () => {
    const old = "x".repeat(4_000);
    const system = [{ role: "system" as const, content: "i".repeat(2_000) }];
    const path = [message("user", old), message("assistant", old), message("user", "newest question")];
    // Without the instructions both old messages would fit; with them only the newest question does.
    expect(buildPrompt(path, 2_100 + 100, 100)).toHaveLength(3);
    const prompt = buildPrompt(path, 2_100 + 100, 100, system);
    expect(prompt).toEqual([...system, { role: "user", content: "newest question" }]);
  });

  it("sends a message's images as image parts, each counted as 765 tokens of the window", () => {
    const url = "data:image/png;base64,iVBORw0KGgo=";
    const old = message("user", "x".repeat(400));
    const withImage = { ...message("user", "what is this?"), images: [url] };
    const parts = [
      { type: "text", text: "what is this?" },
      { type: "image_url", image_url: { url } },
    ];
    // 765 (image) + 8 (text) fits 800 tokens, but the old message (104) no longer does.
    expect(buildPrompt([old, message("assistant", "ok"), withImage], 800 + 100, 100)).toEqual([
      { role: "user", content: parts },
    ]);
    expect(buildPrompt([old, message("assistant", "ok"), withImage], 1_000 + 100, 100)).toHaveLength(3);
  });
});

import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EventLog } from "../../../src/durable/chat-session/event-log.ts";

describe("event numbering across restarts", () => {
  it("a restarted object never reuses a seq and still has the finished turn's outcome", async () => {
    const stub = env.CHAT_SESSION.getByName(`event-log-${crypto.randomUUID()}`);
    await runInDurableObject(stub, (_instance, state) => {
      const before = new EventLog(state.storage.sql);
      let last = 0;
      for (let index = 0; index < 700; index++) last = before.stamp({ type: "text-delta", text: "x" }).seq;
      const title = before.stamp({ type: "title", title: "Kept" });
      before.persist(title);

      // A new instance over the same storage, as after eviction or a crash mid-turn.
      const after = new EventLog(state.storage.sql);
      const next = after.stamp({ type: "text-delta", text: "y" });
      expect(next.seq).toBeGreaterThan(title.seq);
      expect(title.seq).toBeGreaterThan(last);
      expect(after.persistedBetween(last, Number.MAX_SAFE_INTEGER)).toEqual([title]);
      expect(after.persistedBetween(title.seq, Number.MAX_SAFE_INTEGER)).toEqual([]);
    });
  });
});

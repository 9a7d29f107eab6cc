import { describe, expect, it } from "vitest";
import { chatBody, postChat, readStream, useSimulator } from "../kit/simulator.ts";

const sim = useSimulator();

const wallClock = (): number => performance.timeOrigin + performance.now();

// The bench times the hop from the upstream's first token to a client on the same machine from this field.
describe("the first token's write time in /__stats", () => {
  it("is stamped when the first token is written, after the ttft and before the client reads it", async () => {
    const sent = wallClock();
    const res = await postChat(`${sim().url}/ttft=40,tokens=5`, chatBody("hi", { stream: true }));
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    await reader.read();
    const received = wallClock();
    while (!(await reader.read()).done) {
      // Drain: the request is recorded as completed once the stream ends.
    }
    const firstTokenAt = sim().stats().recent[0]?.firstTokenAt;
    expect(firstTokenAt).toBeTypeOf("number");
    expect(firstTokenAt).toBeGreaterThanOrEqual(sent + 39);
    expect(firstTokenAt).toBeLessThanOrEqual(received);
  });

  it("is stamped for unpaced streams too, and stays null when no token is ever sent", async () => {
    await readStream(await postChat(sim().url, chatBody("hi", { stream: true })));
    await postChat(`${sim().url}/fault=500`, chatBody("hi", { stream: true }));
    const [streamed, failed] = sim().stats().recent;
    expect(streamed?.firstTokenAt).toBeTypeOf("number");
    expect(failed?.firstTokenAt).toBeNull();
  });
});

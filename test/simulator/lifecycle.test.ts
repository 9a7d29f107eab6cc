import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startSimulator } from "../../simulator/server.ts";
import { chatBody, postChat, waitFor } from "./helpers.ts";

const mainPath = fileURLToPath(new URL("../../simulator/main.ts", import.meta.url));

describe("simulator lifecycle", () => {
  it("close() resolves promptly even while a request hangs", async () => {
    const sim = await startSimulator({ quiet: true });
    const hung = postChat(`${sim.url}/fault=hang`, chatBody("hi")).catch((error: unknown) => error);
    await waitFor(() => sim.stats().total === 1);
    const started = performance.now();
    await sim.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(await hung).toBeInstanceOf(Error);
  });

  it("listens on the given host and a random port", async () => {
    const sim = await startSimulator({ port: 0, host: "127.0.0.1", quiet: true });
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.port).toBeGreaterThan(0);
    await sim.close();
  });

  it("the CLI prints its URL, serves requests and exits cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [mainPath, "--port", "0", "--tokens", "3"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      out += d;
    });
    await waitFor(() => out.includes("\n"), 5000);
    const match = /^simulator listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(out);
    expect(match).not.toBeNull();
    const res = await postChat(match?.[1] ?? "", chatBody("hi"));
    const body = (await res.json()) as { usage: { completion_tokens: number } };
    expect(body.usage.completion_tokens).toBe(3);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });
});

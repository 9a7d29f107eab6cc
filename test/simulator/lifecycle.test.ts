import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCli } from "../../simulator/cli.ts";
import { startSimulator } from "../../simulator/server.ts";
import { chatBody, postChat, waitFor } from "../kit/simulator.ts";

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

  it("--help prints the usage and exits 0; an unknown flag prints it to stderr and exits 2", async () => {
    const help = await run(["--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^Usage: npm run simulator -- \[options\]/);
    for (const flag of ["--engine", "--demo", "--legacy-models", "--tps"]) expect(help.stdout).toContain(flag);
    const bad = await run(["--bogus"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--bogus'");
    expect((await run(["--engine", "tgi"])).stderr).toContain('--engine must be deepseek, vllm or sglang, got "tgi"');
  });

  it("--engine vllm speaks vLLM's dialect", async () => {
    const child = spawn(process.execPath, [mainPath, "--port", "0", "--engine", "vllm"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await listeningUrl(child);
      const body = {
        model: "any-gpu-model",
        messages: [{ role: "user", content: "hi" }],
        chat_template_kwargs: { thinking: true },
      };
      const answer = (await (await postChat(url, body)).json()) as {
        choices: Array<{ message: Record<string, unknown> }>;
      };
      expect(typeof answer.choices[0]?.message.reasoning).toBe("string");
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("--demo answers rich Markdown at a reading pace", () => {
    const command = parseCli(["--demo"]);
    expect(command).toMatchObject({ kind: "run", options: { demo: true, tokensPerSecond: 30 } });
    expect(parseCli(["--demo", "--tps", "5"])).toMatchObject({ options: { tokensPerSecond: 5 } });
    expect(parseCli(["--legacy-models"])).toMatchObject({ options: { legacyModels: true, demo: false } });
  });

  it("demo answers have headings, a list, a table, a code block and a link", async () => {
    const sim = await startSimulator({ quiet: true, demo: true });
    try {
      for (const prompt of ["how do tides work", "compare the options"]) {
        const res = await postChat(sim.url, chatBody(prompt));
        const text = ((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message
          .content;
        expect(text).toContain(prompt);
        expect(text).toMatch(/^## .+$/m);
        expect(text).toMatch(/^(- |1\. ).+$/m);
        expect(text).toMatch(/```\w+\n[\s\S]+?```/);
        expect(text).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\)/);
      }
    } finally {
      await sim.close();
    }
  });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [mainPath, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  return once(child, "exit").then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

async function listeningUrl(child: ReturnType<typeof spawn>): Promise<string> {
  let out = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (d: string) => {
    out += d;
  });
  await waitFor(() => out.includes("\n"), 5000);
  return /listening on (\S+)/.exec(out)?.[1] ?? "";
}

// `npm run dev` on a fresh clone: no Cloudflare login, no .dev.vars, no network — the site and API still work.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, repoRoot } from "../../scripts/lib/local-stack.ts";

let dev: ChildProcess;
let url: string;
let output = "";

beforeAll(async () => {
  const port = await freePort();
  const simulatorPort = await freePort();
  url = `http://127.0.0.1:${port}`;
  dev = spawn(process.execPath, [join(repoRoot, "scripts", "dev.ts")], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), SIMULATOR_PORT: String(simulatorPort) },
    stdio: "pipe",
  });
  dev.stdout?.on("data", (chunk) => (output += chunk));
  dev.stderr?.on("data", (chunk) => (output += chunk));
  const started = Date.now();
  while (!output.includes("edgechat is running")) {
    if (dev.exitCode !== null) throw new Error(`npm run dev exited:\n${output}`);
    if (Date.now() - started > 60_000) throw new Error(`npm run dev did not start within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

afterAll(async () => {
  if (!dev || dev.exitCode !== null) return;
  const exited = new Promise((resolve) => dev.once("exit", resolve));
  dev.kill("SIGTERM");
  await exited;
});

describe("npm run dev", () => {
  it("serves the chat page and /healthz, with the simulator standing in for providers", async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(output).toContain("answers come from the simulator");
  });

  it("identifies visitors and answers a message without any .dev.vars", async () => {
    const me = await fetch(`${url}/api/me`);
    expect(me.status).toBe(200);
    const cookie = (me.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^ec_visitor=/);
    const created = await fetch(`${url}/api/conversations`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: "{}",
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const sent = await fetch(`${url}/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ content: "hello", model: "deepseek-chat" }),
    });
    expect(sent.status).toBe(202);
  });

  it("prints a local admin token that opens the admin API", async () => {
    const token = /local admin token[^:]*: (\S+)/.exec(output)?.[1];
    expect(token).toBeTruthy();
    const keys = await fetch(`${url}/admin/api/keys`, { headers: { authorization: `Bearer ${token}` } });
    expect(keys.status).toBe(200);
  });
});

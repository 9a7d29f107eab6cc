// The operator CLI against a real local Worker (wrangler dev + the simulator), as an operator runs it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../scripts/admin.ts";
import { type LocalStack, repoRoot, startLocalStack } from "../../scripts/lib/local-stack.ts";

const token = "cli-test-admin-token";
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, vars: { ADMIN_TOKEN: token } });
});
afterAll(async () => {
  await stack?.stop();
});

async function admin(args: string[], env: Record<string, string> = { EDGECHAT_URL: stack.url, ADMIN_TOKEN: token }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { env, fetch, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const models = (key: string) => fetch(`${stack.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });

describe("npm run admin -- keys …", () => {
  it("creates a key that works at once, lists it by prefix, and revokes it", async () => {
    const created = await admin([
      "keys",
      "create",
      "--name",
      "acme",
      "--plan",
      "partner",
      "--rpm",
      "60",
      "--budget",
      "25",
    ]);
    expect(created.code).toBe(0);
    const key = /key: (ec_\S+)/.exec(created.out)?.[1];
    const id = /created (key_\w+)/.exec(created.out)?.[1];
    expect(key).toBeDefined();
    expect(id).toBeDefined();
    expect((await models(key as string)).status).toBe(200);

    const listed = await admin(["keys", "list"]);
    expect(listed.code).toBe(0);
    const line = listed.out.split("\n").find((row) => row.startsWith(id as string));
    expect(line).toContain((key as string).slice(0, 10));
    expect(line).toContain("60 rpm");
    expect(line).toContain("$25/month");
    expect(listed.out).not.toContain(key);

    const revoked = await admin(["keys", "revoke", id as string]);
    expect(revoked.code).toBe(0);
    expect((await models(key as string)).status).toBe(401);
    expect((await admin(["keys", "list"])).out).toMatch(new RegExp(`${id}.*revoked`));
  });

  it("prints the API's JSON with --json", async () => {
    const created = await admin(["keys", "create", "--name", "json-co", "--json"]);
    expect(JSON.parse(created.out)).toMatchObject({
      name: "json-co",
      plan: "partner",
      key: expect.stringMatching(/^ec_/),
    });
  });

  it("fails clearly: wrong token, missing arguments, unreachable Worker", async () => {
    const wrongToken = await admin(["keys", "list"], { EDGECHAT_URL: stack.url, ADMIN_TOKEN: "nope" });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.err).toContain("401");
    const noName = await admin(["keys", "create"]);
    expect(noName.code).toBe(2);
    expect(noName.err).toContain("--name");
    const noToken = await admin(["keys", "list"], { EDGECHAT_URL: stack.url });
    expect(noToken.err).toContain("ADMIN_TOKEN");
    const down = await admin(["keys", "list", "--url", "http://127.0.0.1:9"]);
    expect(down.code).toBe(1);
    expect(down.err).toContain("cannot reach");
  });

  it("edits a key's limits (none clears one) and rotates its secret: the old key stops, the new one works", async () => {
    const created = await admin(["keys", "create", "--name", "edit-me", "--rpm", "60"]);
    const id = /created (key_\w+)/.exec(created.out)?.[1] as string;
    const oldKey = /key: (ec_\S+)/.exec(created.out)?.[1] as string;
    const edited = await admin(["keys", "edit", id, "--rpm", "none", "--tpm", "5000", "--budget", "9"]);
    expect(edited.code).toBe(0);
    expect(edited.out).toContain("5000 tpm");
    expect(edited.out).toContain("$9/month");
    expect(edited.out).not.toContain("rpm");
    expect((await admin(["keys", "edit", id])).code).toBe(2);

    const rotated = await admin(["keys", "rotate", id]);
    expect(rotated.code).toBe(0);
    const newKey = /key: (ec_\S+)/.exec(rotated.out)?.[1] as string;
    expect(newKey).not.toBe(oldKey);
    expect((await models(oldKey)).status).toBe(401);
    expect((await models(newKey)).status).toBe(200);
  });

  it("manages sites, and reports usage (JSON summary and CSV) after a rollup run", async () => {
    const created = await admin([
      "sites",
      "create",
      "--name",
      "Shop",
      "--origins",
      "https://shop.example,https://www.shop.example",
    ]);
    expect(created.code).toBe(0);
    const siteId = /created (\S+)/.exec(created.out)?.[1] as string;
    expect((await admin(["sites", "list"])).out).toContain("https://www.shop.example");
    expect((await admin(["sites", "edit", siteId, "--plan", "pro"])).out).toContain(" pro ");

    const key = /key: (ec_\S+)/.exec((await admin(["keys", "create", "--name", "traffic"])).out)?.[1] as string;
    const chat = await fetch(`${stack.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "deepseek-chat", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(chat.status).toBe(200);
    await chat.text();
    // Metering is written after the response: give it a moment, then roll up.
    let report = "";
    for (let attempt = 0; attempt < 20 && !/^total {2}[1-9]/m.test(report); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await admin(["upkeep", "run"])).code).toBe(0);
      report = (await admin(["usage", "--group", "surface"])).out;
    }
    expect(report).toMatch(/^api {2}[1-9]/m);
    const csv = await admin(["usage", "--csv"]);
    expect(csv.out.split("\n")[0]).toMatch(/^bucket,surface,api_key_id,/);
    expect(csv.out).toContain(",api,");
    expect((await admin(["sites", "usage", siteId])).code).toBe(0);
    expect((await admin(["sites", "delete", siteId])).out).toContain(`deleted ${siteId}`);
  });

  it("refuses to erase a visitor without --yes, and reports an unknown one", async () => {
    expect((await admin(["users", "erase", "someone"])).code).toBe(2);
    const unknown = await admin(["users", "show", "nobody-here"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("404");
  });

  it("runs as `npm run admin` (node scripts/admin.ts) with EDGECHAT_URL and ADMIN_TOKEN from the environment", async () => {
    const { stdout } = await promisify(execFile)("node", ["scripts/admin.ts", "keys", "create", "--name", "shell"], {
      cwd: repoRoot,
      env: { ...process.env, EDGECHAT_URL: stack.url, ADMIN_TOKEN: token },
    });
    expect(stdout).toMatch(/key: ec_/);
  });
});

// The deploy script's logic against a fake wrangler (what it runs, in which order, what it prints); CI also runs
// the real `npm run deploy -- --dry-run` (.ci/run).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main, type WranglerResult } from "../../scripts/deploy.ts";
import { readEnvironment } from "../../scripts/lib/deploy-config.ts";

const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");

type Account = { loggedIn: boolean; databases: string[]; secrets: string[]; failMigrations?: boolean };

/** A Cloudflare account as wrangler would show it, recording every command. */
function fakeWrangler(account: Account) {
  const calls: string[][] = [];
  const uploaded: Array<Record<string, string>> = [];
  const files = new Map<string, string>();
  const ok = (stdout = ""): WranglerResult => ({ code: 0, stdout, stderr: "" });
  const wrangler = async (args: string[]): Promise<WranglerResult> => {
    calls.push(args);
    const command = args.slice(0, 2).join(" ");
    if (args[0] === "whoami")
      return account.loggedIn ? ok("You are logged in") : { code: 1, stdout: "", stderr: "You are not logged in" };
    if (command === "d1 list") {
      return ok(
        `[${account.databases.map((name, index) => JSON.stringify({ name, uuid: `uuid-${index}` })).join(",")}]`,
      );
    }
    if (command === "d1 create") {
      account.databases.push(args[2]!);
      return ok("✅ Successfully created DB");
    }
    if (command === "d1 migrations") {
      return account.failMigrations
        ? { code: 1, stdout: "", stderr: '✘ near "CREAT": syntax error' }
        : ok("Migrations applied");
    }
    if (command === "secret list")
      return ok(JSON.stringify(account.secrets.map((name) => ({ name, type: "secret_text" }))));
    if (args[0] === "deploy") {
      if (args.includes("--dry-run")) return ok("--dry-run: exiting now.");
      const secrets = JSON.parse(files.get(args[args.indexOf("--secrets-file") + 1]!) ?? "{}") as Record<
        string,
        string
      >;
      uploaded.push(secrets);
      account.secrets = [...new Set([...account.secrets, ...Object.keys(secrets)])];
      return ok(
        "Uploaded edgechat\nDeployed edgechat triggers\n  https://edgechat.acme.workers.dev\n  schedule: 7 * * * *",
      );
    }
    return { code: 1, stdout: "", stderr: `unexpected: ${args.join(" ")}` };
  };
  return { calls, uploaded, files, wrangler };
}

async function run(argv: string[], fake: ReturnType<typeof fakeWrangler>, disk: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let secretCount = 0;
  const code = await main(argv, {
    wrangler: fake.wrangler,
    readFile: async (path) => (path === "wrangler.toml" ? toml : (disk[path] ?? null)),
    writeSecretFile: async (contents) => {
      const path = `/tmp/secrets-${secretCount++}.json`;
      fake.files.set(path, contents);
      return { path, remove: async () => void fake.files.delete(path) };
    },
    randomSecret: () => `generated-${secretCount}-${fake.calls.length}`,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run deploy", () => {
  it("takes a fresh account to a running Worker: creates D1, migrates remotely, deploys with secrets, prints what is left", async () => {
    const fake = fakeWrangler({ loggedIn: true, databases: [], secrets: [] });
    const result = await run(["--env", "production"], fake, {
      "secrets.production.json": JSON.stringify({ DEEPSEEK_API_KEY: "sk-live" }),
    });
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(fake.calls.map((args) => args.slice(0, 3).join(" "))).toEqual([
      "whoami",
      "d1 list --json",
      "d1 create edgechat-production",
      "d1 migrations apply",
      "secret list --format",
      "deploy --env production",
    ]);
    expect(fake.calls[3]).toEqual(["d1", "migrations", "apply", "DB", "--remote", "--env", "production"]);
    const [secrets] = fake.uploaded;
    expect(Object.keys(secrets ?? {}).sort()).toEqual(["ADMIN_TOKEN", "DEEPSEEK_API_KEY", "SESSION_SECRET"]);
    expect(fake.files.size).toBe(0);
    expect(result.out).toContain("https://edgechat.acme.workers.dev/admin");
    expect(result.out).toContain(`store it now: ${secrets?.ADMIN_TOKEN}`);
    expect(result.out).toMatch(/still unconfigured:[\s\S]*GPU_POOL[\s\S]*custom domain/);
    expect(result.out).not.toMatch(/- DEEPSEEK_API_KEY/);
  });

  it("is idempotent: a rerun creates nothing, keeps the secrets the Worker has, and shows no new token", async () => {
    const account = { loggedIn: true, databases: [], secrets: [] };
    await run([], fakeWrangler(account));
    const again = fakeWrangler(account);
    const result = await run([], again);
    expect(result.code).toBe(0);
    expect(again.calls.some((args) => args[1] === "create")).toBe(false);
    expect(again.uploaded).toEqual([{}]);
    expect(result.out).toContain("exists (uuid-0)");
    expect(result.out).toContain("set on an earlier deploy");
    expect(result.out).toContain("DEEPSEEK_API_KEY (without it only Workers AI answers");
  });

  it("stops before deploying when migrations fail, and says which step failed", async () => {
    const fake = fakeWrangler({ loggedIn: true, databases: ["edgechat-staging"], secrets: [], failMigrations: true });
    const result = await run(["--env", "staging"], fake);
    expect(result.code).toBe(1);
    expect(result.err).toContain("apply migrations failed");
    expect(result.err).toContain("syntax error");
    expect(fake.calls.some((args) => args[0] === "deploy")).toBe(false);
  });

  it("refuses clearly: not logged in, an unknown environment, a missing secrets file", async () => {
    const loggedOut = await run([], fakeWrangler({ loggedIn: false, databases: [], secrets: [] }));
    expect(loggedOut.code).toBe(1);
    expect(loggedOut.err).toContain("npx wrangler login");
    const unknown = await run(["--env", "qa"], fakeWrangler({ loggedIn: true, databases: [], secrets: [] }));
    expect(unknown.code).toBe(2);
    const noFile = await run(["--secrets", "nope.json"], fakeWrangler({ loggedIn: true, databases: [], secrets: [] }));
    expect(noFile.code).toBe(1);
    expect(noFile.err).toContain("nope.json not found");
  });

  it("--dry-run is offline: only wrangler deploy --dry-run, for every environment", async () => {
    const fake = fakeWrangler({ loggedIn: false, databases: [], secrets: [] });
    const result = await run(["--dry-run"], fake);
    expect(result.code).toBe(0);
    expect(fake.calls.map((args) => args.slice(0, 4).join(" "))).toEqual([
      "deploy --dry-run --env staging",
      "deploy --dry-run --env production",
    ]);
  });

  it("reads each environment's worker, database and vars from wrangler.toml", () => {
    expect(readEnvironment(toml, "staging")).toMatchObject({
      workerName: "edgechat-staging",
      databaseName: "edgechat-staging",
      databaseId: null,
      vars: { RETENTION_DAYS: "30", GPU_POOL: "[]" },
    });
    expect(readEnvironment(toml, "production")).toMatchObject({
      workerName: "edgechat",
      databaseName: "edgechat-production",
    });
  });
});

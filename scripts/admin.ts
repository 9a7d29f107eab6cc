// The operator CLI: manages partner keys through the admin API of a local or deployed Worker.
//   npm run admin -- keys create --name acme --plan partner [--rpm 60] [--tpm 100000] [--budget 25]
//   npm run admin -- keys list
//   npm run admin -- keys revoke <id>
// The Worker is --url or EDGECHAT_URL (default http://localhost:8787); the token is --token or ADMIN_TOKEN.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/** Where the CLI writes and what it calls; tests inject their own. */
export type AdminIo = {
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
  out: (line: string) => void;
  err: (line: string) => void;
};

const usage = `usage: npm run admin -- <command> [options]

commands:
  keys create --name <name> [--plan partner] [--rpm <n>] [--tpm <n>] [--budget <usd per month>]
  keys list
  keys revoke <id>

options:
  --url <url>      the Worker (default: $EDGECHAT_URL or http://localhost:8787)
  --token <token>  the admin token (default: $ADMIN_TOKEN)
  --json           print the API's JSON instead of a summary`;

class UsageError extends Error {}

type KeyJson = {
  id: string;
  name: string;
  prefix: string;
  plan: string;
  rpm: number | null;
  tpm: number | null;
  monthlyBudgetUsd: number | null;
  createdAt: string;
  revokedAt: string | null;
  key?: string;
};

/** Runs one CLI invocation; resolves to the process exit code. */
export async function main(argv: string[], io: AdminIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        name: { type: "string" },
        plan: { type: "string" },
        rpm: { type: "string" },
        tpm: { type: "string" },
        budget: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help || positionals.length === 0) {
      io.out(usage);
      return values.help ? 0 : 2;
    }
    const baseUrl = (values.url ?? io.env.EDGECHAT_URL ?? "http://localhost:8787").replace(/\/+$/, "");
    const token = values.token ?? io.env.ADMIN_TOKEN;
    if (!token) throw new UsageError("no admin token: pass --token or set ADMIN_TOKEN");
    const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
      const response = await io
        .fetch(`${baseUrl}/admin/api/keys${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        })
        .catch((error: unknown) => {
          const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
          throw new Error(`cannot reach ${baseUrl} (${cause}); is the Worker running? (npm run dev)`);
        });
      const text = await response.text();
      const json: unknown = text ? JSON.parse(text) : null;
      if (!response.ok) throw new Error(`${response.status}: ${errorMessage(json) ?? text}`);
      return json;
    };

    const [resource, command, ...rest] = positionals;
    if (resource !== "keys") throw new UsageError(`unknown command: ${positionals.join(" ")}`);
    if (command === "create") {
      if (!values.name) throw new UsageError("keys create needs --name");
      const created = (await call("POST", "", {
        name: values.name,
        plan: values.plan ?? "partner",
        rpm: optionalNumber("--rpm", values.rpm),
        tpm: optionalNumber("--tpm", values.tpm),
        monthlyBudgetUsd: optionalNumber("--budget", values.budget),
      })) as KeyJson;
      if (values.json) io.out(JSON.stringify(created, null, 2));
      else {
        io.out(`created ${created.id} (${created.name}, plan ${created.plan})`);
        io.out(`key: ${created.key}`);
        io.out("This is the only time the key is shown: store it now.");
      }
      return 0;
    }
    if (command === "list") {
      const { data } = (await call("GET", "")) as { data: KeyJson[] };
      if (values.json) io.out(JSON.stringify(data, null, 2));
      else for (const key of data) io.out(describe(key));
      return 0;
    }
    if (command === "revoke") {
      const id = rest[0];
      if (!id) throw new UsageError("keys revoke needs the key id");
      await call("DELETE", `/${encodeURIComponent(id)}`);
      io.out(`revoked ${id} (other Worker isolates stop accepting it within 30 s)`);
      return 0;
    }
    throw new UsageError(`unknown command: keys ${command ?? ""}`);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      io.err(`error: ${error.message}\n\n${usage}`);
      return 2;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function optionalNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new UsageError(`${flag} must be a number`);
  return number;
}

function errorMessage(json: unknown): string | null {
  if (typeof json !== "object" || json === null || !("error" in json)) return null;
  const error = json.error;
  if (typeof error !== "object" || error === null || !("message" in error)) return null;
  return typeof error.message === "string" ? error.message : null;
}

function describe(key: KeyJson): string {
  const limits = [
    key.rpm === null ? null : `${key.rpm} rpm`,
    key.tpm === null ? null : `${key.tpm} tpm`,
    key.monthlyBudgetUsd === null ? null : `$${key.monthlyBudgetUsd}/month`,
  ].filter(Boolean);
  const state = key.revokedAt ? `revoked ${key.revokedAt}` : "active";
  return `${key.id}  ${key.prefix}…  ${key.name}  ${key.plan}  ${limits.join(", ") || "plan limits"}  ${state}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const code = await main(process.argv.slice(2), {
    env: process.env,
    fetch,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  process.exit(code);
}

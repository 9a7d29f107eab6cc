// The operator CLI: keys, sites, users, usage and upkeep through the admin API of a local or deployed Worker.
//   npm run admin -- keys create --name acme --plan partner [--rpm 60] [--tpm 100000] [--budget 25]
//   npm run admin -- usage --group day --start 2026-11-01
// The Worker is --url or EDGECHAT_URL (default http://localhost:8787); the token is --token or ADMIN_TOKEN.
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  type CommandContext,
  keys,
  sites,
  UsageError,
  upkeep,
  usage as usageCommand,
  users,
} from "./lib/admin-commands.ts";

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
  keys list                                  (with this month's spend)
  keys edit <id> [--name] [--plan] [--rpm <n|none>] [--tpm <n|none>] [--budget <usd|none>]
  keys rotate <id>                           (new secret shown once; the old one stops working)
  keys revoke <id>
  sites create --name <name> --origins <origin,origin> [--plan free]
  sites list | sites edit <id> [--name] [--origins] [--plan] | sites delete <id>
  sites usage <id> [--group day] [--start] [--end]
  users show <id> | users plan <id> <plan> | users erase <id> --yes
  usage [--group day|hour|key|site|model|provider|surface] [--start <date>] [--end <date>]
        [--key <id>] [--site <id>] [--surface site|widget|api] [--csv]
  upkeep run [hourly|daily]                  (refresh the usage rollups now; daily also runs retention)

options:
  --url <url>      the Worker (default: $EDGECHAT_URL or http://localhost:8787)
  --token <token>  the admin token (default: $ADMIN_TOKEN)
  --json           print the API's JSON instead of a summary`;

const flagNames = [
  "name",
  "plan",
  "rpm",
  "tpm",
  "budget",
  "origins",
  "group",
  "start",
  "end",
  "key",
  "site",
  "surface",
];

/** Runs one CLI invocation; resolves to the process exit code. */
export async function main(argv: string[], io: AdminIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        ...Object.fromEntries(flagNames.map((name) => [name, { type: "string" as const }])),
        csv: { type: "boolean", default: false },
        yes: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help || positionals.length === 0) {
      io.out(usage);
      return values.help ? 0 : 2;
    }
    const baseUrl = String(values.url ?? io.env.EDGECHAT_URL ?? "http://localhost:8787").replace(/\/+$/, "");
    const token = values.token ?? io.env.ADMIN_TOKEN;
    if (!token) throw new UsageError("no admin token: pass --token or set ADMIN_TOKEN");
    const request = async (method: string, path: string, body?: unknown): Promise<string> => {
      const response = await io
        .fetch(`${baseUrl}/admin/api${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        })
        .catch((error: unknown) => {
          const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
          throw new Error(`cannot reach ${baseUrl} (${cause}); is the Worker running? (npm run dev)`);
        });
      const text = await response.text();
      if (!response.ok) throw new Error(`${response.status}: ${errorMessage(text) ?? text}`);
      return text;
    };
    const [resource, verb, ...args] = positionals;
    const context: CommandContext = {
      call: async (method, path, body) => {
        const text = await request(method, path, body);
        return text ? (JSON.parse(text) as unknown) : null;
      },
      text: (path) => request("GET", path),
      flags: values,
      args: resource === "usage" ? [verb ?? "", ...args].filter(Boolean) : args,
      json: values.json === true,
      out: io.out,
    };
    if (resource === "keys") await keys(verb, context);
    else if (resource === "sites") await sites(verb, context);
    else if (resource === "users") await users(verb, context);
    else if (resource === "usage") await usageCommand(context);
    else if (resource === "upkeep") await upkeep(verb, context);
    else throw new UsageError(`unknown command: ${positionals.join(" ")}`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      io.err(`error: ${error.message}\n\n${usage}`);
      return 2;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function errorMessage(text: string): string | null {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== "object" || json === null || !("error" in json)) return null;
    const error = json.error;
    if (typeof error !== "object" || error === null || !("message" in error)) return null;
    return typeof error.message === "string" ? error.message : null;
  } catch {
    return null;
  }
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

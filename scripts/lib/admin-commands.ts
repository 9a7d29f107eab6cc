// The operator CLI's commands, one function per resource; scripts/admin.ts parses flags and calls them.

/** What a command needs: the admin API client, flags, positionals after the verb, and where to write. */
export type CommandContext = {
  call: (method: string, path: string, body?: unknown) => Promise<unknown>;
  /** The raw text of a GET (for CSV). */
  text: (path: string) => Promise<string>;
  flags: Record<string, string | boolean | undefined>;
  args: string[];
  json: boolean;
  out: (line: string) => void;
};

/** A mistake in the command line (exit code 2, usage printed). */
export class UsageError extends Error {}

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
  spendThisMonthMicros?: number;
  key?: string;
};

type SiteJson = { id: string; name: string; siteKey: string; allowedOrigins: string[]; plan: string };

/** A number flag; `none` (for edits) means "clear this limit". */
function numberFlag(context: CommandContext, flag: string, clearable = false): number | null | undefined {
  const value = context.flags[flag];
  if (value === undefined || typeof value === "boolean") return undefined;
  if (clearable && value === "none") return null;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new UsageError(`--${flag} must be a number${clearable ? " or none" : ""}`);
  return number;
}

function stringFlag(context: CommandContext, flag: string): string | undefined {
  const value = context.flags[flag];
  return typeof value === "string" ? value : undefined;
}

function idArg(context: CommandContext, command: string): string {
  const id = context.args[0];
  if (!id) throw new UsageError(`${command} needs an id`);
  return encodeURIComponent(id);
}

function print(context: CommandContext, json: unknown, summary: () => void): void {
  if (context.json) context.out(JSON.stringify(json, null, 2));
  else summary();
}

function describeKey(key: KeyJson): string {
  const limits = [
    key.rpm === null ? null : `${key.rpm} rpm`,
    key.tpm === null ? null : `${key.tpm} tpm`,
    key.monthlyBudgetUsd === null ? null : `$${key.monthlyBudgetUsd}/month`,
  ].filter(Boolean);
  const state = key.revokedAt ? `revoked ${key.revokedAt}` : "active";
  const spend = key.spendThisMonthMicros === undefined ? "" : `  spent $${(key.spendThisMonthMicros / 1e6).toFixed(2)}`;
  return `${key.id}  ${key.prefix}…  ${key.name}  ${key.plan}  ${limits.join(", ") || "plan limits"}  ${state}${spend}`;
}

function showSecret(context: CommandContext, key: KeyJson, verb: string): void {
  print(context, key, () => {
    context.out(`${verb} ${key.id} (${key.name}, plan ${key.plan})`);
    context.out(`key: ${key.key}`);
    context.out("This is the only time the key is shown: store it now.");
  });
}

/** `keys create|list|edit|rotate|revoke`. */
export async function keys(verb: string | undefined, context: CommandContext): Promise<void> {
  if (verb === "create") {
    const name = stringFlag(context, "name");
    if (!name) throw new UsageError("keys create needs --name");
    const created = (await context.call("POST", "/keys", {
      name,
      plan: stringFlag(context, "plan") ?? "partner",
      rpm: numberFlag(context, "rpm"),
      tpm: numberFlag(context, "tpm"),
      monthlyBudgetUsd: numberFlag(context, "budget"),
    })) as KeyJson;
    return showSecret(context, created, "created");
  }
  if (verb === "list") {
    const { data } = (await context.call("GET", "/keys")) as { data: KeyJson[] };
    return print(context, data, () => {
      for (const key of data) context.out(describeKey(key));
    });
  }
  if (verb === "edit") {
    const id = idArg(context, "keys edit");
    const changes = {
      name: stringFlag(context, "name"),
      plan: stringFlag(context, "plan"),
      rpm: numberFlag(context, "rpm", true),
      tpm: numberFlag(context, "tpm", true),
      monthlyBudgetUsd: numberFlag(context, "budget", true),
    };
    if (Object.values(changes).every((value) => value === undefined)) {
      throw new UsageError("keys edit needs at least one of --name, --plan, --rpm, --tpm, --budget");
    }
    const edited = (await context.call("PATCH", `/keys/${id}`, changes)) as KeyJson;
    return print(context, edited, () => {
      context.out(describeKey(edited));
      context.out("(other Worker isolates apply the change within 30 s)");
    });
  }
  if (verb === "rotate") {
    const rotated = (await context.call("POST", `/keys/${idArg(context, "keys rotate")}/rotate`)) as KeyJson;
    return showSecret(context, rotated, "rotated");
  }
  if (verb === "revoke") {
    const id = idArg(context, "keys revoke");
    await context.call("DELETE", `/keys/${id}`);
    context.out(`revoked ${decodeURIComponent(id)} (other Worker isolates stop accepting it within 30 s)`);
    return;
  }
  throw new UsageError(`unknown command: keys ${verb ?? ""}`);
}

function origins(context: CommandContext): string[] | undefined {
  return stringFlag(context, "origins")
    ?.split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/** `sites create|list|edit|delete|usage`. */
export async function sites(verb: string | undefined, context: CommandContext): Promise<void> {
  const describe = (site: SiteJson) =>
    `${site.id}  ${site.siteKey}  ${site.name}  ${site.plan}  ${site.allowedOrigins.join(" ")}`;
  if (verb === "create") {
    const name = stringFlag(context, "name");
    const allowed = origins(context);
    if (!name || !allowed)
      throw new UsageError("sites create needs --name and --origins https://a.example,https://b.example");
    const site = (await context.call("POST", "/sites", {
      name,
      allowedOrigins: allowed,
      plan: stringFlag(context, "plan"),
    })) as SiteJson;
    return print(context, site, () => context.out(`created ${describe(site)}`));
  }
  if (verb === "list") {
    const { data } = (await context.call("GET", "/sites")) as { data: SiteJson[] };
    return print(context, data, () => {
      for (const site of data) context.out(describe(site));
    });
  }
  if (verb === "edit") {
    const site = (await context.call("PATCH", `/sites/${idArg(context, "sites edit")}`, {
      name: stringFlag(context, "name"),
      allowedOrigins: origins(context),
      plan: stringFlag(context, "plan"),
    })) as SiteJson;
    return print(context, site, () => context.out(describe(site)));
  }
  if (verb === "delete") {
    const id = idArg(context, "sites delete");
    await context.call("DELETE", `/sites/${id}`);
    context.out(`deleted ${decodeURIComponent(id)}`);
    return;
  }
  if (verb === "usage") return report(context, `/sites/${idArg(context, "sites usage")}/usage`);
  throw new UsageError(`unknown command: sites ${verb ?? ""}`);
}

/** `users show|plan|erase`. */
export async function users(verb: string | undefined, context: CommandContext): Promise<void> {
  if (verb === "show") {
    const user = await context.call("GET", `/users?id=${idArg(context, "users show")}`);
    return context.out(JSON.stringify(user, null, context.json ? 2 : undefined));
  }
  if (verb === "plan") {
    const plan = context.args[1];
    if (!plan) throw new UsageError("users plan needs the id and the plan: users plan <id> pro");
    const user = await context.call("PATCH", `/users/${idArg(context, "users plan")}`, { plan });
    return context.out(JSON.stringify(user));
  }
  if (verb === "erase") {
    if (context.flags.yes !== true)
      throw new UsageError("users erase deletes everything the visitor stored: add --yes");
    const erased = await context.call("DELETE", `/users/${idArg(context, "users erase")}`);
    return context.out(JSON.stringify(erased));
  }
  throw new UsageError(`unknown command: users ${verb ?? ""}`);
}

/** `usage [--group day] [--start] [--end] [--key] [--site] [--csv]`. */
export async function usage(context: CommandContext): Promise<void> {
  if (context.flags.csv === true) {
    context.out((await context.text(`/usage.csv?${query(context)}`)).trimEnd());
    return;
  }
  return report(context, "/usage");
}

async function report(context: CommandContext, path: string): Promise<void> {
  type Bucket = {
    bucket: string;
    label?: string | null;
    requests: number;
    errors: number;
    spendMicros: number;
  } & Record<string, unknown>;
  const result = (await context.call("GET", `${path}?${query(context)}`)) as { data: Bucket[]; totals: Bucket };
  print(context, result, () => {
    context.out("bucket  requests  errors  prompt  completion  spend  ttft p50/p95");
    for (const row of [...result.data, { ...result.totals, bucket: "total" }]) {
      context.out(
        [
          row.label ? `${row.bucket} (${row.label})` : row.bucket,
          row.requests,
          row.errors,
          row.promptTokens,
          row.completionTokens,
          `$${(row.spendMicros / 1e6).toFixed(4)}`,
          `${row.ttftP50Ms ?? "-"}/${row.ttftP95Ms ?? "-"} ms`,
        ].join("  "),
      );
    }
  });
}

function query(context: CommandContext): string {
  const params = new URLSearchParams();
  for (const [flag, name] of [
    ["group", "group"],
    ["start", "start"],
    ["end", "end"],
    ["key", "keyId"],
    ["site", "siteId"],
    ["surface", "surface"],
  ] as const) {
    const value = stringFlag(context, flag);
    if (value) params.set(name, value);
  }
  return params.toString();
}

/** `upkeep run [hourly|daily]`. */
export async function upkeep(verb: string | undefined, context: CommandContext): Promise<void> {
  if (verb !== "run") throw new UsageError(`unknown command: upkeep ${verb ?? ""}`);
  const job = context.args[0] ?? "hourly";
  context.out(JSON.stringify(await context.call("POST", "/upkeep/run", { job }), null, 2));
}

// A fresh local D1 state with every migration applied, copied from a template made once per set of migrations.
// `wrangler d1 migrations apply` is a whole wrangler start (5 s on an idle 2-core machine, 18 s on a loaded one),
// and every browser test file, resilience suite and benchmark stack used to pay it for the same result.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot, runWrangler } from "./processes.ts";

/** Names the template by what shapes it: the migrations and the D1 binding in wrangler.toml. */
function templateName(): string {
  const hash = createHash("sha256");
  const folder = join(repoRoot, "migrations");
  for (const name of readdirSync(folder).sort()) {
    if (name.endsWith(".sql")) hash.update(name).update(readFileSync(join(folder, name)));
  }
  hash.update(readFileSync(join(repoRoot, "wrangler.toml")));
  return `edgechat-migrated-${hash.digest("hex").slice(0, 16)}`;
}

/** Fills the empty folder `persistTo` with a migrated local state, applying the migrations once for all runs. */
export async function copyMigratedState(persistTo: string, verbose: boolean): Promise<void> {
  const template = join(tmpdir(), templateName());
  if (!existsSync(template)) {
    const building = mkdtempSync(`${template}-building-`);
    try {
      await runWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", building], verbose);
      renameSync(building, template);
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      // Another process finished the same template first: use theirs.
      if (!existsSync(template)) throw error;
    }
  }
  cpSync(template, persistTo, { recursive: true });
}

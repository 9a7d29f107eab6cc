// `node bench/d1-writes.ts`: how many usage rows per second one D1 database takes on this machine (workerd's local
// SQLite under `wrangler dev --local`), written one per request, 32 at once, and 100 per statement (the settle
// batch), and how many bytes a usage row and a chat message cost. docs/scale.md reads these against D1's limits.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, runWrangler, startWranglerDev } from "../scripts/lib/processes.ts";

const config = "bench/d1-writes/wrangler.toml";
const persistTo = mkdtempSync(join(tmpdir(), "edgechat-bench-d1-"));
const rounds = Number(process.env.ROUNDS ?? "3");

type Result = { mode: string; rows: number; ms: number; rowsPerSecond: number; bytesPerRow: number; sizeAfter: number };

await runWrangler(["d1", "migrations", "apply", "DB", "--local", "-c", config, "--persist-to", persistTo], false);
const worker = await startWranglerDev({
  configPath: config,
  port: await freePort(),
  persistTo,
  vars: {},
  verbose: false,
});
try {
  const cases = [
    { label: "usage row, one INSERT per request, sequential", query: "mode=single&rows=2000" },
    { label: "usage row, one INSERT per request, 32 in flight", query: "mode=concurrent&rows=4000&concurrency=32" },
    { label: "usage rows, 100 per INSERT (settle batch)", query: "mode=batch&rows=20000&per=100" },
    { label: "chat message (1.5 KB answer + question, FTS)", query: "mode=message&rows=4000&bytes=1500" },
  ];
  // A warm-up so the first case does not pay workerd's start.
  await fetch(`${worker.url}/run?mode=batch&rows=2000&per=100`, { method: "POST" });
  console.log("case | rows/s (median of rounds) | bytes per row | database size after");
  for (const item of cases) {
    const results: Result[] = [];
    for (let round = 0; round < rounds; round++) {
      const response = await fetch(`${worker.url}/run?${item.query}`, { method: "POST" });
      results.push((await response.json()) as Result);
    }
    const rates = results.map((result) => result.rowsPerSecond).sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)] ?? 0;
    const bytes =
      results.map((result) => result.bytesPerRow).sort((a, b) => a - b)[Math.floor(results.length / 2)] ?? 0;
    const last = results.at(-1)?.sizeAfter ?? 0;
    console.log(`${item.label} | ${Math.round(median)} | ${Math.round(bytes)} | ${(last / 1024 / 1024).toFixed(1)} MB`);
  }
} finally {
  await worker.stop();
  rmSync(persistTo, { recursive: true, force: true });
}

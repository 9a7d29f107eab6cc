// CPU time of the processes behind one local Worker, from Linux's per-thread accounting (/proc/<pid>/task/*/
// schedstat: nanoseconds on a CPU, where /proc/<pid>/stat counts 10 ms ticks, too coarse for a few streams).
// Every `wrangler dev` runs in its own process group (scripts/lib/processes.ts starts it detached), so the
// processes of one target are the ones sharing the process group of the wrangler whose command line holds its
// port: the runtime (workerd running the Worker, its Durable Objects, D1 and the asset router), wrangler's
// proxy worker (a second workerd, dev only) and wrangler's Node process.
import { readdirSync, readFileSync } from "node:fs";

/** The processes of one target. */
export type ProcessKind = "runtime" | "proxy" | "wrangler";

/** One process: its id, process group, command line and CPU time used so far (µs, all its threads). */
export type ProcessInfo = { pid: string; group: string; commandLine: string; cpuMicros: number };

/** Every process this user can read. */
export function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const group = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2] ?? "";
      let nanoseconds = 0;
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        nanoseconds += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
      }
      found.push({ pid, group, commandLine, cpuMicros: nanoseconds / 1000 });
    } catch {
      // the process ended while being read
    }
  }
  return found;
}

/** The process group of the `wrangler dev` serving `url` (null when none is found). */
export function groupOf(url: string): string | null {
  const port = new URL(url).port;
  const wrangler = processes().find(
    (info) => info.commandLine.includes("wrangler") && info.commandLine.includes(` --port ${port} `),
  );
  return wrangler?.group ?? null;
}

/** CPU microseconds used so far by each kind of process in `group`. */
export function cpuOfGroup(group: string): Record<ProcessKind, number> {
  const totals: Record<ProcessKind, number> = { runtime: 0, proxy: 0, wrangler: 0 };
  for (const info of processes()) {
    if (info.group !== group) continue;
    if (info.commandLine.includes("workerd")) {
      totals[info.commandLine.includes("entry=127.0.0.1:0") ? "runtime" : "proxy"] += info.cpuMicros;
    } else {
      totals.wrangler += info.cpuMicros;
    }
  }
  return totals;
}

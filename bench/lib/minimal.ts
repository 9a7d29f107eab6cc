// bench/minimal-worker as a target: a framework-free gateway that sends, with HEADERS=contract, exactly the
// response headers edgechat's contracts require. Non-streamed throughput is compared with it (the floor sends
// three headers; each header costs CPU in the Worker and in wrangler's proxy worker, see bench/README.md).
import { type RunningServer, startBenchWorker } from "./processes.ts";
import type { Target } from "./stream-timing.ts";

const MINIMAL_KEY = "sk-minimal";

/**
 * Starts the minimal worker in `wrangler dev` with one header (`none`) or the contract's (`contract`), and
 * `doCalls` Durable Object round trips per request (default none).
 */
export function startMinimalWorker(
  simulatorUrl: string,
  upstreamOptions: string,
  headers: "none" | "contract",
  label: string,
  doCalls = 0,
): Promise<RunningServer> {
  return startBenchWorker("bench/minimal-worker/wrangler.toml", {
    UPSTREAM_URL: `${simulatorUrl}/label=${label},${upstreamOptions}`,
    API_KEY: MINIMAL_KEY,
    HEADERS: headers,
    DO_CALLS: String(doCalls),
  });
}

/** The minimal worker's `/v1/chat/completions` as a timing target. */
export function minimalTarget(server: Pick<RunningServer, "url">, name: string): Target {
  return { name, url: `${server.url}/v1/chat/completions`, headers: { authorization: `Bearer ${MINIMAL_KEY}` } };
}

/**
 * Sends `body` once to each target and throws unless each answers 2xx with choices and the two named targets send
 * the same header names: the minimal worker's list is written by hand and must follow the gateway's.
 */
export async function checkSameHeaders(targets: Target[], body: string, same: [string, string]): Promise<void> {
  const names = new Map<string, string>();
  for (const target of targets) {
    const response = await fetch(target.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...target.headers },
      body,
    });
    const text = await response.text();
    if (!response.ok || !text.includes('"choices"')) {
      throw new Error(`${target.name}: ${response.status} ${text.slice(0, 300)}`);
    }
    names.set(target.name, [...response.headers.keys()].sort().join(", "));
  }
  const [a, b] = same;
  if (names.get(a) !== names.get(b)) {
    throw new Error(`${a} and ${b} send different headers:\n  ${a}: ${names.get(a)}\n  ${b}: ${names.get(b)}`);
  }
}

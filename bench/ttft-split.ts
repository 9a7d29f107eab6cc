// `node bench/ttft-split.ts`: where the gateway's added time to first token goes, next to the floor's. For each
// request the simulator stamps when the request arrived (`receivedAt`) and when it wrote the first token
// (`firstTokenAt`), on the same clock as this process, so a TTFT splits into: before the upstream (client →
// worker → upstream), the upstream's own part, and after it (upstream's first token → client). Sequential
// requests, gateway and floor interleaved. STREAM=0 times whole non-streamed answers instead; COUNT (150);
// PAUSE_MS before each request (0); FORMAT=messages|responses for /v1/messages or /v1/responses against the floor
// asked in the same dialect at DeepSeek's endpoint for it (streamed only).
import { gatewayTarget, requireApiKey, startBenchGateway } from "./lib/bench-gateway.ts";
import { type DialectRequests, dialectRequests } from "./lib/dialect-requests.ts";
import { startFloorWorker, startSimulatorProcess } from "./lib/processes.ts";
import { median } from "./lib/stats.ts";
import { chatBody, type Target } from "./lib/stream-timing.ts";

const UPSTREAM_OPTIONS = process.env.UPSTREAM ?? "tokens=50,reasoning=50,ttft=1";
const streaming = process.env.STREAM !== "0";
const count = Number(process.env.COUNT ?? 150);
// A pause before each request lets the previous request's background work (metering, settlement) finish first.
const pauseMs = Number(process.env.PAUSE_MS ?? 0);
const WARM_UP = 10;
const now = () => performance.timeOrigin + performance.now();

/** A client dialect: the gateway's path and body, the floor's (DeepSeek's endpoint for it), and a token's mark. */
type Dialect = { path: string; body: string; upstreamPath: string; upstreamBody: string; token: RegExp };
/** A dialect's requests with thinking on and no output cap, as the chat body's model. */
const withThinking = (requests: DialectRequests, token: RegExp): Dialect => ({
  path: requests.path,
  body: requests.body("deepseek-reasoner", null, true),
  upstreamPath: requests.upstreamPath,
  upstreamBody: requests.upstreamBody(null, true),
  token,
});
const dialects: Record<string, Dialect> = {
  chat: {
    path: "/v1/chat/completions",
    body: chatBody("deepseek-reasoner", streaming),
    upstreamPath: "/v1/chat/completions",
    upstreamBody: chatBody("deepseek-reasoner", streaming),
    token: /"(reasoning_)?content":"[^"]/,
  },
  messages: withThinking(dialectRequests.messages, /"(text|thinking)_delta","(text|thinking)":"[^"]/),
  responses: withThinking(
    dialectRequests.responses,
    /"type":"response\.(output_text|reasoning_text)\.delta"[^}]*"delta":"[^"]/,
  ),
};

type Split = { before: number[]; upstream: number[]; after: number[]; total: number[] };
type Recent = { receivedAt: number; firstTokenAt: number | null };

const simulator = await startSimulatorProcess();
const gateway = await startBenchGateway(simulator.url, UPSTREAM_OPTIONS);
const floor = await startFloorWorker(`${simulator.url}/label=floor,${UPSTREAM_OPTIONS}`);
try {
  const key = await requireApiKey(gateway.url);
  const gatewayV1 = gatewayTarget(gateway, key);
  const dialect = dialects[process.env.FORMAT ?? "chat"];
  if (!dialect) throw new Error(`FORMAT is chat, messages or responses, not ${process.env.FORMAT}`);
  const targets: Array<Target & { body: string }> = [
    { ...gatewayV1, url: `${gateway.url}${dialect.path}`, body: dialect.body },
    { name: "floor", url: `${floor.url}${dialect.upstreamPath}`, headers: {}, body: dialect.upstreamBody },
  ];
  const splits = new Map<string, Split>(
    targets.map((t) => [t.name, { before: [], upstream: [], after: [], total: [] }]),
  );
  for (let i = 0; i < count + WARM_UP; i++) {
    for (const target of targets) {
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const sent = now();
      const received = await firstTokenAt(target, target.body, dialect.token);
      const stats = (await (await fetch(`${simulator.url}/__stats`)).json()) as { recent: Recent[] };
      const upstream = stats.recent.at(-1);
      const split = splits.get(target.name);
      if (i < WARM_UP || !upstream || !split) continue;
      const wrote = upstream.firstTokenAt ?? upstream.receivedAt;
      split.before.push(upstream.receivedAt - sent);
      split.upstream.push(wrote - upstream.receivedAt);
      split.after.push(received - wrote);
      split.total.push(received - sent);
    }
  }
  console.log(`${streaming ? "streamed: to the first token" : "non-streamed: to the whole answer"}, medians in ms`);
  console.log("target   | before upstream | upstream | after upstream | total");
  for (const [name, split] of splits) {
    const cells = [split.before, split.upstream, split.after, split.total].map((v) => median(v).toFixed(2));
    console.log(
      `${name.padEnd(8)} | ${cells[0]?.padStart(15)} | ${cells[1]?.padStart(8)} | ${cells[2]?.padStart(14)} | ${cells[3]}`,
    );
  }
} finally {
  await floor.stop();
  await gateway.stop();
  await simulator.stop();
}

/** Sends one request; resolves with the wall-clock time its first token (or, non-streamed, its end) arrived. */
async function firstTokenAt(target: Target, body: string, token: RegExp): Promise<number> {
  const response = await fetch(target.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...target.headers },
    body,
  });
  if (!response.body) throw new Error(`${target.name} answered ${response.status} without a body`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let seen = "";
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return at || now();
    if (at === 0 && streaming) {
      seen += decoder.decode(value, { stream: true });
      if (token.test(seen)) at = now();
    }
  }
}

// `node bench/profile.ts`: a V8 CPU profile of the gateway's isolate under /v1 load, taken through
// `wrangler dev`'s inspector, for whoever works on the figures `npm run bench` says are missed. Writes a
// `.cpuprofile` (open it in Chrome DevTools → Performance, or read the summary this prints).
// Options (env): STREAM=0 for non-streamed requests, CLIENTS (8), REQUESTS (2000), OUT (bench/gateway.cpuprofile),
// FORMAT=messages|responses for /v1/messages or /v1/responses instead of /v1/chat/completions (the SDKs' bodies),
// ENGINE=sglang|vllm to have one simulated self-hosted server of that engine answer instead of DeepSeek.
import { writeFileSync } from "node:fs";
import { requireApiKey, startBenchGateway, UPSTREAM_OPTIONS } from "./lib/bench-gateway.ts";
import { dialectRequests } from "./lib/dialect-requests.ts";
import { startSimulatorProcess } from "./lib/processes.ts";
import { summarizeProfile } from "./lib/profile-summary.ts";
import { chatBody } from "./lib/stream-timing.ts";

const upstreamOptions = process.env.UPSTREAM ?? UPSTREAM_OPTIONS;
const stream = process.env.STREAM !== "0";
const clients = Number(process.env.CLIENTS ?? 8);
const requests = Number(process.env.REQUESTS ?? 2000);
const out = process.env.OUT ?? "bench/gateway.cpuprofile";

const simulator = await startSimulatorProcess();
const gateway = await startBenchGateway(
  simulator.url,
  upstreamOptions,
  process.env.ENGINE ? { engine: process.env.ENGINE } : {},
);
try {
  const key = await requireApiKey(gateway.url);
  const { path, body } = requestOf(process.env.FORMAT ?? "chat", stream);
  const one = async () => {
    const response = await fetch(`${gateway.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}`, "x-dev-country": "US" },
      body,
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`gateway answered ${response.status}`);
  };
  for (let i = 0; i < 200; i++) await one();

  const inspector = await connectInspector(gateway.inspectorUrl);
  await inspector.send("Profiler.enable");
  await inspector.send("Profiler.setSamplingInterval", { interval: 50 });
  await inspector.send("Profiler.start");
  let started = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (started < requests) {
        started++;
        await one();
      }
    }),
  );
  const { profile } = (await inspector.send("Profiler.stop")) as { profile: Parameters<typeof summarizeProfile>[0] };
  inspector.close();
  writeFileSync(out, JSON.stringify(profile));
  console.log(`${requests} ${stream ? "streamed" : "non-streamed"} requests, ${clients} clients → ${out}\n`);
  console.log(summarizeProfile(profile, requests));
} finally {
  await gateway.stop();
  await simulator.stop();
}

/** The endpoint and body of one request in a client format (thinking on, as the chat body's model). */
function requestOf(format: string, stream: boolean): { path: string; body: string } {
  if (format === "messages" || format === "responses") {
    const requests = dialectRequests[format];
    return { path: requests.path, body: requests.body("deepseek-reasoner", null, true, stream) };
  }
  return { path: "/v1/chat/completions", body: chatBody("deepseek-reasoner", stream) };
}

/** A DevTools-protocol session with the Worker's isolate (wrangler's inspector proxy wants a local Origin). */
async function connectInspector(url: string) {
  const targets = (await (await fetch(`${url}/json`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const target = targets[0];
  if (!target) throw new Error(`no inspector target at ${url}`);
  // Node's WebSocket (undici) takes extra handshake headers as a second argument; the DOM typing does not.
  const options = { headers: { origin: "http://localhost" } } as unknown as string[];
  const socket = new WebSocket(target.webSocketDebuggerUrl, options);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", () => reject(new Error("inspector connection refused")), { once: true });
  });
  let nextId = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  return {
    send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () => socket.close(),
  };
}

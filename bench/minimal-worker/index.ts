// A minimal gateway with no framework, for `npm run bench:reference`: a key check (one comparison), the JSON body
// parsed, `max_tokens` capped, the upstream called, its whole answer read and sent in a new Response. No limits,
// routing, failover or metering. With HEADERS=contract the response carries the same headers as the gateway's
// (the x-ratelimit-* and served-by contracts, the request id), so the two runs show what those headers cost.
// With DO_CALLS=n each request also makes n round trips to a Durable Object that counts them (bench/cpu-split.ts:
// what one call costs in this harness, next to the gateway's batched Limiter calls).
import { DurableObject } from "cloudflare:workers";

/** The minimal worker's bindings. */
type MinimalEnv = {
  UPSTREAM_URL: string;
  API_KEY: string;
  HEADERS: "none" | "contract";
  DO_CALLS?: string;
  COUNTER: { getByName(name: string): { hit(): Promise<number> } };
};

/** A Durable Object that only counts calls in memory: the cost of a round trip and nothing else. */
export class Counter extends DurableObject {
  private hits = 0;

  /** One call, one increment. */
  hit(): number {
    this.hits++;
    return this.hits;
  }
}

/** The gateway's response headers for a non-streamed answer from the simulator (values as it sends them). */
function contractHeaders(): Record<string, string> {
  return {
    "x-edgechat-model": "deepseek-reasoner",
    "x-edgechat-provider": "deepseek",
    "x-edgechat-region": "cn",
    "x-edgechat-simulated": "1",
    "x-ratelimit-limit-requests": "1000000",
    "x-ratelimit-limit-tokens": "1000000000",
    "x-ratelimit-remaining-requests": "999999",
    "x-ratelimit-remaining-tokens": "999999990",
    "x-ratelimit-reset-requests": "1m0s",
    "x-ratelimit-reset-tokens": "1m0s",
    "x-request-id": crypto.randomUUID(),
  };
}

export default {
  async fetch(request: Request, env: MinimalEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/healthz") return new Response("ok");
    if (request.headers.get("authorization") !== `Bearer ${env.API_KEY}`) {
      return Response.json({ error: { message: "Invalid API key." } }, { status: 401 });
    }
    let body: { messages?: unknown; max_tokens?: number };
    try {
      body = JSON.parse(await request.text()) as typeof body;
    } catch {
      return Response.json({ error: { message: "The request body is not valid JSON." } }, { status: 400 });
    }
    if (!Array.isArray(body.messages)) {
      return Response.json({ error: { message: "messages must be an array." } }, { status: 400 });
    }
    body.max_tokens = Math.min(body.max_tokens ?? 8192, 8192);
    for (let call = 0; call < Number(env.DO_CALLS ?? 0); call++) await env.COUNTER.getByName(env.API_KEY).hit();
    const upstream = await fetch(`${env.UPSTREAM_URL}${url.pathname}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer simulator" },
      body: JSON.stringify(body),
    });
    const bytes = new Uint8Array(await upstream.arrayBuffer());
    const headers = { "content-type": "application/json; charset=utf-8" };
    return new Response(bytes, {
      status: upstream.status,
      headers: env.HEADERS === "contract" ? { ...headers, ...contractHeaders() } : headers,
    });
  },
};

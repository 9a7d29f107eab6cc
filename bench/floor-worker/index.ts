// The bare pass-through: forwards the request to the upstream and returns the upstream's Response as is
// (no parsing, no re-encoding), so it measures only what workerd and wrangler dev themselves cost.

/** The floor worker's bindings. */
type FloorEnv = { UPSTREAM_URL: string };

export default {
  /** `/healthz` answers locally (the harness's readiness probe); every other path goes upstream. */
  async fetch(request: Request, env: FloorEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/healthz") return new Response("ok");
    const upstream = `${env.UPSTREAM_URL}${url.pathname}${url.search}`;
    return fetch(upstream, { method: request.method, headers: request.headers, body: request.body });
  },
};

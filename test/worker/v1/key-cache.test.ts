import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../../src/env.ts";
import { renderError } from "../../../src/http/render-error.ts";
import { apiKey } from "../../../src/keys/api-key.ts";
import { KeyCache, keyCacheTtlMs } from "../../../src/keys/key-cache.ts";
import { callV1, createKey, revokeKey } from "../../kit/worker/v1.ts";

/** A tiny app behind the real middleware, with a cache whose clock the test moves. */
function appWithClock() {
  let now = 1_000_000;
  const cache = new KeyCache({ now: () => now });
  const app = new Hono<AppEnv>();
  app.use(apiKey({ cache }));
  app.get("/whoami", (c) => c.json({ id: c.var.apiKey.id }));
  app.onError(renderError);
  const call = (key: string, bindings: Env = env) =>
    app.request("/whoami", { headers: { authorization: `Bearer ${key}` } }, bindings);
  return { cache, call, advance: (ms: number) => (now += ms) };
}

describe("key lookup cache", () => {
  it("a key revoked in another isolate (straight in D1) keeps working only until the cache TTL ends", async () => {
    const created = await createKey();
    const { call, advance } = appWithClock();
    expect((await call(created.key)).status).toBe(200);
    // Another isolate revokes: this isolate's cache does not know yet.
    await env.DB.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ?").bind(Date.now(), created.id).run();
    advance(keyCacheTtlMs - 1);
    expect((await call(created.key)).status).toBe(200);
    advance(1);
    expect((await call(created.key)).status).toBe(401);
  });

  it("a warm key costs no D1 query: it keeps working while D1 is unreachable", async () => {
    const created = await createKey();
    const { call, advance } = appWithClock();
    expect((await call(created.key)).status).toBe(200);
    advance(1000);
    const warm = await call(created.key, { ...env, DB: undefined as unknown as D1Database });
    expect(warm.status).toBe(200);
    expect(await warm.json()).toEqual({ id: created.id });
  });

  it("a revocation through the admin API stops the key at once in the same isolate", async () => {
    const created = await createKey();
    const models = () => callV1("/models", created.key).then((response) => response.status);
    expect(await models()).toBe(200);
    expect((await revokeKey(created.id)).status).toBe(200);
    expect(await models()).toBe(401);
  });

  it("an unknown key is remembered briefly, then looked up again", async () => {
    const { cache, call, advance } = appWithClock();
    const bogus = `ec_${"A".repeat(32)}`;
    expect((await call(bogus)).status).toBe(401);
    expect(cache.get(bogus)).toBeNull();
    advance(5_000);
    expect(cache.get(bogus)).toBeUndefined();
  });
});

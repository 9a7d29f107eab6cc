import { exports } from "cloudflare:workers";
import { adminHeaders, workerOrigin } from "../constants.ts";

export const base = workerOrigin;

export type CreatedKey = { id: string; key: string; prefix: string; plan: string; name: string };

/** Creates a partner key through the admin API, as an operator would. */
export async function createKey(options: Record<string, unknown> = {}): Promise<CreatedKey> {
  const response = await exports.default.fetch(`${base}/admin/api/keys`, {
    method: "POST",
    headers: adminHeaders,
    body: JSON.stringify({ name: `test-${crypto.randomUUID().slice(0, 8)}`, plan: "partner", ...options }),
  });
  if (response.status !== 201) throw new Error(`createKey: ${response.status} ${await response.text()}`);
  return response.json<CreatedKey>();
}

/** Revokes a key through the admin API. */
export async function revokeKey(id: string): Promise<Response> {
  return exports.default.fetch(`${base}/admin/api/keys/${id}`, { method: "DELETE", headers: adminHeaders });
}

/** Calls a /v1 endpoint with a key. */
export function callV1(path: string, key: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(`${base}/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...(init.headers ?? {}) },
  });
}

export type ErrorBody = { error: { message: string; type: string; code: string | null; param: string | null } };

/** Usage row columns compared between requests. */
export type UsageRow = {
  request_id: string;
  api_key_id: string;
  model: string;
  provider: string | null;
  served_model: string | null;
  region: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
  cache_hit_tokens: number;
  cache_miss_tokens: number;
  cost_micros: number;
  ttft_ms: number | null;
  total_ms: number | null;
  status: string;
  estimated: number;
  /** The /v1 dialect (`chat`, `responses`, `messages`...). */
  format: string | null;
};

/** Waits for the usage row a request writes after its response (metering runs in waitUntil). */
export async function usageRow(requestId: string): Promise<UsageRow> {
  const { env } = await import("cloudflare:workers");
  for (let attempt = 0; attempt < 250; attempt++) {
    // A client's own x-request-id is suffixed with `.<random>` in the usage row (see chat-completions.ts).
    const row = await env.DB.prepare("SELECT * FROM usage WHERE request_id = ?1 OR request_id LIKE ?1 || '.%'")
      .bind(requestId)
      .first<UsageRow>();
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no usage row for ${requestId}`);
}

export { sseEvents } from "../sse.ts";

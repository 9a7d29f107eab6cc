import { exports } from "cloudflare:workers";

export const base = "http://edgechat.test";
export const adminHeaders = { authorization: "Bearer test-admin-token", "content-type": "application/json" };

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

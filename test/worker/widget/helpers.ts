import { exports } from "cloudflare:workers";

/** The Worker's origin in these tests: what the embed iframe's requests carry as `Origin`. */
export const HOST = "http://edgechat.test";
export const adminHeaders = { authorization: "Bearer test-admin-token", "content-type": "application/json" };

/** A registered site as the admin API returns it. */
export type SiteBody = {
  id: string;
  name: string;
  siteKey: string;
  allowedOrigins: string[];
  plan: string;
  theme: Record<string, unknown>;
  createdAt: string;
};

/** Calls the Worker. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(`${HOST}${path}`, init);
}

/** Registers a site through the admin API. */
export async function createSite(body: Record<string, unknown> = {}): Promise<SiteBody> {
  const response = await call("/admin/api/sites", {
    method: "POST",
    headers: adminHeaders,
    body: JSON.stringify({ name: "Shop", allowedOrigins: ["https://shop.example"], ...body }),
  });
  if (response.status !== 201) throw new Error(`create site: ${response.status} ${await response.text()}`);
  return response.json<SiteBody>();
}

/** Gets a visitor token for a site, as the embed iframe does. */
export async function issueVisitor(siteKey: string): Promise<string> {
  const response = await call(`/api/embed/${siteKey}/visitor`, { method: "POST", headers: { origin: HOST } });
  if (response.status !== 201) throw new Error(`visitor: ${response.status} ${await response.text()}`);
  const body = await response.json<{ token: string }>();
  return body.token;
}

/** Headers of an API call made by the embed iframe of `siteKey`. */
export function embedHeaders(siteKey: string, token: string, origin = HOST): Record<string, string> {
  return {
    origin,
    authorization: `Bearer ${token}`,
    "x-edgechat-site-key": siteKey,
    "content-type": "application/json",
  };
}

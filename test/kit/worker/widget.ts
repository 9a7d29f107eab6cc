import { env, exports } from "cloudflare:workers";
import { adminHeaders, workerOrigin } from "../constants.ts";

/** The Worker's origin in these tests: what the embed iframe's requests carry as `Origin`. */
export const HOST = workerOrigin;

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

/** A message as the site API returns it, with the widget's citations. */
export type WidgetMessage = {
  id: string;
  role: "user" | "assistant";
  content: string;
  status: string;
  sources?: Array<{ ref: number; title: string; url: string }>;
};

/** Sets widget settings with PATCH /admin/api/sites/:id, returning the answer's JSON. */
export async function patchSite<T = Record<string, unknown>>(id: string, body: unknown): Promise<T> {
  const response = await call(`/admin/api/sites/${id}`, {
    method: "PATCH",
    headers: adminHeaders,
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`patch site: ${response.status} ${await response.text()}`);
  return response.json<T>();
}

/** Adds a knowledge document (`{title, text}` or `{title?, url}`) to a site; returns the raw response. */
export function addKnowledge(siteId: string, body: unknown): Promise<Response> {
  return call(`/admin/api/sites/${siteId}/knowledge`, {
    method: "POST",
    headers: adminHeaders,
    body: JSON.stringify(body),
  });
}

/** A widget visitor of `siteKey` with one conversation: their token, the headers to call as them, the conversation id. */
export async function widgetVisitor(
  siteKey: string,
): Promise<{ token: string; headers: Record<string, string>; conversationId: string }> {
  const token = await issueVisitor(siteKey);
  const headers = embedHeaders(siteKey, token);
  const created = await call("/api/conversations", { method: "POST", headers, body: "{}" });
  if (created.status !== 201) throw new Error(`conversation: ${created.status} ${await created.text()}`);
  return { token, headers, conversationId: (await created.json<{ id: string }>()).id };
}

/** Sends `content` as the widget visitor and waits until the answer is stored; returns the conversation's messages. */
export async function askWidget(
  visitor: { headers: Record<string, string>; conversationId: string },
  content: string,
): Promise<WidgetMessage[]> {
  const path = `/api/conversations/${visitor.conversationId}`;
  const sent = await call(`${path}/messages`, {
    method: "POST",
    headers: visitor.headers,
    body: JSON.stringify({ content, model: "deepseek-chat" }),
  });
  if (sent.status !== 202) throw new Error(`send: ${sent.status} ${await sent.text()}`);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const read = await call(path, { headers: visitor.headers });
    const conversation = await read.json<{ live: unknown; messages: WidgetMessage[] }>();
    const pending = conversation.messages.some((message) => message.status === "streaming");
    if (!conversation.live && !pending) return conversation.messages;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the widget's answer did not settle");
}

type UpstreamRequest = { body: { messages?: Array<{ role: string; content: string }> } };

/** The messages the upstream (the simulator) received for the request whose last user message was `content`. */
export async function upstreamMessagesFor(content: string): Promise<Array<{ role: string; content: string }>> {
  const stats = await (await fetch(`${env.SIMULATOR_URL}/__stats`)).json<{ recent: UpstreamRequest[] }>();
  const found = stats.recent.findLast((request) => request.body.messages?.at(-1)?.content === content);
  if (!found?.body.messages) throw new Error(`the upstream never received "${content}"`);
  return found.body.messages;
}

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createSite, widgetVisitor } from "../../kit/worker/widget.ts";

describe("Delete my chat (widget)", () => {
  it("erases the widget visitor's history, keeps the site's usage anonymised, and retires the token", async () => {
    const site = await createSite();
    const { headers, conversationId: id } = await widgetVisitor(site.siteKey);
    const sent = await call(`/api/conversations/${id}/messages`, {
      method: "POST",
      headers,
      body: JSON.stringify({ content: "My order number is 4417.", model: "deepseek-chat" }),
    });
    expect(sent.status).toBe(202);
    const { turnId } = await sent.json<{ turnId: string }>();

    const exported = await call("/api/me/export", { headers });
    expect(await exported.text()).toContain("My order number is 4417.");

    expect((await call("/api/me", { method: "DELETE", headers })).status).toBe(204);
    const left = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM conversations WHERE id = ?1) + (SELECT count(*) FROM messages WHERE conversation_id = ?1) AS n`,
    )
      .bind(id)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
    const usage = await env.DB.prepare("SELECT site_id, user_id FROM usage WHERE request_id = ?")
      .bind(turnId)
      .first<{ site_id: string; user_id: string | null }>();
    expect(usage).toEqual({ site_id: site.id, user_id: null });
    const after = await call("/api/conversations", { headers });
    expect(after.status).toBe(401);
  });
});

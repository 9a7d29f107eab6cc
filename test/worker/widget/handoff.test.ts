import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runUpkeep } from "../../../src/upkeep/scheduled.ts";
import { adminHeaders, workerOrigin } from "../../kit/constants.ts";
import type { RecordedDelivery } from "../../kit/stand-ins/owner-site.ts";
import { askWidget, call, createSite, patchSite, widgetVisitor } from "../../kit/worker/widget.ts";

type Handoff = { id: string; status: string; attempts: number; lastError: string | null; deliveredAt: string | null };

/** A receiver's box on the owner's server; `fail` first deliveries are answered 500. */
function hookUrl(box: string, fail = 0): string {
  return `${env.OWNER_SITE_URL}/hooks/${box}?fail=${fail}`;
}

async function deliveries(box: string): Promise<RecordedDelivery[]> {
  return (await fetch(`${env.OWNER_SITE_URL}/deliveries/${box}`)).json<RecordedDelivery[]>();
}

async function handoffRow(id: string): Promise<{ status: string; attempts: number; next_attempt_at: number | null }> {
  const row = await env.DB.prepare("SELECT status, attempts, next_attempt_at FROM handoffs WHERE id = ?")
    .bind(id)
    .first<{ status: string; attempts: number; next_attempt_at: number | null }>();
  if (!row) throw new Error("no hand-off row");
  return row;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What a receiver does with the documented header: recompute HMAC-SHA256(secret, "<t>.<body>") and compare. */
async function signatureValid(secret: string, header: string, body: string): Promise<boolean> {
  const fields = new Map(header.split(",").map((part) => part.split("=") as [string, string]));
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${fields.get("t")}.${body}`));
  const hex = [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return fields.get("v1") === hex;
}

function handoff(siteKey: string, headers: Record<string, string>, body: unknown): Promise<Response> {
  return call(`/api/embed/${siteKey}/handoff`, { method: "POST", headers, body: JSON.stringify(body) });
}

describe("talking to a person", () => {
  it("the webhook gets a signed POST with the transcript, retried after a 500 and delivered once", async () => {
    const box = crypto.randomUUID();
    const site = await createSite({ name: "Rosa's Bakery" });
    const { handoffSecret } = await patchSite<{ handoffSecret: string }>(site.id, {
      handoffWebhookUrl: hookUrl(box, 1),
    });
    const visitor = await widgetVisitor(site.siteKey);
    await askWidget(visitor, "Can I order a wedding cake?");

    const response = await handoff(site.siteKey, visitor.headers, {
      email: "ada@example.com",
      note: "Please call me about a cake for 80 people.",
      conversationId: visitor.conversationId,
    });
    expect(response.status).toBe(201);
    const { id, status } = await response.json<{ id: string; status: string }>();
    expect(status).toBe("pending");

    // The first attempt gets a 500: recorded, and the next one scheduled 30 s later.
    const failed = await until(
      () => handoffRow(id),
      (row) => row.attempts === 1,
    );
    expect(failed.status).toBe("pending");
    expect(failed.next_attempt_at).toBeGreaterThan(Date.now() + 20_000);
    expect(await deliveries(box)).toHaveLength(1);

    // The retry (its alarm run now instead of in 30 s) is taken.
    const courier = env.HANDOFF_COURIER.getByName(id);
    expect(await runDurableObjectAlarm(courier)).toBe(true);
    const delivered = await until(
      () => handoffRow(id),
      (row) => row.status === "delivered",
    );
    expect(delivered.attempts).toBe(2);
    const [first, second] = await deliveries(box);
    expect(first?.answeredStatus).toBe(500);
    expect(second?.answeredStatus).toBe(200);
    // Same bytes and the same idempotency key on every attempt; each signed with the site's secret.
    expect(second?.body).toBe(first?.body);
    expect(second?.headers["idempotency-key"]).toBe(id);
    expect(first?.headers["idempotency-key"]).toBe(id);
    expect(second?.headers["x-edgechat-signature"]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(await signatureValid(handoffSecret, second?.headers["x-edgechat-signature"] ?? "", second?.body ?? "")).toBe(
      true,
    );
    expect(
      await signatureValid("whsec_someone-else", second?.headers["x-edgechat-signature"] ?? "", second?.body ?? ""),
    ).toBe(false);
    const payload = JSON.parse(second?.body ?? "{}");
    expect(payload.site).toEqual({ id: site.id, name: "Rosa's Bakery" });
    expect(payload.handoff).toMatchObject({
      id,
      email: "ada@example.com",
      note: "Please call me about a cake for 80 people.",
    });
    expect(payload.transcript.map((line: { role: string }) => line.role)).toEqual(["user", "assistant"]);
    expect(payload.transcript[0]).toMatchObject({ role: "user", content: "Can I order a wedding cake?" });

    // Delivered once: nothing is scheduled any more, and no further POST arrives.
    expect(await runDurableObjectAlarm(courier)).toBe(false);
    expect(await deliveries(box)).toHaveLength(2);

    const listed = await (await call(`/admin/api/sites/${site.id}/handoffs`, { headers: adminHeaders })).json<{
      data: Handoff[];
    }>();
    expect(listed.data).toEqual([
      expect.objectContaining({
        id,
        status: "delivered",
        attempts: 2,
        lastError: null,
        deliveredAt: expect.any(String),
      }),
    ]);
  });

  it("is stored even when the site has no webhook, and listed only for that site", async () => {
    const site = await createSite();
    const other = await createSite();
    const visitor = await widgetVisitor(site.siteKey);
    const response = await handoff(site.siteKey, visitor.headers, { email: "bo@example.com", note: "" });
    expect(response.status).toBe(201);
    const { id, status } = await response.json<{ id: string; status: string }>();
    expect(status).toBe("stored");
    const mine = await (await call(`/admin/api/sites/${site.id}/handoffs`, { headers: adminHeaders })).json<{
      data: Handoff[];
    }>();
    expect(mine.data.map((entry) => entry.id)).toEqual([id]);
    const theirs = await (await call(`/admin/api/sites/${other.id}/handoffs`, { headers: adminHeaders })).json<{
      data: Handoff[];
    }>();
    expect(theirs.data).toEqual([]);
    expect((await call("/admin/api/sites/nope/handoffs", { headers: adminHeaders })).status).toBe(404);
  });

  it("refuses a bad email, a note over 2 KB, someone else's conversation and calls without the widget's token", async () => {
    const site = await createSite();
    const visitor = await widgetVisitor(site.siteKey);
    const stranger = await widgetVisitor(site.siteKey);
    const badEmail = await handoff(site.siteKey, visitor.headers, { email: "not-an-email", note: "hi" });
    expect(badEmail.status).toBe(400);
    expect((await badEmail.json<{ error: { param: string } }>()).error.param).toBe("email");
    const longNote = await handoff(site.siteKey, visitor.headers, { email: "a@example.com", note: "x".repeat(2049) });
    expect(longNote.status).toBe(400);
    const theirs = await handoff(site.siteKey, visitor.headers, {
      email: "a@example.com",
      conversationId: stranger.conversationId,
    });
    expect(theirs.status).toBe(404);
    const users = () => env.DB.prepare("SELECT count(*) AS n FROM users").first<{ n: number }>();
    const usersBefore = await users();
    const anonymous = await call(`/api/embed/${site.siteKey}/handoff`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: workerOrigin },
      body: JSON.stringify({ email: "a@example.com" }),
    });
    expect(anonymous.status).toBe(401);
    // Refused before any visitor was made.
    expect(await users()).toEqual(usersBefore);
    const elsewhere = await handoff(
      site.siteKey,
      { ...visitor.headers, origin: "https://evil.example" },
      {
        email: "a@example.com",
      },
    );
    expect(elsewhere.status).toBe(403);
  });

  it("erasing the conversation erases its hand-off, and a pending delivery stops", async () => {
    const box = crypto.randomUUID();
    const site = await createSite();
    await patchSite(site.id, { handoffWebhookUrl: hookUrl(box, 100) });
    const visitor = await widgetVisitor(site.siteKey);
    await askWidget(visitor, "Hello?");
    const { id } = await (
      await handoff(site.siteKey, visitor.headers, { email: "c@example.com", conversationId: visitor.conversationId })
    ).json<{ id: string }>();
    await until(
      () => handoffRow(id),
      (row) => row.attempts === 1,
    );
    const erased = await call(`/api/conversations/${visitor.conversationId}`, {
      method: "DELETE",
      headers: visitor.headers,
    });
    expect(erased.status).toBeLessThan(300);
    const gone = await env.DB.prepare("SELECT count(*) AS n FROM handoffs WHERE id = ?")
      .bind(id)
      .first<{ n: number }>();
    expect(gone?.n).toBe(0);
    await runDurableObjectAlarm(env.HANDOFF_COURIER.getByName(id));
    expect(await deliveries(box)).toHaveLength(1);
  });

  it("Delete my chat erases the visitor's hand-offs too (email and note included)", async () => {
    const site = await createSite();
    const visitor = await widgetVisitor(site.siteKey);
    const { id } = await (
      await handoff(site.siteKey, visitor.headers, { email: "d@example.com", note: "call me" })
    ).json<{ id: string }>();
    expect((await call("/api/me", { method: "DELETE", headers: visitor.headers })).status).toBe(204);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM handoffs WHERE id = ?")
      .bind(id)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
  });

  it("a hand-off whose courier was lost is handed over again by the hourly upkeep, never dropped", async () => {
    const box = crypto.randomUUID();
    const site = await createSite();
    await patchSite(site.id, { handoffWebhookUrl: hookUrl(box) });
    // Stored, but the dispatch to its courier never happened (say the object was unreachable).
    const id = `stalled-${crypto.randomUUID()}`;
    const payload = JSON.stringify({ site: { id: site.id }, handoff: { id }, transcript: [] });
    const hourAgo = Date.now() - 60 * 60_000;
    await env.DB.prepare(
      "INSERT INTO handoffs (id, site_id, email, payload, status, next_attempt_at, created_at) VALUES (?, ?, 'e@example.com', ?, 'pending', ?, ?)",
    )
      .bind(id, site.id, payload, hourAgo, hourAgo)
      .run();
    const report = await runUpkeep(env, "hourly");
    expect(report.handoffsRedispatched).toBeGreaterThanOrEqual(1);
    const delivered = await until(
      () => handoffRow(id),
      (row) => row.status === "delivered",
    );
    expect(delivered.status).toBe("delivered");
    const [delivery] = await deliveries(box);
    expect(delivery?.body).toBe(payload);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminHeaders } from "../../kit/constants.ts";
import { addKnowledge, call, createSite } from "../../kit/worker/widget.ts";

type Doc = {
  id: string;
  title: string;
  url: string | null;
  source: "text" | "url";
  chars: number;
  chunks: number;
  fetchedAt: string | null;
  createdAt: string;
};

function knowledgeOf(siteId: string): Promise<Response> {
  return call(`/admin/api/sites/${siteId}/knowledge`, { headers: adminHeaders });
}

describe("a site's knowledge", () => {
  it("is added as text, listed newest first, and deleted with its index entries", async () => {
    const site = await createSite();
    const first = await addKnowledge(site.id, { title: "Returns", text: "Returns are accepted within 30 days." });
    expect(first.status).toBe(201);
    const returns = await first.json<Doc>();
    expect(returns).toMatchObject({ title: "Returns", url: null, source: "text", chunks: 1, fetchedAt: null });
    const delivery = await (
      await addKnowledge(site.id, { title: "Delivery", text: "We deliver within the city on Fridays." })
    ).json<Doc>();

    const list = await (await knowledgeOf(site.id)).json<{ data: Doc[] }>();
    expect(list.data.map((doc) => doc.title)).toEqual(["Delivery", "Returns"]);

    const deleted = await call(`/admin/api/sites/${site.id}/knowledge/${returns.id}`, {
      method: "DELETE",
      headers: adminHeaders,
    });
    expect(deleted.status).toBe(200);
    const after = await (await knowledgeOf(site.id)).json<{ data: Doc[] }>();
    expect(after.data.map((doc) => doc.id)).toEqual([delivery.id]);
    const indexed = await env.DB.prepare(
      "SELECT count(*) AS n FROM knowledge_fts WHERE knowledge_fts MATCH 'returns'",
    ).first<{ n: number }>();
    expect(indexed?.n).toBe(0);
  });

  it("is only ever the site's own: another site's id gets 404 for the list and the delete", async () => {
    const owner = await createSite();
    const other = await createSite();
    const doc = await (
      await addKnowledge(owner.id, { title: "Secret recipe", text: "Butter, lots of it." })
    ).json<Doc>();
    const elsewhere = await (await knowledgeOf(other.id)).json<{ data: Doc[] }>();
    expect(elsewhere.data).toEqual([]);
    const stolen = await call(`/admin/api/sites/${other.id}/knowledge/${doc.id}`, {
      method: "DELETE",
      headers: adminHeaders,
    });
    expect(stolen.status).toBe(404);
    expect((await knowledgeOf("no-such-site")).status).toBe(404);
    expect((await call(`/admin/api/sites/${owner.id}/knowledge`)).status).toBe(401);
  });

  it("is fetched from a page: readable text without scripts, styles, menus or comments, entities decoded", async () => {
    const site = await createSite();
    const before = Date.now();
    const response = await addKnowledge(site.id, { url: `${env.OWNER_SITE_URL}/pages/opening-hours` });
    expect(response.status).toBe(201);
    const doc = await response.json<Doc>();
    expect(doc).toMatchObject({ title: "Opening hours & address", source: "url" });
    expect(doc.url).toBe(`${env.OWNER_SITE_URL}/pages/opening-hours`);
    expect(Date.parse(doc.fetchedAt ?? "")).toBeGreaterThanOrEqual(before - 1000);
    const stored = await env.DB.prepare("SELECT text FROM knowledge_docs WHERE id = ?")
      .bind(doc.id)
      .first<{ text: string }>();
    expect(stored?.text).toContain("Rosa's Bakery");
    expect(stored?.text).toContain("We are open Tuesday to Saturday, 7–15h.");
    expect(stored?.text).toContain("Kastanienallee 12 — next to the fountain.");
    expect(stored?.text).toContain("© Rosa");
    expect(stored?.text).not.toMatch(/marmalade|Menu-navigation-link|<|color: red/);
  });

  it("refuses a page it cannot use, and bad input, with a 400 naming the field", async () => {
    const site = await createSite();
    for (const body of [
      { url: `${env.OWNER_SITE_URL}/pages/image.png` },
      { url: `${env.OWNER_SITE_URL}/pages/missing` },
      { url: "ftp://files.example/menu.txt" },
      { title: "", text: "x" },
      { title: "Both", text: "x", url: "https://example.com" },
    ]) {
      const response = await addKnowledge(site.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    const plain = await addKnowledge(site.id, { title: "Gift cards", url: `${env.OWNER_SITE_URL}/pages/plain.txt` });
    expect(plain.status).toBe(201);
  });

  it("can be previewed: the system message and sources a visitor's question would get", async () => {
    const site = await createSite();
    await addKnowledge(site.id, { title: "Delivery", text: "We deliver within the city on Fridays." });
    const response = await call(`/admin/api/sites/${site.id}/knowledge/preview?q=Do%20you%20deliver%3F`, {
      headers: adminHeaders,
    });
    expect(response.status).toBe(200);
    const preview = await response.json<{ system: string; sources: Array<{ title: string }>; retrievalMs: number }>();
    expect(preview.system).toContain("We deliver within the city on Fridays.");
    expect(preview.sources.map((source) => source.title)).toEqual(["Delivery"]);
    expect(preview.retrievalMs).toBeGreaterThanOrEqual(0);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminHeaders } from "../../kit/constants.ts";
import { call, createSite, HOST } from "../../kit/worker/widget.ts";
import { workerWith } from "../../kit/worker/worker-with.ts";

// Workers AI and Vectorize cannot run locally: the AI double embeds `⟦X⟧` as X alone, so a question and a document
// sharing a marker made of symbols mean the same to the vectors while sharing no word for full-text search.
type Bindings = Partial<Env> & { VECTORIZE?: Vectorize };
const hybrid: Bindings = { AI: env.WORKERS_AI_DOUBLE as unknown as Ai, VECTORIZE: env.VECTORIZE_DOUBLE };
const returns = "Returns are accepted within thirty days of purchase, with the receipt. ⟦☂⟧";
const hours = "Rosa's Bakery opens Tuesday to Saturday from 7 to 15h.";
const sendBack = "Can I send back something I bought? ⟦☂⟧";

type Preview = { system: string; sources: Array<{ title: string }>; retrievalMs: number };

function adminWith(bindings: Bindings | null) {
  const fetcher = bindings ? workerWith(bindings) : (input: string, init: RequestInit) => call(input, init);
  return {
    add: (siteId: string, body: unknown) =>
      fetcher(bindings ? `${HOST}/admin/api/sites/${siteId}/knowledge` : `/admin/api/sites/${siteId}/knowledge`, {
        method: "POST",
        headers: adminHeaders,
        body: JSON.stringify(body),
      }),
    remove: (siteId: string, docId: string) =>
      fetcher(`${bindings ? HOST : ""}/admin/api/sites/${siteId}/knowledge/${docId}`, {
        method: "DELETE",
        headers: adminHeaders,
      }),
    preview: async (siteId: string, q: string): Promise<Preview> => {
      const path = `/admin/api/sites/${siteId}/knowledge/preview?q=${encodeURIComponent(q)}`;
      const response = await fetcher(`${bindings ? HOST : ""}${path}`, { headers: adminHeaders });
      if (response.status !== 200) throw new Error(`preview: ${response.status} ${await response.text()}`);
      return response.json<Preview>();
    },
  };
}

async function siteWithDocs(bindings: Bindings) {
  const site = await createSite();
  const admin = adminWith(bindings);
  const added = [];
  for (const [title, text] of [
    ["Returns", returns],
    ["Opening hours", hours],
  ]) {
    const response = await admin.add(site.id, { title, text });
    expect(response.status).toBe(201);
    added.push(await response.json<{ id: string; chunks: number }>());
  }
  return { site, docs: added };
}

const nothingMatched = "nothing in the site's knowledge base matches";

describe("knowledge with a Vectorize index (hybrid retrieval)", () => {
  it("a question in other words finds the chunk that means the same; without the index only words count", async () => {
    const { site, docs } = await siteWithDocs(hybrid);
    const stored = await env.VECTORIZE_DOUBLE.storedVectors(site.id);
    expect(stored).toEqual(
      expect.arrayContaining([
        { id: `${docs[0]?.id}:0`, namespace: site.id, metadata: expect.objectContaining({ siteId: site.id }) },
      ]),
    );
    expect(stored.find((v) => v.id === `${docs[0]?.id}:0`)?.metadata).toMatchObject({
      docId: docs[0]?.id,
      chunkId: expect.any(Number),
    });

    const semantic = await adminWith(hybrid).preview(site.id, sendBack);
    expect(semantic.system).toContain(returns);
    expect(semantic.system).not.toContain(hours);
    expect(semantic.sources.map((source) => source.title)).toEqual(["Returns"]);

    const lexicalOnly = await adminWith(null).preview(site.id, sendBack);
    expect(lexicalOnly.system).toContain(nothingMatched);
    expect(lexicalOnly.sources).toEqual([]);
  });

  it("every embedding call is metered on the site: one row per document added and one per question", async () => {
    const { site } = await siteWithDocs(hybrid);
    await adminWith(hybrid).preview(site.id, sendBack);
    const rows = async () =>
      (
        await env.DB.prepare(
          "SELECT model, provider, prompt_tokens AS tokens, estimated FROM usage WHERE site_id = ? AND format = 'knowledge'",
        )
          .bind(site.id)
          .all<{ model: string; provider: string; tokens: number; estimated: number }>()
      ).results;
    await expect.poll(async () => (await rows()).length).toBe(3);
    for (const row of await rows()) {
      expect(row).toMatchObject({ model: "bge-m3", provider: "workers-ai", estimated: 1 });
      expect(row.tokens).toBeGreaterThan(0);
    }
  });

  it("words and meaning are fused: both documents come, and an unrelated question still gets nothing", async () => {
    const { site } = await siteWithDocs(hybrid);
    const both = await adminWith(hybrid).preview(site.id, `When does the bakery open on Saturday? ${sendBack}`);
    expect(both.sources.map((source) => source.title).sort()).toEqual(["Opening hours", "Returns"]);
    const unrelated = await adminWith(hybrid).preview(site.id, "What is the weather like on Mars?");
    expect(unrelated.system).toContain(nothingMatched);
  });

  it("a failing or slow index falls back to full-text search without failing", async () => {
    const { site } = await siteWithDocs(hybrid);
    for (const VECTORIZE of [env.VECTORIZE_FAILING, env.VECTORIZE_SLOW]) {
      const degraded = adminWith({ ...hybrid, VECTORIZE });
      const lexical = await degraded.preview(site.id, "Are returns accepted with the receipt?");
      expect(lexical.sources.map((source) => source.title)).toEqual(["Returns"]);
      expect(lexical.retrievalMs).toBeLessThan(1500);
      expect((await degraded.preview(site.id, sendBack)).sources).toEqual([]);
    }
    // A document added while the index is down is stored and found by its words.
    const down = adminWith({ ...hybrid, VECTORIZE: env.VECTORIZE_FAILING });
    const added = await down.add(site.id, { title: "Gift cards", text: "Gift cards never expire." });
    expect(added.status).toBe(201);
    expect((await down.preview(site.id, "Do gift cards expire?")).sources.map((s) => s.title)).toEqual(["Gift cards"]);
  });

  it("deleting a document deletes its vectors", async () => {
    const site = await createSite();
    const admin = adminWith(hybrid);
    const long = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} about our delivery rounds.`).join("\n\n");
    const doc = await (await admin.add(site.id, { title: "Delivery", text: `${long} ⟦⛟⟧` })).json<{
      id: string;
      chunks: number;
    }>();
    expect(doc.chunks).toBeGreaterThan(1);
    expect(await env.VECTORIZE_DOUBLE.storedVectors(site.id)).toHaveLength(doc.chunks);
    expect((await admin.remove(site.id, doc.id)).status).toBe(200);
    expect(await env.VECTORIZE_DOUBLE.storedVectors(site.id)).toEqual([]);
    expect((await admin.preview(site.id, "Do you bring things to my house? ⟦⛟⟧")).sources).toEqual([]);
  });

  it("another site's vectors never come back", async () => {
    const { site: owner } = await siteWithDocs(hybrid);
    const other = await createSite();
    const elsewhere = await adminWith(hybrid).preview(other.id, sendBack);
    expect(elsewhere.system).not.toContain(returns);
    expect(elsewhere.sources).toEqual([]);
    expect(await env.VECTORIZE_DOUBLE.storedVectors(other.id)).toEqual([]);
    expect((await adminWith(hybrid).preview(owner.id, sendBack)).sources.map((s) => s.title)).toEqual(["Returns"]);
  });
});

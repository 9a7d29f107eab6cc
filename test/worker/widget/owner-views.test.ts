import { describe, expect, it } from "vitest";
import { adminHeaders } from "../../kit/constants.ts";
import { askWidget, call, createSite, widgetVisitor } from "../../kit/worker/widget.ts";

type Transcript = {
  id: string;
  title: string;
  visitorId: string;
  updatedAt: string;
  messages: Array<{ role: string; content: string; status: string; sources: unknown[] }>;
};
type Page = { data: Transcript[]; nextCursor: string | null };

async function transcripts(siteId: string, query = ""): Promise<Page> {
  const response = await call(`/admin/api/sites/${siteId}/conversations${query}`, { headers: adminHeaders });
  if (response.status !== 200) throw new Error(`transcripts: ${response.status} ${await response.text()}`);
  return response.json<Page>();
}

describe("an owner reads their widget's conversations", () => {
  it("newest first with their transcripts, only the site's own, searchable and paginated", async () => {
    const site = await createSite();
    const other = await createSite();
    const first = await widgetVisitor(site.siteKey);
    await askWidget(first, "Do you sell sourdough starters?");
    const second = await widgetVisitor(site.siteKey);
    await askWidget(second, "Is there parking near the shop?");
    const elsewhere = await widgetVisitor(other.siteKey);
    await askWidget(elsewhere, "Do you sell sourdough bread?");

    const all = await transcripts(site.id);
    expect(all.data.map((conversation) => conversation.id)).toEqual([second.conversationId, first.conversationId]);
    const latest = all.data[0];
    expect(latest?.messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(latest?.messages[0]?.content).toBe("Is there parking near the shop?");
    expect(latest?.messages[1]?.status).toBe("complete");

    const found = await transcripts(site.id, "?q=sourdough");
    expect(found.data.map((conversation) => conversation.id)).toEqual([first.conversationId]);

    const page1 = await transcripts(site.id, "?limit=1");
    expect(page1.data.map((conversation) => conversation.id)).toEqual([second.conversationId]);
    const page2 = await transcripts(site.id, `?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.data.map((conversation) => conversation.id)).toEqual([first.conversationId]);
    expect(page2.nextCursor).toBeNull();
  });

  it("another site's id, an unknown site or a bad cursor get no transcripts", async () => {
    const site = await createSite();
    await askWidget(await widgetVisitor(site.siteKey), "Hello");
    expect((await call("/admin/api/sites/nope/conversations", { headers: adminHeaders })).status).toBe(404);
    const bad = await call(`/admin/api/sites/${site.id}/conversations?cursor=%%%`, { headers: adminHeaders });
    expect(bad.status).toBe(400);
    expect((await call(`/admin/api/sites/${site.id}/conversations`)).status).toBe(401);
  });
});

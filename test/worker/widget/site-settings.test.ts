import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminHeaders } from "../../kit/constants.ts";
import { call, createSite, type SiteBody } from "../../kit/worker/widget.ts";

type Settings = SiteBody & {
  instructions: string;
  starterQuestions: string[];
  showServedBy: boolean;
  handoffWebhookUrl: string | null;
  handoffSecret?: string;
};

function patch(id: string, body: unknown): Promise<Response> {
  return call(`/admin/api/sites/${id}`, { method: "PATCH", headers: adminHeaders, body: JSON.stringify(body) });
}

describe("a site owner's widget settings", () => {
  it("start empty: no instructions, no starter questions, no served-by line, no webhook", async () => {
    const site = (await createSite()) as Settings;
    expect(site).toMatchObject({
      instructions: "",
      starterQuestions: [],
      showServedBy: false,
      handoffWebhookUrl: null,
    });
  });

  it("are set with PATCH and read back", async () => {
    const site = await createSite();
    const response = await patch(site.id, {
      instructions: "You are the assistant of Rosa's Bakery. Be brief.",
      starterQuestions: ["When are you open?", "Do you deliver?"],
      showServedBy: true,
    });
    expect(response.status).toBe(200);
    const read = await (await call(`/admin/api/sites/${site.id}`, { headers: adminHeaders })).json<Settings>();
    expect(read).toMatchObject({
      instructions: "You are the assistant of Rosa's Bakery. Be brief.",
      starterQuestions: ["When are you open?", "Do you deliver?"],
      showServedBy: true,
    });
  });

  it("refuse instructions over 8 KB, a fifth starter question and a webhook that is not https", async () => {
    const site = await createSite();
    const long = await patch(site.id, { instructions: "é".repeat(4097) });
    expect(long.status).toBe(400);
    expect((await long.json<{ error: { param: string } }>()).error.param).toBe("instructions");
    const five = await patch(site.id, { starterQuestions: ["a", "b", "c", "d", "e"] });
    expect(five.status).toBe(400);
    const plain = await patch(site.id, { handoffWebhookUrl: "http://hooks.example/edgechat" });
    expect(plain.status).toBe(400);
    expect((await plain.json<{ error: { param: string } }>()).error.param).toBe("handoffWebhookUrl");
  });

  it("give a webhook a signing secret shown once, kept when the same URL is sent again, stored sealed", async () => {
    const site = await createSite();
    const first = await (await patch(site.id, { handoffWebhookUrl: "https://hooks.example/a" })).json<Settings>();
    expect(first.handoffSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const again = await (await patch(site.id, { handoffWebhookUrl: "https://hooks.example/a" })).json<Settings>();
    expect(again.handoffSecret).toBeUndefined();
    const read = await (await call(`/admin/api/sites/${site.id}`, { headers: adminHeaders })).text();
    expect(read).not.toContain("whsec_");
    const stored = await env.DB.prepare("SELECT handoff_secret AS sealed FROM sites WHERE id = ?")
      .bind(site.id)
      .first<{ sealed: string }>();
    expect(stored?.sealed).toMatch(/^v1\./);
    expect(stored?.sealed).not.toContain(first.handoffSecret?.slice(6));

    const rotated = await (await patch(site.id, { rotateHandoffSecret: true })).json<Settings>();
    expect(rotated.handoffSecret).toMatch(/^whsec_/);
    expect(rotated.handoffSecret).not.toBe(first.handoffSecret);
    const cleared = await (await patch(site.id, { handoffWebhookUrl: null })).json<Settings>();
    expect(cleared.handoffWebhookUrl).toBeNull();
    const gone = await env.DB.prepare("SELECT handoff_secret AS sealed FROM sites WHERE id = ?")
      .bind(site.id)
      .first<{ sealed: string | null }>();
    expect(gone?.sealed).toBeNull();
  });

  it("accept a plain-http webhook on localhost in local dev (tests run with DEV_REGION_HEADER)", async () => {
    const site = await createSite();
    const response = await patch(site.id, { handoffWebhookUrl: "http://127.0.0.1:8799/hook" });
    expect(response.status).toBe(200);
  });

  it("reach the widget's frame: starter questions, served-by and greeting, never the instructions", async () => {
    const site = await createSite({ theme: { greeting: "Welcome to Rosa's!" } });
    await patch(site.id, {
      instructions: "SECRET-PROMPT-MARKER",
      starterQuestions: ['Is the "rye" vegan?'],
      handoffWebhookUrl: "https://hooks.example/b",
    });
    const page = await (await call(`/embed/${site.siteKey}`)).text();
    expect(page).toContain('data-starter-questions="[&#34;Is the \\&#34;rye\\&#34; vegan?&#34;]"');
    expect(page).toContain('data-show-served-by="false"');
    expect(page).toContain('data-greeting="Welcome to Rosa&#39;s!"');
    expect(page).not.toContain("SECRET-PROMPT-MARKER");
    expect(page).not.toContain("hooks.example");
  });
});

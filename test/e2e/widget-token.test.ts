// The widget's visitor token in a real Chromium: it never travels in a URL, and a token the server no longer
// accepts (here: one from before tokens carried an issue time) is replaced by a new visitor's without the
// visitor noticing more than a fresh conversation.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { answerText, expectedAnswer } from "../kit/browser/site.ts";
import { useWidgetSite } from "../kit/browser/widget-site.ts";

const site = useWidgetSite();

async function ask(page: Page, prompt: string): Promise<void> {
  const frame = page.frameLocator('iframe[src*="/embed/"]');
  await frame.getByRole("textbox", { name: "Message" }).fill(prompt);
  await frame.getByRole("button", { name: "Send", exact: true }).click();
  const answer = frame.getByRole("log").getByRole("article", { name: "Answer" }).last();
  await expect.poll(() => answerText(answer), { timeout: 20_000 }).toBe(expectedAnswer(prompt));
}

describe("the widget's visitor token", () => {
  it("never travels in a URL: the live socket carries it as a subprotocol", async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const urls: string[] = [];
    page.on("request", (request) => urls.push(request.url()));
    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    await page.goto(`${site.host.localhost}/?key=${site.siteKey}`);
    await page.getByRole("button", { name: "Open chat" }).click();
    await ask(page, "Where is my parcel?");
    expect(sockets.some((url) => url.includes("/live"))).toBe(true);
    for (const url of [...urls, ...sockets]) expect(url).not.toMatch(/[?&]token=/);
    await context.close();
  });

  it("from before issue times is refused, and the widget recovers with a new visitor's token", async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const visitorCalls: Array<{ status: number; body: string }> = [];
    page.on("response", async (response) => {
      if (!/\/api\/embed\/[^/]+\/visitor$/.test(response.url())) return;
      visitorCalls.push({ status: response.status(), body: await response.text().catch(() => "") });
    });
    await page.goto(`${site.host.localhost}/?key=${site.siteKey}`);
    // A token of the old format (vt1, no issue time), as a visitor's storage may still hold one. With third-party
    // storage blocked the widget keeps its state in the host page's storage (see embed-storage.ts).
    await page.evaluate(
      (key) => localStorage.setItem(`edgechat:${key}:token`, "vt1.olduser.oldsite.oldmac"),
      site.siteKey,
    );
    await page.reload();
    await page.getByRole("button", { name: "Open chat" }).click();
    await ask(page, "Do you still know me?");
    expect(visitorCalls.map((call) => call.status)).toEqual([401, 201]);
    expect(visitorCalls[0]?.body).toContain("token_expired");
    const stored = await page.evaluate((key) => localStorage.getItem(`edgechat:${key}:token`), site.siteKey);
    expect(stored).toMatch(/^vt2\./);
    await context.close();
  });
});

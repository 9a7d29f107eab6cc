// The widget's visitor token in a real Chromium: it never travels in a URL, and a token the server no longer
// accepts (here: one from before tokens carried an issue time) is replaced by a new visitor's without the
// visitor noticing more than a fresh conversation.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../scripts/lib/local-stack.ts";
import { type HostSite, launchChromiumWithoutThirdPartyCookies, startHostSite } from "../kit/browser/host-site.ts";
import { answerText, expectedAnswer, pacing } from "../kit/browser/site.ts";

const adminToken = "e2e-admin-token";
let stack: LocalStack;
let host: HostSite;
let browser: Awaited<ReturnType<typeof launchChromiumWithoutThirdPartyCookies>>;
let siteKey: string;

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    simulator: { quiet: true, ...pacing },
    vars: { SESSION_SECRET: "e2e-session-secret-0123456789abcdef", ADMIN_TOKEN: adminToken },
  });
  host = await startHostSite(stack.url);
  browser = await launchChromiumWithoutThirdPartyCookies();
  const response = await fetch(`${stack.url}/admin/api/sites`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Shop", allowedOrigins: [host.localhost], theme: { title: "Shop help" } }),
  });
  expect(response.status).toBe(201);
  siteKey = ((await response.json()) as { siteKey: string }).siteKey;
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await stack?.stop();
});

async function ask(page: Page, prompt: string): Promise<void> {
  const frame = page.frameLocator('iframe[src*="/embed/"]');
  await frame.getByRole("textbox", { name: "Message" }).fill(prompt);
  await frame.getByRole("button", { name: "Send", exact: true }).click();
  const answer = frame.getByRole("log").getByRole("article", { name: "Answer" }).last();
  await expect.poll(() => answerText(answer), { timeout: 20_000 }).toBe(expectedAnswer(prompt));
}

describe("the widget's visitor token", () => {
  it("never travels in a URL: the live socket carries it as a subprotocol", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const urls: string[] = [];
    page.on("request", (request) => urls.push(request.url()));
    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    await page.goto(`${host.localhost}/?key=${siteKey}`);
    await page.getByRole("button", { name: "Open chat" }).click();
    await ask(page, "Where is my parcel?");
    expect(sockets.some((url) => url.includes("/live"))).toBe(true);
    for (const url of [...urls, ...sockets]) expect(url).not.toMatch(/[?&]token=/);
    await context.close();
  });

  it("from before issue times is refused, and the widget recovers with a new visitor's token", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const visitorCalls: Array<{ status: number; body: string }> = [];
    page.on("response", async (response) => {
      if (!/\/api\/embed\/[^/]+\/visitor$/.test(response.url())) return;
      visitorCalls.push({ status: response.status(), body: await response.text().catch(() => "") });
    });
    await page.goto(`${host.localhost}/?key=${siteKey}`);
    // A token of the old format (vt1, no issue time), as a visitor's storage may still hold one. With third-party
    // storage blocked the widget keeps its state in the host page's storage (see embed-storage.ts).
    await page.evaluate((key) => localStorage.setItem(`edgechat:${key}:token`, "vt1.olduser.oldsite.oldmac"), siteKey);
    await page.reload();
    await page.getByRole("button", { name: "Open chat" }).click();
    await ask(page, "Do you still know me?");
    expect(visitorCalls.map((call) => call.status)).toEqual([401, 201]);
    expect(visitorCalls[0]?.body).toContain("token_expired");
    const stored = await page.evaluate((key) => localStorage.getItem(`edgechat:${key}:token`), siteKey);
    expect(stored).toMatch(/^vt2\./);
    await context.close();
  });
});

// The console's Sites page, for what a site owner tunes in and reads of their widget: instructions, starter
// questions, the served-by line and the hand-off webhook (its signing secret shown once), knowledge, transcripts and
// hand-offs, in a real Chromium against the Worker (a visitor on a host page makes the traffic).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../scripts/lib/local-stack.ts";
import { launchChromium, watchPageProblems } from "../kit/browser/chromium.ts";
import { openConsolePage, openSection } from "../kit/browser/console.ts";
import { type HostSite, startHostSite } from "../kit/browser/host-site.ts";
import { e2eSessionSecret } from "../kit/constants.ts";

const adminToken = "e2e-console-admin-token";
let stack: LocalStack;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let problems: string[];
let siteId = "";
let siteKey = "";
let host: HostSite;

async function adminApi(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.url}/admin/api${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    simulator: { quiet: true, tokensPerSecond: 400, answerTokens: 20, reasoningTokens: 5 },
    vars: { SESSION_SECRET: e2eSessionSecret, ADMIN_TOKEN: adminToken },
  });
  host = await startHostSite(stack.url);
  const created = await fetch(`${stack.url}/admin/api/sites`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Tea shop", allowedOrigins: [host.localhost] }),
  });
  ({ id: siteId, siteKey } = (await created.json()) as { id: string; siteKey: string });
  browser = await launchChromium();
  const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  problems = watchPageProblems(page);
  await page.goto("/admin");
  await page.getByLabel("Admin token").fill(adminToken);
  await page.getByLabel("Admin token").press("Enter");
  await page.getByRole("navigation", { name: "Console" }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await stack?.stop();
});

describe("console: a site's widget settings", () => {
  it("saves instructions, starter questions and the served-by switch, and shows the webhook secret once", async () => {
    await openConsolePage(page, "Sites");
    await openSection(page, "Widget settings of Tea shop");
    const form = page.getByRole("form", { name: "Widget settings for Tea shop" });
    await form.getByLabel(/^Instructions/).fill("You are the Tea shop's assistant. Answer briefly.");
    await form.getByLabel(/^Starter questions/).fill("Which teas are in stock?\nDo you ship abroad?\n");
    await form.getByLabel(/Served by/).check();
    await form.getByLabel(/^Hand-off webhook URL/).fill("http://localhost:9/hook");
    await form.getByRole("button", { name: "Save widget settings" }).click();

    const secret = form.getByLabel("Webhook signing secret");
    await secret.waitFor();
    expect(await secret.inputValue()).toMatch(/^whsec_/);
    const site = await adminApi(`/sites/${siteId}`);
    expect(site).toMatchObject({
      instructions: "You are the Tea shop's assistant. Answer briefly.",
      starterQuestions: ["Which teas are in stock?", "Do you ship abroad?"],
      showServedBy: true,
      handoffWebhookUrl: "http://localhost:9/hook",
    });
    expect(site).not.toHaveProperty("handoffSecret");

    // Dismissed, it is gone; saving the same URL again keeps the secret, so nothing new is shown.
    await form.getByRole("button", { name: "Done" }).click();
    await form.getByRole("button", { name: "Save widget settings" }).click();
    await form.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await form.getByLabel("Webhook signing secret").count()).toBe(0);
    // Rotating shows a new one.
    await form.getByRole("button", { name: "Rotate webhook secret" }).click();
    await secret.waitFor();
    expect(await secret.inputValue()).toMatch(/^whsec_/);
    expect(problems).toEqual([]);
  });

  it("says which field is wrong when the API refuses a setting", async () => {
    const form = page.getByRole("form", { name: "Widget settings for Tea shop" });
    await form.getByLabel(/^Starter questions/).fill("1\n2\n3\n4\n5");
    await form.getByRole("button", { name: "Save widget settings" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toMatch(/starterQuestions/);
    expect((await adminApi(`/sites/${siteId}`)).starterQuestions).toEqual([
      "Which teas are in stock?",
      "Do you ship abroad?",
    ]);
    problems.splice(0);
  });
});

describe("console: what a site's widget knows and did", () => {
  it("adds a pasted document to the site's knowledge, lists it and deletes it", async () => {
    await openSection(page, "Knowledge of Tea shop");
    const form = page.getByRole("form", { name: "Add knowledge to Tea shop" });
    await form.getByLabel("Document title").fill("Opening hours");
    await form.getByLabel("Document text").fill("The tea shop is open from 9 to 18, Monday to Saturday.");
    await form.getByRole("button", { name: "Add document" }).click();
    const list = page.getByRole("list", { name: "Knowledge of Tea shop" });
    await list.getByText("Opening hours").waitFor();
    expect(await list.textContent()).toContain("pasted text");
    const stored = (await adminApi(`/sites/${siteId}/knowledge`)).data as Array<{ id: string; title: string }>;
    expect(stored.map((doc) => doc.title)).toEqual(["Opening hours"]);

    page.once("dialog", (dialog) => void dialog.accept());
    await list.getByRole("button", { name: "Delete Opening hours" }).click();
    await page.getByText("No documents yet").waitFor();
    expect((await adminApi(`/sites/${siteId}/knowledge`)).data).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("shows a visitor's transcript (searchable) and their hand-off", async () => {
    const visitor = await browser.newContext();
    const hostPage = await visitor.newPage();
    await hostPage.goto(`${host.localhost}/?key=${siteKey}`);
    await hostPage.getByRole("button", { name: "Open chat" }).click();
    const frame = hostPage.frameLocator('iframe[src*="/embed/"]');
    await frame.getByRole("textbox", { name: "Message" }).fill("Do you sell ceremonial matcha?");
    await frame.getByRole("textbox", { name: "Message" }).press("Enter");
    await frame.getByRole("article", { name: "Answer" }).getByRole("button", { name: "Copy answer" }).waitFor({
      timeout: 20_000,
    });
    await frame.getByRole("button", { name: "Talk to a person" }).click();
    await frame.getByRole("textbox", { name: "Your email" }).fill("matcha-fan@example.com");
    await frame.getByRole("textbox", { name: "Note" }).fill("Wholesale prices, please.");
    await frame.getByRole("button", { name: "Send to the team" }).click();
    await frame.getByRole("status").filter({ hasText: "matcha-fan@example.com" }).waitFor();
    await visitor.close();

    await openSection(page, "Transcripts of Tea shop");
    const transcript = page.locator("details.transcript").filter({ hasText: "Do you sell ceremonial matcha?" });
    await transcript.locator("summary").click();
    await transcript.getByText("Visitor: Do you sell ceremonial matcha?").waitFor();
    expect(await transcript.textContent()).toContain("Assistant: This is the edgechat simulator");

    const search = page.getByRole("searchbox", { name: "Search transcripts" });
    await search.fill("oolong");
    await search.press("Enter");
    await page.getByText("No conversation matches.").waitFor();
    await search.fill("matcha");
    await search.press("Enter");
    await expect.poll(() => page.locator("details.transcript").count()).toBe(1);

    await openSection(page, "Hand-offs of Tea shop");
    const row = page.getByRole("table", { name: "Hand-offs of Tea shop" }).getByRole("row").nth(1);
    await row.waitFor();
    expect(await row.textContent()).toContain("matcha-fan@example.com");
    expect(await row.textContent()).toContain("Wholesale prices, please.");
    expect(problems).toEqual([]);
  });
});

// The console's Sites page, for what a site owner tunes in their widget: instructions, starter questions, the
// served-by line and the hand-off webhook (its signing secret shown once), in a real Chromium against the Worker.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../scripts/lib/local-stack.ts";
import { launchChromium, watchPageProblems } from "./helpers/browser.ts";
import { openConsolePage } from "./helpers/console.ts";

const adminToken = "e2e-console-admin-token";
let stack: LocalStack;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let problems: string[];
let siteId = "";

async function adminApi(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.url}/admin/api${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    simulator: { quiet: true, tokensPerSecond: 400, answerTokens: 20, reasoningTokens: 5 },
    vars: { SESSION_SECRET: "e2e-session-secret-0123456789abcdef", ADMIN_TOKEN: adminToken },
  });
  const created = await fetch(`${stack.url}/admin/api/sites`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Tea shop", allowedOrigins: ["https://tea.example"] }),
  });
  siteId = ((await created.json()) as { id: string }).id;
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
  await stack?.stop();
});

describe("console: a site's widget settings", () => {
  it("saves instructions, starter questions and the served-by switch, and shows the webhook secret once", async () => {
    await openConsolePage(page, "Sites");
    await page.getByText("Widget settings of Tea shop").click();
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

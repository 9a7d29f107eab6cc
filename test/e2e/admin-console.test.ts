// The operator console in a real Chromium against `wrangler dev`: sign in with the admin token, watch traffic
// reach the overview chart after a rollup, manage a key and a site end to end, and see a breaker open.
import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../scripts/lib/local-stack.ts";
import { launchChromium, saveScreenshot, watchPageProblems } from "../kit/browser/chromium.ts";
import {
  bodyRows,
  complete as completeAt,
  openConsolePage,
  runHourlyRollup,
  serveHostPage,
} from "../kit/browser/console.ts";
import { composer } from "../kit/browser/site.ts";
import { e2eSessionSecret } from "../kit/constants.ts";

const adminToken = "e2e-console-admin-token";
let stack: LocalStack;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;
let problems: string[];
/** The chat site visitor of the overview test, found and erased on the users page later. */
let chatVisitorId = "";

const complete = (key: string) => completeAt(stack.url, key);
const openPage = (name: string) => openConsolePage(page, name);

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    simulator: { quiet: true, tokensPerSecond: 400, answerTokens: 20, reasoningTokens: 5 },
    vars: {
      SESSION_SECRET: e2eSessionSecret,
      ADMIN_TOKEN: adminToken,
      // Long enough that the providers page still shows "open" when the test looks (default 10 s).
      ROUTING_POLICY: JSON.stringify({ breaker: { openMs: 120_000 } }),
    },
  });
  browser = await launchChromium();
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  problems = watchPageProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("operator console", () => {
  it("signs in with the admin token into a one-hour HttpOnly session, keyboard only", async () => {
    await page.goto("/admin");
    const token = page.getByLabel("Admin token");
    await token.fill("not-the-token");
    await token.press("Enter");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("not the admin token");
    // Chromium logs the refused sign-in's 401; that one is expected, nothing else is.
    expect(problems.splice(0)).toEqual([expect.stringMatching(/status of 401/)]);

    await token.fill(adminToken);
    await token.press("Enter");
    await page.getByRole("navigation", { name: "Console" }).waitFor();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    const cookies = await context.cookies(`${stack.url}/admin`);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: "edgechat_admin", httpOnly: true, sameSite: "Strict", path: "/admin" });
    expect(cookies[0]?.value).not.toContain(adminToken);
    // The page never holds the token: not in storage, not in the document.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).toBe("{}");
    expect(await page.content()).not.toContain(adminToken);
  });

  it("traffic through /v1 and the chat site appears on the overview chart after the rollup runs", async () => {
    const created = await fetch(`${stack.url}/admin/api/keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "overview-traffic" }),
    });
    const { key } = (await created.json()) as { key: string };
    for (let i = 0; i < 3; i++) expect(await complete(key)).toBe(200);

    const visitor = await browser.newContext({ baseURL: stack.url });
    const chat = await visitor.newPage();
    await chat.goto("/");
    await composer(chat).box.fill("Hello from the chat site");
    await composer(chat).send.click();
    await chat.getByRole("article", { name: "Answer" }).getByText("This is the edgechat simulator").waitFor();
    chatVisitorId = await chat.evaluate(async () => ((await (await fetch("/api/me")).json()) as { id: string }).id);
    await visitor.close();

    // The chat site's usage row is written after the answer finishes; the rollup reads what is there.
    await expect
      .poll(
        async () => {
          await runHourlyRollup(stack.url);
          const usage = await fetch(`${stack.url}/admin/api/usage?group=surface`, {
            headers: { authorization: `Bearer ${adminToken}` },
          });
          const report = (await usage.json()) as { totals: { bySurface: Record<string, { requests: number }> } };
          return report.totals.bySurface.site?.requests ?? 0;
        },
        { timeout: 20_000, interval: 500 },
      )
      // The chat site's turn and its title are two metered upstream calls.
      .toBeGreaterThanOrEqual(2);

    await page.getByRole("button", { name: "Refresh" }).click();
    // Columns: name, requests, …
    const bySurface = page.getByRole("table", { name: "By surface" });
    await expect
      .poll(async () => (await bodyRows(bySurface)).map((cells) => cells.slice(0, 2)))
      .toEqual([
        ["api", "3"],
        ["site", "2"],
      ]);

    const chart = page.getByRole("figure", { name: "Requests by surface" });
    expect(await chart.locator("canvas").count()).toBe(1);
    const legend = await chart.locator(".u-legend").textContent();
    expect(legend).toContain("site");
    expect(legend).toContain("api");
    await chart.getByText("Requests by surface as a table").click();
    // One hourly bucket holds the chat site's turn and title and the 3 API requests (columns: time, site, widget, api).
    const buckets = await bodyRows(chart.getByRole("table"));
    expect(buckets.filter(([, site, widget, api]) => site === "2" && widget === "0" && api === "3")).toHaveLength(1);
    expect(await page.getByRole("figure", { name: "Tokens" }).locator("canvas").count()).toBe(1);
    await saveScreenshot(page, "admin-overview");
    expect(problems).toEqual([]);
  });

  it("exports the rolled-up usage as CSV", async () => {
    await openPage("Usage export");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download CSV" }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines[0]).toMatch(/^bucket,surface,.*requests/);
    const header = lines[0]?.split(",") ?? [];
    const rows = lines.slice(1).map((line) => line.split(","));
    const requestsBy = (surface: string) =>
      rows
        .filter((row) => row[header.indexOf("surface")] === surface)
        .reduce((sum, row) => sum + Number(row[header.indexOf("requests")]), 0);
    expect([requestsBy("api"), requestsBy("site")]).toEqual([3, 2]);
  });

  it("a key created in the console works against /v1, and its edited rpm is enforced", async () => {
    await openPage("Keys");
    await page.getByLabel("Name", { exact: true }).fill("console-made");
    await page.getByLabel("Requests per minute").first().fill("100");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = await page.getByLabel("New key secret").inputValue();
    expect(secret).toMatch(/^ec_/);
    await page.getByRole("button", { name: "Done" }).click();
    expect(await page.getByLabel("New key secret").count()).toBe(0);

    const before = [await complete(secret), await complete(secret), await complete(secret)];
    expect(before).toEqual([200, 200, 200]);

    await page.getByRole("button", { name: "Edit console-made" }).click();
    const edit = page.getByRole("form", { name: "Edit console-made" });
    await edit.getByLabel("Requests per minute").fill("2");
    await edit.getByRole("button", { name: "Save" }).click();
    await page
      .getByRole("row", { name: /^console-made / })
      .getByText("2", { exact: true })
      .waitFor();

    const after = [await complete(secret), await complete(secret), await complete(secret)];
    expect(after.at(-1)).toBe(429);
    expect(problems).toEqual([]);
  });

  it("rotating a key in the console retires the old secret; revoking it retires the key", async () => {
    await page.getByLabel("Name", { exact: true }).fill("console-rotated");
    await page.getByRole("button", { name: "Create key" }).click();
    const first = await page.getByLabel("New key secret").inputValue();
    await page.getByRole("button", { name: "Done" }).click();
    expect(await complete(first)).toBe(200);

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Rotate console-rotated" }).click();
    const second = await page.getByLabel("New key secret").inputValue();
    expect(second).not.toBe(first);
    await page.getByRole("button", { name: "Done" }).click();
    expect([await complete(first), await complete(second)]).toEqual([401, 200]);

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Revoke console-rotated" }).click();
    await page.getByRole("button", { name: "Revoke console-rotated" }).waitFor({ state: "detached" });
    expect(await complete(second)).toBe(401);
    expect(problems).toEqual([]);
  });

  it("a site created in the console serves its copied embed snippet on a host page", async () => {
    const host = await serveHostPage();
    try {
      await openPage("Sites");
      const form = page.getByRole("form", { name: "Register a site" });
      await form.getByLabel("Site name").fill("Console shop");
      await form.getByLabel("Allowed origins").fill(host.origin);
      await form.getByLabel("Widget title").fill("Console shop help");
      await form.getByRole("button", { name: "Create site" }).click();
      const snippet = await page.getByLabel("Embed snippet for Console shop", { exact: true }).inputValue();
      expect(snippet).toMatch(
        /^<script src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-site-key="ws_[^"]+" async><\/script>$/,
      );
      host.body = `<!doctype html><title>Shop</title><h1>Shop</h1>${snippet}`;

      const visitor = await browser.newContext();
      const hostPage = await visitor.newPage();
      await hostPage.goto(host.origin);
      await hostPage.getByRole("button", { name: "Open chat" }).click();
      await hostPage.getByRole("dialog", { name: "Console shop help" }).waitFor();
      const frame = hostPage.frameLocator('iframe[src*="/embed/"]');
      await frame.getByRole("textbox", { name: "Message" }).fill("Is this the console's site?");
      await frame.getByRole("button", { name: "Send", exact: true }).click();
      await frame.getByRole("article", { name: "Answer" }).getByText("This is the edgechat simulator").waitFor();
      await visitor.close();
      expect(problems).toEqual([]);
    } finally {
      await host.close();
    }
  });

  it("finds the chat visitor by id, changes their plan and erases them", async () => {
    await openPage("Users");
    await page.getByLabel("Visitor id").fill(chatVisitorId);
    await page.getByRole("button", { name: "Find" }).click();
    const card = page.getByRole("heading", { name: `Visitor ${chatVisitorId}` });
    await card.waitFor();
    await page.getByLabel("New plan").selectOption("pro");
    await page.getByRole("button", { name: "Change plan" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toBe("Plan changed to pro.");

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Erase visitor" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/erased with 1 conversations/);
    const gone = await fetch(`${stack.url}/admin/api/users?id=${chatVisitorId}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(gone.status).toBe(404);
  });

  it("works at 360 px: no sideways scrolling on any page", async () => {
    const narrow = await context.newPage();
    await narrow.setViewportSize({ width: 360, height: 740 });
    for (const path of ["/admin", "/admin/keys", "/admin/sites", "/admin/users", "/admin/providers", "/admin/export"]) {
      await narrow.goto(path);
      await narrow.locator("main h1").waitFor();
      const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      if (path === "/admin" || path === "/admin/keys")
        await saveScreenshot(narrow, `admin-360${path.replace(/\//g, "-")}`);
    }
    await narrow.close();
  });

  it("the providers page shows an open breaker after the simulator fails, and explains the route", async () => {
    await stack.simulator?.close();
    const created = await fetch(`${stack.url}/admin/api/keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "breaker-trip" }),
    });
    const { key } = (await created.json()) as { key: string };
    for (let i = 0; i < 4; i++) expect(await complete(key)).toBeGreaterThanOrEqual(500);

    await openPage("Providers");
    const deepseek = page.getByRole("table", { name: "Targets" }).getByRole("row", { name: /^deepseek / });
    await expect.poll(() => deepseek.textContent()).toContain("open");
    expect(await page.getByRole("list", { name: "Recent failures" }).textContent()).toContain("deepseek");

    const explainer = page.getByRole("form", { name: "Explain a route" });
    await explainer.getByLabel("Plan").fill("free");
    await explainer.getByLabel("Model").fill("deepseek-flash");
    await explainer.getByLabel("Country").fill("DE");
    await explainer.getByRole("button", { name: "Explain" }).click();
    const exclusions = page.getByRole("list", { name: "Exclusions" });
    await exclusions.waitFor();
    expect(await exclusions.textContent()).toMatch(/deepseek/);
    await saveScreenshot(page, "admin-providers");
    expect(problems).toEqual([]);
  });

  it("signs out: the cookie is gone and the API refuses the page", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Admin token").waitFor();
    expect(await context.cookies(`${stack.url}/admin`)).toEqual([]);
    const status = await page.evaluate(async () => (await fetch("/admin/api/keys")).status);
    expect(status).toBe(401);
  });
});

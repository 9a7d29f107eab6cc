// Cloudflare Turnstile before a new visitor's first message, in a real Chromium against the local stack.
// Nothing contacts the internet: Turnstile's script is served by a stand-in (Playwright answers requests to
// challenges.cloudflare.com) and the Worker's siteverify URL points at a local stand-in server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalStack } from "../../scripts/lib/local-stack.ts";
import { launchChromium, saveScreenshot, watchPageProblems } from "../kit/browser/chromium.ts";
import { composer, lastAnswer, newVisitor, pacing, type SiteFixture } from "../kit/browser/site.ts";
import { e2eSessionSecret } from "../kit/constants.ts";
import { standInSecret, startTurnstileStandIn, type TurnstileStandIn } from "../kit/stand-ins/turnstile.ts";

// Turnstile's client API as far as the page uses it: render, reset, remove. A "visitor" solves the challenge
// when the test calls standInSolve(outcome); until then every token it hands out fails siteverify.
const standInScript = `
(() => {
  const widgets = new Map();
  let issued = 0;
  const hand = (outcome) => { for (const options of widgets.values()) options.callback(outcome + "-" + Date.now() + "-" + issued++); };
  window.standInSolve = hand;
  window.turnstile = {
    render(container, options) {
      const id = "stand-in-" + widgets.size;
      const box = document.createElement("div");
      box.textContent = "Stand-in human check";
      container.append(box);
      widgets.set(id, options);
      setTimeout(() => hand("fail"), 0);
      return id;
    },
    reset() { setTimeout(() => hand("fail"), 0); },
    remove(id) { widgets.delete(id); },
  };
})();
`;

let site: SiteFixture;
let standIn: TurnstileStandIn;

beforeAll(async () => {
  standIn = await startTurnstileStandIn();
  const stack = await startLocalStack({
    port: 0,
    simulator: { quiet: true, ...pacing },
    vars: {
      SESSION_SECRET: e2eSessionSecret,
      TURNSTILE_SITE_KEY: "stand-in-site-key",
      TURNSTILE_SECRET_KEY: standInSecret,
      TURNSTILE_VERIFY_URL: standIn.verifyUrl,
    },
  });
  const browser = await launchChromium();
  site = {
    stack,
    browser,
    async close() {
      await browser.close();
      await stack.stop();
    },
  };
});

afterAll(async () => {
  await site?.close();
  await standIn?.close();
});

describe("chat site with Turnstile on", () => {
  it("shows a clear failure state with the check to retry, then sends once the visitor passes", async () => {
    const context = await newVisitor(site);
    await context.route("https://challenges.cloudflare.com/**", (route) =>
      route.fulfill({ contentType: "text/javascript", body: standInScript }),
    );
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    const shell = await page.goto("/");
    expect(shell?.headers()["content-security-policy"]).toContain("https://challenges.cloudflare.com");
    const check = page.getByRole("region", { name: "Human check" });
    await check.getByText("Stand-in human check").waitFor();

    const { box, send } = composer(page);
    await box.fill("Hello, are you there?");
    const refused = page.waitForResponse(
      (response) => response.request().method() === "POST" && response.url().endsWith("/api/conversations"),
    );
    await send.click();
    expect((await refused).status()).toBe(403);
    await check.getByRole("alert").filter({ hasText: "We could not confirm you are human" }).waitFor();
    // The check is still there to retry, the message still in the box, and nothing was created.
    await check.getByText("Stand-in human check").waitFor();
    expect(await box.inputValue()).toBe("Hello, are you there?");
    expect(page.url()).toMatch(/\/$/);
    await saveScreenshot(page, "desktop-light-turnstile-failed");

    await page.evaluate(() => (Reflect.get(window, "standInSolve") as (outcome: string) => void)("pass"));
    const accepted = page.waitForResponse(
      (response) => response.request().method() === "POST" && /\/messages$/.test(response.url()),
    );
    await send.click();
    expect((await accepted).status()).toBe(202);
    await page.waitForURL(/\/c\//);
    await expect.poll(async () => (await lastAnswer(page).textContent()) ?? "", { timeout: 30_000 }).not.toBe("");
    expect(await page.getByRole("region", { name: "Human check" }).count()).toBe(0);
    // The Worker checked each token with siteverify, with our secret and the visitor's address.
    expect(standIn.calls.length).toBeGreaterThanOrEqual(2);
    expect(standIn.calls.every((call) => call.secret === standInSecret)).toBe(true);
    expect(problems.filter((problem) => !problem.includes("403"))).toEqual([]);
    await context.close();
  });
});

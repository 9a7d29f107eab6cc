// The embeddable widget in a real Chromium: a third-party page with a strict CSP embeds it with one script tag.
// The Worker runs at http://127.0.0.1:W; the host page at http://localhost:H (another site, so the frame is
// third-party and third-party cookies are blocked) — and at http://127.0.0.1:H, an origin the site does not allow.
import type { BrowserContext, FrameLocator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
// The loader's types, which also declare `window.EdgeChat` for the page.evaluate callbacks below.
import type { WidgetMessage } from "../../src/ui/widget/loader.ts";
import { answerText, expectedAnswer } from "../kit/browser/site.ts";
import { useWidgetSite } from "../kit/browser/widget-site.ts";

const site = useWidgetSite();

async function visit(
  origin: string,
  path = "/",
  extra = "",
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${origin}${path}?key=${site.siteKey}${extra}`);
  return { context, page, problems };
}

function chat(page: Page): FrameLocator {
  return page.frameLocator('iframe[src*="/embed/"]');
}

function lastAnswer(frame: FrameLocator) {
  return frame.getByRole("log").getByRole("article", { name: "Answer" }).last();
}

async function focusedInWidget(page: Page): Promise<string> {
  return page.evaluate(() => {
    const widget = document.querySelector("[data-edgechat]");
    if (document.activeElement !== widget) return `outside:${document.activeElement?.tagName ?? "none"}`;
    const inner = widget?.shadowRoot?.activeElement;
    return inner ? `${inner.tagName.toLowerCase()}:${inner.getAttribute("aria-label") ?? inner.className}` : "none";
  });
}

describe("widget on a third-party page", () => {
  it("opens from the launcher under the host's strict CSP and streams an answer, identified without cookies", async () => {
    const { context, page, problems } = await visit(site.host.localhost);
    await page.getByRole("button", { name: "Open chat" }).click();
    const frame = chat(page);
    const prompt = "Do you ship to Canada?";
    await frame.getByRole("textbox", { name: "Message" }).fill(prompt);
    await frame.getByRole("button", { name: "Send", exact: true }).click();

    const answer = lastAnswer(frame);
    await expect.poll(() => answerText(answer), { timeout: 20_000 }).toMatch(/^This is the edgechat simulator/);
    const partial = await answerText(answer);
    expect(partial.length).toBeLessThan(expectedAnswer(prompt).length);
    await expect.poll(() => answerText(answer), { timeout: 20_000 }).toBe(expectedAnswer(prompt));
    expect(await page.getByRole("dialog", { name: "Shop help" }).isVisible()).toBe(true);

    // The launcher really is styled by the stylesheet from HOST (a blocked style would leave it transparent).
    const background = await page
      .getByRole("button", { name: "Open chat" })
      .evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(background).toBe("rgb(11, 87, 208)");
    expect(await context.cookies(site.stack.url)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("keeps the conversation across reloads and navigation, and “New conversation” starts over", async () => {
    const { context, page } = await visit(site.host.localhost);
    await page.getByRole("button", { name: "Open chat" }).click();
    const prompt = "Remember me";
    await chat(page).getByRole("textbox", { name: "Message" }).fill(prompt);
    await chat(page).getByRole("textbox", { name: "Message" }).press("Enter");
    await expect.poll(() => answerText(lastAnswer(chat(page))), { timeout: 20_000 }).toBe(expectedAnswer(prompt));

    await page.reload();
    await page.getByRole("button", { name: "Open chat" }).click();
    await expect
      .poll(() => chat(page).getByRole("article", { name: "Your message" }).allInnerTexts())
      .toEqual([prompt]);
    await page.getByRole("link", { name: "Other page" }).click();
    await page.getByRole("button", { name: "Open chat" }).click();
    await expect.poll(() => answerText(lastAnswer(chat(page)))).toBe(expectedAnswer(prompt));

    // Chromium denies this third-party frame its storage, so the loader keeps the state in the host page's.
    const hostKeys = await page.evaluate(() => Object.keys(localStorage).sort());
    expect(hostKeys).toEqual([`edgechat:${site.siteKey}:conversation`, `edgechat:${site.siteKey}:token`]);

    await chat(page).getByRole("button", { name: "New conversation" }).click();
    expect(await chat(page).getByRole("article").count()).toBe(0);
    await page.reload();
    await page.getByRole("button", { name: "Open chat" }).click();
    await expect.poll(() => chat(page).getByRole("textbox", { name: "Message" }).isVisible()).toBe(true);
    expect(await chat(page).getByRole("article").count()).toBe(0);
    await context.close();
  });

  it("gets no chat on an origin the site does not allow: no launcher, and the browser refuses the frame", async () => {
    const { context, page } = await visit(site.host.loopback);
    await expect.poll(() => page.evaluate(() => typeof window.EdgeChat)).toBe("object");
    await expect
      .poll(() =>
        page.locator("[data-edgechat] link").evaluate((link) => link instanceof HTMLLinkElement && link.sheet !== null),
      )
      .toBe(true);
    expect(await page.getByRole("button", { name: "Open chat" }).isVisible()).toBe(false);
    const refused = page.waitForEvent("console", {
      predicate: (message) => message.text().includes("frame-ancestors"),
      timeout: 15_000,
    });
    // Forcing it open through the API shows the real guarantee: the browser itself refuses to frame the chat.
    await page.evaluate(() => window.EdgeChat?.open());
    expect((await refused).text()).toContain("frame-ancestors");
    const embed = page.frames().find((frame) => frame.url().includes("/embed/"));
    expect(embed).toBeUndefined();
    expect(await chat(page).getByRole("textbox", { name: "Message" }).count()).toBe(0);
    await context.close();
  });

  it("works with the keyboard alone: Tab to the launcher, Enter, type, focus stays in the panel, Escape returns", async () => {
    const { context, page } = await visit(site.host.localhost);
    await page.getByRole("button", { name: "Open chat" }).waitFor();
    await page.locator("#before").focus();
    await page.keyboard.press("Tab");
    expect(await focusedInWidget(page)).toBe("button:Open chat");
    await page.keyboard.press("Enter");
    const box = chat(page).getByRole("textbox", { name: "Message" });
    await expect
      .poll(() => box.evaluate((element) => element === document.activeElement && document.hasFocus()))
      .toBe(true);
    await page.keyboard.type("Hello by keyboard");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => answerText(lastAnswer(chat(page))), { timeout: 20_000 })
      .toBe(expectedAnswer("Hello by keyboard"));

    // Tab around the whole panel more than once: focus never leaves the widget, and passes its close button.
    // The chat frame is cross-site (its own process): Chromium hands focus back to the host page
    // asynchronously, so each step reads where focus settles, not the instant of the hand-off.
    const seen = new Set<string>();
    for (let step = 0; step < 12; step++) {
      await page.keyboard.press("Tab");
      await expect.poll(() => focusedInWidget(page), { timeout: 2_000 }).not.toMatch(/^outside/);
      seen.add(await focusedInWidget(page));
    }
    expect(seen).toContain("button:Close chat");
    for (let step = 0; step < 6; step++) {
      await page.keyboard.press("Shift+Tab");
      await expect.poll(() => focusedInWidget(page), { timeout: 2_000 }).not.toMatch(/^outside/);
    }

    await box.focus();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
    expect(await focusedInWidget(page)).toBe("button:Open chat");
    expect(await page.getByRole("button", { name: "Open chat" }).getAttribute("aria-expanded")).toBe("false");
    await context.close();
  });

  it("exposes only window.EdgeChat, whose API opens, sends and reports messages; data attributes apply", async () => {
    const plain = await visit(site.host.localhost, "/plain");
    const baseline = await plain.page.evaluate(() => Object.keys(window));
    await plain.context.close();

    const { context, page } = await visit(
      site.host.localhost,
      "/",
      "&data-color=%23ff0000&data-position=left&data-open-on-load=true",
    );
    await expect.poll(() => page.getByRole("dialog").count()).toBe(1);
    const added = await page.evaluate((known) => Object.keys(window).filter((name) => !known.includes(name)), baseline);
    expect(added).toEqual(["EdgeChat"]);
    const launcher = page.getByRole("button", { name: "Open chat" });
    expect(await launcher.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe("rgb(255, 0, 0)");
    const box = await launcher.boundingBox();
    expect(box?.x ?? 9999).toBeLessThan(100);

    await page.evaluate(() => {
      const log: Array<WidgetMessage | string | undefined> = [];
      Object.assign(window, { widgetLog: log });
      window.EdgeChat?.on("message", (detail) => log.push(detail));
      window.EdgeChat?.on("close", () => log.push("close"));
      window.EdgeChat?.send("Sent by the host page");
    });
    const expected = expectedAnswer("Sent by the host page");
    await expect
      .poll(() => page.evaluate(() => JSON.stringify(Reflect.get(window, "widgetLog"))), { timeout: 20_000 })
      .toContain(JSON.stringify(expected).slice(1, 40));
    const log: unknown = await page.evaluate(() => Reflect.get(window, "widgetLog"));
    expect(log).toMatchObject([
      { role: "user", content: "Sent by the host page" },
      { role: "assistant", content: expect.stringContaining("edgechat simulator") },
    ]);
    await page.evaluate(() => window.EdgeChat?.close());
    expect(await page.evaluate(() => Reflect.get(window, "widgetLog"))).toContain("close");
    await context.close();
  });
});

describe("widget on a same-site page (another port of 127.0.0.1)", () => {
  it("keeps the visitor in the frame's own storage, never in the host page's", async () => {
    const created = await fetch(`${site.stack.url}/admin/api/sites`, {
      method: "POST",
      headers: { authorization: `Bearer ${site.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Loopback shop", allowedOrigins: [site.host.loopback] }),
    });
    const loopbackKey = ((await created.json()) as { siteKey: string }).siteKey;
    const context = await site.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.host.loopback}/?key=${loopbackKey}`);
    await page.getByRole("button", { name: "Open chat" }).click();
    await chat(page).getByRole("textbox", { name: "Message" }).fill("Same site");
    await chat(page).getByRole("textbox", { name: "Message" }).press("Enter");
    await expect.poll(() => answerText(lastAnswer(chat(page))), { timeout: 20_000 }).toBe(expectedAnswer("Same site"));
    await page.reload();
    await page.getByRole("button", { name: "Open chat" }).click();
    await expect
      .poll(() => chat(page).getByRole("article", { name: "Your message" }).allInnerTexts())
      .toEqual(["Same site"]);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    expect(await context.cookies(site.stack.url)).toEqual([]);
    await context.close();
  });
});

describe("widget on a phone", () => {
  it("opens the panel full-screen", async () => {
    const context = await site.browser.newContext({
      viewport: { width: 390, height: 760 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${site.host.localhost}/?key=${site.siteKey}`);
    await page.getByRole("button", { name: "Open chat" }).click();
    const panel = await page.getByRole("dialog").boundingBox();
    expect(panel).toEqual({ x: 0, y: 0, width: 390, height: 760 });
    await context.close();
  });
});

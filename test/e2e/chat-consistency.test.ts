// What the chat site shows stays consistent in a real Chromium: the header and the sidebar agree on a
// conversation's title (after a rename, and when the title arrives before the page follows the stream), search
// lists a conversation once, and a long code line stays reachable on a 360 px phone.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { launchChromium } from "../kit/browser/chromium.ts";
import { answered, lastAnswer, newVisitor, openChat, sendMessage, useSite } from "../kit/browser/site.ts";

const site = useSite();

function header(page: Page) {
  return page.getByRole("heading", { level: 1 });
}

/** Waits for the title written after the first answer (the header leaves "New chat") and returns it. */
async function generatedTitle(page: Page): Promise<string> {
  await expect.poll(() => header(page).textContent(), { timeout: 15_000 }).not.toMatch(/^(New chat|Loading…)$/);
  return (await header(page).textContent()) ?? "";
}

function sidebar(page: Page) {
  return page.getByRole("navigation", { name: "Conversations" });
}

describe("chat site: consistency", () => {
  it("renaming a conversation in the sidebar renames it in the header too", async () => {
    const { context, page } = await openChat(site);
    await sendMessage(page, "Rename me later");
    await answered(page);
    await generatedTitle(page);

    await sidebar(page).getByRole("button", { name: "Rename conversation" }).first().click();
    const field = page.getByRole("textbox", { name: "Conversation title" });
    await field.fill("Holiday plans");
    await field.press("Enter");
    await sidebar(page).getByRole("link", { name: "Holiday plans" }).waitFor();
    await expect.poll(() => header(page).textContent()).toBe("Holiday plans");
    await expect.poll(() => page.title()).toBe("Holiday plans · edgechat");
    await context.close();
  });

  it("a conversation created while the sidebar's first page is loading is listed once", async () => {
    const context = await newVisitor(site);
    const page = await context.newPage();
    // The order a slow network can produce: the conversation is created, then the list's first page is read
    // (so it holds the new, still empty conversation), and only then is the first message accepted.
    let created = () => {};
    const creation = new Promise<void>((resolve) => (created = resolve));
    let listed = () => {};
    const firstPage = new Promise<void>((resolve) => (listed = resolve));
    page.on("response", (response) => {
      if (response.request().method() === "POST" && /\/api\/conversations$/.test(response.url())) created();
    });
    page.on("requestfinished", (request) => {
      if (request.method() === "GET" && /\/api\/conversations\?/.test(request.url())) listed();
    });
    await page.route(/\/api\/conversations\?/, async (route) => {
      await creation;
      await route.continue();
    });
    await page.route(/\/api\/conversations\/[^/]+\/messages$/, async (route) => {
      await firstPage;
      await route.continue();
    });
    await page.goto("/");
    await sendMessage(page, "Count me once");
    await answered(page);
    await generatedTitle(page);
    expect(await sidebar(page).getByRole("link").count()).toBe(1);
    await context.close();
  });

  it("a title generated before the page follows the stream reaches the sidebar as well as the header", async () => {
    const context = await newVisitor(site);
    const page = await context.newPage();
    // The conversation's first load answers only once its title is written (as with a fast answer, or a slow
    // network), so the title's live event is already in the past when the page starts following the stream.
    await page.route(/\/api\/conversations\/[^/?]+$/, async (route) => {
      if (route.request().method() === "GET") {
        await expect
          .poll(async () => (await (await context.request.get(route.request().url())).json()).title, {
            timeout: 20_000,
          })
          .not.toBe("New chat");
      }
      await route.continue();
    });
    await page.goto("/");
    await sendMessage(page, "Quick question about tea");
    const title = await generatedTitle(page);
    await expect.poll(() => sidebar(page).getByRole("link").first().textContent(), { timeout: 5_000 }).toBe(title);
    expect(title).not.toBe("New chat");
    await context.close();
  });

  it("search lists a conversation once, however many of its messages match", async () => {
    const { context, page } = await openChat(site);
    await sendMessage(page, "Tell me about mangosteens");
    await answered(page);
    const title = await generatedTitle(page);
    await sendMessage(page, "More about mangosteens please");
    await answered(page);
    await page.getByRole("button", { name: "New chat" }).click();
    await page.waitForURL(/\/$/);

    // Both questions, both answers (they echo the question) and the title match.
    await page.getByRole("searchbox", { name: "Search conversations" }).fill("mangosteens");
    const links = sidebar(page).getByRole("link");
    // Results replace the list once they arrive: each shows a snippet after the title.
    await expect.poll(() => links.first().textContent(), { timeout: 5_000 }).not.toBe(title);
    expect(await links.count()).toBe(1);
    await context.close();
  });

  it("a long code line scrolls sideways inside its block on a 360 px phone instead of being cut off", async () => {
    // Scrollbars as a phone draws them: overlays that take no room and show only while scrolling.
    const phone = await launchChromium([], { showScrollbars: true });
    const context = await phone.newContext({
      baseURL: site.stack.url,
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto("/");
    await sendMessage(page, "Show me code [[markdown]]");
    await answered(page);
    const pre = lastAnswer(page).locator(".code-block pre");
    const layout = await pre.evaluate((element: HTMLElement) => {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      element.scrollLeft = element.scrollWidth;
      return {
        right: box.right,
        viewport: document.documentElement.clientWidth,
        overflowX: style.overflowX,
        wider: element.scrollWidth > element.clientWidth,
        scrolled: element.scrollLeft,
        // A classic scrollbar takes room below the content; an overlay one (phones) would be invisible at rest.
        scrollbar: element.offsetHeight - element.clientHeight - Number.parseFloat(style.borderBottomWidth || "0"),
      };
    });
    expect(layout.right).toBeLessThanOrEqual(layout.viewport);
    expect(layout.wider).toBe(true);
    expect(["auto", "scroll"]).toContain(layout.overflowX);
    expect(layout.scrolled).toBeGreaterThan(0);
    // A scrollbar that is always drawn shows that the line goes on.
    expect(layout.scrollbar).toBeGreaterThan(0);
    await phone.close();
  });
});

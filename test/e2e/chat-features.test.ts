// The chat site's features in a real Chromium: branches, share pages, sidebar management, history,
// the phone layout and the rate-limit state; saves screenshots of the main states for a person to review.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { saveScreenshot } from "../kit/browser/chromium.ts";
import {
  answered,
  answerText,
  composer,
  expectedAnswer,
  lastAnswer,
  newVisitor,
  openChat,
  sendMessage,
  useSite,
} from "../kit/browser/site.ts";

const site = useSite();

/** The visitor's message bubbles in the log. */
function questions(page: Page) {
  return page.getByRole("log").getByRole("article", { name: "Your message" });
}

describe("chat site: features", () => {
  it("edit-and-resend makes a new branch with a ‹ 2/2 › switcher; regenerate adds an answer version", async () => {
    const { context, page } = await openChat(site);
    await sendMessage(page, "First question");
    await answered(page);

    const log = page.getByRole("log");
    await log.getByRole("article", { name: "Your message" }).getByRole("button", { name: "Edit" }).click();
    await page.getByRole("textbox", { name: "Edit message" }).fill("Edited question");
    await page.getByRole("button", { name: "Save and send" }).click();
    await expect.poll(() => answerText(lastAnswer(page)), { timeout: 20_000 }).toBe(expectedAnswer("Edited question"));
    await answered(page);
    const question = log.getByRole("article", { name: "Your message" });
    await expect.poll(() => question.locator(".branch-count").textContent()).toBe("2/2");

    await question.getByRole("button", { name: "Previous version" }).click();
    expect(await question.locator(".bubble").textContent()).toBe("First question");
    expect(await question.locator(".branch-count").textContent()).toBe("1/2");
    expect(await answerText(lastAnswer(page))).toBe(expectedAnswer("First question"));

    await lastAnswer(page).getByRole("button", { name: "Regenerate" }).click();
    await expect.poll(() => lastAnswer(page).locator(".branch-count").textContent({ timeout: 20_000 })).toBe("2/2");
    await answered(page);
    // The chosen branch is remembered by the server: a reload shows the same one.
    await page.reload();
    await expect
      .poll(() => log.getByRole("article", { name: "Your message" }).locator(".bubble").textContent())
      .toBe("First question");
    await context.close();
  });

  it("shares a read-only page at /s/:id and revokes it", async () => {
    const { context, page } = await openChat(site);
    await sendMessage(page, "Something worth sharing");
    await answered(page);
    await page.getByRole("button", { name: "Share" }).click();
    await page.getByRole("button", { name: "Create share link" }).click();
    const link = page.locator(".share-url");
    await link.waitFor();
    const url = (await link.textContent()) ?? "";
    expect(url).toMatch(/\/s\/[\w-]+$/);

    const stranger = await newVisitor(site);
    const shared = await stranger.newPage();
    await shared.goto(url);
    await questions(shared).getByText("Something worth sharing").waitFor();
    expect(await answerText(lastAnswer(shared))).toBe(expectedAnswer("Something worth sharing"));
    expect(await shared.getByRole("textbox", { name: "Message" }).count()).toBe(0);

    await page.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => link.count()).toBe(0);
    await shared.reload();
    await shared.getByText("This share link does not exist or was revoked.").waitFor();
    await stranger.close();
    await context.close();
  });

  it("renames and deletes conversations from the sidebar (with confirmation), and back/forward reopen them", async () => {
    const { context, page } = await openChat(site);
    await sendMessage(page, "Conversation one");
    await answered(page);
    const firstUrl = page.url();
    await page.getByRole("button", { name: "New chat" }).click();
    await page.waitForURL(/\/$/);
    await sendMessage(page, "Conversation two");
    await answered(page);
    const secondUrl = page.url();
    expect(secondUrl).not.toBe(firstUrl);

    await page.goBack();
    await page.waitForURL(/\/$/);
    await page.goBack();
    await page.waitForURL(firstUrl);
    await questions(page).getByText("Conversation one").waitFor();
    await page.goForward();
    await page.goForward();
    await page.waitForURL(secondUrl);
    await questions(page).getByText("Conversation two").waitFor();

    const nav = page.getByRole("navigation", { name: "Conversations" });
    await expect.poll(() => nav.getByRole("link").count()).toBe(2);
    const current = nav.getByRole("listitem").filter({ has: page.locator('a[aria-current="page"]') });
    await current.getByRole("button", { name: "Rename conversation" }).click();
    await page.getByRole("textbox", { name: "Conversation title" }).fill("Renamed by the test");
    await page.keyboard.press("Enter");
    await nav.getByRole("link", { name: "Renamed by the test" }).waitFor();
    await page.reload();
    await nav.getByRole("link", { name: "Renamed by the test" }).waitFor();

    const renamed = nav.getByRole("listitem").filter({ hasText: "Renamed by the test" });
    await renamed.getByRole("button", { name: "Delete conversation" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete this conversation?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await nav.getByRole("link", { name: "Renamed by the test" }).count()).toBe(1);
    await renamed.getByRole("button", { name: "Delete conversation" }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(/\/$/);
    await expect.poll(() => nav.getByRole("link").count()).toBe(1);
    await page.reload();
    await expect.poll(() => nav.getByRole("link").count()).toBe(1);
    await context.close();
  });

  it("saves screenshots of the main states: desktop light, desktop dark, phone", async () => {
    const context = await newVisitor(site);
    const page = await context.newPage();
    const chunks: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/assets/chunks/")) chunks.push(request.url());
    });
    await page.goto("/");
    await saveScreenshot(page, "desktop-light-empty");
    // No lazy chunk on first load. esbuild's shared chunks (`chunk-<hash>.js`, code a lazy chunk shares with the
    // page) are imported statically by app.js: part of the first load, counted by the budget test.
    expect(chunks.filter((url) => !/\/chunks\/chunk-[A-Z0-9]+\.js$/.test(url))).toEqual([]);
    await page.getByRole("button", { name: "DeepThink" }).click();
    await sendMessage(page, "Show me some [[markdown]] please");
    await page.getByRole("button", { name: "Thinking…" }).waitFor();
    await saveScreenshot(page, "desktop-light-thinking");
    await answered(page);
    await page.getByRole("button", { name: /^Thought for/ }).click();
    // The highlighter is fetched only once a code block is on screen.
    await page.locator('code[data-highlighted="true"]').waitFor();
    expect(chunks.some((url) => url.includes("highlight"))).toBe(true);
    await saveScreenshot(page, "desktop-light-answer");
    const address = page.url();
    await context.close();

    const dark = await newVisitor(site, { dark: true });
    const darkPage = await dark.newPage();
    await darkPage.goto("/");
    await sendMessage(darkPage, "Dark mode [[markdown]]");
    await answered(darkPage);
    await saveScreenshot(darkPage, "desktop-dark-answer");
    expect(address).toMatch(/\/c\//);
    await dark.close();
  });

  it("works on a 360 px wide phone without horizontal scrolling", async () => {
    const { context, page } = await openChat(site, { width: 360, height: 740 });
    await saveScreenshot(page, "phone-empty");
    await sendMessage(page, "A very long word Pneumonoultramicroscopicsilicovolcanoconiosis-and-more and [[markdown]]");
    await answered(page);
    await saveScreenshot(page, "phone-answer");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await page.getByRole("button", { name: "Show conversations" }).click();
    await page.getByRole("navigation", { name: "Conversations" }).getByRole("link").first().waitFor();
    await saveScreenshot(page, "phone-sidebar");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(
      0,
    );
    // The drawer takes focus and Escape closes it.
    const newChat = page.getByRole("button", { name: "New chat" });
    await expect.poll(() => newChat.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("navigation", { name: "Conversations" }).isVisible()).toBe(false);
    await context.close();
  });

  it("shows the rate limit with a countdown when the visitor has sent too many messages", async () => {
    const context = await newVisitor(site);
    // Use up this visitor's free messages per minute through the API; the page then shares the cookie.
    expect((await context.request.get("/api/me")).status()).toBe(200);
    for (let sent = 0; sent < 20; sent++) {
      const created = await context.request.post("/api/conversations", { data: {} });
      const { id } = (await created.json()) as { id: string };
      const answer = await context.request.post(`/api/conversations/${id}/messages`, {
        data: { content: "quota", model: "deepseek-chat" },
      });
      if (answer.status() === 429) break;
      expect(answer.status()).toBe(202);
    }
    const page = await context.newPage();
    await page.goto("/");
    const { box, send } = composer(page);
    await box.fill("One more, please");
    await send.click();
    const alert = page.getByRole("alert").filter({ hasText: "You can send again in" });
    await alert.waitFor();
    const first = Number(await alert.locator(".countdown").textContent());
    expect(first).toBeGreaterThan(0);
    await expect
      .poll(() => alert.locator(".countdown").textContent().then(Number), { timeout: 5000 })
      .toBeLessThan(first);
    expect(await send.isDisabled()).toBe(true);
    expect(await box.inputValue()).toBe("One more, please");
    await saveScreenshot(page, "desktop-light-rate-limited");
    await context.close();
  });
});

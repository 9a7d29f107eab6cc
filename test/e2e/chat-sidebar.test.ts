// The conversation sidebar and conversation menu in a real Chromium: infinite scroll, search, export.
import { describe, expect, it } from "vitest";
import { lastAnswer, newVisitor, openChat, sendMessage, useSite } from "../kit/browser/site.ts";

const site = useSite();

describe("chat site: sidebar", () => {
  it("lists conversations newest first and loads older ones when scrolled to the end", async () => {
    const context = await newVisitor(site);
    expect((await context.request.get("/api/me")).status()).toBe(200);
    for (let index = 1; index <= 35; index++) {
      const created = await context.request.post("/api/conversations", { data: { title: `Topic ${index}` } });
      expect(created.status()).toBe(201);
    }
    const page = await context.newPage();
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Conversations" });
    await nav.getByRole("link", { name: "Topic 35" }).waitFor();
    expect(await nav.getByRole("link").first().textContent()).toBe("Topic 35");
    expect(await nav.getByRole("link").count()).toBeLessThan(35);

    await nav.getByText("Loading…").scrollIntoViewIfNeeded();
    await expect.poll(() => nav.getByRole("link").count()).toBe(35);
    expect(await nav.getByRole("link").last().textContent()).toBe("Topic 1");
    await context.close();
  });

  it("search finds a conversation by the words in it and opens it", async () => {
    const { context, page } = await openChat(site);
    await sendMessage(page, "Tell me about pineapples");
    await lastAnswer(page).getByRole("button", { name: "Copy answer" }).waitFor({ timeout: 20_000 });
    const address = page.url();
    await page.getByRole("button", { name: "New chat" }).click();
    await page.waitForURL(/\/$/);

    await page.getByRole("searchbox", { name: "Search conversations" }).fill("pineapples");
    const nav = page.getByRole("navigation", { name: "Conversations" });
    const result = nav.getByRole("link").filter({ hasText: "pineapples" }).first();
    await result.click();
    await page.waitForURL(address);
    await page
      .getByRole("log")
      .getByRole("article", { name: "Your message" })
      .getByText("Tell me about pineapples")
      .waitFor();
    await context.close();
  });

  it("exports the conversation as a Markdown file", async () => {
    const { context, page } = await openChat(site);
    await sendMessage(page, "Export this exchange");
    await lastAnswer(page).getByRole("button", { name: "Copy answer" }).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Export" }).click();
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Markdown (.md)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.md$/);
    const stream = await file.createReadStream();
    let text = "";
    for await (const chunk of stream) text += String(chunk);
    expect(text).toContain("Export this exchange");
    expect(text).toContain("This is the edgechat simulator");
    await context.close();
  });
});

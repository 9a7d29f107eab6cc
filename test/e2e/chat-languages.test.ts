// The chat site in the visitor's language, in a real Chromium: a Chinese browser gets the Chinese UI (and only the
// Chinese catalog is fetched), an English one the English UI, and the Language select overrides the browser.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { saveScreenshot } from "../kit/browser/chromium.ts";
import { newVisitor, openChat, useSite } from "../kit/browser/site.ts";

const site = useSite();

/**
 * Paths of the message-catalog chunks the page fetched (English is built into the first load, so never one; the
 * shared `chunk-<hash>.js` that app.js imports statically is not a catalog).
 */
function catalogRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (/^\/assets\/chunks\/(?!highlight|chunk-)[\w-]+\.js$/.test(path)) paths.push(path);
  });
  return paths;
}

describe("chat site: languages", () => {
  it("renders in Simplified Chinese under a zh-CN browser, fetching only the Chinese catalog", async () => {
    const context = await newVisitor(site, { locale: "zh-CN" });
    const page = await context.newPage();
    const catalogs = catalogRequests(page);
    await page.goto("/");
    await page.getByRole("button", { name: "新对话" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.getByText("今天有什么可以帮你？").waitFor();
    expect(await page.getByRole("searchbox", { name: "搜索对话" }).getAttribute("placeholder")).toBe("搜索");
    await page.getByRole("button", { name: "深度思考" }).waitFor();

    await page.getByRole("textbox", { name: "消息" }).fill("你好");
    await page.getByRole("button", { name: "发送", exact: true }).click();
    await page.getByRole("button", { name: "停止", exact: true }).waitFor();
    const answer = page.getByRole("log").getByRole("article", { name: "回答" }).last();
    await answer.getByRole("button", { name: "复制回答" }).waitFor({ timeout: 20_000 });
    await answer.getByRole("button", { name: "重新生成" }).waitFor();
    expect(await answer.locator(".served").textContent()).toMatch(/^由 .+ 提供/);
    await saveScreenshot(page, "desktop-zh-CN-answer");

    // Relative dates in Chinese: a share link made a moment ago.
    await page.getByRole("button", { name: "分享" }).click();
    await page.getByRole("button", { name: "创建分享链接" }).click();
    await page.getByText("刚刚创建").waitFor();

    expect(catalogs).toHaveLength(1);
    expect(catalogs[0]).toMatch(/^\/assets\/chunks\/zh-CN-[\w]+\.js$/);
    const englishButtons = /^(New chat|Send|Stop|Regenerate|Copy answer|Edit|Share|Export|My data)$/;
    expect(await page.getByRole("button", { name: englishButtons }).count()).toBe(0);
    await context.close();
  });

  it("stays in English under an en-US browser and fetches no catalog", async () => {
    const context = await newVisitor(site, { locale: "en-US" });
    const page = await context.newPage();
    const catalogs = catalogRequests(page);
    await page.goto("/");
    await page.getByRole("button", { name: "New chat" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByText("How can I help you today?").waitFor();
    expect(catalogs).toEqual([]);
    await context.close();
  });

  it("the Language select overrides the browser's language, is remembered, and can follow the browser again", async () => {
    const { context, page } = await openChat(site, { locale: "en-US" });
    await page.getByRole("textbox", { name: "Message" }).fill("kept while switching");
    await page.getByRole("combobox", { name: "Language" }).selectOption({ label: "简体中文" });
    await page.getByRole("button", { name: "新对话" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    // Switching re-renders in place: what the visitor typed is still there.
    expect(await page.getByRole("textbox", { name: "消息" }).inputValue()).toBe("kept while switching");

    await page.reload();
    await page.getByRole("button", { name: "新对话" }).waitFor();
    expect(await page.getByRole("combobox", { name: "语言" }).inputValue()).toBe("zh-CN");

    await page.getByRole("combobox", { name: "语言" }).selectOption({ label: "跟随浏览器" });
    await page.getByRole("button", { name: "New chat" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.reload();
    await page.getByRole("button", { name: "New chat" }).waitFor();
    await context.close();
  });

  it("a Chinese browser can choose English", async () => {
    const { context, page } = await openChat(site, { locale: "zh-CN" });
    await page.getByRole("combobox", { name: "语言" }).selectOption({ label: "English" });
    await page.getByRole("button", { name: "New chat" }).waitFor();
    await page.reload();
    await page.getByRole("button", { name: "New chat" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await context.close();
  });
});

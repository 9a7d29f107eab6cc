// The chat site's error states in a real Chromium, against a stack whose providers are all unreachable.
import { describe, expect, it } from "vitest";
import { saveScreenshot } from "../kit/browser/chromium.ts";
import { composer, openChat, useSite } from "../kit/browser/site.ts";

const site = useSite({ providersDown: true });

describe("chat site: error states", () => {
  it("says the model is unavailable when no provider can answer, and keeps the page usable", async () => {
    const { context, page } = await openChat(site);
    const { box, send } = composer(page);
    await box.fill("Is anyone there?");
    await send.click();
    await page
      .getByRole("alert")
      .filter({ hasText: "The model is unavailable right now" })
      .waitFor({ timeout: 30_000 });
    await saveScreenshot(page, "desktop-light-provider-unavailable");
    await expect.poll(() => send.isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Stop", exact: true }).count()).toBe(0);
    await context.close();
  });

  it("a first message that cannot be sent leaves no empty conversation behind", async () => {
    const { context, page } = await openChat(site);
    const { box, send } = composer(page);
    for (const attempt of ["Hello?", "Hello again?"]) {
      await box.fill(attempt);
      const answered = page.waitForResponse(
        (response) => response.request().method() === "POST" && /\/messages$/.test(response.url()),
      );
      await send.click();
      expect((await answered).status()).toBeGreaterThanOrEqual(400);
      await page.getByRole("alert").filter({ hasText: "The model is unavailable right now" }).waitFor();
      expect(await box.inputValue()).toBe(attempt);
    }
    expect(page.url()).toMatch(/\/$/);
    expect(await page.getByRole("navigation", { name: "Conversations" }).getByRole("link").count()).toBe(0);
    // Nothing was kept on the server either, not even after a reload.
    await expect
      .poll(async () => (await (await context.request.get("/api/conversations")).json()).conversations)
      .toEqual([]);
    await page.reload();
    await page.getByRole("button", { name: "New chat" }).waitFor();
    expect(await page.getByRole("navigation", { name: "Conversations" }).getByRole("link").count()).toBe(0);
    await context.close();
  });

  it("refuses a message over 32 KB before sending it and says why", async () => {
    const { context, page } = await openChat(site);
    const { box, send } = composer(page);
    await box.fill("x".repeat(33 * 1024));
    await page.getByRole("alert").filter({ hasText: "Message too long" }).waitFor();
    expect(await send.isDisabled()).toBe(true);
    await box.press("Enter");
    expect(page.url()).toMatch(/\/$/);
    await box.fill("short again");
    expect(await send.isEnabled()).toBe(true);
    await context.close();
  });

  it("Enter sends and Shift+Enter adds a line", async () => {
    const { context, page } = await openChat(site);
    const { box } = composer(page);
    await box.fill("first line");
    await box.press("Shift+Enter");
    await box.pressSequentially("second line");
    expect(await box.inputValue()).toBe("first line\nsecond line");
    const posted = page.waitForRequest((request) => request.method() === "POST" && request.url().endsWith("/messages"));
    await box.press("Enter");
    expect(JSON.parse((await posted).postData() ?? "{}")).toMatchObject({
      content: "first line\nsecond line",
      model: "deepseek-flash",
      thinking: false,
    });
    await context.close();
  });
});

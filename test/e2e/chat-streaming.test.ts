// The chat site streams answers in a real Chromium against `wrangler dev` and the simulator:
// streamed Markdown, the reasoning panel, stop, reload mid-answer, two tabs, hostile output.
import { describe, expect, it } from "vitest";
import { saveScreenshot, watchPageProblems } from "../kit/browser/chromium.ts";
import {
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

describe("chat site: streaming", () => {
  it("sends a message and shows the answer streaming in, then who served it", async () => {
    const context = await newVisitor(site);
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto("/");
    const prompt = "Hello from the browser test";
    await sendMessage(page, prompt);

    await page.waitForURL(/\/c\/[\w-]+$/);
    const answer = lastAnswer(page);
    await expect.poll(() => answerText(answer)).toMatch(/^This is the edgechat simulator/);
    const partial = await answerText(answer);
    expect(partial.length).toBeLessThan(expectedAnswer(prompt).length);
    await expect.poll(() => answerText(answer), { timeout: 20_000 }).toBe(expectedAnswer(prompt));

    await expect.poll(() => answer.locator(".served").textContent()).toMatch(/Served by .+ · deepseek-flash/);
    expect(await answer.getByText("simulated model").isVisible()).toBe(true);
    const conversations = page.getByRole("navigation", { name: "Conversations" });
    await expect.poll(() => conversations.getByRole("link").count()).toBe(1);
    expect(await composer(page).send.isVisible()).toBe(true);
    // The title written after the first exchange arrives live, in the heading and in the sidebar.
    const heading = page.getByRole("heading", { level: 1 });
    await expect.poll(() => heading.textContent(), { timeout: 20_000 }).not.toBe("New chat");
    expect(await conversations.getByRole("link").first().textContent()).toBe(await heading.textContent());
    expect(problems).toEqual([]);
    await context.close();
  });

  it("streams the reasoning in a Thinking… panel that collapses to “Thought for N seconds” and expands again", async () => {
    const { context, page } = await openChat(site);
    await page.getByRole("button", { name: "DeepThink" }).click();
    expect(await page.getByRole("button", { name: "DeepThink" }).getAttribute("aria-pressed")).toBe("true");
    await sendMessage(page, "Why is the sky blue?");

    const thinking = page.getByRole("button", { name: "Thinking…" });
    await thinking.waitFor();
    expect(await thinking.getAttribute("aria-expanded")).toBe("true");
    const reasoning = lastAnswer(page).locator(".reasoning-text");
    await expect.poll(() => reasoning.textContent()).toMatch(/^Thinking about the question/);

    const thought = page.getByRole("button", { name: /^Thought for \d+ seconds?$/ });
    await thought.waitFor({ timeout: 20_000 });
    expect(await thought.getAttribute("aria-expanded")).toBe("false");
    expect(await reasoning.isVisible()).toBe(false);
    // Keyboard operation: the disclosure is a real button.
    await thought.focus();
    await page.keyboard.press("Enter");
    expect(await thought.getAttribute("aria-expanded")).toBe("true");
    expect(await reasoning.textContent()).toContain("step-");
    await context.close();
  });

  it("Stop ends the answer and keeps the partial text, also after a reload", async () => {
    const { context, page } = await openChat(site);
    const prompt = "Please count for a long time";
    await sendMessage(page, prompt);
    const answer = lastAnswer(page);
    await expect.poll(() => answerText(answer)).toContain("Counting:");
    await composer(page).stop.click();

    await answer.getByText("Stopped.").waitFor();
    const kept = await answerText(answer);
    expect(kept.length).toBeGreaterThan(10);
    expect(expectedAnswer(prompt).startsWith(kept)).toBe(true);
    expect(kept).not.toBe(expectedAnswer(prompt));
    expect(await composer(page).send.isVisible()).toBe(true);

    await page.reload();
    await expect.poll(() => answerText(lastAnswer(page))).toBe(kept);
    await context.close();
  });

  it("Escape stops the answer too", async () => {
    const { context, page } = await openChat(site);
    await sendMessage(page, "Stop me with the keyboard");
    await expect.poll(() => answerText(lastAnswer(page))).toContain("Counting:");
    await page.keyboard.press("Escape");
    await lastAnswer(page).getByText("Stopped.").waitFor();
    await context.close();
  });

  it("a reload mid-answer reconnects and the answer keeps streaming from where it was", async () => {
    const { context, page } = await openChat(site);
    const prompt = "Reload me in the middle";
    await sendMessage(page, prompt);
    await page.waitForURL(/\/c\//);
    await expect.poll(() => answerText(lastAnswer(page))).toContain("Counting:");

    await page.reload();
    const answer = lastAnswer(page);
    await expect.poll(() => answer.getAttribute("data-status")).toBe("streaming");
    expect(await composer(page).stop.isVisible()).toBe(true);
    await expect.poll(() => answerText(answer), { timeout: 20_000 }).toBe(expectedAnswer(prompt));
    await context.close();
  });

  it("two tabs on the same conversation show the same tokens live", async () => {
    const context = await newVisitor(site);
    const first = await context.newPage();
    await first.goto("/");
    await sendMessage(first, "Warm-up so the conversation exists");
    await first.waitForURL(/\/c\//);
    await composer(first).send.waitFor({ timeout: 20_000 });

    const second = await context.newPage();
    await second.goto(first.url());
    await lastAnswer(second).locator(".served").waitFor();
    const prompt = "Both tabs see this";
    await sendMessage(first, prompt);

    // The second tab sees the question and the answer while it is still being written.
    await second.getByRole("log").getByText(prompt).waitFor();
    await expect.poll(() => lastAnswer(second).getAttribute("data-status")).toBe("streaming");
    await expect.poll(() => answerText(lastAnswer(second))).toContain("Counting:");
    await expect.poll(() => answerText(lastAnswer(second)), { timeout: 20_000 }).toBe(expectedAnswer(prompt));
    await expect.poll(() => answerText(lastAnswer(first))).toBe(expectedAnswer(prompt));
    await context.close();
  });

  it("falls back to Server-Sent Events when WebSockets are blocked, with the same answer", async () => {
    const context = await newVisitor(site);
    // A proxy that accepts the WebSocket and drops it at once, every time.
    await context.routeWebSocket(/\/live/, (socket) => socket.close());
    const page = await context.newPage();
    const streams: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/live") && request.headers().accept === "text/event-stream")
        streams.push(request.url());
    });
    await page.goto("/");
    const prompt = "Stream me over SSE";
    await sendMessage(page, prompt);
    await expect.poll(() => answerText(lastAnswer(page)), { timeout: 20_000 }).toBe(expectedAnswer(prompt));
    expect(streams.length).toBeGreaterThan(0);
    await context.close();
  });

  it("shows Offline while the network is gone and catches up without gaps when it returns", async () => {
    const { context, page } = await openChat(site);
    const prompt = "Survive a network cut";
    await sendMessage(page, prompt);
    await expect.poll(() => answerText(lastAnswer(page))).toContain("Counting:");
    await context.setOffline(true);
    await page.getByRole("status").filter({ hasText: "Offline" }).waitFor();
    await saveScreenshot(page, "desktop-light-offline");
    await context.setOffline(false);
    await expect.poll(() => answerText(lastAnswer(page)), { timeout: 20_000 }).toBe(expectedAnswer(prompt));
    await expect
      .poll(() =>
        page
          .getByRole("status")
          .filter({ hasText: /Offline|Reconnecting/ })
          .count(),
      )
      .toBe(0);
    await context.close();
  });

  it("renders a hostile answer (<img onerror>, <script>, javascript: link) inert", async () => {
    const context = await newVisitor(site);
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto("/");
    await sendMessage(page, "Show me [[xss]]");
    const answer = lastAnswer(page);
    await expect.poll(() => answerText(answer), { timeout: 20_000 }).toContain("Injected link: click me");
    await answer.locator(".served").waitFor();

    const state = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss,
      scripts: document.querySelectorAll(".log script").length,
      images: document.querySelectorAll(".log img").length,
      handlers: [...document.querySelectorAll(".log *")].filter((element) =>
        [...element.attributes].some((a) => a.name.startsWith("on")),
      ).length,
      javascriptLinks: [...document.querySelectorAll(".log a")].filter((a) =>
        (a.getAttribute("href") ?? "").includes("javascript"),
      ).length,
    }));
    expect(state).toEqual({ xss: undefined, scripts: 0, images: 0, handlers: 0, javascriptLinks: 0 });
    await answer.getByText("click me").click();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(problems.filter((problem) => !problem.includes("Content Security Policy"))).toEqual([]);
    await context.close();
  });
});

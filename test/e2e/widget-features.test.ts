// The widget's features in a real Chromium, on a third-party page with a strict CSP (as widget.test.ts): the
// owner's starter questions, cited answers, "Talk to a person" delivered to a webhook on loopback, Stop,
// Regenerate, "Copy answer", no "Served by" line unless the owner asks for it, code at phone width,
// "Delete my chat", and all of it from the keyboard.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserContext, FrameLocator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { saveScreenshot } from "../kit/browser/chromium.ts";
import { answerText, expectedAnswer } from "../kit/browser/site.ts";
import { useWidgetSite } from "../kit/browser/widget-site.ts";

const site = useWidgetSite();

/** Calls the admin API with the operator's token; returns the JSON answer after checking the status. */
async function admin(path: string, method: string, body: unknown, status = 200): Promise<Record<string, unknown>> {
  const response = await fetch(`${site.stack.url}/admin/api${path}`, {
    method,
    headers: { authorization: `Bearer ${site.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as Record<string, unknown>;
}

/** Creates another site for this page's origin with `settings` (the owner's widget options). */
async function siteWith(
  settings: Record<string, unknown>,
): Promise<{ key: string; id: string; patched: Record<string, unknown> }> {
  const response = await fetch(`${site.stack.url}/admin/api/sites`, {
    method: "POST",
    headers: { authorization: `Bearer ${site.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Configured shop", allowedOrigins: [site.host.localhost] }),
  });
  const { id, siteKey: key } = (await response.json()) as { id: string; siteKey: string };
  return { key, id, patched: await admin(`/sites/${id}`, "PATCH", settings) };
}

/** A new visitor on the shop's page with the chat open; `width` 360 is a small phone. */
async function openChat(
  width = 1280,
  key = site.siteKey,
): Promise<{ context: BrowserContext; page: Page; frame: FrameLocator }> {
  const context = await site.browser.newContext({
    viewport: { width, height: 760 },
    ...(width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.host.localhost });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.stack.url });
  const page = await context.newPage();
  await page.goto(`${site.host.localhost}/?key=${key}`);
  await page.getByRole("button", { name: "Open chat" }).click();
  const frame = page.frameLocator('iframe[src*="/embed/"]');
  await frame.getByRole("textbox", { name: "Message" }).waitFor();
  return { context, page, frame };
}

function lastAnswer(frame: FrameLocator) {
  return frame.getByRole("log").getByRole("article", { name: "Answer" }).last();
}

async function ask(frame: FrameLocator, prompt: string): Promise<void> {
  await frame.getByRole("textbox", { name: "Message" }).fill(prompt);
  await frame.getByRole("textbox", { name: "Message" }).press("Enter");
}

/** Which element has focus inside the chat frame: "tag:accessible text". */
function focusedInFrame(page: Page): Promise<string> {
  const frame = page.frames().find((candidate) => candidate.url().includes("/embed/"));
  if (!frame) throw new Error("no chat frame");
  return frame.evaluate(() => {
    const active = document.activeElement;
    if (!active || !document.hasFocus()) return "none";
    return `${active.tagName.toLowerCase()}:${active.getAttribute("aria-label") ?? active.textContent?.trim() ?? ""}`;
  });
}

describe("widget options the owner sets", () => {
  it("offers the starter questions on an empty chat; choosing one (by keyboard) asks it; the served-by line shows when turned on", async () => {
    const { key } = await siteWith({
      starterQuestions: ["Do you ship abroad?", "What is your return policy?"],
      showServedBy: true,
    });
    const { context, page, frame } = await openChat(1280, key);
    const starters = frame.getByRole("list", { name: "Suggested questions" }).getByRole("button");
    expect(await starters.allInnerTexts()).toEqual(["Do you ship abroad?", "What is your return policy?"]);
    // By keyboard: back from the message box is the last suggestion.
    await frame.getByRole("textbox", { name: "Message" }).focus();
    await page.keyboard.press("Shift+Tab");
    expect(await focusedInFrame(page)).toBe("button:What is your return policy?");
    await page.keyboard.press("Enter");
    await expect
      .poll(() => frame.getByRole("article", { name: "Your message" }).allInnerTexts())
      .toEqual(["What is your return policy?"]);
    await expect
      .poll(() => answerText(lastAnswer(frame)), { timeout: 20_000 })
      .toBe(expectedAnswer("What is your return policy?"));
    // Asked once: the suggestions are gone, and this owner wants answers to say who served them.
    expect(await frame.getByRole("list", { name: "Suggested questions" }).count()).toBe(0);
    await expect
      .poll(() =>
        lastAnswer(frame)
          .getByText(/^Served by /)
          .count(),
      )
      .toBe(1);
    await context.close();
  });
});

describe("a widget that knows the business and hands off to a person", () => {
  it("cites the owner's document under the answer; its numbered link opens the source in a new tab", async () => {
    const { key, id } = await siteWith({ instructions: "You are the tea shop's assistant." });
    await admin(
      `/sites/${id}/knowledge`,
      "POST",
      { title: "Shipping policy", text: "We ship loose-leaf tea to Canada within five business days for 9 euros." },
      201,
    );
    const { context, page, frame } = await openChat(1280, key);
    await ask(frame, "Do you ship tea to Canada?");
    const answer = lastAnswer(frame);
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 20_000 }).toBe("complete");
    const sources = answer.getByRole("navigation", { name: "Sources" });
    const link = sources.getByRole("link", { name: "Shipping policy" });
    await link.waitFor();
    expect(
      await sources.locator("li").evaluateAll((items) => items.map((item) => (item as HTMLLIElement).value)),
    ).toEqual([1]);
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener");
    expect(await link.getAttribute("href")).toMatch(new RegExp(`^${site.stack.url}/embed/knowledge/`));

    // Keyboard only: back from the message box to the link, Enter opens the document.
    await frame.getByRole("textbox", { name: "Message" }).focus();
    for (let step = 0; step < 6 && (await focusedInFrame(page)) !== "a:Shipping policy"; step++) {
      await page.keyboard.press("Shift+Tab");
    }
    expect(await focusedInFrame(page)).toBe("a:Shipping policy");
    const opened = context.waitForEvent("page");
    await page.keyboard.press("Enter");
    const source = await opened;
    await source.waitForLoadState();
    expect(await source.locator("body").textContent()).toContain("We ship loose-leaf tea to Canada");
    await context.close();
  });

  it("“Talk to a person” delivers the email, note and transcript to the owner's webhook, signed, by keyboard", async () => {
    const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      request.on("end", () => {
        received.push({ headers: request.headers, body });
        response.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const { port } = receiver.address() as AddressInfo;
    try {
      const { key, patched } = await siteWith({ handoffWebhookUrl: `http://localhost:${port}/handoff` });
      const secret = String(patched.handoffSecret);
      expect(secret).toMatch(/^whsec_/);
      const { context, page, frame } = await openChat(1280, key);
      await ask(frame, "Can I order 40 kilos for my café?");
      await expect.poll(() => lastAnswer(frame).getAttribute("data-status"), { timeout: 20_000 }).toBe("complete");

      await frame.getByRole("textbox", { name: "Message" }).focus();
      for (let step = 0; step < 12 && (await focusedInFrame(page)) !== "button:Talk to a person"; step++) {
        await page.keyboard.press("Shift+Tab");
      }
      expect(await focusedInFrame(page)).toBe("button:Talk to a person");
      await page.keyboard.press("Enter");
      await expect.poll(() => focusedInFrame(page)).toBe("input:");
      await page.keyboard.type("owner-of@cafe.example");
      await page.keyboard.press("Tab");
      await page.keyboard.type("Please call me about a wholesale price.");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      expect(await focusedInFrame(page)).toBe("button:Send to the team");
      await page.keyboard.press("Enter");
      await frame.getByRole("status").filter({ hasText: "owner-of@cafe.example" }).waitFor();
      await expect.poll(() => focusedInFrame(page)).toBe("button:Back to chat");

      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
      const [delivery] = received;
      const header = String(delivery?.headers["x-edgechat-signature"]);
      const [, stamp, signature] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
      const expected = createHmac("sha256", secret).update(`${stamp}.${delivery?.body}`).digest("hex");
      expect(signature).toBe(expected);
      expect(JSON.parse(delivery?.body ?? "{}")).toMatchObject({
        handoff: { email: "owner-of@cafe.example", note: "Please call me about a wholesale price." },
        transcript: [
          { role: "user", content: "Can I order 40 kilos for my café?" },
          { role: "assistant", content: expect.stringContaining("edgechat simulator") },
        ],
      });

      await page.keyboard.press("Enter");
      await expect.poll(() => focusedInFrame(page)).toBe("button:Talk to a person");
      expect(await frame.getByRole("article", { name: "Your message" }).count()).toBe(1);
      await context.close();
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it("says why a hand-off was refused and keeps what the visitor wrote", async () => {
    const { context, page, frame } = await openChat();
    await frame.getByRole("button", { name: "Talk to a person" }).click();
    // The browser accepts this address; the server's stricter check refuses it, and the form says so.
    await frame.getByRole("textbox", { name: "Your email" }).fill("someone@localhost");
    await frame.getByRole("textbox", { name: "Note" }).fill("Hello?");
    await frame.getByRole("button", { name: "Send to the team" }).click();
    await frame.getByRole("alert").waitFor();
    expect(await frame.getByRole("alert").textContent()).toMatch(/email/i);
    expect(await frame.getByRole("textbox", { name: "Note" }).inputValue()).toBe("Hello?");
    expect(await focusedInFrame(page)).not.toBe("none");
    await context.close();
  });
});

describe("widget answer controls", () => {
  it("shows no “Served by” line by default; Copy answer copies the answer; Regenerate asks again", async () => {
    const { context, page, frame } = await openChat();
    const prompt = "Do you ship to Canada?";
    await ask(frame, prompt);
    const answer = lastAnswer(frame);
    await expect.poll(() => answerText(answer), { timeout: 20_000 }).toBe(expectedAnswer(prompt));
    await answer.getByRole("button", { name: "Copy answer" }).waitFor();
    expect(await frame.getByText(/Served by/).count()).toBe(0);
    expect(await frame.getByRole("list", { name: "Suggested questions" }).count()).toBe(0);
    expect(await frame.getByText("simulated model").count()).toBe(0);

    await answer.getByRole("button", { name: "Copy answer" }).click();
    await expect.poll(() => answer.getByRole("button", { name: "Copied" }).count()).toBe(1);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.replace(/\s+/g, " ").trim()).toBe(expectedAnswer(prompt));

    const firstId = await answer.getAttribute("data-message-id");
    await answer.getByRole("button", { name: "Regenerate" }).click();
    await expect.poll(() => lastAnswer(frame).getAttribute("data-message-id")).not.toBe(firstId);
    await expect.poll(() => lastAnswer(frame).getAttribute("data-status"), { timeout: 20_000 }).toBe("complete");
    // One branch on screen: the new answer replaces the old one under the same question.
    expect(await frame.getByRole("article", { name: "Answer" }).count()).toBe(1);
    expect(await frame.getByRole("article", { name: "Your message" }).allInnerTexts()).toEqual([prompt]);
    await context.close();
  });

  it("Stop ends the answer mid-stream and keeps what was written", async () => {
    const { context, frame } = await openChat();
    const prompt = "Tell me everything about returns";
    await ask(frame, prompt);
    const answer = lastAnswer(frame);
    await expect.poll(() => answerText(answer), { timeout: 20_000 }).toMatch(/^This is the edgechat simulator/);
    await frame.getByRole("button", { name: "Stop", exact: true }).click();
    await expect.poll(() => answer.getAttribute("data-status"), { timeout: 10_000 }).toBe("stopped");
    expect((await answerText(answer)).length).toBeLessThan(expectedAnswer(prompt).length);
    expect(await answer.getByText("Stopped.").isVisible()).toBe(true);
    await frame.getByRole("button", { name: "Send", exact: true }).waitFor();
    expect(await frame.getByRole("button", { name: "Stop", exact: true }).count()).toBe(0);
    await context.close();
  });

  it("wraps a long code line at 360 px instead of hiding it off the edge", async () => {
    const { context, page, frame } = await openChat(360);
    await ask(frame, "[[markdown]] a code sample please");
    const code = lastAnswer(frame).locator(".code-block pre");
    await code.waitFor({ timeout: 20_000 });
    await expect.poll(() => lastAnswer(frame).getAttribute("data-status"), { timeout: 20_000 }).toBe("complete");
    const fit = await code.evaluate((pre) => ({
      overflow: pre.scrollWidth - pre.clientWidth,
      pageOverflow: document.documentElement.scrollWidth - innerWidth,
      longestLine: Math.max(...(pre.textContent ?? "").split("\n").map((line) => line.length)),
      width: pre.clientWidth,
    }));
    // The sample's longest line is wider than the block: it fits only because it wraps.
    expect(fit.longestLine * 7).toBeGreaterThan(fit.width);
    expect(fit.overflow).toBeLessThanOrEqual(0);
    expect(fit.pageOverflow).toBeLessThanOrEqual(0);
    expect(await page.getByRole("dialog").boundingBox()).toMatchObject({ width: 360 });
    await saveScreenshot(page, "widget-phone-360");
    await context.close();
  });

  it("“Delete my chat” erases the visitor's conversation, also after a reload", async () => {
    const { context, page, frame } = await openChat();
    await ask(frame, "Forget me");
    await expect.poll(() => lastAnswer(frame).getAttribute("data-status"), { timeout: 20_000 }).toBe("complete");
    await frame.getByRole("button", { name: "Delete my chat" }).click();
    await frame.getByRole("dialog", { name: "Delete your chat?" }).getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => frame.getByRole("article").count()).toBe(0);
    await page.reload();
    await page.getByRole("button", { name: "Open chat" }).click();
    await frame.getByRole("textbox", { name: "Message" }).waitFor();
    await page.waitForTimeout(500);
    expect(await frame.getByRole("article").count()).toBe(0);
    await context.close();
  });

  it("works from the keyboard alone: Stop, Copy answer, Regenerate and the hand-off form", async () => {
    const { context, page, frame } = await openChat();
    const box = frame.getByRole("textbox", { name: "Message" });
    await box.focus();
    await page.keyboard.type("Keyboard question");
    await page.keyboard.press("Enter");
    await expect.poll(() => answerText(lastAnswer(frame)), { timeout: 20_000 }).not.toBe("");
    // While it streams, Tab from the message box reaches Stop.
    await page.keyboard.press("Tab");
    expect(await focusedInFrame(page)).toBe("button:Stop");
    await page.keyboard.press("Enter");
    await expect.poll(() => lastAnswer(frame).getAttribute("data-status"), { timeout: 10_000 }).toBe("stopped");
    // Stop is gone with the answer it stopped: focus waits in the message box, not lost to the page.
    expect(await focusedInFrame(page)).toBe("textarea:");

    // Back from the message box: Regenerate, then Copy answer, are the answer's controls.
    await page.keyboard.press("Shift+Tab");
    expect(await focusedInFrame(page)).toBe("button:Regenerate");
    await page.keyboard.press("Shift+Tab");
    expect(await focusedInFrame(page)).toBe("button:Copy answer");
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedInFrame(page)).toBe("button:Copied");
    await page.keyboard.press("Tab");
    const stoppedId = await lastAnswer(frame).getAttribute("data-message-id");
    await page.keyboard.press("Enter");
    await expect.poll(() => lastAnswer(frame).getAttribute("data-message-id")).not.toBe(stoppedId);
    expect(await focusedInFrame(page)).toBe("textarea:");
    await expect.poll(() => lastAnswer(frame).getAttribute("data-status"), { timeout: 20_000 }).toBe("complete");

    // "Talk to a person" opens a form with its email field focused; Escape closes it and focus returns.
    await frame.getByRole("button", { name: "Talk to a person" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => focusedInFrame(page)).toBe("input:");
    expect(await frame.getByRole("textbox", { name: "Your email" }).isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => focusedInFrame(page)).toBe("button:Talk to a person");
    expect(await page.getByRole("dialog").count()).toBe(1);
    await context.close();
  });
});

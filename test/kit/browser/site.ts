// One local stack (Worker + simulator) and one Chromium per test file; each test gets a fresh browser
// context, which is a fresh visitor (new cookie, empty sidebar).
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type LocalStack, type LocalStackOptions, startLocalStack } from "../../../scripts/lib/local-stack.ts";
import { planAnswer } from "../../../simulator/answer.ts";
import { e2eSessionSecret } from "../constants.ts";
import { launchChromium } from "./chromium.ts";

/** Pacing of the simulator for the browser tests: slow enough to stop, reload or open a second tab mid-answer. */
export const pacing = { tokensPerSecond: 25, answerTokens: 100, reasoningTokens: 40 };

/** A running site plus a browser. */
export type SiteFixture = { stack: LocalStack; browser: Browser; close(): Promise<void> };

/**
 * Starts a local stack and Chromium side by side (neither needs the other before the first test); when one fails
 * to start, the other is stopped before the error is thrown.
 */
export async function startStackAndBrowser(
  stackOptions: LocalStackOptions,
  launch: () => Promise<Browser> = () => launchChromium(),
): Promise<{ stack: LocalStack; browser: Browser }> {
  const [stack, browser] = await Promise.allSettled([startLocalStack(stackOptions), launch()]);
  if (stack.status === "fulfilled" && browser.status === "fulfilled")
    return { stack: stack.value, browser: browser.value };
  if (stack.status === "fulfilled") await stack.value.stop();
  if (browser.status === "fulfilled") await browser.value.close();
  throw stack.status === "rejected" ? stack.reason : (browser as PromiseRejectedResult).reason;
}

/** Starts the stack and Chromium; `providersDown` points every provider at a closed port instead of the simulator. */
export async function startSite(options: { providersDown?: boolean } = {}): Promise<SiteFixture> {
  const secret = { SESSION_SECRET: e2eSessionSecret };
  const { stack, browser } = await startStackAndBrowser(
    options.providersDown
      ? {
          port: 0,
          simulator: false,
          vars: { ...secret, DEEPSEEK_API_KEY: "down", DEEPSEEK_BASE_URL: "http://127.0.0.1:9", GPU_POOL: "[]" },
        }
      : { port: 0, simulator: { quiet: true, ...pacing }, vars: secret },
  );
  return {
    stack,
    browser,
    async close() {
      await browser.close();
      await stack.stop();
    },
  };
}

/**
 * The file's site: started before its tests, closed after them. Its fields read the running fixture (a test that
 * reads one before `beforeAll` ran fails loudly).
 */
export function useSite(options: { providersDown?: boolean } = {}): SiteFixture {
  let running: SiteFixture | undefined;
  const current = (): SiteFixture => {
    if (!running) throw new Error("the site is not started (useSite's beforeAll has not run)");
    return running;
  };
  beforeAll(async () => {
    running = await startSite(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  return {
    get stack() {
      return current().stack;
    },
    get browser() {
      return current().browser;
    },
    close: () => current().close(),
  };
}

/** A new visitor: a fresh context, with the site's URL as base (and `locale` as the browser's language). */
export function newVisitor(
  site: SiteFixture,
  options: { width?: number; height?: number; dark?: boolean; locale?: string } = {},
): Promise<BrowserContext> {
  return site.browser.newContext({
    baseURL: site.stack.url,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.dark ? "dark" : "light",
    // The browser's language (navigator.languages and Accept-Language); English unless a test asks otherwise.
    locale: options.locale ?? "en-US",
  });
}

/** A new visitor with the chat open: their context (to open more tabs) and the page at `/`. */
export async function openChat(
  site: SiteFixture,
  options: Parameters<typeof newVisitor>[1] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newVisitor(site, options);
  const page = await context.newPage();
  await page.goto("/");
  return { context, page };
}

/** The composer's parts, by their accessible names (the contract). */
export function composer(page: Page): { box: Locator; send: Locator; stop: Locator } {
  return {
    box: page.getByRole("textbox", { name: "Message" }),
    send: page.getByRole("button", { name: "Send", exact: true }),
    stop: page.getByRole("button", { name: "Stop", exact: true }),
  };
}

/** Types and sends a message from the composer; fails with the server's answer if it was not accepted. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const { box, send } = composer(page);
  await box.fill(text);
  const accepted = page.waitForResponse(
    (response) => response.request().method() === "POST" && /\/messages$/.test(response.url()),
  );
  await send.click();
  const response = await accepted;
  if (response.status() !== 202) throw new Error(`send answered ${response.status()}: ${await response.text()}`);
}

/** Waits until the last answer has finished (its actions appear only then). */
export async function answered(page: Page): Promise<void> {
  await lastAnswer(page).getByRole("button", { name: "Copy answer" }).waitFor({ timeout: 20_000 });
  await composer(page).send.waitFor();
}

/** The last answer in the log. */
export function lastAnswer(page: Page): Locator {
  return page.getByRole("log").getByRole("article", { name: "Answer" }).last();
}

/** The answer text the simulator produces for `prompt` (whitespace-normalised, as the page shows it). */
export function expectedAnswer(prompt: string, model = "deepseek-chat"): string {
  const plan = planAnswer({
    messages: [{ role: "user", text: prompt }],
    model,
    answerTokens: pacing.answerTokens,
    reasoningTokens: pacing.reasoningTokens,
    maxTokens: null,
    unicode: false,
  });
  return plan.content.join("").replace(/\s+/g, " ").trim();
}

/** Visible text of the answer's Markdown body, whitespace-normalised. */
export async function answerText(answer: Locator): Promise<string> {
  return ((await answer.locator(".markdown").textContent()) ?? "").replace(/\s+/g, " ").trim();
}

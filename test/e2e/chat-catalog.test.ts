// The chat site follows the catalog: one model picker from /api/models, DeepThink switching thinking on the same
// model, and an answer from a substitute labelled in plain words. Real Chromium against `wrangler dev`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../scripts/lib/local-stack.ts";
import { type Simulator, startSimulator } from "../../simulator/server.ts";
import { launchChromium, saveScreenshot } from "../kit/browser/chromium.ts";
import { lastAnswer, sendMessage } from "../kit/browser/site.ts";
import { e2eSessionSecret } from "../kit/constants.ts";
import { substitutePolicy } from "../kit/substitute-policy.ts";

let simulator: Simulator;
let stack: LocalStack;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  simulator = await startSimulator({ quiet: true, answerTokens: 12, reasoningTokens: 6 });
  stack = await startLocalStack({
    port: 0,
    simulator: false,
    vars: {
      SESSION_SECRET: e2eSessionSecret,
      // No DeepSeek key and no Workers AI locally: DeepSeek V4.1 Flash has no target; the one GPU server serves
      // only Llama 3.3 70B, which the catalog allows as its substitute.
      DEEPSEEK_API_KEY: "",
      GPU_POOL: JSON.stringify([
        {
          id: "gpu-llama",
          url: `${simulator.url}/label=gpu-llama,engine=vllm`,
          region: "eu",
          engine: "vllm",
          models: { "llama-3.3-70b": "meta-llama/Llama-3.3-70B-Instruct" },
        },
      ]),
      ROUTING_POLICY: JSON.stringify(substitutePolicy),
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await simulator?.close();
});

describe("chat site: the catalog", () => {
  it("labels an answer from a substitute in plain words, live and after a reload", async () => {
    const context = await browser.newContext({ baseURL: stack.url });
    const page = await context.newPage();
    await page.goto("/");
    await expect.poll(() => page.locator(".hint").textContent()).toContain("DeepSeek V4.1 Flash");
    await sendMessage(page, "Who answers when the model is down?");
    await page.waitForURL(/\/c\/[\w-]+$/);
    const notice = "Answered by Llama 3.3 70B: DeepSeek V4.1 Flash was unavailable.";
    await expect.poll(() => lastAnswer(page).getByRole("note").textContent(), { timeout: 20_000 }).toBe(notice);
    await expect
      .poll(() => lastAnswer(page).locator(".served").textContent())
      .toContain("meta-llama/Llama-3.3-70B-Instruct");
    await saveScreenshot(page, "desktop-light-substitute");
    await page.reload();
    await expect.poll(() => lastAnswer(page).getByRole("note").textContent(), { timeout: 10_000 }).toBe(notice);
    await context.close();
  });

  it("DeepThink switches thinking on the same model, and the choice is sent with the message", async () => {
    const context = await browser.newContext({ baseURL: stack.url });
    const page = await context.newPage();
    await page.goto("/");
    const deepThink = page.getByRole("button", { name: "DeepThink" });
    await deepThink.waitFor();
    expect(await deepThink.getAttribute("aria-pressed")).toBe("false");
    await deepThink.click();
    expect(await deepThink.getAttribute("aria-pressed")).toBe("true");
    const sent = page.waitForRequest((request) => request.method() === "POST" && /\/messages$/.test(request.url()));
    await sendMessage(page, "Think first");
    expect((await sent).postDataJSON()).toMatchObject({ model: "deepseek-flash", thinking: true });
    // The plan lists one model: no model select, the DeepThink toggle alone.
    expect(await page.getByRole("combobox", { name: "Model" }).count()).toBe(0);
    await context.close();
  });
});

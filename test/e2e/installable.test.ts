// The chat site installs and opens offline, in a real Chromium: a valid web app manifest with loadable icons,
// and an app-shell service worker that renders the site, saying it is offline, once the network is cut.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../scripts/lib/local-stack.ts";
import { launchChromium, saveScreenshot, watchPageProblems } from "../kit/browser/chromium.ts";
import { pacing } from "../kit/browser/site.ts";
import { e2eSessionSecret } from "../kit/constants.ts";

// Its own stack: the offline test stops the Worker to cut the network for real (see below).
let stack: LocalStack;
let browser: Browser;
let stopped = false;

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    simulator: { quiet: true, ...pacing },
    vars: { SESSION_SECRET: e2eSessionSecret },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (!stopped) await stack?.stop();
});

type Manifest = {
  name?: string;
  short_name?: string;
  start_url?: string;
  display?: string;
  theme_color?: string;
  background_color?: string;
  icons?: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
};

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("installable chat site", () => {
  it("links a valid manifest whose icons load at their declared sizes, and Chromium finds it installable", async () => {
    const context = await browser.newContext({ baseURL: stack.url });
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    const response = await page.goto("/");
    const csp = response?.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
    expect(csp).toContain("script-src 'self';");

    const href = await page.locator('link[rel="manifest"]').getAttribute("href");
    expect(href).toBe("/manifest.webmanifest");
    const manifestResponse = await page.request.get(href ?? "");
    expect(manifestResponse.status()).toBe(200);
    expect(manifestResponse.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
    const manifest = (await manifestResponse.json()) as Manifest;
    expect(manifest).toMatchObject({ name: "edgechat", short_name: "edgechat", start_url: "/", display: "standalone" });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    const icons = manifest.icons ?? [];
    expect(icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual([
      "192x192 any",
      "512x512 any",
      "512x512 maskable",
    ]);
    for (const icon of icons) {
      const image = await page.request.get(icon.src);
      expect(image.status(), icon.src).toBe(200);
      expect(image.headers()["content-type"]).toBe("image/png");
      const { width, height } = pngSize(await image.body());
      expect(`${width}x${height}`).toBe(icon.sizes);
    }

    // Chromium's own reading of the manifest: no parse errors, and nothing standing in the way of installing but
    // the test profile itself (a Playwright context is incognito, where Chromium never installs; a missing icon,
    // field or service worker would be listed here too).
    const devtools = await context.newCDPSession(page);
    const read = await devtools.send("Page.getAppManifest");
    expect(read.errors).toEqual([]);
    expect(read.url).toBe(`${stack.url}/manifest.webmanifest`);
    await expect
      .poll(
        async () =>
          (await devtools.send("Page.getInstallabilityErrors")).installabilityErrors.map((error) => error.errorId),
        { timeout: 10_000 },
      )
      .toEqual(["in-incognito"]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("with the network cut, the app shell still renders and says it is offline; API answers are never cached", async () => {
    const context = await browser.newContext({ baseURL: stack.url });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("textbox", { name: "Message" }).waitFor();
    // The service worker is installed (shell cached) and controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached).toEqual(expect.arrayContaining(["/", "/assets/app.js", "/assets/app.css"]));
    expect(cached.filter((path) => path.startsWith("/api/"))).toEqual([]);

    // Offline for the page; Playwright's offline mode does not reach the service worker's own requests
    // (microsoft/playwright#2311), so the Worker is stopped too: every request really fails.
    await context.setOffline(true);
    await stack.stop();
    stopped = true;
    await page.reload();
    await page.getByRole("textbox", { name: "Message" }).waitFor();
    const banner = page.getByRole("status").filter({ hasText: "You are offline" });
    await banner.waitFor();
    await saveScreenshot(page, "offline-shell");
    // A conversation address opens the same shell.
    await page.goto("/c/some-conversation");
    await banner.waitFor();
    await context.close();
  });
});

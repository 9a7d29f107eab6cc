// Chromium for the browser tests (Debian's package, driven by playwright-core).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { repoRoot } from "../../../scripts/lib/local-stack.ts";

/**
 * Launches the system Chromium headless with the flags that keep it quiet in CI containers, plus `extraArgs`;
 * `showScrollbars` keeps scrollbars drawn (Playwright hides them all in headless mode); with a mobile context they
 * are overlays, as on phones.
 */
export function launchChromium(extraArgs: string[] = [], options: { showScrollbars?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    ...(options.showScrollbars ? { ignoreDefaultArgs: ["--hide-scrollbars"] } : {}),
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

/** Saves a screenshot under test/e2e/screenshots/ (gitignored) for a person to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const folder = join(repoRoot, "test/e2e/screenshots");
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), animations: "disabled" });
}

/** Page errors and CSP violations collected for a page, so a test can assert there were none. */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  return problems;
}

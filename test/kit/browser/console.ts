// Helpers of the operator console's browser tests (test/e2e/admin-console.test.ts).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

/** A third-party page at http://localhost:PORT whose whole body is whatever the test puts in `body`. */
export type HostPage = { origin: string; body: string; close(): Promise<void> };

/** Starts a HostPage on a free port (a real server: Chromium only lets a page it fetched reach loopback). */
export async function serveHostPage(): Promise<HostPage> {
  const host: HostPage = { origin: "", body: "", close: async () => {} };
  const server = createServer((request, response) => {
    if (request.url !== "/") return void response.writeHead(204).end();
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(host.body);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  host.origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  host.close = () => new Promise((resolve) => server.close(() => resolve()));
  return host;
}

/** Calls `/v1/chat/completions` on `origin` with a key; resolves to the status. */
export async function complete(origin: string, key: string): Promise<number> {
  const response = await fetch(`${origin}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "deepseek-flash",
      messages: [{ role: "user", content: "Hello from the console test" }],
    }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Runs the Worker's scheduled handler with the hourly cron (the usage rollups), as Cloudflare would. */
export async function runHourlyRollup(origin: string): Promise<void> {
  // wrangler 4.164 serves /cdn-cgi/local/scheduled without flags (/__scheduled needs --test-scheduled);
  // "7 * * * *" is the hourly cron in wrangler.toml.
  const response = await fetch(`${origin}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("7 * * * *")}`);
  expect(response.status, await response.text()).toBe(200);
}

/** The text of each body row's cells, header cell first. */
export function bodyRows(table: Locator): Promise<string[][]> {
  return table
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent ?? "")));
}

/** Opens a console page from the navigation with the keyboard, as an operator without a mouse would. */
export async function openConsolePage(page: Page, name: string): Promise<void> {
  const link = page.getByRole("navigation", { name: "Console" }).getByRole("link", { name, exact: true });
  await link.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => link.getAttribute("aria-current")).toBe("page");
}

/**
 * Opens a collapsed section (`<details>`) by its summary with the keyboard. A pointer click can land on whatever a
 * late layout shift moved under it (a card's usage line arrives after its sections are drawn), so a loaded machine
 * turned a click into a miss; focus and Enter reach the summary itself.
 */
export async function openSection(page: Page, title: string): Promise<void> {
  const summary = page.locator("summary", { hasText: title });
  const isOpen = () => summary.evaluate((element) => (element.parentElement as HTMLDetailsElement).open);
  if (await isOpen()) return;
  await summary.focus();
  await page.keyboard.press("Enter");
  await expect.poll(isOpen).toBe(true);
}

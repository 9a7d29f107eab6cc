// A third-party website for the widget's browser tests: a tiny node:http server on its own port (so its own
// origin), sending the strict CSP the issue names and a page with the widget's script tag.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium.ts";

/** A running host site, reachable as two origins: `http://localhost:PORT` and `http://127.0.0.1:PORT`. */
export type HostSite = { port: number; localhost: string; loopback: string; close(): Promise<void> };

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Serves `/` and `/other` (pages with the widget) and `/plain` (no widget). `?key=` is the site key; every other
 * `?data-x=` query parameter becomes a data attribute of the script tag.
 */
export async function startHostSite(widgetOrigin: string): Promise<HostSite> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://host.invalid");
    if (!["/", "/other", "/plain"].includes(url.pathname)) {
      // Including /favicon.ico: an empty answer, so the page logs no 404.
      response.writeHead(204).end();
      return;
    }
    const attributes = [...url.searchParams]
      .filter(([name]) => name.startsWith("data-"))
      .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
      .join("");
    const key = escapeAttribute(url.searchParams.get("key") ?? "");
    const widget =
      url.pathname === "/plain"
        ? ""
        : `<script src="${widgetOrigin}/widget.js" data-site-key="${key}"${attributes} async></script>`;
    response.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `script-src 'self' ${widgetOrigin}; style-src 'self' ${widgetOrigin}; frame-src ${widgetOrigin}`,
    });
    response.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Shop</title></head><body><h1>Shop</h1><a href="/other${url.search}">Other page</a> <button id="before">Before</button>${widget}</body></html>`,
    );
  });
  // All interfaces: Chromium may resolve localhost to ::1.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    localhost: `http://localhost:${port}`,
    loopback: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Chromium with third-party cookies blocked, so the widget must live on its bearer token. */
export function launchChromiumWithoutThirdPartyCookies(): Promise<Browser> {
  return launchChromium(["--test-third-party-cookie-phaseout"]);
}

// A site owner's own server on loopback, for the widget's knowledge and hand-off tests: it serves web pages for the
// Worker to fetch into a site's knowledge, and receives hand-off webhooks, recording each delivery (headers and raw
// body) and failing the first ones when asked, so retries can be seen.
//   GET  /pages/<name>                     one of `ownerPages` (HTML), or 404
//   POST /hooks/<box>?fail=<n>&status=<s>  records the delivery in <box>; answers <s> (default 500) to the first <n>
//   GET  /deliveries/<box>                 JSON array of what <box> received, oldest first
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One webhook delivery as the receiver saw it (header names lower-case). */
export type RecordedDelivery = { headers: Record<string, string>; body: string; answeredStatus: number };

/** The pages the owner's server serves. */
export const ownerPages: Record<string, { type: string; body: string }> = {
  "opening-hours": {
    type: "text/html; charset=utf-8",
    body: `<!doctype html><html><head><title>Opening hours &amp; address</title>
<style>body { color: red } .marmalade-style { }</style>
<script>window.trackingMarmalade = "do-not-index";</script></head>
<body><nav><a href="/">Home</a> <a href="/menu">Menu-navigation-link</a></nav>
<main><h1>Rosa&#39;s Bakery</h1><p>We are open Tuesday&nbsp;to Saturday, 7&ndash;15h.</p>
<p>Find us at Kastanienallee&nbsp;12 &#x2014; next to the fountain.</p><!-- a comment-marmalade --></main>
<footer>&copy; Rosa</footer></body></html>`,
  },
  "plain.txt": { type: "text/plain; charset=utf-8", body: "Gift cards never expire." },
  "image.png": { type: "image/png", body: "not really a png" },
};

/** A running owner server. */
export type OwnerSiteStandIn = { url: string; close(): Promise<void> };

/** Starts the owner's server on a free loopback port. */
export async function startOwnerSiteStandIn(): Promise<OwnerSiteStandIn> {
  const boxes = new Map<string, RecordedDelivery[]>();
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      const [, kind, name = ""] = url.pathname.split("/");
      if (request.method === "GET" && kind === "pages") {
        const page = ownerPages[name];
        response.writeHead(page ? 200 : 404, { "content-type": page?.type ?? "text/plain" });
        return response.end(page?.body ?? "no such page");
      }
      if (request.method === "POST" && kind === "hooks") {
        const box = boxes.get(name) ?? [];
        boxes.set(name, box);
        const failing = box.length < Number(url.searchParams.get("fail") ?? 0);
        const status = failing ? Number(url.searchParams.get("status") ?? 500) : 200;
        const headers: Record<string, string> = {};
        for (const [header, value] of Object.entries(request.headers)) headers[header] = String(value);
        box.push({ headers, body, answeredStatus: status });
        response.writeHead(status, { "content-type": "text/plain" });
        return response.end(failing ? "try again later" : "ok");
      }
      if (request.method === "GET" && kind === "deliveries") {
        response.writeHead(200, { "content-type": "application/json" });
        return response.end(JSON.stringify(boxes.get(name) ?? []));
      }
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// The chat site's service worker (served as /sw.js): keeps the app shell (page, script, styles, manifest, icons)
// so the site opens offline and can say so. Network first: online, every shell file comes fresh from the network (refreshing the
// copy); offline, the copy answers. It never handles the site API, the live stream (WebSocket or SSE), the partner
// API, the console or the widget: those requests go straight to the network, untouched, so streaming is unaffected.
// Written by the build (scripts/lib/service-worker.ts) into public/sw.js: every file of the shell (the page, its
// script with all its chunks, styles, manifest, icons) and a hash of their contents, so each deploy that changes
// them is a new worker with a new cache, and the old cache is dropped when it activates.
const shell = ["/"];
const version = "dev";
const cacheName = `edgechat-shell-${version}`;
const appPage = /^\/(c|s)\/[^/]+$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(shell))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== cacheName) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Every page of the app is the same shell (the client routes), kept once under "/".
  if (request.mode === "navigate" && (url.pathname === "/" || appPage.test(url.pathname))) {
    event.respondWith(networkFirst(event, request, "/"));
    return;
  }
  const shellFile = shell.includes(url.pathname) || url.pathname.startsWith("/assets/chunks/");
  if (shellFile && url.pathname !== "/") event.respondWith(networkFirst(event, request, url.pathname));
});

/** The network's answer (kept as the new copy when it is a success), else the kept copy, else the failure. */
async function networkFirst(event, request, key) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) event.waitUntil(cache.put(key, response.clone()));
    return response;
  } catch (error) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw error;
  }
}

// Client routes: `/` (new chat), `/c/:id` (a conversation), `/s/:id` (a shared, read-only page).
import { useEffect, useState } from "preact/hooks";

/** Where the page is. */
export type Route = { name: "new" } | { name: "conversation"; id: string } | { name: "shared"; id: string };

/** Parses a pathname into a route; unknown paths show a new chat. */
export function parseRoute(pathname: string): Route {
  const match = /^\/(c|s)\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[2]) return { name: "new" };
  const id = decodeURIComponent(match[2]);
  return match[1] === "c" ? { name: "conversation", id } : { name: "shared", id };
}

const listeners = new Set<() => void>();
addEventListener("popstate", () => {
  for (const listener of listeners) listener();
});

/** Goes to `path` (push, or replace for redirects) and re-renders subscribers. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === location.pathname) return;
  if (options.replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  for (const listener of listeners) listener();
}

/** The current route, updated on navigate() and back/forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const listener = () => setRoute(parseRoute(location.pathname));
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return route;
}

/** Click handler for same-origin links: navigate without a reload (modifier clicks keep browser behaviour). */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  const anchor = event.currentTarget;
  if (!(anchor instanceof HTMLAnchorElement) || anchor.target || anchor.origin !== location.origin) return;
  event.preventDefault();
  navigate(anchor.pathname);
}

// "Does this request come from a page on HOST?" The widget's API calls come from the iframe, whose origin is the
// Worker's own; a page elsewhere that copied the site key is cross-origin and is told apart here.
import { canonicalOrigin } from "./origin-pattern.ts";

/** The Worker's own origin, as the browser addressed it (canonical: the URL parser lower-cases and drops :443). */
export function hostOrigin(request: Request): string {
  return new URL(request.url).origin;
}

/**
 * True when a browser sent `request` from HOST itself. Browsers omit `Origin` on same-origin GETs, so then we rely
 * on `Sec-Fetch-Site: same-origin` (sent by every current browser); a request with neither is not a browser frame.
 * Both origins are compared in canonical form.
 */
export function isFromHost(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const claimed = canonicalOrigin(origin);
    return claimed !== null && claimed === canonicalOrigin(hostOrigin(request));
  }
  return request.headers.get("sec-fetch-site") === "same-origin";
}

/**
 * Strict CSP for our own pages: no inline scripts or styles, nothing remote, no framing. The chat site's service
 * worker (/sw.js) and web app manifest are same-origin files, named explicitly rather than left to `default-src`.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Headers every page and static file gets. `x-frame-options` backs up `frame-ancestors 'none'` for browsers
 * without CSP 2; a page with its own `frame-ancestors` list (the embed page) gets none, since DENY would win there.
 */
export function pageSecurityHeaders(csp: string = PAGE_CSP): Record<string, string> {
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    ...(csp.includes("frame-ancestors 'none'") ? { "x-frame-options": "DENY" } : {}),
  };
}

// Allowed origins of a widget site: exact origins (`https://shop.example`) or one leading wildcard label
// (`https://*.example.com`, any subdomain, as CSP source expressions mean it). The same list is both the
// `frame-ancestors` of the embed page and what the server matches a parent origin against, so both agree.
import * as z from "zod";

const hostLabel = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const hostPattern = `(?:${hostLabel}(?:\\.${hostLabel})*|\\[[0-9a-f:.]+\\])`;
// scheme://[*.]host[:port], nothing else: no path, no quotes, no spaces or semicolons that could break a CSP.
const originPattern = new RegExp(`^(https?)://(\\*\\.)?(${hostPattern})(?::(\\d{1,5}))?$`);

/** A parsed allowed-origin entry. */
export type OriginPattern = { scheme: "http" | "https"; wildcard: boolean; host: string; port: string };

/** Parses an origin or wildcard origin (case-insensitive, default ports dropped); null when it is neither. */
export function parseOriginPattern(text: string): OriginPattern | null {
  const match = originPattern.exec(text.trim().toLowerCase());
  if (!match) return null;
  const scheme = match[1] === "https" ? "https" : "http";
  // "0443" is port 443, as the URL parser reads it.
  const port = match[4] === undefined ? "" : String(Number(match[4]));
  if (port !== "" && Number(port) > 65535) return null;
  const defaultPort = scheme === "https" ? "443" : "80";
  return { scheme, wildcard: match[2] !== undefined, host: match[3] ?? "", port: port === defaultPort ? "" : port };
}

/** The canonical text of a pattern: how it is stored and written into `frame-ancestors`. */
export function formatOriginPattern(pattern: OriginPattern): string {
  return `${pattern.scheme}://${pattern.wildcard ? "*." : ""}${pattern.host}${pattern.port ? `:${pattern.port}` : ""}`;
}

/**
 * The canonical form of one origin (`HTTPS://Shop.Example:443` → `https://shop.example`): lower-case scheme and
 * host, default port dropped, no path. Null for anything else (a wildcard, a path, `null`). Every place that
 * compares or echoes an origin goes through this, so it matches what browsers put in `Origin` and `event.origin`.
 */
export function canonicalOrigin(text: string): string | null {
  const parsed = parseOriginPattern(text);
  return parsed && !parsed.wildcard ? formatOriginPattern(parsed) : null;
}

/** zod schema of one allowed origin; outputs the canonical form. */
export const allowedOriginSchema = z.string().transform((text, context) => {
  const pattern = parseOriginPattern(text);
  if (!pattern) {
    context.addIssue({
      code: "custom",
      message: "must be an origin like https://shop.example or a wildcard like https://*.example.com",
    });
    return z.NEVER;
  }
  return formatOriginPattern(pattern);
});

/** True when `origin` (a browser `Origin` value) is allowed by `pattern`; a wildcard needs at least one subdomain label. */
export function originMatches(origin: string, pattern: string): boolean {
  const actual = parseOriginPattern(origin);
  const allowed = parseOriginPattern(pattern);
  // Both sides are parsed to canonical parts (see canonicalOrigin), so case and default ports never matter.
  if (!actual || actual.wildcard || !allowed) return false;
  if (actual.scheme !== allowed.scheme || actual.port !== allowed.port) return false;
  if (!allowed.wildcard) return actual.host === allowed.host;
  return actual.host.endsWith(`.${allowed.host}`);
}

/** True when any of `patterns` allows `origin`. */
export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => originMatches(origin, pattern));
}

/** The `frame-ancestors` directive for a site; `'none'` when it lists no origin. */
export function frameAncestors(patterns: readonly string[]): string {
  const sources = patterns
    .map(parseOriginPattern)
    .filter((pattern) => pattern !== null)
    .map(formatOriginPattern);
  return `frame-ancestors ${sources.length > 0 ? sources.join(" ") : "'none'"}`;
}

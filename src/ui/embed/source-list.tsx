// The sources an answer cites, as numbered links under it. A source URL comes from the site's knowledge (an
// owner's page or text), so it is still checked: only http(s) pages and paths on our own origin are links.
import type { Source } from "../../contract/site-api.ts";

/** The URL to open for a source, or null when it is not an http(s) address (javascript:, data:, …). */
function sourceHref(url: string, base = location.origin): string | null {
  try {
    const resolved = new URL(url, base);
    return resolved.protocol === "https:" || resolved.protocol === "http:" ? resolved.href : null;
  } catch {
    return null;
  }
}

/** "Sources: 1. Shipping policy  2. Returns" — each opens in a new tab. */
export function SourceList({ sources }: { sources: Source[] }) {
  if (sources.length === 0) return null;
  return (
    <nav class="sources" aria-label="Sources">
      <ol>
        {sources.map((source, index) => {
          const href = sourceHref(source.url);
          const number = source.ref ?? index + 1;
          return (
            <li key={`${number}-${source.url}`} value={typeof number === "number" ? number : undefined}>
              {href ? (
                <a href={href} target="_blank" rel="noopener">
                  {source.title || href}
                </a>
              ) : (
                <span>{source.title}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

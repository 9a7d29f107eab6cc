// How long visitor credentials live. Both are sliding: a credential in use is re-issued with a fresh issue time
// once it is older than `refreshAfterMs`, so only one left unused for `maxAgeMs` dies.
// - The chat site's cookie is the only key to an anonymous visitor's history, so it lives as long as a browser
//   keeps a cookie at all (400 days, the cap in Chrome and the cookie spec draft): someone who comes back once a
//   year keeps their chats, while a copied cookie stops working after 13 months of disuse. Refreshing monthly
//   keeps Set-Cookie off nearly every response.
// - A widget token sits in script-readable storage (sometimes the host page's), so it lives 30 days: a
//   support chat is short, and a visitor back within a month still finds their conversation. It is refreshed
//   daily, so a token that leaks from storage is useful for at most 30 days after its owner last used it.

const day = 24 * 60 * 60_000;

/** Lifetime and refresh threshold of one kind of credential. */
export type Lifetime = { maxAgeMs: number; refreshAfterMs: number };

/** The `ec_visitor` cookie of the chat site. */
export const cookieLifetime: Lifetime = { maxAgeMs: 400 * day, refreshAfterMs: 30 * day };

/** The widget's visitor token. */
export const widgetTokenLifetime: Lifetime = { maxAgeMs: 30 * day, refreshAfterMs: day };

/**
 * A signed-in session (`ec_session`): a passkey is a stronger key than the anonymous cookie, and its session
 * rotates to a new id daily on use; unused for 30 days it ends. `absoluteMs` caps a session however busy it
 * stays: after 180 days the person signs in with their passkey again.
 */
export const sessionLifetime: Lifetime & { absoluteMs: number } = {
  maxAgeMs: 30 * day,
  refreshAfterMs: day,
  absoluteMs: 180 * day,
};

/** Issue times this far in the future are still accepted (clocks of isolates differ slightly). */
export const clockSkewMs = 5 * 60_000;

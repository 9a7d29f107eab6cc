/** Where the visitor is, from Cloudflare's `request.cf` (or `x-dev-country` in local dev). */
export type Region = {
  /** ISO 3166-1 alpha-2, upper case; null when unknown (e.g. local dev without the header). */
  country: string | null;
  /** Cloudflare continent code (EU, NA, SA, AS, AF, OC, AN); null when unknown. */
  continent: string | null;
};

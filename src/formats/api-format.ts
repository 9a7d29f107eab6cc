/** The client dialects /v1 speaks; a usage row records which one a request used. */
export type ApiFormat = "chat" | "responses" | "messages" | "completions" | "embeddings";

/** Response header listing the request fields the gateway accepted but did not act on. */
const ignoredParamsHeader = "x-edgechat-ignored-params";

/** The ignored-params header for a list of field names (none: no header). */
export function ignoredParamsHeaders(names: readonly string[]): Record<string, string> {
  if (names.length === 0) return {};
  return { [ignoredParamsHeader]: [...new Set(names)].join(", ") };
}

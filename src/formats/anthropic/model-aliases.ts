import * as z from "zod";

/**
 * `claude-*` names → catalog models, matched by the longest prefix. The default follows DeepSeek's own
 * Anthropic endpoint (https://api-docs.deepseek.com/guides/anthropic_api): `claude-opus*` → deepseek-v4-pro,
 * every other `claude*` → deepseek-flash; so Claude Code runs with only its base URL and token changed.
 * Operators replace it with ANTHROPIC_MODEL_ALIASES (a JSON object of the same shape).
 */
export const defaultModelAliases: Readonly<Record<string, string>> = {
  "claude-opus": "deepseek-v4-pro",
  claude: "deepseek-flash",
};

/** The shape of ANTHROPIC_MODEL_ALIASES: name prefix → public model id. */
export const modelAliasesSchema = z.record(z.string().min(1), z.string().min(1));

/** The catalog model a Messages request names: an alias's target, or the name itself when no prefix matches. */
export function resolveModelAlias(aliases: Readonly<Record<string, string>>, model: string): string {
  let best: string | null = null;
  for (const prefix of Object.keys(aliases)) {
    if (model.startsWith(prefix) && (best === null || prefix.length > best.length)) best = prefix;
  }
  return best === null ? model : (aliases[best] ?? model);
}

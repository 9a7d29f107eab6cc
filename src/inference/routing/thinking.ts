import type { Effort, ModelCapabilities, RequestedEffort, Thinking, ThinkingRequest } from "../types.ts";

/**
 * DeepSeek's mapping of requested efforts onto its three levels (api-docs.deepseek.com/guides/thinking_mode:
 * minimal→low, low→low, medium→high, high→high, xhigh→high, max→max, ultra→max); `none` disables thinking
 * (the Responses API's and Workers AI's spelling).
 */
const effortMap: Record<RequestedEffort, Effort | "none"> = {
  none: "none",
  minimal: "low",
  low: "low",
  medium: "high",
  high: "high",
  xhigh: "high",
  max: "max",
  ultra: "max",
};

/**
 * The thinking a request runs with: what the client said, else the alias's or the model's default. A model
 * without the switch never thinks; an effort it does not list falls back to the provider's default.
 */
export function resolveThinking(
  request: ThinkingRequest,
  capabilities: ModelCapabilities,
  defaultEnabled: boolean,
): Thinking {
  const mapped = request.effort === null ? null : effortMap[request.effort];
  if (!capabilities.thinking) return { enabled: false, effort: null };
  const enabled = request.enabled ?? (mapped === "none" ? false : defaultEnabled);
  if (!enabled || mapped === "none" || mapped === null) return { enabled: enabled && mapped !== "none", effort: null };
  return { enabled: true, effort: capabilities.efforts.includes(mapped) ? mapped : null };
}

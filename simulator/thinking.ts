import { jsonError } from "./catalog.ts";
import type { ErrorResponse } from "./faults.ts";
import { isRecord } from "./messages.ts";
import { errorJson } from "./protocol.ts";

/** The reasoning effort a thinking request runs at (DeepSeek's three levels). */
export type Effort = "low" | "high" | "max";

/** Whether a request thinks, and how hard (null effort: the engine has no effort control). */
export type Thinking = { enabled: boolean; effort: Effort | null };

/**
 * DeepSeek maps every effort a client may send to one of its three levels.
 * Source: https://api-docs.deepseek.com/guides/thinking_mode ("Thinking Mode Toggle and Effort Control", table 2).
 */
const DEEPSEEK_EFFORTS: Readonly<Record<string, Effort>> = {
  minimal: "low",
  low: "low",
  medium: "high",
  high: "high",
  xhigh: "high",
  max: "max",
  ultra: "max",
};

/** Maps a requested effort to DeepSeek's level, or null when DeepSeek does not know the value. */
export function mapDeepSeekEffort(requested: string): Effort | null {
  return DEEPSEEK_EFFORTS[requested] ?? null;
}

/**
 * DeepSeek's thinking switch: `thinking: {"type": "enabled"|"disabled"}`, enabled by default with effort `high`
 * (https://api-docs.deepseek.com/guides/thinking_mode). With the legacy opt-in, `deepseek-chat` defaults to
 * non-thinking as it did before its retirement. Unknown values are rejected the way DeepSeek's serde-based
 * parser rejects any body it cannot deserialize (message shape as in the `json_schema` rejection quoted in
 * https://github.com/BerriAI/litellm/issues/7580; the exact wording for these two fields is not documented).
 */
export function deepSeekThinking(request: Record<string, unknown>, defaultEnabled: boolean): Thinking | ErrorResponse {
  let enabled = defaultEnabled;
  const thinking = request.thinking;
  if (thinking !== undefined && thinking !== null) {
    const type = isRecord(thinking) ? thinking.type : undefined;
    if (type !== "enabled" && type !== "disabled") {
      return deserializeError(
        `thinking.type: unknown variant \`${String(type)}\`, expected \`enabled\` or \`disabled\``,
      );
    }
    enabled = type === "enabled";
  }
  let effort: Effort = "high";
  const requested = request.reasoning_effort;
  if (requested !== undefined && requested !== null) {
    const mapped = typeof requested === "string" ? mapDeepSeekEffort(requested) : null;
    if (mapped === null) return deserializeError(`reasoning_effort: unknown variant \`${String(requested)}\``);
    effort = mapped;
  }
  return { enabled, effort: enabled ? effort : null };
}

/**
 * vLLM's switch for DeepSeek chat templates: off by default, on with `chat_template_kwargs.thinking` (the
 * `deepseek_v3` reasoning parser also reads `enable_thinking`). Source:
 * https://docs.vllm.ai/en/v0.17.1/api/vllm/reasoning/deepseek_v3_reasoning_parser/ and
 * https://docs.vllm.ai/en/latest/features/reasoning_outputs/ ("DeepSeek-V3.1 reasoning is disabled by default").
 */
export function vllmThinking(request: Record<string, unknown>): Thinking {
  const kwargs = isRecord(request.chat_template_kwargs) ? request.chat_template_kwargs : {};
  return { enabled: Boolean(kwargs.thinking) || Boolean(kwargs.enable_thinking), effort: null };
}

/** How many reasoning tokens a thinking request produces: the configured count, scaled by effort. */
export function reasoningBudget(thinking: Thinking, configured: number): number {
  if (!thinking.enabled) return 0;
  // Simulator-only: effort changes how much it "thinks", so callers can see which effort arrived.
  if (thinking.effort === "low") return Math.ceil(configured / 2);
  if (thinking.effort === "max") return configured * 2;
  return configured;
}

function deserializeError(detail: string): ErrorResponse {
  return jsonError(
    400,
    errorJson(`Failed to deserialize the JSON body into the target type: ${detail}`, "invalid_request_error"),
  );
}

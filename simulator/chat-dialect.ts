import type { OutputFormat } from "./answer.ts";
import { isDeepSeekModel, LEGACY_DEEPSEEK_MODELS, modelNotExist, vllmModelNotFound } from "./catalog.ts";
import type { ErrorResponse } from "./faults.ts";
import { isRecord } from "./messages.ts";
import { type RequestOptions, selfHosted } from "./options.ts";
import { deepSeekChatViolation } from "./rules.ts";
import { deepSeekThinking, type Thinking, vllmThinking } from "./thinking.ts";
import type { UsageDialect } from "./usage.ts";

/** How one chat request is answered in its engine's dialect. */
export type ChatDialect = {
  model: string;
  thinking: Thinking;
  /** `reasoning_content` (DeepSeek) or `reasoning` (vLLM ≥ 0.17, https://github.com/vllm-project/vllm/pull/33402). */
  reasoningField: "reasoning_content" | "reasoning";
  /** DeepSeek writes `content: null` / `reasoning_content: null` explicitly on deltas; vLLM omits unset fields. */
  explicitNulls: boolean;
  format: OutputFormat;
  usage: UsageDialect;
};

/** Checks a chat request against its engine's rules and resolves its thinking mode and output format. */
export function chatDialect(request: Record<string, unknown>, options: RequestOptions): ChatDialect | ErrorResponse {
  const named = typeof request.model === "string" && request.model ? request.model : null;
  const format = readFormat(request.response_format);
  if (selfHosted(options.engine)) {
    // A server serves what it was started with; a request without `model` gets the first served model.
    const model = named ?? options.models[0] ?? "default";
    if (options.models.length > 0 && !options.models.includes(model)) return vllmModelNotFound(model);
    const thinking = vllmThinking(request);
    const guided = vllmGuidedFormat(request) ?? format;
    // SGLang's reasoning parser (separate_reasoning, on by default) streams `reasoning_content`
    // (https://docs.sglang.ai/advanced_features/separate_reasoning.html); vLLM says `reasoning`.
    const reasoningField = options.engine === "sglang" ? "reasoning_content" : "reasoning";
    return { model, thinking, reasoningField, explicitNulls: false, format: guided, usage: "vllm" };
  }
  if (named === null || !isDeepSeekModel(named, options.legacy)) return modelNotExist();
  const thinking = deepSeekThinking(request, LEGACY_DEEPSEEK_MODELS[named] ?? true);
  if ("status" in thinking) return thinking;
  const violation = deepSeekChatViolation(request, thinking.enabled);
  if (violation) return violation;
  return {
    model: named,
    thinking,
    reasoningField: "reasoning_content",
    explicitNulls: true,
    format,
    usage: "deepseek",
  };
}

/** Reads OpenAI's `response_format` (`text`, `json_object`, or `json_schema` with `json_schema.schema`). */
export function readFormat(format: unknown): OutputFormat {
  if (!isRecord(format)) return { type: "text" };
  if (format.type === "json_object") return { type: "json_object" };
  if (format.type === "json_schema") {
    const schema = isRecord(format.json_schema) ? format.json_schema.schema : undefined;
    return { type: "json_schema", schema };
  }
  return { type: "text" };
}

/** The `stop` sequences of a request (a string or an array of strings). */
export function readStop(stop: unknown): string[] {
  if (typeof stop === "string") return [stop];
  return Array.isArray(stop) ? stop.filter((s): s is string => typeof s === "string") : [];
}

/**
 * vLLM's own structured-output parameters next to `response_format`: `structured_outputs: {json}` (current) and
 * the older `guided_json` (https://docs.vllm.ai/en/latest/features/structured_outputs/).
 */
function vllmGuidedFormat(request: Record<string, unknown>): OutputFormat | null {
  const structured = isRecord(request.structured_outputs) ? request.structured_outputs.json : undefined;
  const schema = structured ?? request.guided_json;
  if (schema === undefined) return null;
  return { type: "json_schema", schema: typeof schema === "string" ? safeParse(schema) : schema };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

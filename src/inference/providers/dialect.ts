import type { Engine, Thinking } from "../types.ts";

/**
 * Each target's dialect of the one internal request (an OpenAI chat-completions body with DeepSeek's `thinking`,
 * `reasoning_effort` and assistant `reasoning_content`): how thinking is switched, how earlier reasoning goes
 * back, and what structured output it takes. Sources are cited in docs/inference.md#engines.
 */
type EngineDialect = {
  /** Adds the thinking switch and effort in the engine's own parameters. */
  thinking(body: Record<string, unknown>, thinking: Thinking): void;
  /** The field an assistant message's earlier reasoning goes back in; null when the engine takes none. */
  reasoningField: "reasoning_content" | "reasoning" | null;
  /** Takes `response_format: {type: "json_schema"}` (guided decoding); else it becomes JSON mode + instructions. */
  jsonSchema: boolean;
};

const chatTemplateSwitch = (body: Record<string, unknown>, enabled: boolean, names: string[]) => {
  const existing = body.chat_template_kwargs;
  const kwargs: Record<string, unknown> = typeof existing === "object" && existing !== null ? { ...existing } : {};
  for (const name of names) kwargs[name] = enabled;
  body.chat_template_kwargs = kwargs;
};

const dialects: Record<Engine, EngineDialect> = {
  // api-docs.deepseek.com/guides/thinking_mode: `thinking.type` and `reasoning_effort`; reasoning of tool-call
  // turns must come back as `reasoning_content`; JSON mode only (guides/json_mode).
  deepseek: {
    thinking(body, thinking) {
      body.thinking = { type: thinking.enabled ? "enabled" : "disabled" };
      if (thinking.enabled && thinking.effort) body.reasoning_effort = thinking.effort;
    },
    reasoningField: "reasoning_content",
    jsonSchema: false,
  },
  // Workers AI's DeepSeek V4 models: `reasoning_effort` none|low|high|max (worker-configuration.d.ts); its input
  // messages carry no reasoning field, so earlier reasoning is not sent.
  "workers-ai": {
    thinking(body, thinking) {
      body.reasoning_effort = thinking.enabled ? (thinking.effort ?? "high") : "none";
    },
    reasoningField: null,
    jsonSchema: true,
  },
  // vLLM's deepseek_v3 reasoning parser reads chat_template_kwargs `thinking` (or `enable_thinking`); since
  // v0.17 reasoning travels as `reasoning` (docs.vllm.ai/en/stable/features/reasoning_outputs).
  vllm: {
    thinking(body, thinking) {
      chatTemplateSwitch(body, thinking.enabled, ["thinking", "enable_thinking"]);
    },
    reasoningField: "reasoning",
    jsonSchema: true,
  },
  // SGLang: chat_template_kwargs `thinking` for DeepSeek templates, `separate_reasoning` returns
  // `reasoning_content` (docs.sglang.ai, separate reasoning).
  sglang: {
    thinking(body, thinking) {
      chatTemplateSwitch(body, thinking.enabled, ["thinking", "enable_thinking"]);
      body.separate_reasoning = true;
    },
    reasoningField: "reasoning_content",
    jsonSchema: true,
  },
  // llama.cpp's server applies chat_template_kwargs and returns `reasoning_content` (--reasoning-format deepseek).
  "llama.cpp": {
    thinking(body, thinking) {
      chatTemplateSwitch(body, thinking.enabled, ["thinking", "enable_thinking"]);
    },
    reasoningField: "reasoning_content",
    jsonSchema: true,
  },
  // Ollama's OpenAI-compatible endpoint: `reasoning_effort` (`none` turns thinking off), reasoning as `reasoning`.
  ollama: {
    thinking(body, thinking) {
      body.reasoning_effort = thinking.enabled ? (thinking.effort === "low" ? "low" : "high") : "none";
    },
    reasoningField: "reasoning",
    jsonSchema: true,
  },
  // An unknown OpenAI-compatible server: no extension parameters, no reasoning sent back.
  openai: {
    thinking() {},
    reasoningField: null,
    jsonSchema: true,
  },
};

/**
 * The internal request in `engine`'s dialect: the client's thinking fields replaced by the engine's switch,
 * earlier reasoning passed back only where a tool-call turn needs it (in the engine's field), and a JSON schema
 * turned into JSON mode plus instructions where the engine has no guided decoding.
 */
export function toDialect(engine: Engine, body: Record<string, unknown>, thinking: Thinking): Record<string, unknown> {
  const dialect = dialects[engine];
  const { thinking: _thinking, reasoning_effort: _effort, ...rest } = body;
  const out: Record<string, unknown> = rest;
  dialect.thinking(out, thinking);
  if (Array.isArray(out.messages)) {
    const field = thinking.enabled ? dialect.reasoningField : null;
    out.messages = out.messages.map((message) => withReasoningAs(message, field));
  }
  if (!dialect.jsonSchema) jsonSchemaToJsonMode(out);
  return out;
}

/**
 * DeepSeek's rule (guides/thinking_mode): the reasoning of an assistant turn that made tool calls must be sent
 * back in every later request; other reasoning is ignored, so it is not sent at all.
 */
function withReasoningAs(message: unknown, field: EngineDialect["reasoningField"]): unknown {
  if (typeof message !== "object" || message === null) return message;
  const { reasoning_content: reasoning, reasoning: altReasoning, ...rest } = message as Record<string, unknown>;
  const text = typeof reasoning === "string" ? reasoning : typeof altReasoning === "string" ? altReasoning : null;
  const madeToolCalls = Array.isArray(rest.tool_calls) && rest.tool_calls.length > 0;
  if (field && text !== null && madeToolCalls) rest[field] = text;
  return rest;
}

/** `json_schema` → `json_object` with the schema in a system message (the result is validated by the caller). */
function jsonSchemaToJsonMode(body: Record<string, unknown>): void {
  const format = body.response_format;
  if (typeof format !== "object" || format === null || (format as { type?: unknown }).type !== "json_schema") return;
  const spec = (format as { json_schema?: { name?: unknown; schema?: unknown } }).json_schema ?? {};
  body.response_format = { type: "json_object" };
  const instruction =
    `Answer with a single JSON object (json) that conforms to this JSON Schema` +
    `${typeof spec.name === "string" ? ` named "${spec.name}"` : ""}, and nothing else:\n` +
    JSON.stringify(spec.schema ?? {});
  const messages = Array.isArray(body.messages) ? body.messages : [];
  body.messages = [{ role: "system", content: instruction }, ...messages];
}

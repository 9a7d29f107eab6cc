/**
 * The inference layer's shared vocabulary: what chat sessions and /v1 exchange with it, and the words its
 * folders (routing, health, attempt, wire, providers, chat, passthrough) share. It imports nothing from them
 * (but the zod-only policy schema), so every import inside the layer points one way. Internal provider types
 * live beside each provider.
 */
import type { Region } from "../lib/region.ts";
// The policy schema is a leaf (zod only): its inferred shapes are vocabulary too.
import type { Effort, ModelCapabilities, RequestedEffort, RoutingPolicy } from "./routing/policy-schema.ts";

export type { Effort, ModelCapabilities, RequestedEffort };

export type ProviderId = "workers-ai" | "deepseek" | "self-hosted";

/** Whether a request thinks, and how hard (null: the provider's default, `high` on DeepSeek). */
export type Thinking = { enabled: boolean; effort: Effort | null };

/** What a client asked for, in any dialect, before the model's defaults apply. */
export type ThinkingRequest = {
  /** `thinking.type` (OpenAI/Anthropic formats), or a boolean from the site API; null when not said. */
  enabled: boolean | null;
  effort: RequestedEffort | null;
};

/** The circuit breaker's settings (the routing policy's `breaker`). */
export type BreakerPolicy = RoutingPolicy["breaker"];

/**
 * The dialect a target speaks (thinking switch, reasoning field, passback rule): DeepSeek's own API, Workers AI,
 * or a self-hosted server's engine (GPU_POOL `engine`; plain OpenAI-compatible when not said).
 */
export type Engine = "deepseek" | "workers-ai" | "vllm" | "sglang" | "llama.cpp" | "ollama" | "openai";

/** Token counts, normalised across providers. */
export type Usage = {
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cacheHitTokens: number;
  cacheMissTokens: number;
};

export type FinishReason = "stop" | "length" | "content_filter" | "tool_calls" | "error" | "cancelled";

/** Who answered: reported in headers, stored messages and usage records. */
export type Served = {
  provider: ProviderId;
  /** GPU server id, or the provider id for single-endpoint providers. */
  targetId: string;
  /** The provider's own model id. */
  model: string;
  /** Where the data went (`eu`, `us`, `global`...). */
  region: string;
  /** True when the upstream is the edgechat simulator (it says so in a response header). */
  simulated: boolean;
  /** The public model that answered (a substitute's id when one answered). */
  publicModel: string;
  /** The public model asked for when a substitute answered instead, else null. */
  substituteFor: string | null;
};

/** One event of the normalised stream. `error` and `finish` are terminal (exactly one of them ends the stream). */
export type InferenceEvent =
  | { type: "served"; served: Served }
  | { type: "reasoning-delta"; text: string }
  | { type: "text-delta"; text: string }
  | { type: "usage"; usage: Usage; estimated: boolean }
  | { type: "finish"; reason: FinishReason }
  | { type: "error"; code: string; message: string };

/** A part of a multimodal message, in OpenAI's chat format (images inline as `data:` URLs). */
export type ContentPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

/** A message of a chat request: text, or (a user message with images, vision models only) text and image parts. */
export type ChatMessage = { role: "system" | "user" | "assistant"; content: string | ContentPart[] };

/** A chat request in edgechat's terms (the chat site and widget use this). */
export type ChatRequest = {
  requestId: string;
  plan: string;
  region: Region;
  /** Public model id or alias (`deepseek-flash`, `deepseek-reasoner`, ...). */
  model: string;
  /** The thinking switch as the visitor set it (null fields: the model's or alias's default). */
  thinking?: ThinkingRequest;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
};

/** What the model catalogue tells a client about one public model. */
export type ModelInfo = {
  id: string;
  label: string;
  description: string;
  /** For an alias (`deepseek-chat`), the model it stands for; null for a model. */
  aliasOf: string | null;
  /** True when requests to this id think by default (reasoning streams before the answer). */
  reasoning: boolean;
  capabilities: ModelCapabilities;
  contextTokens: number;
  maxOutputTokens: number;
};

/** One place a request can be sent: a provider endpoint or one GPU server. */
export type RouteTarget = {
  /** `deepseek`, `workers-ai`, or the GPU server's id. */
  id: string;
  provider: ProviderId;
  /** The provider's own model id. */
  model: string;
  /** The public model it serves (a substitute's id when it stands in for the model asked for). */
  publicModel: string;
  /** The public model asked for when this target serves a substitute, else null. */
  substituteFor: string | null;
  engine: Engine;
  /** Where the data goes (`eu`, `cn`, `cloudflare`...). */
  region: string;
  /** True when its circuit is half-open: tried after the healthy targets, as a probe. */
  probing: boolean;
};

/** One attempt's request: an OpenAI chat-completions body in edgechat's dialect (see providers/dialect.ts). */
export type UpstreamRequest = {
  target: RouteTarget;
  body: Record<string, unknown>;
  /** The thinking the request runs with, already resolved for the requested model. */
  thinking: Thinking;
  stream: boolean;
  signal: AbortSignal;
};

/** A target that accepted the request: OpenAI SSE bytes when streaming, else `chat.completion` JSON bytes. */
export type Upstream = { served: Served; body: ReadableStream<Uint8Array> };

export type CircuitState = "closed" | "open" | "half-open";

/** Shared circuit-breaker state of one target (see src/durable/provider-health.ts). */
export type TargetHealth = {
  state: CircuitState;
  /** Consecutive failures. */
  failures: number;
  /** While open: epoch ms after which the target may be probed again. */
  openUntil: number;
  /** Length of the last open period (doubles while probes keep failing). */
  openForMs: number;
  /** Epoch ms the circuit last closed after being open (drives the gradual return), or null. */
  recoveredAt: number | null;
};

/** Every target's health, keyed by target id; a target absent from it is healthy. */
export type HealthSnapshot = { targets: Record<string, TargetHealth> };

/** A target the chain left out, and the rule that left it out. */
export type RouteExclusion = { target: string; provider: ProviderId; rule: string; detail: string };

/** Why a request is refused before any target is considered. */
export type RouteRefusal = { status: 403 | 404 | 451; code: string; message: string };

/** The chain for (plan, region, model), each exclusion with its rule, or the refusal. */
export type RouteExplanation = {
  plan: string;
  model: string;
  country: string | null;
  /** Residency rule applied, or null when the visitor may use every data region. */
  residency: string | null;
  refusal: RouteRefusal | null;
  chain: RouteTarget[];
  excluded: RouteExclusion[];
};

/** What the inference layer needs from its caller. */
export type InferenceContext = {
  env: Env;
  config: import("../config/config.ts").AppConfig;
  waitUntil: (promise: Promise<unknown>) => void;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
};

/* The /v1 pass-through's vocabulary (passthrough/proxy.ts and its paths). */

/**
 * What the pass-through learns from the bytes it forwards, without parsing every token: only the event that
 * carries usage is parsed; the finish reason, the stream's end and error objects are found with `includes`.
 */
export type PassthroughMeter = {
  usage: Usage | null;
  finishReason: string | null;
  /** The stream's own end was seen (`[DONE]`, Anthropic's `message_stop`). */
  sawDone: boolean;
  upstreamError: string | null;
  /** Events forwarded: about one token each, the fallback estimate when usage never came. */
  events: number;
};

/**
 * What the pass-through needs to know of a stream's wire format: how to meter its complete events (usage,
 * finish, its end, an upstream error), the error event a broken stream ends with, and the bytes that close a
 * complete stream the upstream left unclosed (OpenAI's `[DONE]`), if any. The meter is given only the stream's
 * first and last events (passthrough/meter-copy.ts): what it needs must be in them.
 */
export type StreamWire = {
  meter(events: Uint8Array, meter: PassthroughMeter): void;
  errorTail(code: string, message: string): Uint8Array;
  closing: Uint8Array | null;
  /** Work the stream's close must wait for (e.g. storing the response its last event announced), or null. */
  pending?(): Promise<void> | null;
};

/** What a native non-streamed answer says about itself (read from its one JSON body). */
export type NativeAnswer = { usage: Usage | null; finishReason: string | null };

/**
 * A client dialect DeepSeek also serves itself (its Anthropic and Responses endpoints): a request routed to
 * DeepSeek goes to that endpoint in the client's own format and its bytes come back untouched; other targets get
 * the internal chat body and their answer is rendered in the client's dialect (`render` for a stream; a
 * non-streamed one is rendered by the route, see ProxyResponse.native).
 */
export type NativeDialect = {
  /** DeepSeek's endpoint for the dialect, under its base URL. */
  path: string;
  /**
   * The client's body for one DeepSeek attempt, with DeepSeek's model id, the resolved thinking switch and the
   * output cap after the plan's and model's limits.
   */
  body(attempt: { model: string; thinking: Thinking; stream: boolean; maxTokens: number }): Record<string, unknown>;
  wire: StreamWire;
  /** A translated target's OpenAI chat-completions SSE, rendered in the client's dialect. */
  render(): TransformStream<Uint8Array, Uint8Array>;
  /** Usage and finish of a non-streamed answer in the dialect, or null when it is not one (a malformed answer). */
  readAnswer(json: Record<string, unknown>): NativeAnswer | null;
};

export type ProxyRequest = {
  requestId: string;
  plan: string;
  region: Region;
  model: string;
  /** The client's OpenAI chat-completions body, already validated by /v1. */
  body: Record<string, unknown>;
  /** The thinking switch and effort resolved for the requested model or alias (default: the model's default). */
  thinking?: Thinking;
  stream: boolean;
  clientWantsUsage: boolean;
  /** Set for a dialect DeepSeek serves natively: a streamed body is then in that dialect (see ProxyResponse.native). */
  native?: NativeDialect;
  signal?: AbortSignal;
};

export type ProxyOutcome = {
  /** The target that answered (after a failover inside a committed stream, not the one its headers name). */
  served: Served;
  usage: Usage | null;
  estimated: boolean;
  ttftMs: number | null;
  totalMs: number;
  status: "complete" | "error" | "cancelled";
  finishReason: string | null;
  error: { code: string; message: string } | null;
};

export type ProxyResponse = {
  /** The target that accepted the request: what the response headers say (see ProxyOutcome.served). */
  served: Served;
  /** OpenAI SSE bytes when streaming, else the chat.completion JSON bytes. */
  body: ReadableStream<Uint8Array>;
  /** The same bytes as `body` when the whole answer is already in memory (non-streamed): a fixed-length reply. */
  bytes?: Uint8Array;
  /** A non-streamed answer DeepSeek gave in the request's native dialect (its JSON, not a chat completion). */
  native?: boolean;
  done: Promise<ProxyOutcome>;
};

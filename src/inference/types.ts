/**
 * The inference layer's public types: what chat sessions and /v1 exchange with it.
 * Internal provider types live beside each provider.
 */
import type { Region } from "../env.ts";

export type ProviderId = "workers-ai" | "deepseek" | "self-hosted";

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
};

/** One event of the normalised stream. `error` and `finish` are terminal (exactly one of them ends the stream). */
export type InferenceEvent =
  | { type: "served"; served: Served }
  | { type: "reasoning-delta"; text: string }
  | { type: "text-delta"; text: string }
  | { type: "usage"; usage: Usage; estimated: boolean }
  | { type: "finish"; reason: FinishReason }
  | { type: "error"; code: string; message: string };

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

/** A chat request in edgechat's terms (the chat site and widget use this). */
export type ChatRequest = {
  requestId: string;
  plan: string;
  region: Region;
  /** Public model id (`deepseek-chat`, `deepseek-reasoner`, ...). */
  model: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
};

/** What the model catalogue tells a client about one public model. */
export type ModelInfo = {
  id: string;
  label: string;
  /** True for reasoning models (they stream reasoning before the answer). */
  reasoning: boolean;
  contextTokens: number;
  maxOutputTokens: number;
};

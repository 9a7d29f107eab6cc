import type { InferenceContext, RouteTarget, Served } from "../types.ts";
import { UpstreamFailure } from "../upstream-failure.ts";
import { createOpenAICompatible, gpuServerChatUrl } from "./openai-compatible.ts";
import { openWorkersAi } from "./workers-ai.ts";

/** One attempt's request: an OpenAI chat-completions body (its `model` is replaced by the target's). */
export type UpstreamRequest = {
  target: RouteTarget;
  body: Record<string, unknown>;
  stream: boolean;
  signal: AbortSignal;
};

/** A target that accepted the request: OpenAI SSE bytes when streaming, else `chat.completion` JSON bytes. */
export type Upstream = { served: Served; body: ReadableStream<Uint8Array> };

/** Sends one attempt to its target's provider; throws an UpstreamFailure when it is refused. */
export async function openUpstream(context: InferenceContext, request: UpstreamRequest): Promise<Upstream> {
  const { target } = request;
  const served: Served = {
    provider: target.provider,
    targetId: target.id,
    model: target.model,
    region: target.region,
    simulated: false,
  };
  if (target.provider === "workers-ai") {
    return { served, body: await openWorkersAi(context.env, request) };
  }
  const call = createOpenAICompatible({ ...endpointOf(context, target), fetch: context.fetch });
  const response = await call(upstreamBody(request), request.signal);
  if (!response.body) throw new UpstreamFailure("failed", "empty response body");
  served.simulated = response.headers.get("x-edgechat-simulator") === "1";
  return { served, body: response.body };
}

function endpointOf(context: InferenceContext, target: RouteTarget): { url: string; apiKey: string | null } {
  const { config } = context;
  if (target.provider === "deepseek") {
    return { url: `${config.deepseek.baseUrl}/chat/completions`, apiKey: config.deepseek.apiKey };
  }
  const server = config.gpuPool.find((candidate) => candidate.id === target.id);
  if (!server) throw new UpstreamFailure("unavailable", `GPU server ${target.id} is no longer configured`);
  return { url: gpuServerChatUrl(server.url), apiKey: config.gpuPoolApiKey };
}

/** The body sent upstream: the caller's, with the target's model id, and usage always asked for when streaming. */
export function upstreamBody(request: Pick<UpstreamRequest, "body" | "stream" | "target">): string {
  const body: Record<string, unknown> = { ...request.body, model: request.target.model, stream: request.stream };
  // DeepSeek answers 400 when earlier reasoning is sent back; reasoning never goes upstream again.
  if (Array.isArray(body.messages)) body.messages = body.messages.map(withoutReasoning);
  if (request.stream) {
    const options = request.body.stream_options;
    body.stream_options = { ...(typeof options === "object" && options !== null ? options : {}), include_usage: true };
  } else {
    delete body.stream_options;
  }
  return JSON.stringify(body);
}

function withoutReasoning(message: unknown): unknown {
  if (typeof message !== "object" || message === null || !("reasoning_content" in message)) return message;
  const { reasoning_content: _reasoning, ...rest } = message;
  return rest;
}

import { UpstreamFailure } from "../attempt/upstream-failure.ts";
import type { InferenceContext, RouteTarget, Upstream, UpstreamRequest } from "../types.ts";
import { toDialect } from "./dialect.ts";
import { createOpenAICompatible, gpuServerChatUrl } from "./openai-compatible.ts";
import { fromSimulator, servedBy } from "./served-by.ts";
import { openWorkersAi } from "./workers-ai.ts";

export type { Upstream, UpstreamRequest } from "../types.ts";

/** Sends one attempt to its target's provider, in the target's dialect; throws an UpstreamFailure when refused. */
export async function openUpstream(context: InferenceContext, request: UpstreamRequest): Promise<Upstream> {
  const { target } = request;
  const thinking = thinkingFor(context, request);
  if (target.provider === "workers-ai") {
    return { served: servedBy(target, false), body: await openWorkersAi(context.env, { ...request, thinking }) };
  }
  const call = createOpenAICompatible({ ...endpointOf(context, target), fetch: context.fetch });
  const response = await call(upstreamBody({ ...request, thinking }), request.signal);
  if (!response.body) throw new UpstreamFailure("failed", "empty response body");
  // The body as it came: a `reasoning` field is renamed by the /v1 paths that send it on (proxy-pump.ts,
  // proxy-complete.ts), and the chat site reads either name.
  return { served: servedBy(target, fromSimulator(response)), body: response.body };
}

/** A substitute that has no thinking switch answers without thinking, whatever the model asked for would do. */
function thinkingFor(context: InferenceContext, request: UpstreamRequest): UpstreamRequest["thinking"] {
  const spec = context.config.routingPolicy.models[request.target.publicModel];
  return spec && !spec.capabilities.thinking ? { enabled: false, effort: null } : request.thinking;
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

/**
 * The body sent upstream: the caller's, in the target's dialect (dialect.ts), with the target's model id. When
 * streaming, usage is asked for from servers that send it only on request (OpenAI's usage-only chunk, `choices:
 * []`); DeepSeek gets the caller's `stream_options` untouched, since it puts the usage on its last chunk (the
 * one with the finish reason) either way (https://api-docs.deepseek.com/api/create-chat-completion), so its
 * bytes can reach a client that did not ask for usage unchanged.
 */
export function upstreamBody(request: Pick<UpstreamRequest, "body" | "stream" | "target" | "thinking">): string {
  const body: Record<string, unknown> = {
    ...toDialect(request.target.engine, request.body, request.thinking),
    model: request.target.model,
    stream: request.stream,
  };
  if (request.stream && request.target.provider === "deepseek") {
    if (body.stream_options == null) delete body.stream_options;
  } else if (request.stream) {
    const options = request.body.stream_options;
    body.stream_options = { ...(typeof options === "object" && options !== null ? options : {}), include_usage: true };
  } else {
    delete body.stream_options;
  }
  return JSON.stringify(body);
}

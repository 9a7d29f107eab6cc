import { failureFromError, failureFromResponse, UpstreamFailure } from "../attempt/upstream-failure.ts";
import type { InferenceContext, NativeDialect, RouteTarget, Thinking, Upstream } from "../types.ts";

/**
 * Sends one attempt to DeepSeek's own endpoint for the client's dialect (its Anthropic Messages API at
 * `/anthropic/v1/messages`, https://api-docs.deepseek.com/guides/anthropic_api, or its Responses API at
 * `/responses`, https://api-docs.deepseek.com/guides/responses_api), in that dialect; the answer's bytes are the
 * client's as they come. Refusals become UpstreamFailures exactly as on the chat endpoint, so failover treats
 * both alike.
 */
export async function openNative(
  context: InferenceContext,
  target: RouteTarget,
  native: NativeDialect,
  attempt: { thinking: Thinking; stream: boolean; maxTokens: number },
  signal: AbortSignal,
): Promise<Upstream> {
  const { deepseek } = context.config;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: attempt.stream ? "text/event-stream" : "application/json",
  };
  // DeepSeek takes its key as x-api-key on /anthropic and as a Bearer token elsewhere; both are sent.
  if (deepseek.apiKey) {
    headers["x-api-key"] = deepseek.apiKey;
    headers.authorization = `Bearer ${deepseek.apiKey}`;
  }
  const body = JSON.stringify(native.body({ model: target.model, ...attempt }));
  let response: Response;
  try {
    response = await (context.fetch ?? fetch)(`${deepseek.baseUrl}${native.path}`, {
      method: "POST",
      headers,
      body,
      signal,
    });
  } catch (error) {
    throw failureFromError(error);
  }
  if (!response.ok) throw await failureFromResponse(response);
  if (!response.body) throw new UpstreamFailure("failed", "empty response body");
  return {
    served: {
      provider: target.provider,
      targetId: target.id,
      model: target.model,
      region: target.region,
      simulated: response.headers.get("x-edgechat-simulator") === "1",
      publicModel: target.publicModel,
      substituteFor: target.substituteFor,
    },
    body: response.body as ReadableStream<Uint8Array>,
  };
}

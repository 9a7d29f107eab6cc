import { failureFromError, failureFromResponse } from "../attempt/upstream-failure.ts";

/** Settings of one OpenAI-compatible endpoint (DeepSeek, vLLM, SGLang, llama.cpp, Ollama...). */
export type OpenAICompatibleSettings = {
  /** Full URL of the chat-completions endpoint. */
  url: string;
  apiKey: string | null;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
};

/** POSTs a chat-completions body; resolves with the 2xx response, throws an UpstreamFailure otherwise. */
export type ChatCompletionsCall = (body: string, signal: AbortSignal) => Promise<Response>;

/** The one OpenAI-compatible base every HTTP provider uses. */
export function createOpenAICompatible(settings: OpenAICompatibleSettings): ChatCompletionsCall {
  const fetchImpl = settings.fetch ?? fetch;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "text/event-stream" };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  return async function chatCompletions(body, signal) {
    let response: Response;
    try {
      response = await fetchImpl(settings.url, { method: "POST", headers, body, signal });
    } catch (error) {
      throw failureFromError(error);
    }
    if (!response.ok) throw await failureFromResponse(response);
    return response;
  };
}

/** The chat-completions URL of a GPU server: `/v1/chat/completions` unless its URL already ends in `/v1`. */
export function gpuServerChatUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  return trimmed.endsWith("/v1") ? `${trimmed}/chat/completions` : `${trimmed}/v1/chat/completions`;
}

/** The models URL of a GPU server, used by the health probe. */
export function gpuServerModelsUrl(baseUrl: string): string {
  return gpuServerChatUrl(baseUrl).replace(/\/chat\/completions$/, "/models");
}

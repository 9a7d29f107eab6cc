// The /v1/messages and /v1/responses requests the bench scripts send: the gateway's (what the SDKs send by
// default, with the catalog's model) and the floor's (the body the gateway sends upstream, to DeepSeek's own
// endpoint for the dialect), so every script compares the same two requests.

/** One dialect's request to the gateway and the matching request to DeepSeek's endpoint through the floor. */
export type DialectRequests = {
  path: string;
  body: (model: string, maxTokens: number | null, thinking: boolean, stream?: boolean) => string;
  upstreamPath: string;
  upstreamBody: (maxTokens: number | null, thinking: boolean) => string;
};

/** The prompt every bench request asks (the same as the chat-completions rows'). */
const prompt = "How fast is the edge?";
/** The DeepSeek model both catalog models the bench uses are served by (thinking on or off). */
const UPSTREAM_MODEL = "deepseek-flash";
const thinkingOn = { type: "enabled", budget_tokens: 4096 };

export const dialectRequests: Record<"messages" | "responses", DialectRequests> = {
  messages: {
    path: "/v1/messages",
    body: (model, maxTokens, thinking, stream = true) =>
      messagesBody(model, maxTokens, thinking ? thinkingOn : null, stream),
    upstreamPath: "/anthropic/v1/messages",
    upstreamBody: (maxTokens, thinking) =>
      messagesBody(UPSTREAM_MODEL, maxTokens, thinking ? thinkingOn : { type: "disabled" }, true),
  },
  responses: {
    path: "/v1/responses",
    body: (model, maxTokens, thinking, stream = true) =>
      responsesBody(model, maxTokens, thinking ? { reasoning: { effort: "high" } } : {}, stream),
    upstreamPath: "/responses",
    upstreamBody: (maxTokens, thinking) =>
      responsesBody(
        UPSTREAM_MODEL,
        maxTokens,
        { store: false, reasoning: { effort: thinking ? "high" : "none" } },
        true,
      ),
  },
};

function messagesBody(model: string, maxTokens: number | null, thinking: object | null, stream: boolean): string {
  return JSON.stringify({
    model,
    max_tokens: maxTokens ?? 8192,
    stream,
    messages: [{ role: "user", content: prompt }],
    ...(thinking ? { thinking } : {}),
  });
}

function responsesBody(model: string, maxTokens: number | null, extra: object, stream: boolean): string {
  return JSON.stringify({
    model,
    input: prompt,
    stream,
    ...(maxTokens === null ? {} : { max_output_tokens: maxTokens }),
    ...extra,
  });
}

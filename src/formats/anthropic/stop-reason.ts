/** OpenAI's finish reason in Anthropic's words. */
export function anthropicStopReason(finishReason: string | null): "end_turn" | "max_tokens" | "tool_use" | "refusal" {
  switch (finishReason) {
    case "length":
      return "max_tokens";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default:
      return "end_turn";
  }
}

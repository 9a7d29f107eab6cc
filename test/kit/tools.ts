import type OpenAI from "openai";

/**
 * The function tool the format tests offer: the simulator calls a tool when the user's message names it
 * (simulator/README.md), so "Please call get_weather for Paris." gets a `get_weather` call.
 */
export const weatherTool = {
  type: "function" as const,
  name: "get_weather",
  description: "The weather in a city.",
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  },
  strict: true,
};

/**
 * Reads a streamed Response to its end and returns it with its function call, checking that the streamed
 * argument deltas add up to the call's arguments.
 */
export async function streamedFunctionCall(stream: ReturnType<OpenAI["responses"]["stream"]>) {
  let argumentsText = "";
  for await (const event of stream) {
    if (event.type === "response.function_call_arguments.delta") argumentsText += event.delta;
  }
  const response = await stream.finalResponse();
  const call = response.output.find((item) => item.type === "function_call");
  if (call?.type !== "function_call") throw new Error("no function call");
  if (call.arguments !== argumentsText) throw new Error("the streamed arguments differ from the call's");
  return { response, call };
}

import type { AppConfig } from "../config/config.ts";
import type { Region } from "../env.ts";
import { listModels, streamChat } from "../inference/index.ts";

/** The model titles are written with when the plan allows it: the cheapest one. */
export const titleModel = "deepseek-chat";

/** The cheapest model `plan` may use: deepseek-chat, else its first non-reasoning model, else any. */
export function titleModelFor(config: AppConfig, plan: string): string | null {
  const models = listModels(config, plan);
  if (models.some((model) => model.id === titleModel)) return titleModel;
  return (models.find((model) => !model.reasoning) ?? models[0])?.id ?? null;
}
const maxTitleLength = 80;

/** The first words of the user's message: the fallback when the model cannot write a title. */
export function fallbackTitle(userText: string): string {
  const words = userText.replace(/\s+/g, " ").trim().split(" ").slice(0, 8).join(" ");
  return cleanTitle(words) || "New chat";
}

/** Trims quotes, markdown and trailing punctuation, and caps the length. */
export function cleanTitle(raw: string): string {
  let title = raw.replace(/\s+/g, " ").trim();
  title = title.replace(/^(title:\s*)/i, "").replace(/^["'`*#\s]+|["'`*\s]+$/g, "");
  title = title.replace(/[.:;,!]+$/, "").trim();
  return title.length > maxTitleLength ? `${title.slice(0, maxTitleLength - 1).trimEnd()}…` : title;
}

/** Asks the cheapest model for a short title for the first exchange; falls back to the first words. */
export async function generateTitle(
  context: { env: Env; config: AppConfig; waitUntil(promise: Promise<unknown>): void },
  input: { requestId: string; plan: string; region: Region; userText: string; answerText: string },
): Promise<string> {
  const model = titleModelFor(context.config, input.plan);
  if (model === null) return fallbackTitle(input.userText);
  try {
    const { events } = await streamChat(context, {
      requestId: `${input.requestId}:title`,
      plan: input.plan,
      region: input.region,
      model,
      maxTokens: 24,
      temperature: 0.3,
      messages: [
        {
          role: "system",
          content: "Write a title of 3 to 6 words for this conversation. Answer with the title only, no quotes.",
        },
        {
          role: "user",
          content: `User: ${input.userText.slice(0, 2000)}\nAssistant: ${input.answerText.slice(0, 1000)}`,
        },
      ],
    });
    let text = "";
    let failed = false;
    const reader = events.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      if (read.value.type === "text-delta") text += read.value.text;
      else if (read.value.type === "error") failed = true;
    }
    const title = cleanTitle(text);
    return failed || title === "" ? fallbackTitle(input.userText) : title;
  } catch {
    return fallbackTitle(input.userText);
  }
}

import type { AppConfig } from "../config/config.ts";
import type { Region } from "../env.ts";
import { listModels, streamChat } from "../inference/index.ts";
import type { ChatMessage, Served, Usage } from "../inference/types.ts";
import { estimateUsage } from "../inference/wire/estimate-usage.ts";

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

/** What the title call cost, for metering (null when no upstream was asked). */
export type TitleCall = {
  model: string;
  served: Served | null;
  usage: Usage;
  /** True unless the upstream reported its usage. */
  estimated: boolean;
  status: "complete" | "stopped" | "error";
  totalMs: number;
};

/**
 * Asks the cheapest model for a short title for the first exchange; falls back to the first words. Returns the
 * title and what the call cost (exact when the upstream reported its usage, else estimated), so the caller can
 * meter it under the conversation's owner.
 */
export async function generateTitle(
  context: { env: Env; config: AppConfig; waitUntil(promise: Promise<unknown>): void },
  input: {
    requestId: string;
    plan: string;
    region: Region;
    userText: string;
    answerText: string;
    signal?: AbortSignal;
  },
): Promise<{ title: string; call: TitleCall | null }> {
  const model = titleModelFor(context.config, input.plan);
  if (model === null) return { title: fallbackTitle(input.userText), call: null };
  const messages: ChatMessage[] = [
    {
      role: "system",
      content: "Write a title of 3 to 6 words for this conversation. Answer with the title only, no quotes.",
    },
    {
      role: "user",
      content: `User: ${input.userText.slice(0, 2000)}\nAssistant: ${input.answerText.slice(0, 1000)}`,
    },
  ];
  const promptCharacters = messages.reduce((sum, message) => sum + message.content.length, 0);
  const started = Date.now();
  const call: TitleCall = {
    model,
    served: null,
    usage: estimateUsage(promptCharacters, 0, 0),
    estimated: true,
    status: "complete",
    totalMs: 0,
  };
  let text = "";
  try {
    const { events, served } = await streamChat(context, {
      requestId: `${input.requestId}:title`,
      plan: input.plan,
      region: input.region,
      model,
      maxTokens: 24,
      temperature: 0.3,
      messages,
      signal: input.signal,
    });
    call.served = served;
    let reported = false;
    const reader = events.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const event = read.value;
      if (event.type === "text-delta") text += event.text;
      else if (event.type === "served") call.served = event.served;
      else if (event.type === "usage") {
        reported = true;
        call.usage = event.usage;
        call.estimated = event.estimated;
      } else if (event.type === "error") call.status = "error";
      else if (event.type === "finish" && event.reason === "cancelled") call.status = "stopped";
    }
    if (!reported) call.usage = estimateUsage(promptCharacters, 0, text.length);
  } catch {
    // Refused or failed before any output: nothing was generated (a stop still sent the prompt).
    call.status = input.signal?.aborted ? "stopped" : "error";
    if (call.status === "error") call.usage = estimateUsage(0, 0, 0);
  }
  call.totalMs = Date.now() - started;
  const title = cleanTitle(text);
  return { title: call.status !== "complete" || title === "" ? fallbackTitle(input.userText) : title, call };
}

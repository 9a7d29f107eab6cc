import type { ChatMessage } from "../inference/index.ts";

/**
 * The system message a conversation's custom instructions become (none when it has none). Framed as the user's
 * own words about themselves and how they want answers, as ChatGPT and Open WebUI present theirs.
 */
export function customInstructionsPrompt(instructions: string | null): ChatMessage[] {
  const text = instructions?.trim() ?? "";
  if (text === "") return [];
  return [
    {
      role: "system",
      content: `The user has set these custom instructions (what to know about them and how to answer):\n\n${text}`,
    },
  ];
}

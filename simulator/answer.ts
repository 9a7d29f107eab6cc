import { lastUserText, type PlainMessage } from "./messages.ts";
import { DISCLAIMER, MARKDOWN_SAMPLE, XSS_SAMPLE } from "./samples.ts";

/** Tokens a request will produce, already capped by max_tokens. */
export type AnswerPlan = {
  reasoning: string[];
  content: string[];
  finishReason: "stop" | "length";
};

/** Inputs that determine a simulated answer. */
export type AnswerInput = {
  messages: PlainMessage[];
  model: string;
  answerTokens: number;
  reasoningTokens: number;
  maxTokens: number | null;
  unicode: boolean;
};

/** True for models that stream reasoning_content (names containing "reasoner" or "r1"). */
export function isReasonerModel(model: string): boolean {
  return /reasoner|r1/i.test(model);
}

/** Splits text into tokens of one word plus its trailing whitespace; joining them restores the text. */
export function tokenize(text: string): string[] {
  const tokens = text.match(/\S+\s*/g) ?? [];
  const lead = /^\s+/.exec(text);
  if (lead && tokens.length > 0) tokens[0] = lead[0] + tokens[0];
  return tokens;
}

/** Builds the deterministic reasoning and answer tokens for a request. */
export function planAnswer(input: AnswerInput): AnswerPlan {
  const prompt = lastUserText(input.messages);
  const reasoning = isReasonerModel(input.model) ? reasoningWords(prompt, input.reasoningTokens) : [];
  let content: string[];
  if (asksForTitle(input.messages)) content = titleWords(prompt);
  else if (prompt.includes("[[markdown]]")) content = tokenize(MARKDOWN_SAMPLE);
  else if (prompt.includes("[[xss]]")) content = tokenize(XSS_SAMPLE);
  else content = answerWords(prompt, input.answerTokens, input.unicode);
  let finishReason: "stop" | "length" = "stop";
  if (input.maxTokens !== null && input.maxTokens < content.length) {
    content = content.slice(0, input.maxTokens);
    finishReason = "length";
  }
  return { reasoning, content, finishReason };
}

/** A system prompt asking for a conversation title (the chat site's auto-title). */
function asksForTitle(messages: PlainMessage[]): boolean {
  return messages.some((message) => message.role === "system" && /\btitle\b/i.test(message.text));
}

/** A short title that still says it is simulated: "Simulated: <first words of the user's message>". */
function titleWords(prompt: string): string[] {
  const userLine = /User:\s*(.*)/.exec(prompt)?.[1] ?? prompt;
  const words = userLine.split(/\s+/).filter(Boolean).slice(0, 4);
  return tokenize(`Simulated: ${words.join(" ") || "chat"}`);
}

function answerWords(prompt: string, count: number, unicode: boolean): string[] {
  const words = DISCLAIMER.split(" ");
  if (unicode) words.push("Déjà", "vu", "🙂");
  const echo = prompt.split(/\s+/).filter(Boolean).slice(0, 6);
  if (echo.length > 0) words.push("You", "said:", ...echo.map((w) => w.slice(0, 40)));
  words.push("Counting:");
  for (let i = 1; words.length < count; i++) words.push(String(i));
  return words.slice(0, count).map((w) => `${w} `);
}

function reasoningWords(prompt: string, count: number): string[] {
  const words = "Thinking about the question step by step ...".split(" ");
  words.push("The", "prompt", "has", `${prompt.length}`, "characters.");
  for (let i = 1; words.length < count; i++) words.push(`step-${i}`);
  return words.slice(0, count).map((w) => `${w} `);
}

import { demoAnswer } from "./demo.ts";
import { lastUserText, type PlainMessage } from "./messages.ts";
import { DISCLAIMER, MARKDOWN_SAMPLE, XSS_SAMPLE } from "./samples.ts";
import { sampleValue } from "./schema-value.ts";
import { type ToolCall, trailingToolResults } from "./tools.ts";

/** What the request asked the answer to look like. */
export type OutputFormat = { type: "text" } | { type: "json_object" } | { type: "json_schema"; schema: unknown };

/** Tokens a request will produce, already cut by `stop` and capped by max_tokens. */
export type AnswerPlan = {
  reasoning: string[];
  content: string[];
  /** A tool call instead of text, with its arguments split into the pieces a stream carries. */
  toolCall: { call: ToolCall; pieces: string[] } | null;
  finishReason: "stop" | "length" | "tool_calls";
  /** The stop sequence that ended the answer, if one did. */
  stopSequence: string | null;
};

/** Inputs that determine a simulated answer. */
export type AnswerInput = {
  messages: PlainMessage[];
  answerTokens: number;
  /** Reasoning tokens to produce (0 when the request does not think). */
  reasoningTokens: number;
  /**
   * For callers written before the thinking switch: when given, only a legacy reasoner name (`deepseek-reasoner`,
   * an R1) produces the reasoning tokens, as the legacy opt-in answers it.
   */
  model?: string;
  maxTokens: number | null;
  unicode: boolean;
  format?: OutputFormat;
  toolCall?: ToolCall | null;
  stop?: string[];
  demo?: boolean;
  /** Chat prefix completion: the assistant's own start, which the answer continues (not repeated). */
  prefix?: string | null;
};

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
  const thinks = input.model === undefined || /reasoner|r1/i.test(input.model);
  let reasoning = reasoningWords(prompt, thinks ? input.reasoningTokens : 0);
  if (input.toolCall) {
    const pieces = input.toolCall.arguments.match(/.{1,8}/gs) ?? [""];
    const toolCall = { call: input.toolCall, pieces };
    return { reasoning, content: [], toolCall, finishReason: "tool_calls", stopSequence: null };
  }
  // max_tokens covers the chain of thought too (https://api-docs.deepseek.com/guides/thinking_mode).
  if (input.maxTokens !== null) reasoning = reasoning.slice(0, input.maxTokens);
  const room = input.maxTokens === null ? null : input.maxTokens - reasoning.length;
  const limited = limitText(contentTokens(input, prompt), input.stop ?? [], room);
  return { reasoning, toolCall: null, ...limited };
}

/** Text tokens cut before the first stop sequence (which is not returned) and capped at `maxTokens`. */
export function limitText(
  tokens: string[],
  stop: string[],
  maxTokens: number | null,
): { content: string[]; finishReason: "stop" | "length"; stopSequence: string | null } {
  let content = tokens;
  let stopSequence: string | null = null;
  const text = tokens.join("");
  let at = -1;
  for (const sequence of stop) {
    const index = sequence ? text.indexOf(sequence) : -1;
    if (index >= 0 && (at < 0 || index < at)) {
      at = index;
      stopSequence = sequence;
    }
  }
  if (at >= 0) content = tokenize(text.slice(0, at));
  if (maxTokens !== null && maxTokens < content.length) {
    return { content: content.slice(0, Math.max(0, maxTokens)), finishReason: "length", stopSequence: null };
  }
  return { content, finishReason: "stop", stopSequence };
}

function contentTokens(input: AnswerInput, prompt: string): string[] {
  const format = input.format ?? { type: "text" };
  const toolResults = trailingToolResults(input.messages);
  if (format.type === "json_schema") return tokenize(JSON.stringify(sampleValue(format.schema), null, 1));
  if (format.type === "json_object") {
    const answer = answerWords(prompt, Math.max(input.answerTokens - 4, 1), false)
      .join("")
      .trim();
    return tokenize(JSON.stringify({ simulated: true, answer }, null, 1));
  }
  if (input.prefix != null) return tokenize(continuation(input.prefix));
  if (toolResults) return tokenize(`${DISCLAIMER} The tool returned: ${toolResults.join(" | ").slice(0, 400)}`);
  if (asksForTitle(input.messages)) return titleWords(prompt);
  if (prompt.includes("[[markdown]]")) return tokenize(MARKDOWN_SAMPLE);
  if (prompt.includes("[[xss]]")) return tokenize(XSS_SAMPLE);
  if (input.demo) return tokenize(demoAnswer(prompt));
  return answerWords(prompt, input.answerTokens, input.unicode);
}

/**
 * What follows an assistant prefix (https://api-docs.deepseek.com/guides/chat_prefix_completion): after an
 * opening code fence, a line of code and the closing fence (so `stop: ["```"]` ends it, as in DeepSeek's example).
 */
function continuation(prefix: string): string {
  if (/```\w*\s*$/.test(prefix)) return `print("${DISCLAIMER}")\n\`\`\`\n${DISCLAIMER}`;
  return ` ${DISCLAIMER}`;
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
  if (count <= 0) return [];
  const words = "Thinking about the question step by step ...".split(" ");
  words.push("The", "prompt", "has", `${prompt.length}`, "characters.");
  for (let i = 1; words.length < count; i++) words.push(`step-${i}`);
  return words.slice(0, count).map((w) => `${w} `);
}

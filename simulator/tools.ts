import { randomUUID } from "node:crypto";
import { isRecord, type PlainMessage } from "./messages.ts";
import { sampleValue } from "./schema-value.ts";

/** A function tool the request offers. */
export type ToolSpec = { name: string; parameters: unknown };

/** A tool call the simulated model makes. */
export type ToolCall = { id: string; name: string; arguments: string };

/** The function tools of an OpenAI-format request (`tools: [{type: "function", function: {name, parameters}}]`). */
export function offeredTools(tools: unknown): ToolSpec[] {
  if (!Array.isArray(tools)) return [];
  const out: ToolSpec[] = [];
  for (const tool of tools) {
    const fn = isRecord(tool) && isRecord(tool.function) ? tool.function : null;
    if (fn && typeof fn.name === "string") out.push({ name: fn.name, parameters: fn.parameters });
  }
  return out;
}

/** What `tool_choice` allows: the simulator's view of OpenAI's "none" | "auto" | "required" | {function}. */
export type ToolChoice = { kind: "none" } | { kind: "auto" } | { kind: "required" } | { kind: "named"; name: string };

/** Reads an OpenAI-format `tool_choice`. */
export function readToolChoice(choice: unknown): ToolChoice {
  if (choice === "none") return { kind: "none" };
  if (choice === "required") return { kind: "required" };
  if (isRecord(choice) && isRecord(choice.function) && typeof choice.function.name === "string") {
    return { kind: "named", name: choice.function.name };
  }
  return { kind: "auto" };
}

/**
 * The simulator's documented trigger: when tools are offered and the last message is the user's, the model calls
 * the first offered tool whose name appears in that message as a word (`call get_weather for Paris`); a forced
 * `tool_choice` calls the named (or first) tool whatever the text. After `tool` results it answers in text.
 */
export function chooseToolCall(tools: ToolSpec[], choice: ToolChoice, messages: PlainMessage[]): ToolCall | null {
  if (tools.length === 0 || choice.kind === "none") return null;
  const last = messages.at(-1);
  if (last?.role !== "user") return null;
  let tool: ToolSpec | undefined;
  if (choice.kind === "named") tool = tools.find((t) => t.name === choice.name);
  else if (choice.kind === "required") tool = tools[0];
  else tool = tools.find((t) => mentions(last.text, t.name));
  if (!tool) return null;
  return { id: `call_${randomUUID().replace(/-/g, "").slice(0, 24)}`, name: tool.name, arguments: argumentsFor(tool) };
}

/** Valid JSON arguments for a tool's parameter schema. */
export function argumentsFor(tool: ToolSpec): string {
  const value = tool.parameters === undefined ? {} : sampleValue(tool.parameters);
  return JSON.stringify(isRecord(value) ? value : {});
}

/** The text of the tool results the conversation ends with (null when it does not end with tool results). */
export function trailingToolResults(messages: PlainMessage[]): string[] | null {
  const results: string[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]?.role === "tool"; i--)
    results.unshift(messages[i]?.text ?? "");
  return results.length > 0 ? results : null;
}

function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w-])${escaped}($|[^\\w-])`).test(text);
}

import type { Context } from "hono";
import type * as z from "zod";
import type { AppEnv } from "../env.ts";
import { type AppError, invalidRequest } from "./app-error.ts";
import { bodyLimitFor, requestTooLarge } from "./body-limit.ts";
import { isOpenAiPath } from "./render-error.ts";

const encoder = new TextEncoder();

/**
 * Reads, parses and validates a JSON body on any surface. Its size is capped while it streams in by
 * `requestBodyLimit()` (every route is behind it); the check here only backs that up. An empty body reads as `{}`.
 * Failures: 413 `request_too_large`, 400 for bad JSON or a schema mismatch naming the field.
 */
export async function readJsonBody<T>(c: Context<AppEnv>, schema: z.ZodType<T>): Promise<T> {
  const limit = bodyLimitFor(c.req.path);
  const text = await c.req.text();
  // Bytes ≥ UTF-16 units ≥ bytes / 3: only encode when the length alone cannot decide.
  if (text.length > limit || (text.length * 3 > limit && encoder.encode(text).byteLength > limit)) {
    throw requestTooLarge(limit);
  }
  let json: unknown = {};
  if (text.trim() !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      const openAi = isOpenAiPath(c.req.path);
      throw invalidRequest("The request body is not valid JSON.", null, openAi ? "invalid_json" : "invalid_request");
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw fromZodError(parsed.error, isOpenAiPath(c.req.path) ? "invalid_request_error" : undefined);
  return parsed.data;
}

/** Validates query parameters (or any value) with zod, as a 400 naming the field. */
export function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw fromZodError(parsed.error);
}

/**
 * Turns the first zod issue into a 400 whose `param` uses OpenAI's notation (`messages[0].content`); `/v1` passes
 * OpenAI's `invalid_request_error` as the code, the site API keeps `invalid_request`.
 */
export function fromZodError(error: z.ZodError, code = "invalid_request"): AppError {
  const issue = error.issues[0];
  const param = issue ? paramOf(issue.path) : null;
  const message = issue ? `${param ? `Invalid '${param}': ` : ""}${issue.message}` : "Invalid request.";
  return invalidRequest(message, param, code);
}

function paramOf(path: readonly PropertyKey[]): string | null {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || null;
}

import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../../env.ts";
import { AppError, invalidRequest } from "../../errors/app-error.ts";

/** Request bodies past this size are refused with 413 before parsing. */
export const maxBodyBytes = 1024 * 1024;

/** Reads, size-checks, parses and validates a JSON body; every failure is a 400/413 naming the field. */
export async function readJsonBody<T>(c: Context<AppEnv>, schema: z.ZodType<T>): Promise<T> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBodyBytes) throw tooLarge();
  const text = await c.req.text();
  // content-length may be absent (chunked) or wrong: check what actually arrived. Bytes ≥ UTF-16 units.
  if (text.length > maxBodyBytes || (text.length * 3 > maxBodyBytes && byteLength(text) > maxBodyBytes)) {
    throw tooLarge();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidRequest("The request body is not valid JSON.", null, "invalid_json");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/** Turns the first zod issue into a 400 whose `param` uses OpenAI's notation (`messages[0].content`). */
export function fromZodError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const param = issue ? paramOf(issue.path) : null;
  const message = issue ? `${param ? `Invalid '${param}': ` : ""}${issue.message}` : "Invalid request.";
  return invalidRequest(message, param, "invalid_request_error");
}

function paramOf(path: readonly PropertyKey[]): string | null {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || null;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

function tooLarge(): AppError {
  return new AppError(413, `Request body too large: the limit is ${maxBodyBytes} bytes.`, {
    code: "request_too_large",
  });
}

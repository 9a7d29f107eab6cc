import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../env.ts";
import { AppError, invalidRequest } from "../errors/app-error.ts";

/** Largest request body the site API reads. */
export const maxBodyBytes = 64 * 1024;
/** Largest single message a visitor may send. */
export const maxMessageBytes = 32 * 1024;

const encoder = new TextEncoder();

/** UTF-8 size of a string. */
export function byteLength(text: string): number {
  return encoder.encode(text).byteLength;
}

function tooLarge(): AppError {
  return new AppError(413, `Request body is larger than ${maxBodyBytes / 1024} KB.`, { code: "payload_too_large" });
}

/** Reads and validates a JSON body: 413 past 64 KB, 400 `invalid_request` for bad JSON or a schema mismatch. */
export async function readJsonBody<T>(c: Context<AppEnv>, schema: z.ZodType<T>): Promise<T> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBodyBytes) throw tooLarge();
  const text = await c.req.text();
  if (byteLength(text) > maxBodyBytes) throw tooLarge();
  let json: unknown = {};
  if (text.trim() !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      throw invalidRequest("The request body is not valid JSON.");
    }
  }
  return validate(schema, json);
}

/** Validates query parameters (or any value) with zod, as a 400 naming the field. */
export function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue?.path.join(".") || null;
  throw invalidRequest(`${param ? `${param}: ` : ""}${issue?.message ?? "invalid request"}`, param);
}

/** 413 `message_too_long` for a message over 32 KB. */
export function assertMessageSize(content: string): void {
  if (byteLength(content) > maxMessageBytes) {
    throw new AppError(413, `The message is longer than ${maxMessageBytes / 1024} KB. Shorten it or split it.`, {
      code: "message_too_long",
      param: "content",
    });
  }
}

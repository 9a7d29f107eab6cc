import * as z from "zod";
import { invalidRequest } from "../../http/app-error.ts";

/** A client's JSON Schema for the answer, compiled once per request. */
export type OutputSchema = {
  name: string;
  /** Null when `text` is JSON that conforms, else what is wrong with it. */
  check: (text: string) => string | null;
};

type JsonSchemaFormat = { name: string; schema?: Record<string, unknown> | undefined };

/** The schema of a `response_format: {type: "json_schema"}`, or null for every other format. */
export function schemaOfResponseFormat(
  format: { type: string; json_schema?: JsonSchemaFormat } | null | undefined,
  param = "response_format.json_schema.schema",
): OutputSchema | null {
  if (format?.type !== "json_schema" || !format.json_schema) return null;
  return compileOutputSchema(format.json_schema, param);
}

/** Compiles a JSON Schema with zod's converter; a schema it cannot read is the client's mistake (400). */
export function compileOutputSchema(format: JsonSchemaFormat, param: string): OutputSchema {
  let validator: z.ZodType;
  try {
    validator = format.schema ? z.fromJSONSchema(format.schema as z.core.JSONSchema.JSONSchema) : z.unknown();
  } catch (error) {
    const detail = error instanceof Error ? error.message : "unsupported";
    throw invalidRequest(`Invalid '${param}': not a JSON Schema this API supports (${detail}).`, param);
  }
  return {
    name: format.name,
    check(text) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return "the answer is not valid JSON";
      }
      const result = validator.safeParse(value);
      if (result.success) return null;
      const issue = result.error.issues[0];
      const at = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join(".")}` : "";
      return `${issue?.message ?? "does not match"}${at}`;
    },
  };
}

/** The OpenAI-shaped error for an answer that does not conform to the requested schema. */
export function schemaMismatch(schema: OutputSchema, problem: string): { message: string; type: string; code: string } {
  return {
    message: `The model's answer does not conform to the JSON schema \`${schema.name}\`: ${problem}.`,
    type: "server_error",
    code: "output_schema_mismatch",
  };
}

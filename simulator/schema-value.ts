import { isRecord } from "./messages.ts";

const MAX_DEPTH = 8;

/**
 * A deterministic JSON value that conforms to a JSON Schema (the subset tool parameters and structured outputs
 * use: type, properties, required, items, enum, const, anyOf/oneOf/allOf, $ref to $defs/definitions, min/max).
 * It stands in for a model's tool arguments and for vLLM's guided decoding, whose output always conforms.
 */
export function sampleValue(schema: unknown, root: unknown = schema, key = "value", depth = 0): unknown {
  if (!isRecord(schema) || depth > MAX_DEPTH) return `simulated ${key}`;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (typeof schema.$ref === "string") return sampleValue(resolveRef(schema.$ref, root), root, key, depth + 1);
  for (const combinator of ["anyOf", "oneOf", "allOf"] as const) {
    const options = schema[combinator];
    if (Array.isArray(options) && options.length > 0) {
      const option = options.find((o) => !(isRecord(o) && o.type === "null")) ?? options[0];
      return sampleValue(option, root, key, depth + 1);
    }
  }
  switch (typeOf(schema)) {
    case "object":
      return sampleObject(schema, root, depth);
    case "array": {
      const count = Math.max(1, typeof schema.minItems === "number" ? schema.minItems : 1);
      return Array.from({ length: count }, () => sampleValue(schema.items, root, key, depth + 1));
    }
    case "integer":
      return Math.ceil(sampleNumber(schema));
    case "number":
      return sampleNumber(schema);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return sampleString(schema, key);
  }
}

function sampleObject(schema: Record<string, unknown>, root: unknown, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = isRecord(schema.properties) ? schema.properties : {};
  for (const [name, property] of Object.entries(properties)) out[name] = sampleValue(property, root, name, depth + 1);
  return out;
}

function typeOf(schema: Record<string, unknown>): string {
  const type = schema.type;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return type.find((t) => t !== "null") ?? "null";
  if (isRecord(schema.properties)) return "object";
  if (schema.items !== undefined) return "array";
  return "string";
}

function sampleNumber(schema: Record<string, unknown>): number {
  let value = 1;
  if (typeof schema.minimum === "number") value = Math.max(value, schema.minimum);
  if (typeof schema.exclusiveMinimum === "number") value = Math.max(value, schema.exclusiveMinimum + 1);
  if (typeof schema.maximum === "number") value = Math.min(value, schema.maximum);
  if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum)
    value = schema.exclusiveMaximum - 1;
  return value;
}

function sampleString(schema: Record<string, unknown>, key: string): string {
  if (schema.format === "date-time") return "2026-01-01T00:00:00Z";
  if (schema.format === "date") return "2026-01-01";
  if (schema.format === "email") return "simulated@example.com";
  if (schema.format === "uri" || schema.format === "url") return "https://example.com/simulated";
  let text = `simulated ${key}`;
  if (typeof schema.maxLength === "number") text = text.slice(0, schema.maxLength);
  if (typeof schema.minLength === "number") text = text.padEnd(schema.minLength, "x");
  return text;
}

function resolveRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split("/"))
    node = isRecord(node) ? node[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  return node;
}

// Hostile request bodies for property-based fuzzing: wrong types, missing fields, huge strings, deep
// nesting, invalid UTF-8 and truncated JSON, sent as raw bytes with or without a JSON content type.
import fc from "fast-check";

/** One request body as a client could really send it. */
export type HostileBody = { kind: string; bytes: Uint8Array; contentType: string | null };

const encoder = new TextEncoder();

/** Arbitrary JSON-ish values of every type, including ones no schema expects. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, true, -1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, "", "__proto__", [], {}),
);

/** An object with some of `fields`, each either a plausible value or any value at all. */
function looseObject(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.fromEntries(
    Object.entries(fields).map(([name, plausible]) => [name, fc.oneof(plausible, anyValue)]),
  );
  return fc.record(entries, { requiredKeys: [] });
}

/** Valid UTF-8 JSON text of a value. */
function json(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value) ?? "null");
}

/** A value nested `depth` levels deep in arrays or objects. */
function nested(depth: number, asObject: boolean): Uint8Array {
  return encoder.encode(
    asObject ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}` : `${"[".repeat(depth)}${"]".repeat(depth)}`,
  );
}

/** JSON whose text has invalid UTF-8 bytes spliced in (a lone continuation byte, an overlong form, 0xFF). */
function withInvalidUtf8(valid: Uint8Array, at: number, bad: readonly number[]): Uint8Array {
  const cut = valid.length === 0 ? 0 : at % valid.length;
  return new Uint8Array([...valid.subarray(0, cut), ...bad, ...valid.subarray(cut)]);
}

/** Bodies built from the fields a given endpoint expects (plausible ones mixed with wrong types). */
export function hostileBodies(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<HostileBody> {
  const shaped = looseObject(fields);
  const contentType = fc.constantFrom<string | null>("application/json", "application/json", "text/plain", null);
  const body = fc.oneof(
    shaped.map((value) => ({ kind: "wrong types / missing fields", bytes: json(value) })),
    anyValue.map((value) => ({ kind: "not an object", bytes: json(value) })),
    fc
      .tuple(shaped, fc.constantFrom(...Object.keys(fields)), fc.integer({ min: 40_000, max: 2_000_000 }))
      .map(([value, field, length]) => ({
        kind: `huge string in ${field}`,
        bytes: json({ ...value, [field]: "x".repeat(length) }),
      })),
    fc
      .tuple(fc.integer({ min: 50, max: 100_000 }), fc.boolean())
      .map(([depth, asObject]) => ({ kind: `nested ${depth} deep`, bytes: nested(depth, asObject) })),
    fc
      .tuple(shaped, fc.nat(), fc.constantFrom([0x80], [0xc0, 0xaf], [0xff], [0xed, 0xa0, 0x80], [0xf4, 0x90]))
      .map(([value, at, bad]) => ({ kind: "invalid UTF-8", bytes: withInvalidUtf8(json(value), at, bad) })),
    fc.tuple(shaped, fc.nat()).map(([value, at]) => {
      const bytes = json(value);
      return { kind: "truncated JSON", bytes: bytes.subarray(0, bytes.length === 0 ? 0 : at % bytes.length) };
    }),
    fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ kind: "random bytes", bytes })),
  );
  return fc.tuple(body, contentType).map(([b, type]) => ({ ...b, contentType: type }));
}

/** Plausible chat messages, so that many bodies get past the first checks and reach deeper ones. */
export const plausibleMessages: fc.Arbitrary<unknown> = fc.array(
  fc.record(
    { role: fc.constantFrom("user", "assistant", "system", "tool", "robot"), content: fc.oneof(fc.string(), anyValue) },
    { requiredKeys: [] },
  ),
  { maxLength: 4 },
);

// The subset of CBOR (RFC 8949) WebAuthn puts on the wire: attestation objects and COSE keys are maps of
// integers, byte and text strings, arrays and booleans, always definite-length (CTAP2's canonical encoding,
// https://fidoalliance.org/specs/fido-v2.1-ps-20210615/fido-client-to-authenticator-protocol-v2.1-ps-errata-20220621.html#ctap2-canonical-cbor-encoding-form).
// Anything else (floats, tags, indefinite lengths, nesting deeper than a key needs) is refused: this decoder
// reads untrusted input, and a small strict one replaces a general library that costs the Worker ~75 KB gzipped.

/** A decoded CBOR value of the supported subset. */
export type CborValue = number | string | Uint8Array | boolean | null | CborValue[] | Map<number | string, CborValue>;

/** Thrown for input outside the subset or malformed; callers turn it into a 400. */
export class CborError extends Error {}

const maxDepth = 8;
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Decodes one CBOR item starting at `offset`; returns it and the offset just after it. */
export function decodeCborItem(bytes: Uint8Array, offset = 0): { value: CborValue; end: number } {
  const reader = { bytes, at: offset };
  const value = readItem(reader, 0);
  return { value, end: reader.at };
}

/** Decodes a buffer that holds exactly one CBOR item. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const { value, end } = decodeCborItem(bytes);
  if (end !== bytes.length) throw new CborError("trailing bytes after the CBOR item");
  return value;
}

type Reader = { bytes: Uint8Array; at: number };

function take(reader: Reader, length: number): Uint8Array {
  if (length > reader.bytes.length - reader.at) throw new CborError("truncated CBOR");
  const slice = reader.bytes.subarray(reader.at, reader.at + length);
  reader.at += length;
  return slice;
}

function readLength(reader: Reader, info: number): number {
  if (info < 24) return info;
  const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
  if (size === 0) throw new CborError("indefinite or reserved CBOR length");
  let value = 0;
  for (const byte of take(reader, size)) value = value * 256 + byte;
  if (!Number.isSafeInteger(value)) throw new CborError("CBOR integer too large");
  return value;
}

function readItem(reader: Reader, depth: number): CborValue {
  if (depth > maxDepth) throw new CborError("CBOR nested too deeply");
  const [initial = 0] = take(reader, 1);
  const major = initial >> 5;
  const info = initial & 31;
  switch (major) {
    case 0:
      return readLength(reader, info);
    case 1:
      return -1 - readLength(reader, info);
    case 2:
      return take(reader, readLength(reader, info)).slice();
    case 3:
      try {
        return decoder.decode(take(reader, readLength(reader, info)));
      } catch (error) {
        if (error instanceof CborError) throw error;
        throw new CborError("CBOR text is not UTF-8");
      }
    case 4: {
      const length = readLength(reader, info);
      const items: CborValue[] = [];
      for (let index = 0; index < length; index++) items.push(readItem(reader, depth + 1));
      return items;
    }
    case 5: {
      const length = readLength(reader, info);
      const map = new Map<number | string, CborValue>();
      for (let index = 0; index < length; index++) {
        const key = readItem(reader, depth + 1);
        if (typeof key !== "number" && typeof key !== "string") throw new CborError("CBOR map key of a bad type");
        if (map.has(key)) throw new CborError("duplicate CBOR map key");
        map.set(key, readItem(reader, depth + 1));
      }
      return map;
    }
    case 7:
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      throw new CborError("unsupported CBOR simple value");
    default:
      throw new CborError("unsupported CBOR type (tag)");
  }
}

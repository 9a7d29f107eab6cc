// A software passkey authenticator for Worker tests: it answers the options our API hands out the way a real
// authenticator and browser would (CTAP2 authenticator data, "none" attestation, COSE keys, DER signatures), so
// the server's verification is exercised end to end, and it can be told to lie (another origin, RP, counter).
import { isoCBOR } from "@simplewebauthn/server/helpers";

const encoder = new TextEncoder();

function b64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function uint32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

/** ECDSA's raw r‖s as the ASN.1 DER WebAuthn uses. */
function rawToDer(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    const body = (trimmed[0] ?? 0) & 0x80 ? concat(new Uint8Array([0]), trimmed) : trimmed;
    return concat(new Uint8Array([0x02, body.length]), body);
  };
  const body = concat(integer(raw.subarray(0, 32)), integer(raw.subarray(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

/** Lies a test can make the authenticator (or the browser around it) tell. */
export type Tamper = { origin?: string; rpId?: string; userVerified?: boolean; signCount?: number; type?: string };

/** What `navigator.credentials.create()` options look like (the parts an authenticator reads). */
type CreationOptions = { challenge: string; rp: { id?: string }; user: { id: string } };
type RequestOptions = { challenge: string; rpId?: string };

/** One passkey on a software authenticator (ES256 by default, or Ed25519). */
export class SoftPasskey {
  readonly id = crypto.getRandomValues(new Uint8Array(16));
  private keys: CryptoKeyPair | null = null;
  private counter = 0;
  userHandle = "";

  constructor(
    readonly origin: string,
    readonly algorithm: "ES256" | "Ed25519" = "ES256",
  ) {}

  get credentialId(): string {
    return b64url(this.id);
  }

  private async keyPair(): Promise<CryptoKeyPair> {
    this.keys ??= (await crypto.subtle.generateKey(
      this.algorithm === "ES256" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "Ed25519" },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    return this.keys;
  }

  private async coseKey(): Promise<Uint8Array> {
    const jwk = (await crypto.subtle.exportKey("jwk", (await this.keyPair()).publicKey)) as JsonWebKey;
    const map =
      this.algorithm === "ES256"
        ? new Map<number, number | Uint8Array>([
            [1, 2],
            [3, -7],
            [-1, 1],
            [-2, fromB64url(jwk.x ?? "")],
            [-3, fromB64url(jwk.y ?? "")],
          ])
        : new Map<number, number | Uint8Array>([
            [1, 1],
            [3, -8],
            [-1, 6],
            [-2, fromB64url(jwk.x ?? "")],
          ]);
    return isoCBOR.encode(map);
  }

  private clientData(type: string, challenge: string, tamper: Tamper): Uint8Array {
    const origin = tamper.origin ?? this.origin;
    return encoder.encode(JSON.stringify({ type: tamper.type ?? type, challenge, origin, crossOrigin: false }));
  }

  private async authData(rpId: string | undefined, tamper: Tamper, attested: Uint8Array | null): Promise<Uint8Array> {
    const uv = tamper.userVerified ?? true;
    const flags = 0x01 | (uv ? 0x04 : 0) | (attested ? 0x40 : 0);
    const count = tamper.signCount ?? this.counter;
    const head = concat(
      await sha256(encoder.encode(tamper.rpId ?? rpId ?? "")),
      new Uint8Array([flags]),
      uint32(count),
    );
    return attested ? concat(head, attested) : head;
  }

  /** The registration response to creation options, as @simplewebauthn/browser would post it. */
  async register(options: CreationOptions, tamper: Tamper = {}) {
    this.userHandle = options.user.id;
    const credentialIdLength = new Uint8Array([this.id.length >> 8, this.id.length & 255]);
    const attested = concat(new Uint8Array(16), credentialIdLength, this.id, await this.coseKey());
    const authData = await this.authData(options.rp.id, tamper, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, string>>([
        ["fmt", "none"],
        ["attStmt", new Map<string, string>()],
        ["authData", authData],
      ]),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      response: {
        clientDataJSON: b64url(this.clientData("webauthn.create", options.challenge, tamper)),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
      clientExtensionResults: {},
    };
  }

  /** The authentication response to request options (the counter moves forward like a real authenticator's). */
  async authenticate(options: RequestOptions, tamper: Tamper = {}) {
    this.counter += 1;
    const authData = await this.authData(options.rpId, tamper, null);
    const clientData = this.clientData("webauthn.get", options.challenge, tamper);
    const signed = concat(authData, await sha256(clientData));
    const { privateKey } = await this.keyPair();
    const signature =
      this.algorithm === "ES256"
        ? rawToDer(new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, privateKey, signed)))
        : new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, privateKey, signed));
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: this.userHandle || undefined,
      },
      clientExtensionResults: {},
    };
  }
}

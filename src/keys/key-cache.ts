import type { ApiKey } from "./key-store.ts";

/** How long a found key is trusted without asking D1: also the bound on how late a revocation takes effect. */
export const keyCacheTtlMs = 30_000;
/** Unknown keys are remembered briefly so a client retrying a bad key does not cost a query each time. */
export const negativeCacheTtlMs = 5_000;
/** Past this many entries the cache starts over: random keys must not grow an isolate's memory without bound. */
const maxEntries = 10_000;

type Entry = { key: ApiKey | null; expiresAt: number };

export type KeyCacheOptions = { ttlMs?: number; negativeTtlMs?: number; now?: () => number };

/**
 * Per-isolate cache of key lookups by the presented key (memory only: D1 holds hashes), with a TTL and
 * eviction by key id (for revocations).
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly now: () => number;

  constructor(options: KeyCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? keyCacheTtlMs;
    this.negativeTtlMs = options.negativeTtlMs ?? negativeCacheTtlMs;
    this.now = options.now ?? Date.now;
  }

  /** The cached lookup for a presented key: a key, null (known bad), or undefined (not cached or expired). */
  get(token: string): ApiKey | null | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.key;
  }

  /** Remembers a lookup result. */
  set(token: string, key: ApiKey | null): void {
    if (this.entries.size >= maxEntries) this.entries.clear();
    this.entries.set(token, { key, expiresAt: this.now() + (key ? this.ttlMs : this.negativeTtlMs) });
  }

  /** Forgets the key with this id at once (revocation in this isolate). */
  evictId(id: string): void {
    for (const [token, entry] of this.entries) if (entry.key?.id === id) this.entries.delete(token);
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
  }
}

/** The isolate's cache used by the `apiKey()` middleware and evicted by the admin API. */
export const keyCache = new KeyCache();

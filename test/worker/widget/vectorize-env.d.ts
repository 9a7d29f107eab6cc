// The Vectorize stand-ins (test/fixtures/vectorize-double.js), bound in vitest.config.ts.
type StoredVector = { id: string; namespace?: string; metadata?: Record<string, unknown> };

declare namespace Cloudflare {
  interface Env {
    /** An in-memory Vectorize index; `storedVectors` lists what the Worker wrote. */
    VECTORIZE_DOUBLE: Vectorize & { storedVectors(namespace?: string): Promise<StoredVector[]> };
    /** An index whose every call fails. */
    VECTORIZE_FAILING: Vectorize;
    /** An index that answers queries after two seconds. */
    VECTORIZE_SLOW: Vectorize;
  }
}

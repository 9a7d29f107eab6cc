// The Workers AI test double (test/fixtures/workers-ai-double.js), bound in vitest.config.ts.
declare namespace Cloudflare {
  interface Env {
    WORKERS_AI_DOUBLE: Fetcher & {
      run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
      /** The most recent call the double received. */
      lastInputs(): Promise<{ model: string; inputs: Record<string, unknown>; options: unknown } | null>;
    };
  }
}

// Vite's `?raw` imports (the recorded SSE fixtures).
declare module "*.txt?raw" {
  const text: string;
  export default text;
}

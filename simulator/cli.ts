import { parseArgs } from "node:util";
import { engines } from "./options.ts";
import type { SimulatorOptions } from "./server.ts";

/** What the command line asks for. */
export type CliCommand =
  | { kind: "help" }
  | { kind: "error"; message: string }
  | { kind: "run"; options: SimulatorOptions };

/** `npm run simulator -- --help`. */
export const USAGE = `Usage: npm run simulator -- [options]

An upstream simulator that replicates today's provider APIs on loopback: DeepSeek's API (default) or a vLLM
server, with paced streaming and injectable faults. See simulator/README.md.

Options:
  --port <n>              port to listen on (default 8788; 0 = any free port)
  --host <address>        address to bind (default 127.0.0.1)
  --engine <name>         deepseek (default), vllm or sglang: which dialect to speak when a path does not say
  --legacy-models         also accept DeepSeek's retired deepseek-chat / deepseek-reasoner
  --demo                  rich Markdown answers at a human reading pace (30 tokens/s unless --tps is given)
  --tps <n>               tokens per second (default 0 = as fast as possible)
  --ttft-ms <n>           delay before the first token, in milliseconds
  --tokens <n>            answer length in tokens (default 40)
  --reasoning-tokens <n>  reasoning length in tokens at effort "high" (default 30)
  --quiet                 do not log handler errors
  -h, --help              print this help

Per-request options go in front of the API path (e.g. http://127.0.0.1:8788/engine=vllm,tps=20/v1) or in
x-simulator-<option> headers: label, engine, models, legacy, demo, tps, ttft, tokens, reasoning, fault,
failrate, dropafter. GET /__stats shows what each request carried; POST /__reset clears it.
`;

const DEMO_TPS = 30;
const DEMO_TTFT_MS = 400;

/** Parses the simulator's command line. */
export function parseCli(argv: string[]): CliCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        engine: { type: "string" },
        "legacy-models": { type: "boolean" },
        demo: { type: "boolean" },
        tps: { type: "string" },
        "ttft-ms": { type: "string" },
        tokens: { type: "string" },
        "reasoning-tokens": { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return { kind: "error", message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: "help" };
  const engine = values.engine ?? "deepseek";
  const known = engines.find((name) => name === engine);
  if (!known) return { kind: "error", message: `--engine must be deepseek, vllm or sglang, got "${String(engine)}"` };
  const numbers: Record<string, number | undefined> = {};
  for (const name of ["port", "tps", "ttft-ms", "tokens", "reasoning-tokens"]) {
    const value = values[name];
    if (typeof value !== "string") continue;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0)
      return { kind: "error", message: `--${name} must be a non-negative number, got "${value}"` };
    numbers[name] = n;
  }
  const demo = values.demo === true;
  return {
    kind: "run",
    options: {
      port: numbers.port ?? 8788,
      host: typeof values.host === "string" ? values.host : undefined,
      engine: known,
      legacyModels: values["legacy-models"] === true,
      demo,
      tokensPerSecond: numbers.tps ?? (demo ? DEMO_TPS : undefined),
      timeToFirstTokenMs: numbers["ttft-ms"] ?? (demo ? DEMO_TTFT_MS : undefined),
      answerTokens: numbers.tokens,
      reasoningTokens: numbers["reasoning-tokens"],
      quiet: values.quiet === true,
    },
  };
}

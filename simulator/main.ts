import { parseArgs } from "node:util";
import { startSimulator } from "./server.ts";

/** Reads a numeric CLI flag, exiting with a message when it is not a number. */
function numberFlag(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
  const value = values[name];
  if (typeof value !== "string") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number, got "${value}"`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    tps: { type: "string" },
    "ttft-ms": { type: "string" },
    tokens: { type: "string" },
    "reasoning-tokens": { type: "string" },
    quiet: { type: "boolean" },
  },
});

const simulator = await startSimulator({
  port: numberFlag(values, "port") ?? 8788,
  host: values.host,
  tokensPerSecond: numberFlag(values, "tps"),
  timeToFirstTokenMs: numberFlag(values, "ttft-ms"),
  answerTokens: numberFlag(values, "tokens"),
  reasoningTokens: numberFlag(values, "reasoning-tokens"),
  quiet: values.quiet,
});
console.log(`simulator listening on ${simulator.url}`);

let closing = false;
const shutdown = (): void => {
  if (closing) process.exit(1);
  closing = true;
  simulator.close().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

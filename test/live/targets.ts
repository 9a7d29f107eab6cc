import { type Simulator, startSimulator } from "../../simulator/server.ts";

/** One server the conformance tests run against: the simulator, or a real provider when configured. */
export type LiveTarget = {
  name: string;
  /** Base URL the OpenAI-format paths are appended to (`${baseUrl}/chat/completions`). */
  baseUrl(): string;
  apiKey: string;
  model: string;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** Why a real target is not in this run, for `npm run test:live` to print. */
export type SkippedTarget = { name: string; reason: string };

/** Real targets run only under `npm run test:live` (its config sets EDGECHAT_LIVE), never in `npm test`. */
const live = process.env.EDGECHAT_LIVE === "1";

/** The simulator in one dialect, started and stopped by the suite. */
function simulatorTarget(name: string, prefix: string, model: string): LiveTarget {
  let simulator: Simulator | null = null;
  return {
    name,
    baseUrl: () => `${simulator?.url ?? "http://simulator-not-started"}${prefix}`,
    apiKey: "sk-simulator",
    model,
    async start() {
      simulator = await startSimulator({ quiet: true });
    },
    async stop() {
      await simulator?.close();
    },
  };
}

function realTarget(name: string, baseUrl: string, apiKey: string, model: string): LiveTarget {
  return {
    name,
    baseUrl: () => baseUrl.replace(/\/+$/, ""),
    apiKey,
    model,
    start: async () => {},
    stop: async () => {},
  };
}

/** Targets speaking DeepSeek's API: the simulator always, api.deepseek.com when DEEPSEEK_API_KEY is set. */
export function deepSeekTargets(): LiveTarget[] {
  const targets = [simulatorTarget("simulator (DeepSeek)", "", "deepseek-flash")];
  const key = process.env.DEEPSEEK_API_KEY;
  if (live && key) {
    const base = process.env.DEEPSEEK_LIVE_BASE_URL ?? "https://api.deepseek.com";
    targets.push(realTarget("DeepSeek API", base, key, process.env.DEEPSEEK_LIVE_MODEL ?? "deepseek-flash"));
  }
  return targets;
}

/** Targets speaking vLLM's dialect: the simulator always, a real server when LIVE_GPU_URL is set. */
export function vllmTargets(): LiveTarget[] {
  return selfHostedTargets("vLLM", "vllm", "GPU", "GPU server");
}

/** Targets speaking SGLang's dialect: the simulator always, a real server when LIVE_SGLANG_URL is set. */
export function sglangTargets(): LiveTarget[] {
  return selfHostedTargets("SGLang", "sglang", "SGLANG", "SGLang server");
}

/**
 * A self-hosted engine's targets: the simulator in that engine's dialect, and the real server configured by
 * LIVE_<env>_URL (with LIVE_<env>_MODEL and LIVE_<env>_API_KEY).
 */
function selfHostedTargets(label: string, engine: string, env: string, serverName: string): LiveTarget[] {
  const targets = [
    simulatorTarget(`simulator (${label})`, `/engine=${engine},models=sim-gpu-model/v1`, "sim-gpu-model"),
  ];
  const url = process.env[`LIVE_${env}_URL`];
  if (live && url) {
    const model = process.env[`LIVE_${env}_MODEL`] ?? "";
    targets.push(realTarget(`${serverName} ${url}`, url, process.env[`LIVE_${env}_API_KEY`] ?? "EMPTY", model));
  }
  return targets;
}

/** The real targets left out of this run, and why. */
export function skippedTargets(): SkippedTarget[] {
  const skipped: SkippedTarget[] = [];
  if (!process.env.DEEPSEEK_API_KEY) skipped.push({ name: "DeepSeek API", reason: "DEEPSEEK_API_KEY is not set" });
  if (!process.env.LIVE_GPU_URL) {
    skipped.push({
      name: "vLLM server",
      reason: "LIVE_GPU_URL is not set (optional: LIVE_GPU_MODEL, LIVE_GPU_API_KEY)",
    });
  }
  if (!process.env.LIVE_SGLANG_URL) {
    skipped.push({
      name: "SGLang server",
      reason: "LIVE_SGLANG_URL is not set (optional: LIVE_SGLANG_MODEL, LIVE_SGLANG_API_KEY)",
    });
  }
  return skipped;
}

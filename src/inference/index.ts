/**
 * The inference layer: routing (plan × region × health), providers, failover and streaming.
 * Chat sessions call `streamChat`; /v1 calls `proxyChatCompletion`. See docs/inference.md.
 */
import type { AppConfig } from "../config/config.ts";
import type { Region } from "../lib/region.ts";
import { route } from "./routing/router.ts";
import type { HealthSnapshot, RouteExplanation } from "./types.ts";

export { contentText, imageCount, imageTokens, promptCharacters } from "./chat/content-parts.ts";
export { type ChatStream, streamChat } from "./chat/stream-chat.ts";
export { proxyChatCompletion } from "./passthrough/proxy.ts";
export {
  listAliases,
  listModels,
  modelInfo,
  resolveModel,
  servedHeaders,
  thinkingFor,
} from "./routing/catalog.ts";
export type * from "./types.ts";

/** The chain for (plan, region, model) and, for each excluded target, the rule that excluded it. */
export function explainRoute(
  config: AppConfig,
  plan: string,
  region: Region,
  model: string,
  health?: HealthSnapshot,
): RouteExplanation {
  return route(config, plan, region, model, health);
}

import { chargeTokens, type LimitSubject } from "../conversations/rate-limit.ts";
import type { Served, Usage } from "../inference/types.ts";
import { log } from "../lib/log.ts";
import type { PriceContext } from "./price-table.ts";
import { recordUsage } from "./record-usage.ts";

/** One upstream call made for the chat site or the widget (a turn or a title), as metering sees it. */
export type ChatCall = {
  /** Server-made and unique per upstream call: never derived from anything the client sent. */
  usageId: string;
  /** The request that caused it, for the logs only. */
  requestId: string;
  subject: LimitSubject;
  siteId: string | null;
  model: string;
  served: Served | null;
  usage: Usage;
  /** True unless the upstream reported the usage itself. */
  estimated: boolean;
  ttftMs: number | null;
  totalMs: number | null;
  status: string;
  /** The catalog and the call's start time its price is looked up at (off-peak or not). */
  pricing: PriceContext;
};

/**
 * The one metering call of the chat site and the widget: one usage row and the tokens/day charge of the
 * visitor (and their IP). Never rejects: a failure is logged (nobody awaits it to report to).
 */
export async function meterChatCall(env: Env, call: ChatCall): Promise<void> {
  const results = await Promise.allSettled([
    recordUsage(env.DB, {
      requestId: call.usageId,
      siteId: call.siteId,
      userId: call.subject.userId,
      model: call.model,
      served: call.served,
      region: call.served?.region ?? null,
      usage: call.usage,
      pricing: call.pricing,
      estimated: call.estimated,
      ttftMs: call.ttftMs,
      totalMs: call.totalMs,
      status: call.status,
    }),
    chargeTokens(env, call.subject, call.usage.promptTokens + call.usage.completionTokens),
  ]);
  for (const result of results) {
    if (result.status === "rejected") {
      log.error("metering_failed", { requestId: call.requestId, usageId: call.usageId, error: String(result.reason) });
    }
  }
}

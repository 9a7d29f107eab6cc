import type { RouteTarget, Served } from "../types.ts";

/** Who answers on `target`, as headers, stored messages and usage records report it. */
export function servedBy(target: RouteTarget, simulated: boolean): Served {
  return {
    provider: target.provider,
    targetId: target.id,
    model: target.model,
    region: target.region,
    publicModel: target.publicModel,
    substituteFor: target.substituteFor,
    simulated,
  };
}

/** True when the upstream is edgechat's simulator (it says so in a header), so answers are marked simulated. */
export function fromSimulator(response: Response): boolean {
  return response.headers.get("x-edgechat-simulator") === "1";
}

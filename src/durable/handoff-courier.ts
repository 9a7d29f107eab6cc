import { DurableObject } from "cloudflare:workers";
import { deliverHandoff } from "../sites/handoff/deliver.ts";

/**
 * One object per hand-off (named by its id): its alarm delivers the hand-off to the site's webhook and, after a
 * failure, sets itself for the next attempt (sites/handoff/deliver.ts has the schedule). The state lives in D1;
 * the object only remembers which hand-off it carries, and forgets it once the hand-off is done.
 */
export class HandoffCourier extends DurableObject<Env> {
  /** Starts delivering the hand-off `handoffId` now. */
  async dispatch(handoffId: string): Promise<void> {
    await this.ctx.storage.put("handoffId", handoffId);
    await this.ctx.storage.setAlarm(Date.now());
  }

  /** One delivery attempt; alarms run one at a time, so two attempts of a hand-off never overlap. */
  override async alarm(): Promise<void> {
    const handoffId = await this.ctx.storage.get<string>("handoffId");
    if (!handoffId) return;
    const next = await deliverHandoff(this.env, handoffId);
    if (next === null) await this.ctx.storage.deleteAll();
    else await this.ctx.storage.setAlarm(next);
  }
}

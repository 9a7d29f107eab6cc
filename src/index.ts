import { app } from "./app.ts";
import { scheduled } from "./upkeep/scheduled.ts";

export { ChatSession } from "./durable/chat-session.ts";
export { ConcurrencyGate } from "./durable/concurrency-gate.ts";
export { HandoffCourier } from "./durable/handoff-courier.ts";
export { Limiter } from "./durable/limiter.ts";
export { ProviderHealth } from "./durable/provider-health.ts";

export default {
  fetch: app.fetch,
  // Cron triggers (wrangler.toml): usage rollups, retention and cleanup (src/upkeep).
  scheduled,
} satisfies ExportedHandler<Env>;

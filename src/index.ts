import { app } from "./app.ts";

export { ChatSession } from "./durable/chat-session.ts";
export { ConcurrencyGate } from "./durable/concurrency-gate.ts";
export { Limiter } from "./durable/limiter.ts";
export { ProviderHealth } from "./durable/provider-health.ts";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;

import { DurableObject } from "cloudflare:workers";

/** Shared circuit-breaker state for providers and GPU servers (see the inference work). */
export class ProviderHealth extends DurableObject<Env> {}

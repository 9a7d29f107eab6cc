// The one runtime module the minimal worker imports, declared here because bench/ is type-checked with Node's types.
declare module "cloudflare:workers" {
  /** workerd's base class for a Durable Object with RPC methods. */
  export class DurableObject<Env = unknown> {
    constructor(ctx: unknown, env: Env);
  }
}

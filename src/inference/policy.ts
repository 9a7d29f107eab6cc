import { z } from "zod";

// PLACEHOLDER written by the foundation so config parsing compiles; the inference work replaces it
// with the full plan × region policy (schema, typed defaults, merge of ROUTING_POLICY overrides).

export const routingPolicySchema = z.object({
  plans: z.record(z.string(), z.object({ models: z.array(z.string()) })),
});

export type RoutingPolicy = z.infer<typeof routingPolicySchema>;

export const defaultPolicy: RoutingPolicy = {
  plans: {
    free: { models: ["deepseek-chat", "deepseek-reasoner"] },
    pro: { models: ["deepseek-chat", "deepseek-reasoner"] },
    partner: { models: ["deepseek-chat", "deepseek-reasoner"] },
  },
};

/** Parses ROUTING_POLICY (JSON text or null for defaults); throws an Error whose message says what is wrong. */
export function parseRoutingPolicy(raw: string | null): RoutingPolicy {
  if (raw === null) return defaultPolicy;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error("not valid JSON");
  }
  const parsed = routingPolicySchema.safeParse(json);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "invalid shape");
  return parsed.data;
}

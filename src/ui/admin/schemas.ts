// Wire types of the admin API (docs/admin-api.md), parsed leniently at the edge with zod/mini (small bundle).
import * as z from "zod/mini";

/** `GET /admin/api/session`. */
export const sessionSchema = z.looseObject({
  signedIn: z.boolean(),
  method: z.nullish(z.string()),
  subject: z.nullish(z.string()),
  expiresAt: z.nullish(z.string()),
  signIn: z.enum(["access", "token", "closed"]),
});
export type Session = z.infer<typeof sessionSchema>;

const metricsShape = {
  requests: z.number(),
  promptTokens: z.number(),
  cachedTokens: z.number(),
  completionTokens: z.number(),
  reasoningTokens: z.number(),
  spendMicros: z.number(),
  errors: z.number(),
  ttftP50Ms: z.nullish(z.number()),
  ttftP95Ms: z.nullish(z.number()),
};
const metricsSchema = z.looseObject(metricsShape);
/** One bucket's (or one provider's, one surface's) figures. */
export type UsageMetrics = z.infer<typeof metricsSchema>;

const bucketSchema = z.looseObject({
  ...metricsShape,
  bucket: z.string(),
  label: z.nullish(z.string()),
  bySurface: z.record(z.string(), metricsSchema),
  byProvider: z.record(z.string(), metricsSchema),
});

/** `GET /admin/api/usage` and `GET /admin/api/sites/:id/usage`. */
export const usageReportSchema = z.looseObject({
  group: z.string(),
  start: z.string(),
  end: z.string(),
  data: z.array(bucketSchema),
  totals: z.looseObject({
    ...metricsShape,
    bySurface: z.record(z.string(), metricsSchema),
    byProvider: z.record(z.string(), metricsSchema),
  }),
});
export type UsageReport = z.infer<typeof usageReportSchema>;

const keySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  plan: z.string(),
  rpm: z.nullish(z.number()),
  tpm: z.nullish(z.number()),
  monthlyBudgetUsd: z.nullish(z.number()),
  spendThisMonthMicros: z.optional(z.number()),
  createdAt: z.string(),
  revokedAt: z.nullish(z.string()),
});
/** An API key as listed (never its secret). */
export type ApiKey = z.infer<typeof keySchema>;
export const keyListSchema = z.looseObject({ data: z.array(keySchema) });
/** A created or rotated key: the listing plus the secret, shown once. */
export const keyWithSecretSchema = z.looseObject({ ...keySchema.shape, key: z.string() });

const siteSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  siteKey: z.string(),
  allowedOrigins: z.array(z.string()),
  plan: z.string(),
  theme: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  instructions: z.optional(z.string()),
  starterQuestions: z.optional(z.array(z.string())),
  showServedBy: z.optional(z.boolean()),
  handoffWebhookUrl: z.nullish(z.string()),
  /** Present once, in the answer that set a new webhook URL or rotated its secret. */
  handoffSecret: z.optional(z.string()),
});
/** A widget site. */
export type Site = z.infer<typeof siteSchema>;
export const siteListSchema = z.looseObject({ data: z.array(siteSchema) });
export { siteSchema };

/** `GET /admin/api/users?id=`. */
export const userSchema = z.looseObject({
  id: z.string(),
  plan: z.string(),
  siteId: z.nullish(z.string()),
  createdAt: z.optional(z.string()),
  conversations: z.optional(z.number()),
  lastActiveAt: z.nullish(z.string()),
  /** Set when the visitor is a signed-in account: the plan then applies on every device they sign in on. */
  account: z.optional(z.nullable(z.looseObject({ name: z.string(), passkeys: z.number() }))),
});
export type User = z.infer<typeof userSchema>;

/** `DELETE /admin/api/users/:id`. */
export const erasedSchema = z.looseObject({
  id: z.string(),
  erased: z.boolean(),
  conversations: z.optional(z.number()),
  shares: z.optional(z.number()),
});

const targetSchema = z.looseObject({
  id: z.string(),
  provider: z.string(),
  region: z.nullish(z.string()),
  configured: z.optional(z.boolean()),
  state: z.string(),
  consecutiveFailures: z.optional(z.number()),
  openUntil: z.nullish(z.string()),
  recentFailures: z.optional(z.array(z.looseObject({ at: z.string(), reason: z.string() }))),
  last24h: z.nullish(metricsSchema),
  concurrency: z.nullish(z.looseObject({ inUse: z.number(), max: z.nullish(z.number()) })),
});
/** One routing target's health. */
export type Target = z.infer<typeof targetSchema>;

/** `GET /admin/api/health`. */
export const healthSchema = z.looseObject({
  ready: z.boolean(),
  plans: z.optional(
    z.array(
      z.looseObject({
        plan: z.string(),
        model: z.string(),
        ready: z.boolean(),
        chain: z.optional(z.array(z.unknown())),
      }),
    ),
  ),
  targets: z.array(targetSchema),
  checkedAt: z.optional(z.string()),
});

/** `GET /admin/api/routing/explain`. */
export const explanationSchema = z.looseObject({
  plan: z.string(),
  model: z.string(),
  country: z.nullish(z.string()),
  residency: z.nullish(z.string()),
  refusal: z.nullish(z.looseObject({ status: z.number(), code: z.string(), message: z.string() })),
  chain: z.array(
    z.looseObject({
      id: z.string(),
      provider: z.string(),
      model: z.string(),
      region: z.string(),
      probing: z.boolean(),
    }),
  ),
  excluded: z.array(z.looseObject({ target: z.string(), provider: z.string(), rule: z.string(), detail: z.string() })),
});
export type Explanation = z.infer<typeof explanationSchema>;

import * as z from "zod";

/** Days an idle anonymous conversation is kept, per visitor plan; null = kept until the visitor deletes it. */
export type RetentionPolicy = { defaultDays: number | null; plans: Record<string, number | null> };

export const defaultRetention: RetentionPolicy = { defaultDays: 90, plans: {} };

const days = z
  .number()
  .int()
  .min(0)
  .max(36_500)
  .transform((value) => (value === 0 ? null : value));

const retentionSchema = z.union([
  days.transform((value): RetentionPolicy => ({ defaultDays: value, plans: {} })),
  z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "keys are plan ids or `default`"), days).transform(
    ({ default: fallback, ...plans }): RetentionPolicy => ({
      defaultDays: fallback === undefined ? defaultRetention.defaultDays : fallback,
      plans,
    }),
  ),
]);

/**
 * Parses RETENTION_DAYS: a whole number of days for every plan (`90`), or per plan as JSON
 * (`{"free":30,"pro":365,"default":90}`); 0 keeps conversations forever. Throws a message naming the problem.
 */
export function parseRetention(raw: string | null): RetentionPolicy {
  if (raw === null) return defaultRetention;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error("not a number or JSON object");
  }
  const parsed = retentionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".") || "value"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as z from "zod";
import { inputLimits } from "../conversations/input-limits.ts";
import { byteLength } from "../conversations/message-size.ts";
import { userSettings } from "../db/schema.ts";

const { instructionsBytes } = inputLimits;

/** A user's settings as the site API reads and writes them (`GET`/`PUT /api/me/settings`). */
export const settingsSchema = z.object({
  customInstructions: z.string().superRefine((text, context) => {
    const bytes = byteLength(text);
    if (bytes <= instructionsBytes) return;
    context.addIssue({
      code: "custom",
      message: `Custom instructions are limited to 2 KB (${instructionsBytes} bytes of UTF-8); these are ${bytes} bytes.`,
    });
  }),
});

/** The settings of the site API. */
export type UserSettings = z.infer<typeof settingsSchema>;

/** A user's settings; the defaults for one who never saved any. */
export async function readSettings(db: D1Database, userId: string): Promise<UserSettings> {
  const row = await drizzle(db)
    .select({ customInstructions: userSettings.customInstructions })
    .from(userSettings)
    .where(eq(userSettings.userId, userId))
    .get();
  return { customInstructions: row?.customInstructions ?? "" };
}

/** Saves a user's settings (the users row must exist: the site's first write creates it). */
export async function writeSettings(db: D1Database, userId: string, settings: UserSettings): Promise<void> {
  const values = { customInstructions: settings.customInstructions, updatedAt: Date.now() };
  await drizzle(db)
    .insert(userSettings)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: userSettings.userId, set: values })
    .run();
}

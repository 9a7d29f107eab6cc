import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { readJsonBody } from "../http/json-body.ts";
import { visitor } from "../identity/index.ts";
import { readSettings, settingsSchema, writeSettings } from "../settings/user-settings.ts";

/**
 * The visitor's settings (`/api/me/settings`): custom instructions, applied to conversations started after they
 * are saved. Keyed by the visitor's user id, so they follow the person wherever that id goes.
 */
export const settings = new Hono<AppEnv>()
  .use(visitor())
  .get("/", async (c) => {
    const { userId } = c.get("visitor");
    // A visitor who never wrote anything has no row anywhere, settings included: the defaults, without a read.
    const stored = c.get("visitorPersisted") ? await readSettings(c.env.DB, userId) : { customInstructions: "" };
    return c.json(stored, 200, { "cache-control": "no-store" });
  })
  .put("/", async (c) => {
    const body = await readJsonBody(c, settingsSchema);
    const saved = { customInstructions: body.customInstructions.trim() };
    await writeSettings(c.env.DB, c.get("visitor").userId, saved);
    return c.json(saved);
  });

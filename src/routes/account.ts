import { Hono } from "hono";
import { deleteCookie } from "hono/cookie";
import * as z from "zod";
import { findAccount, listPasskeys, removePasskey } from "../accounts/account-store.ts";
import {
  authenticationOptions,
  currentAccount,
  finishAuthentication,
  finishRegistration,
  registrationOptions,
  requireAccount,
} from "../accounts/ceremonies.ts";
import { authenticationResponseSchema, registrationResponseSchema } from "../accounts/webauthn/response-schemas.ts";
import { rateLimited } from "../conversations/rate-limit.ts";
import { limiterFor } from "../durable/limiter/limiter-for.ts";
import type { AppEnv } from "../env.ts";
import { readJsonBody, validate } from "../http/json-body.ts";
import { clientLimitKey, endSession, sessionCookieName, sessionSecrets } from "../identity/index.ts";
import { eraseVisitor } from "../upkeep/erase-visitor.ts";

const registrationOptionsBody = z.object({
  name: z.string().trim().min(1, "name must not be empty").max(64, "name is at most 64 characters").optional(),
});
const registrationBody = z.object({ response: registrationResponseSchema });
const authenticationBody = z.object({ response: authenticationResponseSchema });
const removeQuery = z.object({ confirm: z.enum(["last"]).optional() });

// Each ceremony stores a challenge row before anyone is known: a network gets this many per 10 minutes.
const ceremoniesPer10Minutes = 30;

/** Charges one passkey ceremony to the caller's network; a 429 `rate_limited` past the limit. */
async function chargeCeremony(env: Env, request: Request): Promise<void> {
  const network = clientLimitKey(request);
  if (network === null) return;
  const rule = { name: "ceremonies/10min", limit: ceremoniesPer10Minutes, windowMs: 10 * 60_000, cost: 1 };
  const result = await limiterFor(env, { kind: "ceremonies", id: network }).consume([rule]);
  if (!result.allowed) {
    throw rateLimited(result.retryAfterMs, (seconds) => `Too many passkey attempts. Try again in ${seconds} s.`);
  }
}

/**
 * Accounts with passkeys (docs/accounts.md): the state (`GET /api/account`), creating an account or adding a
 * passkey (`registration/options`, `registration/verify`), signing in (`authentication/options`,
 * `authentication/verify`), signing out, the passkey list, and deleting the account with everything it holds.
 */
export const account = new Hono<AppEnv>()
  .get("/", async (c) => {
    const signedIn = await currentAccount(c);
    if (!signedIn) return c.json({ signedIn: false });
    const [row, passkeys] = await Promise.all([
      findAccount(c.env.DB, signedIn.userId),
      listPasskeys(c.env.DB, signedIn.userId),
    ]);
    return c.json({
      signedIn: true,
      id: signedIn.userId,
      name: row?.name ?? "",
      plan: signedIn.plan,
      createdAt: row ? new Date(row.createdAt).toISOString() : null,
      passkeys,
    });
  })
  .post("/registration/options", async (c) => {
    const { name } = await readJsonBody(c, registrationOptionsBody);
    await chargeCeremony(c.env, c.req.raw);
    return c.json(await registrationOptions(c, name ?? "edgechat user"));
  })
  .post("/registration/verify", async (c) => {
    const { response } = await readJsonBody(c, registrationBody);
    const result = await finishRegistration(c, response);
    return c.json(result, result.created ? 201 : 200);
  })
  .post("/authentication/options", async (c) => {
    await chargeCeremony(c.env, c.req.raw);
    return c.json(await authenticationOptions(c));
  })
  .post("/authentication/verify", async (c) => {
    const { response } = await readJsonBody(c, authenticationBody);
    return c.json(await finishAuthentication(c, response));
  })
  .post("/sign-out", async (c) => {
    await endSession(c, sessionSecrets(c));
    return c.body(null, 204);
  })
  .get("/passkeys", async (c) => {
    const signedIn = await requireAccount(c);
    return c.json({ passkeys: await listPasskeys(c.env.DB, signedIn.userId) });
  })
  .delete("/passkeys/:id", async (c) => {
    const signedIn = await requireAccount(c);
    const { confirm } = validate(removeQuery, c.req.query());
    await removePasskey(c.env.DB, signedIn.userId, c.req.param("id"), confirm === "last");
    return c.body(null, 204);
  })
  .delete("/", async (c) => {
    const signedIn = await requireAccount(c);
    // The same erase as DELETE /api/me: the account's users row goes last, taking its passkeys and sessions.
    const erased = await eraseVisitor(c.env, signedIn.userId);
    deleteCookie(c, sessionCookieName, { path: "/", secure: true });
    return c.json({ deleted: true, ...erased });
  });

// Where a visitor token travels: `Authorization: Bearer` for fetch and SSE, and for the live WebSocket (whose
// browser API cannot set headers) an entry of `Sec-WebSocket-Protocol`. Never the URL: query strings end up in
// access logs, proxies and browser history. The token is read and verified once per request; the result is
// kept in the `visitorToken` context variable for whoever asks next (the embed guard, then the visitor
// middleware).
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import { bearerToken } from "../http/bearer-token.ts";
import { type SessionSecrets, type VisitorClaims, verifyVisitorToken } from "./visitor-token.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The request's verified visitor token (null: none sent); unset until `visitorTokenOf` first runs. */
    visitorToken: VerifiedToken | null | undefined;
  }
}

/** The subprotocol the live WebSocket speaks; the server answers with it when the token came that way. */
export const liveSubprotocol = "edgechat";
/** Prefix of the `Sec-WebSocket-Protocol` entry that carries the token (`edgechat.token.<token>`). */
export const tokenSubprotocolPrefix = "edgechat.token.";

/** A visitor token that passed its checks, and how it arrived. */
export type VerifiedToken = { claims: VisitorClaims; issuedAt: number; stale: boolean; via: "header" | "subprotocol" };

/** The session secrets, or a 503 naming SESSION_SECRET when it is unset. */
export function sessionSecrets(c: Context<AppEnv>): SessionSecrets {
  const config = c.get("config");
  if (!config.sessionSecret) {
    throw new AppError(503, "Server misconfigured: SESSION_SECRET is not set, so visitors cannot be identified.", {
      code: "config_invalid",
      type: "server_error",
      param: "SESSION_SECRET",
    });
  }
  return { current: config.sessionSecret, previous: config.sessionSecretPrevious };
}

function presentedToken(c: Context<AppEnv>): { token: string; via: VerifiedToken["via"] } | null {
  if (c.req.query("token") !== undefined) {
    throw new AppError(
      400,
      "Visitor tokens are not accepted in the URL. Send them in the Authorization header (or, for the live WebSocket, as the subprotocol edgechat.token.<token>).",
      { code: "token_in_url", param: "token" },
    );
  }
  const token = bearerToken(c.req.header("authorization"));
  if (token !== null) return { token, via: "header" };
  const protocols = (c.req.header("sec-websocket-protocol") ?? "").split(",").map((entry) => entry.trim());
  const carried = protocols.find((entry) => entry.startsWith(tokenSubprotocolPrefix));
  return carried ? { token: carried.slice(tokenSubprotocolPrefix.length), via: "subprotocol" } : null;
}

function refused(reason: "invalid" | "expired" | "outdated"): AppError {
  const headers = { "www-authenticate": "Bearer" };
  if (reason === "invalid") return new AppError(401, "Visitor token is invalid.", { code: "invalid_token", headers });
  const message =
    reason === "expired"
      ? "Visitor token has expired. Get a new one from POST /api/embed/{siteKey}/visitor."
      : "Visitor token is from before tokens carried an issue time. Get a new one from POST /api/embed/{siteKey}/visitor.";
  return new AppError(401, message, { code: "token_expired", headers });
}

/** The 401 for a correctly signed token whose visitor is gone (or belongs to another site). */
export function tokenVisitorGone(): AppError {
  return new AppError(401, "Visitor token is invalid or its visitor no longer exists.", {
    code: "invalid_token",
    headers: { "www-authenticate": "Bearer" },
  });
}

/**
 * The request's visitor token, verified (signature with the current or previous secret, lifetime), or null
 * when none was sent. A token that fails is a 401 (`invalid_token`, or `token_expired` for an old one);
 * a token in `?token=` is a 400. Verified at most once per request.
 */
export async function visitorTokenOf(c: Context<AppEnv>): Promise<VerifiedToken | null> {
  const known = c.get("visitorToken");
  if (known !== undefined) return known;
  const presented = presentedToken(c);
  if (presented === null) {
    c.set("visitorToken", null);
    return null;
  }
  const check = await verifyVisitorToken(sessionSecrets(c), presented.token);
  if (!check.ok) throw refused(check.reason);
  const verified: VerifiedToken = {
    claims: check.claims,
    issuedAt: check.issuedAt ?? 0,
    stale: check.stale,
    via: presented.via,
  };
  c.set("visitorToken", verified);
  return verified;
}

// The two passkey ceremonies as the account routes run them: options (a stored challenge), then verify (the
// challenge taken back, the browser's answer checked, then the account created, extended or signed into).
import type { Context } from "hono";
import { deleteCookie } from "hono/cookie";
import type { AppEnv } from "../env.ts";
import { AppError } from "../http/app-error.ts";
import {
  anonymousVisitorId,
  chargeNewIdentity,
  clientLimitKey,
  endSession,
  loadVisitor,
  sessionSecrets,
  sessionVisitor,
  startSession,
  type Visitor,
  visitorCookieName,
} from "../identity/index.ts";
import { randomId } from "../lib/crypto.ts";
import {
  addPasskey,
  createAccount,
  findAccount,
  findPasskey,
  listPasskeys,
  recordPasskeyUse,
} from "./account-store.ts";
import { adoptVisitor } from "./adopt-visitor.ts";
import { consumeChallenge, issueChallenge } from "./challenge-store.ts";
import { relyingPartyOf } from "./relying-party.ts";
import { decodeClientData } from "./webauthn/client-data.ts";
import { creationOptions, requestOptions } from "./webauthn/options.ts";
import type { AuthenticationResponse, RegistrationResponse } from "./webauthn/response-schemas.ts";
import { verifyAuthentication } from "./webauthn/verify-authentication.ts";
import { verifyRegistration } from "./webauthn/verify-registration.ts";

/** What a finished ceremony reports to the page. */
export type SignedIn = { id: string; name: string; adopted: number };

/** The signed-in account of this request, or null. */
export async function currentAccount(c: Context<AppEnv>): Promise<Visitor | null> {
  return sessionVisitor(c, sessionSecrets(c));
}

/** The signed-in account, or a 401 `not_signed_in`. */
export async function requireAccount(c: Context<AppEnv>): Promise<Visitor> {
  const account = await currentAccount(c);
  if (!account) throw new AppError(401, "Sign in with your passkey first.", { code: "not_signed_in" });
  return account;
}

/**
 * Options for `navigator.credentials.create()`: a new account's first passkey (anonymous caller, `name` is the
 * account's name) or another passkey for the signed-in account.
 */
export async function registrationOptions(c: Context<AppEnv>, name: string) {
  const rp = relyingPartyOf(c);
  const account = await currentAccount(c);
  if (account) {
    const row = await findAccount(c.env.DB, account.userId);
    if (!row) throw new AppError(401, "Sign in with your passkey first.", { code: "not_signed_in" });
    const issued = await issueChallenge(c.env.DB, { purpose: "add-passkey", userId: account.userId });
    const existing = await listPasskeys(c.env.DB, account.userId);
    return creationOptions(rp, { handle: row.webauthnUserId, name: row.name }, issued.challenge, existing);
  }
  const handle = randomId(32);
  const issued = await issueChallenge(c.env.DB, { purpose: "sign-up", webauthnUserId: handle, name });
  return creationOptions(rp, { handle, name }, issued.challenge, []);
}

/** Options for `navigator.credentials.get()` with any of this site's passkeys. */
export async function authenticationOptions(c: Context<AppEnv>) {
  const issued = await issueChallenge(c.env.DB, { purpose: "sign-in" });
  return requestOptions(relyingPartyOf(c), issued.challenge);
}

/** Ends whatever session the browser had and starts one for `userId`, taking the anonymous visitor along. */
async function signInAs(c: Context<AppEnv>, userId: string): Promise<number> {
  const secrets = sessionSecrets(c);
  const anonymous = await anonymousVisitorId(c, secrets);
  await endSession(c, secrets);
  const adopted = anonymous ? await adoptVisitor(c.env, anonymous, userId) : 0;
  await startSession(c, userId);
  // Signed out later, this browser starts as a new, empty visitor: the account's history stays in the account.
  deleteCookie(c, visitorCookieName, { path: "/", secure: true });
  return adopted;
}

/** Verifies a registration: creates the account (and signs in) or adds the passkey to the signed-in account. */
export async function finishRegistration(
  c: Context<AppEnv>,
  response: RegistrationResponse,
): Promise<SignedIn & { created: boolean }> {
  const { challenge } = decodeClientData(response.response.clientDataJSON);
  const issued = await consumeChallenge(c.env.DB, challenge, ["sign-up", "add-passkey"]);
  const credential = await verifyRegistration(response, issued.challenge, relyingPartyOf(c));
  if (issued.purpose === "add-passkey") {
    const account = await requireAccount(c);
    if (account.userId !== issued.userId) {
      throw new AppError(403, "This passkey request belongs to another account.", { code: "wrong_account" });
    }
    await addPasskey(c.env.DB, account.userId, credential);
    const row = await findAccount(c.env.DB, account.userId);
    return { id: account.userId, name: row?.name ?? "", adopted: 0, created: false };
  }
  // A new account is a new identity: the same per-network cap as a new anonymous visitor.
  await chargeNewIdentity(c.env, clientLimitKey(c.req.raw));
  const anonymous = await anonymousVisitorId(c, sessionSecrets(c));
  const previous = anonymous ? await loadVisitor(c.env.DB, anonymous) : null;
  const userId = randomId(16);
  const name = issued.name ?? "edgechat user";
  await createAccount(
    c.env.DB,
    // An operator's plan for the anonymous visitor carries over to the account it becomes.
    {
      userId,
      plan: previous?.siteId === null ? previous.plan : "free",
      name,
      webauthnUserId: issued.webauthnUserId ?? "",
    },
    credential,
  );
  const adopted = await signInAs(c, userId);
  return { id: userId, name, adopted, created: true };
}

/** Verifies a sign-in with a passkey and starts the account's session. */
export async function finishAuthentication(c: Context<AppEnv>, response: AuthenticationResponse): Promise<SignedIn> {
  const { challenge } = decodeClientData(response.response.clientDataJSON);
  const issued = await consumeChallenge(c.env.DB, challenge, ["sign-in"]);
  const passkey = await findPasskey(c.env.DB, response.id.replace(/=+$/, ""));
  if (!passkey) {
    throw new AppError(401, "This passkey is not registered here (it may have been removed).", {
      code: "passkey_unknown",
    });
  }
  // WebAuthn §7.2 step 6: a discoverable credential names its user; it must be the passkey's account.
  const handle = response.response.userHandle;
  if (handle && handle.replace(/=+$/, "") !== passkey.webauthnUserId) {
    throw new AppError(400, "The passkey response was not accepted: it names another account.", {
      code: "passkey_invalid",
    });
  }
  const use = await verifyAuthentication(response, issued.challenge, relyingPartyOf(c), passkey);
  await recordPasskeyUse(c.env.DB, passkey.id, use);
  const adopted = await signInAs(c, passkey.userId);
  const row = await findAccount(c.env.DB, passkey.userId);
  return { id: passkey.userId, name: row?.name ?? "", adopted };
}

/** Visitor identity: signed cookie on the chat site, signed bearer tokens for the widget. */
export { endSession, sessionCookieName, sessionVisitor, startSession } from "./account-session.ts";
export { createVisitor, loadVisitor, persistVisitor, type Visitor } from "./create-visitor.ts";
export { clientLimitKey, ipLimitKey } from "./ip-key.ts";
export { chargeNewIdentity, newIdentityLimits } from "./new-identity-cap.ts";
export { cookieLifetime, widgetTokenLifetime } from "./token-lifetimes.ts";
export {
  liveSubprotocol,
  sessionSecrets,
  tokenSubprotocolPrefix,
  tokenVisitorGone,
  visitorTokenOf,
} from "./token-transport.ts";
export { allowTurnstile, turnstileTokenHeader } from "./turnstile.ts";
export { forgetVisitor, loadVisitorCached, visitorCacheMs } from "./visitor-cache.ts";
export {
  anonymousVisitorId,
  pendingTurnstileSiteKey,
  visitor,
  visitorCookieName,
} from "./visitor-middleware.ts";
export {
  issueVisitorToken,
  type SessionSecrets,
  signVisitorCookie,
  type VisitorClaims,
  verifyVisitorCookie,
  verifyVisitorToken,
} from "./visitor-token.ts";

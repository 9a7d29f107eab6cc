/** Visitor identity: signed cookie on the chat site, signed bearer tokens for the widget. */
export { endSession, sessionCookieName, sessionVisitor, startSession } from "./account-session.ts";
export { createVisitor, loadVisitor, type Visitor } from "./create-visitor.ts";
export { clientLimitKey, ipLimitKey } from "./ip-key.ts";
export { chargeNewIdentity, newIdentityLimits } from "./new-identity-cap.ts";
export { cookieLifetime, widgetTokenLifetime } from "./token-lifetimes.ts";
export {
  sessionSecrets,
  tokenVisitorGone,
  visitorTokenOf,
} from "./token-transport.ts";
export { allowTurnstile } from "./turnstile.ts";
export { forgetVisitor } from "./visitor-cache.ts";
export {
  anonymousVisitorId,
  pendingTurnstileSiteKey,
  visitor,
  visitorCookieName,
} from "./visitor-middleware.ts";
export {
  issueVisitorToken,
  signVisitorCookie,
  verifyVisitorToken,
} from "./visitor-token.ts";

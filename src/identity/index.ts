/** Visitor identity: signed cookie on the chat site, signed bearer tokens for the widget. */
export { createVisitor, loadVisitor, type Visitor } from "./create-visitor.ts";
export { forgetVisitor, loadVisitorCached, visitorCacheMs } from "./visitor-cache.ts";
export { visitor, visitorCookieName } from "./visitor-middleware.ts";
export {
  issueVisitorToken,
  signVisitorCookie,
  type VisitorClaims,
  verifyVisitorCookie,
  verifyVisitorToken,
} from "./visitor-token.ts";

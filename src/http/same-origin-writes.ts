import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { canonicalOrigin } from "../sites/origin-pattern.ts";
import { hostOrigin } from "../sites/request-origin.ts";
import { AppError } from "./app-error.ts";
import { bearerToken } from "./bearer-token.ts";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Guards the site API's writes (POST, PATCH, PUT, DELETE) that a browser could make on a visitor's behalf, i.e.
 * all but those carrying a bearer token (widget visitors; a page cannot make a browser add one cross-site):
 * - from another origin: 403 `origin_not_allowed`. A browser marks every write with `Origin` (compared in
 *   canonical form with HOST) and `Sec-Fetch-Site` (must be `same-origin`); where either is present it must say
 *   HOST. A request with neither did not come from a browser page, so it cannot be a forgery riding on a
 *   visitor's cookie, and is let through, as Go's `http.CrossOriginProtection` does
 *   (https://pkg.go.dev/net/http#CrossOriginProtection, https://developer.mozilla.org/docs/Web/HTTP/Headers/Sec-Fetch-Site).
 * - with a body that is not `application/json`: 415 `unsupported_media_type`. JSON cannot be sent cross-site
 *   without a CORS preflight (which we never grant), unlike the form and text types.
 */
export function sameOriginWrites(): MiddlewareHandler<AppEnv> {
  return async function sameOriginWritesMiddleware(c, next) {
    if (safeMethods.has(c.req.method)) return next();
    if (bearerToken(c.req.header("authorization")) !== null) return next();
    if (!fromHostOrNotABrowser(c.req.raw)) {
      throw new AppError(403, "Writes to this API are only accepted from this site's own pages.", {
        code: "origin_not_allowed",
      });
    }
    if (hasBody(c.req.raw) && !isJson(c.req.header("content-type"))) {
      throw new AppError(415, "Request bodies must be JSON (content-type: application/json).", {
        code: "unsupported_media_type",
        type: "invalid_request_error",
        param: "content-type",
      });
    }
    await next();
  };
}

function fromHostOrNotABrowser(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return false;
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  const claimed = canonicalOrigin(origin);
  return claimed !== null && claimed === canonicalOrigin(hostOrigin(request));
}

function hasBody(request: Request): boolean {
  const length = request.headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  return request.headers.has("transfer-encoding") || request.body !== null;
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  return mediaType === "application/json";
}

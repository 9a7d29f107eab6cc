import type { MiddlewareHandler } from "hono";
import type { AppEnv, Region } from "../env.ts";
import { continentOf } from "../lib/countries.ts";
import { residencyCountry } from "../lib/residency-territories.ts";

const countryCode = /^[A-Za-z]{2}$/;

/** Reads the visitor's country and continent from `request.cf`, or from `x-dev-country` when DEV_REGION_HEADER is on. */
export function region(): MiddlewareHandler<AppEnv> {
  return async function regionMiddleware(c, next) {
    c.set("region", resolveRegion(c.req.raw, c.get("config").devRegionHeader));
    await next();
  };
}

/** Pure region resolution, exported for the Durable Objects and tests. */
export function resolveRegion(request: Request, devRegionHeader: boolean): Region {
  if (devRegionHeader) {
    const dev = request.headers.get("x-dev-country");
    if (dev && countryCode.test(dev)) {
      const country = dev.toUpperCase();
      return { country, continent: continentOf(country) };
    }
  }
  const cf = request.cf as { country?: unknown; continent?: unknown; isEUCountry?: unknown } | undefined;
  const claimed = typeof cf?.country === "string" && countryCode.test(cf.country) ? cf.country.toUpperCase() : null;
  const country = residencyCountry(claimed, cf?.isEUCountry);
  const continent =
    typeof cf?.continent === "string" && cf.continent.length === 2
      ? cf.continent.toUpperCase()
      : country
        ? continentOf(country)
        : null;
  return { country, continent };
}

import { Hono } from "hono";
import type { AppConfig } from "../config/config.ts";
import type { AppEnv } from "../env.ts";
import { renderDocsPage } from "./v1/docs-page.ts";
import { openApiDocument } from "./v1/openapi-document.ts";

/** Rendered once per configuration and origin (the page shows the live catalog and the deployment's own URL). */
const pages = new WeakMap<AppConfig, Map<string, string>>();

/** `/openapi.json` (generated from the routes' zod schemas) and `/docs` (quickstarts, catalog, reference). */
export const openApi = new Hono<AppEnv>();

openApi.get("/openapi.json", (c) => c.json(openApiDocument()));

openApi.get("/docs", (c) => {
  const config = c.get("config");
  const origin = new URL(c.req.url).origin;
  let byOrigin = pages.get(config);
  if (!byOrigin) {
    byOrigin = new Map();
    pages.set(config, byOrigin);
  }
  let page = byOrigin.get(origin);
  if (page === undefined) {
    page = renderDocsPage(openApiDocument(), config, origin);
    if (byOrigin.size < 8) byOrigin.set(origin, page);
  }
  return c.html(page);
});

import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { renderDocsPage } from "./v1/docs-page.ts";
import { openApiDocument } from "./v1/openapi-document.ts";

let page: string | null = null;

/** `/openapi.json` (generated from the routes' zod schemas) and `/docs` (the same document as HTML). */
export const openApi = new Hono<AppEnv>();

openApi.get("/openapi.json", (c) => c.json(openApiDocument()));

openApi.get("/docs", (c) => {
  page ??= renderDocsPage(openApiDocument());
  return c.html(page);
});

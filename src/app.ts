import { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors/app-error.ts";
import { renderError } from "./errors/render-error.ts";
import { config } from "./middleware/config.ts";
import { region } from "./middleware/region.ts";
import { requestId } from "./middleware/request-id.ts";
import { adminKeys } from "./routes/admin-keys.ts";
import { health } from "./routes/health.ts";
import { openApi } from "./routes/openapi.ts";
import { site } from "./routes/site.ts";

/** The whole HTTP surface. Each resource is a sub-app under src/routes. */
export const app = new Hono<AppEnv>();

app.use(requestId());
app.use(config());
app.use(region());

app.route("/healthz", health);
app.route("/admin/api/keys", adminKeys);
app.route("/", openApi);

app.all("/api/*", () => {
  throw new AppError(404, "Unknown API endpoint.", { code: "not_found" });
});
app.all("/v1/*", () => {
  throw new AppError(404, "Unknown endpoint. See /docs for the API reference.", { code: "unknown_url" });
});
app.all("/admin/api/*", () => {
  throw new AppError(404, "Unknown admin endpoint.", { code: "not_found" });
});

app.route("/", site);

app.notFound(() => {
  throw new AppError(404, "There is no page at this address.", { code: "not_found" });
});
app.onError(renderError);

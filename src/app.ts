import { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { AppError } from "./http/app-error.ts";
import { requestBodyLimit } from "./http/body-limit.ts";
import { config } from "./http/load-config.ts";
import { pageHeaders } from "./http/page-headers.ts";
import { renderError } from "./http/render-error.ts";
import { requestId } from "./http/request-id.ts";
import { sameOriginWrites } from "./http/same-origin-writes.ts";
import { region } from "./http/visitor-region.ts";
import { account } from "./routes/account.ts";
import { adminHealth } from "./routes/admin-health.ts";
import { adminKeys } from "./routes/admin-keys.ts";
import { adminPage } from "./routes/admin-page.ts";
import { adminRouting } from "./routes/admin-routing.ts";
import { adminSession } from "./routes/admin-session.ts";
import { adminSites } from "./routes/admin-sites.ts";
import { adminUpkeep } from "./routes/admin-upkeep.ts";
import { adminUsage } from "./routes/admin-usage.ts";
import { adminUsers } from "./routes/admin-users.ts";
import { conversations } from "./routes/conversations.ts";
import { embedApi, embedPages } from "./routes/embed.ts";
import { embedHandoff } from "./routes/embed-handoff.ts";
import { embedKnowledge } from "./routes/embed-knowledge.ts";
import { health, ready } from "./routes/health.ts";
import { me } from "./routes/me.ts";
import { openApi } from "./routes/openapi.ts";
import { search } from "./routes/search.ts";
import { settings } from "./routes/settings.ts";
import { shares } from "./routes/shares.ts";
import { site } from "./routes/site.ts";
import { v1 } from "./routes/v1/index.ts";
import { embedGuard } from "./sites/embed-guard.ts";

/** The whole HTTP surface. Each resource is a sub-app under src/routes. */
export const app = new Hono<AppEnv>();

app.use(requestId());
// Before everything that can fail, so it also sees error pages: every HTML response and static file gets the page
// security headers (and a mutable copy of an asset response, which the request id is then set on).
app.use(pageHeaders());
app.use(config());
app.use(region());
// Cookie-authenticated site-API writes: same origin and JSON only (before any body is read).
app.use("/api/*", sameOriginWrites());
// Every body, on every surface, is capped while it streams in (limits per surface in http/body-limit.ts).
app.use(requestBodyLimit());
// Widget traffic (site key or site-bound visitor token) must come from the embed iframe; before every /api route.
app.use("/api/*", embedGuard());

app.route("/healthz", health);
app.route("/readyz", ready);
app.route("/admin/api/health", adminHealth);
app.route("/admin/api/upkeep", adminUpkeep);
app.route("/admin/api", adminUsage);
app.route("/admin/api/keys", adminKeys);
app.route("/admin/api/session", adminSession);
app.route("/admin/api/routing", adminRouting);
app.route("/admin/api/sites", adminSites);
app.route("/api/embed", embedApi);
app.route("/api/embed", embedHandoff);
app.route("/embed/knowledge", embedKnowledge);
app.route("/embed", embedPages);
app.route("/", openApi);
app.route("/v1", v1);
// Chat sessions (site API): identity, conversations, live turns, search, shares.
app.route("/api/me/settings", settings);
app.route("/api", me);
app.route("/api/account", account);
app.route("/api/conversations", conversations);
app.route("/api/search", search);
app.route("/api", shares);
app.route("/admin/api/users", adminUsers);

app.all("/api/*", () => {
  throw new AppError(404, "Unknown API endpoint.", { code: "not_found" });
});
app.all("/v1/*", () => {
  throw new AppError(404, "Unknown endpoint. See /docs for the API reference.", { code: "unknown_url" });
});
app.all("/admin/api/*", () => {
  throw new AppError(404, "Unknown admin endpoint.", { code: "not_found" });
});

app.route("/admin", adminPage);
app.route("/", site);

app.notFound(() => {
  throw new AppError(404, "There is no page at this address.", { code: "not_found" });
});
app.onError(renderError);

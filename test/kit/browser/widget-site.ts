// The widget's browser test bed: the Worker and the simulator, a third-party host page with a strict CSP, Chromium
// with third-party cookies blocked, and one site registered for the host page's origin.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { LocalStack } from "../../../scripts/lib/local-stack.ts";
import { e2eSessionSecret } from "../constants.ts";
import { type HostSite, launchChromiumWithoutThirdPartyCookies, startHostSite } from "./host-site.ts";
import { pacing, startStackAndBrowser } from "./site.ts";

/** A running widget test bed; `adminToken` calls the admin API, `siteKey` is the site that allows `host.localhost`. */
export type WidgetSite = { stack: LocalStack; host: HostSite; browser: Browser; siteKey: string; adminToken: string };

/** The operator's token of the widget test bed. */
const adminToken = "e2e-admin-token";

async function startWidgetSite(): Promise<WidgetSite> {
  const { stack, browser } = await startStackAndBrowser(
    {
      port: 0,
      simulator: { quiet: true, ...pacing },
      vars: { SESSION_SECRET: e2eSessionSecret, ADMIN_TOKEN: adminToken },
    },
    launchChromiumWithoutThirdPartyCookies,
  );
  const host = await startHostSite(stack.url);
  const response = await fetch(`${stack.url}/admin/api/sites`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Shop", allowedOrigins: [host.localhost], theme: { title: "Shop help" } }),
  });
  expect(response.status).toBe(201);
  const { siteKey } = (await response.json()) as { siteKey: string };
  return { stack, host, browser, siteKey, adminToken };
}

/**
 * The file's widget test bed: started before its tests, stopped after them. Its fields read the running bed (a
 * test that reads one before `beforeAll` ran fails loudly).
 */
export function useWidgetSite(): WidgetSite {
  let running: WidgetSite | undefined;
  const current = (): WidgetSite => {
    if (!running) throw new Error("the widget site is not started (useWidgetSite's beforeAll has not run)");
    return running;
  };
  beforeAll(async () => {
    running = await startWidgetSite();
  });
  afterAll(async () => {
    await running?.browser.close();
    await running?.host.close();
    await running?.stack.stop();
  });
  return {
    get stack() {
      return current().stack;
    },
    get host() {
      return current().host;
    },
    get browser() {
      return current().browser;
    },
    get siteKey() {
      return current().siteKey;
    },
    adminToken,
  };
}

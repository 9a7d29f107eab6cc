import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { adminToken, workerOrigin } from "../constants.ts";

/** What `GET /admin/api/routing/explain` tells an operator about a visitor's route. */
export type RouteExplanation = {
  residency: string;
  chain: Array<{ id: string }>;
  excluded: Array<{ target: string; rule: string }>;
};

/** Asks the admin API how a visitor would be routed (`query`: `plan=pro&country=de`...); expects a 200. */
export async function adminExplain(query: string): Promise<RouteExplanation> {
  const response = await exports.default.fetch(`${workerOrigin}/admin/api/routing/explain?${query}`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  expect(response.status).toBe(200);
  return response.json<RouteExplanation>();
}

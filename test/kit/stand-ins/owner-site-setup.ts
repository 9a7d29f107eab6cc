// Starts the site owner's server stand-in (pages to fetch, a webhook receiver) for the workers project.
import type { TestProject } from "vitest/node";
import { startOwnerSiteStandIn } from "./owner-site.ts";

declare module "vitest" {
  export interface ProvidedContext {
    ownerSiteUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const standIn = await startOwnerSiteStandIn();
  project.provide("ownerSiteUrl", standIn.url);
  return () => standIn.close();
}

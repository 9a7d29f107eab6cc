// Starts the Turnstile siteverify stand-in (a real HTTP server on loopback) for the workers project.
import type { TestProject } from "vitest/node";
import { startTurnstileStandIn } from "./turnstile.ts";

declare module "vitest" {
  export interface ProvidedContext {
    turnstileVerifyUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const standIn = await startTurnstileStandIn();
  project.provide("turnstileVerifyUrl", standIn.verifyUrl);
  return () => standIn.close();
}

// Starts the upstream simulator (a real HTTP server on loopback) for the workers project, and the stand-in for
// Cloudflare Access's key endpoint (test/kit/stand-ins/jwks.ts).
import type { TestProject } from "vitest/node";
import { startSimulator } from "../simulator/server.ts";
import { startJwksStandIn } from "./kit/stand-ins/jwks.ts";

declare module "vitest" {
  export interface ProvidedContext {
    simulatorUrl: string;
    jwksStandInUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // legacyModels: the Worker's catalog still sends the retired deepseek-chat / deepseek-reasoner (issue 13); drop it
  // once the catalog uses today's names, so the simulator answers them with DeepSeek's 400 as the real API does.
  const simulator = await startSimulator({ port: 0, quiet: true });
  project.provide("simulatorUrl", simulator.url);
  const jwks = await startJwksStandIn();
  project.provide("jwksStandInUrl", jwks.url);
  return async () => {
    await jwks.close();
    await simulator.close();
  };
}

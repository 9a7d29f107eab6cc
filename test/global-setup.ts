// Starts the upstream simulator (a real HTTP server on loopback) for the workers project.
import type { TestProject } from "vitest/node";
import { startSimulator } from "../simulator/server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    simulatorUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const simulator = await startSimulator({ port: 0, quiet: true });
  project.provide("simulatorUrl", simulator.url);
  return async () => {
    await simulator.close();
  };
}

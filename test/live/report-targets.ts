// Global setup of `npm run test:live`: says which real targets this run covers and which it leaves out, and why.
import { deepSeekTargets, sglangTargets, skippedTargets, vllmTargets } from "./targets.ts";

export default function reportTargets(): void {
  const running = [...deepSeekTargets(), ...vllmTargets(), ...sglangTargets()].map((target) => target.name);
  const lines = [`live conformance targets: ${running.join(", ")}`];
  for (const skipped of skippedTargets()) lines.push(`  skipped ${skipped.name}: ${skipped.reason}`);
  console.log(lines.join("\n"));
}

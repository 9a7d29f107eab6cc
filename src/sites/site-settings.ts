// What an owner sets to make the widget theirs besides its look: instructions, starter questions, the "served by"
// line and the hand-off webhook. Validated here once; the admin routes and the console share these limits.
import * as z from "zod";
import { outboundUrlProblem } from "./outbound-url.ts";

/** The instructions' limit in UTF-8 bytes (they go into every widget turn's prompt). */
export const maxInstructionsBytes = 8 * 1024;
/** Starter questions shown on an empty chat. */
export const maxStarterQuestions = 4;

const encoder = new TextEncoder();

/** The owner's system prompt: at most 8 KB of UTF-8. */
export const instructionsSchema = z
  .string()
  .trim()
  .refine((text) => encoder.encode(text).byteLength <= maxInstructionsBytes, {
    message: `must be at most ${maxInstructionsBytes} bytes`,
  });

/** Up to four short questions, each shown as a button. */
export const starterQuestionsSchema = z.array(z.string().trim().min(1).max(200)).max(maxStarterQuestions);

/** The hand-off webhook: https (http only to localhost in local dev), or null to turn hand-off delivery off. */
export function webhookUrlSchema(localDev: boolean) {
  return z
    .string()
    .trim()
    .max(2048)
    .superRefine((url, context) => {
      const problem = outboundUrlProblem(url, localDev);
      if (problem) context.addIssue({ code: "custom", message: problem });
    })
    .nullable();
}

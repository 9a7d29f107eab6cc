import type { Context } from "hono";
import type { AppEnv } from "../../env.ts";
import { invalidRequest } from "../../http/app-error.ts";
import { sessionSecrets } from "../../identity/index.ts";
import { readHandoffTarget, type Site } from "../site-store.ts";
import { newWebhookSecret, sealSecret } from "./secret-box.ts";

/** What a PATCH does to the signing secret: the sealed value to store, and the plaintext to show once. */
export type SecretChange = { changes: { handoffSecret?: string | null }; shown: string | null };

/**
 * The signing secret follows the webhook: a new URL (or an explicit rotation, or a URL still without a secret) gets
 * a new one, shown once; clearing the URL clears it; resending the same URL keeps it, so a console that saves the
 * whole form does not break the owner's receiver.
 */
export async function handoffSecretChange(
  c: Context<AppEnv>,
  site: Site,
  url: string | null | undefined,
  rotate: boolean,
): Promise<SecretChange> {
  if (url === null) return { changes: { handoffSecret: null }, shown: null };
  if (url === undefined && !rotate) return { changes: {}, shown: null };
  const target = url ?? site.handoffWebhookUrl;
  if (target === null) {
    if (rotate) throw invalidRequest("There is no hand-off webhook to rotate the secret of.", "rotateHandoffSecret");
    return { changes: {}, shown: null };
  }
  const stored = await readHandoffTarget(c.env.DB, site.id);
  const needsNew = rotate || target !== site.handoffWebhookUrl || !stored?.sealedSecret;
  if (!needsNew) return { changes: {}, shown: null };
  const secret = newWebhookSecret();
  return { changes: { handoffSecret: await sealSecret(sessionSecrets(c).current, secret) }, shown: secret };
}

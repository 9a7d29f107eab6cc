// Links to pasted-text knowledge documents, opened by visitors from a cited answer. A top-level navigation cannot
// carry the widget's bearer token (and a token in a URL would leak to history and logs), so the link itself is the
// capability: an HMAC of the document id under SESSION_SECRET, minted only when the site's widget cites it.
import { hmacSign, timingSafeEqualText } from "../../lib/crypto.ts";

function message(docId: string): string {
  return `knowledge-doc:${docId}`;
}

/** The path (on the Worker's origin) of the page showing a text document. */
export async function docLink(sessionSecret: string, docId: string): Promise<string> {
  const signature = await hmacSign(sessionSecret, message(docId));
  return `/embed/knowledge/${encodeURIComponent(docId)}?sig=${signature}`;
}

/** Whether `signature` was minted for `docId` under the current or previous session secret. */
export async function verifyDocLink(
  sessionSecrets: Array<string | null>,
  docId: string,
  signature: string,
): Promise<boolean> {
  for (const secret of sessionSecrets) {
    if (secret && (await timingSafeEqualText(await hmacSign(secret, message(docId)), signature))) return true;
  }
  return false;
}

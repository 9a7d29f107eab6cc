// How a conversation's title is shown: the server stores untitled conversations as "New chat" (its default,
// src/db/queries/conversations.ts), which the visitor sees in their own language.
import { t } from "../i18n/i18n.ts";

const serverDefaultTitle = "New chat";

/** True when `title` is a real title (not empty, not the server's placeholder). */
export function hasTitle(title: string | null | undefined): title is string {
  return Boolean(title) && title !== serverDefaultTitle;
}

/** The title to display: the stored one, or "New chat" in the active language while there is none yet. */
export function displayTitle(title: string | null | undefined): string {
  return hasTitle(title) ? title : t("chat.newChat");
}

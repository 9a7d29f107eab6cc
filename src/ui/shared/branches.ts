// Message trees: the branch shown is the path from the root to the current leaf; siblings share a parent.
import type { Message } from "../../contract/site-api.ts";

/** Messages from the root to `leafId` (or to the newest message when the leaf is unknown). */
export function pathToLeaf(messages: readonly Message[], leafId: string | null | undefined): Message[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  let cursor = (leafId ? byId.get(leafId) : undefined) ?? newest(messages);
  const path: Message[] = [];
  const seen = new Set<string>();
  while (cursor && !seen.has(cursor.id)) {
    seen.add(cursor.id);
    path.push(cursor);
    cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined;
  }
  return path.reverse();
}

/** The alternatives of `message` (same parent and role), oldest first, and its 0-based position among them. */
export function siblingsOf(messages: readonly Message[], message: Message): { siblings: Message[]; index: number } {
  const siblings = messages
    .filter((other) => other.parentId === message.parentId && other.role === message.role)
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  return { siblings, index: siblings.findIndex((other) => other.id === message.id) };
}

/** The leaf reached from `id` by always following the newest child (what a branch switch shows). */
export function newestLeafFrom(messages: readonly Message[], id: string): string {
  let current = id;
  for (let guard = 0; guard < messages.length; guard++) {
    const children = messages.filter((message) => message.parentId === current);
    const child = newest(children);
    if (!child) break;
    current = child.id;
  }
  return current;
}

function newest(messages: readonly Message[]): Message | undefined {
  let best: Message | undefined;
  for (const message of messages) if (!best || message.createdAt >= best.createdAt) best = message;
  return best;
}

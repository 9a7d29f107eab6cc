// The visitor's token and current conversation. They live in the iframe's own localStorage, which browsers
// partition per top-level site. Where third-party storage is denied outright (Chrome with third-party cookies
// blocked, incognito by default), the loader keeps them in the host page's localStorage instead and hands them
// over on "ready"; a token held there is useless to the host page, since the API only answers our own frame.
import type { ChannelMessage, ParentChannel } from "./parent-channel.ts";

/** The names stored per site. */
export type StoredName = "token" | "conversation";

/** One site's stored widget state. */
export type EmbedStorage = {
  get(name: StoredName): string | null;
  set(name: StoredName, value: string | null): void;
};

function localStorageWorks(): boolean {
  try {
    const probe = "edgechat:probe";
    localStorage.setItem(probe, "1");
    localStorage.removeItem(probe);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with the values the loader sends in its "state" message (empty if it never does). */
function hostState(channel: ParentChannel, timeoutMs = 2000): Promise<Partial<Record<StoredName, string>>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve({});
    }, timeoutMs);
    const stop = channel.listen((message) => {
      if (message.type !== "state" || typeof message.values !== "object" || message.values === null) return;
      clearTimeout(timer);
      stop();
      const values: Partial<Record<StoredName, string>> = {};
      for (const name of ["token", "conversation"] as const) {
        const value: unknown = Reflect.get(message.values, name);
        if (typeof value === "string") values[name] = value;
      }
      resolve(values);
    }, false);
  });
}

/**
 * Tells the loader we are `ready` and opens the stored state of the widget of `siteKey`: the frame's storage if
 * allowed, else the host page's, whose values the loader sends in answer to `ready`.
 */
export async function openEmbedStorage(
  siteKey: string,
  channel: ParentChannel,
  ready: ChannelMessage,
): Promise<EmbedStorage> {
  const key = (name: StoredName) => `edgechat:${siteKey}:${name}`;
  if (localStorageWorks()) {
    channel.post(ready);
    return {
      get: (name) => localStorage.getItem(key(name)),
      set: (name, value) =>
        value === null ? localStorage.removeItem(key(name)) : localStorage.setItem(key(name), value),
    };
  }
  const fromHost = hostState(channel);
  channel.post(ready);
  const memory = new Map(Object.entries(await fromHost));
  return {
    get: (name) => memory.get(name) ?? null,
    set(name, value) {
      if (value === null) memory.delete(name);
      else memory.set(name, value);
      channel.post({ type: "store", name, value });
    },
  };
}

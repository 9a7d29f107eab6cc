// The visitor's identity and current conversation, kept in the iframe's own localStorage. Browsers partition it
// per top-level site when third-party cookies are blocked, which is exactly the scope we want: one identity per
// host site. Where storage throws (some private modes) we fall back to memory for the page's lifetime.

const memory = new Map<string, string>();

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    if (value === null) memory.delete(key);
    else memory.set(key, value);
  }
}

/** One site's stored widget state. */
export type EmbedStorage = {
  token(): string | null;
  setToken(token: string | null): void;
  conversationId(): string | null;
  setConversationId(id: string | null): void;
};

/** The stored state of the widget of `siteKey`. */
export function embedStorage(siteKey: string): EmbedStorage {
  const tokenKey = `edgechat:${siteKey}:token`;
  const conversationKey = `edgechat:${siteKey}:conversation`;
  return {
    token: () => read(tokenKey),
    setToken: (token) => write(tokenKey, token),
    conversationId: () => read(conversationKey),
    setConversationId: (id) => write(conversationKey, id),
  };
}

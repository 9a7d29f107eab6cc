// postMessage to and from the page that framed us: sent only to the exact origin the server validated, and
// accepted only from that origin and from our parent window.

/** A message between the loader (widget.js) and this frame; `edgechat: 1` marks ours. */
export type ChannelMessage = { type: string; [field: string]: unknown };

/** The frame's side of the host ↔ iframe channel. */
export type ParentChannel = {
  post(message: ChannelMessage): void;
  /**
   * Subscribes. Messages that arrived while nobody with `replay` (the default) listened are delivered to the
   * first such subscriber, so the app's listeners miss nothing sent before it mounted.
   */
  listen(handler: (message: ChannelMessage) => void, replay?: boolean): () => void;
};

/** The channel to `parentOrigin`; inert when the origin is unknown or we are not framed. */
export function parentChannel(parentOrigin: string): ParentChannel {
  const framed = parentOrigin !== "" && window.parent !== window;
  const handlers = new Map<(message: ChannelMessage) => void, boolean>();
  // The loader may speak before the app has mounted its listeners (focus, send): keep those for the first one.
  const early: ChannelMessage[] = [];
  addEventListener("message", (event: MessageEvent) => {
    if (!framed || event.origin !== parentOrigin || event.source !== window.parent) return;
    const data: unknown = event.data;
    if (typeof data !== "object" || data === null || !("edgechat" in data) || !("type" in data)) return;
    if (typeof data.type !== "string") return;
    const message: ChannelMessage = { ...data, type: data.type };
    if (![...handlers.values()].includes(true)) early.push(message);
    for (const handler of [...handlers.keys()]) handler(message);
  });
  return {
    post(message) {
      if (framed) window.parent.postMessage({ edgechat: 1, ...message }, parentOrigin);
    },
    listen(handler, replay = true) {
      handlers.set(handler, replay);
      if (replay) for (const message of early.splice(0)) handler(message);
      return () => handlers.delete(handler);
    },
  };
}

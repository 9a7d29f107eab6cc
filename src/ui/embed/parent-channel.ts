// postMessage to and from the page that framed us: sent only to the exact origin the server validated, and
// accepted only from that origin and from our parent window.

/** A message between the loader (widget.js) and this frame; `edgechat: 1` marks ours. */
export type ChannelMessage = { type: string; [field: string]: unknown };

/** The frame's side of the host ↔ iframe channel. */
export type ParentChannel = {
  post(message: ChannelMessage): void;
  listen(handler: (message: ChannelMessage) => void): () => void;
};

/** The channel to `parentOrigin`; inert when the origin is unknown or we are not framed. */
export function parentChannel(parentOrigin: string): ParentChannel {
  const framed = parentOrigin !== "" && window.parent !== window;
  return {
    post(message) {
      if (framed) window.parent.postMessage({ edgechat: 1, ...message }, parentOrigin);
    },
    listen(handler) {
      const onMessage = (event: MessageEvent) => {
        if (!framed || event.origin !== parentOrigin || event.source !== window.parent) return;
        const data: unknown = event.data;
        if (typeof data !== "object" || data === null || !("edgechat" in data) || !("type" in data)) return;
        if (typeof data.type !== "string") return;
        handler({ ...data, type: data.type });
      };
      addEventListener("message", onMessage);
      return () => removeEventListener("message", onMessage);
    },
  };
}

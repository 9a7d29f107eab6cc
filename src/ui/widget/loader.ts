// widget.js: the one script a site owner adds. No dependencies and no globals but `window.EdgeChat`.
// It draws a launcher in a shadow root styled only by a stylesheet from HOST (allowed by `style-src HOST`, unlike
// inline styles), and opens a panel framing HOST/embed/:siteKey. Host and frame talk by postMessage with exact
// target origins, and each side checks the sender's origin and window.

/** What a listener of `EdgeChat.on("message")` receives. */
export type WidgetMessage = { role: "user" | "assistant"; content: string };
type WidgetEvent = "open" | "close" | "message";
type Handler = (detail?: WidgetMessage) => void;

/** The public API, the loader's only global. */
export type EdgeChatApi = {
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
  /** Subscribes to `open`, `close` or `message`; returns the unsubscribe function. */
  on(event: WidgetEvent, handler: Handler): () => void;
};

declare global {
  interface Window {
    EdgeChat?: EdgeChatApi;
  }
}

(() => {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || window.EdgeChat) return;
  const data = script.dataset;
  const siteKey = data.siteKey;
  if (!siteKey) return;
  const HOST = new URL(script.src).origin;
  const base = `${HOST}/embed/${encodeURIComponent(siteKey)}`;
  const query = (values: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
    return `${params}`;
  };
  const make = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attributes: Record<string, string>,
    parent: Node,
  ): HTMLElementTagNameMap[K] => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    parent.appendChild(element);
    return element;
  };

  const handlers: Record<WidgetEvent, Set<Handler>> = { open: new Set(), close: new Set(), message: new Set() };
  const emit = (event: WidgetEvent, detail?: WidgetMessage) => {
    for (const handler of handlers[event]) handler(detail);
  };

  const hostElement = document.createElement("div");
  hostElement.setAttribute("data-edgechat", "");
  // A synchronous script in <head> runs before <body> exists.
  const mount = () => document.body.appendChild(hostElement);
  if (document.body) mount();
  else addEventListener("DOMContentLoaded", mount);
  const root = hostElement.attachShadow({ mode: "open" });
  const sheet = make(
    "link",
    {
      rel: "stylesheet",
      href: `${base}/theme.css?${query({ color: data.color, position: data.position, origin: location.origin })}`,
    },
    root,
  );
  const launcher = make(
    "button",
    { type: "button", class: "launcher", "aria-label": "Open chat", "aria-expanded": "false", hidden: "" },
    root,
  );
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z");
  svg.appendChild(path);
  launcher.appendChild(svg);

  const title = data.title || "Chat";
  const panel = make(
    "div",
    { class: "panel", role: "dialog", "aria-modal": "true", "aria-label": title, hidden: "" },
    root,
  );
  // Focus trap: tabbing onto an edge sentinel wraps around to the other end of the panel.
  const startEdge = make("span", { tabindex: "0" }, panel);
  const head = make("div", { class: "head" }, panel);
  const heading = make("h2", { class: "title" }, head);
  heading.textContent = title;
  const closeButton = make("button", { type: "button", class: "close", "aria-label": "Close chat" }, head);
  closeButton.textContent = "×";
  let frame: HTMLIFrameElement | null = null;
  const endEdge = make("span", { tabindex: "0" }, panel);

  const storeKey = `edgechat:${siteKey}:`;
  const stored = (name: string) => {
    try {
      return localStorage.getItem(storeKey + name);
    } catch {
      return null;
    }
  };
  let isOpen = false;
  let ready = false;
  const outbox: Array<Record<string, unknown>> = [];
  const post = (message: Record<string, unknown>) => {
    if (ready && frame?.contentWindow) frame.contentWindow.postMessage({ edgechat: 1, ...message }, HOST);
    else outbox.push(message);
  };
  const ensureFrame = () => {
    if (frame) return;
    frame = document.createElement("iframe");
    frame.className = "frame";
    frame.title = title;
    frame.allow = "clipboard-write";
    frame.src = `${base}?${query({
      origin: location.origin,
      title: data.title,
      greeting: data.greeting,
      placeholder: data.placeholder,
    })}`;
    panel.insertBefore(frame, endEdge);
  };
  const focusFrame = (last: boolean) => {
    frame?.focus();
    post({ type: "focus", last });
  };

  const open = () => {
    ensureFrame();
    if (isOpen) return;
    isOpen = true;
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    focusFrame(false);
    emit("open");
  };
  const close = () => {
    if (!isOpen) return;
    isOpen = false;
    // document.activeElement is our host element whenever focus is anywhere inside the widget, frame included.
    const hadFocus = document.activeElement === hostElement;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    if (hadFocus) launcher.focus();
    emit("close");
  };
  const toggle = () => (isOpen ? close() : open());

  launcher.addEventListener("click", toggle);
  closeButton.addEventListener("click", close);
  startEdge.addEventListener("focus", () => focusFrame(true));
  endEdge.addEventListener("focus", () => closeButton.focus());
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });

  addEventListener("message", (event: MessageEvent) => {
    const message: unknown = event.data;
    if (event.origin !== HOST || !frame || event.source !== frame.contentWindow) return;
    if (typeof message !== "object" || message === null || !("edgechat" in message) || !("type" in message)) return;
    if (message.type === "ready") {
      ready = true;
      // For frames denied their own storage (third-party storage blocked): our page keeps it for them.
      post({ type: "state", values: { token: stored("token"), conversation: stored("conversation") } });
      if ("title" in message && typeof message.title === "string" && !data.title) {
        heading.textContent = message.title;
        panel.setAttribute("aria-label", message.title);
        frame.title = message.title;
      }
      for (const queued of outbox.splice(0)) post(queued);
      if (isOpen) focusFrame(false);
    } else if (message.type === "store" && "name" in message && "value" in message) {
      const { name, value } = message;
      if (name !== "token" && name !== "conversation") return;
      try {
        if (typeof value === "string") localStorage.setItem(storeKey + name, value);
        else localStorage.removeItem(storeKey + name);
      } catch {
        // storage unavailable here too: the visitor simply starts afresh next time
      }
    } else if (message.type === "close") {
      close();
    } else if (message.type === "message" && "role" in message && "content" in message) {
      const { role, content } = message;
      if ((role === "user" || role === "assistant") && typeof content === "string") emit("message", { role, content });
    }
  });

  const shown = () => {
    const flag = (name: string) => getComputedStyle(hostElement).getPropertyValue(name).trim() === "1";
    // A page the site does not list gets no launcher (the browser would refuse the frame anyway).
    if (!flag("--ec-allowed")) return;
    launcher.hidden = false;
    const stored = flag("--ec-open-on-load");
    if (data.openOnLoad ? data.openOnLoad !== "false" : stored) open();
  };
  // No stylesheet (blocked or down): no launcher, rather than an unstyled button in the page's flow.
  sheet.addEventListener("load", shown);

  window.EdgeChat = {
    open,
    close,
    toggle,
    send(text: string) {
      if (typeof text !== "string" || !text.trim()) return;
      ensureFrame();
      post({ type: "send", text });
    },
    on(event, handler) {
      handlers[event]?.add(handler);
      return () => handlers[event]?.delete(handler);
    },
  };
})();

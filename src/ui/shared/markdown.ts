// Markdown → sanitized DOM. Model output is hostile input: DOMPurify strips scripts, handlers, remote images
// and `javascript:` links; links open in a new tab without referrer or opener. Streaming text is rendered
// block by block so that, per frame, only the blocks that changed (normally the trailing one) are rebuilt.
import DOMPurify from "dompurify";
import { Marked, type Token, type TokensList } from "marked";
import { t } from "../i18n/i18n.ts";

const marked = new Marked({ gfm: true, breaks: false, async: false });

const FORBID_TAGS = [
  "style",
  "form",
  "input",
  "button",
  "textarea",
  "select",
  "iframe",
  "object",
  "embed",
  "svg",
  "math",
];
const CODE_LANGUAGE = /^language-[\w+#.-]{1,32}$/;
let hooksInstalled = false;

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  DOMPurify.addHook("uponSanitizeAttribute", (node, data) => {
    // Only the code language class survives: model text must not borrow our own class names to spoof UI.
    if (data.attrName === "class" && !(node.nodeName === "CODE" && CODE_LANGUAGE.test(data.attrValue))) {
      data.keepAttr = false;
    }
  });
  DOMPurify.addHook("afterSanitizeAttributes", (node) => {
    if (node instanceof HTMLAnchorElement) {
      if (node.hasAttribute("href")) {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      }
    } else if (node instanceof HTMLImageElement) {
      // No remote content with the visitor's cookies: only inline data images may stay.
      const source = node.getAttribute("src") ?? "";
      if (!source.startsWith("data:image/")) node.remove();
    }
  });
}

/** Sanitizes an HTML string into a fragment that cannot run script or load remote resources. */
export function sanitizeHtml(html: string): DocumentFragment {
  installHooks();
  return DOMPurify.sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS,
    FORBID_ATTR: ["style", "srcset", "formaction", "ping"],
    ALLOW_DATA_ATTR: false,
    SANITIZE_NAMED_PROPS: true,
  });
}

/** Renders one block token to sanitized, decorated DOM nodes. */
function renderToken(token: Token, links: TokensList["links"]): Node[] {
  const list: TokensList = Object.assign([token], { links });
  const fragment = sanitizeHtml(marked.parser(list));
  decorate(fragment);
  const code = [...fragment.querySelectorAll<HTMLElement>("pre > code[class]")];
  if (code.length > 0) void highlightLater(code);
  return [...fragment.childNodes];
}

let highlighter: Promise<typeof import("./highlight.ts")> | null = null;

/** Loads the highlighter on the first code block only (a separate chunk), then colours the blocks. */
async function highlightLater(blocks: HTMLElement[]): Promise<void> {
  highlighter ??= import("./highlight.ts");
  try {
    (await highlighter).highlightBlocks(blocks);
  } catch {
    highlighter = null; // chunk failed to load (offline): plain code is fine, retry next time
  }
}

/** Adds the language label and copy button to code blocks and a scroll wrapper to tables. */
function decorate(fragment: DocumentFragment): void {
  for (const pre of fragment.querySelectorAll("pre")) {
    const code = pre.querySelector("code");
    const language = code?.className.match(CODE_LANGUAGE)?.[0].slice("language-".length) ?? "text";
    const wrapper = document.createElement("div");
    wrapper.className = "code-block";
    const head = document.createElement("div");
    head.className = "code-head";
    const label = document.createElement("span");
    label.className = "code-lang";
    label.textContent = language;
    const copy = document.createElement("button");
    copy.type = "button";
    copy.className = "code-copy";
    copy.dataset.copyCode = "";
    copy.setAttribute("aria-label", t("code.copyLabel", { language }));
    copy.textContent = t("code.copy");
    head.append(label, copy);
    pre.replaceWith(wrapper);
    wrapper.append(head, pre);
  }
  for (const table of fragment.querySelectorAll("table")) {
    const wrapper = document.createElement("div");
    wrapper.className = "table-wrap";
    table.replaceWith(wrapper);
    wrapper.append(table);
  }
}

/** Incrementally renders a growing Markdown text into a container, rebuilding only changed blocks. */
export class StreamingMarkdown {
  private blocks: Array<{ raw: string; nodes: Node[] }> = [];
  private text = "";

  constructor(private readonly container: HTMLElement) {}

  /** Shows `text`; cheap when `text` extends the previous one (only the trailing blocks are rebuilt). */
  update(text: string): void {
    if (text === this.text) return;
    this.text = text;
    const tokens = marked.lexer(text);
    let same = 0;
    while (same < tokens.length && same < this.blocks.length && this.blocks[same]?.raw === tokens[same]?.raw) same++;
    for (const block of this.blocks.splice(same)) for (const node of block.nodes) node.parentNode?.removeChild(node);
    for (const token of tokens.slice(same)) {
      const nodes = renderToken(token, tokens.links);
      this.container.append(...nodes);
      this.blocks.push({ raw: token.raw, nodes });
    }
  }

  /** How many blocks are currently on screen (for tests and diagnostics). */
  get blockCount(): number {
    return this.blocks.length;
  }
}

/** Click handler for code copy buttons inside rendered Markdown (event delegation: no inline handlers). */
export function handleCodeCopyClick(event: Event): void {
  const target = event.target;
  if (!(target instanceof Element)) return;
  const button = target.closest<HTMLButtonElement>("button[data-copy-code]");
  const code = button?.closest(".code-block")?.querySelector("pre")?.textContent;
  if (!button || code === undefined) return;
  void navigator.clipboard.writeText(code).then(
    () => flash(button, t("code.copied")),
    () => flash(button, t("code.copyFailed")),
  );
}

function flash(button: HTMLElement, text: string): void {
  button.textContent = text;
  setTimeout(() => (button.textContent = t("code.copy")), 1500);
}

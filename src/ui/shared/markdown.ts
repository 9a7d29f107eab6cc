// Markdown → DOM. Model output is hostile input: it is lexed by marked and built into DOM nodes directly
// (markdown-dom.ts), so no HTML string is parsed; links open in a new tab without referrer or opener. Streaming
// text is rendered block by block so that, per frame, only the blocks that changed (normally the trailing one)
// are rebuilt.
import { Lexer, type Token } from "marked";
import { t } from "../i18n/i18n.ts";
import { blocks } from "./markdown-dom.ts";

const lexerOptions = { gfm: true, breaks: false, async: false } as const;
const CODE_LANGUAGE = /^language-[\w+#.-]{1,32}$/;

/** Renders one block token to decorated DOM nodes. */
function renderToken(token: Token): Node[] {
  const fragment = document.createDocumentFragment();
  fragment.append(...blocks([token]));
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
    const tokens = Lexer.lex(text, lexerOptions);
    let same = 0;
    while (same < tokens.length && same < this.blocks.length && this.blocks[same]?.raw === tokens[same]?.raw) same++;
    for (const block of this.blocks.splice(same)) for (const node of block.nodes) node.parentNode?.removeChild(node);
    for (const token of tokens.slice(same)) {
      const nodes = renderToken(token);
      this.container.append(...nodes);
      this.blocks.push({ raw: token.raw, nodes });
    }
  }

  /** How many blocks are currently on screen (for tests and diagnostics). */
  get blockCount(): number {
    return this.blocks.length;
  }
}

/**
 * Renders a whole Markdown text into `container` (replacing its content).
 * @public test/e2e/ui-markdown.test.ts bundles this module into a page and calls it (knip cannot see that).
 */
export function renderMarkdown(container: HTMLElement, text: string): StreamingMarkdown {
  container.replaceChildren();
  const view = new StreamingMarkdown(container);
  view.update(text);
  return view;
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

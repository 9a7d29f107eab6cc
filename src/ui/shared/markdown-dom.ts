// Markdown tokens → DOM, built with createElement and textContent only. Model output is hostile input, and no
// HTML string is ever parsed here, so nothing can run script or carry a handler; raw HTML in the text is
// dropped to its words. This replaces marked's HTML renderer plus an HTML sanitizer (about 12 KB gzipped less
// for every page that renders answers, which the widget's size budget needs).
import type { Token, Tokens } from "marked";

/** Link destinations a visitor may open: the web and e-mail; `javascript:`, `data:` and the rest render as text. */
const SAFE_LINK = /^(?:https?:|mailto:)/i;
const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Decodes the few named entities marked leaves in text (it resolves numeric ones itself). */
function decodeEntities(text: string): string {
  return text.includes("&")
    ? text.replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_, name: string) => NAMED_ENTITIES[name] ?? "")
    : text;
}

/** The URL as the browser would resolve it, if it is one a visitor may safely open; null otherwise. */
function safeHref(href: string, base = location.href): string | null {
  try {
    const url = new URL(href, base);
    return SAFE_LINK.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, children: Node[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.append(...children);
  return node;
}

function text(value: string): Text {
  return document.createTextNode(value);
}

/** Inline tokens (text, emphasis, code, links…) as nodes. */
function inline(tokens: Token[] | undefined): Node[] {
  const nodes: Node[] = [];
  for (const token of tokens ?? []) nodes.push(...inlineToken(token));
  return nodes;
}

function inlineToken(token: Token): Node[] {
  switch (token.type) {
    case "text":
      return token.tokens ? inline(token.tokens) : [text(token.escaped ? token.text : decodeEntities(token.text))];
    case "escape":
      return [text(token.text)];
    case "strong":
      return [element("strong", inline(token.tokens))];
    case "em":
      return [element("em", inline(token.tokens))];
    case "del":
      return [element("del", inline(token.tokens))];
    case "codespan": {
      const code = element("code");
      code.textContent = token.text;
      return [code];
    }
    case "br":
      return [element("br")];
    case "link":
      return [link(token as Tokens.Link)];
    case "image":
      return image(token as Tokens.Image);
    case "checkbox":
      return [text(token.checked ? "☑ " : "☐ ")];
    case "html":
      // A tag the model wrote: keep nothing of it (its words, if any, are separate text tokens).
      return [];
    default:
      return "tokens" in token && Array.isArray(token.tokens) ? inline(token.tokens) : [text(token.raw)];
  }
}

function link(token: Tokens.Link): Node {
  const href = safeHref(token.href);
  const anchor = element("a", inline(token.tokens));
  // An unsafe destination leaves an anchor without href: its words, not a link.
  if (href === null) return anchor;
  anchor.href = href;
  anchor.target = "_blank";
  anchor.rel = "noopener noreferrer";
  if (token.title) anchor.title = token.title;
  return anchor;
}

function image(token: Tokens.Image): Node[] {
  // No remote content with the visitor's cookies, and no tracking pixels: only inline data images are shown.
  if (!/^data:image\/(?:png|jpeg|gif|webp);/i.test(token.href)) return [];
  const picture = element("img");
  picture.src = token.href;
  picture.alt = token.text;
  return [picture];
}

function codeBlock(token: Tokens.Code): Node {
  const code = element("code");
  const language = /^[\w+#.-]{1,32}$/.exec(token.lang?.trim().split(/\s/)[0] ?? "")?.[0];
  if (language) code.className = `language-${language}`;
  code.textContent = token.text.endsWith("\n") ? token.text : `${token.text}\n`;
  return element("pre", [code]);
}

function table(token: Tokens.Table): Node {
  const cell = (tag: "th" | "td", value: Tokens.TableCell) => {
    const node = element(tag, inline(value.tokens));
    if (value.align) node.align = value.align;
    return node;
  };
  const head = element("thead", [
    element(
      "tr",
      token.header.map((value) => cell("th", value)),
    ),
  ]);
  const rows = token.rows.map((row) =>
    element(
      "tr",
      row.map((value) => cell("td", value)),
    ),
  );
  return element("table", rows.length > 0 ? [head, element("tbody", rows)] : [head]);
}

function list(token: Tokens.List): Node {
  const node = element(token.ordered ? "ol" : "ul");
  if (token.ordered && typeof token.start === "number" && token.start !== 1)
    node.setAttribute("start", `${token.start}`);
  for (const item of token.items) {
    // In a tight list an item's text is inline; in a loose one it is made of paragraphs.
    node.append(element("li", item.loose ? blocks(item.tokens) : inline(item.tokens)));
  }
  return node;
}

/** Block tokens (paragraphs, headings, lists, code, tables…) as nodes. */
export function blocks(tokens: Token[]): Node[] {
  const nodes: Node[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case "space":
      case "def":
        break;
      case "paragraph":
        nodes.push(element("p", inline(token.tokens)));
        break;
      case "heading": {
        const depth = Math.min(Math.max(Number(token.depth) || 1, 1), 6);
        nodes.push(element(`h${depth}` as "h1", inline(token.tokens)));
        break;
      }
      case "code":
        nodes.push(codeBlock(token as Tokens.Code));
        break;
      case "blockquote":
        nodes.push(element("blockquote", blocks(token.tokens ?? [])));
        break;
      case "list":
        nodes.push(list(token as Tokens.List));
        break;
      case "table":
        nodes.push(table(token as Tokens.Table));
        break;
      case "hr":
        nodes.push(element("hr"));
        break;
      case "html": {
        // A block of raw HTML: its visible words only, as plain text.
        const words = decodeEntities(token.text.replace(/<(script|style)[\s\S]*?<\/\1\s*>|<[^>]*>/gi, "")).trim();
        if (words) nodes.push(element("p", [text(words)]));
        break;
      }
      default:
        nodes.push(...inlineToken(token));
    }
  }
  return nodes;
}

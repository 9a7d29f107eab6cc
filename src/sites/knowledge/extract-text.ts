// Readable text from an HTML page: what a visitor would read, without the scripts, styles, menus and markup.
// A pure function (no DOM in a Worker): elements that never hold content are dropped whole, block elements become
// line breaks, every other tag goes, and entities are decoded last so decoded `<` can never form a tag.

const droppedElements = ["script", "style", "nav", "noscript", "template", "svg", "head", "iframe", "object", "canvas"];
const dropped = new RegExp(`<(${droppedElements.join("|")})\\b[^>]*>[\\s\\S]*?<\\/\\1\\s*>`, "gi");
const blockTags =
  /<\/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|tr|table|thead|tbody|section|article|main|header|footer|aside|blockquote|pre|address|figure|figcaption|details|summary|form|fieldset)\b[^>]*>/gi;
const cells = /<\/?(?:td|th)\b[^>]*>/gi;

const namedEntities: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
  deg: "°",
  middot: "·",
  bull: "•",
  times: "×",
  eacute: "é",
  egrave: "è",
  agrave: "à",
  aacute: "á",
  ccedil: "ç",
  uuml: "ü",
  ouml: "ö",
  auml: "ä",
  szlig: "ß",
  ntilde: "ñ",
};

/** Decodes numeric and common named character references; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return valid ? String.fromCodePoint(code) : "\uFFFD";
    }
    return namedEntities[name.toLowerCase()] ?? whole;
  });
}

/** The page's `<title>`, decoded, or null. */
export function htmlTitle(html: string): string | null {
  const match = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  const title = match?.[1] ? decodeEntities(match[1].replace(/\s+/g, " ").trim()) : "";
  return title === "" ? null : title;
}

/** The readable text of an HTML document (paragraphs separated by blank lines). */
export function extractText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(dropped, " ")
    .replace(blockTags, "\n")
    .replace(cells, " ")
    .replace(/<[^>]*>/g, "");
  return decodeEntities(text)
    .replace(/[^\S\n]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

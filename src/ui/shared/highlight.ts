// A small syntax highlighter, loaded lazily (its own chunk) the first time a code block appears.
// It only reads `textContent` and builds spans with textContent, so it can never introduce markup.

const KEYWORDS: Record<string, string> = {
  js: "async await break case catch class const continue default delete do else export extends finally for from function if import in instanceof let new of return static super switch this throw try typeof var void while yield true false null undefined",
  ts: "abstract as async await break case catch class const continue declare default delete do else enum export extends finally for from function if implements import in instanceof interface keyof let namespace new of private protected public readonly return satisfies static super switch this throw try type typeof var void while yield true false null undefined number string boolean unknown never any",
  py: "and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield True False None self",
  rust: "as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait type unsafe use where while true false Some None Ok Err",
  go: "break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var true false nil",
  c: "auto break case char class const continue default delete do double else enum extern float for goto if inline int long namespace new private protected public return short signed sizeof static struct switch template this throw try typedef union unsigned using virtual void volatile while true false nullptr NULL import package extends implements final boolean",
  sh: "if then else elif fi for while do done case esac function in return export local echo exit set unset",
  sql: "select from where insert into values update set delete create table index drop alter join left right inner outer on group by order having limit as and or not null is in primary key",
};
const ALIASES: Record<string, string> = {
  javascript: "js",
  jsx: "js",
  mjs: "js",
  typescript: "ts",
  tsx: "ts",
  python: "py",
  rs: "rust",
  golang: "go",
  cpp: "c",
  "c++": "c",
  cc: "c",
  h: "c",
  java: "c",
  cs: "c",
  csharp: "c",
  kotlin: "c",
  swift: "c",
  bash: "sh",
  shell: "sh",
  zsh: "sh",
  console: "sh",
  json: "js",
  jsonc: "js",
};
const HASH_COMMENTS = new Set(["py", "sh"]);
const TOKEN =
  /(\/\/[^\n]*|\/\*[\s\S]*?\*\/|#[^\n]*|--[^\n]*)|("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?\b|\b0x[\da-f]+\b)|([A-Za-z_$][\w$]*)/gi;

/** Highlights `<pre><code class="language-x">` blocks in place; unknown languages are left as they are. */
export function highlightBlocks(blocks: Iterable<HTMLElement>): void {
  for (const code of blocks) {
    const language = /language-([\w+#.-]+)/.exec(code.className)?.[1]?.toLowerCase() ?? "";
    const key = ALIASES[language] ?? language;
    const words = KEYWORDS[key];
    if (!words || code.dataset.highlighted === "true") continue;
    code.replaceChildren(...tokenize(code.textContent ?? "", new Set(words.split(" ")), key));
    code.dataset.highlighted = "true";
  }
}

function tokenize(text: string, keywords: Set<string>, key: string): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const [whole, comment, string, number, word] = match;
    let kind: string | null = null;
    if (comment !== undefined) {
      const hash = comment.startsWith("#");
      const dashes = comment.startsWith("--");
      if ((hash && HASH_COMMENTS.has(key)) || (dashes && key === "sql") || (!hash && !dashes)) kind = "tok-com";
    } else if (string !== undefined) kind = "tok-str";
    else if (number !== undefined) kind = "tok-num";
    else if (word !== undefined && keywords.has(key === "sql" ? word.toLowerCase() : word)) kind = "tok-kw";
    if (kind === null) continue;
    const start = match.index;
    if (start > last) nodes.push(document.createTextNode(text.slice(last, start)));
    const span = document.createElement("span");
    span.className = kind;
    span.textContent = whole;
    nodes.push(span);
    last = start + whole.length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

// The language of the chat site's page shell before its script runs: <html lang> and the no-JavaScript notice
// follow the browser's Accept-Language (the client then applies the visitor's own choice; see docs/i18n.md).

/** The shell's texts per language of the chat site (the same tags as src/ui/i18n/locales.ts). */
const shellTexts = {
  en: { noscript: "edgechat needs JavaScript to chat." },
  "zh-CN": { noscript: "edgechat 需要启用 JavaScript 才能聊天。" },
} as const;

/** A language the page shell is written in. */
export type ShellLanguage = keyof typeof shellTexts;

/** The best shell language for an Accept-Language header (by q-value, then exact tag, then language; else English). */
export function shellLanguage(acceptLanguage: string | null | undefined): ShellLanguage {
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...parameters] = part.trim().split(";");
      const q = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag !== "" && entry.tag !== "*" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const tags = Object.keys(shellTexts) as ShellLanguage[];
  for (const { tag } of wanted) {
    const match =
      tags.find((candidate) => candidate.toLowerCase() === tag) ??
      tags.find((candidate) => candidate.toLowerCase().split("-")[0] === tag.split("-")[0]);
    if (match) return match;
  }
  return "en";
}

/** Rewrites the shell for `language`: `<html lang>` and the `<noscript>` notice; English passes through untouched. */
export function localizeShell(response: Response, language: ShellLanguage): Response {
  const headers = new Headers(response.headers);
  headers.append("vary", "Accept-Language");
  if (language === "en") return new Response(response.body, { status: response.status, headers });
  // The body changes, so the asset's validators no longer describe it.
  headers.delete("etag");
  headers.delete("content-length");
  headers.set("content-language", language);
  const localized = new Response(response.body, { status: response.status, headers });
  return new HTMLRewriter()
    .on("html", { element: (element) => void element.setAttribute("lang", language) })
    .on("noscript", { element: (element) => void element.setInnerContent(shellTexts[language].noscript) })
    .transform(localized);
}

/** Sentence every simulated answer starts with, so nobody mistakes it for a model. */
export const DISCLAIMER = "This is the edgechat simulator, not a real model.";

/** Fixed Markdown answer for prompts containing `[[markdown]]`. */
export const MARKDOWN_SAMPLE = `${DISCLAIMER}

# Simulated Markdown

Here is a list:

- first item
- second item with **bold** and *italic*
- third item with \`inline code\`

| Name | Value |
| ---- | ----- |
| alpha | 1 |
| beta | 2 |

\`\`\`ts
export function add(a: number, b: number): number {
  return a + b;
}
\`\`\`

See [the edgechat docs](https://example.com/edgechat) for more.
`;

/** Hostile answer for prompts containing `[[xss]]`; a safe UI must render it inert. */
export const XSS_SAMPLE = `${DISCLAIMER}

Injected image: <img src=x onerror="window.__xss=1">

Injected script: <script>window.__xss=1</script>

Injected link: [click me](javascript:alert(1))
`;

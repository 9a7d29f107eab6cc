import { DISCLAIMER } from "./samples.ts";

/**
 * A rich Markdown answer for `--demo`, so the chat UI shows what it renders: headings, lists, a table, a code
 * block and a link, woven around the user's own words. Two shapes alternate with the prompt's length.
 */
export function demoAnswer(prompt: string): string {
  const topic = prompt.replace(/\s+/g, " ").trim().slice(0, 80) || "your question";
  return prompt.length % 2 === 0 ? guide(topic) : comparison(topic);
}

function guide(topic: string): string {
  return `${DISCLAIMER} Here is how a real answer about *${topic}* would be laid out.

## Overview

A short answer comes first, then the details:

1. **Start small**: state the problem in one sentence.
2. **Measure**: collect a few numbers before changing anything.
3. **Iterate**: change one thing at a time and compare.

### A worked example

\`\`\`ts
// Count the words of a prompt, the way this simulator counts tokens.
export function countWords(text: string): number {
  return text.split(/\\s+/).filter(Boolean).length;
}
\`\`\`

> Tip: the simulator answers at a reading pace in demo mode, so you can watch the stream arrive.

Read more in [the DeepSeek API docs](https://api-docs.deepseek.com/).
`;
}

function comparison(topic: string): string {
  return `${DISCLAIMER} A comparison, since you asked about *${topic}*.

## Options at a glance

| Option | Speed | Cost | Best for |
| ------ | ----- | ---- | -------- |
| Flash | fast | low | everyday chat |
| Pro | slower | higher | hard reasoning |
| Self-hosted | varies | fixed | data that must stay in region |

### Things to weigh

- **Latency**: time to first token matters more than throughput for chat.
- **Privacy**: where the prompt is processed.
- **Budget**: cache hits are billed at a fraction of misses.

\`\`\`bash
curl -s http://127.0.0.1:8788/v1/models
\`\`\`

See [edgechat on the simulator](https://example.com/edgechat) for more.
`;
}

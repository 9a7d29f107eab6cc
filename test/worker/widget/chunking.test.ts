import { describe, expect, it } from "vitest";
import { chunkText } from "../../../src/sites/knowledge/chunk-text.ts";
import { extractText } from "../../../src/sites/knowledge/extract-text.ts";

const options = { size: 120, overlap: 30, maxChunks: 100 };

describe("documents are chunked for retrieval", () => {
  it("a short document is one chunk", () => {
    expect(chunkText("We open at 7.\n\nWe close at 15.", options)).toEqual(["We open at 7.\n\nWe close at 15."]);
  });

  it("chunks stay within the size, overlap their neighbours and together cover every word", () => {
    const sentences = Array.from({ length: 40 }, (_, index) => `Sentence number ${index} is about bread.`);
    const text = sentences.join(" ");
    const chunks = chunkText(text, options);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(options.size);
    for (const sentence of sentences) expect(chunks.some((chunk) => chunk.includes(sentence))).toBe(true);
    for (let index = 1; index < chunks.length; index++) {
      const tail = chunks[index - 1]!.split(" ").slice(-2).join(" ");
      expect(chunks[index]).toContain(tail);
    }
  });

  it("ends chunks at sentence boundaries when it can", () => {
    const text = Array.from({ length: 10 }, () => "A fairly ordinary sentence of bakery facts.").join(" ");
    for (const chunk of chunkText(text, options).slice(0, -1)) expect(chunk.endsWith(".")).toBe(true);
  });

  it("stops at the chunk limit of a very long document", () => {
    expect(chunkText("word ".repeat(10_000), { ...options, maxChunks: 3 })).toHaveLength(3);
  });

  it("never indexes markup from a page", () => {
    const text = extractText('<p>Fish &amp; chips</p><script>alert("x")</script><p>5&euro;</p>');
    expect(chunkText(text, options)).toEqual(["Fish & chips\n\n5€"]);
  });
});

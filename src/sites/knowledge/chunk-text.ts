// Documents are cut into overlapping pieces small enough that a few of them fit a prompt next to the conversation,
// and large enough to carry a whole answer (an opening-hours table, a returns policy paragraph).

/** How documents are cut. */
export type ChunkOptions = {
  /** Target size of a chunk in characters (~4 characters per token). */
  size: number;
  /** Characters repeated from the end of one chunk at the start of the next, so no sentence is cut in two. */
  overlap: number;
  /** At most this many chunks per document (the rest of a very long document is not indexed). */
  maxChunks: number;
};

/** ~200 tokens per chunk, ~40 repeated: four of them stay well under the retrieval budget. */
export const defaultChunkOptions: ChunkOptions = { size: 800, overlap: 160, maxChunks: 400 };

/** Collapses runs of spaces inside lines and of blank lines between paragraphs. */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[^\S\n]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// Where a chunk may end, best first: a paragraph, a line, a sentence, a word.
const boundaries = [/\n\n/g, /\n/g, /[.!?](?=\s)/g, /\s/g];

function cutPoint(text: string, start: number, end: number, minimum: number): number {
  const window = text.slice(start, end);
  for (const boundary of boundaries) {
    let last = -1;
    for (const match of window.matchAll(boundary)) last = match.index + match[0].length;
    if (last >= minimum) return start + last;
  }
  return end;
}

/**
 * Cuts `text` into chunks of at most `size` characters, each ending at the best boundary in its second half and
 * starting `overlap` characters (rounded to a word) before the previous one ended.
 */
export function chunkText(text: string, options: ChunkOptions = defaultChunkOptions): string[] {
  const clean = normaliseText(text);
  const chunks: string[] = [];
  let start = 0;
  while (start < clean.length && chunks.length < options.maxChunks) {
    const end = Math.min(clean.length, start + options.size);
    const cut = end === clean.length ? end : cutPoint(clean, start, end, Math.floor(options.size / 2));
    const chunk = clean.slice(start, cut).trim();
    if (chunk !== "") chunks.push(chunk);
    if (cut >= clean.length) break;
    let next = Math.max(start + 1, cut - options.overlap);
    // Start the overlap on a word.
    const space = clean.indexOf(" ", next);
    if (space !== -1 && space < cut) next = space + 1;
    start = next;
  }
  return chunks;
}

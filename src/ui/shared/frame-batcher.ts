// Coalesces bursts (one live event per token) into one update per animation frame.

/** Queues items and hands them over in one batch on the next animation frame. */
export function createFrameBatcher<T>(flush: (items: T[]) => void): { push(item: T): void; cancel(): void } {
  let queue: T[] = [];
  let frame: number | null = null;
  const run = () => {
    frame = null;
    const items = queue;
    queue = [];
    if (items.length > 0) flush(items);
  };
  return {
    push(item) {
      queue.push(item);
      // Hidden tabs get no animation frames; a timer keeps a background tab in sync.
      if (frame === null) frame = document.hidden ? window.setTimeout(run, 100) : requestAnimationFrame(run);
    },
    cancel() {
      if (frame !== null) {
        cancelAnimationFrame(frame);
        clearTimeout(frame);
      }
      frame = null;
      queue = [];
    },
  };
}

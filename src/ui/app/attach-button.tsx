// "Attach file" in the composer: picks text and code files (and images for vision models), reads them here, says why
// any was left out.
import { useRef, useState } from "preact/hooks";
import { t } from "../i18n/i18n.ts";
import { type DraftFile, MAX_FILES, readFiles } from "./attach-files.ts";

/**
 * The paperclip button and its hidden file input; `count` is how many files the draft already has, `images` whether
 * the chosen model (and the deployment) take images.
 */
export function AttachButton({
  count,
  images,
  onFiles,
}: {
  count: number;
  images: boolean;
  onFiles(files: DraftFile[]): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [problems, setProblems] = useState<string[]>([]);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        onChange={async (event) => {
          const element = event.currentTarget;
          const picked = [...(element.files ?? [])];
          // Cleared so picking the same file again (after removing it) fires a change.
          element.value = "";
          const read = await readFiles(picked, count, images);
          setProblems(read.problems);
          if (read.files.length > 0) onFiles(read.files);
        }}
      />
      <button
        type="button"
        class="icon-button attach"
        aria-label={t("files.attach")}
        title={t(images ? "files.attachHintImages" : "files.attachHint", { max: MAX_FILES })}
        disabled={count >= MAX_FILES}
        onClick={() => input.current?.click()}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path
            d="M21 12.5l-8.5 8.5a5 5 0 0 1-7-7L14 5.5a3.5 3.5 0 0 1 5 5L10.5 19a2 2 0 0 1-3-3L15 8.5"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
          />
        </svg>
      </button>
      {problems.length > 0 ? (
        <p class="attach-problems" role="alert">
          {problems.join(" ")}
        </p>
      ) : null}
    </>
  );
}

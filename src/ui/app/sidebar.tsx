// The "Conversations" navigation: new chat, search, newest-first list with infinite scroll, rename and delete.
import { useEffect, useRef, useState } from "preact/hooks";
import * as z from "zod/mini";
import type { ConversationSummary } from "../../contract/site-api.ts";
import { formatRelativeTime, t } from "../i18n/i18n.ts";
import { apiRequest } from "../shared/api.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { displayTitle } from "./conversation-title.ts";
import { onLinkClick } from "./router.ts";

const searchSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      conversationId: z.string(),
      title: z.string(),
      messageId: z.nullish(z.string()),
      snippet: z.string(),
    }),
  ),
});
type SearchResult = z.infer<typeof searchSchema>["results"][number];

/** Props of `Sidebar`. */
export type SidebarProps = {
  conversations: ConversationSummary[];
  hasMore: boolean;
  activeId: string | null;
  onLoadMore(): void;
  onNewChat(): void;
  onRename(id: string, title: string): void;
  onDelete(id: string): void;
};

/** Sidebar content (the surrounding <aside> and its mobile toggle live in the app shell). */
export function Sidebar(props: SidebarProps) {
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ConversationSummary | null>(null);
  const sentinel = useRef<HTMLLIElement>(null);

  useEffect(() => {
    const text = query.trim();
    if (!text) return setResults(null);
    const abort = new AbortController();
    const timer = setTimeout(() => {
      apiRequest(`/api/search?q=${encodeURIComponent(text)}`, searchSchema, { signal: abort.signal }).then(
        (answer) => setResults(answer.results),
        () => undefined,
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [query]);

  useEffect(() => {
    const element = sentinel.current;
    if (!element || !props.hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) props.onLoadMore();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [props.hasMore, props.onLoadMore, props.conversations.length]);

  return (
    <>
      <div class="sidebar-top">
        <button type="button" class="button new-chat" onClick={props.onNewChat}>
          {t("sidebar.newChat")}
        </button>
        <input
          type="search"
          class="search"
          aria-label={t("sidebar.search")}
          placeholder={t("sidebar.searchPlaceholder")}
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
      </div>
      <nav aria-label={t("sidebar.conversations")} class="conversations">
        {results ? (
          <ul>
            {results.length === 0 ? <li class="hint">{t("sidebar.noMatches")}</li> : null}
            {results.map((result) => (
              <li key={`${result.conversationId}-${result.messageId ?? ""}`}>
                <a
                  href={`/c/${encodeURIComponent(result.conversationId)}`}
                  onClick={onLinkClick}
                  class="conversation-link"
                >
                  <span class="title">{result.title}</span>
                  <span class="snippet">{result.snippet}</span>
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <ul>
            {props.conversations.map((conversation) =>
              renaming === conversation.id ? (
                <li key={conversation.id}>
                  <RenameForm
                    initial={conversation.title}
                    onDone={(title) => {
                      setRenaming(null);
                      if (title && title !== conversation.title) props.onRename(conversation.id, title);
                    }}
                  />
                </li>
              ) : (
                <li key={conversation.id} class={conversation.id === props.activeId ? "active" : undefined}>
                  <a
                    href={`/c/${encodeURIComponent(conversation.id)}`}
                    onClick={onLinkClick}
                    class="conversation-link"
                    aria-current={conversation.id === props.activeId ? "page" : undefined}
                    title={t("sidebar.updated", { when: formatRelativeTime(conversation.updatedAt) })}
                  >
                    <span class="title" id={`title-${conversation.id}`}>
                      {displayTitle(conversation.title)}
                    </span>
                  </a>
                  <span class="item-actions">
                    <button
                      type="button"
                      class="icon-button"
                      aria-label={t("sidebar.rename")}
                      aria-describedby={`title-${conversation.id}`}
                      onClick={() => setRenaming(conversation.id)}
                    >
                      ✎
                    </button>
                    <button
                      type="button"
                      class="icon-button"
                      aria-label={t("sidebar.delete")}
                      aria-describedby={`title-${conversation.id}`}
                      onClick={() => setDeleting(conversation)}
                    >
                      ×
                    </button>
                  </span>
                </li>
              ),
            )}
            {props.hasMore ? (
              <li ref={sentinel} class="hint">
                {t("sidebar.loading")}
              </li>
            ) : null}
          </ul>
        )}
      </nav>
      {deleting ? (
        <ConfirmDialog
          title={t("sidebar.deleteTitle")}
          confirmLabel={t("sidebar.deleteConfirm")}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            props.onDelete(deleting.id);
            setDeleting(null);
          }}
        >
          <p>{t("sidebar.deleteBody", { title: displayTitle(deleting.title) })}</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function RenameForm({ initial, onDone }: { initial: string; onDone(title: string | null): void }) {
  const [title, setTitle] = useState(initial);
  const box = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  useEffect(() => box.current?.select(), []);
  // Enter, Escape and blur can all end the edit; only the first one counts.
  const finish = (value: string | null) => {
    if (finished.current) return;
    finished.current = true;
    onDone(value);
  };
  return (
    <form
      class="rename"
      onSubmit={(event) => {
        event.preventDefault();
        finish(title.trim() || null);
      }}
    >
      <input
        ref={box}
        aria-label={t("sidebar.titleField")}
        value={title}
        maxLength={200}
        onInput={(event) => setTitle(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") finish(null);
        }}
        onBlur={() => finish(title.trim() || null)}
      />
    </form>
  );
}

// The app shell: sidebar (conversations), the routed pane, theme and model choice.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type ConversationSummary, conversationPageSchema, type ModelInfo, meSchema } from "../../contract/site-api.ts";
import { t } from "../i18n/i18n.ts";
import { useLocale } from "../i18n/use-locale.ts";
import { apiRequest, waitForIdentity } from "../shared/api.ts";
import { setModelLabels } from "../shared/model-labels.ts";
import { AccountEntry } from "./account-entry.tsx";
import { setImageUploads } from "./attach-files.ts";
import { displayTitle } from "./conversation-title.ts";
import { ConversationView } from "./conversation-view.tsx";
import { LanguagePicker } from "./language-picker.tsx";
import { type ModelChoice, preferredChoice, rememberChoice } from "./model-picker.tsx";
import { MyDataMenu } from "./my-data-menu.tsx";
import { NewChat } from "./new-chat.tsx";
import { OfflineBanner } from "./offline.tsx";
import { navigate, useRoute } from "./router.ts";
import { SettingsButton } from "./settings-button.tsx";
import { SharedPage } from "./shared-page.tsx";
import { Sidebar } from "./sidebar.tsx";
import { applyTheme, storedTheme, type ThemeChoice } from "./theme.ts";

/** Conversation list state: pages newest first, with the cursor of the next page. */
function useConversationList(ready: boolean) {
  const [items, setItems] = useState<ConversationSummary[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  // Conversations deleted as they were made (a refused first message): a page read before the delete still has them.
  const discarded = useRef(new Set<string>());
  const load = useCallback((from: string | null) => {
    setLoading(true);
    const query = from ? `?limit=30&cursor=${encodeURIComponent(from)}` : "?limit=30";
    apiRequest(`/api/conversations${query}`, conversationPageSchema).then(
      (page) => {
        setItems((previous) => {
          // A first page keeps conversations created while it was in flight (newer than anything on it).
          const newest = page.conversations[0]?.updatedAt ?? 0;
          const base = from ? previous : previous.filter((item) => item.createdAt > newest);
          const known = new Set(base.map((item) => item.id));
          const fresh = page.conversations.filter((item) => !known.has(item.id) && !discarded.current.has(item.id));
          return [...base, ...fresh];
        });
        setCursor(page.nextCursor ?? null);
        setLoading(false);
      },
      () => setLoading(false),
    );
  }, []);
  useEffect(() => {
    if (ready) load(null);
  }, [ready, load]);
  const loadMore = useCallback(() => {
    if (!loading && cursor) load(cursor);
  }, [loading, cursor, load]);
  // The first page of the list may have brought it already (it was created before that page was read).
  const add = useCallback((summary: ConversationSummary) => {
    discarded.current.delete(summary.id);
    setItems((previous) => [summary, ...previous.filter((item) => item.id !== summary.id)]);
  }, []);
  const discard = useCallback((id: string) => {
    discarded.current.add(id);
    setItems((previous) => previous.filter((item) => item.id !== id));
  }, []);
  return { items, setItems, hasMore: Boolean(cursor), loadMore, reload: () => load(null), add, discard };
}

/** The chat site. */
export function App() {
  const locale = useLocale();
  const route = useRoute();
  const [models, setModels] = useState<ModelInfo[]>([]);
  const [choice, setChoice] = useState<ModelChoice>({ model: "deepseek-flash", thinking: false });
  const [ready, setReady] = useState(false);
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme);
  const [navOpen, setNavOpen] = useState(false);
  // Set while this visitor's first message needs Cloudflare Turnstile (the server says so in /api/me).
  const [turnstileSiteKey, setTurnstileSiteKey] = useState<string | null>(null);
  const [signedIn, setSignedIn] = useState(false);
  const list = useConversationList(ready);

  useEffect(() => {
    // /api/me creates the visitor (and its cookie); every other request waits for it.
    const me = apiRequest("/api/me", meSchema);
    waitForIdentity(me);
    me.then(
      (me) => {
        setModels(me.models);
        setModelLabels(me.labels ?? {});
        setImageUploads(me.imageAttachments === true);
        setChoice(preferredChoice(me.models));
        setTurnstileSiteKey(me.turnstileSiteKey ?? null);
        setSignedIn(me.signedIn === true);
        setReady(true);
      },
      () => setReady(true),
    );
  }, []);
  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => {
    if (!navOpen) return;
    // The phone drawer: focus moves into it, Escape closes it.
    document.querySelector<HTMLElement>("#sidebar .new-chat")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setNavOpen(false);
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [navOpen]);
  useEffect(() => setNavOpen(false), [route]);

  const activeId = route.name === "conversation" ? route.id : null;
  const activeTitle = list.items.find((item) => item.id === activeId)?.title;
  useEffect(() => {
    document.title = activeId ? t("app.documentTitle", { title: displayTitle(activeTitle) }) : t("app.brand");
  }, [activeId, activeTitle, locale]);

  const onTitle = useCallback(
    (id: string, title: string) =>
      list.setItems((items) => items.map((item) => (item.id === id ? { ...item, title } : item))),
    [list.setItems],
  );
  const onChoice = (next: ModelChoice) => {
    setChoice(next);
    rememberChoice(next);
  };
  const onRename = (id: string, title: string) => {
    onTitle(id, title);
    void apiRequest(`/api/conversations/${encodeURIComponent(id)}`, null, { method: "PATCH", body: { title } }).catch(
      list.reload,
    );
  };
  const onDelete = (id: string) => {
    list.setItems((items) => items.filter((item) => item.id !== id));
    if (id === activeId) navigate("/");
    void apiRequest(`/api/conversations/${encodeURIComponent(id)}`, null, { method: "DELETE" }).catch(list.reload);
  };
  const onActivity = (id: string) =>
    list.setItems((items) => {
      const item = items.find((candidate) => candidate.id === id);
      return item ? [{ ...item, updatedAt: Date.now() }, ...items.filter((candidate) => candidate.id !== id)] : items;
    });
  const pane = { models, choice, onChoice, onTitle, onActivity };

  if (route.name === "shared") return <SharedPage id={route.id} />;
  return (
    <div class={`shell${navOpen ? " nav-open" : ""}`}>
      <a class="skip-link" href="#composer-input">
        {t("app.skipToComposer")}
      </a>
      <aside class="sidebar" id="sidebar">
        <p class="brand">{t("app.brand")}</p>
        <Sidebar
          conversations={list.items}
          hasMore={list.hasMore}
          activeId={activeId}
          onLoadMore={list.loadMore}
          onNewChat={() => navigate("/")}
          onRename={onRename}
          onDelete={onDelete}
        />
        <label class="theme-picker">
          {t("theme.label")}
          <select value={theme} onChange={(event) => setTheme(event.currentTarget.value as ThemeChoice)}>
            <option value="system">{t("theme.system")}</option>
            <option value="light">{t("theme.light")}</option>
            <option value="dark">{t("theme.dark")}</option>
          </select>
        </label>
        <LanguagePicker />
        <AccountEntry signedIn={signedIn} onReturn={list.reload} />
        <SettingsButton />
        <MyDataMenu />
      </aside>
      <button
        type="button"
        class="scrim"
        aria-label={t("app.closeConversations")}
        tabIndex={-1}
        onClick={() => setNavOpen(false)}
      />
      <main class="main">
        <div class="topbar">
          <button
            type="button"
            class="icon-button"
            aria-label={t("app.showConversations")}
            aria-expanded={navOpen}
            aria-controls="sidebar"
            onClick={() => setNavOpen(!navOpen)}
          >
            ☰
          </button>
          <span class="brand">{t("app.brand")}</span>
        </div>
        <OfflineBanner />
        {route.name === "conversation" ? (
          // The sidebar's title is the freshest (renames land there first); the view falls back to its own.
          <ConversationView key={route.id} id={route.id} title={activeTitle} {...pane} />
        ) : (
          <NewChat
            key="new"
            {...pane}
            turnstileSiteKey={turnstileSiteKey}
            onVerified={() => setTurnstileSiteKey(null)}
            onCreated={list.add}
            onDiscarded={list.discard}
          />
        )}
      </main>
    </div>
  );
}

// The console's shell: who is signed in, the navigation, and the page for the current address.
import { useCallback, useEffect, useState } from "preact/hooks";
import { adminRequest, setSignedOutListener } from "./admin-api.ts";
import { ExportPage } from "./export-page.tsx";
import { KeysPage } from "./keys-page.tsx";
import { OverviewPage } from "./overview-page.tsx";
import { ProvidersPage } from "./providers-page.tsx";
import { type Session, sessionSchema } from "./schemas.ts";
import { SignIn } from "./sign-in.tsx";
import { SitesPage } from "./sites-page.tsx";
import { errorText } from "./use-load.ts";
import { UsersPage } from "./users-page.tsx";

/** The pages, by the path segment under /admin (the server serves the shell for exactly these). */
const PAGES = [
  { path: "", label: "Overview", Page: OverviewPage },
  { path: "keys", label: "Keys", Page: KeysPage },
  { path: "sites", label: "Sites", Page: SitesPage },
  { path: "users", label: "Users", Page: UsersPage },
  { path: "providers", label: "Providers", Page: ProvidersPage },
  { path: "export", label: "Usage export", Page: ExportPage },
];

function currentPath(): string {
  const segment = location.pathname.replace(/^\/admin\/?/, "").replace(/\/$/, "");
  return segment === "overview" ? "" : segment;
}

/** The whole console. */
export function ConsoleApp() {
  const [session, setSession] = useState<Session | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [path, setPath] = useState(currentPath);

  const refreshSession = useCallback(() => {
    adminRequest("/session", sessionSchema).then(setSession, (error: unknown) => setProblem(errorText(error)));
  }, []);

  useEffect(() => {
    refreshSession();
    setSignedOutListener(refreshSession);
    const onPop = () => setPath(currentPath());
    addEventListener("popstate", onPop);
    return () => {
      setSignedOutListener(null);
      removeEventListener("popstate", onPop);
    };
  }, [refreshSession]);

  if (problem) return <p role="alert">{problem}</p>;
  if (!session) return <p>Loading…</p>;
  if (!session.signedIn) return <SignIn session={session} onSignedIn={setSession} />;

  const page = PAGES.find((candidate) => candidate.path === path) ?? PAGES[0];
  const navigate = (event: MouseEvent, next: string) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    history.pushState(null, "", next ? `/admin/${next}` : "/admin");
    setPath(next);
    document.getElementById("main")?.focus();
  };
  const signOut = () => {
    adminRequest("/session", null, { method: "DELETE" }).finally(refreshSession);
  };
  const Page = page?.Page ?? OverviewPage;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">edgechat console</span>
        <nav aria-label="Console">
          <ul>
            {PAGES.map((entry) => (
              <li key={entry.path}>
                <a
                  href={entry.path ? `/admin/${entry.path}` : "/admin"}
                  aria-current={entry.path === path ? "page" : undefined}
                  onClick={(event) => navigate(event, entry.path)}
                >
                  {entry.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          {session.subject ?? (session.method === "session" ? "admin token" : session.method)}
          {session.method === "session" && (
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          )}
          {/* Access's own sign-out, served by Cloudflare on every Access-protected hostname. */}
          {session.method === "access" && <a href="/cdn-cgi/access/logout">Sign out</a>}
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Page key={path} />
      </main>
    </>
  );
}

// The console's sign-in: the admin token form, or what to do when Cloudflare Access guards the console.
import { useState } from "preact/hooks";
import { adminRequest } from "./admin-api.ts";
import { type Session, sessionSchema } from "./schemas.ts";
import { errorText } from "./use-load.ts";

/** Shown while nobody is signed in; `onSignedIn` gets the new session. */
export function SignIn({ session, onSignedIn }: { session: Session; onSignedIn(session: Session): void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (session.signIn === "access") {
    return (
      <main class="sign-in">
        <h1>edgechat console</h1>
        <p>This console signs in through Cloudflare Access. Reload the page to sign in again.</p>
      </main>
    );
  }
  if (session.signIn === "closed") {
    return (
      <main class="sign-in">
        <h1>edgechat console</h1>
        <p>The console is closed: set ADMIN_TOKEN (or Cloudflare Access) on the Worker to open it.</p>
      </main>
    );
  }
  const submit = (event: Event) => {
    event.preventDefault();
    const token = new FormData(event.currentTarget as HTMLFormElement).get("token");
    setBusy(true);
    setProblem(null);
    adminRequest("/session", null, { method: "POST", body: { token } })
      .then(() => adminRequest("/session", sessionSchema))
      .then(onSignedIn, (error: unknown) => setProblem(errorText(error)))
      .finally(() => setBusy(false));
  };
  return (
    <main class="sign-in">
      <h1>edgechat console</h1>
      <form class="card" onSubmit={submit} aria-label="Sign in">
        <label class="field">
          <span>Admin token</span>
          <input name="token" type="password" required autoComplete="current-password" />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {problem && <p role="alert">{problem}</p>}
        <p class="note">The token is exchanged for a one-hour session cookie; the page never stores it.</p>
      </form>
    </main>
  );
}

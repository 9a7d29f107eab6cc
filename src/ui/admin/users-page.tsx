// Users: find a visitor by id, change their plan, erase them and everything they stored.

import { useState } from "preact/hooks";
import { adminRequest, query } from "./admin-api.ts";
import { text } from "./form-values.ts";
import { formatTime } from "./format.ts";
import { PlanField } from "./plan-field.tsx";
import { erasedSchema, type User, userSchema } from "./schemas.ts";
import { errorText } from "./use-load.ts";

const USER_PLANS = ["free", "pro"];

/** The users page. */
export function UsersPage() {
  const [user, setUser] = useState<User | null>(null);
  const [message, setMessage] = useState<{ text: string; alert: boolean } | null>(null);

  const run = async (work: () => Promise<string>) => {
    setMessage(null);
    try {
      setMessage({ text: await work(), alert: false });
    } catch (error) {
      setMessage({ text: errorText(error), alert: true });
    }
  };

  const find = (event: Event) => {
    event.preventDefault();
    const id = text(event.currentTarget as HTMLFormElement, "id");
    setUser(null);
    void run(async () => {
      setUser(await adminRequest(`/users${query({ id })}`, userSchema));
      return "";
    });
  };

  const changePlan = (event: Event) => {
    event.preventDefault();
    if (!user) return;
    const plan = text(event.currentTarget as HTMLFormElement, "plan");
    void run(async () => {
      const updated = await adminRequest(`/users/${encodeURIComponent(user.id)}`, userSchema, {
        method: "PATCH",
        body: { plan },
      });
      setUser({ ...user, plan: updated.plan });
      return `Plan changed to ${updated.plan}.`;
    });
  };

  const erase = () => {
    if (!user || !window.confirm(`Erase visitor ${user.id} and all their conversations? This cannot be undone.`))
      return;
    void run(async () => {
      const erased = await adminRequest(`/users/${encodeURIComponent(user.id)}`, erasedSchema, { method: "DELETE" });
      setUser(null);
      return `Visitor ${user.id} erased with ${erased.conversations ?? 0} conversations and ${erased.shares ?? 0} shares.`;
    });
  };

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <form class="card row" onSubmit={find} aria-label="Find a visitor">
        <label class="field">
          <span>Visitor id</span>
          <input name="id" required autoComplete="off" spellcheck={false} />
        </label>
        <button type="submit">Find</button>
      </form>
      {message?.text && <p role={message.alert ? "alert" : "status"}>{message.text}</p>}
      {user && (
        <div class="card">
          <h2>Visitor {user.id}</h2>
          <dl class="pairs">
            <dt>Plan</dt>
            <dd>{user.plan}</dd>
            <dt>Site</dt>
            <dd>{user.siteId ?? "chat site"}</dd>
            <dt>Account</dt>
            <dd>
              {user.account
                ? `${user.account.name} (${user.account.passkeys} passkeys; the plan applies on every device)`
                : "none (anonymous cookie)"}
            </dd>
            <dt>First seen</dt>
            <dd>{formatTime(user.createdAt)}</dd>
            <dt>Conversations</dt>
            <dd>{user.conversations ?? "–"}</dd>
            <dt>Last active</dt>
            <dd>{formatTime(user.lastActiveAt)}</dd>
          </dl>
          <form class="row" onSubmit={changePlan} aria-label="Change plan">
            <PlanField label="New plan" plans={USER_PLANS} value={user.plan} />
            <button type="submit">Change plan</button>
          </form>
          <button type="button" class="danger" onClick={erase}>
            Erase visitor
          </button>
        </div>
      )}
    </section>
  );
}

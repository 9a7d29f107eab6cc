// Keys: create (the secret is shown once), list with this month's spend, edit limits and budget, rotate, revoke.

import { useState } from "preact/hooks";
import { adminRequest } from "./admin-api.ts";
import { DataTable } from "./data-table.tsx";
import { optionalNumber, text } from "./form-values.ts";
import { formatCount, formatUsd } from "./format.ts";
import { type ApiKey, keyListSchema, keyWithSecretSchema } from "./schemas.ts";
import { SecretNotice } from "./secret-notice.tsx";
import { errorText, useLoad } from "./use-load.ts";

/** The keys page. */
export function KeysPage() {
  const keys = useLoad((signal) => adminRequest("/keys", keyListSchema, { signal }), "keys");
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const act = async (work: () => Promise<void>) => {
    setProblem(null);
    try {
      await work();
      keys.reload();
    } catch (error) {
      setProblem(errorText(error));
    }
  };

  const create = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    void act(async () => {
      const created = await adminRequest("/keys", keyWithSecretSchema, {
        method: "POST",
        body: {
          name: text(form, "name"),
          plan: text(form, "plan") || undefined,
          rpm: optionalNumber(form, "rpm"),
          tpm: optionalNumber(form, "tpm"),
          monthlyBudgetUsd: optionalNumber(form, "budget"),
        },
      });
      setSecret({ name: created.name, key: created.key });
      form.reset();
    });
  };

  const rotate = (key: ApiKey) => {
    if (!window.confirm(`Rotate ${key.name}? The current secret stops working at once.`)) return;
    void act(async () => {
      const rotated = await adminRequest(`/keys/${encodeURIComponent(key.id)}/rotate`, keyWithSecretSchema, {
        method: "POST",
      });
      setSecret({ name: rotated.name, key: rotated.key });
    });
  };

  const revoke = (key: ApiKey) => {
    if (!window.confirm(`Revoke ${key.name}? Requests with it are refused from now on.`)) return;
    void act(() => adminRequest(`/keys/${encodeURIComponent(key.id)}`, null, { method: "DELETE" }));
  };

  const live = keys.data?.data.filter((key) => !key.revokedAt) ?? [];
  const revoked = keys.data?.data.filter((key) => key.revokedAt) ?? [];
  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">Keys</h1>
      <form class="card" onSubmit={create} aria-labelledby="create-key-title">
        <h2 id="create-key-title">Create a key</h2>
        <div class="grid">
          <label class="field">
            <span>Name</span>
            <input name="name" required maxLength={100} />
          </label>
          <label class="field">
            <span>Plan</span>
            <input name="plan" placeholder="partner" pattern="[a-z][a-z0-9_\-]{0,31}" />
          </label>
          <LimitFields />
        </div>
        <button type="submit">Create key</button>
      </form>
      {secret && <SecretNotice name={secret.name} secret={secret.key} onDismiss={() => setSecret(null)} />}
      {problem && <p role="alert">{problem}</p>}
      {keys.error && <p role="alert">{keys.error}</p>}
      <DataTable
        caption="API keys"
        columns={["Name", "Prefix", "Plan", "RPM", "TPM", "Monthly budget", "Spend this month", "Actions"]}
        empty={live.length > 0 ? undefined : keys.loading ? "Loading…" : "No keys yet."}
      >
        {live.map((key) =>
          editing === key.id ? (
            <EditRow key={key.id} apiKey={key} onDone={() => setEditing(null)} act={act} />
          ) : (
            <tr key={key.id}>
              <th scope="row">{key.name}</th>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{key.plan}</td>
              <td>{key.rpm == null ? "plan" : formatCount(key.rpm)}</td>
              <td>{key.tpm == null ? "plan" : formatCount(key.tpm)}</td>
              <td>{key.monthlyBudgetUsd == null ? "none" : `$${key.monthlyBudgetUsd}`}</td>
              <td>{formatUsd(key.spendThisMonthMicros ?? 0)}</td>
              <td>
                <div class="actions">
                  <button type="button" aria-label={`Edit ${key.name}`} onClick={() => setEditing(key.id)}>
                    Edit
                  </button>
                  <button type="button" aria-label={`Rotate ${key.name}`} onClick={() => rotate(key)}>
                    Rotate
                  </button>
                  <button type="button" class="danger" aria-label={`Revoke ${key.name}`} onClick={() => revoke(key)}>
                    Revoke
                  </button>
                </div>
              </td>
            </tr>
          ),
        )}
      </DataTable>
      {revoked.length > 0 && (
        <details>
          <summary>{revoked.length} revoked</summary>
          <ul>
            {revoked.map((key) => (
              <li key={key.id}>
                {key.name} (<code>{key.prefix}…</code>), revoked {key.revokedAt}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** RPM, TPM and budget inputs; empty means the plan's limit (and no budget). */
function LimitFields({ apiKey }: { apiKey?: ApiKey }) {
  const fields = [
    { name: "rpm", label: "Requests per minute", min: 1, value: apiKey?.rpm },
    { name: "tpm", label: "Tokens per minute", min: 1, value: apiKey?.tpm },
    { name: "budget", label: "Monthly budget (USD)", min: 0.01, value: apiKey?.monthlyBudgetUsd },
  ];
  return (
    <>
      {fields.map((field) => (
        <label class="field" key={field.name}>
          <span>{field.label}</span>
          <input
            name={field.name}
            type="number"
            min={field.min}
            step={field.min}
            inputMode={field.min < 1 ? "decimal" : "numeric"}
            defaultValue={field.value?.toString() ?? ""}
          />
        </label>
      ))}
    </>
  );
}

function EditRow({
  apiKey,
  onDone,
  act,
}: {
  apiKey: ApiKey;
  onDone(): void;
  act(work: () => Promise<void>): Promise<void>;
}) {
  const save = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    void act(async () => {
      await adminRequest(`/keys/${encodeURIComponent(apiKey.id)}`, null, {
        method: "PATCH",
        body: {
          name: text(form, "name"),
          rpm: optionalNumber(form, "rpm"),
          tpm: optionalNumber(form, "tpm"),
          monthlyBudgetUsd: optionalNumber(form, "budget"),
        },
      });
      onDone();
    });
  };
  return (
    <tr>
      <td colSpan={8}>
        <form class="grid" onSubmit={save} aria-label={`Edit ${apiKey.name}`}>
          <label class="field">
            <span>Name</span>
            {/* Focus moves into the form the operator just opened. */}
            {/* biome-ignore lint/a11y/noAutofocus: the edit form replaces the row the focused button was in. */}
            <input name="name" required maxLength={100} defaultValue={apiKey.name} autoFocus />
          </label>
          <LimitFields apiKey={apiKey} />
          <div class="actions">
            <button type="submit">Save</button>
            <button type="button" onClick={onDone}>
              Cancel
            </button>
          </div>
        </form>
      </td>
    </tr>
  );
}

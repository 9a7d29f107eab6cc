// What a site's widget knows and says: instructions, starter questions, the served-by line and the hand-off
// webhook, whose signing secret the API shows once (when the URL changes or the owner rotates it).
import { useState } from "preact/hooks";
import { adminRequest } from "./admin-api.ts";
import { text } from "./form-values.ts";
import { type Site, siteSchema } from "./schemas.ts";
import { SecretNotice } from "./secret-notice.tsx";
import { errorText } from "./use-load.ts";

/** The widget settings form of `site`; `onSaved` reloads the page's list. */
export function SiteWidgetSettings({ site, onSaved }: { site: Site; onSaved(): void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const id = (field: string) => `site-${site.id}-${field}`;

  const save = (rotate: boolean) => (event: Event) => {
    event.preventDefault();
    const form = (event.currentTarget as HTMLElement).closest("form");
    if (!form) return;
    const webhook = text(form, "webhook");
    const body: Record<string, unknown> = {
      instructions: text(form, "instructions"),
      starterQuestions: text(form, "starters")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
      showServedBy: new FormData(form).get("served") === "on",
      handoffWebhookUrl: webhook === "" ? null : webhook,
      ...(rotate ? { rotateHandoffSecret: true } : {}),
    };
    setProblem(null);
    setSaved(false);
    adminRequest(`/sites/${encodeURIComponent(site.id)}`, siteSchema, { method: "PATCH", body }).then(
      (answer) => {
        setSaved(true);
        if (answer.handoffSecret) setSecret(answer.handoffSecret);
        onSaved();
      },
      (error: unknown) => setProblem(errorText(error)),
    );
  };

  return (
    <form class="grid" aria-label={`Widget settings for ${site.name}`} onSubmit={save(false)}>
      <label class="field" for={id("instructions")}>
        <span>Instructions (what the assistant knows about the business, its tone and rules)</span>
        <textarea id={id("instructions")} name="instructions" rows={5} defaultValue={site.instructions ?? ""} />
      </label>
      <label class="field" for={id("starters")}>
        <span>Starter questions (one per line, up to 4)</span>
        <textarea
          id={id("starters")}
          name="starters"
          rows={4}
          defaultValue={(site.starterQuestions ?? []).join("\n")}
        />
      </label>
      <label class="field inline">
        <input type="checkbox" name="served" defaultChecked={site.showServedBy === true} />
        <span>Show “Served by …” under answers</span>
      </label>
      <label class="field" for={id("webhook")}>
        <span>Hand-off webhook URL (receives “Talk to a person” requests)</span>
        <input
          id={id("webhook")}
          name="webhook"
          type="url"
          placeholder="https://example.com/edgechat-handoff"
          defaultValue={site.handoffWebhookUrl ?? ""}
        />
      </label>
      {secret && (
        <SecretNotice
          name={`${site.name}'s webhook`}
          secret={secret}
          label="Webhook signing secret"
          kept="it signs each delivery (header x-edgechat-signature, HMAC-SHA256)"
          onDismiss={() => setSecret(null)}
        />
      )}
      {problem && <p role="alert">{problem}</p>}
      {saved && !problem && <p role="status">Saved.</p>}
      <div class="actions">
        <button type="submit">Save widget settings</button>
        {site.handoffWebhookUrl && (
          <button type="button" onClick={save(true)}>
            Rotate webhook secret
          </button>
        )}
      </div>
    </form>
  );
}

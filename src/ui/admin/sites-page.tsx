// Sites: register and edit widget sites (origins, theme, plan), copy the embed snippet, see each site's usage;
// per site, what its widget knows and says, its knowledge, transcripts and hand-offs (each loaded when opened).

import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { adminRequest, query } from "./admin-api.ts";
import { text } from "./form-values.ts";
import { formatCompact, formatCount, formatRate, formatUsd } from "./format.ts";
import { PlanField } from "./plan-field.tsx";
import { type Site, siteListSchema, siteSchema, usageReportSchema } from "./schemas.ts";
import { SiteHandoffs } from "./site-handoffs.tsx";
import { SiteKnowledge } from "./site-knowledge.tsx";
import { SiteTranscripts } from "./site-transcripts.tsx";
import { SiteWidgetSettings } from "./site-widget-settings.tsx";
import { errorText, useLoad } from "./use-load.ts";

/** Plans a site may have (the chat's plan limits). */
const SITE_PLANS = ["free", "pro"];

/** The one tag a site owner pastes into their page. */
export function embedSnippet(site: Pick<Site, "siteKey">, origin = location.origin): string {
  return `<script src="${origin}/widget.js" data-site-key="${site.siteKey}" async></script>`;
}

/** The sites page. */
export function SitesPage() {
  const sites = useLoad((signal) => adminRequest("/sites", siteListSchema, { signal }), "sites");
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const save = (site: Site | null) => (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const origins = text(form, "origins")
      .split(/[\s,]+/)
      .filter(Boolean);
    // The API replaces the whole theme: keep what this form does not show (position, placeholder…).
    const theme: Record<string, unknown> = { ...site?.theme };
    for (const field of ["title", "color", "greeting"]) {
      const value = text(form, field);
      if (value) theme[field] = value;
      else delete theme[field];
    }
    setProblem(null);
    adminRequest(site ? `/sites/${encodeURIComponent(site.id)}` : "/sites", siteSchema, {
      method: site ? "PATCH" : "POST",
      body: { name: text(form, "name"), allowedOrigins: origins, plan: text(form, "plan"), theme },
    }).then(
      () => {
        if (!site) form.reset();
        setEditing(null);
        sites.reload();
      },
      (error: unknown) => setProblem(errorText(error)),
    );
  };

  const remove = (site: Site) => {
    if (!window.confirm(`Delete ${site.name}? Its widget stops answering.`)) return;
    adminRequest(`/sites/${encodeURIComponent(site.id)}`, null, { method: "DELETE" }).then(sites.reload, (error) =>
      setProblem(errorText(error)),
    );
  };

  return (
    <section aria-labelledby="sites-title">
      <h1 id="sites-title">Sites</h1>
      <SiteForm title="Register a site" submit="Create site" onSubmit={save(null)} />
      {problem && <p role="alert">{problem}</p>}
      {sites.error && <p role="alert">{sites.error}</p>}
      {sites.data?.data.length === 0 && <p>No sites yet.</p>}
      <ul class="cards">
        {sites.data?.data.map((site) => (
          <li key={site.id} class="card" aria-labelledby={`site-${site.id}`}>
            <h2 id={`site-${site.id}`}>{site.name}</h2>
            {editing === site.id ? (
              <SiteForm
                title={`Edit ${site.name}`}
                submit="Save site"
                site={site}
                onSubmit={save(site)}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <SiteDetails
                site={site}
                onEdit={() => setEditing(site.id)}
                onDelete={() => remove(site)}
                onChanged={sites.reload}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A section of a site's card that mounts (and loads) only while open. */
function Section({ title, children }: { title: string; children: () => ComponentChildren }) {
  const [open, setOpen] = useState(false);
  return (
    <details class="site-section" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{title}</summary>
      {open && children()}
    </details>
  );
}

function SiteDetails({
  site,
  onEdit,
  onDelete,
  onChanged,
}: {
  site: Site;
  onEdit(): void;
  onDelete(): void;
  onChanged(): void;
}) {
  const [copied, setCopied] = useState(false);
  const snippet = embedSnippet(site);
  return (
    <>
      <dl class="pairs">
        <dt>Site key</dt>
        <dd>
          <code>{site.siteKey}</code>
        </dd>
        <dt>Plan</dt>
        <dd>{site.plan}</dd>
        <dt>Allowed origins</dt>
        <dd>{site.allowedOrigins.join(", ")}</dd>
      </dl>
      <label class="field">
        <span>Embed snippet for {site.name}</span>
        <textarea readOnly rows={2} value={snippet} onFocus={(event) => event.currentTarget.select()} />
      </label>
      <div class="actions">
        <button
          type="button"
          aria-label={`Copy embed snippet for ${site.name}`}
          onClick={() => navigator.clipboard?.writeText(snippet).then(() => setCopied(true))}
        >
          {copied ? "Copied" : "Copy embed snippet"}
        </button>
        <button type="button" aria-label={`Edit ${site.name}`} onClick={onEdit}>
          Edit
        </button>
        <button type="button" class="danger" aria-label={`Delete ${site.name}`} onClick={onDelete}>
          Delete
        </button>
      </div>
      <SiteUsage site={site} />
      <Section title={`Widget settings of ${site.name}`}>
        {() => <SiteWidgetSettings site={site} onSaved={onChanged} />}
      </Section>
      <Section title={`Knowledge of ${site.name}`}>{() => <SiteKnowledge site={site} />}</Section>
      <Section title={`Transcripts of ${site.name}`}>{() => <SiteTranscripts site={site} />}</Section>
      <Section title={`Hand-offs of ${site.name}`}>{() => <SiteHandoffs site={site} />}</Section>
    </>
  );
}

/** The site's last 30 days from the rollups. */
function SiteUsage({ site }: { site: Site }) {
  const usage = useLoad(
    (signal) =>
      adminRequest(
        `/sites/${encodeURIComponent(site.id)}/usage${query({ group: "day", start: new Date(Date.now() - 30 * 86_400_000).toISOString() })}`,
        usageReportSchema,
        { signal },
      ),
    site.id,
  );
  if (usage.error) return <p class="note">Usage unavailable: {usage.error}</p>;
  const totals = usage.data?.totals;
  if (!totals) return null;
  return (
    <p class="note">
      Last 30 days: {formatCount(totals.requests)} requests,{" "}
      {formatCompact(totals.promptTokens + totals.completionTokens)} tokens, {formatUsd(totals.spendMicros)},{" "}
      {formatRate(totals.errors, totals.requests)} errors.
    </p>
  );
}

function SiteForm({
  title,
  submit,
  site,
  onSubmit,
  onCancel,
}: {
  title: string;
  submit: string;
  site?: Site;
  onSubmit(event: Event): void;
  onCancel?(): void;
}) {
  const theme = (field: string) => {
    const value = site?.theme[field];
    return typeof value === "string" ? value : "";
  };
  return (
    <form class="card" onSubmit={onSubmit} aria-label={title}>
      {!site && <h2>{title}</h2>}
      <div class="grid">
        <label class="field">
          <span>Site name</span>
          {/* biome-ignore lint/a11y/noAutofocus: an edit form replaces the details whose Edit button had focus. */}
          <input name="name" required maxLength={100} defaultValue={site?.name ?? ""} autoFocus={site !== undefined} />
        </label>
        <label class="field">
          <span>Allowed origins</span>
          <textarea
            name="origins"
            required
            rows={2}
            placeholder="https://shop.example"
            defaultValue={site?.allowedOrigins.join("\n") ?? ""}
          />
        </label>
        <PlanField label="Plan" plans={SITE_PLANS} value={site?.plan ?? "free"} />
        <label class="field">
          <span>Widget title</span>
          <input name="title" maxLength={60} defaultValue={theme("title")} />
        </label>
        <label class="field">
          <span>Accent colour</span>
          <input
            name="color"
            placeholder="#0b57d0"
            pattern="#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})"
            defaultValue={theme("color")}
          />
        </label>
        <label class="field">
          <span>Greeting</span>
          <input name="greeting" maxLength={500} defaultValue={theme("greeting")} />
        </label>
      </div>
      <div class="actions">
        <button type="submit">{submit}</button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

// Providers: each target's breaker, recent failures, latency and concurrency; the routing explainer as a form.

import { useState } from "preact/hooks";
import { adminRequest, query } from "./admin-api.ts";
import { DataTable } from "./data-table.tsx";
import { text } from "./form-values.ts";
import { formatCount, formatMs, formatRate, formatTime } from "./format.ts";
import { type Explanation, explanationSchema, healthSchema, type Target } from "./schemas.ts";
import { errorText, useLoad } from "./use-load.ts";

/** The providers page. */
export function ProvidersPage() {
  const health = useLoad((signal) => adminRequest("/health", healthSchema, { signal }), "health");
  return (
    <section aria-labelledby="providers-title">
      <div class="page-head">
        <h1 id="providers-title">Providers</h1>
        <button type="button" onClick={health.reload}>
          Refresh
        </button>
      </div>
      {health.error && <p role="alert">{health.error}</p>}
      {health.data && (
        <p role="status" class={health.data.ready ? "ok" : "bad"}>
          {health.data.ready
            ? "Ready: every plan has a provider."
            : "Not ready: some plan has no provider that can serve it."}
          {health.data.checkedAt && ` Checked ${formatTime(health.data.checkedAt)}.`}
        </p>
      )}
      <DataTable
        caption="Targets"
        columns={[
          "Target",
          "Provider",
          "Region",
          "Breaker",
          "Requests (24 h)",
          "Errors (24 h)",
          "TTFT p50 / p95",
          "In flight",
        ]}
      >
        {health.data?.targets.map((target) => (
          <TargetRow key={target.id} target={target} />
        ))}
      </DataTable>
      <h2>Recent failures</h2>
      <Failures targets={health.data?.targets ?? []} />
      <RoutingExplainer />
    </section>
  );
}

function TargetRow({ target }: { target: Target }) {
  const last = target.last24h;
  return (
    <tr>
      <th scope="row">{target.id}</th>
      <td>{target.provider}</td>
      <td>{target.region ?? "–"}</td>
      <td>
        <span class={`state state-${target.state}`}>
          {target.configured === false ? "not configured" : target.state}
        </span>
        {target.openUntil && <span class="note"> until {formatTime(target.openUntil)}</span>}
      </td>
      <td>{last ? formatCount(last.requests) : "–"}</td>
      <td>{last ? formatRate(last.errors, last.requests) : "–"}</td>
      <td>{last ? `${formatMs(last.ttftP50Ms)} / ${formatMs(last.ttftP95Ms)}` : "–"}</td>
      <td>
        {target.concurrency
          ? `${target.concurrency.inUse}${target.concurrency.max == null ? "" : ` of ${target.concurrency.max}`}`
          : "–"}
      </td>
    </tr>
  );
}

function Failures({ targets }: { targets: Target[] }) {
  const failures = targets
    .flatMap((target) => (target.recentFailures ?? []).map((failure) => ({ ...failure, target: target.id })))
    .sort((a, b) => b.at.localeCompare(a.at));
  if (failures.length === 0) return <p>No recent failures.</p>;
  return (
    <ul class="failures" aria-label="Recent failures">
      {failures.slice(0, 50).map((failure) => (
        <li key={`${failure.target}-${failure.at}-${failure.reason}`}>
          <time dateTime={failure.at}>{formatTime(failure.at)}</time> <strong>{failure.target}</strong>:{" "}
          {failure.reason}
        </li>
      ))}
    </ul>
  );
}

function RoutingExplainer() {
  const [explanation, setExplanation] = useState<Explanation | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const explain = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const params = { plan: text(form, "plan"), model: text(form, "model"), country: text(form, "country") };
    setProblem(null);
    adminRequest(`/routing/explain${query(params)}`, explanationSchema).then(setExplanation, (error: unknown) => {
      setExplanation(null);
      setProblem(errorText(error));
    });
  };
  return (
    <section class="card" aria-labelledby="explain-title">
      <h2 id="explain-title">Routing explainer</h2>
      <form class="row" onSubmit={explain} aria-label="Explain a route">
        <label class="field">
          <span>Plan</span>
          <input name="plan" defaultValue="free" required />
        </label>
        <label class="field">
          <span>Model</span>
          <input name="model" defaultValue="deepseek-flash" required />
        </label>
        <label class="field">
          <span>Country</span>
          <input name="country" placeholder="DE" maxLength={2} size={4} autoComplete="off" />
        </label>
        <button type="submit">Explain</button>
      </form>
      {problem && <p role="alert">{problem}</p>}
      {explanation && (
        <div aria-live="polite">
          {explanation.refusal && (
            <p class="bad">
              Refused ({explanation.refusal.status} {explanation.refusal.code}): {explanation.refusal.message}
            </p>
          )}
          {explanation.residency && <p>Residency rule: {explanation.residency}</p>}
          <h3>Chain</h3>
          {explanation.chain.length === 0 ? (
            <p>No target can serve this request.</p>
          ) : (
            <ol aria-label="Chain">
              {explanation.chain.map((target) => (
                <li key={target.id}>
                  <strong>{target.id}</strong> ({target.provider}, {target.model}, region {target.region})
                  {target.probing && " — probing a half-open breaker"}
                </li>
              ))}
            </ol>
          )}
          <h3>Exclusions</h3>
          {explanation.excluded.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul aria-label="Exclusions">
              {explanation.excluded.map((exclusion) => (
                <li key={exclusion.target}>
                  <strong>{exclusion.target}</strong>: {exclusion.rule} — {exclusion.detail}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

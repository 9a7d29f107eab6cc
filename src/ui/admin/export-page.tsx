// Usage export: the rollup rows of a range as CSV, downloaded straight from the admin API (the cookie goes along).
import { useState } from "preact/hooks";
import { query } from "./admin-api.ts";

const day = 86_400_000;

function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The export page. */
export function ExportPage() {
  const [group, setGroup] = useState<"day" | "hour">("day");
  const [start, setStart] = useState(isoDate(Date.now() - 30 * day));
  const [end, setEnd] = useState(isoDate(Date.now()));
  // The end date is inclusive: ask up to its last moment.
  const href = `/admin/api/usage.csv${query({ group, start, end: end ? `${end}T23:59:59Z` : undefined })}`;
  return (
    <section aria-labelledby="export-title">
      <h1 id="export-title">Usage export</h1>
      <p>
        One CSV row per rollup row (per key, site, model, provider and surface): requests, tokens, spend, errors and
        time to first token. Hourly rows cover at most 31 days.
      </p>
      <form class="card row" aria-label="Export range" onSubmit={(event) => event.preventDefault()}>
        <label class="field">
          <span>Rows per</span>
          <select value={group} onChange={(event) => setGroup(event.currentTarget.value === "hour" ? "hour" : "day")}>
            <option value="day">day</option>
            <option value="hour">hour</option>
          </select>
        </label>
        <label class="field">
          <span>From</span>
          <input type="date" value={start} onInput={(event) => setStart(event.currentTarget.value)} required />
        </label>
        <label class="field">
          <span>To</span>
          <input type="date" value={end} onInput={(event) => setEnd(event.currentTarget.value)} required />
        </label>
        <a class="button" href={href} download>
          Download CSV
        </a>
      </form>
    </section>
  );
}

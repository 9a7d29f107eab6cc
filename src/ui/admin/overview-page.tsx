// Overview: requests, tokens, spend, error rate and time to first token over time, by surface and provider.
// Everything comes from GET /admin/api/usage, which reads the hourly/daily rollups (never raw usage rows).

import { useMemo, useState } from "preact/hooks";
import { adminRequest, query } from "./admin-api.ts";
import { DataTable } from "./data-table.tsx";
import { bucketSeconds, formatCompact, formatCount, formatMs, formatRate, formatUsd } from "./format.ts";
import { type UsageMetrics, type UsageReport, usageReportSchema } from "./schemas.ts";
import { type ChartSeries, TimeChart } from "./time-chart.tsx";
import { rangeBounds, TIME_RANGES, type TimeRange, TimeRangePicker } from "./time-range.tsx";
import { useLoad } from "./use-load.ts";

const SURFACES = ["site", "widget", "api"] as const;

const formatters = {
  count: (value: number) => formatCompact(value),
  usd: (value: number) => `$${value.toFixed(value !== 0 && Math.abs(value) < 1 ? 4 : 2)}`,
  percent: (value: number) => `${value.toFixed(1)}%`,
  ms: (value: number) => `${Math.round(value)} ms`,
};

/**
 * Charts read rollups only; the hourly job recomputes the last hours from raw rows, so a refresh runs it first
 * (idempotent) and then reloads. A failure there still reloads what the rollups already hold.
 */
function rollUpNow(): Promise<unknown> {
  return adminRequest("/upkeep/run", null, { method: "POST", body: { job: "hourly" } });
}

/** The overview page. */
export function OverviewPage() {
  const [range, setRange] = useState<TimeRange>(TIME_RANGES[0] as TimeRange);
  const report = useLoad(
    (signal) =>
      adminRequest(`/usage${query({ group: range.group, ...rangeBounds(range) })}`, usageReportSchema, { signal }),
    range.id,
  );
  return (
    <section aria-labelledby="overview-title">
      <div class="page-head">
        <h1 id="overview-title">Overview</h1>
        <TimeRangePicker value={range} onChange={setRange} />
        <button type="button" onClick={() => void rollUpNow().finally(report.reload)}>
          Refresh
        </button>
      </div>
      {report.error && <p role="alert">{report.error}</p>}
      {report.loading && !report.data && <p>Loading…</p>}
      {report.data && <Report report={report.data} hourly={range.group === "hour"} />}
    </section>
  );
}

function Report({ report, hourly }: { report: UsageReport; hourly: boolean }) {
  const charts = useMemo(() => chartsOf(report), [report]);
  const { totals } = report;
  return (
    <>
      <dl class="totals" aria-label="Totals for the range">
        <Total name="Requests" value={formatCount(totals.requests)} />
        <Total name="Prompt tokens" value={formatCompact(totals.promptTokens)} />
        <Total name="Cached tokens" value={formatCompact(totals.cachedTokens)} />
        <Total name="Completion tokens" value={formatCompact(totals.completionTokens)} />
        <Total name="Reasoning tokens" value={formatCompact(totals.reasoningTokens)} />
        <Total name="Spend" value={formatUsd(totals.spendMicros)} />
        <Total name="Error rate" value={formatRate(totals.errors, totals.requests)} />
        <Total name="TTFT p50 / p95" value={`${formatMs(totals.ttftP50Ms)} / ${formatMs(totals.ttftP95Ms)}`} />
      </dl>
      {totals.requests === 0 && (
        <p class="note">No usage in this range yet. Usage appears after the hourly rollup has run.</p>
      )}
      <div class="charts">
        {[
          { title: "Requests by surface", series: charts.requests, format: formatters.count },
          { title: "Tokens", series: charts.tokens, format: formatters.count },
          { title: "Spend by provider (USD)", series: charts.spend, format: formatters.usd },
          { title: "Error rate", series: charts.errorRate, format: formatters.percent },
          { title: "Time to first token", series: charts.ttft, format: formatters.ms },
        ].map((chart) => (
          <TimeChart key={chart.title} {...chart} x={charts.x} hourly={hourly} />
        ))}
      </div>
      <Breakdown title="By surface" rows={totals.bySurface} />
      <Breakdown title="By provider" rows={totals.byProvider} />
    </>
  );
}

function Total({ name, value }: { name: string; value: string }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** A table of totals per surface or provider. */
function Breakdown({ title, rows }: { title: string; rows: Record<string, UsageMetrics> }) {
  const entries = Object.entries(rows).sort(([, a], [, b]) => b.requests - a.requests);
  return (
    <DataTable
      caption={title}
      columns={[
        "Name",
        "Requests",
        "Prompt",
        "Cached",
        "Completion",
        "Reasoning",
        "Spend",
        "Errors",
        "TTFT p50",
        "TTFT p95",
      ]}
      empty={entries.length === 0 ? "Nothing in this range." : undefined}
    >
      {entries.map(([name, metrics]) => (
        <tr key={name}>
          <th scope="row">{name}</th>
          <td>{formatCount(metrics.requests)}</td>
          <td>{formatCount(metrics.promptTokens)}</td>
          <td>{formatCount(metrics.cachedTokens)}</td>
          <td>{formatCount(metrics.completionTokens)}</td>
          <td>{formatCount(metrics.reasoningTokens)}</td>
          <td>{formatUsd(metrics.spendMicros)}</td>
          <td>{formatRate(metrics.errors, metrics.requests)}</td>
          <td>{formatMs(metrics.ttftP50Ms)}</td>
          <td>{formatMs(metrics.ttftP95Ms)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

type Charts = {
  x: number[];
  requests: ChartSeries[];
  tokens: ChartSeries[];
  spend: ChartSeries[];
  errorRate: ChartSeries[];
  ttft: ChartSeries[];
};

function chartsOf(report: UsageReport): Charts {
  const rows = report.data;
  const providers = [...new Set(rows.flatMap((row) => Object.keys(row.byProvider)))].sort();
  const line = (label: string, value: (row: UsageReport["data"][number]) => number | null) => ({
    label,
    values: rows.map(value),
  });
  return {
    x: rows.map((row) => bucketSeconds(row.bucket)),
    requests: SURFACES.map((surface) => line(surface, (row) => row.bySurface[surface]?.requests ?? 0)),
    tokens: [
      line("prompt", (row) => row.promptTokens),
      line("cached", (row) => row.cachedTokens),
      line("completion", (row) => row.completionTokens),
      line("reasoning", (row) => row.reasoningTokens),
    ],
    spend: providers.map((provider) => line(provider, (row) => (row.byProvider[provider]?.spendMicros ?? 0) / 1e6)),
    errorRate: [line("errors", (row) => (row.requests === 0 ? null : (row.errors / row.requests) * 100))],
    ttft: [line("p50", (row) => row.ttftP50Ms ?? null), line("p95", (row) => row.ttftP95Ms ?? null)],
  };
}

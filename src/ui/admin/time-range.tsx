// The time range picker shared by the overview and the export: a few ranges an operator actually looks at.

/** A range the console can chart: hourly buckets up to a week, daily beyond. */
export type TimeRange = { id: string; label: string; hours: number; group: "hour" | "day" };

/** The ranges on offer. */
export const TIME_RANGES: TimeRange[] = [
  { id: "24h", label: "Last 24 hours", hours: 24, group: "hour" },
  { id: "7d", label: "Last 7 days", hours: 7 * 24, group: "hour" },
  { id: "30d", label: "Last 30 days", hours: 30 * 24, group: "day" },
  { id: "90d", label: "Last 90 days", hours: 90 * 24, group: "day" },
];

/** The range's `start` and `end` query values, ending now. */
export function rangeBounds(range: TimeRange, now = Date.now()): { start: string; end: string } {
  return { start: new Date(now - range.hours * 3_600_000).toISOString(), end: new Date(now).toISOString() };
}

/** A labelled select of TIME_RANGES. */
export function TimeRangePicker({ value, onChange }: { value: TimeRange; onChange(range: TimeRange): void }) {
  return (
    <label class="field inline">
      <span>Time range</span>
      <select
        value={value.id}
        onChange={(event) => {
          const picked = TIME_RANGES.find((range) => range.id === event.currentTarget.value);
          if (picked) onChange(picked);
        }}
      >
        {TIME_RANGES.map((range) => (
          <option key={range.id} value={range.id}>
            {range.label}
          </option>
        ))}
      </select>
    </label>
  );
}

// Line charts for the overview, drawn with uPlot. Why uPlot: 22.5 KB gzipped with no dependencies (measured,
// minified by our build), one canvas per chart, and per its README a 166,650-point chart from a cold start in
// 25 ms and a 3,600-point 60 fps stream at 10% CPU where Chart.js and ECharts use 40% and 70% (docs/console.md).
// What a canvas cannot give (text for screen readers), each chart adds as a table under a disclosure.

import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { DataTable } from "./data-table.tsx";

/** One line: its name and one value per x (null = no data in that bucket). */
export type ChartSeries = { label: string; values: Array<number | null> };

/** Props of TimeChart. */
export type TimeChartProps = {
  title: string;
  /** Unix seconds, one per bucket. */
  x: number[];
  series: ChartSeries[];
  /** How a value is written in the legend, axis and table. */
  format: (value: number) => string;
  /** Show hours on the axis (hourly buckets) or dates only. */
  hourly: boolean;
};

const palette = ["#0b57d0", "#b3261e", "#137333", "#a142f4", "#e37400", "#007b83", "#5f6368"];

/** A captioned line chart with its data as a table for keyboard and screen-reader users. */
export function TimeChart({ title, x, series, format, hourly }: TimeChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const width = () => Math.max(280, element.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 220,
        series: [
          { label: "Time", value: (_, value) => (value == null ? "–" : timeLabel(value, hourly)) },
          ...series.map((line, index) => ({
            label: line.label,
            stroke: palette[index % palette.length],
            width: 2,
            points: { show: x.length < 40 },
            value: (_: uPlot, value: number | null) => (value == null ? "–" : format(value)),
          })),
        ],
        axes: [{}, { values: (_, ticks) => ticks.map((tick) => format(tick)), size: 64 }],
        scales: { x: { time: true } },
        // Buckets are UTC hours and days: label the axis in UTC too, like the table.
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
        legend: { live: true },
      },
      [x, ...series.map((line) => line.values)],
      element,
    );
    // The canvas is decoration for assistive technology: the table below carries the same numbers.
    element.querySelector("canvas")?.setAttribute("aria-hidden", "true");
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [x, series, format, hourly]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={holder} class="chart-canvas" />
      <details>
        <summary>{title} as a table</summary>
        <DataTable columns={["Time (UTC)", ...series.map((line) => line.label)]}>
          {x.map((seconds, row) => (
            <tr key={seconds}>
              <th scope="row">{timeLabel(seconds, hourly)}</th>
              {series.map((line) => {
                const value = line.values[row];
                return <td key={line.label}>{value == null ? "–" : format(value)}</td>;
              })}
            </tr>
          ))}
        </DataTable>
      </details>
    </figure>
  );
}

function timeLabel(seconds: number, hourly: boolean): string {
  const iso = new Date(seconds * 1000).toISOString();
  return hourly ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

// The benchmark's output: one table on stdout and the same figures in bench/results.json.
import { writeFileSync } from "node:fs";
import { round } from "./stats.ts";

/** One row of the table. Null values print as "n/a"; `note` says why (e.g. a feature that is missing). */
export type Figure = {
  id: string;
  label: string;
  unit: string;
  gateway: number | null;
  floor: number | null;
  direct?: number | null;
  ratio: number | null;
  target: string;
  met: boolean | null;
  note?: string;
};

/** A figure whose measurement could not run, with the reason shown in the table. */
export function missing(id: string, label: string, unit: string, target: string, note: string): Figure {
  return { id, label, unit, gateway: null, floor: null, ratio: null, target, met: null, note };
}

/** gateway / floor, or null when either is missing. */
export function ratioOf(gateway: number | null, floor: number | null): number | null {
  if (gateway === null || floor === null || !Number.isFinite(gateway) || !Number.isFinite(floor) || floor === 0) {
    return null;
  }
  return gateway / floor;
}

/** NaN (no successful sample) becomes null so that it prints as n/a instead of a fake number. */
export function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Renders the figures as one fixed-width table; notes (e.g. a missing feature) follow it as footnotes. */
export function renderTable(figures: Figure[]): string {
  const header = ["figure", "unit", "gateway", "floor", "direct", "ratio", "target", "met?"];
  const notes: string[] = [];
  const rows = figures.map((f) => [
    f.note ? `${f.label} [${footnote(notes, f.note)}]` : f.label,
    f.unit,
    show(f.gateway),
    show(f.floor),
    f.direct === undefined ? "" : show(f.direct),
    f.ratio === null ? "n/a" : `${round(f.ratio, 2)}×`,
    f.target,
    f.met === null ? "n/a" : f.met ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ");
  const footnotes = notes.map((note, i) => `[${i + 1}] ${note}`);
  return [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line), ...footnotes].join("\n");
}

/** Writes results.json: the figures plus the run's context (machine, rounds, raw medians). */
export function writeResults(path: string, figures: Figure[], context: Record<string, unknown>): void {
  const clean = figures.map((f) => ({
    ...f,
    gateway: f.gateway === null ? null : round(f.gateway, 3),
    floor: f.floor === null ? null : round(f.floor, 3),
    direct: f.direct === undefined || f.direct === null ? null : round(f.direct, 3),
    ratio: f.ratio === null ? null : round(f.ratio, 3),
  }));
  writeFileSync(
    path,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), ...context, figures: clean }, null, 2)}\n`,
  );
}

function footnote(notes: string[], note: string): number {
  const known = notes.indexOf(note);
  return known >= 0 ? known + 1 : notes.push(note);
}

function show(value: number | null): string {
  if (value === null) return "n/a";
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

// The active language: `t()` looks a key up in its catalog; numbers, dates and relative times are formatted with
// Intl for the same locale. Built in are only the English strings of answers (all the widget needs); the chat site
// activates its whole catalog through `locales.ts` before its first render, so only the active language's catalog
// ever reaches the browser.
import type { AnyCatalog, Catalog, MessageKey, PlaceholdersOf, VarsArgument } from "./catalog.ts";
import enAnswers from "./locales/en-answers.ts";
import type { Message } from "./message.ts";

let activeLocale = "en";
let catalog: AnyCatalog = enAnswers;
let plurals = new Intl.PluralRules(activeLocale);
let numbers = new Intl.NumberFormat(activeLocale);
const listeners = new Set<() => void>();

/** The BCP 47 tag of the active language (as used for `<html lang>` and Intl). */
export function currentLocale(): string {
  return activeLocale;
}

/** Makes `messages` the active catalog for `locale` and tells subscribers (the app re-renders). */
export function activateCatalog(locale: string, messages: Catalog): void {
  activeLocale = locale;
  catalog = messages;
  plurals = new Intl.PluralRules(locale);
  numbers = new Intl.NumberFormat(locale);
  for (const listener of listeners) listener();
}

/** Calls `listener` after each language change; returns the unsubscribe function. */
export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** The text of `key` in the active language, placeholders filled (numbers formatted for the locale). */
export function t<K extends MessageKey>(key: K, ...[vars]: VarsArgument<K>): string {
  const values: Record<string, string | number> = vars ?? {};
  return fill(template(key, values), values);
}

/**
 * Like `t()`, split around the placeholder `name` so the component can wrap that value in markup
 * (`[before, value, after]`, e.g. a live countdown in a sentence whose word order depends on the language).
 */
export function tAround<K extends MessageKey>(
  key: K,
  name: PlaceholdersOf<K>,
  ...[vars]: VarsArgument<K>
): [string, string, string] {
  const values: Record<string, string | number> = vars ?? {};
  const text = template(key, values);
  const marker = `{${name}}`;
  const at = text.indexOf(marker);
  if (at === -1) return [fill(text, values), "", ""];
  return [fill(text.slice(0, at), values), fill(marker, values), fill(text.slice(at + marker.length), values)];
}

function template(key: MessageKey, values: Record<string, string | number>): string {
  // A key outside the active catalog only happens in the widget for a chat-site key: the key beats a crash.
  const message: Message = catalog[key] ?? (enAnswers as AnyCatalog)[key] ?? key;
  return typeof message === "string" ? message : pluralForm(message, values.count);
}

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : typeof value === "number" ? numbers.format(value) : value;
  });
}

function pluralForm(message: Exclude<Message, string>, count: string | number | undefined): string {
  if (typeof count !== "number") return message.other;
  return message[plurals.select(count)] ?? message.other;
}

/** A number in the active locale's notation ("1,234.5", "1 234,5"…). */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return options ? new Intl.NumberFormat(activeLocale, options).format(value) : numbers.format(value);
}

/** A date (epoch milliseconds) in the active locale, by default as a medium date ("Nov 30, 2026", "2026年11月30日"). */
export function formatDate(epochMs: number, options: Intl.DateTimeFormatOptions = { dateStyle: "medium" }): string {
  return new Intl.DateTimeFormat(activeLocale, options).format(epochMs);
}

const relativeSteps: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.35],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** How long ago (or ahead) `epochMs` is, in words of the active locale ("5 minutes ago", "昨天"). */
export function formatRelativeTime(epochMs: number, now = Date.now()): string {
  let amount = (epochMs - now) / 1000;
  let unit: Intl.RelativeTimeFormatUnit = "second";
  for (const [step, size] of relativeSteps) {
    unit = step;
    if (Math.abs(amount) < size) break;
    amount /= size;
  }
  if (unit === "second" && Math.abs(amount) < 45) return t("time.justNow");
  // numeric "auto" says "yesterday" / "昨天" instead of "1 day ago".
  return new Intl.RelativeTimeFormat(activeLocale, { numeric: "auto" }).format(Math.round(amount), unit);
}

// Which languages exist, which one this browser gets (a stored choice, else navigator.languages, else English)
// and loading one: every catalog but English is its own chunk, fetched by dynamic import only when chosen.
import type { Catalog } from "./catalog.ts";
import { activateCatalog } from "./i18n.ts";
import en from "./locales/en.ts";

/**
 * The languages of the site: BCP 47 tag → its own name (shown untranslated, so a reader finds their language) and
 * the loader of its catalog. Adding a language = its catalog file in locales/ plus one line here.
 */
export const locales = {
  en: { name: "English", load: () => Promise.resolve({ default: en }) },
  "zh-CN": { name: "简体中文", load: () => import("./locales/zh-CN.ts") },
} satisfies Record<string, { name: string; load(): Promise<{ default: Catalog }> }>;

/** A supported locale tag. */
export type Locale = keyof typeof locales;

/** localStorage key of the visitor's explicit choice (absent: follow the browser). */
export const LOCALE_STORAGE_KEY = "edgechat.locale";

/** True when `tag` is a supported locale. */
export function isLocale(tag: string | null | undefined): tag is Locale {
  return typeof tag === "string" && Object.hasOwn(locales, tag);
}

/** The supported locale that best matches `preferred` (in order): exact tag first, then the same language. */
export function matchLocale(preferred: readonly string[]): Locale {
  const tags = Object.keys(locales) as Locale[];
  for (const wanted of preferred) {
    const lower = wanted.toLowerCase();
    const exact = tags.find((tag) => tag.toLowerCase() === lower);
    if (exact) return exact;
    const language = lower.split("-")[0];
    const sameLanguage = tags.find((tag) => tag.toLowerCase().split("-")[0] === language);
    if (sameLanguage) return sameLanguage;
  }
  return "en";
}

/** The visitor's stored choice, or null when they follow the browser's language. */
export function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/** The language to show: the stored choice, else the browser's preferred languages. */
export function detectLocale(): Locale {
  return storedLocale() ?? matchLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

/** Loads and activates `locale` and sets `<html lang>`; if its chunk cannot load (offline), English stays. */
export async function applyLocale(locale: Locale): Promise<Locale> {
  try {
    const { default: catalog } = await locales[locale].load();
    activateCatalog(locale, catalog);
  } catch {
    activateCatalog("en", en);
    locale = "en";
  }
  document.documentElement.lang = locale;
  return locale;
}

/** Remembers `locale` as the visitor's choice (null: follow the browser again) and switches to it. */
export function chooseLocale(locale: Locale | null): Promise<Locale> {
  try {
    if (locale) localStorage.setItem(LOCALE_STORAGE_KEY, locale);
    else localStorage.removeItem(LOCALE_STORAGE_KEY);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  return applyLocale(locale ?? detectLocale());
}

// Re-renders a component (the app root, so the whole tree) when the active language changes.
import { useEffect, useState } from "preact/hooks";
import { currentLocale, onLocaleChange } from "./i18n.ts";

/** The active locale tag; the calling component re-renders after each change. */
export function useLocale(): string {
  const [locale, setLocale] = useState(currentLocale);
  useEffect(() => onLocaleChange(() => setLocale(currentLocale())), []);
  return locale;
}

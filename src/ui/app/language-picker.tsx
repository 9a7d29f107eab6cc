// The language select: "Browser default" follows navigator.languages; a language chosen here is remembered and
// wins over the browser's. Each language is named in itself (English, 简体中文) so anyone finds theirs.
import { useState } from "preact/hooks";
import { t } from "../i18n/i18n.ts";
import { chooseLocale, isLocale, type Locale, locales, storedLocale } from "../i18n/locales.ts";

/** A labelled <select> of the site's languages. */
export function LanguagePicker() {
  const [choice, setChoice] = useState<Locale | "">(() => storedLocale() ?? "");
  return (
    <label class="theme-picker">
      {t("language.label")}
      <select
        value={choice}
        onChange={(event) => {
          const value = event.currentTarget.value;
          const next = isLocale(value) ? value : null;
          setChoice(next ?? "");
          void chooseLocale(next);
        }}
      >
        <option value="">{t("language.browser")}</option>
        {Object.entries(locales).map(([tag, { name }]) => (
          <option key={tag} value={tag} lang={tag}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

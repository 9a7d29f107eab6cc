// Light / dark / system theme, remembered per browser; "system" follows prefers-color-scheme via CSS.

/** The visitor's theme choice. */
export type ThemeChoice = "system" | "light" | "dark";

const KEY = "edgechat.theme";

/** The stored choice (default: system). */
export function storedTheme(): ThemeChoice {
  const value = safeGet(KEY);
  return value === "light" || value === "dark" ? value : "system";
}

/** Applies and remembers a choice; CSS reads `data-theme` on <html>. */
export function applyTheme(choice: ThemeChoice): void {
  if (choice === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  try {
    localStorage.setItem(KEY, choice);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

/** localStorage read that survives disabled storage. */
export function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

// Entry point of the chat site bundle (public/assets/app.js).
import { render } from "preact";
import { applyLocale, detectLocale } from "../i18n/locales.ts";
import { App } from "./app.tsx";
import { applyTheme, storedTheme } from "./theme.ts";

applyTheme(storedTheme());
// The active language's catalog loads before the first render, so nobody sees English flash first.
await applyLocale(detectLocale());
const root = document.getElementById("app");
if (root) {
  root.replaceChildren();
  render(<App />, root);
  document.documentElement.dataset.ready = "true";
}

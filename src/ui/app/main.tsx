// Entry point of the chat site bundle (public/assets/app.js).
import { render } from "preact";
import { App } from "./app.tsx";
import { registerServiceWorker } from "./offline.tsx";
import { applyTheme, storedTheme } from "./theme.ts";

applyTheme(storedTheme());
const root = document.getElementById("app");
if (root) {
  root.replaceChildren();
  render(<App />, root);
  document.documentElement.dataset.ready = "true";
}
registerServiceWorker();

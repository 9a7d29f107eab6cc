// Entry point of the operator console bundle (public/assets/admin.js), loaded only by /admin.
import { render } from "preact";
import { ConsoleApp } from "./console-app.tsx";

const root = document.getElementById("admin");
if (root) {
  root.replaceChildren();
  render(<ConsoleApp />, root);
  document.documentElement.dataset.ready = "true";
}

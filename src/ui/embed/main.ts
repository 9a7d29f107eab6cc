// /assets/embed.js: the widget's iframe app (page /embed/:siteKey).
import { h, render } from "preact";
import { EmbedApp } from "./embed-app.tsx";
import { createEmbedClient } from "./embed-client.ts";
import { readEmbedConfig } from "./embed-config.ts";
import { openEmbedStorage } from "./embed-storage.ts";
import { parentChannel } from "./parent-channel.ts";

const config = readEmbedConfig(document.body);
// The site's colour through the CSSOM (allowed by our CSP, unlike a style attribute in the markup).
if (/^#[0-9a-fA-F]{3,6}$/.test(config.color)) {
  document.documentElement.style.setProperty("--accent", config.color);
  document.documentElement.style.setProperty("--focus", config.color);
}
const channel = parentChannel(config.parentOrigin);
const storage = await openEmbedStorage(config.siteKey, channel, { type: "ready", title: config.title });
const client = createEmbedClient(config.siteKey, storage);
const root = document.createElement("div");
root.id = "embed";
document.body.append(root);
render(h(EmbedApp, { config, client, channel }), root);

import type { AppConfig } from "../../config/config.ts";
import { embeddingModels } from "../../inference/routing/embedding-models.ts";
import { escapeHtml } from "../../lib/escape-html.ts";
import { priceOf } from "../../metering/price-table.ts";
import { planOf } from "../../plans.ts";

const number = (value: number) => value.toLocaleString("en-US");
const dollars = (value: number) => `$${value.toFixed(value < 0.1 ? 4 : 2)}`;

/** The chat models in the order the partner plan lists them, then any others the policy defines. */
export function catalogModelIds(config: AppConfig): string[] {
  const policy = config.routingPolicy;
  const listed = policy.plans.partner?.models ?? [];
  return [...new Set([...listed, ...Object.keys(policy.models)])].filter((id) => policy.models[id]?.listed !== false);
}

/** The model catalog as HTML tables, rendered from the routing policy, the price table and the embedding table. */
export function renderCatalog(config: AppConfig): string {
  const policy = config.routingPolicy;
  const chatRows = catalogModelIds(config).map((id) => {
    const spec = policy.models[id];
    if (!spec) return "";
    const price = priceOf(id, null);
    const plans = Object.entries(policy.plans)
      .filter(([, plan]) => plan.models.includes(id))
      .map(([name]) => name)
      .join(", ");
    const can = spec.capabilities;
    const features = [
      can.thinking ? `thinking (${can.efforts.join(", ") || "on/off"})` : null,
      can.tools ? "tools" : null,
      can.json ? "JSON" : null,
      can.vision ? "images" : null,
      can.fim ? "FIM" : null,
    ].filter(Boolean);
    return `<tr><td><code>${escapeHtml(id)}</code></td><td>${escapeHtml(spec.label)}</td><td>${escapeHtml(features.join(", "))}</td><td>${number(spec.contextTokens)}</td><td>${number(spec.maxOutputTokens)}</td><td>${dollars(price.cacheHitInput)} / ${dollars(price.cacheMissInput)}</td><td>${dollars(price.output)}</td><td>${escapeHtml(plans)}</td></tr>`;
  });
  const aliasRows = Object.entries(policy.aliases).map(
    ([id, alias]) =>
      `<tr><td><code>${escapeHtml(id)}</code></td><td><code>${escapeHtml(alias.model)}</code></td><td>${alias.thinking ? "on" : "off"}</td><td>${escapeHtml(alias.description)}</td></tr>`,
  );
  const embeddingRows = Object.values(embeddingModels).map(
    (model) =>
      `<tr><td><code>${escapeHtml(model.id)}</code></td><td>${escapeHtml(model.label)}</td><td>${model.workersAi ? `<code>${escapeHtml(model.workersAi)}</code>` : "self-hosted only"}</td><td>${number(model.dimensions)}</td><td>${number(model.maxInputTokens)}</td><td>${dollars(model.pricePerMillion)}</td></tr>`,
  );
  return `<h3>Chat models</h3>
<p>Every chat model works on <code>/v1/chat/completions</code>, <code>/v1/responses</code> and <code>/v1/messages</code> with tools, streaming and structured outputs. Prices are US dollars per million tokens.</p>
<div class="table-scroll"><table><thead><tr><th>Model</th><th>Name</th><th>Capabilities</th><th>Context</th><th>Max output</th><th>Input (cache hit / miss)</th><th>Output</th><th>Plans</th></tr></thead><tbody>${chatRows.join("")}</tbody></table></div>
<h3>Aliases</h3>
<p>Older names that keep working: each stands for a catalog model with thinking on or off unless the request says otherwise.</p>
<div class="table-scroll"><table><thead><tr><th>Alias</th><th>Model</th><th>Thinking</th><th>Notes</th></tr></thead><tbody>${aliasRows.join("")}</tbody></table></div>
<h3>Embedding models</h3>
<div class="table-scroll"><table><thead><tr><th>Model</th><th>Name</th><th>Workers AI</th><th>Dimensions</th><th>Max input tokens</th><th>Input</th></tr></thead><tbody>${embeddingRows.join("")}</tbody></table></div>`;
}

/** Each plan's default rate limits (a key may have its own). */
export function renderLimits(config: AppConfig): string {
  const rows = Object.entries(config.routingPolicy.plans).map(([name, plan]) => {
    const limits = planOf(name).api;
    return `<tr><td>${escapeHtml(name)}</td><td>${number(limits.rpm)}</td><td>${number(limits.tpm)}</td><td>${number(plan.maxOutputTokens)}</td><td>${number(plan.contextTokens)}</td></tr>`;
  });
  return `<div class="table-scroll"><table><thead><tr><th>Plan</th><th>Requests / minute</th><th>Tokens / minute</th><th>Max output</th><th>Context</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

// Model picker: one select built from the catalog (/api/models), and the DeepThink toggle, which switches
// thinking on the same model (as chat.deepseek.com does) when the model has the switch.

import type { ModelInfo } from "../../contract/site-api.ts";
import { t } from "../i18n/i18n.ts";
import { safeGet } from "./theme.ts";

const MODEL_KEY = "edgechat.model";
const THINKING_KEY = "edgechat.thinking";

/** What the next message is sent with: a model of the plan and the DeepThink switch. */
export type ModelChoice = { model: string; thinking: boolean };

/**
 * The stored choice if the model is still allowed, else the plan's first model with DeepThink off: quick answers
 * first, reasoning when the visitor asks for it (as chat.deepseek.com does).
 */
export function preferredChoice(models: ModelInfo[]): ModelChoice {
  const stored = safeGet(MODEL_KEY);
  const model = models.find((candidate) => candidate.id === stored) ?? models[0];
  return { model: model?.id ?? "deepseek-flash", thinking: safeGet(THINKING_KEY) === "1" };
}

/** Remembers the choice for the next visit. */
export function rememberChoice(choice: ModelChoice): void {
  try {
    localStorage.setItem(MODEL_KEY, choice.model);
    localStorage.setItem(THINKING_KEY, choice.thinking ? "1" : "0");
  } catch {
    // storage disabled
  }
}

/** True when `model` has the thinking switch (a model without it never thinks). */
export function canThink(models: ModelInfo[], model: string): boolean {
  return models.find((candidate) => candidate.id === model)?.capabilities?.thinking === true;
}

/** A model select (when the plan has several) and the DeepThink toggle (when the model can think). */
export function ModelPicker({
  models,
  choice,
  onChoice,
}: {
  models: ModelInfo[];
  choice: ModelChoice;
  onChoice(choice: ModelChoice): void;
}) {
  const current = models.find((candidate) => candidate.id === choice.model);
  const thinkable = canThink(models, choice.model);
  return (
    <div class="model-picker">
      {models.length > 1 ? (
        <select
          aria-label={t("model.label")}
          value={choice.model}
          title={current?.description}
          onChange={(event) => onChoice({ ...choice, model: event.currentTarget.value })}
        >
          {models.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.label}
            </option>
          ))}
        </select>
      ) : null}
      {thinkable ? (
        <button
          type="button"
          class="toggle"
          aria-pressed={choice.thinking}
          title={t("model.deepThinkHint", { model: current?.label ?? t("model.theModel") })}
          onClick={() => onChoice({ ...choice, thinking: !choice.thinking })}
        >
          {t("model.deepThink")}
        </button>
      ) : null}
    </div>
  );
}

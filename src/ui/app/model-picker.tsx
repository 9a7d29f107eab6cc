// Model picker: the chat model and the "DeepThink" reasoning model, only what the visitor's plan allows.
import type { ModelInfo } from "../shared/types.ts";
import { safeGet } from "./theme.ts";

const KEY = "edgechat.model";

/** The model to use: the stored choice if still allowed, else the first chat model. */
export function preferredModel(models: ModelInfo[]): string {
  const stored = safeGet(KEY);
  if (stored && models.some((model) => model.id === stored)) return stored;
  return (models.find((model) => !model.reasoning) ?? models[0])?.id ?? "deepseek-chat";
}

/** Remembers the choice for the next visit. */
export function rememberModel(id: string): void {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // storage disabled
  }
}

/** A chat-model select (when there are several) and the DeepThink toggle (when the plan has a reasoning model). */
export function ModelPicker({
  models,
  model,
  onModel,
}: {
  models: ModelInfo[];
  model: string;
  onModel(id: string): void;
}) {
  const chatModels = models.filter((candidate) => !candidate.reasoning);
  const reasoningModel = models.find((candidate) => candidate.reasoning);
  const current = models.find((candidate) => candidate.id === model);
  const thinking = current?.reasoning === true;
  const chatModel = thinking ? (chatModels[0]?.id ?? model) : model;
  return (
    <div class="model-picker">
      {chatModels.length > 1 ? (
        <select
          aria-label="Chat model"
          value={chatModel}
          disabled={thinking}
          onChange={(event) => onModel(event.currentTarget.value)}
        >
          {chatModels.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.label}
            </option>
          ))}
        </select>
      ) : null}
      {reasoningModel ? (
        <button
          type="button"
          class="toggle"
          aria-pressed={thinking}
          title={`Reason step by step with ${reasoningModel.label}`}
          onClick={() => onModel(thinking ? chatModel : reasoningModel.id)}
        >
          DeepThink
        </button>
      ) : null}
    </div>
  );
}

import { AppError } from "../../http/app-error.ts";
import type { InternalMessage } from "../internal-request.ts";
import type { ResolvedItem } from "./input-items.ts";
import type { InputItem, ResponsesBody } from "./request-schema.ts";
import { loadConversation, loadResponse, responseIdOf, type StorableResponse } from "./response-store.ts";

/** The conversation a request continues and its items with every `item_reference` replaced by the stored item. */
export type ResolvedInput = { previous: InternalMessage[]; items: ResolvedItem[] };

/** Loads `previous_response_id` and referenced items from the key's stored responses (404-free: a 400 naming the field). */
export async function resolveInput(db: D1Database, apiKeyId: string, request: ResponsesBody): Promise<ResolvedInput> {
  const cache = new Map<string, StorableResponse | null>();
  const load = async (id: string) => {
    if (!cache.has(id)) cache.set(id, await loadResponse(db, apiKeyId, id));
    return cache.get(id) ?? null;
  };
  let previous: InternalMessage[] = [];
  const previousId = request.previous_response_id;
  if (previousId) {
    const loaded = await loadConversation(db, apiKeyId, previousId);
    if (!loaded.found) {
      const message =
        loaded.reason === "missing"
          ? `Previous response with id '${previousId}' not found.`
          : `Previous response with id '${previousId}' cannot be continued: an earlier response in it was deleted.`;
      throw new AppError(400, message, { code: "previous_response_not_found", param: "previous_response_id" });
    }
    previous = loaded.messages;
  }
  const input: InputItem[] =
    typeof request.input === "string" ? [{ role: "user", content: request.input }] : request.input;
  const items: ResolvedItem[] = [];
  for (const [index, item] of input.entries()) {
    if (item.type !== "item_reference") {
      items.push(item as ResolvedItem);
      continue;
    }
    const responseId = await responseIdOf(db, apiKeyId, item.id);
    const stored = responseId ? await load(responseId) : null;
    const found = stored?.output.find((candidate) => candidate.id === item.id);
    if (!found) {
      throw new AppError(400, `Item with id '${item.id}' not found.`, {
        code: "item_not_found",
        param: `input[${index}].id`,
      });
    }
    items.push(found as ResolvedItem);
  }
  return { previous, items };
}

import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { apiKey } from "../../keys/api-key.ts";
import { chatCompletions } from "./chat-completions.ts";
import { completions } from "./completions.ts";
import { embeddings } from "./embeddings.ts";
import { messages } from "./messages.ts";
import { models } from "./models.ts";
import { responses } from "./responses.ts";
import { usage } from "./usage.ts";

/** The OpenAI-compatible partner API: every route needs a partner key (unknown paths fall through to a 404). */
export const v1 = new Hono<AppEnv>();

const authenticate = apiKey();
for (const path of [
  "/chat/completions",
  "/completions",
  "/embeddings",
  "/messages",
  "/messages/*",
  "/responses",
  "/responses/*",
  "/models",
  "/models/*",
  "/usage",
]) {
  v1.use(path, authenticate);
}
v1.route("/chat/completions", chatCompletions);
v1.route("/completions", completions);
v1.route("/embeddings", embeddings);
v1.route("/messages", messages);
v1.route("/models", models);
v1.route("/responses", responses);
v1.route("/usage", usage);

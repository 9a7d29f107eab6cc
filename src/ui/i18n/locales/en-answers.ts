// The English strings of answers and code blocks (shared/message-view.tsx, shared/markdown.ts), part of en.ts.
// They are a module of their own because the widget shows answers too: its bundle carries these few strings, not
// the chat site's whole catalog (the widget's iframe app has a 40 KB budget). Other languages keep them in their
// one catalog file like any other key.
import type { Message } from "../message.ts";

const enAnswers = {
  "message.thinking": "Thinking…",
  "message.thoughtMoment": "Thought for a moment",
  "message.thoughtFor": { one: "Thought for {count} second", other: "Thought for {count} seconds" },
  "message.substitute": "Answered by {substitute}: {requested} was unavailable.",
  "message.chosenModel": "the model you chose",
  "message.servedBy": "Served by {provider} · {model}",
  "message.simulated": "simulated model",
  "message.answer": "Answer",
  "message.yours": "Your message",
  "message.waiting": "Waiting for the answer",
  "message.stopped": "Stopped.",
  "message.unavailable": "The model is unavailable right now. Try again in a moment.",
  "message.failed": "The answer failed.",
  "code.copy": "Copy",
  "code.copyLabel": "Copy {language} code",
  "code.copied": "Copied",
  "code.copyFailed": "Copy failed",
} as const satisfies Record<string, Message>;

export default enAnswers;

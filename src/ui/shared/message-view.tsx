// The message and reasoning views shared by the chat site, the shared page and the widget.

import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { LiveServed, Message } from "../../contract/site-api.ts";
import { t } from "../i18n/i18n.ts";
import { type StreamingTurn, thoughtSeconds } from "./live-state.ts";
import { handleCodeCopyClick, StreamingMarkdown } from "./markdown.ts";
import { modelLabel } from "./model-labels.ts";

/** Markdown that may still be growing: only the changed trailing blocks are rebuilt on each update. */
export function MarkdownContent({ text }: { text: string }) {
  const container = useRef<HTMLDivElement>(null);
  const view = useRef<StreamingMarkdown | null>(null);
  useLayoutEffect(() => {
    if (!container.current) return;
    view.current ??= new StreamingMarkdown(container.current);
    view.current.update(text);
  }, [text]);
  useLayoutEffect(() => {
    // Delegated: the copy buttons are real <button>s created by the renderer, so keyboards reach them too.
    const element = container.current;
    element?.addEventListener("click", handleCodeCopyClick);
    return () => element?.removeEventListener("click", handleCodeCopyClick);
  }, []);
  return <div class="markdown" ref={container} />;
}

/** Props of `ReasoningPanel`. */
export type ReasoningPanelProps = { reasoning: string; thinking: boolean; seconds: number | null; id: string };

/** "Thinking…" streams live; once the answer starts it collapses to "Thought for N seconds", expandable. */
export function ReasoningPanel({ reasoning, thinking, seconds, id }: ReasoningPanelProps) {
  const [choice, setChoice] = useState<boolean | null>(null);
  const expanded = choice ?? thinking;
  const label = thinking
    ? t("message.thinking")
    : seconds === null
      ? t("message.thoughtMoment")
      : t("message.thoughtFor", { count: seconds });
  const panelId = `reasoning-${id}`;
  return (
    <div class={`reasoning${thinking ? " is-thinking" : ""}`}>
      <button
        type="button"
        class="reasoning-toggle"
        aria-expanded={expanded}
        aria-controls={panelId}
        onClick={() => setChoice(!expanded)}
      >
        <span class="chevron" aria-hidden="true" />
        {label}
      </button>
      <div id={panelId} class="reasoning-text" hidden={!expanded}>
        {reasoning}
      </div>
    </div>
  );
}

/** "Answered by Llama 3.3 70B: DeepSeek V4.1 Flash was unavailable", when a substitute answered. */
export function SubstituteNote({ served, requested }: { served: LiveServed; requested: string | null }) {
  if (!served.servedAs) return null;
  const asked = requested ? modelLabel(requested) : t("message.chosenModel");
  return (
    <p class="note note-substitute" role="note">
      {t("message.substitute", { substitute: modelLabel(served.servedAs), requested: asked })}
    </p>
  );
}

/** "LiveServed by …" line with the simulator badge. */
export function ServedLine({ served }: { served: LiveServed }) {
  return (
    <p class="served">
      <span>
        {t("message.servedBy", { provider: served.provider, model: served.model })}
        {served.region ? ` · ${served.region}` : ""}
      </span>
      {served.simulated ? <span class="badge badge-sim">{t("message.simulated")}</span> : null}
    </p>
  );
}

/** Props of `AssistantMessageView`. */
export type AssistantMessageViewProps = {
  id: string;
  content: string;
  reasoning: string;
  streaming: boolean;
  reasoningSeconds: number | null;
  served: LiveServed | null;
  /** The public model the answer was asked of (for the substitute notice). */
  requestedModel?: string | null;
  status: "complete" | "stopped" | "error" | "streaming";
  error?: { code: string; message: string } | null;
  /** Say who served the answer (the chat site does; a widget only when its owner wants it). */
  showServed?: boolean;
  children?: ComponentChildren;
};

/** Who served a stored message, or null before anyone did. */
export function servedOf(message: Message): LiveServed | null {
  return message.provider && message.servedModel
    ? {
        provider: message.provider,
        model: message.servedModel,
        region: message.region,
        simulated: message.simulated,
        servedAs: message.servedAs,
      }
    : null;
}

/** An assistant message as stored, or, while its turn is live, as streamed so far (site and widget alike). */
export function AnswerView({
  message,
  live,
  showServed = true,
  children,
}: {
  message: Message;
  live: StreamingTurn | null;
  showServed?: boolean;
  children?: ComponentChildren;
}) {
  // A live turn shows what has streamed so far; otherwise the stored message as it ended.
  const shown = live
    ? {
        content: live.content,
        reasoning: live.reasoning,
        streaming: live.status === "streaming",
        reasoningSeconds: thoughtSeconds(null, live),
        served: live.served,
        status: live.status,
      }
    : {
        content: message.content,
        reasoning: message.reasoning ?? "",
        streaming: message.status === "streaming",
        reasoningSeconds: thoughtSeconds(message.reasoningMs, null),
        served: servedOf(message),
        status: message.status,
        error: message.error,
      };
  return (
    <AssistantMessageView id={message.id} requestedModel={message.model} showServed={showServed} {...shown}>
      {children}
    </AssistantMessageView>
  );
}

/** One answer: reasoning panel, Markdown body, status notes, served line, then the actions passed as children. */
export function AssistantMessageView(props: AssistantMessageViewProps) {
  const thinking = props.streaming && props.content === "" && props.reasoning !== "";
  const waiting = props.streaming && props.content === "" && props.reasoning === "";
  return (
    <article
      class={`message assistant${props.streaming && props.content ? " is-streaming" : ""}`}
      data-status={props.status}
      data-message-id={props.id}
      aria-label={t("message.answer")}
    >
      {props.reasoning ? (
        <ReasoningPanel
          reasoning={props.reasoning}
          thinking={thinking}
          seconds={props.reasoningSeconds}
          id={props.id}
        />
      ) : null}
      {waiting ? (
        <p class="typing">
          <span class="dot" />
          <span class="dot" />
          <span class="dot" />
          <span class="sr-only">{t("message.waiting")}</span>
        </p>
      ) : null}
      <MarkdownContent text={props.content} />
      {props.status === "stopped" ? <p class="note">{t("message.stopped")}</p> : null}
      {props.status === "error" ? (
        <p class="note note-error" role="alert">
          {props.error?.code === "provider_unavailable"
            ? t("message.unavailable")
            : (props.error?.message ?? t("message.failed"))}
        </p>
      ) : null}
      {props.served && props.showServed !== false ? (
        <>
          <SubstituteNote served={props.served} requested={props.requestedModel ?? null} />
          <ServedLine served={props.served} />
        </>
      ) : null}
      {props.children}
    </article>
  );
}

/** A visitor's message (plain text: it is never interpreted as Markdown or HTML). */
export function UserMessageView({
  id,
  content,
  children,
}: {
  id: string;
  content: string;
  children?: ComponentChildren;
}) {
  return (
    <article class="message user" data-message-id={id} aria-label={t("message.yours")}>
      <div class="bubble">{content}</div>
      {children}
    </article>
  );
}

// Cloudflare Turnstile before a new visitor's first message (only when the server names a site key). The
// script comes from challenges.cloudflare.com, which the page's CSP allows only when Turnstile is on; it renders
// its widget into our box and hands us a single-use token, sent once as `x-turnstile-token`.

import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n/i18n.ts";

/** Request header the server reads the token from (src/identity/turnstile.ts). */
export const turnstileTokenHeader = "x-turnstile-token";

const scriptUrl = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";

/** The part of Turnstile's client API we use (https://developers.cloudflare.com/turnstile/get-started/client-side-rendering/). */
type TurnstileApi = {
  render(
    container: HTMLElement,
    options: {
      sitekey: string;
      callback(token: string): void;
      "error-callback"(): void;
      "expired-callback"(): void;
    },
  ): string | undefined;
  reset(widgetId?: string): void;
  remove(widgetId?: string): void;
};

let loading: Promise<TurnstileApi> | null = null;

function turnstileApi(): TurnstileApi | null {
  const candidate: unknown = Reflect.get(window, "turnstile");
  return typeof candidate === "object" && candidate !== null && "render" in candidate
    ? (candidate as TurnstileApi)
    : null;
}

/** Loads Turnstile's script once per page. */
function loadTurnstile(): Promise<TurnstileApi> {
  loading ??= new Promise<TurnstileApi>((resolve, reject) => {
    const ready = turnstileApi();
    if (ready) return resolve(ready);
    const script = document.createElement("script");
    script.src = scriptUrl;
    script.async = true;
    script.onload = () => {
      const api = turnstileApi();
      if (api) resolve(api);
      else reject(new Error("Turnstile did not start"));
    };
    script.onerror = () => reject(new Error("Turnstile could not load"));
    document.head.append(script);
  }).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** Props of `HumanCheck`. */
export type HumanCheckProps = {
  siteKey: string;
  /** The current token, or null once it was used, expired or failed. */
  onToken(token: string | null): void;
  /** Set after the server refused the last token: the visitor sees why, and a fresh challenge. */
  failed: boolean;
  /** Changes whenever a token was spent, so the challenge is reset for the next try. */
  attempt: number;
};

/** The Turnstile box above the composer, with its failure state. */
export function HumanCheck({ siteKey, onToken, failed, attempt }: HumanCheckProps) {
  const box = useRef<HTMLDivElement>(null);
  const widget = useRef<{ api: TurnstileApi; id: string | undefined } | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const onTokenRef = useRef(onToken);
  onTokenRef.current = onToken;

  useEffect(() => {
    let gone = false;
    loadTurnstile().then(
      (api) => {
        if (gone || !box.current) return;
        const id = api.render(box.current, {
          sitekey: siteKey,
          callback: (token) => onTokenRef.current(token),
          "error-callback": () => onTokenRef.current(null),
          "expired-callback": () => onTokenRef.current(null),
        });
        widget.current = { api, id };
      },
      () => {
        if (!gone) setUnavailable(true);
      },
    );
    return () => {
      gone = true;
      widget.current?.api.remove(widget.current.id);
      widget.current = null;
    };
  }, [siteKey]);

  useEffect(() => {
    // Tokens are single use: after each attempt the visitor needs a new one.
    if (attempt > 0) widget.current?.api.reset(widget.current.id);
  }, [attempt]);

  return (
    <section class="human-check" aria-label={t("humanCheck.label")}>
      {failed ? (
        <p class="human-check-error" role="alert">
          <strong>{t("humanCheck.failedTitle")}</strong> {t("humanCheck.failedBody")}
        </p>
      ) : (
        <p class="hint">{t("humanCheck.intro")}</p>
      )}
      {unavailable ? (
        <p class="human-check-error" role="alert">
          {t("humanCheck.unavailable")}
        </p>
      ) : null}
      <div ref={box} class="human-check-widget" />
    </section>
  );
}

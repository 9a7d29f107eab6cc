// Clear states: rate-limited (with a countdown), provider unavailable, message too long, offline/reconnecting.
import { useEffect, useState } from "preact/hooks";
import { t, tAround } from "../i18n/i18n.ts";
import { ApiError } from "../shared/api.ts";
import type { LiveStatus } from "../shared/live-client.ts";

/** Something the visitor must know about their last action. */
export type Notice =
  | { kind: "rate-limited"; until: number }
  | { kind: "provider-unavailable" }
  | { kind: "too-long"; message: string }
  | { kind: "offline" }
  | { kind: "error"; message: string };

/** Maps an API failure to the notice shown above the composer. */
export function noticeFromError(error: unknown): Notice {
  if (!(error instanceof ApiError)) return { kind: "error", message: t("notice.genericError") };
  switch (error.code) {
    case "rate_limited":
      return { kind: "rate-limited", until: Date.now() + (error.retryAfterSeconds ?? 30) * 1000 };
    case "provider_unavailable":
      return { kind: "provider-unavailable" };
    case "request_too_large":
      return { kind: "too-long", message: error.message };
    case "network_error":
      return { kind: "offline" };
    default:
      return { kind: "error", message: error.message };
  }
}

/** Seconds left until `until`, ticking once per second. */
function useCountdown(until: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return Math.max(0, Math.ceil((until - now) / 1000));
}

function RateLimited({ until, onDone }: { until: number; onDone(): void }) {
  const seconds = useCountdown(until);
  useEffect(() => {
    if (seconds === 0) onDone();
  }, [seconds, onDone]);
  const [before, value, after] = tAround("notice.rateLimited", "count", { count: seconds });
  return (
    <p>
      <strong>{t("notice.slowDown")}</strong> {before}
      <span class="countdown">{value}</span>
      {after}
    </p>
  );
}

/** The notice banner (an alert); dismissable, and the rate-limit one clears itself at zero. */
export function NoticeBanner({ notice, onDismiss }: { notice: Notice | null; onDismiss(): void }) {
  if (!notice) return null;
  return (
    <div class={`notice notice-${notice.kind}`} role="alert">
      {notice.kind === "rate-limited" ? <RateLimited until={notice.until} onDone={onDismiss} /> : null}
      {notice.kind === "provider-unavailable" ? (
        <p>
          <strong>{t("notice.unavailableTitle")}</strong> {t("notice.unavailableBody")}
        </p>
      ) : null}
      {notice.kind === "too-long" ? (
        <p>
          <strong>{t("notice.tooLongTitle")}</strong> {notice.message}
        </p>
      ) : null}
      {notice.kind === "offline" ? (
        <p>
          <strong>{t("notice.offlineTitle")}</strong> {t("notice.offlineBody")}
        </p>
      ) : null}
      {notice.kind === "error" ? <p>{notice.message}</p> : null}
      <button type="button" class="icon-button" aria-label={t("notice.dismiss")} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

/** "Reconnecting…" / "Offline" under the header while the live stream is down. */
export function ConnectionBanner({ status }: { status: LiveStatus }) {
  const text =
    status === "reconnecting" ? t("connection.reconnecting") : status === "offline" ? t("connection.offline") : "";
  return (
    <div class={`connection${text ? " is-visible" : ""}`} role="status">
      {text}
    </div>
  );
}

/** Whether the visitor may send now (not during a rate-limit countdown). */
export function blocksSending(notice: Notice | null): boolean {
  return notice?.kind === "rate-limited" && notice.until > Date.now();
}

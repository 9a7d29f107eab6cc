// Installable and offline: the service worker keeps the app shell, and the page says when it is offline.
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n/i18n.ts";

/** Registers /sw.js (the app shell cache) once the page has loaded, where the browser supports it. */
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  // After the load event: installing the worker fetches the shell again, which must not compete with the page.
  const register = () => void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
  if (document.readyState === "complete") register();
  else addEventListener("load", register, { once: true });
}

/** A status banner while the browser is offline. */
export function OfflineBanner() {
  const [offline, setOffline] = useState(!navigator.onLine);
  useEffect(() => {
    const update = () => setOffline(!navigator.onLine);
    addEventListener("online", update);
    addEventListener("offline", update);
    return () => {
      removeEventListener("online", update);
      removeEventListener("offline", update);
    };
  }, []);
  if (!offline) return null;
  return (
    <p class="offline-banner" role="status">
      {t("offline.banner")}
    </p>
  );
}

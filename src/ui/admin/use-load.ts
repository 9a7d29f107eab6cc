// Loads something from the admin API for a page: the data, the error to show, and a way to load again.
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "../shared/api.ts";
import { onSignedOut } from "./admin-api.ts";

/** What a page shows while loading, after an error, or with data. */
export type Loaded<T> = { data: T | null; error: string | null; loading: boolean; reload(): void };

/** Runs `load` on mount and whenever `key` changes; a 401 sends the console back to its sign-in. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    load(controller.signal).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) onSignedOut();
        setState((previous) => ({ ...previous, error: errorText(error), loading: false }));
      },
    );
    return () => controller.abort();
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}

/** The message to show for a failed call. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

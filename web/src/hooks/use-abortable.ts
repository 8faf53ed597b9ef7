import { useCallback, useEffect, useRef, useState } from 'react';
import type { AsyncState } from './use-async.js';

/**
 * Like `useAsync`, for loads that take an AbortSignal: when `deps` change (or on `reload()`), the
 * request in flight is aborted and a new one starts; the previous data stays on screen (with
 * `loading` true) until the new data arrives, and a response that was made stale never lands.
 */
export function useAbortable<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './http';

export type ResourceStatus = 'loading' | 'ready' | 'error';

export interface ResourceState<T> {
  status: ResourceStatus;
  /** The last data loaded successfully; kept while refreshing and after a failed refresh. */
  data: T | undefined;
  error: ApiError | undefined;
  /** When `data` was loaded. */
  updatedAt: Date | undefined;
  /** True while a load runs (the first one or a refresh). */
  busy: boolean;
  reload(): void;
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'UNEXPECTED', 'Something unexpected went wrong in the console. Reload the page.');
}

/**
 * Loads data with `load` when mounted, again on `reload()` and, with `refreshIntervalMs`, on a
 * timer (for unattended wall displays). `load` must be stable (a module-level function or a
 * memoised callback): a new function starts a new load.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  { refreshIntervalMs }: { refreshIntervalMs?: number } = {},
): ResourceState<T> {
  const [state, setState] = useState<Omit<ResourceState<T>, 'reload'>>({
    status: 'loading',
    data: undefined,
    error: undefined,
    updatedAt: undefined,
    busy: true,
  });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, busy: true, status: previous.data === undefined ? 'loading' : previous.status }));
    load(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setState({ status: 'ready', data, error: undefined, updatedAt: new Date(), busy: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((previous) => ({ ...previous, status: 'error', error: toApiError(error), busy: false }));
      },
    );
    return () => controller.abort();
  }, [load, generation]);

  useEffect(() => {
    if (!refreshIntervalMs) return undefined;
    const timer = setInterval(reload, refreshIntervalMs);
    return () => clearInterval(timer);
  }, [refreshIntervalMs, reload]);

  return { ...state, reload };
}

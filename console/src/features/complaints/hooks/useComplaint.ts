import type { ComplaintDetail, ComplaintEventBody } from '@callcentre/shared';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../../api/http';
import { useRealtime } from '../../realtime';
import { fetchComplaint, sendComplaintEvent } from '../api/complaints-api';

export interface ComplaintResource {
  /** `gone`: it was shown, and the server no longer lets this person open it (it passed to someone else). */
  status: 'loading' | 'ready' | 'error' | 'gone';
  detail: ComplaintDetail | null;
  error: unknown;
  /** A send is under way. */
  sending: boolean;
  /** The last send's failure, if it failed. */
  sendError: unknown;
  /** True when the complaint changed meanwhile (someone else moved it) and the console reloaded it. */
  changedElsewhere: boolean;
  reload(): void;
  send(body: ComplaintEventBody): Promise<void>;
}

/**
 * One complaint, loaded and kept current: reloaded when a live `complaint:update` carries a newer version.
 * Sending an event carries the version shown; a 409 (changed meanwhile) reloads and says so.
 */
export function useComplaint(id: string): ComplaintResource {
  const [detail, setDetail] = useState<ComplaintDetail | null>(null);
  const [status, setStatus] = useState<ComplaintResource['status']>('loading');
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const [generation, setGeneration] = useState(0);
  const liveVersion = useRealtime((state) => {
    const version = state.complaints[id]?.update.version;
    return typeof version === 'number' ? version : null;
  });

  useEffect(() => {
    const controller = new AbortController();
    fetchComplaint(id, controller.signal).then(
      (loaded) => {
        if (controller.signal.aborted) return;
        setDetail(loaded);
        setStatus('ready');
        setError(null);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        const refused = failure instanceof ApiError && (failure.status === 403 || failure.status === 404);
        setStatus((current) => (current === 'ready' || current === 'gone' ? (refused ? 'gone' : current) : 'error'));
      },
    );
    return () => controller.abort();
  }, [id, generation]);

  // A newer version announced live: load it.
  useEffect(() => {
    if (liveVersion !== null && detail && liveVersion > detail.version) setGeneration((value) => value + 1);
  }, [liveVersion, detail]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  const send = useCallback(
    async (body: ComplaintEventBody) => {
      if (!detail) return;
      setSending(true);
      setSendError(null);
      setChangedElsewhere(false);
      try {
        setDetail(await sendComplaintEvent(detail.id, body, detail.version));
      } catch (failure) {
        setSendError(failure);
        if (failure instanceof ApiError && failure.status === 409) {
          setChangedElsewhere(true);
          setGeneration((value) => value + 1);
        }
        throw failure;
      } finally {
        setSending(false);
      }
    },
    [detail],
  );

  return { status, detail, error, sending, sendError, changedElsewhere, reload, send };
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtime } from '../hooks/RealtimeProvider';
import './RealtimeBanner.css';

/** How long "reconnected" stays up after the console caught up again. */
export const RECONNECTED_NOTICE_MS = 4_000;

/**
 * A strip under the top bar while the live feed is away ("Reconnecting…: what you see may be out of date"), with
 * the server's reason when it gave one (another server routes now, the database cannot be reached),
 * and for a moment once it is back and the console shows the server's current state again.
 */
export function RealtimeBanner() {
  const { t } = useTranslation();
  const status = useRealtime((state) => state.status);
  const awayReason = useRealtime((state) => state.awayReason);
  const wasAway = useRef(false);
  const [backAt, setBackAt] = useState<number | null>(null);

  useEffect(() => {
    if (status === 'reconnecting') wasAway.current = true;
    if (status === 'live' && wasAway.current) {
      wasAway.current = false;
      setBackAt(Date.now());
      const timer = setTimeout(() => setBackAt(null), RECONNECTED_NOTICE_MS);
      return () => clearTimeout(timer);
    }
    return undefined;
  }, [status]);

  if (status === 'reconnecting') {
    return (
      <div className="cc-realtime-banner cc-realtime-banner--away" role="status" data-testid="realtime-banner">
        <span className="cc-realtime-banner__dot" aria-hidden="true" />
        <strong>{t('realtime.reconnecting')}</strong>{' '}
        <span>
          {awayReason === 'standby' ? t('realtime.awayStandby') : awayReason === 'database_unavailable' ? t('realtime.awayDatabase') : null}
          {awayReason ? ' ' : null}
          {t('realtime.reconnectingBody')}
        </span>
      </div>
    );
  }
  if (status === 'live' && backAt !== null) {
    return (
      <div className="cc-realtime-banner cc-realtime-banner--back" role="status" data-testid="realtime-banner">
        <strong>{t('realtime.reconnected')}</strong> <span>{t('realtime.reconnectedBody')}</span>
      </div>
    );
  }
  return null;
}

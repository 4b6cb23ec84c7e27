import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Notice, withUserText } from '../../../design-system';
import { useRealtime } from '../../realtime';

/** Reasons for a withdrawn offer that have their own words; any other is said plainly as withdrawn. */
const WITHDRAWN_BECAUSE_SAID: ReadonlySet<string> = new Set(['agent_not_ready', 'agent_logged_out', 'agent_disconnected', 'transferred']);

/** Notices stay this long after the event they report. */
export const DESK_NOTICE_MS = 60_000;

/**
 * Says what happened to an offer or contact that went away without the agent doing it: an offer missed
 * (it counts towards being made not ready), a caller who hung up while it rang, a contact moved elsewhere.
 */
export function DeskNotices() {
  const { t } = useTranslation();
  const ending = useRealtime((state) => state.desk?.lastOfferEnding ?? null);
  const departure = useRealtime((state) => state.desk?.lastDeparture ?? null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [, setTick] = useState(0);

  useEffect(() => {
    const timer = setInterval(() => setTick((tick) => tick + 1), 5_000);
    return () => clearInterval(timer);
  }, []);

  const notices: Array<{ key: string; text: ReactNode; tone: 'warning' | 'info' }> = [];
  const fresh = (at: number) => Date.now() - at < DESK_NOTICE_MS;
  if (ending && ending.reason !== 'accepted' && ending.reason !== 'rejected' && fresh(ending.at)) {
    const key =
      ending.reason === 'expired'
        ? 'desk.offerMissed'
        : ending.withdrawnBecause === 'abandoned'
          ? 'desk.offerAbandoned'
          : ending.withdrawnBecause && WITHDRAWN_BECAUSE_SAID.has(ending.withdrawnBecause)
            ? `desk.offerWithdrawnBecause.${ending.withdrawnBecause}`
            : 'desk.offerWithdrawn';
    const text = withUserText((values) => t(key, values), { who: ending.customerName ?? t('offer.unknownCaller') });
    notices.push({ key: `offer-${ending.offerId}`, text, tone: ending.reason === 'expired' ? 'warning' : 'info' });
  }
  if (departure && fresh(departure.at)) {
    notices.push({
      key: `contact-${departure.contactId}-${departure.at}`,
      text: withUserText((values) => t(`desk.contactLeft.${departure.reason ?? 'completed'}`, values), { who: departure.customerName ?? t('offer.unknownCaller') }),
      tone: 'info',
    });
  }
  const visible = notices.filter((notice) => !dismissed.has(notice.key));
  if (visible.length === 0) return null;
  return (
    <div className="cc-desk__notices" aria-live="polite">
      {visible.map((notice) => (
        <div key={notice.key} className="cc-desk__notice">
          <Notice tone={notice.tone}>{notice.text}</Notice>
          <Button size="sm" variant="ghost" onClick={() => setDismissed((current) => new Set([...current, notice.key]))}>
            {t('common.dismiss')}
          </Button>
        </div>
      ))}
    </div>
  );
}

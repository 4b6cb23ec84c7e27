import type { RingingOffer } from '@callcentre/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, CheckIcon, CloseIcon, Countdown, Kbd, MuteIcon, Notice, SoundIcon, UserText } from '../../../design-system';
import { formatDuration } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { useRealtimeCommand, useRealtimeLive, useServerClock, useServerNow } from '../../realtime';
import { useKeyShortcuts } from '../hooks/useKeyShortcut';
import type { OfferSound } from '../hooks/useOfferSound';
import { ChannelIcon } from './ChannelIcon';
import { ValueTierBadge } from './ValueTierBadge';
import './OfferCard.css';

export interface OfferCardProps {
  offer: RingingOffer;
  sound: OfferSound;
}

/**
 * The offer ringing at the agent, as prominent as a ringing phone: who is calling, how valuable they are,
 * through which queue and channel, how long they have waited, and how long is left to answer. Accept with
 * A or the button, reject with R.
 */
export function OfferCard({ offer, sound }: OfferCardProps) {
  const { t } = useTranslation();
  const command = useRealtimeCommand();
  const live = useRealtimeLive();
  const clock = useServerClock();
  const now = useServerNow(500);
  const describe = useActionErrorMessage();
  const [pending, setPending] = useState<'accept' | 'reject' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const contact = offer.contact;
  const who = contact.customerName ?? contact.caller.name ?? contact.caller.phone ?? contact.caller.email ?? t('offer.unknownCaller');

  const answer = async (decision: 'accept' | 'reject') => {
    if (pending || !live) return;
    setPending(decision);
    setFailure(null);
    try {
      await command(decision === 'accept' ? 'offer:accept' : 'offer:reject', { interactionId: offer.contactId, offerId: offer.offerId });
    } catch (error) {
      setFailure(describe(error));
      setPending(null);
    }
  };

  useKeyShortcuts(true, { a: () => void answer('accept'), r: () => void answer('reject'), m: sound.toggleMuted });

  const waited = (now - contact.enqueuedAt) / 1000;

  return (
    <section className="cc-offer" aria-labelledby={`offer-${offer.offerId}`} data-testid="offer-card">
      <div className="cc-offer__ring" aria-hidden="true">
        <ChannelIcon channel={contact.channel} />
      </div>
      <div className="cc-offer__main">
        <div className="cc-offer__head">
          <p className="cc-offer__kind">
            {t(`offer.incoming.${contact.channel}`)} · {t('offer.queue', { queue: contact.queueName })}
          </p>
          <div className="cc-offer__deadline">
            <span className="cc-offer__deadline-label">{t('offer.answerWithin')}</span>
            <Countdown deadline={offer.expiresAt} now={clock} label={t('offer.timeLeft')} warnAtSeconds={8} criticalAtSeconds={4} />
          </div>
        </div>
        <h2 id={`offer-${offer.offerId}`} className="cc-offer__who">
          <UserText>{who}</UserText>
        </h2>
        <div className="cc-offer__tags">
          <ValueTierBadge tier={contact.valueTier} />
          <Badge tone="neutral">{t(`channels.${contact.channel}`)}</Badge>
          {contact.complaint ? <Badge tone="critical">{t('offer.complaint')}</Badge> : null}
          {contact.callback ? <Badge tone="info">{t('offer.callback')}</Badge> : null}
          {contact.language ? <Badge tone="neutral">{t(`languages.${contact.language}`, { defaultValue: contact.language })}</Badge> : null}
        </div>
        <dl className="cc-offer__facts">
          <div>
            <dt>{t('offer.waited')}</dt>
            <dd data-testid="offer-waited">{formatDuration(waited)}</dd>
          </div>
          {contact.caller.phone && contact.customerName ? (
            <div>
              <dt>{t('offer.number')}</dt>
              <dd>{contact.caller.phone}</dd>
            </div>
          ) : null}
          {contact.subject ? (
            <div>
              <dt>{t('offer.subject')}</dt>
              <dd>
                <UserText>{contact.subject}</UserText>
              </dd>
            </div>
          ) : null}
          {offer.attempt && offer.attempt > 1 ? (
            <div>
              <dt>{t('offer.attempt')}</dt>
              <dd>{t('offer.attemptValue', { count: offer.attempt })}</dd>
            </div>
          ) : null}
        </dl>
        <div className="cc-offer__actions">
          <Button variant="primary" icon={<CheckIcon />} onClick={() => void answer('accept')} busy={pending === 'accept'} disabled={!live || pending === 'reject'} aria-keyshortcuts="a" className="cc-offer__accept">
            {t('offer.accept')} <Kbd>A</Kbd>
          </Button>
          <Button icon={<CloseIcon />} onClick={() => void answer('reject')} busy={pending === 'reject'} disabled={!live || pending === 'accept'} aria-keyshortcuts="r">
            {t('offer.reject')} <Kbd>R</Kbd>
          </Button>
          <Button variant="ghost" size="sm" icon={sound.muted ? <MuteIcon /> : <SoundIcon />} onClick={sound.toggleMuted} aria-pressed={sound.muted} aria-keyshortcuts="m" className="cc-offer__sound">
            {sound.muted ? t('offer.soundOff') : t('offer.soundOn')}
          </Button>
        </div>
        {failure ? (
          <div role="alert">
            <Notice tone="critical">{failure}</Notice>
          </div>
        ) : null}
      </div>
      <p className="cc-visually-hidden" aria-live="assertive">
        {t('offer.announce', { channel: t(`channels.${contact.channel}`), who })}
      </p>
    </section>
  );
}

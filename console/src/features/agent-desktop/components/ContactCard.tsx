import type { LiveContact } from '@callcentre/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArrowRightIcon, Badge, Button, ComplaintIcon, Notice, UserText } from '../../../design-system';
import { formatDuration, useFormatters } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { useQueues } from '../../queues';
import { EmailPanel } from '../../email';
import { ChatPanel } from '../../chat';
import { useRealtimeCommand, useRealtimeLive, useServerNow } from '../../realtime';
import { transferToQueue } from '../api/desk-api';
import { ChannelIcon } from './ChannelIcon';
import { ValueTierBadge } from './ValueTierBadge';
import { WrapUpForm } from './WrapUpForm';
import './ContactCard.css';

export interface ContactCardProps {
  contact: LiveContact;
  selected: boolean;
  onSelect(): void;
  /** Opens a complaint from this contact. */
  onOpenComplaint(): void;
  /** The complaint already opened from this contact, if any (suggests the disposition). */
  complaintNumber?: string | null;
}

/**
 * One contact the agent handles: who, how long, and what can be done now (end, transfer, wrap up). A call in
 * conversation is hung up and transferred from the call workspace instead, through the PBX.
 */
export function ContactCard({ contact, selected, onSelect, onOpenComplaint, complaintNumber }: ContactCardProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const now = useServerNow();
  const live = useRealtimeLive();
  const command = useRealtimeCommand();
  const describe = useActionErrorMessage();
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [transferring, setTransferring] = useState(false);
  const who = contact.customerName ?? contact.caller.name ?? contact.caller.phone ?? contact.caller.email ?? t('offer.unknownCaller');
  const connected = contact.status === 'connected';
  // A call's hang-up and transfer are the call workspace's commands, which the PBX carries out first (docs/cti.md).
  const routedHere = contact.channel !== 'voice';
  const since = contact.answeredAt ?? contact.enqueuedAt;

  const run = async (key: string, action: () => Promise<unknown>) => {
    setBusy(key);
    setFailure(null);
    try {
      await action();
      setTransferring(false);
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <article className={['cc-contact', selected ? 'cc-contact--selected' : '', `cc-contact--${contact.status}`].join(' ')} aria-labelledby={`contact-${contact.id}`} data-testid="contact-card">
      <header className="cc-contact__head">
        <span className="cc-contact__icon" aria-hidden="true">
          <ChannelIcon channel={contact.channel} />
        </span>
        <div className="cc-contact__who">
          <h3 id={`contact-${contact.id}`}>
            <button type="button" className="cc-contact__name" onClick={onSelect} aria-pressed={selected} title={t('contact.showCustomer')}>
              <UserText>{who}</UserText>
            </button>
          </h3>
          <p className="cc-contact__meta">
            {t(`channels.${contact.channel}`)} · {contact.queueName}
            {contact.answeredAt ? ` · ${t('contact.answeredAt', { time: format.shortTime(contact.answeredAt) })}` : ''}
          </p>
        </div>
        <div className="cc-contact__status">
          <Badge tone={connected ? 'info' : 'warning'} dot>
            {t(`contactStatus.${contact.status}`)}
          </Badge>
          {contact.channel === 'chat' ? null : (
            <span className="cc-contact__timer" title={connected ? t('contact.talkTime') : t('contact.sinceAnswer')}>
              <span className="cc-visually-hidden">{connected ? t('contact.talkTime') : t('contact.sinceAnswer')}: </span>
              {formatDuration((now - since) / 1000)}
            </span>
          )}
        </div>
      </header>
      <div className="cc-contact__tags">
        <ValueTierBadge tier={contact.valueTier} />
        {contact.complaint ? <Badge tone="critical">{t('offer.complaint')}</Badge> : null}
        {complaintNumber ? <Badge tone="warning">{t('contact.complaintOpened', { number: complaintNumber })}</Badge> : null}
        {contact.subject ? <UserText className="cc-contact__subject">{contact.subject}</UserText> : null}
      </div>
      {contact.agentLost ? <Notice tone="warning">{t('contact.agentLost')}</Notice> : null}
      {contact.channel === 'chat' ? <ChatPanel chatId={contact.id} canWrite={connected} /> : null}
      {connected ? (
        <div className="cc-contact__actions">
          {routedHere ? (
            <Button variant="danger" size="sm" onClick={() => run('end', () => command('contact:end', { interactionId: contact.id }))} busy={busy === 'end'} disabled={!live}>
              {t('contact.end')}
            </Button>
          ) : null}
          <Button size="sm" icon={<ComplaintIcon />} onClick={onOpenComplaint} disabled={Boolean(complaintNumber)}>
            {t('contact.openComplaint')}
          </Button>
          {routedHere ? (
            <Button size="sm" icon={<ArrowRightIcon />} onClick={() => setTransferring((open) => !open)} aria-expanded={transferring}>
              {t('contact.transfer')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {connected && routedHere && transferring ? (
        <TransferForm busy={busy === 'transfer'} disabled={!live} onTransfer={(queue) => run('transfer', () => transferToQueue(contact.id, queue))} currentQueueId={contact.queueId} />
      ) : null}
      {contact.channel === 'email' ? <EmailPanel interactionId={contact.id} canReply={connected || contact.status === 'wrap_up'} /> : null}
      {contact.status === 'wrap_up' ? <WrapUpForm contact={contact} suggested={complaintNumber ? 'complaint_opened' : undefined} /> : null}
      {failure ? (
        <div role="alert">
          <Notice tone="critical">{failure}</Notice>
        </div>
      ) : null}
    </article>
  );
}

function TransferForm({ onTransfer, busy, disabled, currentQueueId }: { onTransfer(queue: string): void; busy: boolean; disabled: boolean; currentQueueId: string }) {
  const { t } = useTranslation();
  const queues = useQueues();
  const [queue, setQueue] = useState('');
  const options = (queues.data ?? []).filter((candidate) => candidate.id !== currentQueueId);
  return (
    <form
      className="cc-contact__transfer"
      onSubmit={(event) => {
        event.preventDefault();
        if (queue) onTransfer(queue);
      }}
    >
      <label className="cc-contact__transfer-label">
        {t('contact.transferTo')}
        <select className="ds-input" value={queue} onChange={(event) => setQueue(event.target.value)} disabled={queues.status === 'loading'}>
          <option value="">{queues.status === 'loading' ? t('common.loading') : t('contact.chooseQueue')}</option>
          {options.map((option) => (
            <option key={option.id} value={option.code}>
              {option.name}
            </option>
          ))}
        </select>
      </label>
      <Button type="submit" size="sm" variant="primary" busy={busy} disabled={disabled || !queue}>
        {t('contact.transferSubmit')}
      </Button>
    </form>
  );
}

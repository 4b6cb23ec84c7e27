import type { EmailContactView, EmailMessageView, EmailReplyTemplate } from '@callcentre/shared';
import { EMAIL_REPLY_TEMPLATES } from '@callcentre/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useResource } from '../../../api/use-resource';
import { Badge, Button, Field, Notice, UserText, type Tone } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useActionErrorMessage } from '../../../i18n/use-error-message';
import { useSession } from '../../auth';
import { useServerNow } from '../../realtime';
import { fetchEmailContact, fetchReplyDraft, retryReply, sendReply } from '../api/email-api';
import { useEmailTranslation } from '../i18n';
import { EmailSorting } from './EmailSorting';
import './EmailPanel.css';

/** Polls while a reply is on its way, so the agent sees it sent (or failing) without reloading. */
const SENDING_REFRESH_MS = 3000;

export interface EmailPanelProps {
  interactionId: string;
  /** The agent handles the contact now and may reply. */
  canReply: boolean;
}

const PRIORITY_TONE: Record<number, Tone> = { 1: 'critical', 2: 'warning', 3: 'info', 4: 'neutral', 5: 'neutral' };
const SEND_TONE: Record<string, Tone> = { queued: 'info', sent: 'good', failed: 'critical', not_sent: 'warning' };

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Whole hours and minutes left, as the reader's language writes them. */
function formatHoursMinutes(ms: number, t: (key: string, values: Record<string, number>) => string): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? t('hoursMinutes', { hours, minutes: minutes % 60 }) : t('minutes', { minutes });
}

/** An e-mail contact in the agent's contact view: sorting, the reply promise, the conversation and the reply composer. */
export function EmailPanel({ interactionId, canReply }: EmailPanelProps) {
  const { t } = useEmailTranslation();
  const load = useCallback((signal: AbortSignal) => fetchEmailContact(interactionId, signal), [interactionId]);
  const contact = useResource(load);
  const { session } = useSession();
  const supervises = session?.roles.includes('supervisor') ?? false;
  const sending = contact.data?.messages.some((message) => message.sendState === 'queued') ?? false;
  const { reload } = contact;
  useEffect(() => {
    if (!sending) return undefined;
    const timer = setInterval(reload, SENDING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [sending, reload]);

  if (!contact.data) {
    return (
      <section className="cc-email" aria-label={t('title')}>
        {contact.status === 'error' ? <Notice tone="critical">{t('loadFailed')}</Notice> : <p className="cc-email__muted">{t('loading')}</p>}
      </section>
    );
  }
  const view = contact.data;
  return (
    <section className="cc-email" aria-label={t('title')} data-testid="email-panel">
      <EmailHeader view={view} />
      {supervises ? <EmailSorting interactionId={interactionId} department={view.department} priority={view.priority} onChanged={reload} /> : null}
      {!view.relayConfigured ? <Notice tone="warning">{t('noRelay')}</Notice> : null}
      <ol className="cc-email__thread">
        {view.messages.map((message) => (
          <li key={message.id}>
            <EmailMessage message={message} onRetried={reload} />
          </li>
        ))}
      </ol>
      {canReply ? <ReplyComposer interactionId={interactionId} onSent={reload} /> : null}
    </section>
  );
}

function EmailHeader({ view }: { view: EmailContactView }) {
  const { t } = useEmailTranslation();
  const format = useFormatters();
  const now = useServerNow();
  const due = new Date(view.dueAt).getTime();
  const promise = view.firstReplyAt
    ? { tone: 'good' as Tone, text: t('answered', { time: format.dateTime(new Date(view.firstReplyAt)) }) }
    : due <= now || view.breachedAt
      ? { tone: 'critical' as Tone, text: t('overdue', { time: format.dateTime(due) }) }
      : { tone: (due - now < 3_600_000 ? 'warning' : 'neutral') as Tone, text: `${t('dueBy', { time: format.dateTime(due) })} · ${t('dueIn', { duration: formatHoursMinutes(due - now, t) })}` };
  return (
    <header className="cc-email__head">
      <div className="cc-email__tags">
        <Badge tone="info">
          {t('department')}: {t(`departments.${view.department}`)}
        </Badge>
        <Badge tone={PRIORITY_TONE[view.priority] ?? 'neutral'}>
          {t('priority')}: {t(`priorities.${view.priority}`)}
        </Badge>
        <Badge tone={promise.tone} dot data-testid="email-due">
          {promise.text}
        </Badge>
      </div>
      <p className="cc-email__muted">{t('to', { address: view.mailbox })}</p>
      {view.sorting.length > 0 ? (
        <details className="cc-email__why">
          <summary>{t('sortedBecause')}</summary>
          <ul>
            {view.sorting.map((reason) => (
              <li key={reason}>
                <UserText>{reason}</UserText>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </header>
  );
}

function EmailMessage({ message, onRetried }: { message: EmailMessageView; onRetried(): void }) {
  const { t } = useEmailTranslation();
  const format = useFormatters();
  const describe = useActionErrorMessage();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const retry = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await retryReply(message.id);
      onRetried();
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className={`cc-email__message cc-email__message--${message.direction}`} data-testid="email-message">
      <header className="cc-email__message-head">
        <strong>{message.direction === 'inbound' ? t('inbound') : t('outbound')}</strong>
        <span className="cc-email__muted">
          <UserText>{message.from.name ? `${message.from.name} <${message.from.address}>` : message.from.address}</UserText> · {format.dateTime(new Date(message.at))}
        </span>
        {message.sendState ? (
          <Badge tone={SEND_TONE[message.sendState] ?? 'neutral'} dot data-testid="email-send-state">
            {t(`sendStates.${message.sendState}`)}
          </Badge>
        ) : null}
        {message.autoReply ? <Badge>{t('autoReply')}</Badge> : null}
      </header>
      <p className="cc-email__subject">
        <UserText>{message.subject}</UserText>
      </p>
      {message.hadHtml ? <p className="cc-email__muted">{t('hadHtml')}</p> : null}
      {/* Plain text only: the message's HTML is never rendered. */}
      <div className="cc-email__text" dir="auto">
        {message.text}
      </div>
      {message.attachments.length > 0 ? (
        <div className="cc-email__attachments">
          <span className="cc-email__muted">{t('attachments')}</span>
          <ul>
            {message.attachments.map((attachment) => (
              <li key={attachment.id}>
                <a href={attachment.downloadUrl} download={attachment.filename} rel="noopener">
                  {t('download', { name: attachment.filename, size: formatSize(attachment.sizeBytes) })}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {message.sendState === 'failed' || (message.sendState === 'queued' && message.sendError) ? (
        <p className="cc-email__muted">
          {t('attempts', { count: message.sendAttempts })}
          {message.sendError ? <> · <UserText>{message.sendError}</UserText></> : null}
        </p>
      ) : null}
      {message.sendState === 'failed' ? (
        <Button size="sm" onClick={retry} busy={busy}>
          {t('retry')}
        </Button>
      ) : null}
      {failure ? (
        <div role="alert">
          <Notice tone="critical">{failure}</Notice>
        </div>
      ) : null}
    </article>
  );
}

function ReplyComposer({ interactionId, onSent }: { interactionId: string; onSent(): void }) {
  const { t, i18n } = useEmailTranslation();
  const language = i18n.language;
  const describe = useActionErrorMessage();
  const [template, setTemplate] = useState<EmailReplyTemplate>('standard');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState<'template' | 'send' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [stored, setStored] = useState(false);

  const fill = useCallback(
    async (chosen: EmailReplyTemplate) => {
      setBusy('template');
      setFailure(null);
      try {
        const draft = await fetchReplyDraft(interactionId, chosen, language);
        setSubject(draft.subject);
        setBody(draft.body);
      } catch (error) {
        setFailure(describe(error));
      } finally {
        setBusy(null);
      }
    },
    [interactionId, describe, language],
  );

  // Filled once when the composer opens; later templates are the agent's choice.
  const filledFor = useRef<string | null>(null);
  useEffect(() => {
    if (filledFor.current === interactionId) return;
    filledFor.current = interactionId;
    void fill('standard');
  }, [interactionId, fill]);

  const send = async () => {
    setBusy('send');
    setFailure(null);
    try {
      await sendReply(interactionId, subject, body);
      setStored(true);
      setBody('');
      onSent();
    } catch (error) {
      setFailure(describe(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <form
      className="cc-email__composer"
      aria-label={t('compose')}
      onSubmit={(event) => {
        event.preventDefault();
        if (body.trim()) void send();
      }}
    >
      <div className="cc-email__template">
        <Field label={t('template')}>
          <select value={template} onChange={(event) => setTemplate(event.target.value as EmailReplyTemplate)}>
            {EMAIL_REPLY_TEMPLATES.map((option) => (
              <option key={option} value={option}>
                {t(`templates.${option}`)}
              </option>
            ))}
          </select>
        </Field>
        <Button size="sm" onClick={() => void fill(template)} busy={busy === 'template'}>
          {t('useTemplate')}
        </Button>
      </div>
      <Field label={t('subject')}>
        <input value={subject} maxLength={300} onChange={(event) => setSubject(event.target.value.replace(/[\r\n]+/g, ' '))} />
      </Field>
      <Field label={t('body')}>
        <textarea value={body} rows={10} maxLength={100_000} onChange={(event) => setBody(event.target.value)} />
      </Field>
      <div className="cc-email__actions">
        <Button type="submit" variant="primary" size="sm" busy={busy === 'send'} disabled={!body.trim() || busy !== null}>
          {t('send')}
        </Button>
      </div>
      {stored ? <p className="cc-email__muted" role="status">{t('sent')}</p> : null}
      {failure ? (
        <div role="alert">
          <Notice tone="critical">{failure}</Notice>
        </div>
      ) : null}
    </form>
  );
}

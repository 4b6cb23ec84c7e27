import { CHAT_MESSAGE_MAX_LENGTH } from '@callcentre/shared';
import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { useTranslation } from 'react-i18next';
import { Button, Notice, Spinner, UserText } from '../../../design-system';
import { useFormatters } from '../../../i18n/formatters';
import { useChat } from '../hooks/useChat';
import { openChatDeskSocket } from '../api/chat-socket';
import './ChatPanel.css';

export interface ChatPanelProps {
  chatId: string;
  /** The agent may write (the chat is connected to them); otherwise the transcript is read only. */
  canWrite: boolean;
  socketFactory?: () => Socket;
}

/** A chat contact at the desk: its transcript as it grows, the customer typing, and the agent's composer. */
export function ChatPanel({ chatId, canWrite, socketFactory = openChatDeskSocket }: ChatPanelProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const chat = useChat(chatId, socketFactory);
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const log = useRef<HTMLOListElement>(null);
  const writable = canWrite && !chat.ended && chat.status === 'ready';

  useEffect(() => {
    const node = log.current;
    if (node) node.scrollTop = node.scrollHeight;
  }, [chat.messages.length]);

  const submit = async () => {
    const body = draft.trim();
    if (!body || sending) return;
    setSending(true);
    if (await chat.send(body)) setDraft('');
    setSending(false);
  };

  return (
    <section className="cc-chat" aria-label={t('chat.transcript')} data-testid="chat-panel">
      {chat.status === 'connecting' ? <Spinner label={t('chat.connecting')} /> : null}
      {chat.status === 'failed' ? <Notice tone="critical">{t('chat.unavailable')}</Notice> : null}
      <ol className="cc-chat__log" ref={log} aria-live="polite">
        {chat.messages.map((message) => (
          <li key={message.id} className={`cc-chat__message cc-chat__message--${message.author}`} data-author={message.author}>
            <span className="cc-chat__who">
              {message.author === 'customer' ? <UserText>{chat.transcript?.customerName ?? t('chat.customer')}</UserText> : message.author === 'agent' ? <UserText>{message.agentName ?? t('chat.agent')}</UserText> : t('chat.system')}
              {' · '}
              {format.shortTime(new Date(message.sentAt))}
            </span>
            <UserText className="cc-chat__body">{message.body}</UserText>
          </li>
        ))}
      </ol>
      <p className="cc-chat__typing" aria-live="polite">
        {chat.customerTyping ? t('chat.customerTyping') : ''}
      </p>
      {chat.ended ? <Notice tone="info">{chat.ended.endedBy === 'customer' ? t('chat.endedByCustomer') : t('chat.ended')}</Notice> : null}
      {writable ? (
        <form
          className="cc-chat__composer"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <textarea
            className="ds-input cc-chat__input"
            value={draft}
            maxLength={CHAT_MESSAGE_MAX_LENGTH}
            rows={2}
            aria-label={t('chat.message')}
            placeholder={t('chat.placeholder')}
            onChange={(event) => {
              setDraft(event.target.value);
              chat.typing(event.target.value.length > 0);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                void submit();
              }
            }}
          />
          <Button type="submit" variant="primary" size="sm" busy={sending} disabled={!draft.trim()}>
            {t('chat.send')}
          </Button>
        </form>
      ) : null}
      {chat.error && chat.status === 'ready' ? <Notice tone="warning">{t(`chat.errors.${chat.error}`, { defaultValue: t('chat.errors.other') })}</Notice> : null}
    </section>
  );
}

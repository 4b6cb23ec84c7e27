import type { ChatAck, ChatEnded, ChatMessage, ChatTranscript, ChatTyping } from '@callcentre/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { openChatDeskSocket } from '../api/chat-socket';

/** How long a customer's "typing" shows without a new notice. */
const TYPING_SHOWN_MS = 6_000;
/** The desk says it stopped typing after this long without a key. */
const TYPING_IDLE_MS = 3_000;

export interface ChatState {
  status: 'connecting' | 'ready' | 'failed';
  transcript: ChatTranscript | null;
  messages: readonly ChatMessage[];
  customerTyping: boolean;
  ended: ChatEnded | null;
  /** Code of the last refusal (joining, sending). */
  error: string | null;
}

export interface ChatControls extends ChatState {
  send(body: string): Promise<boolean>;
  typing(active: boolean): void;
}

function merge(messages: readonly ChatMessage[], more: readonly ChatMessage[]): ChatMessage[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  for (const message of more) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * One chat at the desk: joins it on its own socket (again after every reconnect, which brings the stored
 * transcript, so nothing missed while away is lost), applies messages, typing and the end as they come.
 */
export function useChat(chatId: string, socketFactory: () => Socket = openChatDeskSocket): ChatControls {
  const [state, setState] = useState<ChatState>({ status: 'connecting', transcript: null, messages: [], customerTyping: false, ended: null, error: null });
  const socketRef = useRef<Socket | null>(null);
  const typingSent = useRef(false);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const socket = socketFactory();
    socketRef.current = socket;
    let shownTimer: ReturnType<typeof setTimeout> | undefined;
    const join = () =>
      socket.emit('chat:join', { chatId }, (ack: ChatAck<ChatTranscript>) => {
        if (!ack?.ok || !ack.data) return setState((current) => ({ ...current, status: 'failed', error: ack?.error?.code ?? 'UNEXPECTED' }));
        const transcript = ack.data;
        setState((current) => ({
          ...current,
          status: 'ready',
          transcript,
          messages: merge(current.messages, transcript.messages),
          ended: transcript.status === 'ended' ? { chatId, endedBy: transcript.endedBy ?? 'system' } : current.ended,
          error: null,
        }));
      });
    socket.on('connect', join);
    socket.on('chat:message', (message: ChatMessage) => {
      if (message.chatId !== chatId) return;
      setState((current) => ({ ...current, messages: merge(current.messages, [message]), customerTyping: message.author === 'customer' ? false : current.customerTyping }));
    });
    socket.on('chat:typing', (notice: ChatTyping) => {
      if (notice.chatId !== chatId || notice.author !== 'customer') return;
      clearTimeout(shownTimer);
      if (notice.typing) shownTimer = setTimeout(() => setState((current) => ({ ...current, customerTyping: false })), TYPING_SHOWN_MS);
      setState((current) => ({ ...current, customerTyping: notice.typing }));
    });
    socket.on('chat:ended', (ended: ChatEnded) => {
      if (ended.chatId === chatId) setState((current) => ({ ...current, ended, customerTyping: false }));
    });
    return () => {
      clearTimeout(shownTimer);
      clearTimeout(idleTimer.current);
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [chatId, socketFactory]);

  const typing = useCallback(
    (active: boolean) => {
      const socket = socketRef.current;
      clearTimeout(idleTimer.current);
      if (active) idleTimer.current = setTimeout(() => typing(false), TYPING_IDLE_MS);
      if (!socket || typingSent.current === active) return;
      typingSent.current = active;
      socket.emit('chat:typing', { chatId, typing: active });
    },
    [chatId],
  );

  const send = useCallback(
    (body: string) =>
      new Promise<boolean>((resolve) => {
        const socket = socketRef.current;
        if (!socket) return resolve(false);
        socket.emit('chat:send', { chatId, body }, (ack: ChatAck<ChatMessage>) => {
          if (!ack?.ok || !ack.data) {
            setState((current) => ({ ...current, error: ack?.error?.code ?? 'UNEXPECTED' }));
            return resolve(false);
          }
          const message = ack.data;
          setState((current) => ({ ...current, messages: merge(current.messages, [message]), error: null }));
          typing(false);
          resolve(true);
        });
      }),
    [chatId, typing],
  );

  return { ...state, send, typing };
}

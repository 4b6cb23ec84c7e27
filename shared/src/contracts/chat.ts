/**
 * Chat between a customer's page (served by the server at /chat/, the kind a website embeds) and the agent
 * desktop. The customer starts a chat over REST and gets a token; both sides then talk over socket.io:
 * the customer on the `/chat` namespace (token in the handshake's auth), staff on `/chat-desk` (their session).
 */

/** Longest message, in characters. */
export const CHAT_MESSAGE_MAX_LENGTH = 2000;
/** Longest customer name. */
export const CHAT_NAME_MAX_LENGTH = 120;

export const CHAT_CUSTOMER_NAMESPACE = '/chat';
export const CHAT_DESK_NAMESPACE = '/chat-desk';

/** `POST /api/chats`: a customer starts a chat. */
export interface StartChatRequest {
  readonly name: string;
  readonly email?: string;
  readonly language?: 'en' | 'zh-CN';
  /** The first message, if the page asks for one before connecting. */
  readonly message?: string;
}

export interface StartChatResponse {
  readonly chatId: string;
  /** Bearer of the chat: the page keeps it for the socket handshake and leaving. Shown once. */
  readonly token: string;
}

export type ChatAuthor = 'customer' | 'agent' | 'system';

export interface ChatMessage {
  readonly id: string;
  readonly chatId: string;
  readonly author: ChatAuthor;
  /** Display name of the agent who wrote it (agent messages only). */
  readonly agentName: string | null;
  readonly body: string;
  readonly sentAt: string;
}

export type ChatStatus = 'waiting' | 'connected' | 'ended';

/** The transcript and where the chat stands (`GET /api/chats/:id`, and on joining either namespace). */
export interface ChatTranscript {
  readonly chatId: string;
  readonly customerName: string;
  readonly status: ChatStatus;
  readonly agentName: string | null;
  readonly endedBy: 'customer' | 'agent' | 'system' | null;
  readonly messages: readonly ChatMessage[];
}

export interface ChatTyping {
  readonly chatId: string;
  readonly author: 'customer' | 'agent';
  readonly typing: boolean;
}

export interface ChatEnded {
  readonly chatId: string;
  readonly endedBy: 'customer' | 'agent' | 'system';
}

/** To the customer after the chat ended: the one-page survey to show (path with the token in its fragment). */
export interface ChatSurvey {
  readonly chatId: string;
  readonly surveyPath: string;
}

export interface ChatAck<T> {
  readonly ok: boolean;
  readonly data?: T;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Server to client, both namespaces (`chat:survey` to the customer only). */
export interface ChatServerEvents {
  'chat:transcript': (transcript: ChatTranscript) => void;
  'chat:message': (message: ChatMessage) => void;
  'chat:typing': (typing: ChatTyping) => void;
  'chat:agent': (joined: { chatId: string; agentName: string }) => void;
  'chat:ended': (ended: ChatEnded) => void;
  'chat:survey': (survey: ChatSurvey) => void;
}

/** Client to server. The customer's namespace knows its chat from the token; staff name the chat. */
export interface ChatClientEvents {
  'chat:send': (payload: { chatId?: string; body: string }, ack: (result: ChatAck<ChatMessage>) => void) => void;
  'chat:typing': (payload: { chatId?: string; typing: boolean }) => void;
  'chat:join': (payload: { chatId: string }, ack: (result: ChatAck<ChatTranscript>) => void) => void;
  'chat:leave': (payload: { chatId?: string }, ack: (result: ChatAck<ChatEnded>) => void) => void;
}

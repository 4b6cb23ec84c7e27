import { Inject, Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { CHAT_CUSTOMER_NAMESPACE, CHAT_DESK_NAMESPACE, type ChatAck, type ChatEnded, type ChatMessage, type ChatTranscript } from '@callcentre/shared';
import { authenticateSocketHandshake, CREDENTIAL_LOOKUP, type AuthenticatedUser, type CredentialLookup } from '../../common/auth';
import { DomainError } from '../../common/http/domain-error';
import { PublicRateLimit } from '../satisfaction';
import { chatRoom, ChatHub } from './chat-hub';
import { chatErrors } from './chat.errors';
import { ChatService } from './chat.service';

/** Messages per chat side: a burst of 10, then 30 a minute. Typing notices beyond 2 a second are dropped. */
const MESSAGE_BURST = 10;
const MESSAGES_PER_MINUTE = 30;
const TYPING_PER_MINUTE = 120;

const logger = new Logger('ChatGateway');

function connectError(code: string, message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}

/** Runs one command and answers its acknowledgement: the result, or the error's code and message. */
async function acknowledge<T>(work: () => Promise<T>): Promise<ChatAck<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message } };
    logger.error(`chat command failed: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, error: { code: 'INTERNAL_ERROR', message: 'Something went wrong; try again' } };
  }
}

const objectOf = (payload: unknown): Record<string, unknown> => (payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {});

interface CustomerData {
  chatId: string;
}

/**
 * The customer's side (`/chat`): the handshake carries the chat's token (`auth.token`); the socket joins its chat's
 * room and gets the transcript, and, when the chat has ended with its survey unanswered, the survey's link.
 */
@WebSocketGateway({ namespace: CHAT_CUSTOMER_NAMESPACE, path: '/socket.io', serveClient: false })
export class ChatCustomerGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket>, OnGatewayDisconnect<Socket> {
  private readonly messages = new PublicRateLimit(MESSAGES_PER_MINUTE, MESSAGE_BURST);
  private readonly typing = new PublicRateLimit(TYPING_PER_MINUTE, 10);

  constructor(
    private readonly chats: ChatService,
    private readonly hub: ChatHub,
  ) {}

  afterInit(namespace: Namespace): void {
    this.hub.attachCustomers(namespace);
    namespace.use((socket, next) => {
      this.chats
        .sessionOfToken(objectOf(socket.handshake.auth).token)
        .then((session) => {
          (socket.data as CustomerData).chatId = session.interaction_id;
          next();
        })
        .catch((error) => next(error instanceof DomainError ? connectError(error.code, error.message) : connectError('CHAT_UNAVAILABLE', 'The chat cannot be opened now; try again')));
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const { chatId } = socket.data as CustomerData;
    if (!chatId) return void socket.disconnect(true);
    await socket.join(chatRoom(chatId));
    this.chats.customerReturned(chatId).catch((error) => logger.error(`chat ${chatId}: return not recorded: ${error instanceof Error ? error.message : String(error)}`));
    try {
      const transcript = await this.chats.transcript(chatId);
      socket.emit('chat:transcript', transcript);
      if (transcript.status === 'ended') {
        const surveyPath = await this.chats.surveyLinkOf(chatId);
        if (surveyPath) socket.emit('chat:survey', { chatId, surveyPath });
      }
    } catch (error) {
      logger.error(`chat transcript not sent: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The page went away (closed, reloaded, offline): the customer has left unless they come back in the grace. */
  handleDisconnect(socket: Socket): void {
    const { chatId } = socket.data as CustomerData;
    if (!chatId) return;
    this.chats.customerDisconnected(chatId).catch((error) => logger.error(`chat ${chatId}: departure check not scheduled: ${error instanceof Error ? error.message : String(error)}`));
  }

  @SubscribeMessage('chat:send')
  send(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<ChatAck<ChatMessage>> {
    const { chatId } = socket.data as CustomerData;
    return acknowledge(async () => {
      if (!this.messages.tryTake(chatId)) throw chatErrors.rateLimited();
      return this.chats.customerSays(chatId, objectOf(payload).body);
    });
  }

  @SubscribeMessage('chat:typing')
  typingNotice(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): void {
    const { chatId } = socket.data as CustomerData;
    if (this.typing.tryTake(chatId)) this.chats.customerTyping(chatId, objectOf(payload).typing === true);
  }

  @SubscribeMessage('chat:leave')
  leave(@ConnectedSocket() socket: Socket): Promise<ChatAck<ChatEnded>> {
    const { chatId } = socket.data as CustomerData;
    return acknowledge(() => this.chats.customerLeaves(chatId));
  }
}

interface DeskData {
  user: AuthenticatedUser;
}

/**
 * The staff's side (`/chat-desk`): signed in like the console's socket (session cookie or access token); a member
 * of staff joins the chats they may read (`chat:join`), and the handling agent writes in them.
 */
@WebSocketGateway({ namespace: CHAT_DESK_NAMESPACE, path: '/socket.io', serveClient: false })
export class ChatDeskGateway implements OnGatewayInit<Namespace> {
  private readonly messages = new PublicRateLimit(MESSAGES_PER_MINUTE * 2, MESSAGE_BURST * 2);
  private readonly typing = new PublicRateLimit(TYPING_PER_MINUTE, 10);

  constructor(
    private readonly chats: ChatService,
    private readonly hub: ChatHub,
    @Inject(CREDENTIAL_LOOKUP) private readonly credentials: CredentialLookup,
  ) {}

  afterInit(namespace: Namespace): void {
    this.hub.attachDesks(namespace);
    namespace.use((socket, next) => {
      authenticateSocketHandshake(this.credentials, socket.handshake)
        .then((user) => {
          if (!user) return next(connectError('UNAUTHENTICATED', 'Sign in, or connect with a valid access token'));
          (socket.data as DeskData).user = user;
          next();
        })
        .catch(() => next(connectError('UNAUTHENTICATED', 'The sign-in could not be checked; try again')));
    });
  }

  @SubscribeMessage('chat:join')
  join(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<ChatAck<ChatTranscript>> {
    const { user } = socket.data as DeskData;
    return acknowledge(async () => {
      const chatId = this.chatIdOf(payload);
      const transcript = await this.chats.transcriptFor(chatId, user);
      await socket.join(chatRoom(chatId));
      return transcript;
    });
  }

  @SubscribeMessage('chat:send')
  send(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<ChatAck<ChatMessage>> {
    const { user } = socket.data as DeskData;
    return acknowledge(async () => {
      if (!this.messages.tryTake(user.id)) throw chatErrors.rateLimited();
      return this.chats.agentSays(this.chatIdOf(payload), user, objectOf(payload).body);
    });
  }

  @SubscribeMessage('chat:typing')
  typingNotice(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): void {
    const { user } = socket.data as DeskData;
    const chatId = objectOf(payload).chatId;
    if (typeof chatId === 'string' && this.typing.tryTake(user.id)) this.chats.agentTyping(chatId, user, objectOf(payload).typing === true);
  }

  @SubscribeMessage('chat:leave')
  leave(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<ChatAck<ChatEnded>> {
    const { user } = socket.data as DeskData;
    return acknowledge(() => this.chats.agentLeaves(this.chatIdOf(payload), user));
  }

  private chatIdOf(payload: unknown): string {
    const chatId = objectOf(payload).chatId;
    if (typeof chatId !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(chatId)) throw chatErrors.notFound();
    return chatId;
  }
}

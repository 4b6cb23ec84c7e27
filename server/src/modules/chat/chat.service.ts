import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { CHAT_MESSAGE_MAX_LENGTH, type ChatEnded, type ChatMessage, type ChatStatus, type ChatTranscript, type StartChatResponse } from '@callcentre/shared';
import { hasRole, type AuthenticatedApiKey, type AuthenticatedPrincipal, type AuthenticatedUser } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { JobsService } from '../../common/jobs';
import { unsafeInput } from '../../common/http/validation';
import { InteractionsService } from '../interactions';
import { ROUTING_COMMITTED, type RoutingCommitted } from '../routing';
import { RoutingService } from '../routing';
import { SURVEY_CREATED, type SurveyCreated } from '../satisfaction';
import { SatisfactionService } from '../satisfaction';
import { hashPublicToken, newPublicToken } from '../satisfaction';
import { ChatHub } from './chat-hub';
import { chatErrors } from './chat.errors';
import { ChatRepository, type ChatSessionRow } from './chat.repository';

/** The chat page acts on the contact as the telephony would: ending it, or abandoning it while it waits. */
/** The durable check that a customer whose page went away has not come back: then they have left. */
export const CHAT_CUSTOMER_GONE_TASK = 'chat.customer-gone';
const customerGoneJobKey = (chatId: string) => `chat-customer-gone:${chatId}`;

const CHAT_PAGE: AuthenticatedApiKey = { kind: 'api_key', id: 'chat-page', name: 'Customer chat page', scopes: [] };

export interface StartChatInput {
  name: string;
  email?: string;
  language?: 'en' | 'zh-CN';
  message?: string;
}

/** A message's text: trimmed, 1 to CHAT_MESSAGE_MAX_LENGTH characters, no NUL or unpaired surrogates. */
export function messageText(body: unknown): string {
  if (typeof body !== 'string') throw chatErrors.invalidMessage();
  const text = body.trim();
  if (text.length === 0 || text.length > CHAT_MESSAGE_MAX_LENGTH || unsafeInput(text).length > 0) throw chatErrors.invalidMessage();
  return text;
}

/**
 * Chat end to end. A customer starts a chat on the page the server serves; the chat becomes a contact through the
 * ordinary ingestion path, so routing offers it to an agent. Messages are stored, then pushed to both sides; the
 * contact ends when either side leaves (the customer's leave ends it in routing, the agent's end arrives from
 * routing), and once its survey is created the customer's page is given the survey's link.
 */
@Injectable()
export class ChatService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Chat');
  private readonly committed = (committed: RoutingCommitted) => {
    for (const event of committed.events) {
      if (!('channel' in event) || event.channel !== 'chat') continue;
      if (event.type === 'contact.connected') void this.safely(() => this.agentJoined(event.contactId, event.agentId));
      else if (event.type === 'contact.wrap_up' || event.type === 'contact.completed') void this.safely(() => this.ended(event.contactId, 'agent'));
      else if (event.type === 'contact.abandoned') void this.safely(() => this.ended(event.contactId, 'customer'));
    }
  };
  private readonly surveyCreated = (created: SurveyCreated) => {
    if (created.channel === 'chat' && created.surveyPath) this.hub.toCustomer(created.interactionId, 'chat:survey', { chatId: created.interactionId, surveyPath: created.surveyPath });
  };

  constructor(
    private readonly chats: ChatRepository,
    private readonly hub: ChatHub,
    private readonly interactions: InteractionsService,
    private readonly routing: RoutingService,
    private readonly satisfaction: SatisfactionService,
    private readonly events: EventEmitter2,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.events.on(ROUTING_COMMITTED, this.committed);
    this.events.on(SURVEY_CREATED, this.surveyCreated);
  }

  onModuleInit(): void {
    this.jobs.registerTask<{ chatId: string }>(CHAT_CUSTOMER_GONE_TASK, (payload) => this.customerGone(payload.chatId));
  }

  onModuleDestroy(): void {
    this.events.off(ROUTING_COMMITTED, this.committed);
    this.events.off(SURVEY_CREATED, this.surveyCreated);
  }

  /** A customer starts a chat: a chat contact in the configured queue, and the token the page talks with. */
  async start(input: StartChatInput): Promise<StartChatResponse> {
    const firstMessage = input.message === undefined ? null : messageText(input.message);
    const name = input.name.trim() || 'Customer';
    const { interaction } = await this.interactions.ingest({
      channel: 'chat',
      queue: this.config.CHAT_QUEUE,
      caller: { name, ...(input.email ? { email: input.email } : {}) },
      ...(input.language === 'zh-CN' ? { language: 'zh-cmn' as const } : {}),
      subject: 'Chat',
    });
    const token = newPublicToken('cht');
    await this.chats.createSession(interaction.id, hashPublicToken(token), name, input.language ?? 'en');
    if (firstMessage) await this.chats.addMessage(interaction.id, 'customer', null, firstMessage);
    return { chatId: interaction.id, token };
  }

  /** The chat a customer's token opens (ended ones too: the page shows the transcript and the survey). */
  async sessionOfToken(token: unknown): Promise<ChatSessionRow> {
    if (typeof token !== 'string' || token.length > 100) throw chatErrors.notFound();
    const session = await this.chats.sessionByTokenHash(hashPublicToken(token));
    if (!session) throw chatErrors.notFound();
    return session;
  }

  async transcript(chatId: string): Promise<ChatTranscript> {
    const session = await this.chats.session(chatId);
    if (!session) throw chatErrors.notFound();
    const [contact, messages] = await Promise.all([this.chats.contact(chatId), this.chats.transcript(chatId)]);
    const live = this.routing.core.getContact(chatId);
    const status: ChatStatus = session.ended_at ? 'ended' : live?.status === 'connected' ? 'connected' : live ? 'waiting' : 'ended';
    return {
      chatId,
      customerName: session.customer_name,
      status,
      agentName: contact?.agentId ? contact.agentName : null,
      endedBy: session.ended_by,
      messages,
    };
  }

  /** The transcript for staff who may read the contact (its agent, supervisors, team leads of the agent's team). */
  async transcriptFor(chatId: string, principal: AuthenticatedPrincipal): Promise<ChatTranscript> {
    await this.interactions.getFor(chatId, principal);
    return this.transcript(chatId);
  }

  /** A customer's unanswered survey link again (after a reload of the page); null when none is open. */
  surveyLinkOf(chatId: string): Promise<string | null> {
    return this.satisfaction.reissueLink(chatId);
  }

  async customerSays(chatId: string, body: unknown): Promise<ChatMessage> {
    const text = messageText(body);
    const message = await this.chats.addMessage(chatId, 'customer', null, text);
    if (!message) throw chatErrors.ended(chatId);
    this.hub.toBoth(chatId, 'chat:message', message);
    return message;
  }

  /** Only the agent the chat is connected to writes in it. */
  async agentSays(chatId: string, user: AuthenticatedUser, body: unknown): Promise<ChatMessage> {
    const text = messageText(body);
    this.requireHandling(chatId, user);
    const message = await this.chats.addMessage(chatId, 'agent', user.id, text);
    if (!message) throw chatErrors.ended(chatId);
    this.hub.toBoth(chatId, 'chat:message', message);
    return message;
  }

  customerTyping(chatId: string, typing: boolean): void {
    this.hub.toDesks(chatId, 'chat:typing', { chatId, author: 'customer', typing });
  }

  agentTyping(chatId: string, user: AuthenticatedUser, typing: boolean): void {
    const contact = this.routing.core.getContact(chatId);
    if (contact?.agentId !== user.id) return;
    this.hub.toCustomer(chatId, 'chat:typing', { chatId, author: 'agent', typing });
  }

  /** The customer leaves: the chat ends (stored, then said), and so does its contact in routing. */
  async customerLeaves(chatId: string): Promise<ChatEnded> {
    const session = await this.chats.session(chatId);
    if (!session) throw chatErrors.notFound();
    if (await this.chats.end(chatId, 'customer')) this.hub.toBoth(chatId, 'chat:ended', { chatId, endedBy: 'customer' });
    await this.routing.whenActive();
    const contact = this.routing.core.getContact(chatId);
    if (contact?.status === 'connected') await this.interactions.end(chatId, CHAT_PAGE);
    else if (contact && (contact.status === 'waiting' || contact.status === 'offered')) await this.interactions.abandon(chatId);
    const ended = await this.chats.session(chatId);
    return { chatId, endedBy: ended?.ended_by ?? 'customer' };
  }

  /**
   * The customer's page closed or lost its connection. A reload or a blip comes back within the grace; a durable
   * check (it survives a restart of the server) ends the chat as left by the customer if they have not.
   */
  async customerDisconnected(chatId: string): Promise<void> {
    const session = await this.chats.session(chatId);
    if (!session || session.ended_at || (await this.hub.customerConnected(chatId))) return;
    const runAt = new Date(Date.now() + this.config.CHAT_LEAVE_GRACE_SECONDS * 1000);
    await this.jobs.enqueue(CHAT_CUSTOMER_GONE_TASK, { chatId }, { runAt, jobKey: customerGoneJobKey(chatId), jobKeyMode: 'replace', maxAttempts: 5 });
  }

  /** The customer's page is back: the chat goes on. */
  async customerReturned(chatId: string): Promise<void> {
    await this.jobs.cancel(customerGoneJobKey(chatId));
  }

  private async customerGone(chatId: string): Promise<void> {
    const session = await this.chats.session(chatId);
    if (!session || session.ended_at || (await this.hub.customerConnected(chatId))) return;
    await this.customerLeaves(chatId);
  }

  /** The agent leaves the chat: its contact ends (after-contact work starts); the chat ends when routing says so. */
  async agentLeaves(chatId: string, user: AuthenticatedUser): Promise<ChatEnded> {
    if (!hasRole(user, 'supervisor')) this.requireHandling(chatId, user);
    await this.interactions.end(chatId, user);
    await this.ended(chatId, 'agent');
    const ended = await this.chats.session(chatId);
    return { chatId, endedBy: ended?.ended_by ?? 'agent' };
  }

  private requireHandling(chatId: string, user: AuthenticatedUser): void {
    const contact = this.routing.core.getContact(chatId);
    if (!contact) throw chatErrors.ended(chatId);
    if (contact.agentId !== user.id) throw chatErrors.notYours(chatId);
    if (contact.status !== 'connected') throw chatErrors.notConnected(chatId);
  }

  private async agentJoined(chatId: string, agentId: string): Promise<void> {
    const agentName = await this.chats.displayName(agentId);
    this.hub.toCustomer(chatId, 'chat:agent', { chatId, agentName: agentName ?? '' });
  }

  private async ended(chatId: string, endedBy: 'customer' | 'agent'): Promise<void> {
    if (await this.chats.end(chatId, endedBy)) this.hub.toBoth(chatId, 'chat:ended', { chatId, endedBy });
  }

  private async safely(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error(`chat update failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

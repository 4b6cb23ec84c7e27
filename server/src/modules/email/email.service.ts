import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  addWorkingTime,
  EMAIL_DEPARTMENTS,
  EMAIL_REPLY_OVERDUE_ALERT,
  type EmailContactView,
  type EmailDepartment,
  type EmailMailbox,
  type EmailMessageView,
  type EmailPriority,
  type EmailReplyDraft,
  type EmailReplyTemplate,
  type EmailRule,
  type EmailSettings,
  type EmailBacklogView,
  type EmailSettingsView,
  type RealtimeAlert,
} from '@callcentre/shared';
import { AuthenticatedPrincipal, AuthenticatedUser, hasRole } from '../../common/auth';
import { AppConfig, smtpPort } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { JobsService } from '../../common/jobs';
import { AlertsService } from '../alerts';
import type { StoredAlert } from '../alerts';
import { AuditService } from '../audit';
import { CalendarsService } from '../calendars';
import { CreateInteractionDto } from '../interactions';
import { InteractionsService, type IngestResult } from '../interactions';
import { LiveAlertsService } from '../realtime';
import { RoutingService } from '../routing';
import { cleanMessageId, MimeRefusal, parseInbound, plainAddress } from './email-mime';
import { promiseMinutesOf, sortMessage } from './email-sorting';
import { emailErrors } from './email.errors';
import { EmailRepository, type AttachmentRow, type MessageRow } from './email.repository';

export const EMAIL_SEND_TASK = 'email.send';
export const EMAIL_REPLY_DUE_TASK = 'email.reply_due';
export const EMAIL_ROUTE_TASK = 'email.route';
/** Send attempts before a reply is marked failed (graphile-worker backs off exponentially between them). */
export const EMAIL_SEND_ATTEMPTS = 6;
/** A stored message still not a contact this long after arrival is routed by the safety-net job. */
const ROUTE_SAFETY_DELAY_MS = 30_000;
const SETTINGS_CACHE_MS = 5_000;
/**
 * Routing priority points of each e-mail priority, on top of queue, value tier, complaint and aging: an urgent
 * message overtakes ordinary ones, auto-replies and bounces wait behind everything (about 100 s of aging per 10).
 */
export const EMAIL_PRIORITY_BOOST: Readonly<Record<EmailPriority, number>> = { 1: 20, 2: 10, 3: 0, 4: -5, 5: -10 };

export interface InboundEnvelope {
  readonly from: string | null;
  readonly recipients: readonly string[];
  readonly remoteAddress: string | null;
}

export interface ReceiveResult {
  readonly messageRowId: string;
  readonly interactionId: string | null;
  readonly duplicate: boolean;
  readonly ingest: IngestResult | null;
}

/** The templates' words, in the languages of the console. */
const DRAFT_WORDS = {
  en: {
    greeting: (name: string | null) => (name ? `Dear ${name},` : 'Dear customer,'),
    thanks: 'Thank you for your message.',
    thanksForSuggestion: 'Thank you for your suggestion. We have passed it on to the team concerned, and ideas like yours are how our service improves.',
    regards: 'Kind regards,',
    wrote: (at: string, who: string) => `On ${at}, ${who} wrote:`,
  },
  'zh-CN': {
    greeting: (name: string | null) => (name ? `尊敬的${name}：` : '尊敬的客户：'),
    thanks: '感谢您的来信。',
    thanksForSuggestion: '感谢您提出的宝贵建议。我们已转交相关团队，正是您这样的建议让我们的服务不断改进。',
    regards: '此致\n敬礼',
    wrote: (at: string, who: string) => `在 ${at}，${who} 写道：`,
  },
} as const;

export const sendJobKey = (id: string) => `email-send:${id}`;
const dueJobKey = (interactionId: string) => `email-reply-due:${interactionId}`;
const routeJobKey = (id: string) => `email-route:${id}`;

/** Control characters that may never reach a mail header (CR and LF above all). */
const HEADER_UNSAFE = /[\p{Cc}\u2028\u2029]/u;

function domainOf(address: string): string {
  return address.split('@')[1] ?? 'localhost';
}

/**
 * The e-mail channel: messages arrive (SMTP or a mail gateway), are stored whole, threaded into conversations,
 * sorted by department and priority, and become contacts through the ingestion path so that routing offers them
 * to a qualified agent (the agent of the thread first). Agents answer from the console; a reply is stored, then
 * sent by a durable job through SMTP_RELAY_URL. The reply promise is a due time on the business calendar, and a
 * durable job raises an alert when it passes unanswered.
 */
@Injectable()
export class EmailService {
  private readonly logger = new Logger('Email');
  private settingsCache: { at: number; value: Promise<EmailSettings> } | null = null;

  constructor(
    private readonly repository: EmailRepository,
    private readonly interactions: InteractionsService,
    private readonly routing: RoutingService,
    private readonly calendars: CalendarsService,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly alerts: AlertsService,
    private readonly liveAlerts: LiveAlertsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get relayConfigured(): boolean {
    return Boolean(this.config.SMTP_RELAY_URL);
  }

  settings(): Promise<EmailSettings> {
    const now = Date.now();
    if (!this.settingsCache || now - this.settingsCache.at > SETTINGS_CACHE_MS) {
      const value = this.repository.settings();
      this.settingsCache = { at: now, value };
      value.catch(() => (this.settingsCache = null));
    }
    return this.settingsCache.value;
  }

  /** The centre's mailbox for this address, or null: mail for any other address is refused at RCPT time. */
  async mailboxOf(address: string): Promise<EmailMailbox | null> {
    const plain = plainAddress(address);
    if (!plain) return null;
    return (await this.settings()).mailboxes.find((mailbox) => mailbox.address === plain) ?? null;
  }

  /**
   * One message as received: parsed (a refusal throws MimeRefusal with its SMTP code), threaded and stored whole in
   * one transaction with a safety-net routing job, then made a contact. Resolves once the message is stored: the
   * SMTP 250 follows. A message delivered twice (same Message-ID) is stored once.
   */
  async receive(raw: Buffer, envelope: InboundEnvelope): Promise<ReceiveResult> {
    const fallbackId = `${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@received.invalid`;
    const parsed = await parseInbound(raw, envelope.from, fallbackId);
    const settings = await this.settings();
    const recipients = [...envelope.recipients, ...parsed.to, ...parsed.cc].map((address) => plainAddress(address)).filter((address): address is string => address !== null);
    const mailbox = recipients.map((address) => settings.mailboxes.find((candidate) => candidate.address === address)).find((found) => found !== undefined);
    if (!mailbox) throw emailErrors.notOurAddress();

    const existing = await this.repository.inboundByMessageId(parsed.messageId);
    if (existing) return { messageRowId: existing.id, interactionId: existing.interaction_id, duplicate: true, ingest: null };

    const id = randomUUID();
    const receivedAt = new Date();
    const stored = await this.repository.transaction(async (manager) => {
      const threaded =
        (await this.repository.conversationOfMessageIds(manager, [...(parsed.inReplyTo ? [parsed.inReplyTo] : []), ...parsed.references])) ??
        (await this.repository.conversationOfSubject(manager, parsed.from, parsed.normalizedSubject));
      const inserted = await this.repository.insertInbound(manager, {
        id,
        conversationId: threaded ?? id,
        mailbox: mailbox.address,
        parsed,
        sizeBytes: raw.length,
        remoteAddress: envelope.remoteAddress,
        receivedAt,
      });
      if (inserted) await this.jobs.enqueue(EMAIL_ROUTE_TASK, { messageRowId: id }, { runAt: new Date(receivedAt.getTime() + ROUTE_SAFETY_DELAY_MS), jobKey: routeJobKey(id) }, manager);
      return inserted;
    });
    if (!stored) {
      const twin = await this.repository.inboundByMessageId(parsed.messageId);
      return { messageRowId: twin?.id ?? id, interactionId: twin?.interaction_id ?? null, duplicate: true, ingest: null };
    }
    try {
      const ingest = await this.route(id);
      return { messageRowId: id, interactionId: ingest?.interaction.id ?? null, duplicate: false, ingest };
    } catch (error) {
      // Stored: the safety-net job routes it. The sender still gets its 250.
      this.logger.error(`routing e-mail ${id} failed, the routing job will retry: ${error instanceof Error ? error.message : String(error)}`);
      return { messageRowId: id, interactionId: null, duplicate: false, ingest: null };
    }
  }

  /**
   * A message a mail gateway posts over HTTP (the raw RFC 5322 text, base64): the same checks, storage and routing
   * as mail arriving by SMTP, refusals answered as 422 with the SMTP code the listener would have used.
   */
  async receiveFromGateway(raw: Buffer, recipients: readonly string[]): Promise<ReceiveResult> {
    if (raw.length > this.config.SMTP_MAX_MESSAGE_BYTES) throw emailErrors.tooBig(this.config.SMTP_MAX_MESSAGE_BYTES);
    try {
      return await this.receive(raw, { from: null, recipients, remoteAddress: null });
    } catch (error) {
      if (error instanceof MimeRefusal) throw emailErrors.refused(error.responseCode, error.message);
      throw error;
    }
  }

  /** Makes a stored incoming message a contact (idempotent: the ingestion's external id is the message's). */
  async route(messageRowId: string): Promise<IngestResult | null> {
    const message = await this.repository.message(messageRowId);
    if (!message || message.direction !== 'inbound') return null;
    if (message.interaction_id) return null;
    const settings = await this.settings();
    const customer = await this.repository.customerByEmail(message.from_address);
    const mailboxDepartment = settings.mailboxes.find((mailbox) => mailbox.address === message.mailbox)?.department ?? 'customer_service';
    const openComplaint = await this.repository.hasOpenComplaint(message.conversation_id, customer?.id ?? null);
    const rules = await this.repository.rules();
    const sorted = sortMessage(rules, {
      mailbox: message.mailbox,
      mailboxDepartment,
      from: message.from_address,
      subject: message.subject,
      text: message.text_body,
      tier: customer?.valueTier ?? null,
      autoReply: message.auto_reply,
      openComplaint,
    });
    const threadAgent = message.conversation_id !== message.id ? await this.repository.lastAgentOfConversation(message.conversation_id) : null;

    const input = Object.assign(new CreateInteractionDto(), {
      channel: 'email' as const,
      caller: { ...(customer ? { customerId: customer.id } : {}), email: message.from_address, ...(message.from_name ? { name: message.from_name.slice(0, 160) } : {}) },
      queue: this.queueFor(settings, sorted.department),
      externalId: `email:${message.id}`,
      complaint: sorted.complaint,
      subject: (message.subject || '(no subject)').slice(0, 300),
      ...(threadAgent ? { preferredAgentId: threadAgent } : {}),
    });
    const result = await this.interactions.ingest(input);
    const interactionId = result.interaction.id;
    const dueAt = await this.dueAt(message.received_at, sorted.priority, settings);
    await this.repository.transaction(async (manager) => {
      await this.repository.insertContact(manager, {
        interactionId,
        messageId: message.id,
        conversationId: message.conversation_id,
        department: sorted.department,
        priority: sorted.priority,
        sorting: sorted.reasons,
        dueAt,
      });
      await this.jobs.enqueue(EMAIL_REPLY_DUE_TASK, { interactionId }, { runAt: dueAt, jobKey: dueJobKey(interactionId), jobKeyMode: 'replace' }, manager);
      await this.jobs.cancel(routeJobKey(message.id), manager);
    });
    await this.applyRoutingPriority(interactionId, sorted.priority);
    return result;
  }

  /** Gives a contact still waiting (or ringing) the routing points of its e-mail priority. */
  private async applyRoutingPriority(interactionId: string, priority: EmailPriority): Promise<void> {
    const live = this.routing.core.getContact(interactionId);
    const boost = EMAIL_PRIORITY_BOOST[priority];
    if (!live || (live.status !== 'waiting' && live.status !== 'offered')) return;
    if (boost === 0 && this.routing.core.explain(interactionId, this.routing.now()).priority.boost === 0) return;
    try {
      await this.routing.dispatch({ type: 'set_priority_boost', contactId: interactionId, boost, by: { kind: 'system' } });
    } catch (error) {
      this.logger.warn(`routing priority of e-mail ${interactionId} not set: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private queueFor(settings: EmailSettings, department: EmailDepartment): string {
    const wanted = settings.departmentQueues[department];
    if (wanted && this.routing.queue(wanted)) return wanted;
    if (this.routing.queue('general')) return 'general';
    const first = this.routing.queues().sort((a, b) => a.basePriority - b.basePriority || a.code.localeCompare(b.code))[0];
    return first?.code ?? wanted ?? 'general';
  }

  private async dueAt(from: Date, priority: EmailPriority, settings: EmailSettings): Promise<Date> {
    const { calendar } = await this.calendars.current();
    return addWorkingTime(calendar, from, promiseMinutesOf(settings, priority) * 60_000);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reading
  // -------------------------------------------------------------------------------------------------------------

  /** The e-mail contact with its whole conversation, for whoever may read the contact. */
  async contactView(interactionId: string, principal: AuthenticatedPrincipal): Promise<EmailContactView> {
    const interaction = await this.interactions.getFor(interactionId, principal);
    const contact = await this.repository.contact(interactionId);
    if (!contact) throw emailErrors.notEmailContact(interactionId);
    const messages = await this.repository.conversationMessages(contact.conversation_id);
    const attachments = await this.repository.attachmentsOf(messages.map((message) => message.id));
    const opening = messages.find((message) => message.id === contact.message_id);
    return {
      interactionId,
      conversationId: contact.conversation_id,
      department: contact.department,
      priority: contact.priority,
      sorting: contact.sorting,
      dueAt: new Date(contact.due_at).toISOString(),
      firstReplyAt: contact.first_reply_at ? new Date(contact.first_reply_at).toISOString() : null,
      breachedAt: contact.breached_at ? new Date(contact.breached_at).toISOString() : null,
      customerName: interaction.customerName,
      mailbox: opening?.mailbox ?? '',
      messageId: contact.message_id,
      messages: messages.map((message) => this.messageView(message, attachments)),
      relayConfigured: this.relayConfigured,
    };
  }

  private messageView(message: MessageRow, attachments: readonly AttachmentRow[]): EmailMessageView {
    return {
      id: message.id,
      direction: message.direction,
      messageId: message.message_id,
      from: { address: message.from_address, name: message.from_name },
      to: message.to_addresses,
      subject: message.subject,
      text: message.text_body,
      hadHtml: message.had_html,
      autoReply: message.auto_reply,
      at: new Date(message.received_at).toISOString(),
      attachments: attachments
        .filter((attachment) => attachment.message_id === message.id)
        .map((attachment) => ({
          id: attachment.id,
          filename: attachment.filename,
          contentType: attachment.content_type,
          sizeBytes: attachment.size_bytes,
          downloadUrl: `/api/email/attachments/${attachment.id}`,
        })),
      interactionId: message.interaction_id,
      sendState: message.send_state,
      sendAttempts: message.send_attempts,
      sendError: message.send_error,
      sentAt: message.sent_at ? new Date(message.sent_at).toISOString() : null,
      authorName: message.author_name,
    };
  }

  /** An attachment's bytes, for whoever may read the contact its message belongs to. */
  async attachment(id: string, principal: AuthenticatedPrincipal): Promise<{ filename: string; contentType: string; content: Buffer }> {
    const found = await this.repository.attachment(id);
    if (!found || !found.interaction_id) throw emailErrors.attachmentNotFound(id);
    await this.interactions.getFor(found.interaction_id, principal);
    return { filename: found.filename, contentType: found.content_type, content: found.content };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Replies
  // -------------------------------------------------------------------------------------------------------------

  /**
   * A reply filled from a template in the agent's language (English or Chinese): the customer's name, the agent's
   * signature and the original quoted.
   */
  async draft(interactionId: string, template: EmailReplyTemplate, principal: AuthenticatedUser, language: 'en' | 'zh-CN' = 'en'): Promise<EmailReplyDraft> {
    const view = await this.contactView(interactionId, principal);
    const original = view.messages.find((message) => message.id === view.messageId);
    const name = view.customerName ?? original?.from.name ?? null;
    const words = DRAFT_WORDS[language];
    const at = original ? new Date(original.at) : null;
    const quoted =
      original && at
        ? `\n\n${words.wrote(language === 'en' ? at.toUTCString() : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`, original.from.name ?? original.from.address)}\n${original.text
            .split(/\r?\n/)
            .slice(0, 200)
            .map((line) => `> ${line}`)
            .join('\n')}`
        : '';
    const subject = original?.subject ? (/^\s*re\s*:/i.test(original.subject) ? original.subject : `Re: ${original.subject}`) : 'Re: your message';
    const body = `${words.greeting(name)}\n\n${template === 'thanks_for_suggestion' ? words.thanksForSuggestion : words.thanks}\n\n\n${words.regards}\n${principal.displayName}${quoted}`;
    return { subject: subject.replace(/\p{Cc}/gu, ' ').slice(0, 300), body };
  }

  /**
   * The agent's reply: stored (with the thread's headers decided now) before anything is sent, then sent by a
   * durable job with retries. Without a relay it is kept and marked `not_sent`. Only the agent handling the
   * contact, or a supervisor, may reply; a subject with a line break or a control character is refused.
   */
  async reply(interactionId: string, input: { subject?: string; body: string }, principal: AuthenticatedUser): Promise<EmailMessageView> {
    const interaction = await this.interactions.getFor(interactionId, principal);
    if (!hasRole(principal, 'supervisor') && interaction.agentId !== principal.id) throw emailErrors.notYourContact(interactionId);
    const contact = await this.repository.contact(interactionId);
    if (!contact) throw emailErrors.notEmailContact(interactionId);
    const original = await this.repository.message(contact.message_id);
    if (!original) throw emailErrors.messageNotFound(contact.message_id);
    const to = plainAddress(original.from_address);
    if (!to) throw emailErrors.noRecipient(interactionId);
    const subject = (input.subject ?? (original.subject ? `Re: ${original.subject}` : 'Re: your message')).trim();
    if (HEADER_UNSAFE.test(subject)) throw emailErrors.unsafeHeader('subject');
    const id = randomUUID();
    const messageId = `${id}@${domainOf(original.mailbox)}`;
    const references = [...original.reference_ids, original.message_id].map((ref) => cleanMessageId(ref)).filter((ref): ref is string => ref !== null).slice(-20);
    const state = this.relayConfigured ? 'queued' : 'not_sent';
    await this.repository.transaction(async (manager) => {
      await this.repository.insertOutbound(manager, {
        id,
        conversationId: contact.conversation_id,
        messageId,
        inReplyTo: original.message_id,
        references,
        mailbox: original.mailbox,
        to,
        subject: subject.slice(0, 998),
        text: input.body.replace(/\r\n?/g, '\n'),
        interactionId,
        authorId: principal.id,
        sendState: state,
        at: new Date(),
      });
      if (state === 'not_sent') await this.repository.setSendState(manager, id, 'not_sent', 'no relay configured (SMTP_RELAY_URL is not set)');
      else await this.jobs.enqueue(EMAIL_SEND_TASK, { messageRowId: id }, { jobKey: sendJobKey(id), maxAttempts: EMAIL_SEND_ATTEMPTS }, manager);
      await this.jobs.cancel(dueJobKey(interactionId), manager);
    });
    await this.audit.record({ actor: principal, action: 'email.reply_stored', target: { type: 'interaction', id: interactionId }, details: { messageId: id, to, state } });
    return this.outboundView(id);
  }

  /** Sends a reply that failed or was kept for want of a relay, once a relay is configured. */
  async retry(messageRowId: string, principal: AuthenticatedUser): Promise<EmailMessageView> {
    const message = await this.repository.message(messageRowId);
    if (!message || message.direction !== 'outbound' || !message.interaction_id) throw emailErrors.messageNotFound(messageRowId);
    const interaction = await this.interactions.getFor(message.interaction_id, principal);
    if (!hasRole(principal, 'supervisor') && interaction.agentId !== principal.id && message.author_id !== principal.id) throw emailErrors.notYourContact(message.interaction_id);
    if (message.send_state === 'sent' || message.send_state === 'queued' || !this.relayConfigured) throw emailErrors.notRetryable(messageRowId, message.send_state ?? 'unknown');
    await this.repository.transaction(async (manager) => {
      await this.repository.setSendState(manager, messageRowId, 'queued', null);
      await this.jobs.enqueue(EMAIL_SEND_TASK, { messageRowId }, { jobKey: sendJobKey(messageRowId), maxAttempts: EMAIL_SEND_ATTEMPTS }, manager);
    });
    return this.outboundView(messageRowId);
  }

  private async outboundView(id: string): Promise<EmailMessageView> {
    const message = await this.repository.message(id);
    if (!message) throw emailErrors.messageNotFound(id);
    return this.messageView(message, []);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Sorting changed by a supervisor, settings and rules
  // -------------------------------------------------------------------------------------------------------------

  /** A supervisor moves a contact to another department or priority (audited); the due time follows the priority. */
  async changeSorting(interactionId: string, change: { department?: EmailDepartment; priority?: EmailPriority }, principal: AuthenticatedUser): Promise<EmailContactView> {
    await this.interactions.getFor(interactionId, principal);
    const settings = await this.settings();
    const result = await this.repository.transaction(async (manager) => {
      const contact = await this.repository.contact(interactionId, manager, true);
      if (!contact) throw emailErrors.notEmailContact(interactionId);
      const department = change.department ?? contact.department;
      const priority = change.priority ?? contact.priority;
      const dueAt = priority === contact.priority ? new Date(contact.due_at) : await this.dueAt(new Date(contact.created_at), priority, settings);
      await this.repository.updateSorting(manager, interactionId, department, priority, dueAt);
      if (!contact.first_reply_at && !contact.breached_at && dueAt.getTime() !== new Date(contact.due_at).getTime()) {
        await this.jobs.enqueue(EMAIL_REPLY_DUE_TASK, { interactionId }, { runAt: dueAt, jobKey: dueJobKey(interactionId), jobKeyMode: 'replace' }, manager);
      }
      await this.audit.record(
        {
          actor: principal,
          action: 'email.sorting_changed',
          target: { type: 'interaction', id: interactionId },
          details: { before: { department: contact.department, priority: contact.priority }, after: { department, priority } },
        },
        manager,
      );
      return { departmentChanged: department !== contact.department, department, priority, priorityChanged: priority !== contact.priority };
    });
    if (result.priorityChanged) await this.applyRoutingPriority(interactionId, result.priority);
    if (result.departmentChanged) {
      const brief = await this.repository.interactionBrief(interactionId);
      const queue = this.queueFor(settings, result.department);
      const target = this.routing.queue(queue);
      if (brief && target && brief.status === 'waiting' && brief.queue_id !== target.id) {
        await this.interactions.transfer(interactionId, { queue }, principal).catch((error: unknown) => {
          this.logger.warn(`moving e-mail ${interactionId} to queue ${queue} failed: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
    }
    return this.contactView(interactionId, principal);
  }

  /** Unanswered e-mail per queue for the wallboard: waiting, overdue, nearest due time. */
  async backlog(): Promise<EmailBacklogView> {
    const now = new Date();
    const rows = await this.repository.backlog(now);
    return { at: now.toISOString(), queues: rows.map((row) => ({ queueId: row.queueId, waiting: row.waiting, overdue: row.overdue, nextDueAt: row.nextDueAt ? new Date(row.nextDueAt).toISOString() : null })) };
  }

  async settingsView(): Promise<EmailSettingsView> {
    const settings = await this.repository.settings();
    return { ...settings, rules: await this.repository.rules(), relayConfigured: this.relayConfigured, smtpPort: smtpPort(this.config) };
  }

  async updateSettings(input: EmailSettings, user: AuthenticatedUser): Promise<EmailSettingsView> {
    const addresses = input.mailboxes.map((mailbox) => plainAddress(mailbox.address));
    if (addresses.some((address) => address === null)) throw emailErrors.invalidSettings('every mailbox address must be a plain e-mail address');
    if (new Set(addresses).size !== addresses.length) throw emailErrors.invalidSettings('a mailbox address is listed twice');
    for (const department of EMAIL_DEPARTMENTS) {
      const queue = input.departmentQueues[department];
      if (!queue || !this.routing.queue(queue)) throw emailErrors.unknownQueue(department, queue ?? '');
    }
    const settings: EmailSettings = {
      mailboxes: input.mailboxes.map((mailbox, index) => ({ address: addresses[index] as string, department: mailbox.department })),
      departmentQueues: Object.fromEntries(EMAIL_DEPARTMENTS.map((department) => [department, input.departmentQueues[department]])) as EmailSettings['departmentQueues'],
      promiseMinutes: { '1': input.promiseMinutes['1'], '2': input.promiseMinutes['2'], '3': input.promiseMinutes['3'], '4': input.promiseMinutes['4'], '5': input.promiseMinutes['5'] },
    };
    await this.repository.transaction(async (manager) => {
      const before = await this.repository.saveSettings(manager, settings, user.id);
      await this.audit.record({ actor: user, action: 'email.settings_updated', target: { type: 'email_settings', id: 'default' }, details: { before, after: settings } }, manager);
    });
    this.settingsCache = null;
    return this.settingsView();
  }

  async updateRules(rules: readonly EmailRule[], user: AuthenticatedUser): Promise<EmailSettingsView> {
    await this.repository.transaction(async (manager) => {
      const before = await this.repository.rules(manager);
      await this.repository.replaceRules(manager, rules);
      await this.audit.record(
        { actor: user, action: 'email.rules_updated', target: { type: 'email_rules', id: 'default' }, details: { before: before.map(({ id: _id, ...rule }) => rule), after: rules } },
        manager,
      );
    });
    return this.settingsView();
  }

  // -------------------------------------------------------------------------------------------------------------
  // The reply promise
  // -------------------------------------------------------------------------------------------------------------

  /** The due job: when the contact is still unanswered at its due time, it is marked breached and an alert raised. */
  async processDue(interactionId: string): Promise<boolean> {
    const now = new Date();
    const brief = await this.repository.interactionBrief(interactionId);
    const raised = await this.repository.transaction(async (manager) => {
      const contact = await this.repository.contact(interactionId, manager, true);
      if (!contact || contact.first_reply_at || contact.breached_at) return null;
      if (new Date(contact.due_at).getTime() > now.getTime()) {
        // Moved later (a priority change): come back then.
        await this.jobs.enqueue(EMAIL_REPLY_DUE_TASK, { interactionId }, { runAt: new Date(contact.due_at), jobKey: dueJobKey(interactionId), jobKeyMode: 'replace' }, manager);
        return null;
      }
      if (!(await this.repository.markBreached(manager, interactionId, now))) return null;
      const alert: RealtimeAlert = {
        id: randomUUID(),
        kind: EMAIL_REPLY_OVERDUE_ALERT,
        severity: contact.priority <= 2 ? 'critical' : 'warning',
        at: now.getTime(),
        message: `E-mail ${brief?.customer_name ? `from ${brief.customer_name} ` : ''}not answered by its due time (priority ${contact.priority}, ${contact.department})`,
        contactId: interactionId,
        ...(brief?.queue_id ? { queueId: brief.queue_id } : {}),
        ...(brief?.agent_id ? { agentId: brief.agent_id } : {}),
        details: { department: contact.department, priority: contact.priority, dueAt: new Date(contact.due_at).toISOString(), customerName: brief?.customer_name ?? null },
        acknowledged: null,
      };
      const stored: StoredAlert = { alert, audience: { users: brief?.agent_id ? [brief.agent_id] : [], roles: ['supervisor', 'team_lead'] } };
      await this.alerts.store(manager, stored);
      return stored;
    });
    if (raised) {
      try {
        this.liveAlerts.raised(raised);
      } catch (error) {
        this.logger.error(`pushing the overdue e-mail alert failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return raised !== null;
  }
}

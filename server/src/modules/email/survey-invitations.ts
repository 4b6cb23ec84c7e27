import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { JobsService } from '../../common/jobs';
import { SURVEY_CREATED, type SurveyCreated } from '../satisfaction';
import { SatisfactionService } from '../satisfaction';
import { cleanMessageId, plainAddress } from './email-mime';
import { EmailRepository, type MessageRow } from './email.repository';
import { EMAIL_SEND_ATTEMPTS, EMAIL_SEND_TASK, sendJobKey } from './email.service';

/**
 * Stands in the stored text of a survey invitation for the link. The link's token is made when the mail is sent
 * and never stored in clear: agents reading the conversation cannot answer the customer's survey.
 */
export const SURVEY_LINK_PLACEHOLDER = '[survey link]';

const WORDING = {
  en: {
    subject: (original: string | null) => (original ? `How did we do? (Re: ${original})` : 'How did we do?'),
    body: (hours: number) =>
      [
        'Hello,',
        '',
        'thank you for writing to us. Would you tell us in two short questions how we handled your message?',
        '',
        SURVEY_LINK_PLACEHOLDER,
        '',
        `The link works once and for ${hours} hours. No sign-in is needed.`,
      ].join('\n'),
  },
  'zh-CN': {
    subject: (original: string | null) => (original ? `您对我们的服务满意吗？（回复：${original}）` : '您对我们的服务满意吗？'),
    body: (hours: number) =>
      ['您好：', '', '感谢您的来信。请回答两个简短的问题，告诉我们这次处理得怎么样：', '', SURVEY_LINK_PLACEHOLDER, '', `此链接只能使用一次，${hours} 小时内有效，无需登录。`].join('\n'),
  },
} as const;

const wordingFor = (language: string | null) => (language?.startsWith('zh') ? WORDING['zh-CN'] : WORDING.en);

/**
 * The e-mail side of satisfaction after every contact: when an e-mail contact's survey is created, the customer
 * gets an invitation in the same thread, stored first and sent by the outbox's durable job like a reply. Without
 * PUBLIC_URL (where customers reach the survey page) or a relay, the invitation is kept and shown as not sent.
 */
@Injectable()
export class SurveyInvitations implements OnModuleDestroy {
  private readonly logger = new Logger('EmailSurveys');
  private readonly surveyCreated = (created: SurveyCreated) => {
    if (created.channel !== 'email' || !created.token) return;
    this.invite(created.interactionId, created.language).catch((error) => this.logger.error(`survey invitation for ${created.interactionId} not stored: ${String(error)}`));
  };

  constructor(
    private readonly repository: EmailRepository,
    private readonly satisfaction: SatisfactionService,
    private readonly jobs: JobsService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.events.on(SURVEY_CREATED, this.surveyCreated);
  }

  onModuleDestroy(): void {
    this.events.off(SURVEY_CREATED, this.surveyCreated);
  }

  /** Stores the invitation to the contact's survey (once per contact) and queues its sending. */
  async invite(interactionId: string, language: string | null): Promise<void> {
    const contact = await this.repository.contact(interactionId);
    // A contact posted as e-mail without a stored message (a gateway's plain contact) has no thread to answer in.
    if (!contact) return;
    const original = await this.repository.message(contact.message_id);
    const to = original ? plainAddress(original.from_address) : null;
    if (!original || !to) return;
    const wording = wordingFor(language);
    const id = randomUUID();
    const domain = original.mailbox.split('@')[1] ?? 'localhost';
    const references = [...original.reference_ids, original.message_id].map((ref) => cleanMessageId(ref)).filter((ref): ref is string => ref !== null).slice(-20);
    const missing = !this.config.PUBLIC_URL ? 'no public address configured (PUBLIC_URL is not set)' : !this.config.SMTP_RELAY_URL ? 'no relay configured (SMTP_RELAY_URL is not set)' : null;
    await this.repository.transaction(async (manager) => {
      const stored = await this.repository.insertSurveyInvitation(manager, {
        id,
        conversationId: contact.conversation_id,
        messageId: `survey-${interactionId}@${domain}`,
        inReplyTo: original.message_id,
        references,
        mailbox: original.mailbox,
        to,
        subject: wording.subject(original.subject).slice(0, 998),
        text: wording.body(this.config.SURVEY_TTL_HOURS),
        interactionId,
        sendState: missing ? 'not_sent' : 'queued',
        sendError: missing,
        at: new Date(),
      });
      if (stored && !missing) await this.jobs.enqueue(EMAIL_SEND_TASK, { messageRowId: id }, { jobKey: sendJobKey(id), maxAttempts: EMAIL_SEND_ATTEMPTS }, manager);
    });
  }

  /**
   * The text to send for a stored invitation, with a fresh link in place of the placeholder (each attempt's link
   * replaces the one before). Null when the survey can no longer be answered (answered or expired).
   */
  async textToSend(message: MessageRow): Promise<string | null> {
    if (!message.interaction_id || !this.config.PUBLIC_URL) return null;
    const path = await this.satisfaction.reissueLink(message.interaction_id);
    if (!path) return null;
    return message.text_body.replace(SURVEY_LINK_PLACEHOLDER, new URL(path, this.config.PUBLIC_URL).toString());
  }
}

/** An outbound message without an author is the system's own: today only survey invitations carry the placeholder. */
export const isSurveyInvitation = (message: MessageRow): boolean => message.author_id === null && message.text_body.includes(SURVEY_LINK_PLACEHOLDER);

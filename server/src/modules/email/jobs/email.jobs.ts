import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../../../common/config/app-config';
import { APP_CONFIG } from '../../../common/config/config.tokens';
import { JobsService, type JobContext } from '../../../common/jobs';
import { EmailRepository } from '../email.repository';
import { EMAIL_REPLY_DUE_TASK, EMAIL_ROUTE_TASK, EMAIL_SEND_TASK, EmailService } from '../email.service';
import { isSurveyInvitation, SurveyInvitations } from '../survey-invitations';

const SEND_TIMEOUT_MS = 30_000;

/** A relay's answer without anything that could be a secret (the URL's password never appears in nodemailer errors, the URL is not logged). */
function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/smtps?:\/\/[^\s]+/g, '<relay>').slice(0, 500);
}

/**
 * The e-mail channel's durable jobs: sending a reply through SMTP_RELAY_URL (retried with back-off, marked failed
 * after the last attempt, never dropped), the reply-promise check at a contact's due time, and routing a stored
 * message that never became a contact.
 */
@Injectable()
export class EmailJobs implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('EmailOutbox');
  private transporter: Transporter | null = null;

  constructor(
    private readonly jobs: JobsService,
    private readonly email: EmailService,
    private readonly repository: EmailRepository,
    private readonly surveyInvitations: SurveyInvitations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.registerTask<{ messageRowId: string }>(EMAIL_SEND_TASK, (payload, context) => this.send(payload.messageRowId, context));
    this.jobs.registerTask<{ interactionId: string }>(EMAIL_REPLY_DUE_TASK, async (payload) => {
      await this.email.processDue(payload.interactionId);
    });
    this.jobs.registerTask<{ messageRowId: string }>(EMAIL_ROUTE_TASK, async (payload) => {
      await this.email.route(payload.messageRowId);
    });
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }

  private relay(): Transporter {
    this.transporter ??= createTransport({
      url: this.config.SMTP_RELAY_URL as string,
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    return this.transporter;
  }

  /** One attempt. A failure before the last attempt is recorded and thrown, so the worker retries it later. */
  private async send(messageRowId: string, context: JobContext): Promise<void> {
    const message = await this.repository.message(messageRowId);
    if (!message || message.direction !== 'outbound' || message.send_state !== 'queued') return;
    if (!this.config.SMTP_RELAY_URL) {
      await this.repository.transaction((manager) => this.repository.setSendState(manager, messageRowId, 'not_sent', 'no relay configured (SMTP_RELAY_URL is not set)'));
      return;
    }
    const text = isSurveyInvitation(message) ? await this.surveyInvitations.textToSend(message) : message.text_body;
    if (text === null) {
      await this.repository.transaction((manager) => this.repository.setSendState(manager, messageRowId, 'not_sent', 'the survey was answered or has expired'));
      return;
    }
    try {
      await this.relay().sendMail({
        from: message.mailbox,
        to: message.to_addresses[0],
        subject: message.subject,
        text,
        messageId: `<${message.message_id}>`,
        ...(message.in_reply_to ? { inReplyTo: `<${message.in_reply_to}>` } : {}),
        ...(message.reference_ids.length > 0 ? { references: message.reference_ids.map((id) => `<${id}>`) } : {}),
        date: new Date(message.received_at),
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    } catch (error) {
      const reason = describeFailure(error);
      const last = context.attempt >= context.maxAttempts;
      await this.repository.transaction((manager) => this.repository.recordSendAttempt(manager, messageRowId, last ? 'failed' : 'queued', reason, null));
      this.logger.warn(`reply ${messageRowId}: attempt ${context.attempt} of ${context.maxAttempts} failed${last ? ', giving up' : ''}: ${reason}`);
      if (last) return;
      throw new Error(reason, { cause: error });
    }
    await this.repository.transaction((manager) => this.repository.recordSendAttempt(manager, messageRowId, 'sent', null, new Date()));
  }
}

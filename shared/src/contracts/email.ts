/** REST shapes of the e-mail channel (`/api/email/...`). Types and a few constants only. */

/** Departments mail is sorted into (domain rule: sales, customer service, PR, HR, finance). */
export const EMAIL_DEPARTMENTS = ['sales', 'customer_service', 'pr', 'hr', 'finance'] as const;
export type EmailDepartment = (typeof EMAIL_DEPARTMENTS)[number];

/** 1 urgent, 2 high, 3 normal (an ordinary message), 4 low, 5 lowest (auto-replies and bounces). */
export const EMAIL_PRIORITIES = [1, 2, 3, 4, 5] as const;
export type EmailPriority = (typeof EMAIL_PRIORITIES)[number];
export const EMAIL_ORDINARY_PRIORITY: EmailPriority = 3;

/** What a sorting rule looks at. Text fields match when any of the comma-separated words occurs (case-insensitive). */
export const EMAIL_RULE_FIELDS = ['recipient', 'sender', 'subject', 'text', 'tier', 'auto_reply', 'open_complaint'] as const;
export type EmailRuleField = (typeof EMAIL_RULE_FIELDS)[number];

export interface EmailRule {
  readonly id?: string;
  readonly kind: 'department' | 'priority';
  readonly field: EmailRuleField;
  /** Words (comma-separated) for text fields, a value tier for `tier`, empty for the flags. */
  readonly pattern: string;
  readonly department?: EmailDepartment | null;
  readonly priority?: EmailPriority | null;
  /** A match also marks the contact as a complaint (routing serves complaints first). */
  readonly complaint?: boolean;
  readonly description?: string;
  readonly enabled?: boolean;
}

export interface EmailMailbox {
  /** One of the centre's addresses; mail to any other address is refused at SMTP time. */
  readonly address: string;
  readonly department: EmailDepartment;
}

export interface EmailSettings {
  readonly mailboxes: readonly EmailMailbox[];
  /** Queue code (or id) each department's mail waits in. */
  readonly departmentQueues: Readonly<Record<EmailDepartment, string>>;
  /** Working minutes (on the business calendar) within which a message of each priority is answered. */
  readonly promiseMinutes: Readonly<Record<'1' | '2' | '3' | '4' | '5', number>>;
}

export interface EmailSettingsView extends EmailSettings {
  readonly rules: readonly EmailRule[];
  /** Whether replies leave by SMTP (SMTP_RELAY_URL is set); without it they are kept and marked not sent. */
  readonly relayConfigured: boolean;
  /** Port of the SMTP listener, or null when it is off. */
  readonly smtpPort: number | null;
}

/** `queued` waits for (or retries) the relay; `not_sent` means no relay is configured; `failed` ran out of attempts. */
export const EMAIL_SEND_STATES = ['queued', 'sent', 'failed', 'not_sent'] as const;
export type EmailSendState = (typeof EMAIL_SEND_STATES)[number];

export interface EmailAttachmentView {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  /** Where the file downloads (always as an attachment, never shown inline). */
  readonly downloadUrl: string;
}

export interface EmailMessageView {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly messageId: string;
  readonly from: { readonly address: string; readonly name: string | null };
  readonly to: readonly string[];
  readonly subject: string;
  /** Plain text only: the HTML part of a message is kept on record but never served as HTML. */
  readonly text: string;
  /** True when the message had an HTML part (its text is shown here). */
  readonly hadHtml: boolean;
  readonly autoReply: boolean;
  readonly at: string;
  readonly attachments: readonly EmailAttachmentView[];
  readonly interactionId: string | null;
  /** Outbound only. */
  readonly sendState: EmailSendState | null;
  readonly sendAttempts: number;
  readonly sendError: string | null;
  readonly sentAt: string | null;
  readonly authorName: string | null;
}

export interface EmailContactView {
  readonly interactionId: string;
  readonly conversationId: string;
  readonly department: EmailDepartment;
  readonly priority: EmailPriority;
  /** Why: the rules that matched, in order. */
  readonly sorting: readonly string[];
  readonly dueAt: string;
  readonly firstReplyAt: string | null;
  readonly breachedAt: string | null;
  readonly customerName: string | null;
  readonly mailbox: string;
  /** The message that opened this contact. */
  readonly messageId: string;
  /** The whole conversation, oldest first. */
  readonly messages: readonly EmailMessageView[];
  readonly relayConfigured: boolean;
}

export const EMAIL_REPLY_TEMPLATES = ['standard', 'thanks_for_suggestion'] as const;
export type EmailReplyTemplate = (typeof EMAIL_REPLY_TEMPLATES)[number];

export interface EmailReplyDraft {
  readonly subject: string;
  readonly body: string;
}

export interface EmailReplyRequest {
  readonly body: string;
  readonly subject?: string;
}

/** Alert kind raised when an e-mail contact passes its reply due time unanswered (details: priority, department, dueAt, customerName). */
export const EMAIL_REPLY_OVERDUE_ALERT = 'email_reply_overdue';

/** Unanswered e-mail contacts of one queue (`GET /api/email/backlog`): how many, how many past due, the nearest due time ahead. */
export interface EmailBacklogQueue {
  readonly queueId: string;
  readonly waiting: number;
  readonly overdue: number;
  /** The nearest due time not yet passed, or null when none is ahead. */
  readonly nextDueAt: string | null;
}

export interface EmailBacklogView {
  readonly at: string;
  readonly queues: readonly EmailBacklogQueue[];
}

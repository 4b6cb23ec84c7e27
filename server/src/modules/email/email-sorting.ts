import {
  EMAIL_ORDINARY_PRIORITY,
  type EmailDepartment,
  type EmailPriority,
  type EmailRule,
  type EmailSettings,
  type ValueTier,
} from '@callcentre/shared';

/** What the sorting rules look at in one incoming message. */
export interface SortingInput {
  /** The centre's address the message was written to. */
  readonly mailbox: string;
  readonly mailboxDepartment: EmailDepartment;
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly tier: ValueTier | null;
  readonly autoReply: boolean;
  /** The conversation (or the customer) has a complaint that is not closed. */
  readonly openComplaint: boolean;
}

export interface SortingResult {
  readonly department: EmailDepartment;
  readonly priority: EmailPriority;
  readonly complaint: boolean;
  /** Why, one line per rule that decided something, in order. */
  readonly reasons: readonly string[];
}

const REPLY_PREFIX = /^\s*((re|fw|fwd|aw|wg|sv|vs|antw|回复|回覆|答复|答覆|转发|轉寄)\s*(\[\d+\])?\s*[:：]\s*)+/i;

/** The subject without reply/forward prefixes, whitespace collapsed, lowercase: what the fallback threading compares. */
export function normalizeSubject(subject: string): string {
  let text = subject.normalize('NFKC');
  for (let guard = 0; guard < 10 && REPLY_PREFIX.test(text); guard += 1) text = text.replace(REPLY_PREFIX, '');
  return text.replace(/\s+/g, ' ').trim().toLowerCase().slice(0, 300);
}

/** Whether the subject says the message answers another one (Re:, 回复: ...). */
export function isReplySubject(subject: string): boolean {
  return REPLY_PREFIX.test(subject.normalize('NFKC'));
}

/** Header names and values (lowercased names) an auto-reply or a bounce carries. */
export function isAutoReply(headers: ReadonlyMap<string, string>, from: string, contentType: string): boolean {
  const autoSubmitted = headers.get('auto-submitted');
  if (autoSubmitted && autoSubmitted.trim().toLowerCase() !== 'no') return true;
  if (headers.has('x-autoreply') || headers.has('x-autorespond') || headers.has('x-auto-response-suppress')) return true;
  const precedence = headers.get('precedence')?.trim().toLowerCase();
  if (precedence === 'auto_reply' || precedence === 'bulk' || precedence === 'junk') return true;
  if (/^multipart\/report/i.test(contentType)) return true;
  const local = from.split('@')[0]?.toLowerCase() ?? '';
  return local === 'mailer-daemon' || local === 'postmaster' || local === 'noreply' || local === 'no-reply';
}

function words(pattern: string): string[] {
  return pattern
    .split(/[,，;\n]/)
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word.length > 0);
}

function containsAny(haystack: string, pattern: string): boolean {
  const text = haystack.toLowerCase();
  return words(pattern).some((word) => text.includes(word));
}

/** Whether one rule matches the message. */
export function ruleMatches(rule: EmailRule, input: SortingInput): boolean {
  switch (rule.field) {
    case 'recipient':
      return containsAny(input.mailbox, rule.pattern);
    case 'sender':
      return containsAny(input.from, rule.pattern);
    case 'subject':
      return containsAny(input.subject, rule.pattern);
    case 'text':
      return containsAny(`${input.subject}\n${input.text}`, rule.pattern);
    case 'tier':
      return input.tier !== null && words(rule.pattern).includes(input.tier);
    case 'auto_reply':
      return input.autoReply;
    case 'open_complaint':
      return input.openComplaint;
    default:
      return false;
  }
}

/**
 * Sorts one message. Department: the first enabled department rule that matches, else the department of the
 * address it was written to. Priority: ordinary (3), raised to the most urgent priority of the matching priority
 * rules; an auto-reply or a bounce goes to the bottom (5) whatever else matched (domain rule: they need no answer
 * before the customers' own mail). Rules are taken in their order; disabled ones are skipped.
 */
export function sortMessage(rules: readonly EmailRule[], input: SortingInput): SortingResult {
  const enabled = rules.filter((rule) => rule.enabled !== false);
  const reasons: string[] = [];
  let department: EmailDepartment = input.mailboxDepartment;
  const byDepartment = enabled.find((rule) => rule.kind === 'department' && rule.department && ruleMatches(rule, input));
  if (byDepartment?.department) {
    department = byDepartment.department;
    reasons.push(`department ${department}: ${byDepartment.description || `${byDepartment.field} ${byDepartment.pattern}`}`);
  } else {
    reasons.push(`department ${department}: written to ${input.mailbox}`);
  }

  let priority: EmailPriority = EMAIL_ORDINARY_PRIORITY;
  let complaint = false;
  for (const rule of enabled) {
    if (rule.kind !== 'priority' || !rule.priority || !ruleMatches(rule, input)) continue;
    if (rule.complaint) complaint = true;
    if (rule.field === 'auto_reply') continue;
    if (rule.priority < priority) priority = rule.priority;
    reasons.push(`priority ${rule.priority}: ${rule.description || `${rule.field} ${rule.pattern}`}`);
  }
  if (input.autoReply) {
    const rule = enabled.find((candidate) => candidate.kind === 'priority' && candidate.field === 'auto_reply' && candidate.priority);
    if (rule?.priority) {
      priority = rule.priority;
      complaint = false;
      reasons.push(`priority ${rule.priority}: ${rule.description || 'auto-reply or bounce'}`);
    }
  }
  return { department, priority, complaint, reasons };
}

/** Working minutes within which a message of this priority is answered. */
export function promiseMinutesOf(settings: EmailSettings, priority: EmailPriority): number {
  return settings.promiseMinutes[String(priority) as '1'] ?? settings.promiseMinutes['3'];
}

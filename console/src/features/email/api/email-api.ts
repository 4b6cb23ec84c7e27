import type { EmailContactView, EmailDepartment, EmailMessageView, EmailPriority, EmailReplyDraft, EmailReplyTemplate } from '@callcentre/shared';
import { http } from '../../../api/http';

const contactPath = (interactionId: string) => `/api/email/contacts/${encodeURIComponent(interactionId)}`;

/** The e-mail contact: department, priority, due time and its conversation (text only). */
export function fetchEmailContact(interactionId: string, signal?: AbortSignal): Promise<EmailContactView> {
  return http.get<EmailContactView>(contactPath(interactionId), { signal });
}

/** A reply filled from a template (the customer's name, a signature, the original quoted). */
export function fetchReplyDraft(interactionId: string, template: EmailReplyTemplate, language: string): Promise<EmailReplyDraft> {
  const words = language.startsWith('zh') ? 'zh-CN' : 'en';
  return http.get<EmailReplyDraft>(`${contactPath(interactionId)}/draft?template=${encodeURIComponent(template)}&language=${words}`);
}

/** Stores the reply; it leaves through the relay by a durable job (its state shows on the message). */
export function sendReply(interactionId: string, subject: string, body: string): Promise<EmailMessageView> {
  return http.post<EmailMessageView>(`${contactPath(interactionId)}/replies`, { subject, body });
}

/** Sends again a reply that failed. */
export function retryReply(messageId: string): Promise<EmailMessageView> {
  return http.post<EmailMessageView>(`/api/email/replies/${encodeURIComponent(messageId)}/retry`);
}

/** A supervisor moves the contact to another department (and its queue) or priority; audited, due time recomputed. */
export function changeEmailSorting(interactionId: string, change: { department?: EmailDepartment; priority?: EmailPriority }): Promise<EmailContactView> {
  return http.request<EmailContactView>(contactPath(interactionId), { method: 'PATCH', body: change });
}

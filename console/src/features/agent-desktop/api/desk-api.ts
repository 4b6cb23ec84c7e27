import type { CustomerView, InteractionListResponse, InteractionView, WrapUpDraftView } from '@callcentre/shared';
import { http } from '../../../api/http';

/** A customer as `GET /api/customers/:id` returns them, with their value. */
export type Customer = CustomerView;

export function fetchCustomer(id: string, signal?: AbortSignal): Promise<Customer> {
  return http.get<Customer>(`/api/customers/${encodeURIComponent(id)}`, { signal });
}

/** The customer's latest contacts, newest first (the list answer's `items`). */
export async function fetchRecentContacts(customerId: string, signal?: AbortSignal): Promise<readonly InteractionView[]> {
  const page = await http.get<InteractionListResponse>(`/api/interactions?customerId=${encodeURIComponent(customerId)}&limit=6`, { signal });
  return page.items;
}

/** Ends after-call work with a disposition code and the agent's notes. */
export function finishWrapUp(interactionId: string, disposition: string, notes: string): Promise<unknown> {
  return http.post(`/api/interactions/${encodeURIComponent(interactionId)}/wrap-up`, {
    disposition,
    ...(notes.trim() ? { notes: notes.trim() } : {}),
  });
}

/** The wrap-up notes this agent saved so far for the contact (empty when none). */
export function fetchWrapUpDraft(interactionId: string, signal?: AbortSignal): Promise<WrapUpDraftView> {
  return http.get<WrapUpDraftView>(`/api/interactions/${encodeURIComponent(interactionId)}/wrap-up/draft`, { signal });
}

/** Saves the notes as typed, so a reload or another desk finds them and they outlive the wrap-up timer. */
export function saveWrapUpDraft(interactionId: string, notes: string): Promise<WrapUpDraftView> {
  return http.put<WrapUpDraftView>(`/api/interactions/${encodeURIComponent(interactionId)}/wrap-up/draft`, { notes });
}

/** Hands the contact to another queue (by code); it keeps the customer's total wait. */
export function transferToQueue(interactionId: string, queue: string): Promise<unknown> {
  return http.post(`/api/interactions/${encodeURIComponent(interactionId)}/transfer`, { queue });
}

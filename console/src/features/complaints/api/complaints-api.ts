import type { ComplaintDetail, ComplaintEventBody, ComplaintHistory, ComplaintPage, ComplaintQuery, OpenComplaintInput } from '@callcentre/shared';
import { http } from '../../../api/http';

function queryString(query: ComplaintQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function listComplaints(query: ComplaintQuery, signal?: AbortSignal): Promise<ComplaintPage> {
  return http.get<ComplaintPage>(`/api/complaints${queryString(query)}`, { signal });
}

/** The customer's complaints still open (an agent sees those they own). */
export function fetchCustomerComplaints(customerId: string, signal?: AbortSignal): Promise<ComplaintPage> {
  return listComplaints({ customerId, open: true, limit: 10 }, signal);
}

export function fetchComplaint(id: string, signal?: AbortSignal): Promise<ComplaintDetail> {
  return http.get<ComplaintDetail>(`/api/complaints/${encodeURIComponent(id)}`, { signal });
}

export function fetchComplaintHistory(id: string, signal?: AbortSignal): Promise<ComplaintHistory> {
  return http.get<ComplaintHistory>(`/api/complaints/${encodeURIComponent(id)}/history`, { signal });
}

export function openComplaint(input: OpenComplaintInput): Promise<ComplaintDetail> {
  return http.post<ComplaintDetail>('/api/complaints', input);
}

/** Sends one machine event; `expectedVersion` makes a change made meanwhile by someone else answer 409. */
export function sendComplaintEvent(id: string, body: ComplaintEventBody, expectedVersion: number): Promise<ComplaintDetail> {
  return http.post<ComplaintDetail>(`/api/complaints/${encodeURIComponent(id)}/events`, { ...body, expectedVersion });
}

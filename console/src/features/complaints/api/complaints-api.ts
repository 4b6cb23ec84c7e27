import type {
  ComplaintComplexity,
  ComplaintContext,
  ComplaintEvent,
  ComplaintEventType,
  ComplaintReturnStep,
  ComplaintState,
  ComplaintStepId,
  DeadlineStatus,
  ValueTier,
} from '@callcentre/shared';
import { http } from '../../../api/http';

/** Where a complaint stands against its deadline (`GET /api/complaints` and the live updates). */
export interface ComplaintDeadline {
  kind: 'resolution' | 'progress_call' | null;
  status: DeadlineStatus;
  clock: 'running' | 'paused' | 'stopped';
  dueAt: string | null;
  commitmentDueAt: string | null;
  nextCrossingAt: string | null;
  keyCustomer?: boolean;
}

/** A complaint as the list returns it. */
export interface ComplaintSummary {
  id: string;
  number: string;
  customerId: string | null;
  customerName: string | null;
  category: string;
  complexity: ComplaintComplexity;
  valueTier: ValueTier;
  state: ComplaintState;
  step: ComplaintStepId | null;
  version: number;
  receivedBy: string;
  ownerId: string;
  ownerName: string | null;
  teamLeadId: string | null;
  teamLeadName: string | null;
  threatening: boolean;
  aboutAgent: boolean;
  aboutAgentId: string | null;
  deadline: ComplaintDeadline;
  receivedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** One complaint in full: the machine's state value and context, to restore the machine in the console. */
export interface ComplaintDetail extends ComplaintSummary {
  description: string;
  stateValue: unknown;
  machineVersion: string;
  threat: { callerNumber: string | null; at: string; workstation: string; statement: string } | null;
  aboutAgentName: string | null;
  /** What the server lets this person send now (the console asks the machine itself as well). */
  allowedEvents: ComplaintEventType[];
  allowedReturnSteps: ComplaintReturnStep[];
  context: ComplaintContext;
  interactions: Array<{ interactionId: string; channel: string | null; arrivedAt: string | null; linkedAt: string }>;
}

export interface ComplaintPage {
  items: ComplaintSummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface ComplaintQuery {
  state?: ComplaintState;
  ownerId?: string;
  teamLeadId?: string;
  customerId?: string;
  deadline?: DeadlineStatus;
  open?: boolean;
  threatening?: boolean;
  sort?: 'newest' | 'due';
  limit?: number;
}

export interface OpenComplaintInput {
  interactionId?: string;
  customerId?: string;
  category: string;
  complexity: ComplaintComplexity;
  description: string;
  aboutAgentId?: string;
  threat?: { callerNumber?: string; workstation: string; statement: string };
  note?: string;
}

/** An event body as the console sends it: the machine event without `at` and `by` (the server stamps them). */
export type ComplaintEventBody = DistributiveOmit<Exclude<ComplaintEvent, { type: 'complaint.recorded' }>, 'at' | 'by'> & {
  note?: string;
};
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface ComplaintHistoryEntry {
  id: string;
  version: number;
  at: string;
  actor: { kind: 'user' | 'system'; id: string | null; name: string | null };
  type: string;
  note: string | null;
  fromState: string | null;
  toState: string;
}

export interface ComplaintHistory {
  complaintId: string;
  number: string;
  events: ComplaintHistoryEntry[];
}

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

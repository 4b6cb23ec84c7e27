import type { AgentView, CallTimesResponse, EmailBacklogView, Language, QueueHistoryResponse, SettableNotReadyReason, Skill } from '@callcentre/shared';
import { http } from '../../../api/http';

export type ForcedState = { state: 'available' | 'offline' } | { state: 'not_ready'; reason: SettableNotReadyReason };

export function fetchSkills(signal?: AbortSignal): Promise<Skill[]> {
  return http.get<Skill[]>('/api/skills', { signal });
}

/** The last hour of a queue in 5-minute intervals, to seed the chart before live samples accumulate. */
export function fetchQueueHistory(queueId: string, now: number, signal?: AbortSignal): Promise<QueueHistoryResponse> {
  const from = new Date(now - 60 * 60_000).toISOString();
  const to = new Date(now).toISOString();
  return http.get<QueueHistoryResponse>(
    `/api/statistics/queues/${encodeURIComponent(queueId)}/history?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&intervalMinutes=5`,
    { signal },
  );
}

/** Talk and hold per queue of the voice calls whose conversation ended since `from` (up to the server's now). */
export function fetchCallTimes(from: number, signal?: AbortSignal): Promise<CallTimesResponse> {
  return http.get<CallTimesResponse>(`/api/calls/times?from=${encodeURIComponent(new Date(from).toISOString())}`, { signal });
}

/** A supervisor moves an agent to a state (audited on the server). */
export function forceAgentState(agentId: string, state: ForcedState): Promise<AgentView> {
  return http.put<AgentView>(`/api/agents/${encodeURIComponent(agentId)}/state`, state);
}

export function updateAgentSkills(agentId: string, skills: Array<{ skill: string; proficiency: number }>, languages: Language[]): Promise<unknown> {
  return http.put(`/api/agents/${encodeURIComponent(agentId)}/skills`, { skills, languages });
}

/** Unanswered e-mail per queue: waiting for a reply, past due, the nearest due time. */
export function fetchEmailBacklog(signal?: AbortSignal): Promise<EmailBacklogView> {
  return http.get<EmailBacklogView>('/api/email/backlog', { signal });
}

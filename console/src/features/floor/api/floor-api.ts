import type { AgentDayResponse, ContactExplanation, InteractionView } from '@callcentre/shared';
import { http } from '../../../api/http';

const id = encodeURIComponent;

export const floorApi = {
  /** Why the contact waits: place, priority and its parts, requirements, each agent's verdict. */
  explain: (contactId: string, signal?: AbortSignal) => http.get<ContactExplanation>(`/api/interactions/${id(contactId)}/routing`, { signal }),
  moveToQueue: (contactId: string, queue: string) => http.post<InteractionView>(`/api/interactions/${id(contactId)}/transfer`, { queue }),
  offerToAgent: (contactId: string, agentId: string) => http.post<InteractionView>(`/api/interactions/${id(contactId)}/transfer`, { agentId }),
  setPriority: (contactId: string, boost: number) => http.post<InteractionView>(`/api/interactions/${id(contactId)}/priority`, { boost }),
  /** The agent's day so far: states over the day, contacts, handle times, satisfaction. */
  agentDay: (agentId: string, signal?: AbortSignal) => http.get<AgentDayResponse>(`/api/agents/${id(agentId)}/day`, { signal }),
};

import type { NewShift, Shift } from '@callcentre/shared';
import { http } from '../../../api/http';

/** An agent as the week's grid needs them. */
export interface ScheduledAgent {
  id: string;
  displayName: string;
  teamId: string | null;
  teamName: string | null;
}

/** A team to schedule at once. */
export interface ScheduleTeam {
  id: string;
  name: string;
}

/** Agents' shifts: read by supervisors and team leads, changed by supervisors. */
export const schedulesApi = {
  shifts: (from: string, to: string, signal?: AbortSignal) => http.get<Shift[]>(`/api/shifts?${new URLSearchParams({ from, to }).toString()}`, { signal }),
  add: (shift: NewShift) => http.post<Shift[]>('/api/shifts', shift),
  remove: (shiftId: string) => http.request<void>(`/api/shifts/${encodeURIComponent(shiftId)}`, { method: 'DELETE' }),
  agents: (signal?: AbortSignal) => http.get<ScheduledAgent[]>('/api/agents', { signal }),
  teams: (signal?: AbortSignal) => http.get<ScheduleTeam[]>('/api/teams', { signal }),
};

import type { TeamView } from '@callcentre/shared';
export type { TeamView };
import { http } from '../../../api/http';

const id = encodeURIComponent;

/** Teams: names, leads and members (administrators change them; supervisors and team leads read them). */
export const teamsApi = {
  list: (signal?: AbortSignal) => http.get<TeamView[]>('/api/teams', { signal }),
  create: (body: { name: string; teamLeadId: string | null }) => http.post<TeamView>('/api/teams', body),
  update: (teamId: string, body: { name?: string; teamLeadId?: string | null }) => http.request<TeamView>(`/api/teams/${id(teamId)}`, { method: 'PATCH', body }),
  remove: (teamId: string) => http.request<void>(`/api/teams/${id(teamId)}`, { method: 'DELETE' }),
  /** Moves the user into the team, or with null out of the one they are in (`from`). */
  move: (userId: string, teamId: string | null, from: string | null) =>
    teamId
      ? http.put<TeamView>(`/api/teams/${id(teamId)}/members/${id(userId)}`, {})
      : from
        ? http.request<TeamView>(`/api/teams/${id(from)}/members/${id(userId)}`, { method: 'DELETE' })
        : Promise.resolve(null),
};

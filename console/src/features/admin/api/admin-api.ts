import type {
  ApiKeyView,
  AssignmentStrategy,
  AuditPage,
  CalendarView,
  Channel,
  CreatedApiKey,
  EmailRule,
  EmailSettings,
  EmailSettingsView,
  Queue,
  QueueBusinessHours,
  QueueRelaxationStep,
  Role,
  RoutingPolicy,
  ServiceLevelFormula,
  Skill,
  SkillKind,
  StaffUser,
  Weekday,
  WorkingInterval,
} from '@callcentre/shared';
import { http } from '../../../api/http';

/** An agent as `GET /api/agents` lists them: skills by code with proficiency, capacity per channel. */
export interface AgentSummary {
  id: string;
  username: string;
  displayName: string;
  teamLeadId: string | null;
  teamId: string | null;
  teamName: string | null;
  languages: string[];
  skills: Record<string, number>;
  capacity: Record<Channel, number>;
}

export interface AuditFilter {
  /** Every action of one domain, e.g. `queue`. */
  domain?: string;
  action?: string;
  actorId?: string;
  since?: string;
  until?: string;
  before?: string;
}

/** The body of `POST /api/queues` and `PUT /api/queues/:id`. */
export interface SaveQueue {
  code: string;
  name: string;
  basePriority: number;
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  serviceLevelFormula: ServiceLevelFormula;
  shortAbandonSeconds: number;
  offerTimeoutSeconds: number;
  wrapUpSeconds: number;
  maxWaitSeconds?: number;
  overflowQueue?: string;
  strategy: AssignmentStrategy;
  relaxationSteps: QueueRelaxationStep[];
  businessHours?: QueueBusinessHours;
  skills: Array<{ skill: string; minProficiency: number; optional: boolean }>;
}

export interface SaveCalendar {
  name?: string;
  timeZone?: string;
  workingDays: Weekday[];
  workingHours: WorkingInterval[];
  workingHoursByDay?: Partial<Record<Weekday, WorkingInterval[]>>;
  holidays: string[];
  extraWorkingDays: string[];
}

export type PolicyChange = Partial<Omit<RoutingPolicy, 'defaultCapacity' | 'blockedWhileHolding' | 'valueTierBonus'>> & {
  valueTierBonus?: Partial<RoutingPolicy['valueTierBonus']>;
};

const id = encodeURIComponent;

export const adminApi = {
  emailSettings: (signal?: AbortSignal) => http.get<EmailSettingsView>('/api/email/settings', { signal }),
  saveEmailSettings: (body: EmailSettings) => http.put<EmailSettingsView>('/api/email/settings', body),
  saveEmailRules: (rules: EmailRule[]) => http.put<EmailSettingsView>('/api/email/rules', { rules }),

  queues: (signal?: AbortSignal) => http.get<Queue[]>('/api/queues', { signal }),
  createQueue: (body: SaveQueue) => http.post<Queue>('/api/queues', body),
  updateQueue: (queueId: string, body: SaveQueue) => http.put<Queue>(`/api/queues/${id(queueId)}`, body),

  skills: (signal?: AbortSignal) => http.get<Skill[]>('/api/skills', { signal }),
  createSkill: (body: { code: string; name: string; kind: SkillKind }) => http.post<Skill>('/api/skills', body),

  users: (signal?: AbortSignal) => http.get<{ items: StaffUser[]; total: number }>('/api/users?limit=500', { signal }).then((page) => page.items),
  createUser: (body: { username: string; displayName: string; password: string; roles: Role[]; teamId?: string }) => http.post<StaffUser>('/api/users', body),
  setRoles: (userId: string, roles: Role[]) => http.request<StaffUser>(`/api/users/${id(userId)}/roles`, { method: 'PATCH', body: { roles } }),
  setTeamLead: (userId: string, teamLeadId: string | null) => http.put<StaffUser>(`/api/users/${id(userId)}/team-lead`, { teamLeadId }),

  agents: (signal?: AbortSignal) => http.get<AgentSummary[]>('/api/agents', { signal }),
  createAgent: (body: { userId: string; skills: Array<{ skill: string; proficiency: number }>; languages: string[]; capacity: Record<Channel, number> }) =>
    http.post<unknown>('/api/agents', body),
  setAgentSkills: (agentId: string, skills: Array<{ skill: string; proficiency: number }>, languages: string[]) =>
    http.put<unknown>(`/api/agents/${id(agentId)}/skills`, { skills, languages }),
  setAgentCapacity: (agentId: string, capacity: Record<Channel, number>) => http.put<unknown>(`/api/agents/${id(agentId)}/capacity`, capacity),

  apiKeys: (signal?: AbortSignal) => http.get<ApiKeyView[]>('/api/api-keys', { signal }),
  createApiKey: (body: { name: string; scopes: string[] }) => http.post<CreatedApiKey>('/api/api-keys', body),
  revokeApiKey: (keyId: string) => http.request<void>(`/api/api-keys/${id(keyId)}`, { method: 'DELETE' }),

  calendar: (signal?: AbortSignal) => http.get<CalendarView>('/api/calendars/default', { signal }),
  saveCalendar: (body: SaveCalendar) => http.put<CalendarView>('/api/calendars/default', body),

  policy: (signal?: AbortSignal) => http.get<RoutingPolicy>('/api/routing/policy', { signal }),
  changePolicy: (change: PolicyChange) => http.put<RoutingPolicy>('/api/routing/policy', change),

  audit: (filter: AuditFilter, signal?: AbortSignal) => {
    const query = new URLSearchParams({ limit: '50' });
    for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
    return http.get<AuditPage>(`/api/audit?${query.toString()}`, { signal });
  },
};

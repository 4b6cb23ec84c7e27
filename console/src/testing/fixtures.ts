import {
  FIGURE_DEFINITIONS,
  type AgentView,
  type LiveContact,
  type QueueLiveStatistics,
  type QueueWindowFigures,
  type RealtimeAlert,
  type RealtimeSnapshot,
  type RingingOffer,
  type WallboardAgent,
} from '@callcentre/shared';
import { primaryRole, type Session } from '../features/auth';
import type { Queue } from '../features/queues';

/** A fixed instant the fixtures are built around (server time). */
export const T0 = Date.UTC(2026, 4, 20, 9, 0, 0);

/** Builds a queue as the server lists it; override what the test is about. */
export function aQueue(overrides: Partial<Queue> = {}): Queue {
  const code = overrides.code ?? 'general';
  return {
    id: `00000000-0000-4000-8000-${code.padEnd(12, '0').slice(0, 12).replace(/[^0-9a-f]/g, '0')}`,
    code,
    name: code.charAt(0).toUpperCase() + code.slice(1),
    basePriority: 0,
    serviceLevelPercent: 80,
    serviceLevelSeconds: 20,
    serviceLevelFormula: 'abandons_in_denominator',
    wrapUpSeconds: 30,
    maxWaitSeconds: null,
    overflowQueueId: null,
    strategy: 'longest_idle',
    shortAbandonSeconds: 5,
    offerTimeoutSeconds: 20,
    relaxationSteps: [],
    businessHours: null,
    skills: [],
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    ...overrides,
  };
}

const USER_IDS: Record<string, string> = {
  amy: '10000000-0000-4000-8000-000000000001',
  sophie: '10000000-0000-4000-8000-000000000002',
  grace: '10000000-0000-4000-8000-000000000003',
  ben: '10000000-0000-4000-8000-000000000004',
};

/** A signed-in session; `role` alone gives that single role. */
export function aSession(overrides: Partial<Session> = {}): Session {
  const roles = overrides.roles ?? [overrides.role ?? 'agent'];
  const username = overrides.username ?? 'amy';
  return {
    userId: USER_IDS[username] ?? `10000000-0000-4000-8000-${String(username.length).padStart(12, '0')}`,
    username,
    displayName: overrides.displayName ?? username.charAt(0).toUpperCase() + username.slice(1),
    role: primaryRole(roles),
    teamLeadId: null,
    accessTokenExpiresAt: Date.now() + 15 * 60_000,
    sessionExpiresAt: Date.now() + 12 * 3_600_000,
    ...overrides,
    roles,
  };
}

export function anAgentView(overrides: Partial<AgentView> = {}): AgentView {
  return {
    id: USER_IDS.amy,
    state: 'available',
    notReadyReason: null,
    presence: 'available',
    pendingNotReady: null,
    stateSince: T0 - 95_000,
    offeredContactId: null,
    contactIds: [],
    heldByChannel: { voice: 0, chat: 0, email: 0, ticket: 0 },
    capacity: { voice: 1, chat: 3, email: 5, ticket: 5 },
    routableChannels: ['voice', 'chat', 'email', 'ticket'],
    missedOffers: 0,
    disconnected: false,
    skills: { general: 4, billing: 3 },
    languages: ['en'],
    ...overrides,
  };
}

export function aWallboardAgent(overrides: Partial<WallboardAgent> = {}): WallboardAgent {
  return { ...anAgentView(overrides), username: 'amy', displayName: 'Amy Walker', teamLeadId: null, teamName: null, ...overrides };
}

export function aLiveContact(overrides: Partial<LiveContact> = {}): LiveContact {
  return {
    id: '20000000-0000-4000-8000-000000000001',
    status: 'waiting',
    channel: 'voice',
    queueId: '30000000-0000-4000-8000-000000000001',
    queueName: 'Billing',
    agentId: null,
    customerId: '40000000-0000-4000-8000-000000000001',
    customerName: 'Olivia Smith',
    caller: { phone: '+44 7700 900001' },
    subject: null,
    valueTier: 'secondary',
    complaint: false,
    language: 'en',
    callback: false,
    arrivedAt: T0 - 42_000,
    enqueuedAt: T0 - 42_000,
    waitSeconds: 42,
    answeredAt: null,
    wrapUpEndsAt: null,
    offerId: null,
    offerExpiresAt: null,
    agentLost: false,
    ...overrides,
  };
}

export function aRingingOffer(overrides: Partial<RingingOffer> = {}, contact: Partial<LiveContact> = {}): RingingOffer {
  const offerId = overrides.offerId ?? 'offer-1';
  const expiresAt = overrides.expiresAt ?? T0 + 20_000;
  return {
    offerId,
    contactId: contact.id ?? '20000000-0000-4000-8000-000000000001',
    offeredAt: T0,
    expiresAt,
    attempt: 1,
    contact: aLiveContact({ status: 'offered', agentId: USER_IDS.amy, offerId, offerExpiresAt: expiresAt, ...contact }),
    ...overrides,
  };
}

/** The last hour of a queue: what `rolling` holds unless a test overrides it. */
function rollingFigures(overrides: Partial<QueueWindowFigures> = {}): QueueWindowFigures {
  return {
    startsAt: T0 - 3_600_000,
    endsAt: T0,
    offered: 40,
    answered: 36,
    answeredWithinThreshold: 30,
    abandoned: 4,
    shortAbandoned: 1,
    overflowedOut: 0,
    transferredOut: 0,
    requeued: 0,
    completed: 35,
    handled: 35,
    serviceLevel: 0.85,
    serviceLevelByFormula: { answered_only: 0.83, abandons_in_denominator: 0.85, short_abandons_met: 0.8 },
    asaSeconds: 12.4,
    ahtSeconds: 245,
    abandonRate: 0.1,
    abandonRateExcludingShortAbandons: 0.075,
    ...overrides,
  };
}

/** The same queue since midnight (00:00 in London, ten hours before T0): every figure differs from the last hour's. */
function todayFigures(overrides: Partial<QueueWindowFigures> = {}): QueueWindowFigures {
  return {
    startsAt: T0 - 10 * 3_600_000,
    endsAt: T0,
    offered: 312,
    answered: 290,
    answeredWithinThreshold: 251,
    abandoned: 22,
    shortAbandoned: 6,
    overflowedOut: 0,
    transferredOut: 0,
    requeued: 0,
    completed: 284,
    handled: 284,
    serviceLevel: 251 / (290 + 22 - 6),
    serviceLevelByFormula: { answered_only: 251 / 290, abandons_in_denominator: 251 / (290 + 22 - 6), short_abandons_met: (251 + 6) / (290 + 22) },
    asaSeconds: 15.6,
    ahtSeconds: 238,
    abandonRate: 22 / 312,
    abandonRateExcludingShortAbandons: 16 / 306,
    ...overrides,
  };
}

export function aQueueStats(
  overrides: Partial<Omit<QueueLiveStatistics, 'rolling' | 'sinceMidnight'>> & {
    rolling?: Partial<QueueWindowFigures>;
    sinceMidnight?: Partial<QueueWindowFigures>;
  } = {},
): QueueLiveStatistics {
  const { rolling, sinceMidnight, ...rest } = overrides;
  const code = rest.code ?? 'billing';
  return {
    queueId: `30000000-0000-4000-8000-${code.padEnd(12, '0').slice(0, 12).replace(/[^0-9a-f]/g, '0')}`,
    code,
    name: code.charAt(0).toUpperCase() + code.slice(1),
    at: T0,
    serviceLevel: {
      formula: 'abandons_in_denominator',
      figure: 'serviceLevel.abandons_in_denominator',
      label: FIGURE_DEFINITIONS['serviceLevel.abandons_in_denominator'].label,
      definition: FIGURE_DEFINITIONS['serviceLevel.abandons_in_denominator'].definition,
      targetPercent: 80,
      thresholdSeconds: 20,
      shortAbandonThresholdSeconds: 5,
    },
    waitingCount: 3,
    longestWaitSeconds: 48,
    rolling: { ...rollingFigures(rolling), minutes: 60 },
    sinceMidnight: { ...todayFigures(sinceMidnight), timeZone: 'Europe/London' },
    agents: { available: 2, reserved: 1, busy: 4, wrap_up: 1, not_ready: 2, offline: 5 },
    ...rest,
  };
}

export function aDeskSnapshot(desk: Partial<NonNullable<RealtimeSnapshot['desk']>> = {}, me: Partial<RealtimeSnapshot['me']> = {}): RealtimeSnapshot {
  return {
    epoch: 'epoch-1',
    seq: 0,
    serverTime: T0,
    me: { id: USER_IDS.amy, username: 'amy', displayName: 'Amy Walker', roles: ['agent'], ...me },
    desk: { agent: anAgentView(), contacts: [], offer: null, heartbeatIntervalSeconds: 5, queues: [], ...desk },
    wallboard: null,
    alerts: [],
  };
}

export function aWallboardSnapshot(wallboard: Partial<NonNullable<RealtimeSnapshot['wallboard']>> = {}, rest: Partial<RealtimeSnapshot> = {}): RealtimeSnapshot {
  return {
    epoch: 'epoch-1',
    seq: 0,
    serverTime: T0,
    me: { id: USER_IDS.sophie, username: 'sophie', displayName: 'Sophie Turner', roles: ['supervisor'] },
    desk: null,
    wallboard: {
      agents: [aWallboardAgent()],
      contacts: [],
      queues: [aQueueStats()],
      definitions: FIGURE_DEFINITIONS,
      timeZone: 'Europe/London',
      rollingMinutes: 60,
      ...wallboard,
    },
    alerts: [],
    ...rest,
  };
}

/** An open alert as the server sends it; override what the test is about. */
export function anAlert(overrides: Partial<RealtimeAlert> = {}): RealtimeAlert {
  return {
    id: '50000000-0000-4000-8000-000000000001',
    kind: 'complaint_threatening_call',
    severity: 'critical',
    at: T0 - 60_000,
    message: 'Threatening call recorded on complaint CMP-2026-000031: alert the team lead',
    agentId: USER_IDS.amy,
    agentName: 'Amy Walker',
    complaintId: '60000000-0000-4000-8000-000000000001',
    details: { number: 'CMP-2026-000031', workstation: 'Desk 14' },
    acknowledged: null,
    ...overrides,
  };
}

/**
 * Snapshots and restoring: what the engine persists (a snapshot, or one record at a time for incremental
 * persistence) and how an engine is rebuilt from it (`RoutingEngine.restore`).
 */
import { CHANNELS, NOT_READY_REASONS } from '../domain/call-centre';
import {
  aggregate,
  afterNow,
  bit,
  bySeq,
  pushContact,
  routableMask,
  stateReason,
  updateLoad,
  timeOrNull,
  type AgentRt,
  type ContactRt,
} from './routing-engine.model';
import {
  MS,
  checkNewContact,
  checkOverflowGraph,
  createAgent,
  createContact,
  createQueue,
  schedule,
  scheduleWaiting,
  timerRun,
  type EngineState,
} from './routing-engine.state';
import { RoutingError } from './routing.errors';
import { normalizeAgentProfile, normalizeQueue, type QueueSettings } from './routing.policy';
import type { AgentRecord, ContactRecord, QueueDefinition, RoutingSnapshot } from './routing.types';

/** The index upkeep restoring needs from the engine: the same the commands use, so a restored engine indexes alike. */
export interface RestoreIndexing {
  /** Interns an agent's skills and languages and finds the queues they qualify for. */
  indexAgent(agent: AgentRt): void;
  /** Files a waiting contact in its queue's class for its step, language and channel. */
  insertInClass(contact: ContactRt): void;
  /** Adds a routable agent to the candidate lists of the queues they serve. */
  list(agent: AgentRt): void;
}

/** Everything needed to rebuild this engine with `RoutingEngine.restore`. O(A·K + n log n). */
export function snapshotOf(state: EngineState): RoutingSnapshot {
  return {
    policy: state.policy,
    queues: [...state.queues.values()].sort((a, b) => a.ordinal - b.ordinal).map((q) => queueDefinition(q.settings)),
    agents: state.agentOrder.map((agent) => agentRecord(agent)),
    contacts: [...state.contacts.values()].sort(bySeq).map((contact) => contactRecord(state, contact)),
    ...engineRecordOf(state),
  };
}

/** Sequence counters and round-robin cursors: the engine-wide part of a snapshot. O(Q log A). */
export function engineRecordOf(state: EngineState): Pick<RoutingSnapshot, 'roundRobinCursors' | 'counters' | 'clock'> {
  // A cursor names the last agent served; if that agent was removed since, the one registered just before
  // it continues the turn identically. Agents are in ordinal order: binary search. O(Q log A).
  const cursors: Record<string, string> = {};
  const order = state.agentOrder;
  for (const queue of state.queues.values()) {
    let low = 0;
    let high = order.length - 1;
    let last = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (order[mid].ordinal <= queue.rrCursor) {
        last = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (last >= 0) cursors[queue.settings.id] = order[last].id;
  }
  return {
    roundRobinCursors: cursors,
    counters: { contactSeq: state.contactSeq, idleSeq: state.idleSeq },
    clock: Number.isFinite(state.clock) ? state.clock : undefined,
  };
}

/** The persisted record of one agent (what a snapshot holds for them). O(skills). */
export function agentRecord(agent: AgentRt): AgentRecord {
  const d = agent.disconnect;
  return {
    id: agent.id,
    skills: { ...agent.skills },
    languages: [...agent.languages],
    capacity: { ...agent.capacityOverride },
    presence: agent.presence,
    notReadyReason: agent.reason,
    pendingNotReady: agent.pending,
    pendingNotReadyBy: agent.pendingBy,
    stateSince: agent.stateSince,
    idleSince: agent.idleSince,
    idleSeq: agent.idleSeq,
    missedOffers: agent.missed,
    ...(agent.reservedFor !== null ? { reservedFor: agent.reservedFor } : {}),
    disconnected: d
      ? {
          since: d.since,
          graceEndsAt: d.graceEndsAt,
          previousPresence: d.previousPresence,
          previousReason: d.previousReason,
          previousPending: d.previousPending,
          previousPendingBy: d.previousPendingBy,
        }
      : null,
  };
}

/** The persisted record of one contact still in routing. O(1). */
export function contactRecord(state: EngineState, contact: ContactRt): ContactRecord {
  return {
    id: contact.id,
    seq: contact.seq,
    queueId: contact.queue.settings.id,
    channel: contact.channel,
    ...(contact.language === null ? {} : { language: contact.language }),
    valueTier: contact.valueTier,
    complaint: contact.complaint,
    priorityBoost: contact.boost,
    callback: contact.callback,
    status: contact.status,
    enqueuedAt: contact.enqueuedAt,
    firstEnqueuedAt: contact.firstEnqueuedAt,
    waitStartedAt: contact.waitStartedAt,
    priorWaitMs: contact.priorWaitMs,
    queueEnteredAt: contact.queueEnteredAt,
    relaxationStep: Math.max(0, contact.step),
    ...(contact.preferredAgentId === null ? {} : { preferredAgentId: contact.preferredAgentId }),
    preferredUntil: contact.preferredUntil,
    refusals: contact.refusals.filter((r) => state.agents.get(r.agent.id) === r.agent).map((r) => ({ agentId: r.agent.id, until: r.until })),
    agentId: contact.agent?.id ?? null,
    offer:
      contact.status === 'offered'
        ? { offerId: contact.offerId as string, offeredAt: contact.offeredAt, expiresAt: contact.expiresAt }
        : null,
    offerCount: contact.offerCount,
    connectedAt: timeOrNull(contact.connectedAt),
    wrapUpStartedAt: timeOrNull(contact.wrapUpStartedAt),
    wrapUpEndsAt: timeOrNull(contact.wrapUpEndsAt),
    agentLost: contact.agentLost,
  };
}

/**
 * Loads persisted facts (a snapshot, or records read from the database) into an empty engine state, checking
 * them as it goes; the engine's own index upkeep files agents and waiting contacts. O((Q·A + n) log n).
 */
export function restoreInto(state: EngineState, snapshot: RoutingSnapshot, indexing: RestoreIndexing): void {
  const invalid = (problem: string) => new RoutingError('INVALID_SNAPSHOT', { problem });
  const settings = new Map<string, QueueSettings>();
  for (const definition of snapshot.queues ?? []) {
    const normalized = normalizeQueue(definition);
    if (settings.has(normalized.id)) throw invalid(`queue ${normalized.id} listed twice`);
    settings.set(normalized.id, normalized);
  }
  for (const queue of settings.values()) checkOverflowGraph(state, queue, settings);
  for (const queue of settings.values()) createQueue(state, queue);
  if (snapshot.clock !== undefined) state.clock = snapshot.clock;

  for (const record of snapshot.agents ?? []) {
    if (state.agents.has(record.id)) throw invalid(`agent ${record.id} listed twice`);
    const capacity = normalizeAgentProfile(record, state.policy);
    const agent = createAgent(state, record.id, record.stateSince ?? 0);
    agent.skills = { ...record.skills };
    agent.languages = [...new Set(record.languages ?? [])];
    agent.capacityOverride = { ...record.capacity };
    agent.cap = CHANNELS.map((channel) => capacity[channel]);
    updateLoad(agent);
    agent.presence = record.presence ?? 'offline';
    agent.reason = record.notReadyReason ?? null;
    agent.pending = record.pendingNotReady ?? null;
    agent.pendingBy = record.pendingNotReadyBy ?? null;
    agent.missed = record.missedOffers ?? 0;
    agent.reservedFor = record.reservedFor ?? null;
    agent.idleSince = record.idleSince ?? agent.stateSince;
    agent.idleSeq = record.idleSeq ?? 0;
    if (!['offline', 'available', 'not_ready'].includes(agent.presence)) throw invalid(`${record.id}: unknown presence`);
    if ((agent.presence === 'not_ready') !== (agent.reason !== null)) throw invalid(`${record.id}: a not-ready agent needs a reason, and only it`);
    if (agent.reason !== null && !NOT_READY_REASONS.includes(agent.reason)) throw invalid(`${record.id}: unknown not-ready reason`);
    if (agent.pending !== null && (agent.presence !== 'available' || !NOT_READY_REASONS.includes(agent.pending))) {
      throw invalid(`${record.id}: pending not-ready only for available agents`);
    }
    if (record.disconnected) {
      if (agent.reason !== 'disconnected') throw invalid(`${record.id}: disconnected agents are not ready (disconnected)`);
      agent.disconnect = { ...record.disconnected, previousPendingBy: record.disconnected.previousPendingBy ?? null };
    } else if (agent.reason === 'disconnected') {
      throw invalid(`${record.id}: not ready (disconnected) without disconnect record`);
    }
    indexing.indexAgent(agent);
  }

  const records = [...(snapshot.contacts ?? [])];
  let nextSeq = Math.max(0, snapshot.counters?.contactSeq ?? 0, ...records.map((r) => r.seq ?? 0));
  const seqs = records.map((r) => r.seq ?? ++nextSeq);
  const order = records.map((_, i) => i).sort((a, b) => seqs[a] - seqs[b]);
  const clock = Number.isFinite(state.clock) ? state.clock : 0;
  const waiting: ContactRt[] = [];
  for (const i of order) {
    const record = records[i];
    const queue = state.queues.get(record.queueId);
    if (!queue) throw invalid(`contact ${record.id}: unknown queue ${record.queueId}`);
    const problem = checkNewContact(state, record, Number.POSITIVE_INFINITY);
    if (problem) throw invalid(`contact ${record.id}: ${problem.text}`);
    const status = record.status ?? 'waiting';
    if (!['waiting', 'offered', 'connected', 'wrap_up'].includes(status)) throw invalid(`contact ${record.id}: unknown status`);
    if (record.enqueuedAt === undefined) throw invalid(`contact ${record.id}: enqueuedAt missing`);
    const contact = createContact(state, record, queue, clock, seqs[i]);
    // Refusals by agents since removed no longer matter.
    contact.refusals = (record.refusals ?? []).flatMap((r) => {
      const agent = state.agents.get(r.agentId);
      return agent ? [{ agent, until: r.until }] : [];
    });
    if (status === 'waiting') {
      waiting.push(contact);
      continue;
    }
    const agent = record.agentId ? state.agents.get(record.agentId) : undefined;
    if (!agent || agent.presence === 'offline') throw invalid(`contact ${record.id}: ${status} needs a logged-in agent`);
    contact.agent = agent;
    if (status === 'offered') {
      if (agent.offer) throw invalid(`agent ${agent.id} has two offers`);
      if (!record.offer || Number.isNaN(contact.offeredAt) || Number.isNaN(contact.expiresAt)) throw invalid(`contact ${record.id}: offer missing`);
      if (agent.presence !== 'available' || agent.pending !== null) throw invalid(`contact ${record.id}: offered to an agent who is not available`);
      agent.offer = contact;
      schedule(state, contact.timer, contact.expiresAt, queue.offerRun);
    } else {
      if (Number.isNaN(contact.connectedAt)) throw invalid(`contact ${record.id}: connectedAt missing`);
      agent.held.push(contact);
      agent.heldCh[contact.ch]++;
      updateLoad(agent);
      if (status === 'connected') agent.connected++;
      else {
        if (Number.isNaN(contact.wrapUpStartedAt) || Number.isNaN(contact.wrapUpEndsAt)) throw invalid(`contact ${record.id}: wrap-up times missing`);
        agent.wrapping++;
        schedule(state, contact.timer, contact.wrapUpEndsAt, queue.wrapUpRuns[contact.ch]);
      }
    }
  }
  for (const contact of waiting) {
    const queue = contact.queue;
    contact.step = Math.min(Math.max(contact.step, 0), queue.steps.length - 1);
    const agent = contact.preferredAgentId === null ? undefined : state.agents.get(contact.preferredAgentId);
    if (agent && contact.preferredUntil !== null && agent.presence !== 'offline' && !agent.disconnect) {
      pushContact(agent.preferred, contact);
      contact.heap = agent.preferred;
    } else {
      indexing.insertInClass(contact);
    }
    scheduleWaiting(state, contact);
  }

  for (const contact of state.contacts.values()) contact.queue.channelMask |= bit(contact.ch);
  let maxIdleSeq = snapshot.counters?.idleSeq ?? 0;
  for (const agent of state.agentOrder) maxIdleSeq = Math.max(maxIdleSeq, agent.idleSeq);
  const byIdle = [...state.agentOrder].sort((a, b) => a.idleSince - b.idleSince || a.idleSeq - b.idleSeq || a.ordinal - b.ordinal);
  for (const agent of byIdle) {
    if (agent.presence === 'available' && agent.pending !== null && agent.held.length === 0 && !agent.offer) {
      agent.presence = 'not_ready';
      agent.reason = agent.pending;
      agent.pending = null;
      agent.pendingBy = null;
    }
    agent.state = aggregate(agent);
    agent.stateReason = stateReason(agent);
    agent.routable = routableMask(agent, state.blockMask);
    // Routable agents loaded without an idle sequence get one in idle order (a first load from the database).
    if (agent.routable !== 0 && agent.idleSeq <= 0) agent.idleSeq = ++maxIdleSeq;
    indexing.list(agent);
    if (agent.disconnect?.graceEndsAt != null) {
      schedule(state, agent.timer, agent.disconnect.graceEndsAt, timerRun(state, afterNow(state.policy.disconnectGraceSeconds * MS)));
    }
  }
  state.idleSeq = maxIdleSeq;
  state.contactSeq = Math.max(nextSeq, snapshot.counters?.contactSeq ?? 0);
  for (const [queueId, agentId] of Object.entries(snapshot.roundRobinCursors ?? {})) {
    const queue = state.queues.get(queueId);
    const agent = state.agents.get(agentId);
    if (queue && agent) queue.rrCursor = agent.ordinal;
  }
  state.reconcilePending = true;
}

function queueDefinition(settings: QueueSettings): QueueDefinition {
  return {
    id: settings.id,
    name: settings.name,
    requiredSkills: settings.requiredSkills.map((r) => ({ ...r })),
    optionalSkills: settings.optionalSkills.map((r) => ({ ...r })),
    basePriority: settings.basePriority,
    serviceLevel: { ...settings.serviceLevel },
    offerTimeoutSeconds: settings.offerTimeoutSeconds,
    wrapUpSeconds: settings.wrapUpSeconds,
    wrapUpSecondsByChannel: { ...settings.wrapUpSecondsByChannel },
    ...(settings.overflow ? { overflow: { ...settings.overflow } } : {}),
    strategy: settings.strategy,
    relaxation: settings.relaxation.map((s) => ({ ...s })),
  };
}
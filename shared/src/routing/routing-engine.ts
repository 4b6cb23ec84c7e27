import { CHANNELS, NOT_READY_REASONS, type NotReadyReason } from '../domain/call-centre';
import { auditEngine } from './routing-engine.audit';
import { explainContact, type ExplainOptions } from './routing-engine.explain';
import {
  abandonedEventOf,
  completedEventOf,
  connectedEventOf,
  offeredEventOf,
  overflowedEventOf,
  queuedEventOf,
  transferredEventOf,
} from './routing-engine.events';
import {
  CHANNEL_COUNT,
  CHANNEL_INDEX,
  NO_LANGUAGE,
  NO_REFUSALS,
  NO_TIME,
  aggregate,
  afterNow,
  bit,
  byIdleSeq,
  bySeq,
  candidateKey,
  enterWaiting,
  heldBlockMask,
  inContactOrder,
  leaveWaiting,
  qualifyingStep,
  pushContact,
  refusedBy,
  routableMask,
  skillScore,
  stateReason,
  stepAt,
  unhold,
  updateLoad,
  type AgentRt,
  CandidateList,
  type CandidateNode,
  ClassRt,
  type ContactRt,
  type QualificationRt,
  type QueueRt,
  type TimerRt,
} from './routing-engine.model';
import { agentRecord, contactRecord, engineRecordOf, restoreInto, snapshotOf } from './routing-engine.snapshot';
import {
  MS,
  agentOf,
  agentOrThrow,
  checkTransferable,
  checkNewContact,
  checkOverflowGraph,
  compileQueue,
  contactOrThrow,
  createAgent,
  createContact,
  createEngineState,
  createQueue,
  effectivePriority,
  keyOf,
  languageKey,
  queueOrThrow,
  reprice,
  ringingOffer,
  schedule,
  scheduleWaiting,
  seconds,
  timeOf,
  timerRun,
  type EngineState,
} from './routing-engine.state';
import { agentError, agentView, contactError, contactView } from './routing-engine.views';
import { dispatchCommand, type RoutingCommand } from './routing.commands';
import { RoutingError } from './routing.errors';
import type { OfferWithdrawnReason, RoutingEvent } from './routing.events';
import { normalizeAgentProfile, normalizeQueue, resolvePolicy } from './routing.policy';
import {
  SYSTEM_ACTOR,
  type Actor,
  type AgentProfile,
  type AgentRecord,
  type AgentView,
  type ContactExplanation,
  type ContactRecord,
  type ContactView,
  type NewContact,
  type QueueDefinition,
  type RoutingPolicy,
  type RoutingSnapshot,
} from './routing.types';

export type { ExplainOptions } from './routing-engine.explain';

export interface RoutingEngineOptions {
  readonly policy?: Partial<RoutingPolicy>;
}

const SETTABLE_NOT_READY: readonly NotReadyReason[] = NOT_READY_REASONS.filter((r) => r !== 'disconnected');

/**
 * The ACD routing core: queues, agents and waiting contacts in indexed memory (README.md, "Indexes and costs",
 * describes each index and the notation of the costs below); commands in, domain events out.
 *
 * Pure and synchronous: no I/O, no wall clock (every command takes `now` in epoch ms; a command older than the
 * last one seen is treated as happening at the last time seen, so time never runs backwards), deterministic for
 * the same inputs. A command either applies completely and returns its events, or throws a RoutingError and
 * changes nothing. Commands do not fire timers: call `tick(now)` when `nextDueAt()` is reached (the simulator
 * does so on its virtual clock, the server on a timer).
 *
 * Routing is incremental and work-conserving: after every command, no waiting contact has an agent that could
 * take it. Only what changed is re-examined: a contact that became routable searches agents (contact side, the
 * queue's strategy chooses); an agent that became routable searches contacts (agent side: the best contact
 * across its queues, by effective priority then arrival).
 *
 * Beside this file, over the same EngineState: snapshots and restoring (routing-engine.snapshot.ts), the audit
 * (routing-engine.audit.ts), explanations (routing-engine.explain.ts) and the larger events (routing-engine.events.ts).
 */
export class RoutingEngine {
  /** Records, indexes, timers, clock and counters (see EngineState); the helper files of the engine read it too. */
  private readonly state: EngineState;
  /** Agents and contacts touched by the current command, routed when it ends (flags avoid duplicates). */
  private dirtyAgents: AgentRt[] = [];
  private dirtyContacts: ContactRt[] = [];
  /** Empty lists swapped with the dirty ones while a batch is routed (see `drain`). */
  private spareAgents: AgentRt[] = [];
  private spareContacts: ContactRt[] = [];

  constructor(options: RoutingEngineOptions = {}) {
    this.state = createEngineState(resolvePolicy(options.policy));
  }

  /**
   * Rebuilds an engine from persisted facts (as returned by `snapshot()` or loaded from the database).
   * Emits nothing; the first command (normally `tick(now)`) fires overdue timers and routes whatever can be.
   * O((Q·A + n) log n).
   */
  static restore(snapshot: RoutingSnapshot, options: RoutingEngineOptions = {}): RoutingEngine {
    const engine = new RoutingEngine({ policy: { ...snapshot.policy, ...options.policy } });
    restoreInto(engine.state, snapshot, {
      indexAgent: (agent) => {
        engine.indexProfile(agent);
        engine.requalifyAgent(agent);
      },
      insertInClass: (contact) => engine.insertInClass(contact),
      list: (agent) => engine.list(agent),
    });
    return engine;
  }

  /** The resolved routing policy. */
  get settings(): RoutingPolicy {
    return this.state.policy;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Commands
  // ---------------------------------------------------------------------------------------------------------

  /** Runs a command given as data (see routing.commands.ts). Same cost as the matching method. */
  dispatch(command: RoutingCommand, now: number): RoutingEvent[] {
    return dispatchCommand(this, command, now);
  }

  /**
   * Fires every timer due at or before `now` (each at its own due time), then routes.
   * O((f + r) log n) for f timers fired and r routing attempts.
   */
  tick(now: number): RoutingEvent[] {
    const t = timeOf(this.state, now);
    const events: RoutingEvent[] = [];
    const floor = Math.max(this.state.clock, Number.MIN_SAFE_INTEGER);
    for (let timer = this.state.timers.peek(); timer !== undefined && timer.at <= t; timer = this.state.timers.peek()) {
      this.state.timers.pop();
      this.fire(timer, Math.max(timer.at, floor), events);
    }
    return this.finish(t, events);
  }

  /** When the next timer is due (call `tick` then), or null. O(1). */
  nextDueAt(): number | null {
    return this.state.timers.peek()?.at ?? null;
  }

  /** Adds a queue or changes one. Changing a queue re-sorts its contacts: O(A·S·R + n_q log n). */
  upsertQueue(definition: QueueDefinition, now: number): RoutingEvent[] {
    const settings = normalizeQueue(definition);
    checkOverflowGraph(this.state, settings);
    return this.run(now, (t, events) => {
      const existing = this.state.queues.get(settings.id);
      if (!existing) {
        this.requalifyQueue(createQueue(this.state, settings));
        return;
      }
      existing.settings = settings;
      compileQueue(this.state, existing);
      const members = [...this.state.contacts.values()].filter((c) => c.queue === existing).sort(bySeq);
      const waiting = members.filter((c) => c.status === 'waiting');
      for (const contact of waiting) this.detach(contact);
      existing.classes = new Map();
      existing.active = [];
      for (const contact of members) reprice(this.state, contact);
      for (const contact of waiting) {
        contact.step = -1;
        this.settleWaiting(contact, t, events);
      }
      this.requalifyQueue(existing);
      for (const agent of existing.qualified.keys()) if (agent.routable !== 0) this.markAgent(agent);
    });
  }

  /** Removes a queue that holds no contact and is no overflow target. O(A + Q). */
  removeQueue(queueId: string, now: number): RoutingEvent[] {
    const queue = queueOrThrow(this.state, queueId);
    if (queue.memberCount > 0) throw new RoutingError('INVALID_QUEUE', { queueId, problem: 'the queue still holds contacts' });
    for (const other of this.state.queues.values()) {
      if (other.settings.overflow?.targetQueueId === queueId) {
        throw new RoutingError('INVALID_QUEUE', { queueId, problem: `queue ${other.settings.id} overflows into it` });
      }
    }
    return this.run(now, () => {
      this.state.queues.delete(queueId);
      for (const agent of queue.qualified.keys()) agent.qualified = agent.qualified.filter((q) => q.queue !== queue);
    });
  }

  /**
   * Adds an agent (logged out) or changes their skills, languages and capacity. A capacity lowered below the
   * work held leaves the agent over capacity: they get nothing new until back under it.
   * O(Q·S·R + q·l·c).
   */
  upsertAgent(profile: AgentProfile, now: number): RoutingEvent[] {
    const capacity = normalizeAgentProfile(profile, this.state.policy);
    return this.run(now, (t) => {
      let agent = this.state.agents.get(profile.id);
      if (!agent) {
        agent = createAgent(this.state, profile.id, t);
      } else {
        this.unlist(agent);
      }
      agent.skills = { ...profile.skills };
      agent.languages = [...new Set(profile.languages ?? [])];
      agent.capacityOverride = { ...profile.capacity };
      agent.cap = CHANNELS.map((channel) => capacity[channel]);
      updateLoad(agent);
      this.indexProfile(agent);
      this.requalifyAgent(agent);
      agent.routable = 0;
      this.setRoutable(agent, routableMask(agent, this.state.blockMask), t);
    });
  }

  /** Removes a logged-out agent. O(A). */
  removeAgent(agentId: string, now: number): RoutingEvent[] {
    const agent = agentOrThrow(this.state, agentId);
    if (agent.presence !== 'offline') throw agentError('INVALID_AGENT_TRANSITION', agent, 'log the agent out first');
    return this.run(now, () => {
      this.unlist(agent);
      for (const key of agent.skillKeys) this.state.holders.get(key)?.delete(agent);
      for (const { queue } of agent.qualified) queue.qualified.delete(agent);
      this.state.agents.delete(agentId);
      this.state.agentOrder.splice(this.state.agentOrder.indexOf(agent), 1);
    });
  }

  /** Logs an agent in, available or not ready. Idempotent when already logged in. O(1) plus the routing it triggers. */
  login(agentId: string, now: number, options: { notReadyReason?: NotReadyReason; by?: Actor } = {}): RoutingEvent[] {
    const agent = agentOrThrow(this.state, agentId);
    const reason = options.notReadyReason ?? null;
    if (reason !== null && !SETTABLE_NOT_READY.includes(reason)) {
      throw agentError('INVALID_AGENT_TRANSITION', agent, `not-ready reason ${String(reason)} cannot be chosen`);
    }
    if (agent.presence !== 'offline') return [];
    return this.run(now, (t, events) => {
      agent.presence = reason === null ? 'available' : 'not_ready';
      agent.reason = reason;
      agent.missed = 0;
      this.syncAgent(agent, t, options.by ?? agent.self, events);
    });
  }

  /**
   * Logs an agent out. Refused while they hold contacts; a ringing offer is withdrawn and re-routed, and
   * contacts waiting for them alone go back to the queue. Idempotent. O(q·l·c + p log n) for p contacts waiting for them.
   */
  logout(agentId: string, now: number, by?: Actor): RoutingEvent[] {
    const agent = agentOrThrow(this.state, agentId);
    if (agent.presence === 'offline') return [];
    if (agent.held.length > 0) throw agentError('INVALID_AGENT_TRANSITION', agent, 'the agent still holds contacts');
    return this.run(now, (t, events) => {
      this.withdrawOffer(agent, 'agent_logged_out', t, events);
      agent.presence = 'offline';
      agent.reason = null;
      agent.pending = null;
      agent.pendingBy = null;
      agent.disconnect = null;
      agent.missed = 0;
      agent.reservedFor = null;
      schedule(this.state, agent.timer, null);
      this.releasePreferred(agent, t, events);
      this.syncAgent(agent, t, by ?? agent.self, events);
    });
  }

  /**
   * Makes a logged-in agent available, or cancels their pending "not ready after this contact". Refused when
   * logged out, disconnected, or over capacity. Idempotent. O(1) plus the routing it triggers.
   */
  setAvailable(agentId: string, now: number, by?: Actor): RoutingEvent[] {
    const agent = agentOrThrow(this.state, agentId);
    if (agent.presence === 'offline') throw agentError('INVALID_AGENT_TRANSITION', agent, 'log in first');
    if (agent.disconnect) throw agentError('INVALID_AGENT_TRANSITION', agent, 'the agent is disconnected');
    if (agent.presence === 'available' && agent.pending === null) return [];
    if (agent.heldCh.some((held, ch) => held > agent.cap[ch])) throw agentError('AGENT_OVER_CAPACITY', agent);
    const actor = by ?? agent.self;
    return this.run(now, (t, events) => {
      if (agent.presence === 'available') {
        agent.pending = null;
        agent.pendingBy = null;
        events.push({ type: 'agent.not_ready_pending', at: t, agentId, reason: null, by: actor });
      } else {
        agent.presence = 'available';
        agent.reason = null;
        agent.missed = 0;
      }
      this.syncAgent(agent, t, actor, events);
    });
  }

  /**
   * Puts an agent not ready. While they hold contacts the request is kept pending and applied when the last one
   * ends (meanwhile they get nothing new); a ringing offer is withdrawn at once. Idempotent. O(q·l·c + log n).
   */
  setNotReady(agentId: string, reason: NotReadyReason, now: number, by?: Actor): RoutingEvent[] {
    const agent = agentOrThrow(this.state, agentId);
    if (!SETTABLE_NOT_READY.includes(reason)) {
      throw agentError('INVALID_AGENT_TRANSITION', agent, `not-ready reason ${String(reason)} cannot be chosen`);
    }
    if (agent.presence === 'offline') throw agentError('INVALID_AGENT_TRANSITION', agent, 'log in first');
    if (agent.disconnect) throw agentError('INVALID_AGENT_TRANSITION', agent, 'the agent is disconnected');
    if (agent.presence === 'not_ready' && agent.reason === reason) return [];
    if (agent.presence === 'available' && agent.pending === reason && agent.offer === null) return [];
    return this.run(now, (t, events) => this.applyNotReady(agent, reason, by ?? agent.self, t, events));
  }

  /**
   * Withdraws every ringing offer (`routing_rebuilt`) and puts its contact back at its place in line, routing
   * nothing yet: after a restore, the desktops that rang may have missed the offer's end, so each offer is closed
   * before its contact is offered again by the next command (a tick). O(w·log n) for w offers.
   */
  withdrawRingingOffers(now: number): RoutingEvent[] {
    const t = timeOf(this.state, now);
    const events: RoutingEvent[] = [];
    // Taken first: withdrawing reorders the agents.
    for (const agent of this.state.agentOrder.filter((candidate) => candidate.offer !== null)) {
      this.withdrawOffer(agent, 'routing_rebuilt', t, events);
      this.syncAgent(agent, t, SYSTEM_ACTOR, events);
    }
    this.state.clock = t;
    return events;
  }

  /**
   * The agent's desktop stopped answering (missed heartbeat). The ringing offer is withdrawn and re-routed at
   * once; the agent becomes not ready (`disconnected`) so nothing more is routed to a closed browser; connected
   * contacts stay with them, flagged, for the grace period, then go back to their queue at their original
   * place. Idempotent; ignored for logged-out agents. O(q·l·c + h log n) for h contacts held.
   */
  disconnect(agentId: string, now: number): RoutingEvent[] {
    const agent = agentOrThrow(this.state, agentId);
    if (agent.presence === 'offline' || agent.disconnect) return [];
    return this.run(now, (t, events) => {
      this.withdrawOffer(agent, 'agent_disconnected', t, events);
      const lost = [...agent.held].filter((c) => c.status === 'connected').sort(bySeq);
      const graceMs = this.state.policy.disconnectGraceSeconds * MS;
      const graceEndsAt = lost.length > 0 ? t + graceMs : null;
      agent.disconnect = {
        since: t,
        graceEndsAt,
        previousPresence: agent.presence,
        previousReason: agent.reason,
        previousPending: agent.pending,
        previousPendingBy: agent.pendingBy,
      };
      agent.presence = 'not_ready';
      agent.reason = 'disconnected';
      agent.pending = null;
      agent.pendingBy = null;
      events.push({
        type: 'agent.disconnected',
        at: t,
        agentId,
        graceEndsAt,
        heldContactIds: [...agent.held].sort(bySeq).map((c) => c.id),
      });
      for (const contact of lost) {
        contact.agentLost = true;
        events.push({
          at: t,
          contactId: contact.id,
          queueId: contact.queue.settings.id,
          channel: contact.channel,
          type: 'contact.agent_lost',
          agentId,
          graceEndsAt: graceEndsAt as number,
        });
      }
      this.releasePreferred(agent, t, events);
      if (graceEndsAt !== null && graceMs === 0) this.releaseLostContacts(agent, t, events);
      else schedule(this.state, agent.timer, graceEndsAt, timerRun(this.state, afterNow(graceMs)));
      this.syncAgent(agent, t, SYSTEM_ACTOR, events);
    });
  }

  /** The desktop is back: the agent returns to the presence they had (pending request included). Idempotent. O(h). */
  reconnect(agentId: string, now: number): RoutingEvent[] {
    const agent = agentOrThrow(this.state, agentId);
    const previous = agent.disconnect;
    if (!previous) return [];
    return this.run(now, (t, events) => {
      agent.disconnect = null;
      schedule(this.state, agent.timer, null);
      agent.presence = previous.previousPresence;
      agent.reason = previous.previousReason;
      agent.pending = previous.previousPending;
      agent.pendingBy = previous.previousPendingBy;
      for (const contact of agent.held) contact.agentLost = false;
      events.push({ type: 'agent.reconnected', at: t, agentId, heldContactIds: [...agent.held].sort(bySeq).map((c) => c.id) });
      this.syncAgent(agent, t, SYSTEM_ACTOR, events);
    });
  }

  /** A contact arrives in a queue. O(log n) to queue it, plus one contact-side search. */
  enqueue(input: NewContact, now: number): RoutingEvent[] {
    const t = timeOf(this.state, now);
    const problem = checkNewContact(this.state, input, t);
    if (problem) throw new RoutingError(problem.code, { problem: problem.text, queueId: input?.queueId });
    const queue = queueOrThrow(this.state, input.queueId);
    const events: RoutingEvent[] = [];
    const contact = createContact(this.state, input, queue, t);
    events.push(queuedEventOf(this.state, contact, 'arrival', t));
    this.settleWaiting(contact, t, events);
    return this.finish(t, events);
  }

  /** The customer hung up (or left the chat) while waiting or while an offer rang. O(log n). */
  abandon(contactId: string, now: number): RoutingEvent[] {
    const contact = contactOrThrow(this.state, contactId);
    if (contact.status !== 'waiting' && contact.status !== 'offered') {
      throw contactError('INVALID_CONTACT_TRANSITION', contact, 'only a waiting or offered contact can be abandoned');
    }
    return this.run(now, (t, events) => {
      let offeredAgent: AgentRt | null = null;
      if (contact.status === 'offered') {
        offeredAgent = contact.agent as AgentRt;
        this.closeOffer(contact, 'offer.withdrawn', t, events, 'abandoned');
      }
      events.push(abandonedEventOf(contact, offeredAgent, t));
      this.drop(contact);
      if (offeredAgent) this.syncAgent(offeredAgent, t, SYSTEM_ACTOR, events);
    });
  }

  /** The agent answers the ringing offer. O(log n + q·l·c) plus the routing it triggers (multi-channel agents). */
  acceptOffer(contactId: string, agentId: string, now: number, offerId?: string): RoutingEvent[] {
    const t = timeOf(this.state, now);
    const contact = ringingOffer(this.state, contactId, agentId, t, offerId);
    const agent = contact.agent as AgentRt;
    const ch = contact.ch;
    if (agent.heldCh[ch] + 1 > agent.cap[ch] || (heldBlockMask(agent, this.state.blockMask) & bit(ch)) !== 0) {
      throw agentError('AGENT_OVER_CAPACITY', agent);
    }
    const events: RoutingEvent[] = [];
    events.push({
      at: t,
      contactId: contact.id,
      queueId: contact.queue.settings.id,
      channel: contact.channel,
      type: 'offer.accepted',
      agentId,
      offerId: contact.offerId as string,
      ringSeconds: seconds(t - contact.offeredAt),
    });
    schedule(this.state, contact.timer, null);
    agent.offer = null;
    agent.missed = 0;
    const legWait = t - contact.waitStartedAt;
    contact.priorWaitMs += legWait;
    contact.status = 'connected';
    contact.connectedAt = t;
    contact.offerId = null;
    contact.offeredAt = NO_TIME;
    contact.expiresAt = NO_TIME;
    if (contact.refusals.length > 0) contact.refusals = NO_REFUSALS;
    agent.held.push(contact);
    agent.heldCh[ch]++;
    updateLoad(agent);
    agent.connected++;
    events.push(connectedEventOf(contact, agentId, legWait, t));
    this.syncAgent(agent, t, agent.self, events);
    return this.finish(t, events);
  }

  /**
   * The agent declines the ringing offer. The contact goes back to its place (its wait keeps counting) and is
   * kept from this agent for the re-offer cooldown. Counts as a missed offer unless the policy says otherwise.
   * O(log n + q·l·c) plus routing.
   */
  rejectOffer(contactId: string, agentId: string, now: number, offerId?: string): RoutingEvent[] {
    const t = timeOf(this.state, now);
    const contact = ringingOffer(this.state, contactId, agentId, t, offerId);
    const agent = contact.agent as AgentRt;
    return this.run(now, (at, events) => {
      this.closeOffer(contact, 'offer.rejected', at, events);
      this.returnToQueue(contact, agent, at, events);
      if (this.state.policy.rejectCountsAsMissed) this.countMiss(agent, contact, at, events);
      this.syncAgent(agent, at, agent.self, events);
    });
  }

  /**
   * The conversation ended (telephony hang-up, chat closed, e-mail sent). The agent goes to wrap-up for the
   * queue's wrap-up time, or the contact completes at once when it is 0. O(log n + q·l·c) plus routing.
   */
  endContact(contactId: string, now: number): RoutingEvent[] {
    const contact = contactOrThrow(this.state, contactId);
    if (contact.status !== 'connected') throw contactError('INVALID_CONTACT_TRANSITION', contact, 'only a connected contact can end');
    const t = timeOf(this.state, now);
    const events: RoutingEvent[] = [];
    const agent = contact.agent as AgentRt;
    const wrapMs = contact.queue.wrapUpMs[contact.ch];
    agent.connected--;
    contact.agentLost = false;
    contact.wrapUpStartedAt = t;
    if (wrapMs > 0) {
      contact.status = 'wrap_up';
      contact.wrapUpEndsAt = t + wrapMs;
      agent.wrapping++;
      schedule(this.state, contact.timer, contact.wrapUpEndsAt, contact.queue.wrapUpRuns[contact.ch]);
      events.push({
        at: t,
        contactId: contact.id,
        queueId: contact.queue.settings.id,
        channel: contact.channel,
        type: 'contact.wrap_up',
        agentId: agent.id,
        talkSeconds: seconds(t - contact.connectedAt),
        wrapUpEndsAt: contact.wrapUpEndsAt,
      });
    } else {
      agent.wrapping++;
      contact.status = 'wrap_up';
      this.complete(contact, t, 'contact_end', events);
    }
    this.syncAgent(agent, t, SYSTEM_ACTOR, events);
    return this.finish(t, events);
  }

  /**
   * The agent (or a supervisor) ends after-contact work: for one contact, or for all the agent's contacts in
   * wrap-up when `contactId` is omitted (idempotent then). O(h log n + q·l·c) plus routing.
   */
  endWrapUp(agentId: string, now: number, contactId?: string, by?: Actor): RoutingEvent[] {
    const known = contactId === undefined ? undefined : this.state.contacts.get(contactId);
    const agent = agentOf(this.state, known, agentId);
    if (contactId !== undefined) {
      const contact = known ?? contactOrThrow(this.state, contactId);
      if (contact.agent !== agent) throw contactError('CONTACT_NOT_YOURS', contact);
      if (contact.status !== 'wrap_up') throw contactError('INVALID_CONTACT_TRANSITION', contact, 'the contact is not in wrap-up');
      const t = timeOf(this.state, now);
      const events: RoutingEvent[] = [];
      this.complete(contact, t, 'agent', events);
      this.syncAgent(agent, t, by ?? agent.self, events);
      return this.finish(t, events);
    }
    const targets = [...agent.held].filter((c) => c.status === 'wrap_up').sort(bySeq);
    if (targets.length === 0) return [];
    return this.run(now, (t, events) => {
      for (const contact of targets) this.complete(contact, t, 'agent', events);
      this.syncAgent(agent, t, by ?? agent.self, events);
    });
  }

  /**
   * Reserves a logged-in, free agent for a call a colleague consults them on (or adds them to as a conference
   * party): the agent shows `reserved` and is offered nothing until released. Only an agent who could be offered a
   * call now (available, nothing pending, no offer ringing, a free voice slot) can be reserved; reserving again for
   * the same call is a no-op. O(q·l·c).
   */
  reserveAgent(agentId: string, contactId: string, now: number, by?: Actor): RoutingEvent[] {
    const agent = agentOrThrow(this.state, agentId);
    if (agent.reservedFor === contactId) return [];
    if (agent.presence === 'offline' || agent.disconnect) throw agentError('AGENT_NOT_LOGGED_IN', agent);
    if (agent.reservedFor !== null) throw agentError('INVALID_AGENT_TRANSITION', agent, 'the agent is reserved for another call');
    if ((agent.routable & bit(CHANNEL_INDEX.voice)) === 0) throw agentError('INVALID_AGENT_TRANSITION', agent, 'the agent cannot take a call now');
    return this.run(now, (t, events) => {
      agent.reservedFor = contactId;
      this.syncAgent(agent, t, by ?? SYSTEM_ACTOR, events);
    });
  }

  /** Ends an agent's reservation (the consult or conference leg ended): they are routable again. Idempotent. O(q·l·c). */
  releaseAgent(agentId: string, now: number, by?: Actor): RoutingEvent[] {
    const agent = agentOrThrow(this.state, agentId);
    if (agent.reservedFor === null) return [];
    return this.run(now, (t, events) => {
      agent.reservedFor = null;
      this.syncAgent(agent, t, by ?? SYSTEM_ACTOR, events);
    });
  }

  /**
   * Warm transfer: the connected call goes to the agent reserved for it, who has already spoken with the caller,
   * and is connected to them at once (no ringing). The events are those of a transfer to the agent followed by
   * an offer the agent accepts, so every figure counts it as a transfer. Should another contact waiting for this
   * agent alone come first, the call waits for them like any transfer to an agent. O(log n + q·l·c) plus routing.
   */
  handOver(contactId: string, agentId: string, now: number, by?: Actor): RoutingEvent[] {
    const contact = contactOrThrow(this.state, contactId);
    const agent = agentOrThrow(this.state, agentId);
    if (contact.status !== 'connected') throw contactError('INVALID_CONTACT_TRANSITION', contact, 'only a connected call can be handed over');
    if (agent.reservedFor !== contactId) throw agentError('INVALID_AGENT_TRANSITION', agent, 'the agent is not reserved for this call');
    if (agent.presence !== 'available' || agent.disconnect || agent.pending !== null) {
      throw agentError('INVALID_AGENT_TRANSITION', agent, 'the agent cannot take a call now');
    }
    const events = this.transferToAgent(contactId, agentId, now, { by });
    events.push(...this.releaseAgent(agentId, now, by));
    const transferred = contactOrThrow(this.state, contactId);
    if (transferred.status === 'offered' && transferred.agent === agent) events.push(...this.acceptOffer(contactId, agentId, now, transferred.offerId ?? undefined));
    return events;
  }

  /**
   * Moves a waiting, offered or connected contact to another queue. Decision: it takes a fresh place there
   * (enqueue time = now, so it neither jumps ahead of nor falls behind the target queue's own customers) but
   * keeps the customer's total wait figures (`totalWaitSeconds`). The transferring agent is freed at once,
   * without wrap-up. O(log n + q·l·c) plus routing.
   */
  transferToQueue(contactId: string, queueId: string, now: number, by?: Actor): RoutingEvent[] {
    const contact = contactOrThrow(this.state, contactId);
    const target = queueOrThrow(this.state, queueId);
    checkTransferable(contact);
    return this.run(now, (t, events) => this.transfer(contact, target, null, by ?? SYSTEM_ACTOR, t, events));
  }

  /**
   * Transfers a contact to a specific logged-in agent: it is re-queued (fresh place, as for a queue transfer) in
   * its queue or `queueId`, and waits for that agent alone during the transfer window (skills are not checked:
   * a person chose the agent); after the window, or if the agent refuses, any qualified agent may take it.
   * O(log n + q·l·c) plus routing.
   */
  transferToAgent(
    contactId: string,
    agentId: string,
    now: number,
    options: { queueId?: string; by?: Actor } = {},
  ): RoutingEvent[] {
    const contact = contactOrThrow(this.state, contactId);
    const agent = agentOrThrow(this.state, agentId);
    const target = options.queueId === undefined ? contact.queue : queueOrThrow(this.state, options.queueId);
    checkTransferable(contact);
    if (agent.presence === 'offline' || agent.disconnect) throw agentError('AGENT_NOT_LOGGED_IN', agent);
    if (contact.agent === agent) throw contactError('INVALID_CONTACT_TRANSITION', contact, 'the contact is already with this agent');
    return this.run(now, (t, events) => this.transfer(contact, target, agent, options.by ?? SYSTEM_ACTOR, t, events));
  }

  /**
   * The customer asked to be called back: the contact keeps its place and enqueue time (it neither jumps ahead
   * nor falls behind) and is offered when its turn comes, flagged as a callback. Idempotent. O(1).
   */
  requestCallback(contactId: string, now: number): RoutingEvent[] {
    const contact = contactOrThrow(this.state, contactId);
    if (contact.status !== 'waiting' && contact.status !== 'offered') {
      throw contactError('INVALID_CONTACT_TRANSITION', contact, 'only a waiting or offered contact can ask for a callback');
    }
    if (contact.callback) return [];
    return this.run(now, (t, events) => {
      contact.callback = true;
      events.push({
        at: t,
        contactId: contact.id,
        queueId: contact.queue.settings.id,
        channel: contact.channel,
        type: 'contact.callback_requested',
        waitSeconds: seconds(t - contact.waitStartedAt),
      });
    });
  }

  /**
   * A supervisor sets the extra priority points of a waiting or ringing contact (0 takes them away): a waiting
   * contact takes its new place in line at once and is routed again; a ringing one keeps ringing and, should the
   * offer end unanswered, goes back to the place of its new priority. Setting the current points is a no-op.
   * O(log n) plus routing.
   */
  setPriorityBoost(contactId: string, boost: number, now: number, by?: Actor): RoutingEvent[] {
    const contact = contactOrThrow(this.state, contactId);
    if (!Number.isFinite(boost)) throw contactError('INVALID_CONTACT', contact, 'the priority boost must be a number');
    if (contact.status !== 'waiting' && contact.status !== 'offered') {
      throw contactError('INVALID_CONTACT_TRANSITION', contact, 'only a waiting or offered contact can change priority');
    }
    if (contact.boost === boost) return [];
    return this.run(now, (t, events) => {
      const previousBoost = contact.boost;
      const waiting = contact.status === 'waiting';
      if (waiting) this.detach(contact);
      contact.boost = boost;
      reprice(this.state, contact);
      events.push({
        at: t,
        contactId: contact.id,
        queueId: contact.queue.settings.id,
        channel: contact.channel,
        type: 'contact.reprioritized',
        boost,
        previousBoost,
        priority: effectivePriority(this.state, contact, t),
        ...(by ? { by } : {}),
      });
      if (waiting) this.settleWaiting(contact, t, events);
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Queries
  // ---------------------------------------------------------------------------------------------------------

  /** O(skills + h) for h contacts held. */
  getAgent(agentId: string): AgentView | undefined {
    const agent = this.state.agents.get(agentId);
    return agent && agentView(agent);
  }

  /** Whether the agent's desktop counts as lost (getAgent's `disconnected`, without building the view). O(1). */
  isDisconnected(agentId: string): boolean {
    return this.state.agents.get(agentId)?.disconnect != null;
  }

  /** O(1). */
  getContact(contactId: string): ContactView | undefined {
    const contact = this.state.contacts.get(contactId);
    return contact && contactView(contact);
  }

  /** Agent ids in registration order. O(A). */
  agentIds(): string[] {
    return this.state.agentOrder.map((a) => a.id);
  }

  /** Ids of live contacts (waiting, offered, connected, wrap-up) in arrival order. O(n log n). */
  contactIds(): string[] {
    return [...this.state.contacts.values()].sort(bySeq).map((c) => c.id);
  }

  queueIds(): string[] {
    return [...this.state.queues.keys()];
  }

  /** Number of contacts waiting in a queue. O(1). */
  waitingCount(queueId?: string): number {
    if (queueId !== undefined) return queueOrThrow(this.state, queueId).waitingCount;
    let total = 0;
    for (const queue of this.state.queues.values()) total += queue.waitingCount;
    return total;
  }

  /**
   * Why a contact waits (or where it is): its place, effective priority and its parts, the skills demanded now
   * (after relaxation), each agent's verdict, and when the next relaxation and the overflow happen.
   * Diagnostic: O(n_q + A·R). See routing-engine.explain.ts.
   */
  explain(contactId: string, now: number, options: ExplainOptions = {}): ContactExplanation {
    return explainContact(this.state, contactId, now, options);
  }

  /** Everything needed to rebuild this engine with `RoutingEngine.restore`. O(A·K + n log n). */
  snapshot(): RoutingSnapshot {
    return snapshotOf(this.state);
  }

  /** The persisted record of one agent (what `snapshot()` holds for it), for incremental persistence. O(skills). */
  agentRecordOf(agentId: string): AgentRecord | undefined {
    const agent = this.state.agents.get(agentId);
    return agent ? agentRecord(agent) : undefined;
  }

  /** The persisted record of one contact still in routing; undefined once it has left. O(1). */
  contactRecordOf(contactId: string): ContactRecord | undefined {
    const contact = this.state.contacts.get(contactId);
    return contact ? contactRecord(this.state, contact) : undefined;
  }

  /** Sequence counters and round-robin cursors: the engine-wide part of `snapshot()`. O(Q log A). */
  engineRecord(): Pick<RoutingSnapshot, 'roundRobinCursors' | 'counters' | 'clock'> {
    return engineRecordOf(this.state);
  }

  /**
   * Recomputes every index from scratch and compares; returns the problems found (empty when consistent).
   * With `exhaustive`, also checks that no waiting contact has an agent able to take it (O(n·A)).
   * For tests and health checks. O(n log n + A·(K + Q·S·R)). See routing-engine.audit.ts.
   */
  audit(options: { exhaustive?: boolean } = {}): string[] {
    return auditEngine(this.state, options);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Command plumbing
  // ---------------------------------------------------------------------------------------------------------

  /** Validation happens before `run`; `body` mutates, then routing drains the agents and contacts it touched. */
  private run(now: number, body: (t: number, events: RoutingEvent[]) => void): RoutingEvent[] {
    const t = timeOf(this.state, now);
    const events: RoutingEvent[] = [];
    body(t, events);
    return this.finish(t, events);
  }

  /**
   * Ends a command whose changes (at time t) are made: advances the clock and routes what they touched. The
   * busiest commands inline `run` this way, without a closure per call.
   */
  private finish(t: number, events: RoutingEvent[]): RoutingEvent[] {
    this.state.clock = t;
    this.drain(t, events);
    if (this.state.reconcilePending) {
      // After a restore: let every routable agent look for work once, after the command's own routing, so
      // a consistent snapshot yields exactly what the original engine would have done.
      this.state.reconcilePending = false;
      for (const agent of this.state.agentOrder) if (agent.routable !== 0) this.markAgent(agent);
      this.drain(t, events);
    }
    return events;
  }

  /**
   * Routes the marked agents, then the marked contacts, until nothing is marked. Each batch is taken from its
   * list and the list replaced by the (empty) spare one, so routing can mark more while a batch is processed;
   * batches are emptied with pop, which keeps the arrays' storage (setting length to 0 would not).
   */
  private drain(t: number, events: RoutingEvent[]): void {
    while (this.dirtyAgents.length > 0 || this.dirtyContacts.length > 0) {
      if (this.dirtyAgents.length > 0) {
        const agents = this.dirtyAgents;
        this.dirtyAgents = this.spareAgents;
        this.spareAgents = agents;
        for (let i = 0; i < agents.length; i++) {
          const agent = agents[i];
          agent.dirty = false;
          this.routeAgent(agent, t, events);
        }
        // Those still routable join the candidate lists, in idle order, before any contact-side search.
        let unlisted = 0;
        for (let i = 0; i < agents.length; i++) {
          const agent = agents[i];
          if (agent.routable !== 0 && !agent.listed) agents[unlisted++] = agent;
        }
        while (agents.length > unlisted) agents.pop();
        if (unlisted > 1) agents.sort(byIdleSeq);
        for (let i = 0; i < unlisted; i++) this.list(agents[i]);
        while (agents.length > 0) agents.pop();
      }
      if (this.dirtyContacts.length > 0) {
        const contacts = this.dirtyContacts;
        this.dirtyContacts = this.spareContacts;
        this.spareContacts = contacts;
        if (contacts.length > 1) contacts.sort(inContactOrder);
        for (let i = 0; i < contacts.length; i++) {
          const contact = contacts[i];
          contact.dirty = false;
          if (!contact.dropped && contact.status === 'waiting') this.routeContact(contact, t, events);
        }
        while (contacts.length > 0) contacts.pop();
      }
    }
  }

  private markAgent(agent: AgentRt): void {
    if (agent.dirty) return;
    agent.dirty = true;
    this.dirtyAgents.push(agent);
  }

  /** Queues a contact-side search over the candidate lists of steps `fromStep` and up. */
  private markContact(contact: ContactRt, fromStep: number): void {
    if (contact.dirty) {
      if (fromStep < contact.searchFrom) contact.searchFrom = fromStep;
      return;
    }
    contact.dirty = true;
    contact.searchFrom = fromStep;
    this.dirtyContacts.push(contact);
  }

  private fire(timer: TimerRt, t: number, events: RoutingEvent[]): void {
    const contact = timer.contact;
    if (contact) {
      switch (contact.status) {
        case 'waiting':
          this.detach(contact);
          this.settleWaiting(contact, t, events, true);
          return;
        case 'offered': {
          const agent = contact.agent as AgentRt;
          this.closeOffer(contact, 'offer.expired', t, events);
          this.returnToQueue(contact, agent, t, events);
          this.countMiss(agent, contact, t, events);
          this.syncAgent(agent, t, SYSTEM_ACTOR, events);
          return;
        }
        case 'wrap_up': {
          const agent = contact.agent as AgentRt;
          this.complete(contact, t, 'wrap_up_timer', events);
          this.syncAgent(agent, t, SYSTEM_ACTOR, events);
          return;
        }
        default:
          return;
      }
    }
    const agent = timer.agent as AgentRt;
    this.releaseLostContacts(agent, t, events);
    this.syncAgent(agent, t, SYSTEM_ACTOR, events);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Routing
  // ---------------------------------------------------------------------------------------------------------

  /** Agent side: the best contact this agent can take, across its queues. O(Σ active classes of its queues + k). */
  private routeAgent(agent: AgentRt, t: number, events: RoutingEvent[]): void {
    if (agent.routable === 0) return;
    const contact = this.findContactFor(agent);
    if (contact) this.makeOffer(contact, agent, t, events);
  }

  private findContactFor(agent: AgentRt): ContactRt | null {
    const routable = agent.routable;
    // Contacts waiting for this agent alone come first: that is what their window is for.
    if (agent.preferred.size > 0) {
      const preferred = agent.preferred.findFirst((c) => (routable & bit(c.ch)) !== 0 && !refusedBy(c, agent));
      if (preferred) return preferred;
    }
    // The best so far: a class whose first contact it is (compared by the class's copy of its keys, without
    // touching the contact), or a contact found past refusals. Heap keys order exactly as `contactBefore`.
    let found = false;
    let bestClass: ClassRt | null = null;
    let best: ContactRt | null = null;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    const qualified = agent.qualified;
    for (let q = 0; q < qualified.length; q++) {
      const entry = qualified[q];
      const minStep = entry.minStep;
      const byLang = entry.active;
      for (let l = 0; l < byLang.length; l++) {
        const bySteps = byLang[l];
        for (let step = minStep; step < bySteps.length; step++) {
          const active = bySteps[step];
          for (let i = 0; i < active.length; i++) {
            const cls = active[i];
            if ((routable & bit(cls.ch)) === 0) continue;
            if (cls.refusing === 0) {
              // The first keys rarely tie: the second and third are read only then, and for a new best.
              const k1 = cls.firstK1;
              if (found && (k1 > b1 || (k1 === b1 && (cls.firstK2 > b2 || (cls.firstK2 === b2 && cls.firstK3 >= b3))))) continue;
              found = true;
              bestClass = cls;
              best = null;
              b1 = k1;
              b2 = cls.firstK2;
              b3 = cls.firstK3;
              continue;
            }
            let head = cls.peek() as ContactRt;
            if (refusedBy(head, agent)) {
              const next = cls.findFirst((c) => !refusedBy(c, agent));
              if (next === undefined) continue;
              head = next;
            }
            if (found && (head.k1 > b1 || (head.k1 === b1 && (head.k2 > b2 || (head.k2 === b2 && head.k3 >= b3))))) continue;
            found = true;
            bestClass = null;
            best = head;
            b1 = head.k1;
            b2 = head.k2;
            b3 = head.k3;
          }
        }
      }
    }
    return best ?? (bestClass === null ? null : (bestClass.peek() as ContactRt));
  }

  /** Contact side: the agent the queue's strategy picks among those able to take it. O(S + k). */
  private routeContact(contact: ContactRt, t: number, events: RoutingEvent[]): void {
    if (contact.cls === null) {
      const agent = this.state.agents.get(contact.preferredAgentId as string) as AgentRt;
      if ((agent.routable & bit(contact.ch)) !== 0 && !refusedBy(contact, agent)) this.makeOffer(contact, agent, t, events);
      return;
    }
    const agent = this.findAgentFor(contact);
    if (agent) this.makeOffer(contact, agent, t, events);
  }

  private findAgentFor(contact: ContactRt): AgentRt | null {
    const queue = contact.queue;
    const candidates = queue.candidates;
    const strategy = queue.settings.strategy;
    const refusals = contact.refusals.length > 0;
    let best: AgentRt | null = null;
    let bestScore = 0;
    // Agents qualifying at any step up to the contact's own, speaking its language, routable on its channel.
    for (let step = contact.searchFrom; step <= contact.step; step++) {
      const list = candidates.get(candidateKey(step, contact.langKey, contact.ch));
      if (list === undefined) continue;
      for (let node = list.head; node !== null; node = node.next) {
        const entry = node.entry;
        const agent = entry.agent;
        if (refusals && refusedBy(contact, agent)) continue;
        let score: number;
        if (strategy === 'longest_idle') {
          // Sets are in idle order: the first eligible agent of each set is that set's longest idle.
          score = agent.idleSeq;
        } else if (strategy === 'most_skilled') {
          score = -entry.score;
        } else if (strategy === 'least_occupied') {
          score = agent.load;
        } else {
          // round_robin: the next agent after the last one served, in registration order, wrapping around.
          score = agent.ordinal > queue.rrCursor ? agent.ordinal : agent.ordinal + 2 ** 40;
        }
        // Lower score wins; ties go to the longer idle agent.
        if (best === null || score < bestScore || (score === bestScore && agent.idleSeq < best.idleSeq)) {
          best = agent;
          bestScore = score;
        }
        if (strategy === 'longest_idle') break;
      }
    }
    return best;
  }

  private makeOffer(contact: ContactRt, agent: AgentRt, t: number, events: RoutingEvent[]): void {
    const queue = contact.queue;
    this.detach(contact);
    leaveWaiting(contact);
    contact.status = 'offered';
    contact.agent = agent;
    contact.offerCount++;
    contact.offerId = `${contact.id}/${contact.offerCount}`;
    contact.offeredAt = t;
    contact.expiresAt = t + queue.offerTimeoutMs;
    agent.offer = contact;
    queue.rrCursor = agent.ordinal;
    schedule(this.state, contact.timer, contact.expiresAt, queue.offerRun);
    events.push(offeredEventOf(contact, agent, t));
    this.syncAgent(agent, t, SYSTEM_ACTOR, events);
  }

  /** Ends the ringing offer of a contact (the contact is left detached, status `waiting`, no agent). */
  private closeOffer(
    contact: ContactRt,
    type: 'offer.rejected' | 'offer.expired' | 'offer.withdrawn',
    t: number,
    events: RoutingEvent[],
    reason?: OfferWithdrawnReason,
  ): void {
    const agent = contact.agent as AgentRt;
    const at = t;
    const contactId = contact.id;
    const queueId = contact.queue.settings.id;
    const channel = contact.channel;
    const agentId = agent.id;
    const offerId = contact.offerId as string;
    const ringSeconds = seconds(t - contact.offeredAt);
    if (type === 'offer.rejected') {
      events.push({ type, at, contactId, queueId, channel, agentId, offerId, ringSeconds, countsAsMissed: this.state.policy.rejectCountsAsMissed });
    } else if (type === 'offer.expired') {
      events.push({ type, at, contactId, queueId, channel, agentId, offerId, ringSeconds });
    } else {
      events.push({ type, at, contactId, queueId, channel, agentId, offerId, ringSeconds, reason: reason as OfferWithdrawnReason });
    }
    schedule(this.state, contact.timer, null);
    agent.offer = null;
    contact.agent = null;
    contact.status = 'waiting';
    contact.offerId = null;
    contact.offeredAt = NO_TIME;
    contact.expiresAt = NO_TIME;
  }

  /** Puts a contact whose offer ended back at its place; a refusal keeps it from `refusedBy` for a while. */
  private returnToQueue(contact: ContactRt, refusedByAgent: AgentRt | null, t: number, events: RoutingEvent[]): void {
    if (refusedByAgent && this.state.policy.reofferCooldownSeconds > 0) {
      const until = t + this.state.policy.reofferCooldownSeconds * MS;
      contact.refusals = [...contact.refusals.filter((r) => r.agent !== refusedByAgent), { agent: refusedByAgent, until }];
    }
    enterWaiting(contact);
    this.settleWaiting(contact, t, events);
  }

  private withdrawOffer(agent: AgentRt, reason: OfferWithdrawnReason, t: number, events: RoutingEvent[]): void {
    const contact = agent.offer;
    if (!contact) return;
    this.closeOffer(contact, 'offer.withdrawn', t, events, reason);
    this.returnToQueue(contact, null, t, events);
  }

  /**
   * Places a detached waiting contact as of time t: drops expired refusals, overflows it if due, opens or
   * closes its preferred-agent window, moves it to its current relaxation step's class, schedules its next
   * timer and marks it for routing. O(log n).
   */
  private settleWaiting(contact: ContactRt, t: number, events: RoutingEvent[], onTimer = false): void {
    // A timer that only relaxes the requirements makes only the agents of the new steps eligible: the others
    // were already examined (no waiting contact ever has an agent able to take it after a command).
    let onlyRelaxed = onTimer && contact.step >= 0;
    const previousStep = contact.step;
    if (contact.refusals.length > 0) {
      const before = contact.refusals.length;
      contact.refusals = contact.refusals.filter((r) => r.until > t);
      if (contact.refusals.length !== before) onlyRelaxed = false;
    }
    let queue = contact.queue;
    while (queue.overflowAfterMs !== null && t >= contact.queueEnteredAt + queue.overflowAfterMs) {
      onlyRelaxed = false;
      if (contact.preferredAgentId !== null) this.endPreference(contact, 'overflowed', t, events);
      const target = this.state.queues.get((queue.settings.overflow as { targetQueueId: string }).targetQueueId) as QueueRt;
      events.push(overflowedEventOf(contact, target, t));
      leaveWaiting(contact);
      queue.memberCount--;
      contact.queue = target;
      target.memberCount++;
      enterWaiting(contact);
      contact.queueEnteredAt = t;
      contact.step = -1;
      reprice(this.state, contact);
      events.push(queuedEventOf(this.state, contact, 'overflow', t));
      queue = target;
    }
    if ((queue.channelMask & bit(contact.ch)) === 0) this.openChannel(queue, contact.ch);
    const step = stepAt(queue, t - contact.queueEnteredAt);
    if (contact.step >= 0 && step > contact.step) {
      events.push({
        at: t,
        contactId: contact.id,
        queueId: contact.queue.settings.id,
        channel: contact.channel,
        type: 'contact.relaxed',
        step,
      });
    }
    contact.step = step;
    let placed = false;
    if (contact.preferredAgentId !== null) {
      onlyRelaxed = false;
      const agent = this.state.agents.get(contact.preferredAgentId);
      const reason =
        !agent || agent.presence === 'offline'
          ? 'agent_logged_out'
          : agent.disconnect
            ? 'agent_disconnected'
            : contact.preferredUntil === null || t >= contact.preferredUntil
              ? 'window_elapsed'
              : refusedBy(contact, agent)
                ? 'refused'
                : null;
      if (reason === null) {
        pushContact((agent as AgentRt).preferred, contact);
        contact.heap = (agent as AgentRt).preferred;
        contact.cls = null;
        placed = true;
      } else {
        this.endPreference(contact, reason, t, events);
      }
    }
    if (!placed) this.insertInClass(contact);
    scheduleWaiting(this.state, contact);
    if (!onlyRelaxed) this.markContact(contact, 0);
    else if (step > previousStep) this.markContact(contact, previousStep + 1);
  }

  private endPreference(
    contact: ContactRt,
    reason: 'window_elapsed' | 'agent_logged_out' | 'agent_disconnected' | 'refused' | 'overflowed',
    t: number,
    events: RoutingEvent[],
  ): void {
    events.push({
      at: t,
      contactId: contact.id,
      queueId: contact.queue.settings.id,
      channel: contact.channel,
      type: 'contact.preference_ended',
      preferredAgentId: contact.preferredAgentId as string,
      reason,
    });
    contact.preferredAgentId = null;
    contact.preferredUntil = null;
  }

  private insertInClass(contact: ContactRt): void {
    const queue = contact.queue;
    const key = candidateKey(contact.step, contact.langKey, contact.ch);
    let cls = queue.classes.get(key);
    if (!cls) {
      cls = new ClassRt(queue, contact.step, contact.langKey, contact.ch);
      queue.classes.set(key, cls);
    }
    if (cls.size === 0) {
      const active = this.activeClasses(queue, cls.lang)[cls.step];
      cls.activeIndex = active.length;
      active.push(cls);
    }
    pushContact(cls, contact);
    if (contact.refusals.length > 0) cls.refusing++;
    contact.heap = cls;
    contact.cls = cls;
  }

  /** Takes a contact out of whatever queue it waits in. O(1) in a run, else O(log n). */
  private detach(contact: ContactRt): void {
    const heap = contact.heap;
    if (!heap) return;
    heap.remove(contact);
    const cls = contact.cls;
    if (cls && contact.refusals.length > 0) cls.refusing--;
    if (cls && cls.size === 0) {
      const active = (cls.queue.active[cls.lang] as ClassRt[][])[cls.step];
      const last = active[active.length - 1];
      active[cls.activeIndex] = last;
      last.activeIndex = cls.activeIndex;
      active.pop();
      cls.activeIndex = -1;
    }
    contact.heap = null;
    contact.cls = null;
  }

  private drop(contact: ContactRt): void {
    this.detach(contact);
    schedule(this.state, contact.timer, null);
    leaveWaiting(contact);
    contact.queue.memberCount--;
    contact.dropped = true;
    this.state.contacts.delete(contact.id);
  }

  private complete(contact: ContactRt, t: number, endedBy: 'contact_end' | 'agent' | 'wrap_up_timer', events: RoutingEvent[]): void {
    const agent = contact.agent as AgentRt;
    const wrapStart = contact.wrapUpStartedAt;
    const talk = wrapStart - contact.connectedAt;
    const wrap = t - wrapStart;
    agent.wrapping--;
    unhold(agent, contact);
    agent.heldCh[contact.ch]--;
    updateLoad(agent);
    events.push(completedEventOf(contact, agent, talk, wrap, endedBy, t));
    this.drop(contact);
  }

  private transfer(contact: ContactRt, target: QueueRt, toAgent: AgentRt | null, by: Actor, t: number, events: RoutingEvent[]): void {
    const from = contact.queue;
    let freed: AgentRt | null = null;
    let fromAgent: AgentRt | null = null;
    let talkMs: number | null = null;
    if (contact.status === 'offered') {
      freed = contact.agent as AgentRt;
      this.closeOffer(contact, 'offer.withdrawn', t, events, 'transferred');
    }
    if (contact.status === 'connected') {
      fromAgent = freed = contact.agent as AgentRt;
      talkMs = t - contact.connectedAt;
      unhold(freed, contact);
      freed.heldCh[contact.ch]--;
      updateLoad(freed);
      freed.connected--;
      contact.agent = null;
      contact.agentLost = false;
      contact.connectedAt = NO_TIME;
    } else {
      this.detach(contact);
      contact.priorWaitMs += t - contact.waitStartedAt;
    }
    contact.waitStartedAt = t;
    events.push(transferredEventOf(contact, target, fromAgent, toAgent, by, talkMs, t));
    leaveWaiting(contact);
    from.memberCount--;
    contact.queue = target;
    target.memberCount++;
    contact.status = 'waiting';
    enterWaiting(contact);
    contact.enqueuedAt = t;
    contact.queueEnteredAt = t;
    contact.step = -1;
    contact.refusals = NO_REFUSALS;
    contact.preferredAgentId = toAgent?.id ?? null;
    contact.preferredUntil = toAgent ? t + this.state.policy.transferToAgentWindowSeconds * MS : null;
    reprice(this.state, contact);
    events.push(queuedEventOf(this.state, contact, 'transfer', t));
    this.settleWaiting(contact, t, events);
    if (freed) this.syncAgent(freed, t, by, events);
  }

  /** Grace over: connected contacts still flagged go back to their queue at their original place. */
  private releaseLostContacts(agent: AgentRt, t: number, events: RoutingEvent[]): void {
    const lost = [...agent.held].filter((c) => c.agentLost).sort(bySeq);
    if (agent.disconnect) agent.disconnect.graceEndsAt = null;
    for (const contact of lost) {
      const talkMs = t - contact.connectedAt;
      unhold(agent, contact);
      agent.heldCh[contact.ch]--;
      updateLoad(agent);
      agent.connected--;
      contact.agent = null;
      contact.agentLost = false;
      contact.connectedAt = NO_TIME;
      contact.status = 'waiting';
      contact.waitStartedAt = t;
      events.push({
        at: t,
        contactId: contact.id,
        queueId: contact.queue.settings.id,
        channel: contact.channel,
        type: 'contact.requeued',
        fromAgentId: agent.id,
        reason: 'agent_disconnected',
        enqueuedAt: contact.enqueuedAt,
        talkSeconds: seconds(talkMs),
      });
      enterWaiting(contact);
      this.settleWaiting(contact, t, events);
    }
  }

  /** Contacts waiting for this agent alone go back to the queue (the agent logged out or disconnected). */
  private releasePreferred(agent: AgentRt, t: number, events: RoutingEvent[]): void {
    if (agent.preferred.size === 0) return;
    const contacts = [...agent.preferred.toArray()].sort(bySeq);
    for (const contact of contacts) {
      this.detach(contact);
      this.settleWaiting(contact, t, events);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Agent state machine and candidate indexes
  // ---------------------------------------------------------------------------------------------------------

  private applyNotReady(agent: AgentRt, reason: NotReadyReason, by: Actor, t: number, events: RoutingEvent[]): void {
    this.withdrawOffer(agent, 'agent_not_ready', t, events);
    if (agent.presence === 'not_ready') {
      agent.reason = reason;
    } else if (agent.held.length > 0) {
      if (agent.pending !== reason) {
        agent.pending = reason;
        agent.pendingBy = by;
        events.push({ type: 'agent.not_ready_pending', at: t, agentId: agent.id, reason, by });
      }
    } else {
      agent.presence = 'not_ready';
      agent.reason = reason;
      agent.pending = null;
      agent.pendingBy = null;
    }
    this.syncAgent(agent, t, by, events);
  }

  private countMiss(agent: AgentRt, contact: ContactRt, t: number, events: RoutingEvent[]): void {
    agent.missed++;
    const limit = this.state.policy.missedOffersBeforeNotReady;
    if (limit > 0 && agent.missed >= limit && agent.presence === 'available') {
      events.push({ type: 'agent.missed_offers', at: t, agentId: agent.id, count: agent.missed, lastContactId: contact.id });
      agent.missed = 0;
      this.applyNotReady(agent, 'missed_offers', SYSTEM_ACTOR, t, events);
    }
  }

  /**
   * Brings an agent's derived state up to date after any change: applies a pending not-ready once the last
   * contact is gone, emits `agent.state_changed` when the aggregate state moved, and re-lists the agent when
   * its routable channels changed (marking it for routing). O(q·l·c).
   */
  private syncAgent(agent: AgentRt, t: number, by: Actor, events: RoutingEvent[]): void {
    if (agent.presence === 'available' && agent.pending !== null && agent.offer === null && agent.held.length === 0) {
      agent.presence = 'not_ready';
      agent.reason = agent.pending;
      by = agent.pendingBy ?? by;
      agent.pending = null;
      agent.pendingBy = null;
    }
    const state = aggregate(agent);
    const reason = stateReason(agent);
    if (state !== agent.state || reason !== agent.stateReason) {
      events.push({
        type: 'agent.state_changed',
        at: t,
        agentId: agent.id,
        from: agent.state,
        fromReason: agent.stateReason,
        to: state,
        reason,
        by,
        secondsInPrevious: seconds(t - agent.stateSince),
      });
      agent.state = state;
      agent.stateReason = reason;
      agent.stateSince = t;
    }
    this.setRoutable(agent, routableMask(agent, this.state.blockMask), t);
  }

  /**
   * Records the channels an agent can now be offered. A change restarts the agent's longest-idle clock and marks
   * the agent for an agent-side search; the agent joins the candidate lists only after that search (an agent
   * offered work at once never needs listing). O(q·l·c) when it was listed.
   */
  private setRoutable(agent: AgentRt, mask: number, t: number): void {
    if (mask === agent.routable) return;
    this.unlist(agent);
    agent.routable = mask;
    if (mask === 0) return;
    agent.idleSince = t;
    agent.idleSeq = ++this.state.idleSeq;
    this.markAgent(agent);
  }

  private unlist(agent: AgentRt): void {
    if (!agent.listed) return;
    agent.listed = false;
    const routable = agent.routable;
    const qualified = agent.qualified;
    const langs = agent.langKeys;
    for (let q = 0; q < qualified.length; q++) {
      const entry = qualified[q];
      const queue = entry.queue;
      const mask = routable & queue.channelMask;
      if (mask === 0) continue;
      const nodes = entry.nodes;
      for (let l = 0; l < langs.length; l++) {
        for (let ch = 0; ch < CHANNEL_COUNT; ch++) {
          if ((mask & bit(ch)) === 0) continue;
          const node = nodes[l * CHANNEL_COUNT + ch] as CandidateNode;
          (node.list as CandidateList).remove(node);
        }
      }
    }
  }

  /** Appends a routable agent to the candidate lists of its queues (at the idle end). O(q·l·c). */
  private list(agent: AgentRt): void {
    if (agent.listed || agent.routable === 0) return;
    agent.listed = true;
    const qualified = agent.qualified;
    for (let q = 0; q < qualified.length; q++) this.listIn(qualified[q], agent.routable);
  }

  /** Starts keeping a queue's candidate sets for a channel (its first contact on that channel). O(k log k). */
  private openChannel(queue: QueueRt, ch: number): void {
    if ((queue.channelMask & bit(ch)) !== 0) return;
    queue.channelMask |= bit(ch);
    // Agents not listed yet join with all their channels when the current command routes them.
    const routable = [...queue.qualified.values()].filter((entry) => entry.agent.listed && (entry.agent.routable & bit(ch)) !== 0);
    routable.sort((a, b) => a.agent.idleSeq - b.agent.idleSeq);
    for (const entry of routable) this.listIn(entry, bit(ch));
  }

  private listIn(entry: QualificationRt, routable: number): void {
    const queue = entry.queue;
    const mask = routable & queue.channelMask;
    if (mask === 0) return;
    const candidates = queue.candidates;
    const langs = entry.agent.langKeys;
    const minStep = entry.minStep;
    const nodes = entry.nodes;
    for (let l = 0; l < langs.length; l++) {
      for (let ch = 0; ch < CHANNEL_COUNT; ch++) {
        if ((mask & bit(ch)) === 0) continue;
        const slot = l * CHANNEL_COUNT + ch;
        let node = nodes[slot];
        if (!node) {
          const key = candidateKey(minStep, langs[l], ch);
          let home = candidates.get(key);
          if (!home) {
            home = new CandidateList();
            candidates.set(key, home);
          }
          node = { entry, home, prev: null, next: null, list: null };
          nodes[slot] = node;
        }
        node.home.append(node);
      }
    }
  }

  private indexProfile(agent: AgentRt): void {
    for (const key of agent.skillKeys) this.state.holders.get(key)?.delete(agent);
    agent.prof = new Map();
    agent.skillKeys = [];
    for (const [skill, proficiency] of Object.entries(agent.skills)) {
      const key = keyOf(this.state, 's', skill);
      agent.prof.set(key, proficiency);
      agent.skillKeys.push(key);
      let holders = this.state.holders.get(key);
      if (!holders) {
        holders = new Set();
        this.state.holders.set(key, holders);
      }
      holders.add(agent);
    }
    agent.langKeys = [NO_LANGUAGE];
    for (const language of agent.languages) {
      const key = languageKey(this.state, language);
      agent.prof.set(key, 5);
      agent.langKeys.push(key);
    }
  }

  /** Recomputes which queues an unlisted agent qualifies for. O(Q·S·R). */
  private requalifyAgent(agent: AgentRt): void {
    for (const { queue } of agent.qualified) queue.qualified.delete(agent);
    agent.qualified = [];
    for (const queue of this.state.queues.values()) {
      const minStep = qualifyingStep(agent, queue);
      if (minStep < 0) continue;
      const entry: QualificationRt = { agent, queue, minStep, score: skillScore(agent, queue), nodes: [], active: this.activeByLang(agent, queue) };
      agent.qualified.push(entry);
      queue.qualified.set(agent, entry);
    }
  }

  /**
   * Recomputes which agents qualify for a new or changed queue and rebuilds its candidate sets. Only holders of
   * the rarest skill demanded at the widest ring can qualify, so only they are examined. O(h·S·R + k log k).
   */
  private requalifyQueue(queue: QueueRt): void {
    for (const agent of queue.qualified.keys()) agent.qualified = agent.qualified.filter((q) => q.queue !== queue);
    queue.qualified.clear();
    queue.candidates = new Map();
    const widest = queue.steps[queue.steps.length - 1];
    let pool: Iterable<AgentRt> = this.state.agentOrder;
    let poolSize = this.state.agentOrder.length;
    for (const key of widest.keys) {
      const holders = this.state.holders.get(key);
      const size = holders?.size ?? 0;
      if (size < poolSize) {
        pool = holders ?? [];
        poolSize = size;
      }
    }
    const routable: QualificationRt[] = [];
    for (const agent of pool) {
      const minStep = qualifyingStep(agent, queue);
      if (minStep < 0) continue;
      const entry: QualificationRt = { agent, queue, minStep, score: skillScore(agent, queue), nodes: [], active: this.activeByLang(agent, queue) };
      agent.qualified.push(entry);
      queue.qualified.set(agent, entry);
      if (agent.listed) routable.push(entry);
    }
    routable.sort((a, b) => a.agent.idleSeq - b.agent.idleSeq);
    for (const entry of routable) this.listIn(entry, entry.agent.routable);
  }

  /** The queue's non-empty classes of one language, by step (made empty on first use, kept until the queue changes). */
  private activeClasses(queue: QueueRt, lang: number): ClassRt[][] {
    return (queue.active[lang] ??= queue.steps.map(() => []));
  }

  private activeByLang(agent: AgentRt, queue: QueueRt): ClassRt[][][] {
    return agent.langKeys.map((lang) => this.activeClasses(queue, lang));
  }
}


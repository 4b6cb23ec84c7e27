import {
  CHANNELS,
  NOT_READY_REASONS,
  VALUE_TIERS,
  type AgentState,
  type Channel,
  type NotReadyReason,
} from '../domain/call-centre';
import { RunQueue, type RunNode } from './run-queue';
import {
  CHANNEL_COUNT,
  CHANNEL_INDEX,
  NO_LANGUAGE,
  bit,
  bySeq,
  candidateKey,
  contactBefore,
  type AgentRt,
  CandidateList,
  type CandidateNode,
  ClassRt,
  type ContactRt,
  type QualificationRt,
  type QueueRt,
  type Refusal,
  type StepRt,
  type TimerRt,
} from './routing-engine.model';
import type { RoutingCommand } from './routing.commands';
import { RoutingError, type RoutingErrorCode } from './routing.errors';
import type { OfferWithdrawnReason, RoutingEvent } from './routing.events';
import {
  agingRatePerMs,
  normalizeAgentProfile,
  normalizeQueue,
  orderingKey,
  requirementsByStep,
  resolvePolicy,
  staticPriority,
  type QueueSettings,
} from './routing.policy';
import {
  SYSTEM_ACTOR,
  type Actor,
  type AgentProfile,
  type AgentRecord,
  type AgentVerdict,
  type AgentVerdictReason,
  type AgentView,
  type ContactExplanation,
  type ContactRecord,
  type ContactView,
  type NewContact,
  type QueueDefinition,
  type RoutingPolicy,
  type RoutingSnapshot,
} from './routing.types';

export interface RoutingEngineOptions {
  readonly policy?: Partial<RoutingPolicy>;
}

export interface ExplainOptions {
  /** List offline agents too (default: logged-in agents only). */
  readonly includeOffline?: boolean;
}

const MS = 1000;
const seconds = (ms: number): number => ms / MS;
const agentActor = (agentId: string): Actor => ({ kind: 'agent', id: agentId });
const SETTABLE_NOT_READY: readonly NotReadyReason[] = NOT_READY_REASONS.filter((r) => r !== 'disconnected');

/**
 * The ACD routing core: queues, agents and waiting contacts in indexed memory; commands in, domain events out.
 *
 * Pure and synchronous: no I/O, no wall clock (every command takes `now` in epoch ms; a command older than the
 * last one seen is treated as happening at the last time seen, so time never runs backwards), deterministic for
 * the same inputs. A command either applies completely and returns its events, or throws a RoutingError and
 * changes nothing. Commands do not fire timers: call `tick(now)` when `nextDueAt()` is reached (the simulator
 * does so on its virtual clock, the server on a timer).
 *
 * Indexes (n: waiting contacts, A agents, Q queues, S relaxation steps, R skills a queue demands, k candidates
 * examined, h holders of a skill, and for one agent: q queues it serves, l languages + 1, c channels):
 * - Waiting contacts sit in one priority queue per (queue, relaxation step, language, channel) "class", ordered
 *   by a time-invariant key (see `orderingKey`), plus one per agent for preferred-agent windows (RunQueues: a
 *   run per static priority, within which contacts arrive in order). Non-empty classes are listed per queue,
 *   language and step; each keeps a copy of its first contact's keys, so agent-side search compares classes
 *   without touching contacts.
 * - Each agent's skills are matched against every queue once, when the agent or the queue changes: the agent
 *   keeps the queues it can serve and the first relaxation step at which it qualifies. A queue change only
 *   examines the holders of its rarest skill (skill -> holders index).
 * - Routable agents sit in linked candidate lists per (queue, first qualifying step, language, channel), in the
 *   order their routable channels last changed: the head of a list is its longest idle agent. A contact-side
 *   search therefore only meets agents that qualify and are free for the channel.
 * - All timers (offer expiry, wrap-up end, relaxation, overflow, preferred window, refusal cooldown,
 *   disconnect grace) live in one RunQueue, at most one per contact and one per agent. Most come a fixed delay
 *   after something that only moves forward, so they append to a run per delay in O(1) and cancel in O(1).
 *
 * Routing is incremental and work-conserving: after every command, no waiting contact has an agent that could
 * take it. Only what changed is re-examined: a contact that became routable searches agents (contact side, the
 * queue's strategy chooses); an agent that became routable searches contacts (agent side: the best contact
 * across its queues, by effective priority then arrival).
 */
export class RoutingEngine {
  private readonly policy: RoutingPolicy;
  private readonly agingRate: number;
  private readonly blockMask: number[];
  private readonly queues = new Map<string, QueueRt>();
  private readonly agents = new Map<string, AgentRt>();
  private readonly agentOrder: AgentRt[] = [];
  private readonly contacts = new Map<string, ContactRt>();
  // Key 0 is NO_LANGUAGE; skills and languages are interned from 1.
  private readonly keyIds = new Map<string, number>([['', NO_LANGUAGE]]);
  private readonly keyNames: string[] = [''];
  private readonly languageKeys = new Map<string, number>();
  /** Agents holding each skill, whatever their state: the rarest demanded skill bounds a queue's requalification. */
  private readonly holders = new Map<number, Set<AgentRt>>();
  /** Ordered by (due time, rank, seq), in runs by fixed delay (see `timerRun`). */
  private readonly timers = new RunQueue<TimerRt>();
  /** Run ids of the fixed delays timers are set with. */
  private readonly timerRuns = new Map<number, number>();
  /** Agents and contacts touched by the current command, routed when it ends (flags avoid duplicates). */
  private dirtyAgents: AgentRt[] = [];
  private dirtyContacts: ContactRt[] = [];
  /** Empty lists swapped with the dirty ones while a batch is routed (see `drain`). */
  private spareAgents: AgentRt[] = [];
  private spareContacts: ContactRt[] = [];
  private clock = Number.NEGATIVE_INFINITY;
  private contactSeq = 0;
  private idleSeq = 0;
  private nextAgentOrdinal = 0;
  private nextQueueOrdinal = 0;
  private reconcilePending = false;

  constructor(options: RoutingEngineOptions = {}) {
    this.policy = resolvePolicy(options.policy);
    this.agingRate = agingRatePerMs(this.policy);
    this.blockMask = CHANNELS.map((held) => {
      let mask = 0;
      for (const blocked of this.policy.blockedWhileHolding[held] ?? []) mask |= bit(CHANNEL_INDEX[blocked]);
      return held === 'voice' ? mask | bit(CHANNEL_INDEX.voice) : mask;
    });
  }

  /**
   * Rebuilds an engine from persisted facts (as returned by `snapshot()` or loaded from the database).
   * Emits nothing; the first command (normally `tick(now)`) fires overdue timers and routes whatever can be.
   * O((Q·A + n) log n).
   */
  static restore(snapshot: RoutingSnapshot, options: RoutingEngineOptions = {}): RoutingEngine {
    const engine = new RoutingEngine({ policy: { ...snapshot.policy, ...options.policy } });
    engine.load(snapshot);
    return engine;
  }

  /** The resolved routing policy. */
  get settings(): RoutingPolicy {
    return this.policy;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Commands
  // ---------------------------------------------------------------------------------------------------------

  /** Runs a command given as data. Same cost as the matching method. */
  dispatch(command: RoutingCommand, now: number): RoutingEvent[] {
    switch (command.type) {
      case 'upsert_queue':
        return this.upsertQueue(command.queue, now);
      case 'remove_queue':
        return this.removeQueue(command.queueId, now);
      case 'upsert_agent':
        return this.upsertAgent(command.agent, now);
      case 'remove_agent':
        return this.removeAgent(command.agentId, now);
      case 'login':
        return this.login(command.agentId, now, { notReadyReason: command.notReadyReason, by: command.by });
      case 'logout':
        return this.logout(command.agentId, now, command.by);
      case 'set_available':
        return this.setAvailable(command.agentId, now, command.by);
      case 'set_not_ready':
        return this.setNotReady(command.agentId, command.reason, now, command.by);
      case 'disconnect':
        return this.disconnect(command.agentId, now);
      case 'reconnect':
        return this.reconnect(command.agentId, now);
      case 'enqueue':
        return this.enqueue(command.contact, now);
      case 'abandon':
        return this.abandon(command.contactId, now);
      case 'accept':
        return this.acceptOffer(command.contactId, command.agentId, now, command.offerId);
      case 'reject':
        return this.rejectOffer(command.contactId, command.agentId, now, command.offerId);
      case 'end':
        return this.endContact(command.contactId, now);
      case 'end_wrap_up':
        return this.endWrapUp(command.agentId, now, command.contactId, command.by);
      case 'transfer_to_queue':
        return this.transferToQueue(command.contactId, command.queueId, now, command.by);
      case 'transfer_to_agent':
        return this.transferToAgent(command.contactId, command.agentId, now, {
          queueId: command.queueId,
          by: command.by,
        });
      case 'request_callback':
        return this.requestCallback(command.contactId, now);
      case 'tick':
        return this.tick(now);
    }
  }

  /**
   * Fires every timer due at or before `now` (each at its own due time), then routes.
   * O((f + r) log n) for f timers fired and r routing attempts.
   */
  tick(now: number): RoutingEvent[] {
    const t = this.timeOf(now);
    const events: RoutingEvent[] = [];
    const floor = Math.max(this.clock, Number.MIN_SAFE_INTEGER);
    for (let timer = this.timers.peek(); timer !== undefined && timer.at <= t; timer = this.timers.peek()) {
      this.timers.pop();
      this.fire(timer, Math.max(timer.at, floor), events);
    }
    return this.finish(t, events);
  }

  /** When the next timer is due (call `tick` then), or null. O(1). */
  nextDueAt(): number | null {
    return this.timers.peek()?.at ?? null;
  }

  /** Adds a queue or changes one. Changing a queue re-sorts its contacts: O(A·S·R + n_q log n). */
  upsertQueue(definition: QueueDefinition, now: number): RoutingEvent[] {
    const settings = normalizeQueue(definition);
    this.checkOverflowGraph(settings);
    return this.run(now, (t, events) => {
      const existing = this.queues.get(settings.id);
      if (!existing) {
        this.requalifyQueue(this.createQueue(settings));
        return;
      }
      existing.settings = settings;
      this.compileQueue(existing);
      const members = [...this.contacts.values()].filter((c) => c.queue === existing).sort(bySeq);
      const waiting = members.filter((c) => c.status === 'waiting');
      for (const contact of waiting) this.detach(contact);
      existing.classes = new Map();
      existing.active = [];
      for (const contact of members) this.reprice(contact);
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
    const queue = this.queueOrThrow(queueId);
    if (queue.memberCount > 0) throw new RoutingError('INVALID_QUEUE', { queueId, problem: 'the queue still holds contacts' });
    for (const other of this.queues.values()) {
      if (other.settings.overflow?.targetQueueId === queueId) {
        throw new RoutingError('INVALID_QUEUE', { queueId, problem: `queue ${other.settings.id} overflows into it` });
      }
    }
    return this.run(now, () => {
      this.queues.delete(queueId);
      for (const agent of queue.qualified.keys()) agent.qualified = agent.qualified.filter((q) => q.queue !== queue);
    });
  }

  /**
   * Adds an agent (logged out) or changes their skills, languages and capacity. A capacity lowered below the
   * work held leaves the agent over capacity: they get nothing new until back under it.
   * O(Q·S·R + q·l·c).
   */
  upsertAgent(profile: AgentProfile, now: number): RoutingEvent[] {
    const capacity = normalizeAgentProfile(profile, this.policy);
    return this.run(now, (t) => {
      let agent = this.agents.get(profile.id);
      if (!agent) {
        agent = this.createAgent(profile.id, t);
      } else {
        this.unlist(agent);
      }
      agent.skills = { ...profile.skills };
      agent.languages = [...new Set(profile.languages ?? [])];
      agent.capacityOverride = { ...profile.capacity };
      agent.cap = CHANNELS.map((channel) => capacity[channel]);
      this.updateLoad(agent);
      this.indexProfile(agent);
      this.requalifyAgent(agent);
      agent.routable = 0;
      this.setRoutable(agent, this.routableMask(agent), t);
    });
  }

  /** Removes a logged-out agent. O(A). */
  removeAgent(agentId: string, now: number): RoutingEvent[] {
    const agent = this.agentOrThrow(agentId);
    if (agent.presence !== 'offline') throw this.agentError('INVALID_AGENT_TRANSITION', agent, 'log the agent out first');
    return this.run(now, () => {
      this.unlist(agent);
      for (const key of agent.skillKeys) this.holders.get(key)?.delete(agent);
      for (const { queue } of agent.qualified) queue.qualified.delete(agent);
      this.agents.delete(agentId);
      this.agentOrder.splice(this.agentOrder.indexOf(agent), 1);
    });
  }

  /** Logs an agent in, available or not ready. Idempotent when already logged in. O(1) plus the routing it triggers. */
  login(agentId: string, now: number, options: { notReadyReason?: NotReadyReason; by?: Actor } = {}): RoutingEvent[] {
    const agent = this.agentOrThrow(agentId);
    const reason = options.notReadyReason ?? null;
    if (reason !== null && !SETTABLE_NOT_READY.includes(reason)) {
      throw this.agentError('INVALID_AGENT_TRANSITION', agent, `not-ready reason ${String(reason)} cannot be chosen`);
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
    const agent = this.agentOrThrow(agentId);
    if (agent.presence === 'offline') return [];
    if (agent.held.length > 0) throw this.agentError('INVALID_AGENT_TRANSITION', agent, 'the agent still holds contacts');
    return this.run(now, (t, events) => {
      this.withdrawOffer(agent, 'agent_logged_out', t, events);
      agent.presence = 'offline';
      agent.reason = null;
      agent.pending = null;
      agent.pendingBy = null;
      agent.disconnect = null;
      agent.missed = 0;
      this.schedule(agent.timer, null);
      this.releasePreferred(agent, t, events);
      this.syncAgent(agent, t, by ?? agent.self, events);
    });
  }

  /**
   * Makes a logged-in agent available, or cancels their pending "not ready after this contact". Refused when
   * logged out, disconnected, or over capacity. Idempotent. O(1) plus the routing it triggers.
   */
  setAvailable(agentId: string, now: number, by?: Actor): RoutingEvent[] {
    const agent = this.agentOrThrow(agentId);
    if (agent.presence === 'offline') throw this.agentError('INVALID_AGENT_TRANSITION', agent, 'log in first');
    if (agent.disconnect) throw this.agentError('INVALID_AGENT_TRANSITION', agent, 'the agent is disconnected');
    if (agent.presence === 'available' && agent.pending === null) return [];
    if (agent.heldCh.some((held, ch) => held > agent.cap[ch])) throw this.agentError('AGENT_OVER_CAPACITY', agent);
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
    const agent = this.agentOrThrow(agentId);
    if (!SETTABLE_NOT_READY.includes(reason)) {
      throw this.agentError('INVALID_AGENT_TRANSITION', agent, `not-ready reason ${String(reason)} cannot be chosen`);
    }
    if (agent.presence === 'offline') throw this.agentError('INVALID_AGENT_TRANSITION', agent, 'log in first');
    if (agent.disconnect) throw this.agentError('INVALID_AGENT_TRANSITION', agent, 'the agent is disconnected');
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
    const t = this.timeOf(now);
    const events: RoutingEvent[] = [];
    // Taken first: withdrawing reorders the agents.
    for (const agent of this.agentOrder.filter((candidate) => candidate.offer !== null)) {
      this.withdrawOffer(agent, 'routing_rebuilt', t, events);
      this.syncAgent(agent, t, SYSTEM_ACTOR, events);
    }
    this.clock = t;
    return events;
  }

  /**
   * The agent's desktop stopped answering (missed heartbeat). The ringing offer is withdrawn and re-routed at
   * once; the agent becomes not ready (`disconnected`) so nothing more is routed to a closed browser; connected
   * contacts stay with them, flagged, for the grace period, then go back to their queue at their original
   * place. Idempotent; ignored for logged-out agents. O(q·l·c + h log n) for h contacts held.
   */
  disconnect(agentId: string, now: number): RoutingEvent[] {
    const agent = this.agentOrThrow(agentId);
    if (agent.presence === 'offline' || agent.disconnect) return [];
    return this.run(now, (t, events) => {
      this.withdrawOffer(agent, 'agent_disconnected', t, events);
      const lost = [...agent.held].filter((c) => c.status === 'connected').sort(bySeq);
      const graceMs = this.policy.disconnectGraceSeconds * MS;
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
      else this.schedule(agent.timer, graceEndsAt, this.timerRun(afterNow(graceMs)));
      this.syncAgent(agent, t, SYSTEM_ACTOR, events);
    });
  }

  /** The desktop is back: the agent returns to the presence they had (pending request included). Idempotent. O(h). */
  reconnect(agentId: string, now: number): RoutingEvent[] {
    const agent = this.agentOrThrow(agentId);
    const previous = agent.disconnect;
    if (!previous) return [];
    return this.run(now, (t, events) => {
      agent.disconnect = null;
      this.schedule(agent.timer, null);
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
    const t = this.timeOf(now);
    const problem = this.checkNewContact(input, t);
    if (problem) throw new RoutingError(problem.code, { problem: problem.text, queueId: input?.queueId });
    const queue = this.queueOrThrow(input.queueId);
    const events: RoutingEvent[] = [];
    const contact = this.createContact(input, queue, t);
    this.queuedEvent(contact, 'arrival', t, events);
    this.settleWaiting(contact, t, events);
    return this.finish(t, events);
  }

  /** The customer hung up (or left the chat) while waiting or while an offer rang. O(log n). */
  abandon(contactId: string, now: number): RoutingEvent[] {
    const contact = this.contactOrThrow(contactId);
    if (contact.status !== 'waiting' && contact.status !== 'offered') {
      throw this.contactError('INVALID_CONTACT_TRANSITION', contact, 'only a waiting or offered contact can be abandoned');
    }
    return this.run(now, (t, events) => {
      let offeredAgent: AgentRt | null = null;
      if (contact.status === 'offered') {
        offeredAgent = contact.agent as AgentRt;
        this.closeOffer(contact, 'offer.withdrawn', t, events, 'abandoned');
      }
      events.push({
        at: t,
        contactId: contact.id,
        queueId: contact.queue.settings.id,
        channel: contact.channel,
        type: 'contact.abandoned',
        waitSeconds: seconds(t - contact.waitStartedAt),
        totalWaitSeconds: seconds(contact.priorWaitMs + t - contact.waitStartedAt),
        enqueuedAt: contact.enqueuedAt,
        queueEnteredAt: contact.queueEnteredAt,
        offeredAgentId: offeredAgent?.id ?? null,
        callback: contact.callback,
      });
      this.drop(contact);
      if (offeredAgent) this.syncAgent(offeredAgent, t, SYSTEM_ACTOR, events);
    });
  }

  /** The agent answers the ringing offer. O(log n + q·l·c) plus the routing it triggers (multi-channel agents). */
  acceptOffer(contactId: string, agentId: string, now: number, offerId?: string): RoutingEvent[] {
    const t = this.timeOf(now);
    const contact = this.ringingOffer(contactId, agentId, t, offerId);
    const agent = contact.agent as AgentRt;
    const ch = contact.ch;
    if (agent.heldCh[ch] + 1 > agent.cap[ch] || (this.heldBlockMask(agent) & bit(ch)) !== 0) {
      throw this.agentError('AGENT_OVER_CAPACITY', agent);
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
      ringSeconds: seconds(t - (contact.offeredAt as number)),
    });
    this.schedule(contact.timer, null);
    agent.offer = null;
    agent.missed = 0;
    const legWait = t - contact.waitStartedAt;
    contact.priorWaitMs += legWait;
    contact.status = 'connected';
    contact.connectedAt = t;
    contact.offerId = null;
    contact.offeredAt = null;
    contact.expiresAt = null;
    if (contact.refusals.length > 0) contact.refusals = NO_REFUSALS;
    agent.held.push(contact);
    agent.heldCh[ch]++;
    this.updateLoad(agent);
    agent.connected++;
    events.push({
      at: t,
      contactId: contact.id,
      queueId: contact.queue.settings.id,
      channel: contact.channel,
      type: 'contact.connected',
      agentId,
      waitSeconds: seconds(legWait),
      totalWaitSeconds: seconds(contact.priorWaitMs),
      enqueuedAt: contact.enqueuedAt,
      queueEnteredAt: contact.queueEnteredAt,
      firstEnqueuedAt: contact.firstEnqueuedAt,
      serviceLevelThresholdSeconds: contact.queue.settings.serviceLevel.withinSeconds,
      callback: contact.callback,
      valueTier: contact.valueTier,
    });
    this.syncAgent(agent, t, agent.self, events);
    return this.finish(t, events);
  }

  /**
   * The agent declines the ringing offer. The contact goes back to its place (its wait keeps counting) and is
   * kept from this agent for the re-offer cooldown. Counts as a missed offer unless the policy says otherwise.
   * O(log n + q·l·c) plus routing.
   */
  rejectOffer(contactId: string, agentId: string, now: number, offerId?: string): RoutingEvent[] {
    const t = this.timeOf(now);
    const contact = this.ringingOffer(contactId, agentId, t, offerId);
    const agent = contact.agent as AgentRt;
    return this.run(now, (at, events) => {
      this.closeOffer(contact, 'offer.rejected', at, events);
      this.returnToQueue(contact, agent, at, events);
      if (this.policy.rejectCountsAsMissed) this.countMiss(agent, contact, at, events);
      this.syncAgent(agent, at, agent.self, events);
    });
  }

  /**
   * The conversation ended (telephony hang-up, chat closed, e-mail sent). The agent goes to wrap-up for the
   * queue's wrap-up time, or the contact completes at once when it is 0. O(log n + q·l·c) plus routing.
   */
  endContact(contactId: string, now: number): RoutingEvent[] {
    const contact = this.contactOrThrow(contactId);
    if (contact.status !== 'connected') throw this.contactError('INVALID_CONTACT_TRANSITION', contact, 'only a connected contact can end');
    const t = this.timeOf(now);
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
      this.schedule(contact.timer, contact.wrapUpEndsAt, contact.queue.wrapUpRuns[contact.ch]);
      events.push({
        at: t,
        contactId: contact.id,
        queueId: contact.queue.settings.id,
        channel: contact.channel,
        type: 'contact.wrap_up',
        agentId: agent.id,
        talkSeconds: seconds(t - (contact.connectedAt as number)),
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
    const known = contactId === undefined ? undefined : this.contacts.get(contactId);
    const agent = this.agentOf(known, agentId);
    if (contactId !== undefined) {
      const contact = known ?? this.contactOrThrow(contactId);
      if (contact.agent !== agent) throw this.contactError('CONTACT_NOT_YOURS', contact);
      if (contact.status !== 'wrap_up') throw this.contactError('INVALID_CONTACT_TRANSITION', contact, 'the contact is not in wrap-up');
      const t = this.timeOf(now);
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
   * Moves a waiting, offered or connected contact to another queue. Decision: it takes a fresh place there
   * (enqueue time = now, so it neither jumps ahead of nor falls behind the target queue's own customers) but
   * keeps the customer's total wait figures (`totalWaitSeconds`). The transferring agent is freed at once,
   * without wrap-up. O(log n + q·l·c) plus routing.
   */
  transferToQueue(contactId: string, queueId: string, now: number, by?: Actor): RoutingEvent[] {
    const contact = this.contactOrThrow(contactId);
    const target = this.queueOrThrow(queueId);
    this.checkTransferable(contact);
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
    const contact = this.contactOrThrow(contactId);
    const agent = this.agentOrThrow(agentId);
    const target = options.queueId === undefined ? contact.queue : this.queueOrThrow(options.queueId);
    this.checkTransferable(contact);
    if (agent.presence === 'offline' || agent.disconnect) throw this.agentError('AGENT_NOT_LOGGED_IN', agent);
    if (contact.agent === agent) throw this.contactError('INVALID_CONTACT_TRANSITION', contact, 'the contact is already with this agent');
    return this.run(now, (t, events) => this.transfer(contact, target, agent, options.by ?? SYSTEM_ACTOR, t, events));
  }

  /**
   * The customer asked to be called back: the contact keeps its place and enqueue time (it neither jumps ahead
   * nor falls behind) and is offered when its turn comes, flagged as a callback. Idempotent. O(1).
   */
  requestCallback(contactId: string, now: number): RoutingEvent[] {
    const contact = this.contactOrThrow(contactId);
    if (contact.status !== 'waiting' && contact.status !== 'offered') {
      throw this.contactError('INVALID_CONTACT_TRANSITION', contact, 'only a waiting or offered contact can ask for a callback');
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

  // ---------------------------------------------------------------------------------------------------------
  // Queries
  // ---------------------------------------------------------------------------------------------------------

  /** O(skills + h) for h contacts held. */
  getAgent(agentId: string): AgentView | undefined {
    const agent = this.agents.get(agentId);
    return agent && this.agentView(agent);
  }

  /** Whether the agent's desktop counts as lost (getAgent's `disconnected`, without building the view). O(1). */
  isDisconnected(agentId: string): boolean {
    return this.agents.get(agentId)?.disconnect != null;
  }

  /** O(1). */
  getContact(contactId: string): ContactView | undefined {
    const contact = this.contacts.get(contactId);
    return contact && this.contactView(contact);
  }

  /** Agent ids in registration order. O(A). */
  agentIds(): string[] {
    return this.agentOrder.map((a) => a.id);
  }

  /** Ids of live contacts (waiting, offered, connected, wrap-up) in arrival order. O(n log n). */
  contactIds(): string[] {
    return [...this.contacts.values()].sort(bySeq).map((c) => c.id);
  }

  queueIds(): string[] {
    return [...this.queues.keys()];
  }

  /** Number of contacts waiting in a queue. O(1). */
  waitingCount(queueId?: string): number {
    if (queueId !== undefined) return this.queueOrThrow(queueId).waitingCount;
    let total = 0;
    for (const queue of this.queues.values()) total += queue.waitingCount;
    return total;
  }

  /**
   * Why a contact waits (or where it is): its place, effective priority and its parts, the skills demanded now
   * (after relaxation), each agent's verdict, and when the next relaxation and the overflow happen.
   * Diagnostic: O(n_q + A·R).
   */
  explain(contactId: string, now: number, options: ExplainOptions = {}): ContactExplanation {
    const contact = this.contactOrThrow(contactId);
    const t = this.timeOf(now);
    const queue = contact.queue;
    const stepIndex = Math.max(0, contact.step);
    const step = queue.steps[stepIndex];
    const aging = this.agingRate * (t - contact.enqueuedAt);
    const priority = {
      base: queue.settings.basePriority,
      valueTier: this.policy.valueTierBonus[contact.valueTier],
      complaint: contact.complaint ? this.policy.complaintBonus : 0,
      boost: contact.boost,
      aging,
      effective: contact.staticPoints + aging,
    };
    let place: number | null = null;
    if (contact.status === 'waiting') {
      place = 1;
      for (const other of this.contacts.values()) {
        if (other.queue === queue && other.status === 'waiting' && other !== contact && contactBefore(other, contact)) place++;
      }
    }
    const inWindow = contact.status === 'waiting' && contact.heap !== null && contact.cls === null;
    const preferredAgent = inWindow ? { agentId: contact.preferredAgentId as string, until: contact.preferredUntil as number } : null;
    const verdicts: AgentVerdict[] = [];
    const sorted = [...this.agentOrder].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const agent of sorted) {
      if (agent.presence === 'offline' && !options.includeOffline) continue;
      const reasons = this.verdict(agent, contact, step, preferredAgent);
      verdicts.push({ agentId: agent.id, state: agent.state, qualifies: reasons.length === 0, reasons });
    }
    const next = stepIndex + 1 < queue.steps.length ? contact.queueEnteredAt + queue.steps[stepIndex + 1].startsAfterMs : null;
    const overflow = queue.settings.overflow;
    return {
      contactId,
      at: t,
      status: contact.status,
      queueId: queue.settings.id,
      channel: contact.channel,
      waitSeconds: seconds(t - contact.waitStartedAt),
      totalWaitSeconds: seconds(contact.priorWaitMs + (contact.status === 'waiting' || contact.status === 'offered' ? t - contact.waitStartedAt : 0)),
      place,
      waitingInQueue: queue.waitingCount,
      priority,
      relaxationStep: stepIndex,
      requirements: [
        ...step.requirements.map((r) => ({ ...r })),
        ...(contact.language === null ? [] : [{ skill: contact.language, minProficiency: 1, kind: 'language' as const }]),
      ],
      preferredAgent,
      agentId: contact.agent?.id ?? null,
      offerExpiresAt: contact.expiresAt,
      nextRelaxationAt: next,
      overflow: overflow ? { at: contact.queueEnteredAt + (queue.overflowAfterMs as number), targetQueueId: overflow.targetQueueId } : null,
      agents: verdicts,
      qualifyingAgentIds: verdicts.filter((v) => v.qualifies).map((v) => v.agentId),
    };
  }

  /** Everything needed to rebuild this engine with `RoutingEngine.restore`. O(A·K + n log n). */
  snapshot(): RoutingSnapshot {
    return {
      policy: this.policy,
      queues: [...this.queues.values()].sort((a, b) => a.ordinal - b.ordinal).map((q) => queueDefinition(q.settings)),
      agents: this.agentOrder.map((agent) => this.agentRecord(agent)),
      contacts: [...this.contacts.values()].sort(bySeq).map((contact) => this.contactRecord(contact)),
      ...this.snapshotHeader(),
    };
  }

  private snapshotHeader(): Pick<RoutingSnapshot, 'roundRobinCursors' | 'counters' | 'clock'> {
    // A cursor names the last agent served; if that agent was removed since, the one registered just before
    // it continues the turn identically. Agents are in ordinal order: binary search. O(Q log A).
    const cursors: Record<string, string> = {};
    const order = this.agentOrder;
    for (const queue of this.queues.values()) {
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
      counters: { contactSeq: this.contactSeq, idleSeq: this.idleSeq },
      clock: Number.isFinite(this.clock) ? this.clock : undefined,
    };
  }


  /** The persisted record of one agent (what `snapshot()` holds for it), for incremental persistence. O(skills). */
  agentRecordOf(agentId: string): AgentRecord | undefined {
    const agent = this.agents.get(agentId);
    return agent ? this.agentRecord(agent) : undefined;
  }

  /** The persisted record of one contact still in routing; undefined once it has left. O(1). */
  contactRecordOf(contactId: string): ContactRecord | undefined {
    const contact = this.contacts.get(contactId);
    return contact ? this.contactRecord(contact) : undefined;
  }

  /** Sequence counters and round-robin cursors: the engine-wide part of `snapshot()`. O(Q log A). */
  engineRecord(): Pick<RoutingSnapshot, 'roundRobinCursors' | 'counters' | 'clock'> {
    return this.snapshotHeader();
  }

  /**
   * Recomputes every index from scratch and compares; returns the problems found (empty when consistent).
   * With `exhaustive`, also checks that no waiting contact has an agent able to take it (O(n·A)).
   * For tests and health checks. O(n log n + A·(K + Q·S·R)).
   */
  audit(options: { exhaustive?: boolean } = {}): string[] {
    const problems: string[] = [];
    const fail = (text: string) => problems.push(text);
    problems.push(...this.timers.audit().map((p) => `timers: ${p}`));
    const inTimers = new Set(this.timers.toArray());
    const offersByAgent = new Map<AgentRt, number>();
    const heldByAgent = new Map<AgentRt, ContactRt[]>();
    for (const contact of this.contacts.values()) {
      const id = contact.id;
      const queue = contact.queue;
      if (this.queues.get(queue.settings.id) !== queue) fail(`${id}: queue ${queue.settings.id} not registered`);
      if (contact.inWaiting !== (contact.status === 'waiting')) fail(`${id}: waiting flag disagrees with status ${contact.status}`);
      if (contact.dirty || contact.dropped) fail(`${id}: left dirty or dropped`);
      const expectedKey = orderingKey(
        staticPriority(this.policy, queue.settings.basePriority, contact.valueTier, contact.complaint, contact.boost),
        this.agingRate,
        contact.enqueuedAt,
      );
      if (contact.key !== expectedKey) fail(`${id}: ordering key ${contact.key} != ${expectedKey}`);
      const timerAt = inTimers.has(contact.timer) ? contact.timer.at : null;
      switch (contact.status) {
        case 'waiting': {
          if (contact.agent) fail(`${id}: waiting but linked to agent ${contact.agent.id}`);
          if (!contact.heap || !contact.heap.has(contact)) {
            fail(`${id}: waiting but in no heap`);
            break;
          }
          const preferred = contact.preferredAgentId === null ? undefined : this.agents.get(contact.preferredAgentId);
          const [k1, k2, k3] = contact.heap.keysOf(contact);
          if (k1 !== -contact.key || k2 !== contact.enqueuedAt || k3 !== contact.seq) fail(`${id}: heap keys are stale`);
          if (contact.cls === null) {
            if (!preferred || contact.heap !== preferred.preferred) fail(`${id}: in a heap that is not its preferred agent's`);
            else if (preferred.presence === 'offline' || preferred.disconnect) fail(`${id}: waits for a logged-out agent`);
          } else {
            const cls = contact.cls;
            if (cls !== contact.heap) fail(`${id}: class and heap disagree`);
            if (cls.queue !== queue || cls.step !== contact.step || cls.lang !== contact.langKey || cls.ch !== contact.ch) {
              fail(`${id}: in the wrong class`);
            }
            if (queue.classes.get(candidateKey(cls.step, cls.lang, cls.ch)) !== cls) fail(`${id}: class not registered in its queue`);
          }
          const expectedStep = this.stepAt(queue, Math.max(this.clock, contact.queueEnteredAt) - contact.queueEnteredAt);
          if (contact.step < 0 || contact.step >= queue.steps.length) fail(`${id}: step ${contact.step} out of range`);
          else if (contact.step > expectedStep) fail(`${id}: step ${contact.step} ahead of time (${expectedStep})`);
          const due = this.nextWaitingDue(contact);
          if (timerAt !== due) fail(`${id}: waiting timer ${timerAt} != ${due}`);
          break;
        }
        case 'offered': {
          const agent = contact.agent;
          if (!agent || agent.offer !== contact) fail(`${id}: offered but the agent does not hold the offer`);
          else offersByAgent.set(agent, (offersByAgent.get(agent) ?? 0) + 1);
          if (contact.heap) fail(`${id}: offered but still in a heap`);
          if (timerAt !== contact.expiresAt) fail(`${id}: offer timer ${timerAt} != ${contact.expiresAt}`);
          break;
        }
        case 'connected':
        case 'wrap_up': {
          const agent = contact.agent;
          if (!agent || !agent.held.includes(contact)) fail(`${id}: ${contact.status} but not held by its agent`);
          else heldByAgent.set(agent, [...(heldByAgent.get(agent) ?? []), contact]);
          if (contact.heap) fail(`${id}: ${contact.status} but still in a heap`);
          const expected = contact.status === 'wrap_up' ? contact.wrapUpEndsAt : null;
          if (timerAt !== expected) fail(`${id}: ${contact.status} timer ${timerAt} != ${expected}`);
          if (contact.agentLost && contact.status !== 'connected') fail(`${id}: agent lost outside a connection`);
          break;
        }
      }
    }
    for (const queue of this.queues.values()) {
      const members = [...this.contacts.values()].filter((c) => c.queue === queue);
      if (members.length !== queue.memberCount) fail(`queue ${queue.settings.id}: ${queue.memberCount} members counted, ${members.length} found`);
      const waiting = members.filter((c) => c.status === 'waiting').length;
      if (waiting !== queue.waitingCount) fail(`queue ${queue.settings.id}: ${queue.waitingCount} waiting counted, ${waiting} found`);
      queue.active.forEach((bySteps, lang) =>
        bySteps?.forEach((list, step) =>
          list.forEach((cls, i) => {
            if (cls.activeIndex !== i || cls.lang !== lang || cls.step !== step) fail(`queue ${queue.settings.id}: active index broken`);
          }),
        ),
      );
      for (const cls of queue.classes.values()) {
        problems.push(...cls.audit().map((p) => `class queue: ${p}`));
        if ((cls.size > 0) !== (cls.activeIndex >= 0)) fail(`queue ${queue.settings.id}: class activity wrong`);
        if (cls.activeIndex >= 0 && queue.active[cls.lang]?.[cls.step]?.[cls.activeIndex] !== cls) fail(`queue ${queue.settings.id}: active class not listed`);
        for (const contact of cls.toArray()) if (contact.cls !== cls) fail(`${contact.id}: listed in a class it does not know`);
        if (cls.toArray().filter((c) => c.refusals.length > 0).length !== cls.refusing) fail(`queue ${queue.settings.id}: refusing count wrong`);
      }
    }
    for (const timer of inTimers) {
      const owner = timer.contact ?? timer.agent;
      if (timer.contact && this.contacts.get(timer.contact.id) !== timer.contact) fail(`timer for dropped contact ${timer.contact.id}`);
      if (timer.agent && this.agents.get(timer.agent.id) !== timer.agent) fail(`timer for removed agent ${timer.agent.id}`);
      if (!owner) fail('timer without owner');
    }
    const listed = new Map<AgentRt, number>();
    for (const queue of this.queues.values()) {
      for (const [key, list] of queue.candidates) {
        let previous = -Infinity;
        let count = 0;
        for (let node = list.head; node !== null; node = node.next) {
          const entry = node.entry;
          count++;
          if (node.list !== list || node.home !== list || (node.next !== null && node.next.prev !== node)) fail(`candidates ${queue.settings.id}/${key} links broken`);
          const agent = entry.agent;
          if (agent.idleSeq <= previous) fail(`candidates ${queue.settings.id}/${key} not in idle order`);
          previous = agent.idleSeq;
          const ok =
            queue.qualified.get(agent) === entry &&
            CHANNELS.some(
              (_, ch) =>
                (agent.routable & queue.channelMask & bit(ch)) !== 0 &&
                agent.langKeys.some((lang) => candidateKey(entry.minStep, lang, ch) === key),
            );
          if (!ok) fail(`${agent.id} wrongly listed in ${queue.settings.id}/${key}`);
          listed.set(agent, (listed.get(agent) ?? 0) + 1);
        }
        if (count !== list.size || (list.tail !== null && list.tail.next !== null)) fail(`candidates ${queue.settings.id}/${key} size wrong`);
      }
      for (const [agent, entry] of queue.qualified) {
        if (!agent.qualified.includes(entry) || entry.agent !== agent || entry.queue !== queue) fail(`${agent.id} qualified for ${queue.settings.id} one way only`);
        if (entry.active.length !== agent.langKeys.length || agent.langKeys.some((lang, l) => queue.active[lang] !== entry.active[l])) {
          fail(`${agent.id}: stale class lists for ${queue.settings.id}`);
        }
      }
    }
    for (const agent of this.agentOrder) {
      const id = agent.id;
      if (this.agents.get(id) !== agent) fail(`${id}: not registered`);
      const held = heldByAgent.get(agent) ?? [];
      if (held.length !== agent.held.length) fail(`${id}: holds ${agent.held.length} contacts, ${held.length} point back`);
      const perChannel = CHANNELS.map((_, ch) => held.filter((c) => c.ch === ch).length);
      if (perChannel.some((n, ch) => n !== agent.heldCh[ch])) fail(`${id}: per-channel counts ${agent.heldCh} != ${perChannel}`);
      if (agent.connected !== held.filter((c) => c.status === 'connected').length) fail(`${id}: connected count wrong`);
      if (agent.wrapping !== held.filter((c) => c.status === 'wrap_up').length) fail(`${id}: wrap-up count wrong`);
      if (agent.load !== loadOf(agent)) fail(`${id}: load ${agent.load} != ${loadOf(agent)}`);
      if ((offersByAgent.get(agent) ?? 0) !== (agent.offer ? 1 : 0)) fail(`${id}: offer link broken`);
      if (agent.offer && agent.offer.status !== 'offered') fail(`${id}: offer points to a ${agent.offer.status} contact`);
      const state = this.aggregate(agent);
      const reason = stateReason(agent);
      if (agent.dirty) fail(`${id}: left dirty`);
      if (state !== agent.state || reason !== agent.stateReason) fail(`${id}: state ${agent.state}/${agent.stateReason} != ${state}/${reason}`);
      if (agent.presence === 'offline' && (agent.held.length > 0 || agent.offer)) fail(`${id}: offline with work`);
      if (agent.presence === 'available' && agent.pending && agent.held.length === 0 && !agent.offer) fail(`${id}: pending not applied`);
      if ((agent.disconnect !== null) !== (agent.presence === 'not_ready' && agent.reason === 'disconnected')) fail(`${id}: disconnect flag wrong`);
      const mask = this.routableMask(agent);
      if (mask !== agent.routable) fail(`${id}: routable ${agent.routable} != ${mask}`);
      if (agent.listed !== (mask !== 0)) fail(`${id}: listed ${agent.listed} while routable ${mask}`);
      let expectedListings = 0;
      for (const { queue } of agent.qualified) {
        for (let ch = 0; ch < CHANNEL_COUNT; ch++) if (mask & queue.channelMask & bit(ch)) expectedListings += agent.langKeys.length;
      }
      if ((listed.get(agent) ?? 0) !== expectedListings) fail(`${id}: listed ${listed.get(agent) ?? 0} times, expected ${expectedListings}`);
      for (const queue of this.queues.values()) {
        const expected = this.minStep(agent, queue);
        const entry = agent.qualified.find((q) => q.queue === queue);
        if ((entry?.minStep ?? -1) !== expected) fail(`${id}: qualification for ${queue.settings.id} ${entry?.minStep} != ${expected}`);
        if (entry && entry.score !== this.skillScore(agent, queue)) fail(`${id}: score for ${queue.settings.id} is stale`);
        if (queue.qualified.has(agent) !== (expected >= 0)) fail(`${id}: ${queue.settings.id} qualified-agents map wrong`);
      }
      if (agent.qualified.length !== new Set(agent.qualified.map((q) => q.queue)).size) fail(`${id}: a queue qualified twice`);
      problems.push(...agent.preferred.audit().map((p) => `${id} preferred heap: ${p}`));
      for (const contact of agent.preferred.toArray()) {
        if (contact.preferredAgentId !== id || contact.cls !== null || contact.status !== 'waiting') fail(`${id}: stray preferred contact ${contact.id}`);
      }
      const graceTimer = inTimers.has(agent.timer) ? agent.timer.at : null;
      const graceEndsAt = agent.disconnect?.graceEndsAt ?? null;
      if (graceTimer !== graceEndsAt) fail(`${id}: grace timer ${graceTimer} != ${graceEndsAt}`);
      if (held.some((c) => c.agentLost) && graceEndsAt === null) fail(`${id}: lost contacts without a grace period`);
    }
    if (options.exhaustive && !this.reconcilePending) {
      for (const contact of this.contacts.values()) {
        if (contact.status !== 'waiting') continue;
        for (const agent of this.agentOrder) {
          if (this.canTake(agent, contact)) fail(`${contact.id} waits while ${agent.id} could take it`);
        }
      }
    }
    return problems;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Command plumbing
  // ---------------------------------------------------------------------------------------------------------

  private timeOf(now: number): number {
    if (typeof now !== 'number' || !Number.isFinite(now)) throw new RoutingError('INVALID_CONTACT', { problem: '`now` must be a finite epoch-ms number' });
    return now > this.clock ? now : this.clock;
  }

  /** Validation happens before `run`; `body` mutates, then routing drains the agents and contacts it touched. */
  private run(now: number, body: (t: number, events: RoutingEvent[]) => void): RoutingEvent[] {
    const t = this.timeOf(now);
    const events: RoutingEvent[] = [];
    body(t, events);
    return this.finish(t, events);
  }

  /**
   * Ends a command whose changes (at time t) are made: advances the clock and routes what they touched. The
   * busiest commands inline `run` this way, without a closure per call.
   */
  private finish(t: number, events: RoutingEvent[]): RoutingEvent[] {
    this.clock = t;
    this.drain(t, events);
    if (this.reconcilePending) {
      // After a restore: let every routable agent look for work once, after the command's own routing, so
      // a consistent snapshot yields exactly what the original engine would have done.
      this.reconcilePending = false;
      for (const agent of this.agentOrder) if (agent.routable !== 0) this.markAgent(agent);
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

  private enterWaiting(contact: ContactRt): void {
    if (contact.inWaiting) return;
    contact.inWaiting = true;
    contact.queue.waitingCount++;
  }

  private leaveWaiting(contact: ContactRt): void {
    if (!contact.inWaiting) return;
    contact.inWaiting = false;
    contact.queue.waitingCount--;
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
      const agent = this.agents.get(contact.preferredAgentId as string) as AgentRt;
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

  /** Brute-force check used by `audit`: could this agent be offered this waiting contact right now? */
  private canTake(agent: AgentRt, contact: ContactRt): boolean {
    if ((this.routableMask(agent) & bit(contact.ch)) === 0) return false;
    if (refusedBy(contact, agent)) return false;
    if (contact.cls === null) return contact.preferredAgentId === agent.id;
    const step = contact.queue.steps[contact.step];
    return step.keys.every((key, i) => (agent.prof.get(key) ?? 0) >= step.mins[i]) && (contact.langKey === 0 || agent.prof.has(contact.langKey));
  }

  private makeOffer(contact: ContactRt, agent: AgentRt, t: number, events: RoutingEvent[]): void {
    const queue = contact.queue;
    this.detach(contact);
    this.leaveWaiting(contact);
    contact.status = 'offered';
    contact.agent = agent;
    contact.offerCount++;
    contact.offerId = `${contact.id}/${contact.offerCount}`;
    contact.offeredAt = t;
    contact.expiresAt = t + queue.offerTimeoutMs;
    agent.offer = contact;
    queue.rrCursor = agent.ordinal;
    this.schedule(contact.timer, contact.expiresAt, queue.offerRun);
    events.push({
      at: t,
      contactId: contact.id,
      queueId: contact.queue.settings.id,
      channel: contact.channel,
      type: 'contact.offered',
      agentId: agent.id,
      offerId: contact.offerId,
      expiresAt: contact.expiresAt,
      waitSeconds: seconds(t - contact.waitStartedAt),
      callback: contact.callback,
      attempt: contact.offerCount,
    });
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
    const ringSeconds = seconds(t - (contact.offeredAt as number));
    if (type === 'offer.rejected') {
      events.push({ type, at, contactId, queueId, channel, agentId, offerId, ringSeconds, countsAsMissed: this.policy.rejectCountsAsMissed });
    } else if (type === 'offer.expired') {
      events.push({ type, at, contactId, queueId, channel, agentId, offerId, ringSeconds });
    } else {
      events.push({ type, at, contactId, queueId, channel, agentId, offerId, ringSeconds, reason: reason as OfferWithdrawnReason });
    }
    this.schedule(contact.timer, null);
    agent.offer = null;
    contact.agent = null;
    contact.status = 'waiting';
    contact.offerId = null;
    contact.offeredAt = null;
    contact.expiresAt = null;
  }

  /** Puts a contact whose offer ended back at its place; a refusal keeps it from `refusedBy` for a while. */
  private returnToQueue(contact: ContactRt, refusedByAgent: AgentRt | null, t: number, events: RoutingEvent[]): void {
    if (refusedByAgent && this.policy.reofferCooldownSeconds > 0) {
      const until = t + this.policy.reofferCooldownSeconds * MS;
      contact.refusals = [...contact.refusals.filter((r) => r.agent !== refusedByAgent), { agent: refusedByAgent, until }];
    }
    this.enterWaiting(contact);
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
      const target = this.queues.get((queue.settings.overflow as { targetQueueId: string }).targetQueueId) as QueueRt;
      events.push({
        at: t,
        contactId: contact.id,
        queueId: contact.queue.settings.id,
        channel: contact.channel,
        type: 'contact.overflowed',
        toQueueId: target.settings.id,
        enqueuedAt: contact.enqueuedAt,
        queueEnteredAt: contact.queueEnteredAt,
        waitSeconds: seconds(t - contact.waitStartedAt),
      });
      this.leaveWaiting(contact);
      queue.memberCount--;
      contact.queue = target;
      target.memberCount++;
      this.enterWaiting(contact);
      contact.queueEnteredAt = t;
      contact.step = -1;
      this.reprice(contact);
      this.queuedEvent(contact, 'overflow', t, events);
      queue = target;
    }
    if ((queue.channelMask & bit(contact.ch)) === 0) this.openChannel(queue, contact.ch);
    const step = this.stepAt(queue, t - contact.queueEnteredAt);
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
      const agent = this.agents.get(contact.preferredAgentId);
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
    this.scheduleWaiting(contact);
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

  private nextWaitingDue(contact: ContactRt): number | null {
    const queue = contact.queue;
    let next = Number.POSITIVE_INFINITY;
    if (contact.step + 1 < queue.steps.length) next = contact.queueEnteredAt + queue.steps[contact.step + 1].startsAfterMs;
    if (queue.overflowAfterMs !== null) next = Math.min(next, contact.queueEnteredAt + queue.overflowAfterMs);
    if (contact.preferredUntil !== null) next = Math.min(next, contact.preferredUntil);
    for (const refusal of contact.refusals) next = Math.min(next, refusal.until);
    return Number.isFinite(next) ? next : null;
  }

  private stepAt(queue: QueueRt, waitedMs: number): number {
    let step = 0;
    while (step + 1 < queue.steps.length && queue.steps[step + 1].startsAfterMs <= waitedMs) step++;
    return step;
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
    this.schedule(contact.timer, null);
    this.leaveWaiting(contact);
    contact.queue.memberCount--;
    contact.dropped = true;
    this.contacts.delete(contact.id);
  }

  private complete(contact: ContactRt, t: number, endedBy: 'contact_end' | 'agent' | 'wrap_up_timer', events: RoutingEvent[]): void {
    const agent = contact.agent as AgentRt;
    const wrapStart = contact.wrapUpStartedAt as number;
    const talk = wrapStart - (contact.connectedAt as number);
    const wrap = t - wrapStart;
    agent.wrapping--;
    unhold(agent, contact);
    agent.heldCh[contact.ch]--;
    this.updateLoad(agent);
    events.push({
      at: t,
      contactId: contact.id,
      queueId: contact.queue.settings.id,
      channel: contact.channel,
      type: 'contact.completed',
      agentId: agent.id,
      talkSeconds: seconds(talk),
      wrapUpSeconds: seconds(wrap),
      handleSeconds: seconds(talk + wrap),
      endedBy,
    });
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
      talkMs = t - (contact.connectedAt as number);
      unhold(freed, contact);
      freed.heldCh[contact.ch]--;
      this.updateLoad(freed);
      freed.connected--;
      contact.agent = null;
      contact.agentLost = false;
      contact.connectedAt = null;
    } else {
      this.detach(contact);
      contact.priorWaitMs += t - contact.waitStartedAt;
    }
    contact.waitStartedAt = t;
    events.push({
      at: t,
      contactId: contact.id,
      queueId: contact.queue.settings.id,
      channel: contact.channel,
      type: 'contact.transferred',
      toQueueId: target.settings.id,
      fromAgentId: fromAgent?.id ?? null,
      toAgentId: toAgent?.id ?? null,
      by,
      totalWaitSeconds: seconds(contact.priorWaitMs),
      talkSeconds: talkMs === null ? null : seconds(talkMs),
    });
    this.leaveWaiting(contact);
    from.memberCount--;
    contact.queue = target;
    target.memberCount++;
    contact.status = 'waiting';
    this.enterWaiting(contact);
    contact.enqueuedAt = t;
    contact.queueEnteredAt = t;
    contact.step = -1;
    contact.refusals = NO_REFUSALS;
    contact.preferredAgentId = toAgent?.id ?? null;
    contact.preferredUntil = toAgent ? t + this.policy.transferToAgentWindowSeconds * MS : null;
    this.reprice(contact);
    this.queuedEvent(contact, 'transfer', t, events);
    this.settleWaiting(contact, t, events);
    if (freed) this.syncAgent(freed, t, by, events);
  }

  /** Grace over: connected contacts still flagged go back to their queue at their original place. */
  private releaseLostContacts(agent: AgentRt, t: number, events: RoutingEvent[]): void {
    const lost = [...agent.held].filter((c) => c.agentLost).sort(bySeq);
    if (agent.disconnect) agent.disconnect.graceEndsAt = null;
    for (const contact of lost) {
      const talkMs = t - (contact.connectedAt as number);
      unhold(agent, contact);
      agent.heldCh[contact.ch]--;
      this.updateLoad(agent);
      agent.connected--;
      contact.agent = null;
      contact.agentLost = false;
      contact.connectedAt = null;
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
      this.enterWaiting(contact);
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
  // Agent state machine
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
    const limit = this.policy.missedOffersBeforeNotReady;
    if (limit > 0 && agent.missed >= limit && agent.presence === 'available') {
      events.push({ type: 'agent.missed_offers', at: t, agentId: agent.id, count: agent.missed, lastContactId: contact.id });
      agent.missed = 0;
      this.applyNotReady(agent, 'missed_offers', SYSTEM_ACTOR, t, events);
    }
  }

  /**
   * The aggregate state shown to supervisors. Decision for multi-channel agents:
   * offline > not_ready (chosen, or disconnected) > reserved (an offer rings) > busy (any connected contact)
   * > wrap_up (only after-contact work left) > available. `busy` and `wrap_up` agents may still be routable
   * for channels with free capacity (see `routableMask`).
   */
  private aggregate(agent: AgentRt): AgentState {
    if (agent.presence === 'offline') return 'offline';
    if (agent.presence === 'not_ready') return 'not_ready';
    if (agent.offer) return 'reserved';
    if (agent.connected > 0) return 'busy';
    if (agent.wrapping > 0) return 'wrap_up';
    return 'available';
  }

  /** Recomputes `agent.load` after the work held or the capacity changed. */
  private updateLoad(agent: AgentRt): void {
    agent.load = loadOf(agent);
  }

  /** Channels blocked by the work held (a contact in wrap-up still occupies its slot and blocks). */
  private heldBlockMask(agent: AgentRt): number {
    let blocked = 0;
    for (let ch = 0; ch < CHANNEL_COUNT; ch++) if (agent.heldCh[ch] > 0) blocked |= this.blockMask[ch];
    return blocked;
  }

  /**
   * Channels the agent can be offered now: available presence, no pending not-ready, no ringing offer (one offer
   * at a time), not disconnected, a free slot on the channel, and no held contact blocking it.
   */
  private routableMask(agent: AgentRt): number {
    if (agent.presence !== 'available' || agent.pending !== null || agent.offer !== null || agent.disconnect !== null) return 0;
    const blocked = this.heldBlockMask(agent);
    let mask = 0;
    for (let ch = 0; ch < CHANNEL_COUNT; ch++) {
      if (agent.heldCh[ch] < agent.cap[ch] && (blocked & bit(ch)) === 0) mask |= bit(ch);
    }
    return mask;
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
    const state = this.aggregate(agent);
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
    this.setRoutable(agent, this.routableMask(agent), t);
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
    agent.idleSeq = ++this.idleSeq;
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
    for (const key of agent.skillKeys) this.holders.get(key)?.delete(agent);
    agent.prof = new Map();
    agent.skillKeys = [];
    for (const [skill, proficiency] of Object.entries(agent.skills)) {
      const key = this.keyOf('s', skill);
      agent.prof.set(key, proficiency);
      agent.skillKeys.push(key);
      let holders = this.holders.get(key);
      if (!holders) {
        holders = new Set();
        this.holders.set(key, holders);
      }
      holders.add(agent);
    }
    agent.langKeys = [NO_LANGUAGE];
    for (const language of agent.languages) {
      const key = this.languageKey(language);
      agent.prof.set(key, 5);
      agent.langKeys.push(key);
    }
  }

  /** Recomputes which queues an unlisted agent qualifies for. O(Q·S·R). */
  private requalifyAgent(agent: AgentRt): void {
    for (const { queue } of agent.qualified) queue.qualified.delete(agent);
    agent.qualified = [];
    for (const queue of this.queues.values()) {
      const minStep = this.minStep(agent, queue);
      if (minStep < 0) continue;
      const entry: QualificationRt = { agent, queue, minStep, score: this.skillScore(agent, queue), nodes: [], active: this.activeByLang(agent, queue) };
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
    let pool: Iterable<AgentRt> = this.agentOrder;
    let poolSize = this.agentOrder.length;
    for (const key of widest.keys) {
      const holders = this.holders.get(key);
      const size = holders?.size ?? 0;
      if (size < poolSize) {
        pool = holders ?? [];
        poolSize = size;
      }
    }
    const routable: QualificationRt[] = [];
    for (const agent of pool) {
      const minStep = this.minStep(agent, queue);
      if (minStep < 0) continue;
      const entry: QualificationRt = { agent, queue, minStep, score: this.skillScore(agent, queue), nodes: [], active: this.activeByLang(agent, queue) };
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

  private skillScore(agent: AgentRt, queue: QueueRt): number {
    let score = 0;
    for (const key of queue.scoreKeys) score += agent.prof.get(key) ?? 0;
    return score;
  }

  /** First relaxation step at which the agent's skills qualify (steps only ever relax), or -1. O(S·R). */
  private minStep(agent: AgentRt, queue: QueueRt): number {
    for (let s = 0; s < queue.steps.length; s++) {
      const step = queue.steps[s];
      if (step.keys.every((key, i) => (agent.prof.get(key) ?? 0) >= step.mins[i])) return s;
    }
    return -1;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Construction
  // ---------------------------------------------------------------------------------------------------------

  /** Interned key of a language, cached by the bare name so a contact's arrival builds no string. */
  private languageKey(language: string): number {
    let key = this.languageKeys.get(language);
    if (key === undefined) {
      key = this.keyOf('l', language);
      this.languageKeys.set(language, key);
    }
    return key;
  }

  private keyOf(kind: 's' | 'l', name: string): number {
    const label = `${kind}:${name}`;
    let id = this.keyIds.get(label);
    if (id === undefined) {
      id = this.keyNames.length;
      this.keyNames.push(label);
      this.keyIds.set(label, id);
    }
    return id;
  }

  private createQueue(settings: QueueSettings): QueueRt {
    const queue: QueueRt = {
      settings,
      ordinal: this.nextQueueOrdinal++,
      steps: [],
      scoreKeys: [],
      offerTimeoutMs: 0,
      wrapUpMs: [],
      overflowAfterMs: null,
      offerRun: -1,
      wrapUpRuns: [],
      overflowRun: -1,
      classes: new Map(),
      active: [],
      waitingCount: 0,
      memberCount: 0,
      rrCursor: -1,
      candidates: new Map(),
      channelMask: 0,
      qualified: new Map(),
    };
    this.compileQueue(queue);
    this.queues.set(settings.id, queue);
    return queue;
  }

  private compileQueue(queue: QueueRt): void {
    const settings = queue.settings;
    queue.steps = requirementsByStep(settings).map((requirements, i) => ({
      requirements,
      keys: requirements.map((r) => this.keyOf('s', r.skill)),
      mins: requirements.map((r) => r.minProficiency),
      startsAfterMs: i === 0 ? 0 : settings.relaxation[i - 1].afterSeconds * MS,
      run: this.timerRun(afterEntry(i === 0 ? 0 : settings.relaxation[i - 1].afterSeconds * MS)),
    }));
    queue.scoreKeys = [...settings.requiredSkills, ...settings.optionalSkills].map((r) => this.keyOf('s', r.skill));
    queue.offerTimeoutMs = settings.offerTimeoutSeconds * MS;
    queue.wrapUpMs = CHANNELS.map((channel) => (settings.wrapUpSecondsByChannel[channel] ?? settings.wrapUpSeconds) * MS);
    queue.overflowAfterMs = settings.overflow ? settings.overflow.afterSeconds * MS : null;
    queue.offerRun = this.timerRun(afterNow(queue.offerTimeoutMs));
    queue.wrapUpRuns = queue.wrapUpMs.map((ms) => this.timerRun(afterNow(ms)));
    queue.overflowRun = queue.overflowAfterMs === null ? -1 : this.timerRun(afterEntry(queue.overflowAfterMs));
  }

  /**
   * A small id for a fixed delay (see `afterNow`, `afterEntry`), interned when queues are compiled so the timer
   * queue finds the run by index rather than by hashing.
   */
  private timerRun(delay: number): number {
    let id = this.timerRuns.get(delay);
    if (id === undefined) {
      id = this.timerRuns.size;
      this.timerRuns.set(delay, id);
    }
    return id;
  }

  /** Overflow targets must exist and never lead back to where they started. O(Q). */
  private checkOverflowGraph(changed: QueueSettings, all?: Map<string, QueueSettings>): void {
    const lookup = (id: string) => (id === changed.id ? changed : (all?.get(id) ?? this.queues.get(id)?.settings));
    const seen = new Set<string>();
    for (let queue: QueueSettings | undefined = changed; queue?.overflow; ) {
      seen.add(queue.id);
      const next = lookup(queue.overflow.targetQueueId);
      if (!next) throw new RoutingError('INVALID_QUEUE', { queueId: changed.id, problem: `overflow target ${queue.overflow.targetQueueId} does not exist` });
      if (seen.has(next.id)) throw new RoutingError('INVALID_QUEUE', { queueId: changed.id, problem: 'overflow targets form a cycle' });
      queue = next;
    }
    // Queues overflowing into the changed one must not now form a cycle through it.
    for (const other of all?.values() ?? [...this.queues.values()].map((q) => q.settings)) {
      if (other.id === changed.id || !other.overflow) continue;
      const path = new Set<string>();
      for (let queue: QueueSettings | undefined = other; queue?.overflow; queue = lookup(queue.overflow.targetQueueId)) {
        if (path.has(queue.id)) throw new RoutingError('INVALID_QUEUE', { queueId: changed.id, problem: 'overflow targets form a cycle' });
        path.add(queue.id);
      }
    }
  }

  private createAgent(id: string, t: number): AgentRt {
    const agent: AgentRt = {
      id,
      ordinal: this.nextAgentOrdinal++,
      skills: {},
      languages: [],
      capacityOverride: {},
      cap: CHANNELS.map(() => 0),
      prof: new Map(),
      skillKeys: [],
      langKeys: [NO_LANGUAGE],
      presence: 'offline',
      reason: null,
      pending: null,
      pendingBy: null,
      disconnect: null,
      offer: null,
      held: [],
      heldCh: CHANNELS.map(() => 0),
      load: 0,
      connected: 0,
      wrapping: 0,
      state: 'offline',
      stateReason: null,
      stateSince: t,
      routable: 0,
      listed: false,
      idleSince: t,
      idleSeq: 0,
      missed: 0,
      qualified: [],
      preferred: new RunQueue<ContactRt>(),
      timer: null as unknown as TimerRt,
      dirty: false,
      self: agentActor(id),
    };
    (agent as { timer: TimerRt }).timer = { ...OUT_OF_RUNS, at: 0, rank: 0, seq: agent.ordinal, contact: null, agent };
    this.agents.set(id, agent);
    this.agentOrder.push(agent);
    return agent;
  }

  private checkNewContact(input: NewContact, t: number): { code: RoutingErrorCode; text: string } | null {
    if (typeof input?.id !== 'string' || input.id === '') return { code: 'INVALID_CONTACT', text: 'id missing' };
    if (this.contacts.has(input.id)) return { code: 'DUPLICATE_CONTACT', text: input.id };
    if (!CHANNELS.includes(input.channel)) return { code: 'INVALID_CONTACT', text: `unknown channel ${String(input.channel)}` };
    if (input.valueTier !== undefined && !VALUE_TIERS.includes(input.valueTier)) return { code: 'INVALID_CONTACT', text: `unknown value tier ${String(input.valueTier)}` };
    if (input.language !== undefined && (typeof input.language !== 'string' || input.language === '')) return { code: 'INVALID_CONTACT', text: 'language must be a non-empty string' };
    if (input.priorityBoost !== undefined && !Number.isFinite(input.priorityBoost)) return { code: 'INVALID_CONTACT', text: 'priorityBoost must be a number' };
    if (input.preferredWindowSeconds !== undefined && !(input.preferredWindowSeconds >= 0)) return { code: 'INVALID_CONTACT', text: 'preferredWindowSeconds must be >= 0' };
    if (input.enqueuedAt !== undefined && !(Number.isFinite(input.enqueuedAt) && input.enqueuedAt <= t)) return { code: 'INVALID_CONTACT', text: 'enqueuedAt must not be in the future' };
    return null;
  }

  private createContact(input: NewContact | ContactRecord, queue: QueueRt, t: number, seq = ++this.contactSeq): ContactRt {
    const record = input as ContactRecord;
    const enqueuedAt = input.enqueuedAt ?? t;
    const preferredAgentId = input.preferredAgentId ?? null;
    const ch = CHANNEL_INDEX[input.channel];
    const contact: ContactRt = {
      heapIndex: -1,
      run: null,
      prev: null,
      next: null,
      k1: 0,
      k2: 0,
      k3: 0,
      id: input.id,
      seq,
      queue,
      channel: input.channel,
      ch,
      language: input.language ?? null,
      langKey: input.language ? this.languageKey(input.language) : NO_LANGUAGE,
      valueTier: input.valueTier ?? 'ordinary',
      complaint: input.complaint === true,
      boost: input.priorityBoost ?? 0,
      staticPoints: 0,
      key: 0,
      enqueuedAt,
      firstEnqueuedAt: record.firstEnqueuedAt ?? enqueuedAt,
      waitStartedAt: record.waitStartedAt ?? enqueuedAt,
      priorWaitMs: record.priorWaitMs ?? 0,
      queueEnteredAt: record.queueEnteredAt ?? enqueuedAt,
      status: record.status ?? 'waiting',
      step: record.relaxationStep ?? -1,
      heap: null,
      cls: null,
      preferredAgentId,
      preferredUntil:
        record.preferredUntil !== undefined
          ? record.preferredUntil
          : preferredAgentId === null
            ? null
            : t + (input.preferredWindowSeconds ?? this.policy.preferredAgentWindowSeconds) * MS,
      refusals: NO_REFUSALS,
      agent: null,
      offerId: record.offer?.offerId ?? null,
      offeredAt: record.offer?.offeredAt ?? null,
      expiresAt: record.offer?.expiresAt ?? null,
      offerCount: record.offerCount ?? 0,
      connectedAt: record.connectedAt ?? null,
      wrapUpStartedAt: record.wrapUpStartedAt ?? null,
      wrapUpEndsAt: record.wrapUpEndsAt ?? null,
      callback: input.callback === true,
      agentLost: record.agentLost === true,
      inWaiting: false,
      dirty: false,
      searchFrom: 0,
      dropped: false,
      timer: null as unknown as TimerRt,
    };
    (contact as { timer: TimerRt }).timer = {
      heapIndex: -1,
      run: null,
      prev: null,
      next: null,
      k1: 0,
      k2: 0,
      k3: 0,
      at: 0,
      rank: 1,
      seq,
      contact,
      agent: null,
    };
    this.reprice(contact);
    queue.memberCount++;
    if (contact.status === 'waiting') this.enterWaiting(contact);
    this.contacts.set(contact.id, contact);
    return contact;
  }

  private reprice(contact: ContactRt): void {
    contact.staticPoints = staticPriority(this.policy, contact.queue.settings.basePriority, contact.valueTier, contact.complaint, contact.boost);
    contact.key = orderingKey(contact.staticPoints, this.agingRate, contact.enqueuedAt);
  }

  private effectivePriority(contact: ContactRt, t: number): number {
    return contact.staticPoints + this.agingRate * (t - contact.enqueuedAt);
  }

  /**
   * Sets (or with null cancels) a timer. `run` names the fixed delay the due time was computed with, so timers
   * set in time order append to their run in O(1) (see RunQueue); it only affects speed, never the order.
   */
  private schedule(timer: TimerRt, at: number | null, run?: number): void {
    if (this.timers.has(timer)) {
      if (timer.at === at) return;
      this.timers.remove(timer);
    }
    if (at === null) return;
    timer.at = at;
    this.timers.push(timer, run, at, timer.rank, timer.seq);
  }

  /** Schedules a waiting contact's next relaxation, overflow, window end or cooldown end. */
  private scheduleWaiting(contact: ContactRt): void {
    const at = this.nextWaitingDue(contact);
    if (at === null) {
      this.schedule(contact.timer, null);
      return;
    }
    // Relaxation and overflow come a fixed time after entering the queue; windows and cooldowns have no run.
    const queue = contact.queue;
    const offset = at - contact.queueEnteredAt;
    const step = queue.steps[contact.step + 1];
    const run = step !== undefined && step.startsAfterMs === offset ? step.run : queue.overflowAfterMs === offset ? queue.overflowRun : undefined;
    this.schedule(contact.timer, at, run);
  }

  private load(snapshot: RoutingSnapshot): void {
    const invalid = (problem: string) => new RoutingError('INVALID_SNAPSHOT', { problem });
    const settings = new Map<string, QueueSettings>();
    for (const definition of snapshot.queues ?? []) {
      const normalized = normalizeQueue(definition);
      if (settings.has(normalized.id)) throw invalid(`queue ${normalized.id} listed twice`);
      settings.set(normalized.id, normalized);
    }
    for (const queue of settings.values()) this.checkOverflowGraph(queue, settings);
    for (const queue of settings.values()) this.createQueue(queue);
    if (snapshot.clock !== undefined) this.clock = snapshot.clock;

    for (const record of snapshot.agents ?? []) {
      if (this.agents.has(record.id)) throw invalid(`agent ${record.id} listed twice`);
      const capacity = normalizeAgentProfile(record, this.policy);
      const agent = this.createAgent(record.id, record.stateSince ?? 0);
      agent.skills = { ...record.skills };
      agent.languages = [...new Set(record.languages ?? [])];
      agent.capacityOverride = { ...record.capacity };
      agent.cap = CHANNELS.map((channel) => capacity[channel]);
      this.updateLoad(agent);
      agent.presence = record.presence ?? 'offline';
      agent.reason = record.notReadyReason ?? null;
      agent.pending = record.pendingNotReady ?? null;
      agent.pendingBy = record.pendingNotReadyBy ?? null;
      agent.missed = record.missedOffers ?? 0;
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
      this.indexProfile(agent);
      this.requalifyAgent(agent);
    }

    const records = [...(snapshot.contacts ?? [])];
    let nextSeq = Math.max(0, snapshot.counters?.contactSeq ?? 0, ...records.map((r) => r.seq ?? 0));
    const seqs = records.map((r) => r.seq ?? ++nextSeq);
    const order = records.map((_, i) => i).sort((a, b) => seqs[a] - seqs[b]);
    const clock = Number.isFinite(this.clock) ? this.clock : 0;
    const waiting: ContactRt[] = [];
    for (const i of order) {
      const record = records[i];
      const queue = this.queues.get(record.queueId);
      if (!queue) throw invalid(`contact ${record.id}: unknown queue ${record.queueId}`);
      const problem = this.checkNewContact(record, Number.POSITIVE_INFINITY);
      if (problem) throw invalid(`contact ${record.id}: ${problem.text}`);
      const status = record.status ?? 'waiting';
      if (!['waiting', 'offered', 'connected', 'wrap_up'].includes(status)) throw invalid(`contact ${record.id}: unknown status`);
      if (record.enqueuedAt === undefined) throw invalid(`contact ${record.id}: enqueuedAt missing`);
      const contact = this.createContact(record, queue, clock, seqs[i]);
      // Refusals by agents since removed no longer matter.
      contact.refusals = (record.refusals ?? []).flatMap((r) => {
        const agent = this.agents.get(r.agentId);
        return agent ? [{ agent, until: r.until }] : [];
      });
      if (status === 'waiting') {
        waiting.push(contact);
        continue;
      }
      const agent = record.agentId ? this.agents.get(record.agentId) : undefined;
      if (!agent || agent.presence === 'offline') throw invalid(`contact ${record.id}: ${status} needs a logged-in agent`);
      contact.agent = agent;
      if (status === 'offered') {
        if (agent.offer) throw invalid(`agent ${agent.id} has two offers`);
        if (!record.offer || contact.offeredAt === null || contact.expiresAt === null) throw invalid(`contact ${record.id}: offer missing`);
        if (agent.presence !== 'available' || agent.pending !== null) throw invalid(`contact ${record.id}: offered to an agent who is not available`);
        agent.offer = contact;
        this.schedule(contact.timer, contact.expiresAt, queue.offerRun);
      } else {
        if (contact.connectedAt === null) throw invalid(`contact ${record.id}: connectedAt missing`);
        agent.held.push(contact);
        agent.heldCh[contact.ch]++;
        this.updateLoad(agent);
        if (status === 'connected') agent.connected++;
        else {
          if (contact.wrapUpStartedAt === null || contact.wrapUpEndsAt === null) throw invalid(`contact ${record.id}: wrap-up times missing`);
          agent.wrapping++;
          this.schedule(contact.timer, contact.wrapUpEndsAt, queue.wrapUpRuns[contact.ch]);
        }
      }
    }
    for (const contact of waiting) {
      const queue = contact.queue;
      contact.step = Math.min(Math.max(contact.step, 0), queue.steps.length - 1);
      const agent = contact.preferredAgentId === null ? undefined : this.agents.get(contact.preferredAgentId);
      if (agent && contact.preferredUntil !== null && agent.presence !== 'offline' && !agent.disconnect) {
        pushContact(agent.preferred, contact);
        contact.heap = agent.preferred;
      } else {
        this.insertInClass(contact);
      }
      this.scheduleWaiting(contact);
    }

    for (const contact of this.contacts.values()) contact.queue.channelMask |= bit(contact.ch);
    let maxIdleSeq = snapshot.counters?.idleSeq ?? 0;
    for (const agent of this.agentOrder) maxIdleSeq = Math.max(maxIdleSeq, agent.idleSeq);
    const byIdle = [...this.agentOrder].sort((a, b) => a.idleSince - b.idleSince || a.idleSeq - b.idleSeq || a.ordinal - b.ordinal);
    for (const agent of byIdle) {
      if (agent.presence === 'available' && agent.pending !== null && agent.held.length === 0 && !agent.offer) {
        agent.presence = 'not_ready';
        agent.reason = agent.pending;
        agent.pending = null;
        agent.pendingBy = null;
      }
      agent.state = this.aggregate(agent);
      agent.stateReason = stateReason(agent);
      agent.routable = this.routableMask(agent);
      // Routable agents loaded without an idle sequence get one in idle order (a first load from the database).
      if (agent.routable !== 0 && agent.idleSeq <= 0) agent.idleSeq = ++maxIdleSeq;
      this.list(agent);
      if (agent.disconnect?.graceEndsAt != null) {
        this.schedule(agent.timer, agent.disconnect.graceEndsAt, this.timerRun(afterNow(this.policy.disconnectGraceSeconds * MS)));
      }
    }
    this.idleSeq = maxIdleSeq;
    this.contactSeq = Math.max(nextSeq, snapshot.counters?.contactSeq ?? 0);
    for (const [queueId, agentId] of Object.entries(snapshot.roundRobinCursors ?? {})) {
      const queue = this.queues.get(queueId);
      const agent = this.agents.get(agentId);
      if (queue && agent) queue.rrCursor = agent.ordinal;
    }
    this.reconcilePending = true;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Views, records and errors
  // ---------------------------------------------------------------------------------------------------------

  private verdict(
    agent: AgentRt,
    contact: ContactRt,
    step: StepRt,
    preferred: { agentId: string; until: number } | null,
  ): AgentVerdictReason[] {
    const reasons: AgentVerdictReason[] = [];
    const channel = contact.channel;
    const ch = contact.ch;
    if (agent.presence === 'offline') reasons.push({ code: 'offline' });
    else if (agent.disconnect) reasons.push({ code: 'disconnected' });
    else if (agent.presence === 'not_ready') reasons.push({ code: 'not_ready', reason: agent.reason });
    if (agent.pending) reasons.push({ code: 'pending_not_ready', reason: agent.pending });
    if (agent.offer) reasons.push({ code: 'reserved', contactId: agent.offer.id });
    if (agent.heldCh[ch] >= agent.cap[ch]) reasons.push({ code: 'no_capacity', channel, held: agent.heldCh[ch], capacity: agent.cap[ch] });
    else {
      const blocker = CHANNELS.find((_, h) => agent.heldCh[h] > 0 && (this.blockMask[h] & bit(ch)) !== 0);
      if (blocker) reasons.push({ code: 'channel_blocked', channel, byChannel: blocker });
    }
    const refusal = contact.refusals.find((r) => r.agent === agent);
    if (refusal) reasons.push({ code: 'recently_refused', until: refusal.until });
    if (preferred && preferred.agentId !== agent.id) {
      reasons.push({ code: 'preferred_agent_window', preferredAgentId: preferred.agentId, until: preferred.until });
    }
    if (!preferred) {
      step.requirements.forEach((requirement, i) => {
        const has = agent.prof.get(step.keys[i]) ?? 0;
        if (has < requirement.minProficiency) reasons.push({ code: 'missing_skill', skill: requirement.skill, required: requirement.minProficiency, has });
      });
      if (contact.language !== null && !agent.prof.has(contact.langKey)) reasons.push({ code: 'missing_language', language: contact.language });
    }
    return reasons;
  }

  private queuedEvent(contact: ContactRt, reason: 'arrival' | 'overflow' | 'transfer', t: number, events: RoutingEvent[]): void {
    events.push({
      at: t,
      contactId: contact.id,
      queueId: contact.queue.settings.id,
      channel: contact.channel,
      type: 'contact.queued',
      reason,
      enqueuedAt: contact.enqueuedAt,
      queueEnteredAt: contact.queueEnteredAt,
      valueTier: contact.valueTier,
      complaint: contact.complaint,
      language: contact.language,
      callback: contact.callback,
      priority: this.effectivePriority(contact, t),
      preferredAgentId: contact.preferredAgentId,
    });
  }

  private agentView(agent: AgentRt): AgentView {
    return {
      id: agent.id,
      state: agent.state,
      notReadyReason: agent.stateReason,
      presence: agent.presence,
      pendingNotReady: agent.pending,
      stateSince: agent.stateSince,
      offeredContactId: agent.offer?.id ?? null,
      contactIds: [...agent.held].sort(bySeq).map((c) => c.id),
      heldByChannel: channelRecord(agent.heldCh),
      capacity: channelRecord(agent.cap),
      routableChannels: CHANNELS.filter((_, ch) => (agent.routable & bit(ch)) !== 0),
      missedOffers: agent.missed,
      disconnected: agent.disconnect !== null,
      skills: { ...agent.skills },
      languages: [...agent.languages],
    };
  }

  private contactView(contact: ContactRt): ContactView {
    return {
      id: contact.id,
      status: contact.status,
      queueId: contact.queue.settings.id,
      channel: contact.channel,
      agentId: contact.agent?.id ?? null,
      enqueuedAt: contact.enqueuedAt,
      firstEnqueuedAt: contact.firstEnqueuedAt,
      valueTier: contact.valueTier,
      complaint: contact.complaint,
      language: contact.language,
      callback: contact.callback,
      relaxationStep: Math.max(0, contact.step),
      preferredAgentId: contact.preferredAgentId,
      preferredUntil: contact.preferredUntil,
      offerId: contact.offerId,
      offerExpiresAt: contact.expiresAt,
      wrapUpEndsAt: contact.wrapUpEndsAt,
      agentLost: contact.agentLost,
    };
  }

  private agentRecord(agent: AgentRt): AgentRecord {
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

  private contactRecord(contact: ContactRt): ContactRecord {
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
      refusals: contact.refusals.filter((r) => this.agents.get(r.agent.id) === r.agent).map((r) => ({ agentId: r.agent.id, until: r.until })),
      agentId: contact.agent?.id ?? null,
      offer:
        contact.status === 'offered'
          ? { offerId: contact.offerId as string, offeredAt: contact.offeredAt as number, expiresAt: contact.expiresAt as number }
          : null,
      offerCount: contact.offerCount,
      connectedAt: contact.connectedAt,
      wrapUpStartedAt: contact.wrapUpStartedAt,
      wrapUpEndsAt: contact.wrapUpEndsAt,
      agentLost: contact.agentLost,
    };
  }

  /** The contact whose offer rings at the agent (then `contact.agent` is that agent), or the error to throw. */
  private ringingOffer(contactId: string, agentId: string, t: number, offerId?: string): ContactRt {
    const contact = this.contactOrThrow(contactId);
    const agent = this.agentOf(contact, agentId);
    if (contact.status !== 'offered') throw this.contactError('OFFER_NOT_FOUND', contact);
    if (contact.agent !== agent) throw this.contactError('OFFER_NOT_YOURS', contact);
    if (offerId !== undefined && offerId !== contact.offerId) throw this.contactError('OFFER_NOT_FOUND', contact, `current offer is ${contact.offerId}`);
    if (t >= (contact.expiresAt as number)) throw this.contactError('OFFER_EXPIRED', contact);
    return contact;
  }

  /**
   * `agentOrThrow(agentId)`, skipping the lookup when the contact's own agent has that id (an agent linked to a
   * contact is always registered: removal needs a logged-out agent, who holds nothing).
   */
  private agentOf(contact: ContactRt | undefined, agentId: string): AgentRt {
    const linked = contact === undefined ? null : contact.agent;
    return linked !== null && linked.id === agentId ? linked : this.agentOrThrow(agentId);
  }

  private checkTransferable(contact: ContactRt): void {
    if (contact.status === 'wrap_up') throw this.contactError('INVALID_CONTACT_TRANSITION', contact, 'a contact in wrap-up cannot be transferred');
  }

  private queueOrThrow(queueId: string): QueueRt {
    const queue = this.queues.get(queueId);
    if (!queue) throw new RoutingError('UNKNOWN_QUEUE', { queueId });
    return queue;
  }

  private agentOrThrow(agentId: string): AgentRt {
    const agent = this.agents.get(agentId);
    if (!agent) throw new RoutingError('UNKNOWN_AGENT', { problem: String(agentId) });
    return agent;
  }

  private contactOrThrow(contactId: string): ContactRt {
    const contact = this.contacts.get(contactId);
    if (!contact) throw new RoutingError('UNKNOWN_CONTACT', { problem: String(contactId) });
    return contact;
  }

  private agentError(code: RoutingErrorCode, agent: AgentRt, problem?: string): RoutingError {
    return new RoutingError(code, { agent: this.agentView(agent), problem });
  }

  private contactError(code: RoutingErrorCode, contact: ContactRt, problem?: string): RoutingError {
    return new RoutingError(code, {
      contact: this.contactView(contact),
      agent: contact.agent ? this.agentView(contact.agent) : undefined,
      problem,
    });
  }
}

/**
 * Contact heaps order by ordering key (highest first), then arrival, then creation: see `contactBefore`. Contacts
 * of one static priority are in arrival order too, so they form a run (see RunQueue).
 */
function pushContact(heap: RunQueue<ContactRt>, contact: ContactRt): void {
  heap.push(contact, contact.staticPoints, -contact.key, contact.enqueuedAt, contact.seq);
}

/** The fields of a RunNode outside any RunQueue. */
const OUT_OF_RUNS: RunNode = Object.freeze({ heapIndex: -1, run: null, prev: null, next: null, k1: 0, k2: 0, k3: 0 });

/** Run of timers due a fixed delay after the command that sets them (offer expiry, wrap-up, disconnect grace). */
function afterNow(delayMs: number): number {
  return 2 * delayMs;
}

/** Run of timers due a fixed time after the contact entered its queue (relaxation steps, overflow). */
function afterEntry(offsetMs: number): number {
  return 2 * offsetMs + 1;
}

function byIdleSeq(a: AgentRt, b: AgentRt): number {
  return a.idleSeq - b.idleSeq;
}

function inContactOrder(a: ContactRt, b: ContactRt): number {
  return contactBefore(a, b) ? -1 : 1;
}

/** Shared empty refusal list; refusal lists are replaced, never mutated in place. */
const NO_REFUSALS: readonly Refusal[] = Object.freeze([]);

/** The not-ready reason shown with the aggregate state (only while not ready). */
function stateReason(agent: AgentRt): NotReadyReason | null {
  return agent.presence === 'not_ready' ? agent.reason : null;
}

/** Σ held/capacity over the channels with capacity, summed in channel order (always the same way). */
function loadOf(agent: AgentRt): number {
  let load = 0;
  for (let ch = 0; ch < CHANNEL_COUNT; ch++) if (agent.cap[ch] > 0) load += agent.heldCh[ch] / agent.cap[ch];
  return load;
}

/** Takes a contact out of the agent's held list (order does not matter there: the last one fills the gap). */
function unhold(agent: AgentRt, contact: ContactRt): void {
  const held = agent.held;
  const i = held.indexOf(contact);
  const last = held.pop() as ContactRt;
  if (last !== contact) held[i] = last;
}

function refusedBy(contact: ContactRt, agent: AgentRt): boolean {
  const refusals = contact.refusals;
  for (let i = 0; i < refusals.length; i++) if (refusals[i].agent === agent) return true;
  return false;
}

function channelRecord(values: readonly number[]): Record<Channel, number> {
  return Object.fromEntries(CHANNELS.map((channel, ch) => [channel, values[ch]])) as Record<Channel, number>;
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

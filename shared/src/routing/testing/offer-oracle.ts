/**
 * A brute-force oracle for the routing core's choice of contact, written from the documented rules (the routing
 * README) and the engine's public state only: snapshots, the policy in force and the events of a command. It
 * deliberately shares no code with the engine (no ordering key, no requirement table, no matching helper), so a
 * wrong comparison in the engine is not repeated here.
 *
 * Routing happens at the end of a command, after every other change: the only changes then are offers. So the
 * state just before the k-th offer of a command is the state after the command with that offer and the later
 * ones not yet made. For each offer the oracle recomputes, over that state:
 * - that the agent could be offered the contact (presence, free slot, blocking, refusal, preferred window,
 *   skills after relaxation, language);
 * - that no contact the agent could take comes before it (its preferred-window contacts first, then effective
 *   priority = queue base + value tier + complaint + boost + aging, then arrival, then creation);
 * - when the choice was the contact's (every agent able to take it was already idle before the command), that
 *   the queue's strategy picks that agent.
 * After the command it checks that no waiting contact has an agent able to take it, and after a tick that
 * relaxation, overflow, windows and cooldowns are up to date with the clock.
 */
import { CHANNELS, type Channel } from '../../domain/call-centre';
import type { RoutingEvent } from '../routing.events';
import type { AgentRecord, ContactRecord, QueueDefinition, RoutingPolicy, RoutingSnapshot } from '../routing.types';

export interface OfferOracleInput {
  readonly policy: RoutingPolicy;
  readonly before: RoutingSnapshot;
  readonly after: RoutingSnapshot;
  readonly events: readonly RoutingEvent[];
  /** The command was a tick: every timer due by the clock has fired. */
  readonly ticked: boolean;
  /**
   * Whether an offer to an agent that was idle before the command can only be the contact's choice. False for
   * commands that make every agent look for work again (a queue change, the first command after a restore).
   */
  readonly contactSideKnown: boolean;
}

/** What the checked runs reached, to show the properties exercise the rules they check. */
export interface OracleReach {
  offers: number;
  /** Offers where the agent could take more than one waiting contact: the order decided. */
  offersWithChoice: number;
  offersAtRelaxedStep: number;
  offersAfterOverflow: number;
  offersInPreferredWindow: number;
  overflows: number;
  /** Contact-side choices checked against the strategy, with several agents able. */
  strategyChoices: Record<string, number>;
}

type Live = ContactRecord & { readonly seq: number };

const MS = 1000;

export class OfferOracle {
  readonly reach: OracleReach = {
    offers: 0,
    offersWithChoice: 0,
    offersAtRelaxedStep: 0,
    offersAfterOverflow: 0,
    offersInPreferredWindow: 0,
    overflows: 0,
    strategyChoices: {},
  };

  private readonly overflowed = new Set<string>();

  /** Starts a new run (contact ids may repeat from one run to the next). */
  newRun(): void {
    this.overflowed.clear();
  }

  /** The problems found in one command's offers and in the state it left; empty when the engine followed the rules. */
  check(input: OfferOracleInput): string[] {
    return new OracleRound(input, this.reach, this.overflowed).run();
  }
}

class OracleRound {
  private readonly problems: string[] = [];
  private readonly queues: Map<string, QueueDefinition>;
  private readonly agents: readonly AgentRecord[];
  private readonly contacts: Map<string, Live>;
  private readonly clock: number;

  constructor(
    private readonly input: OfferOracleInput,
    private readonly reach: OracleReach,
    private readonly overflowed: Set<string>,
  ) {
    this.queues = new Map(input.after.queues.map((q) => [q.id, q]));
    this.agents = input.after.agents;
    this.contacts = new Map(input.after.contacts.map((c) => [c.id, c as Live]));
    this.clock = input.after.clock ?? Number.NEGATIVE_INFINITY;
  }

  run(): string[] {
    this.checkOverflows();
    this.checkOffers();
    this.checkNobodyLeftWaiting();
    if (this.input.ticked) this.checkTimersCaughtUp();
    else this.checkNothingEarly();
    return this.problems;
  }

  private fail(problem: string): void {
    this.problems.push(problem);
  }

  // --- the documented rules -----------------------------------------------------------------------------------

  private queue(id: string): QueueDefinition {
    const queue = this.queues.get(id);
    if (!queue) throw new Error(`oracle: unknown queue ${id}`);
    return queue;
  }

  /** Priority points that do not change with time: queue base + value tier + complaint + boost. */
  private staticPoints(contact: Live): number {
    const policy = this.input.policy;
    return (
      (this.queue(contact.queueId).basePriority ?? 0) +
      policy.valueTierBonus[contact.valueTier ?? 'ordinary'] +
      (contact.complaint ? policy.complaintBonus : 0) +
      (contact.priorityBoost ?? 0)
    );
  }

  /**
   * Whether `a` is served before `b`: higher effective priority (static points + one point per
   * `agingSecondsPerPoint` of wait since enqueuedAt), then earlier arrival, then earlier creation. Compared in
   * whole milliseconds so that equal priorities are seen as equal.
   */
  private before(a: Live, b: Live): boolean {
    const msPerPoint = this.input.policy.agingSecondsPerPoint * MS;
    const pointsAhead = this.staticPoints(a) - this.staticPoints(b);
    const ahead = msPerPoint > 0 ? pointsAhead * msPerPoint + (b.enqueuedAt as number) - (a.enqueuedAt as number) : pointsAhead;
    if (ahead !== 0) return ahead > 0;
    if (a.enqueuedAt !== b.enqueuedAt) return (a.enqueuedAt as number) < (b.enqueuedAt as number);
    return a.seq < b.seq;
  }

  /** Contacts of each channel held (connected or in wrap-up) by the agent. */
  private held(agentId: string): Record<Channel, number> {
    const held = Object.fromEntries(CHANNELS.map((ch) => [ch, 0])) as Record<Channel, number>;
    for (const contact of this.contacts.values()) {
      if ((contact.status === 'connected' || contact.status === 'wrap_up') && contact.agentId === agentId) held[contact.channel]++;
    }
    return held;
  }

  private capacity(agent: AgentRecord): Record<Channel, number> {
    return { ...this.input.policy.defaultCapacity, ...agent.capacity };
  }

  /** Available, nothing pending, connected, no offer ringing, a free slot and nothing held that blocks the channel. */
  private routableOn(agent: AgentRecord, channel: Channel, ringing: ReadonlySet<string>): boolean {
    if (agent.presence !== 'available' || agent.pendingNotReady || agent.disconnected || ringing.has(agent.id)) return false;
    const held = this.held(agent.id);
    if (held[channel] >= this.capacity(agent)[channel]) return false;
    return !CHANNELS.some((h) => held[h] > 0 && this.input.policy.blockedWhileHolding[h].includes(channel));
  }

  /** The skills demanded at the contact's relaxation step, with their lowered minimums. */
  private demanded(contact: Live): { skill: string; min: number }[] {
    const queue = this.queue(contact.queueId);
    const steps = (queue.relaxation ?? []).slice(0, contact.relaxationStep ?? 0);
    const lowered = steps.reduce((sum, step) => sum + (step.lowerMinProficiencyBy ?? 0), 0);
    const optionalDropped = steps.some((step) => step.dropOptionalSkills === true);
    const skills = [...(queue.requiredSkills ?? []), ...(optionalDropped ? [] : (queue.optionalSkills ?? []))];
    return skills.map((r) => ({ skill: r.skill, min: Math.max(1, r.minProficiency - lowered) }));
  }

  private canTake(agent: AgentRecord, contact: Live, ringing: ReadonlySet<string>): boolean {
    if (!this.routableOn(agent, contact.channel, ringing)) return false;
    if ((contact.refusals ?? []).some((r) => r.agentId === agent.id)) return false;
    // In a preferred-agent window: that agent alone, whatever their skills.
    if (contact.preferredAgentId !== undefined) return contact.preferredAgentId === agent.id;
    if (contact.language !== undefined && !(agent.languages ?? []).includes(contact.language)) return false;
    return this.demanded(contact).every(({ skill, min }) => (agent.skills[skill] ?? 0) >= min);
  }

  /** The agent's pick: its preferred-window contacts first, then the documented order. */
  private bestFor(agent: AgentRecord, candidates: readonly Live[]): Live | undefined {
    let best: Live | undefined;
    for (const contact of candidates) {
      if (best === undefined) {
        best = contact;
        continue;
      }
      const mine = contact.preferredAgentId === agent.id;
      const bestMine = best.preferredAgentId === agent.id;
      if (mine !== bestMine ? mine : this.before(contact, best)) best = contact;
    }
    return best;
  }

  private longerIdle(a: AgentRecord, b: AgentRecord): boolean {
    if (a.idleSince !== b.idleSince) return (a.idleSince as number) < (b.idleSince as number);
    return (a.idleSeq as number) < (b.idleSeq as number);
  }

  /** Held/capacity summed over the channels with capacity, exact (scaled to a common denominator). */
  private scaledLoad(agent: AgentRecord): number {
    const held = this.held(agent.id);
    const capacity = this.capacity(agent);
    const scale = 27_720; // lcm(1..12): capacities up to 12 divide it
    return CHANNELS.reduce((sum, ch) => (capacity[ch] > 0 ? sum + (held[ch] * scale) / capacity[ch] : sum), 0);
  }

  private skillSum(agent: AgentRecord, queue: QueueDefinition): number {
    return [...(queue.requiredSkills ?? []), ...(queue.optionalSkills ?? [])].reduce((sum, r) => sum + (agent.skills[r.skill] ?? 0), 0);
  }

  /** The agent the queue's strategy picks among those able to take the contact. */
  private strategyPick(queue: QueueDefinition, able: readonly AgentRecord[], cursor: number): AgentRecord {
    const strategy = queue.strategy ?? 'longest_idle';
    const rank = (agent: AgentRecord): number => {
      switch (strategy) {
        case 'longest_idle':
          return 0;
        case 'most_skilled':
          return -this.skillSum(agent, queue);
        case 'least_occupied':
          return this.scaledLoad(agent);
        case 'round_robin': {
          const place = this.agents.indexOf(agent);
          return place > cursor ? place : place + this.agents.length;
        }
      }
    };
    let best = able[0];
    for (const agent of able.slice(1)) {
      const a = rank(agent);
      const b = rank(best);
      if (a < b || (a === b && this.longerIdle(agent, best))) best = agent;
    }
    return best;
  }

  // --- checks ---------------------------------------------------------------------------------------------------

  private checkOverflows(): void {
    for (const event of this.input.events) {
      if (event.type !== 'contact.overflowed') continue;
      this.reach.overflows++;
      this.overflowed.add(event.contactId);
      const from = this.queue(event.queueId);
      if (!from.overflow) {
        this.fail(`${event.contactId} overflowed from ${event.queueId}, which has no overflow`);
        continue;
      }
      if (event.toQueueId !== from.overflow.targetQueueId) this.fail(`${event.contactId} overflowed into ${event.toQueueId}, not ${from.overflow.targetQueueId}`);
      if (event.at < event.queueEnteredAt + from.overflow.afterSeconds * MS) this.fail(`${event.contactId} overflowed early from ${event.queueId}`);
      const now = this.contacts.get(event.contactId);
      if (now && now.enqueuedAt !== event.enqueuedAt) this.fail(`${event.contactId} lost its place in line when overflowing`);
    }
  }

  private checkOffers(): void {
    const offers = this.input.events.filter((e): e is Extract<RoutingEvent, { type: 'contact.offered' }> => e.type === 'contact.offered');
    const offeredNow = new Set(offers.map((o) => o.contactId));
    const ringing = new Set<string>();
    for (const contact of this.contacts.values()) {
      if (contact.status === 'offered' && !offeredNow.has(contact.id)) ringing.add(contact.agentId as string);
    }
    const waiting = [...this.contacts.values()].filter((c) => c.status === 'waiting');
    const cursors = new Map<string, number>();
    const cursorOf = (queueId: string): number => {
      if (!cursors.has(queueId)) {
        const id = this.input.before.roundRobinCursors?.[queueId];
        cursors.set(queueId, id === undefined ? -1 : this.agents.findIndex((a) => a.id === id));
      }
      return cursors.get(queueId) as number;
    };
    const idleBefore = new Map(this.input.before.agents.map((a) => [a.id, a.idleSeq]));

    offers.forEach((offer, k) => {
      const contact = this.contacts.get(offer.contactId);
      const agent = this.agents.find((a) => a.id === offer.agentId);
      if (!contact || !agent || contact.status !== 'offered' || contact.agentId !== agent.id || contact.offer?.offerId !== offer.offerId) {
        this.fail(`offer ${offer.offerId} to ${offer.agentId} is not what rings after the command`);
        return;
      }
      this.reach.offers++;
      const open = [...waiting, ...offers.slice(k).map((o) => this.contacts.get(o.contactId) as Live)];
      const eligible = open.filter((c) => this.canTake(agent, c, ringing));
      const best = this.bestFor(agent, eligible);
      if (!eligible.includes(contact)) {
        this.fail(`${contact.id} offered to ${agent.id}, who could not take it`);
      } else if (best !== contact) {
        this.fail(`${contact.id} offered to ${agent.id}, but ${best?.id} comes first (${this.describe(best)} vs ${this.describe(contact)})`);
      }
      if (eligible.length > 1) this.reach.offersWithChoice++;
      if ((contact.relaxationStep ?? 0) > 0) this.reach.offersAtRelaxedStep++;
      if (this.overflowed.has(contact.id)) this.reach.offersAfterOverflow++;
      if (contact.preferredAgentId === agent.id) this.reach.offersInPreferredWindow++;

      const able = this.agents.filter((a) => this.canTake(a, contact, ringing));
      const idleAlready = able.every((a) => idleBefore.has(a.id) && idleBefore.get(a.id) === a.idleSeq);
      if (able.length > 1 && idleAlready && this.input.contactSideKnown) {
        const queue = this.queue(contact.queueId);
        const strategy = queue.strategy ?? 'longest_idle';
        this.reach.strategyChoices[strategy] = (this.reach.strategyChoices[strategy] ?? 0) + 1;
        const pick = this.strategyPick(queue, able, cursorOf(contact.queueId));
        if (pick !== agent) this.fail(`${contact.id} (${strategy}) offered to ${agent.id}, but the strategy picks ${pick.id} among ${able.map((a) => a.id).join(', ')}`);
      }
      cursors.set(contact.queueId, this.agents.indexOf(agent));
      ringing.add(agent.id);
    });
  }

  private describe(contact: Live | undefined): string {
    if (!contact) return 'none';
    return `${contact.id}: queue ${contact.queueId}, ${contact.valueTier}${contact.complaint ? ', complaint' : ''}, enqueued ${contact.enqueuedAt}, points ${this.staticPoints(contact)}`;
  }

  /** Work conservation: no waiting contact has an agent able to take it. */
  private checkNobodyLeftWaiting(): void {
    const ringing = new Set<string>();
    for (const contact of this.contacts.values()) if (contact.status === 'offered') ringing.add(contact.agentId as string);
    for (const contact of this.contacts.values()) {
      if (contact.status !== 'waiting') continue;
      for (const agent of this.agents) if (this.canTake(agent, contact, ringing)) this.fail(`${contact.id} waits while ${agent.id} could take it`);
    }
  }

  /** The step reached after `waitedMs` in the queue: every relaxation step whose time has come. */
  private stepAfter(queue: QueueDefinition, waitedMs: number): number {
    return (queue.relaxation ?? []).filter((step) => step.afterSeconds * MS <= waitedMs).length;
  }

  /** After a tick every timer due by the clock has fired. */
  private checkTimersCaughtUp(): void {
    for (const contact of this.contacts.values()) {
      if (contact.status !== 'waiting') continue;
      const queue = this.queue(contact.queueId);
      const entered = contact.queueEnteredAt as number;
      if (queue.overflow && this.clock >= entered + queue.overflow.afterSeconds * MS) this.fail(`${contact.id} should have overflowed from ${queue.id}`);
      const step = this.stepAfter(queue, this.clock - entered);
      if ((contact.relaxationStep ?? 0) !== step) this.fail(`${contact.id} at relaxation step ${contact.relaxationStep}, due ${step}`);
      if (contact.preferredAgentId !== undefined && !((contact.preferredUntil as number) > this.clock)) this.fail(`${contact.id}: preferred window outlived`);
      if ((contact.refusals ?? []).some((r) => r.until <= this.clock)) this.fail(`${contact.id}: refusal outlived its cooldown`);
    }
  }

  /** Between ticks, nothing relaxes ahead of its time. */
  private checkNothingEarly(): void {
    for (const contact of this.contacts.values()) {
      if (contact.status !== 'waiting') continue;
      const queue = this.queue(contact.queueId);
      const step = this.stepAfter(queue, this.clock - (contact.queueEnteredAt as number));
      if ((contact.relaxationStep ?? 0) > step) this.fail(`${contact.id} relaxed to step ${contact.relaxationStep} ahead of time (${step})`);
    }
  }
}

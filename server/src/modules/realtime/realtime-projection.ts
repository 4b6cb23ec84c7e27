import type {
  Actor,
  AgentView,
  ContactLeftReason,
  ContactView,
  LiveContact,
  QueueContactDelta,
  RealtimeDeltaEvent,
  RealtimeDeltaMap,
  RingingOffer,
  RoutingEvent,
  WallboardAgent,
} from '@callcentre/shared';

/** Who a delta goes to. */
export type Audience = { kind: 'agent'; agentId: string } | { kind: 'wallboard' };

export interface Outgoing<E extends RealtimeDeltaEvent = RealtimeDeltaEvent> {
  to: Audience;
  event: E;
  data: RealtimeDeltaMap[E];
}

/** Who an agent is, for the wallboard. */
export interface Person {
  username: string;
  displayName: string;
  teamLeadId: string | null;
  teamName: string | null;
}

/** What routing's views do not carry about a contact: read from its row once, then kept up to date from events. */
export interface ContactDetails {
  customerId: string | null;
  customerName: string | null;
  caller: LiveContact['caller'];
  subject: string | null;
  answeredAt: number | null;
  /** Total wait before the answer, seconds. */
  waitedSeconds: number | null;
  offeredAt: number | null;
  attempt: number | null;
}

/** One committed routing batch with the views of what it touched, as committed. */
export interface CommittedBatch {
  events: readonly RoutingEvent[];
  agents: readonly AgentView[];
  contacts: readonly ContactView[];
  /** Every contact the batch touched; those absent from `contacts` left routing. */
  contactIds: readonly string[];
}

export const NO_DETAILS: ContactDetails = Object.freeze({
  customerId: null,
  customerName: null,
  caller: {},
  subject: null,
  answeredAt: null,
  waitedSeconds: null,
  offeredAt: null,
  attempt: null,
});

const deskOwner = (contact: ContactView | undefined) =>
  contact && (contact.status === 'connected' || contact.status === 'wrap_up') ? contact.agentId : null;

const roundTenth = (seconds: number) => Math.round(seconds * 10) / 10;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The realtime layer's picture of routing: agents and live contacts exactly as committed (the views a
 * ROUTING_COMMITTED batch carries), plus the people and contact details the consoles show. Snapshots are read
 * from it and every batch turns into deltas by comparing before and after, so a snapshot and the deltas that
 * follow it always agree. Pure: no I/O, no clock (times are passed in).
 */
export class RealtimeProjection {
  private readonly agents = new Map<string, AgentView>();
  private readonly people = new Map<string, Person>();
  private readonly contacts = new Map<string, ContactView>();
  /** The contacts on each agent's desk (connected or in wrap-up), in the order of `contacts`: a desk's snapshot reads only its own. */
  private readonly desks = new Map<string, Set<string>>();
  private readonly details = new Map<string, ContactDetails>();

  constructor(private readonly queueName: (queueId: string) => string) {}

  /** Replaces every agent and contact (start-up, takeover); details of contacts no longer live are dropped. */
  reset(agents: Iterable<AgentView>, contacts: Iterable<ContactView>): void {
    this.agents.clear();
    this.contacts.clear();
    this.desks.clear();
    for (const agent of agents) this.agents.set(agent.id, agent);
    for (const contact of contacts) this.putContact(contact);
    for (const contactId of this.details.keys()) if (!this.contacts.has(contactId)) this.details.delete(contactId);
  }

  contactIds(): string[] {
    return [...this.contacts.keys()];
  }

  agentIds(): string[] {
    return [...this.agents.keys()];
  }

  hasDetails(contactId: string): boolean {
    return this.details.has(contactId);
  }

  hasPerson(agentId: string): boolean {
    return this.people.has(agentId);
  }

  setDetails(contactId: string, details: ContactDetails): void {
    this.details.set(contactId, { ...(this.details.get(contactId) ?? NO_DETAILS), ...details });
  }

  /** Keeps who an agent is; true when that changed what the wallboard shows of them (name, team, lead). */
  setPerson(agentId: string, person: Person): boolean {
    const before = this.people.get(agentId);
    this.people.set(agentId, person);
    return !before || !sameJson(before, person);
  }

  agent(agentId: string): AgentView | null {
    return this.agents.get(agentId) ?? null;
  }

  /** Adds an agent the projection does not hold yet (a new profile); false if it holds them already. */
  addAgent(agent: AgentView): boolean {
    if (this.agents.has(agent.id)) return false;
    this.agents.set(agent.id, agent);
    return true;
  }

  /**
   * Takes an agent's new profile: skills, languages and capacity, and the channels they can be offered under that
   * capacity. A profile is not journaled, and a capacity change that leaves the routable channels as they were
   * raises no event, so no batch carries it. Returns the agent's view if it changed, null otherwise.
   */
  updateProfile(agentId: string, profile: Pick<AgentView, 'skills' | 'languages' | 'capacity' | 'routableChannels'>): AgentView | null {
    const agent = this.agents.get(agentId);
    if (!agent) return null;
    const updated: AgentView = { ...agent, skills: { ...profile.skills }, languages: [...profile.languages], capacity: { ...profile.capacity }, routableChannels: [...profile.routableChannels] };
    if (sameJson(agent, updated)) return null;
    this.agents.set(agentId, updated);
    return updated;
  }

  /** The agent's team lead, as the wallboard shows it. */
  teamLeadOf(agentId: string): string | null {
    return this.people.get(agentId)?.teamLeadId ?? null;
  }

  wallboardAgent(agent: AgentView): WallboardAgent {
    const person = this.people.get(agent.id);
    return {
      ...agent,
      username: person?.username ?? '',
      displayName: person?.displayName ?? agent.id,
      teamLeadId: person?.teamLeadId ?? null,
      teamName: person?.teamName ?? null,
    };
  }

  wallboardAgents(): WallboardAgent[] {
    return [...this.agents.values()].map((agent) => this.wallboardAgent(agent)).sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
  }

  liveContact(contact: ContactView, at: number): LiveContact {
    const details = this.details.get(contact.id) ?? NO_DETAILS;
    const waiting = contact.status === 'waiting' || contact.status === 'offered';
    return {
      id: contact.id,
      status: contact.status,
      channel: contact.channel,
      queueId: contact.queueId,
      queueName: this.queueName(contact.queueId),
      agentId: contact.agentId,
      customerId: details.customerId,
      customerName: details.customerName,
      caller: details.caller,
      subject: details.subject,
      valueTier: contact.valueTier,
      complaint: contact.complaint,
      language: contact.language,
      callback: contact.callback,
      arrivedAt: contact.firstEnqueuedAt,
      enqueuedAt: contact.enqueuedAt,
      waitSeconds: !waiting && details.waitedSeconds !== null ? details.waitedSeconds : roundTenth(Math.max(0, at - contact.enqueuedAt) / 1000),
      answeredAt: waiting ? null : details.answeredAt,
      wrapUpEndsAt: contact.wrapUpEndsAt,
      offerId: contact.offerId,
      offerExpiresAt: contact.offerExpiresAt,
      agentLost: contact.agentLost,
    };
  }

  /** Every live contact, oldest first. */
  liveContacts(at: number): LiveContact[] {
    return [...this.contacts.values()].sort((a, b) => a.enqueuedAt - b.enqueuedAt).map((contact) => this.liveContact(contact, at));
  }

  /** The contacts an agent handles (connected or in wrap-up). O(contacts on the desk). */
  deskContacts(agentId: string, at: number): LiveContact[] {
    return [...(this.desks.get(agentId) ?? [])].flatMap((contactId) => {
      const contact = this.contacts.get(contactId);
      return contact ? [this.liveContact(contact, at)] : [];
    });
  }

  /** The offer ringing at an agent, if any. */
  ringingOffer(agentId: string, at: number): RingingOffer | null {
    const contactId = this.agents.get(agentId)?.offeredContactId;
    const contact = contactId ? this.contacts.get(contactId) : undefined;
    if (!contact || contact.status !== 'offered' || contact.agentId !== agentId || !contact.offerId || contact.offerExpiresAt === null) return null;
    const details = this.details.get(contact.id) ?? NO_DETAILS;
    return {
      offerId: contact.offerId,
      contactId: contact.id,
      offeredAt: details.offeredAt,
      expiresAt: contact.offerExpiresAt,
      attempt: details.attempt,
      contact: this.liveContact(contact, at),
    };
  }

  /**
   * Applies one committed batch and returns its deltas, in this order: offers and their end (in event order),
   * changed agents, changed contacts, then the supervisors' changes of waiting contacts (priority, queue, named
   * agent) for the queue drill-downs, after the contacts they concern. (The alerts a batch raised are stored with it and sent by LiveAlertsService.)
   */
  apply(batch: CommittedBatch, at: number): Outgoing[] {
    const out: Outgoing[] = [];
    const push = <E extends RealtimeDeltaEvent>(to: Audience, event: E, data: RealtimeDeltaMap[E]) => out.push({ to, event, data } as Outgoing);
    const before = new Map<string, ContactView | undefined>(batch.contactIds.map((id) => [id, this.contacts.get(id)]));
    const leftBecause = new Map<string, ContactLeftReason>();

    for (const event of batch.events) this.noteFacts(event, leftBecause);
    for (const contactId of batch.contactIds) this.removeContact(contactId);
    for (const contact of batch.contacts) this.putContact(contact);
    const previousAgents = new Map<string, AgentView | undefined>(batch.agents.map((agent) => [agent.id, this.agents.get(agent.id)]));
    for (const agent of batch.agents) this.agents.set(agent.id, agent);

    for (const event of batch.events) {
      switch (event.type) {
        case 'contact.offered': {
          const contact = this.contacts.get(event.contactId) ?? before.get(event.contactId);
          if (!contact) break;
          const offered: ContactView = { ...contact, status: 'offered', agentId: event.agentId, offerId: event.offerId, offerExpiresAt: event.expiresAt };
          push({ kind: 'agent', agentId: event.agentId }, 'offer', {
            offer: { offerId: event.offerId, contactId: event.contactId, offeredAt: event.at, expiresAt: event.expiresAt, attempt: event.attempt, contact: this.liveContact(offered, at) },
          });
          break;
        }
        case 'offer.accepted':
        case 'offer.rejected':
        case 'offer.expired':
        case 'offer.withdrawn':
          push({ kind: 'agent', agentId: event.agentId }, 'offer:gone', {
            contactId: event.contactId,
            offerId: event.offerId,
            reason: event.type === 'offer.accepted' ? 'accepted' : event.type === 'offer.rejected' ? 'rejected' : event.type === 'offer.expired' ? 'expired' : 'withdrawn',
            withdrawnBecause: event.type === 'offer.withdrawn' ? event.reason : null,
          });
          break;
        default:
          break;
      }
    }
    for (const agent of batch.agents) {
      if (sameJson(previousAgents.get(agent.id), agent)) continue;
      push({ kind: 'agent', agentId: agent.id }, 'agent:state', { agent });
      push({ kind: 'wallboard' }, 'agent:update', { agent: this.wallboardAgent(agent) });
    }

    for (const contactId of batch.contactIds) {
      const previous = before.get(contactId);
      const next = this.contacts.get(contactId);
      if (!previous && !next) continue;
      const reason: ContactLeftReason | null = next ? null : (leftBecause.get(contactId) ?? 'completed');
      const previousOwner = deskOwner(previous);
      const nextOwner = deskOwner(next);
      if (previousOwner && previousOwner !== nextOwner) {
        // What happened to it (handed back, transferred) comes first: it may be offered to someone else in the same batch.
        const why = next ? (leftBecause.get(contactId) ?? (next.status === 'waiting' ? 'requeued' : 'reassigned')) : reason;
        push({ kind: 'agent', agentId: previousOwner }, 'contact:update', { contactId, contact: null, reason: why });
      }
      if (nextOwner && next) push({ kind: 'agent', agentId: nextOwner }, 'contact:update', { contactId, contact: this.liveContact(next, at), reason: null });
      push({ kind: 'wallboard' }, 'wallboard:contact', { contactId, contact: next ? this.liveContact(next, at) : null, reason });
      if (!next) this.details.delete(contactId);
    }
    for (const change of queueContactChanges(batch.events)) push({ kind: 'wallboard' }, 'queue:contact', change);
    return out;
  }

  private putContact(contact: ContactView): void {
    this.removeContact(contact.id);
    this.contacts.set(contact.id, contact);
    const owner = deskOwner(contact);
    if (!owner) return;
    const desk = this.desks.get(owner);
    if (desk) desk.add(contact.id);
    else this.desks.set(owner, new Set([contact.id]));
  }

  private removeContact(contactId: string): void {
    const owner = deskOwner(this.contacts.get(contactId));
    this.contacts.delete(contactId);
    if (!owner) return;
    const desk = this.desks.get(owner);
    desk?.delete(contactId);
    if (desk?.size === 0) this.desks.delete(owner);
  }

  /** Facts the views do not carry: answer time and wait, offer time and attempt; why a contact left. */
  private noteFacts(event: RoutingEvent, leftBecause: Map<string, ContactLeftReason>): void {
    const update = (contactId: string, change: Partial<ContactDetails>) => this.details.set(contactId, { ...(this.details.get(contactId) ?? NO_DETAILS), ...change });
    switch (event.type) {
      case 'contact.offered':
        update(event.contactId, { offeredAt: event.at, attempt: event.attempt });
        return;
      case 'contact.connected':
        update(event.contactId, { answeredAt: event.at, waitedSeconds: event.totalWaitSeconds });
        return;
      case 'contact.requeued':
        update(event.contactId, { answeredAt: null, waitedSeconds: null });
        leftBecause.set(event.contactId, 'requeued');
        return;
      case 'contact.transferred':
        update(event.contactId, { answeredAt: null, waitedSeconds: null });
        leftBecause.set(event.contactId, 'transferred');
        return;
      case 'contact.completed':
        leftBecause.set(event.contactId, 'completed');
        return;
      case 'contact.abandoned':
        leftBecause.set(event.contactId, 'abandoned');
        return;
      default:
        return;
    }
  }
}

const byUserIdOf = (by: Actor | undefined) => (by && by.kind !== 'system' ? by.id : null);

/**
 * What a batch changed of where waiting contacts stand, in event order: a new priority, a move to another queue, a
 * transfer to a named agent (with the priority it was queued with there).
 */
export function queueContactChanges(events: readonly RoutingEvent[]): QueueContactDelta[] {
  const changes: QueueContactDelta[] = [];
  events.forEach((event, index) => {
    if (event.type === 'contact.reprioritized') {
      changes.push({
        contactId: event.contactId,
        change: 'reprioritized',
        queueId: event.queueId,
        fromQueueId: null,
        priority: event.priority,
        boost: event.boost,
        agentId: null,
        byUserId: byUserIdOf(event.by),
        at: event.at,
      });
    } else if (event.type === 'contact.transferred') {
      const queued = events.slice(index + 1).find((later) => later.type === 'contact.queued' && later.contactId === event.contactId);
      if (queued?.type !== 'contact.queued') return;
      changes.push({
        contactId: event.contactId,
        change: event.toAgentId ? 'sent_to_agent' : 'moved',
        queueId: event.toQueueId,
        fromQueueId: event.queueId,
        priority: queued.priority,
        boost: null,
        agentId: event.toAgentId,
        byUserId: byUserIdOf(event.by),
        at: event.at,
      });
    }
  });
  return changes;
}

import {
  RoutingEngine,
  RoutingError,
  type AgentView,
  type LiveContact,
  type RingingOffer,
  type RoutingEvent,
  type WallboardAgent,
} from '@callcentre/shared';
import { RealtimeProjection, type CommittedBatch, type Outgoing } from './realtime-projection';

const T0 = Date.UTC(2026, 4, 20, 9, 0, 0);
const AGENTS = ['a0', 'a1', 'a2', 'a3'];
const QUEUES = ['q0', 'q1'];

function engine(): RoutingEngine {
  const routing = new RoutingEngine({ policy: { missedOffersBeforeNotReady: 2, disconnectGraceSeconds: 20, reofferCooldownSeconds: 5 } });
  routing.upsertQueue({ id: 'q1', name: 'General', offerTimeoutSeconds: 12, wrapUpSeconds: 0 }, T0);
  routing.upsertQueue({ id: 'q0', name: 'Billing', requiredSkills: [{ skill: 'billing', minProficiency: 2 }], offerTimeoutSeconds: 10, wrapUpSeconds: 8, overflow: { afterSeconds: 60, targetQueueId: 'q1' } }, T0);
  AGENTS.forEach((id, index) => routing.upsertAgent({ id, skills: index % 2 === 0 ? { billing: 3 } : {} }, T0));
  return routing;
}

/** Touched agents and contacts of a batch, as RoutingService collects them. */
function batchOf(routing: RoutingEngine, events: RoutingEvent[]): CommittedBatch {
  const agentIds = new Set<string>();
  const contactIds = new Set<string>();
  for (const event of events) {
    const touched = event as { contactId?: string; agentId?: string; offeredAgentId?: string | null; fromAgentId?: string | null; toAgentId?: string | null };
    if (touched.contactId) contactIds.add(touched.contactId);
    for (const id of [touched.agentId, touched.offeredAgentId, touched.fromAgentId, touched.toAgentId]) if (id) agentIds.add(id);
  }
  return {
    events,
    contactIds: [...contactIds],
    agents: [...agentIds].flatMap((id) => routing.getAgent(id) ?? []),
    contacts: [...contactIds].flatMap((id) => routing.getContact(id) ?? []),
  };
}

/** A console applying deltas the way the contract says: whole records replace, null removes. */
class Desk {
  agent: AgentView | null;
  contacts = new Map<string, LiveContact>();
  offer: RingingOffer | null;
  constructor(projection: RealtimeProjection, readonly agentId: string, at: number) {
    this.agent = projection.agent(agentId);
    for (const contact of projection.deskContacts(agentId, at)) this.contacts.set(contact.id, contact);
    this.offer = projection.ringingOffer(agentId, at);
  }
  apply(outgoing: Outgoing): void {
    if (outgoing.to.kind !== 'agent' || outgoing.to.agentId !== this.agentId) return;
    const data = outgoing.data as never as Record<string, unknown>;
    switch (outgoing.event) {
      case 'offer':
        this.offer = data.offer as RingingOffer;
        break;
      case 'offer:gone':
        if (this.offer?.offerId === data.offerId) this.offer = null;
        break;
      case 'agent:state':
        this.agent = data.agent as AgentView;
        break;
      case 'contact:update':
        if (data.contact) this.contacts.set(data.contactId as string, data.contact as LiveContact);
        else this.contacts.delete(data.contactId as string);
        break;
      default:
        throw new Error(`unexpected desk event ${outgoing.event}`);
    }
  }
}

class Wallboard {
  agents = new Map<string, WallboardAgent>();
  contacts = new Map<string, LiveContact>();
  constructor(projection: RealtimeProjection, at: number) {
    for (const agent of projection.wallboardAgents()) this.agents.set(agent.id, agent);
    for (const contact of projection.liveContacts(at)) this.contacts.set(contact.id, contact);
  }
  apply(outgoing: Outgoing): void {
    if (outgoing.to.kind !== 'wallboard') return;
    const data = outgoing.data as never as Record<string, unknown>;
    if (outgoing.event === 'agent:update') {
      const agent = data.agent as WallboardAgent;
      this.agents.set(agent.id, agent);
    } else if (outgoing.event === 'wallboard:contact') {
      if (data.contact) this.contacts.set(data.contactId as string, data.contact as LiveContact);
      else this.contacts.delete(data.contactId as string);
    } else {
      throw new Error(`unexpected wallboard event ${outgoing.event}`);
    }
  }
}

/** What a client compares: everything but the wait, which depends on when the record was made. */
const comparable = (contact: LiveContact) => ({ ...contact, waitSeconds: undefined });
const offerKey = (offer: RingingOffer | null) => (offer ? { offerId: offer.offerId, contactId: offer.contactId, expiresAt: offer.expiresAt, status: offer.contact.status } : null);

/** A small deterministic random source (the same sequence on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('RealtimeProjection', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('keeps snapshot + deltas equal to routing’s state through random work (seed %i)', (seed) => {
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const routing = engine();
    const projection = new RealtimeProjection((queueId) => (queueId === 'q0' ? 'Billing' : 'General'));
    for (const id of AGENTS) projection.setPerson(id, { username: id, displayName: `Agent ${id}`, teamLeadId: null, teamName: null });
    let now = T0;
    projection.reset(AGENTS.map((id) => routing.getAgent(id) as AgentView), []);
    const desks = AGENTS.map((id) => new Desk(projection, id, now));
    const wallboard = new Wallboard(projection, now);
    let contacts = 0;
    let deltas = 0;

    for (let step = 0; step < 250; step += 1) {
      now += Math.floor(next() * 6000);
      const agentId = pick(AGENTS);
      const agent = routing.getAgent(agentId) as AgentView;
      const live = routing.contactIds().flatMap((id) => routing.getContact(id) ?? []);
      let events: RoutingEvent[] = [];
      try {
        const roll = next();
        if (roll < 0.22) events = routing.enqueue({ id: `c${(contacts += 1)}`, queueId: pick(QUEUES), channel: pick(['voice', 'chat'] as const) }, now);
        else if (roll < 0.4 && agent.offeredContactId) events = routing.acceptOffer(agent.offeredContactId, agentId, now);
        else if (roll < 0.45 && agent.offeredContactId) events = routing.rejectOffer(agent.offeredContactId, agentId, now);
        else if (roll < 0.55 && live.some((c) => c.status === 'connected')) events = routing.endContact(pick(live.filter((c) => c.status === 'connected')).id, now);
        else if (roll < 0.62 && agent.state === 'wrap_up') events = routing.endWrapUp(agentId, now);
        else if (roll < 0.67 && live.some((c) => c.status === 'waiting' || c.status === 'offered')) events = routing.abandon(pick(live.filter((c) => c.status === 'waiting' || c.status === 'offered')).id, now);
        else if (roll < 0.77) events = agent.presence === 'offline' ? routing.login(agentId, now) : routing.setAvailable(agentId, now);
        else if (roll < 0.82) events = routing.setNotReady(agentId, 'break', now);
        else if (roll < 0.86) events = agent.disconnected ? routing.reconnect(agentId, now) : routing.disconnect(agentId, now);
        else if (roll < 0.88) events = routing.logout(agentId, now);
        else events = routing.tick(now);
      } catch (error) {
        if (!(error instanceof RoutingError)) throw error;
      }
      if (events.length === 0) continue;
      for (const outgoing of projection.apply(batchOf(routing, events), now)) {
        deltas += 1;
        for (const desk of desks) desk.apply(outgoing);
        wallboard.apply(outgoing);
      }

      // The projection holds exactly routing's state...
      for (const id of AGENTS) expect(projection.agent(id)).toEqual(routing.getAgent(id));
      expect(projection.liveContacts(now).map((c) => c.id).sort()).toEqual(routing.contactIds().sort());
      // ...and a console that applied every delta agrees with a fresh snapshot.
      for (const desk of desks) {
        const fresh = new Desk(projection, desk.agentId, now);
        expect(desk.agent).toEqual(fresh.agent);
        expect([...desk.contacts.values()].map(comparable).sort((a, b) => a.id.localeCompare(b.id))).toEqual([...fresh.contacts.values()].map(comparable).sort((a, b) => a.id.localeCompare(b.id)));
        expect(offerKey(desk.offer)).toEqual(offerKey(fresh.offer));
      }
      const freshBoard = new Wallboard(projection, now);
      expect(wallboard.agents).toEqual(freshBoard.agents);
      expect([...wallboard.contacts.values()].map(comparable).sort((a, b) => a.id.localeCompare(b.id))).toEqual([...freshBoard.contacts.values()].map(comparable).sort((a, b) => a.id.localeCompare(b.id)));
    }
    expect(deltas).toBeGreaterThan(100);
  });

  it('rings with the offer’s deadline, ends the offer on answer and tells the agent when the contact leaves', () => {
    const routing = engine();
    const projection = new RealtimeProjection(() => 'Billing');
    projection.reset(AGENTS.map((id) => routing.getAgent(id) as AgentView), []);
    const apply = (events: RoutingEvent[], at: number) => projection.apply(batchOf(routing, events), at);
    apply(routing.login('a0', T0), T0);
    const ring = apply(routing.enqueue({ id: 'c1', queueId: 'q0', channel: 'voice', valueTier: 'important' }, T0 + 1000), T0 + 1000);
    expect(ring.map((o) => `${o.event}>${o.to.kind === 'agent' ? o.to.agentId : 'wallboard'}`)).toEqual(['offer>a0', 'agent:state>a0', 'agent:update>wallboard', 'wallboard:contact>wallboard']);
    expect(ring[0].data).toMatchObject({ offer: { contactId: 'c1', offeredAt: T0 + 1000, expiresAt: T0 + 11_000, attempt: 1, contact: { status: 'offered', valueTier: 'important', queueName: 'Billing' } } });

    const answer = apply(routing.acceptOffer('c1', 'a0', T0 + 4000), T0 + 4000);
    expect(answer.map((o) => o.event)).toEqual(['offer:gone', 'agent:state', 'agent:update', 'contact:update', 'wallboard:contact']);
    expect(answer[0].data).toMatchObject({ reason: 'accepted', withdrawnBecause: null });
    expect(answer[3].data).toMatchObject({ contact: { status: 'connected', answeredAt: T0 + 4000, waitSeconds: 3 } });

    const lost = apply(routing.disconnect('a0', T0 + 5000), T0 + 5000);
    expect(lost.find((o) => o.event === 'wallboard:contact')).toMatchObject({ data: { contactId: 'c1', contact: { agentLost: true } } });

    const released = apply(routing.tick(T0 + 30_000), T0 + 30_000);
    const left = released.find((o) => o.event === 'contact:update');
    expect(left).toMatchObject({ to: { agentId: 'a0' }, data: { contactId: 'c1', contact: null, reason: 'requeued' } });
    expect(projection.liveContacts(T0 + 30_000)).toEqual([expect.objectContaining({ id: 'c1', status: 'waiting', answeredAt: null, waitSeconds: 29 })]);
  });

  it('tells the agent a contact handed back after their desktop was lost went back to its queue, even when another agent is offered it at once', () => {
    const routing = engine();
    const projection = new RealtimeProjection(() => 'Billing');
    projection.reset(AGENTS.map((id) => routing.getAgent(id) as AgentView), []);
    const apply = (events: RoutingEvent[], at: number) => projection.apply(batchOf(routing, events), at);
    apply(routing.login('a0', T0), T0);
    apply(routing.enqueue({ id: 'c1', queueId: 'q0', channel: 'voice', valueTier: 'important' }, T0 + 1000), T0 + 1000);
    apply(routing.acceptOffer('c1', 'a0', T0 + 2000), T0 + 2000);
    apply(routing.login('a2', T0 + 3000), T0 + 3000);
    apply(routing.disconnect('a0', T0 + 5000), T0 + 5000);
    const released = apply(routing.tick(T0 + 30_000), T0 + 30_000);
    expect(routing.getContact('c1')).toMatchObject({ status: 'offered', agentId: 'a2' });
    expect(released.find((o) => o.event === 'contact:update' && o.to.kind === 'agent' && o.to.agentId === 'a0')).toMatchObject({ data: { contactId: 'c1', contact: null, reason: 'requeued' } });
  });

  it('tells the wallboards a supervisor’s new priority and move of a waiting contact after the contact’s own change', () => {
    const routing = engine();
    const projection = new RealtimeProjection((queueId) => (queueId === 'q0' ? 'Billing' : 'General'));
    projection.reset(AGENTS.map((id) => routing.getAgent(id) as AgentView), []);
    const apply = (events: RoutingEvent[], at: number) => projection.apply(batchOf(routing, events), at);
    apply(routing.enqueue({ id: 'c1', queueId: 'q0', channel: 'voice' }, T0), T0);
    const supervisor = { kind: 'supervisor' as const, id: 'sup-1' };

    const raised = apply(routing.setPriorityBoost('c1', 25, T0 + 1000, supervisor), T0 + 1000);
    expect(raised.map((o) => `${o.event}>${o.to.kind}`)).toEqual(['wallboard:contact>wallboard', 'queue:contact>wallboard']);
    const priority = (routing.explain('c1', T0 + 1000) as { priority: { effective: number } }).priority.effective;
    expect(raised[1].data).toEqual({ contactId: 'c1', change: 'reprioritized', queueId: 'q0', fromQueueId: null, priority, boost: 25, agentId: null, byUserId: 'sup-1', at: T0 + 1000 });

    const moved = apply(routing.transferToQueue('c1', 'q1', T0 + 2000, supervisor), T0 + 2000);
    expect(moved.at(-1)).toMatchObject({ event: 'queue:contact', to: { kind: 'wallboard' }, data: { contactId: 'c1', change: 'moved', queueId: 'q1', fromQueueId: 'q0', boost: null, byUserId: 'sup-1' } });
    expect(moved.filter((o) => o.event === 'queue:contact')).toHaveLength(1);

    apply(routing.login('a1', T0 + 3000), T0 + 3000); // rings at a1
    apply(routing.login('a3', T0 + 3000), T0 + 3000);
    const sent = apply(routing.transferToAgent('c1', 'a3', T0 + 4000, { by: supervisor }), T0 + 4000);
    expect(sent.filter((o) => o.event === 'queue:contact').map((o) => o.data)).toEqual([expect.objectContaining({ change: 'sent_to_agent', queueId: 'q1', fromQueueId: 'q1', agentId: 'a3' })]);
    // Nothing of the kind for routing's own work.
    expect(apply(routing.tick(T0 + 5000), T0 + 5000).filter((o) => o.event === 'queue:contact')).toEqual([]);
  });

  it('takes a capacity change that raised no event from routing’s profile, and nothing when the profile is unchanged', () => {
    const routing = engine();
    const projection = new RealtimeProjection(() => 'General');
    projection.reset(AGENTS.map((id) => routing.getAgent(id) as AgentView), []);
    projection.apply(batchOf(routing, routing.login('a1', T0)), T0);
    projection.apply(batchOf(routing, routing.setAvailable('a1', T0)), T0);
    expect(projection.updateProfile('a1', routing.getAgent('a1') as AgentView)).toBeNull();

    const events = routing.upsertAgent({ id: 'a1', skills: {}, capacity: { chat: 5 } }, T0 + 1000);
    expect(events).toEqual([]);
    const updated = projection.updateProfile('a1', routing.getAgent('a1') as AgentView);
    expect(updated?.capacity.chat).toBe(5);
    expect(projection.agent('a1')).toEqual(routing.getAgent('a1'));
    expect(projection.updateProfile('a1', routing.getAgent('a1') as AgentView)).toBeNull();

    routing.upsertAgent({ id: 'a1', skills: {}, capacity: { voice: 0, chat: 0, email: 0, ticket: 0 } }, T0 + 2000);
    expect(projection.updateProfile('a1', routing.getAgent('a1') as AgentView)).toMatchObject({ routableChannels: [], capacity: { voice: 0, chat: 0 } });
    expect(projection.agent('a1')).toEqual(routing.getAgent('a1'));
  });
});

/**
 * Test-data builders for the routing engine (unit specs, property tests, simulator tests).
 * Pure helpers with sensible defaults; every field can be overridden.
 */
import type { NewContact, QueueDefinition, AgentProfile, RoutingPolicy } from '../routing.types';
import type { RoutingEvent, RoutingEventOf, RoutingEventType } from '../routing.events';
import { RoutingEngine } from '../routing-engine';

/** Monday 6 January 2025, 09:00 UTC: a fixed start for virtual clocks. */
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

/** Seconds after T0, in epoch ms. */
export const at = (secondsAfterT0: number): number => T0 + secondsAfterT0 * 1000;

export function queueDef(id: string, overrides: Partial<QueueDefinition> = {}): QueueDefinition {
  return { id, requiredSkills: [], offerTimeoutSeconds: 20, wrapUpSeconds: 0, ...overrides };
}

export function agentProfile(id: string, skills: Record<string, number> = {}, overrides: Partial<AgentProfile> = {}): AgentProfile {
  return { id, skills, ...overrides };
}

export function contactOf(id: string, queueId: string, overrides: Partial<NewContact> = {}): NewContact {
  return { id, queueId, channel: 'voice', ...overrides };
}

export interface EngineSetup {
  readonly policy?: Partial<RoutingPolicy>;
  readonly queues?: readonly QueueDefinition[];
  readonly agents?: readonly AgentProfile[];
  /** Agents logged in (available) at T0; default: all. */
  readonly loggedIn?: readonly string[];
}

/** An engine at T0 with the given queues and agents, agents logged in and available. */
export function engineWith(setup: EngineSetup = {}): RoutingEngine {
  const engine = new RoutingEngine({ policy: setup.policy });
  for (const queue of setup.queues ?? []) engine.upsertQueue(queue, T0);
  for (const agent of setup.agents ?? []) engine.upsertAgent(agent, T0);
  for (const id of setup.loggedIn ?? (setup.agents ?? []).map((a) => a.id)) engine.login(id, T0);
  return engine;
}

export function eventsOf<T extends RoutingEventType>(events: readonly RoutingEvent[], type: T): RoutingEventOf<T>[] {
  return events.filter((e): e is RoutingEventOf<T> => e.type === type);
}

/** The (contact, agent) pairs offered by these events, as "contact>agent" strings. */
export function offers(events: readonly RoutingEvent[]): string[] {
  return eventsOf(events, 'contact.offered').map((e) => `${e.contactId}>${e.agentId}`);
}

/**
 * Lets one agent work through everything routing gives them at `now` (accept, then end each contact, which
 * completes at once when the queue has no wrap-up); returns the contact ids in the order they were offered.
 */
export function serveAll(engine: RoutingEngine, agentId: string, now: number): string[] {
  const order: string[] = [];
  for (let guard = 0; guard < 10_000; guard++) {
    const offered = engine.getAgent(agentId)?.offeredContactId;
    if (!offered) return order;
    order.push(offered);
    engine.acceptOffer(offered, agentId, now);
    engine.endContact(offered, now);
  }
  throw new Error(`serveAll: ${agentId} never stops receiving contacts`);
}

/** Engine state as comparable data (to prove a refused command changed nothing). */
export function stateOf(engine: RoutingEngine): string {
  return JSON.stringify(engine.snapshot());
}

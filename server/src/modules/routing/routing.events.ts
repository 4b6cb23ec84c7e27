import type { AgentView, ContactView, RoutingEvent } from '@callcentre/shared';
import type { StoredAlert } from '../alerts';
import type { Arrival } from './arrival';

/*
 * What routing announces on the event emitter, and the payloads: other modules listen to these instead of calling
 * routing (see routing.service.ts for when each is emitted relative to commits and rebuilds).
 */

/** Emitted after a batch of routing changes is committed, in commit order. */
export const ROUTING_COMMITTED = 'routing.committed';
export interface RoutingCommitted {
  events: RoutingEvent[];
  /** Agents and contacts whose state changed in the batch. */
  agentIds: string[];
  contactIds: string[];
  /** Views of those agents and contacts as committed (read with the journal records); a contact that left routing has none. */
  agents: AgentView[];
  contacts: ContactView[];
  /** The interactions this batch created, as ingestion built and the journal stored them. */
  arrivals: Arrival[];
  /** The alerts the batch's events raised, stored in the same transaction. */
  alerts: StoredAlert[];
}

/**
 * Emitted (with `emitAsync`, awaited) when this instance took the router lock over from another one and rebuilt
 * its core from the database, before it routes anything: every service that keeps state derived from routing
 * reloads it now, since what it loaded at start (while this instance stood by) is stale. Routing starts once
 * every listener has finished.
 */
export const ROUTER_TOOK_OVER = 'routing.took-over';
export interface RouterTookOver {
  /** When the core was rebuilt (the core's clock). */
  at: number;
}

/**
 * Emitted when the core was replaced after a failed commit: rebuilt from the database while this instance still
 * holds the router lock (`commit_failed`: commands not saved are gone, ringing offers were withdrawn and their
 * contacts wait again), or emptied because another instance took the lock and this one stands by (`standby`).
 * Emitted (with `emitAsync`, awaited) right after the replacement, before anything more is committed: services
 * that keep state derived from the core reload it now, as after a takeover. A listener reads the core in the same
 * synchronous step as the event, before any command has run on the new core.
 */
export const ROUTING_REBUILT = 'routing.rebuilt';
export interface RoutingRebuilt {
  /** The core's clock. */
  at: number;
  /**
   * `commit_failed`: rebuilt from the database, this instance routes on. `standby`: another instance holds the lock.
   * `unavailable`: the database cannot be reached; routing resumes (as after a takeover) once it can.
   */
  reason: 'commit_failed' | 'standby' | 'unavailable';
}

/**
 * Emitted after queues, skills and agents' profiles were reloaded into the core (an API change). Profiles (skills,
 * languages) are not journaled, so no committed batch carries the change: views that show them read the core.
 */
export const ROUTING_RECONFIGURED = 'routing.reconfigured';


import type { RoutingEvent } from '@callcentre/shared';
import type { NewAuditRow } from '../audit';
import type { Arrival } from './arrival';

/** Extra writes that ride along with one command's events. */
export interface CommandExtras {
  /** The new contact an enqueue brings: stored with the batch and announced with it. */
  arrival?: Arrival;
  disposition?: { interactionId: string; disposition: string | null; notes: string | null };
  /** Who asked for the command, recorded in the audit log in the same transaction as its changes. */
  audit?: NewAuditRow;
}

/** A caller waiting for the commit of its command. */
export interface PendingCommand {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** What the commands run since the last commit was sent changed: the next group commit writes it. */
export interface OpenBatch {
  events: RoutingEvent[];
  arrivals: Arrival[];
  dispositions: Map<string, { disposition: string | null; notes: string | null }>;
  audits: NewAuditRow[];
  contactIds: Set<string>;
  agentIds: Set<string>;
  waiters: PendingCommand[];
}

export function emptyBatch(): OpenBatch {
  return { events: [], arrivals: [], dispositions: new Map(), audits: [], contactIds: new Set(), agentIds: new Set(), waiters: [] };
}

/** Adds one step's events and extras to the batch, with the agents and contacts they touched. */
export function addToBatch(batch: OpenBatch, events: RoutingEvent[], extras: CommandExtras): void {
  batch.events.push(...events);
  if (extras.arrival) {
    batch.arrivals.push(extras.arrival);
    batch.contactIds.add(extras.arrival.id);
  }
  if (extras.audit) batch.audits.push(extras.audit);
  if (extras.disposition) batch.dispositions.set(extras.disposition.interactionId, { disposition: extras.disposition.disposition, notes: extras.disposition.notes });
  for (const event of events) {
    const touched = event as { contactId?: string; agentId?: string; offeredAgentId?: string | null; fromAgentId?: string | null; toAgentId?: string | null };
    if (touched.contactId) batch.contactIds.add(touched.contactId);
    for (const agentId of [touched.agentId, touched.offeredAgentId, touched.fromAgentId, touched.toAgentId]) if (agentId) batch.agentIds.add(agentId);
  }
}

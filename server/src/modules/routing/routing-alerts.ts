import { randomUUID } from 'node:crypto';
import type { RealtimeAlert, Role, RoutingEvent } from '@callcentre/shared';
import type { StoredAlert } from '../alerts';

/** Routing's alerts go to the people who watch the floor: supervisors, team leads and administrators (the wallboard). */
export const ROUTING_ALERT_ROLES: readonly Role[] = ['supervisor', 'team_lead', 'admin'];

/**
 * The alerts a batch of routing events raises: an agent made not ready after missed offers, a desktop lost while
 * it held contacts, a contact whose agent was lost. Journaled with the events that raised them. `nameOf` gives an
 * agent's display name (their id when unknown).
 */
export function routingAlerts(events: readonly RoutingEvent[], nameOf: (agentId: string) => string, newId: () => string = randomUUID): StoredAlert[] {
  return events.flatMap((event) => {
    const alert = alertFor(event, nameOf, newId);
    return alert ? [{ alert, audience: { users: [], roles: ROUTING_ALERT_ROLES } }] : [];
  });
}

function alertFor(event: RoutingEvent, nameOf: (agentId: string) => string, newId: () => string): RealtimeAlert | null {
  switch (event.type) {
    case 'agent.missed_offers': {
      const name = nameOf(event.agentId);
      return {
        id: newId(),
        kind: 'agent_missed_offers',
        severity: 'warning',
        at: event.at,
        message: `${name} missed ${event.count} offers in a row and was made not ready`,
        agentId: event.agentId,
        agentName: name,
        contactId: event.lastContactId,
        details: { count: event.count },
        acknowledged: null,
      };
    }
    case 'agent.disconnected': {
      if (event.heldContactIds.length === 0) return null;
      const name = nameOf(event.agentId);
      return {
        id: newId(),
        kind: 'agent_disconnected_with_contacts',
        severity: 'critical',
        at: event.at,
        message: `${name}'s desktop disconnected while handling ${event.heldContactIds.length} contact(s)`,
        agentId: event.agentId,
        agentName: name,
        details: { heldContactIds: event.heldContactIds, graceEndsAt: event.graceEndsAt },
        acknowledged: null,
      };
    }
    case 'contact.agent_lost': {
      const name = nameOf(event.agentId);
      return {
        id: newId(),
        kind: 'contact_agent_lost',
        severity: 'warning',
        at: event.at,
        message: `A ${event.channel} contact lost its agent ${name}; it goes back to its queue unless the agent returns`,
        agentId: event.agentId,
        agentName: name,
        contactId: event.contactId,
        queueId: event.queueId,
        details: { graceEndsAt: event.graceEndsAt },
        acknowledged: null,
      };
    }
    default:
      return null;
  }
}

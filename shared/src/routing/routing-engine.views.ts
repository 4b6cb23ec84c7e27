/** Copies of the engine's runtime records as callers see them (queries, errors, live views). */
import { CHANNELS, type Channel } from '../domain/call-centre';
import { bit, bySeq, timeOrNull, type AgentRt, type ContactRt } from './routing-engine.model';
import { RoutingError, type RoutingErrorCode } from './routing.errors';
import type { AgentView, ContactView } from './routing.types';

export function agentView(agent: AgentRt): AgentView {
  return {
    id: agent.id,
    state: agent.state,
    notReadyReason: agent.stateReason,
    presence: agent.presence,
    pendingNotReady: agent.pending,
    stateSince: agent.stateSince,
    offeredContactId: agent.offer?.id ?? null,
    reservedFor: agent.reservedFor,
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

export function contactView(contact: ContactRt): ContactView {
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
    offerExpiresAt: timeOrNull(contact.expiresAt),
    wrapUpEndsAt: timeOrNull(contact.wrapUpEndsAt),
    agentLost: contact.agentLost,
  };
}

/** A refusal of the core naming the agent as they are now. */
export function agentError(code: RoutingErrorCode, agent: AgentRt, problem?: string): RoutingError {
  return new RoutingError(code, { agent: agentView(agent), problem });
}

/** A refusal of the core naming the contact (and its agent) as they are now. */
export function contactError(code: RoutingErrorCode, contact: ContactRt, problem?: string): RoutingError {
  return new RoutingError(code, {
    contact: contactView(contact),
    agent: contact.agent ? agentView(contact.agent) : undefined,
    problem,
  });
}

function channelRecord(values: readonly number[]): Record<Channel, number> {
  return Object.fromEntries(CHANNELS.map((channel, ch) => [channel, values[ch]])) as Record<Channel, number>;
}
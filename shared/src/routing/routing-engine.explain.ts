/** Why a contact waits: the diagnostic answer of `RoutingEngine.explain`, read from the engine state. */
import { CHANNELS } from '../domain/call-centre';
import { bit, contactBefore, timeOrNull, type AgentRt, type ContactRt, type StepRt } from './routing-engine.model';
import { contactOrThrow, seconds, timeOf, type EngineState } from './routing-engine.state';
import type { AgentVerdict, AgentVerdictReason, ContactExplanation } from './routing.types';

export interface ExplainOptions {
  /** List offline agents too (default: logged-in agents only). */
  readonly includeOffline?: boolean;
}

/**
 * Why a contact waits (or where it is): its place, effective priority and its parts, the skills demanded now
 * (after relaxation), each agent's verdict, and when the next relaxation and the overflow happen.
 * Diagnostic: O(n_q + A·R).
 */
export function explainContact(state: EngineState, contactId: string, now: number, options: ExplainOptions = {}): ContactExplanation {
  const contact = contactOrThrow(state, contactId);
  const t = timeOf(state, now);
  const queue = contact.queue;
  const stepIndex = Math.max(0, contact.step);
  const step = queue.steps[stepIndex];
  const aging = state.agingRate * (t - contact.enqueuedAt);
  const priority = {
    base: queue.settings.basePriority,
    valueTier: state.policy.valueTierBonus[contact.valueTier],
    complaint: contact.complaint ? state.policy.complaintBonus : 0,
    boost: contact.boost,
    aging,
    effective: contact.staticPoints + aging,
  };
  let place: number | null = null;
  if (contact.status === 'waiting') {
    place = 1;
    for (const other of state.contacts.values()) {
      if (other.queue === queue && other.status === 'waiting' && other !== contact && contactBefore(other, contact)) place++;
    }
  }
  const inWindow = contact.status === 'waiting' && contact.heap !== null && contact.cls === null;
  const preferredAgent = inWindow ? { agentId: contact.preferredAgentId as string, until: contact.preferredUntil as number } : null;
  const verdicts: AgentVerdict[] = [];
  const sorted = [...state.agentOrder].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const agent of sorted) {
    if (agent.presence === 'offline' && !options.includeOffline) continue;
    const reasons = verdict(state, agent, contact, step, preferredAgent);
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
    offerExpiresAt: timeOrNull(contact.expiresAt),
    nextRelaxationAt: next,
    overflow: overflow ? { at: contact.queueEnteredAt + (queue.overflowAfterMs as number), targetQueueId: overflow.targetQueueId } : null,
    agents: verdicts,
    qualifyingAgentIds: verdicts.filter((v) => v.qualifies).map((v) => v.agentId),
  };
}

function verdict(
  state: EngineState,
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
    const blocker = CHANNELS.find((_, h) => agent.heldCh[h] > 0 && (state.blockMask[h] & bit(ch)) !== 0);
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

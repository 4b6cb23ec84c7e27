import { randomUUID } from 'node:crypto';
import type { AgentVerdict, AgentView, ContactExplanation, ContactView, RealtimeAlert } from '@callcentre/shared';

/** What a waiting contact needs that no signed-in agent has: a skill (at a proficiency) or a language. */
export interface MissingRequirement {
  readonly code: string;
  readonly kind: 'skill' | 'language';
}

/** A queue whose waiting contacts no signed-in agent can take, with what they lack. */
export interface UnstaffedQueue {
  readonly queueId: string;
  /** The longest-waiting contact nobody can take, and how long its caller has waited (routing's current wait). */
  readonly contactId: string;
  readonly waitSeconds: number;
  /**
   * The requirements no signed-in agent meets; when each is met by someone but nobody meets them all, all of them.
   * Empty when agents have the skills but none takes the contact's channel.
   */
  readonly missing: readonly MissingRequirement[];
}

/** What the check reads from the routing core. */
export interface StaffingSource {
  contactIds(): string[];
  getContact(contactId: string): ContactView | undefined;
  getAgent(agentId: string): AgentView | undefined;
  explain(contactId: string, now: number): ContactExplanation;
}

const CAPABILITY_REASONS = new Set(['missing_skill', 'missing_language']);
const lacksCapability = (verdict: AgentVerdict) => verdict.reasons.some((reason) => CAPABILITY_REASONS.has(reason.code));

/**
 * The queues where a contact waits that no signed-in agent (any state but offline) could take by skills, languages
 * and channel capacity: whoever is busy, on a break or ringing now will not be offered it either once free. Contacts
 * waiting for one agent (a transfer to an agent) are left out. Each queue is judged on its longest-waiting contact
 * of each channel and language, whose requirements are the most relaxed. Pure: reads the core, no clock of its own.
 */
export function unstaffedQueues(core: StaffingSource, now: number): UnstaffedQueue[] {
  const oldest = new Map<string, ContactView>();
  for (const contactId of core.contactIds()) {
    const contact = core.getContact(contactId);
    if (!contact || contact.status !== 'waiting') continue;
    const key = `${contact.queueId}\u0000${contact.channel}\u0000${contact.language ?? ''}`;
    const held = oldest.get(key);
    if (!held || contact.enqueuedAt < held.enqueuedAt) oldest.set(key, contact);
  }
  const byQueue = new Map<string, UnstaffedQueue>();
  for (const contact of [...oldest.values()].sort((a, b) => a.enqueuedAt - b.enqueuedAt)) {
    if (byQueue.has(contact.queueId)) continue;
    const explanation = core.explain(contact.id, now);
    if (explanation.preferredAgent !== null) continue;
    const signedIn = explanation.agents.filter((verdict) => verdict.state !== 'offline');
    const canTake = signedIn.some((verdict) => !lacksCapability(verdict) && (core.getAgent(verdict.agentId)?.capacity[contact.channel] ?? 0) > 0);
    if (canTake) continue;
    const needed = explanation.requirements.filter((requirement) => requirement.kind !== 'optional');
    const metBySomeone = (requirement: (typeof needed)[number]) =>
      signedIn.some(
        (verdict) =>
          !verdict.reasons.some(
            (reason) => (reason.code === 'missing_skill' && reason.skill === requirement.skill) || (reason.code === 'missing_language' && reason.language === requirement.skill),
          ),
      );
    const lacking = needed.filter((requirement) => !metBySomeone(requirement));
    // Nobody has what it needs, or some have each part but nobody all of it; else it is the channel nobody takes.
    const missing = lacking.length > 0 ? lacking : signedIn.some(lacksCapability) ? needed : [];
    byQueue.set(contact.queueId, {
      queueId: contact.queueId,
      contactId: contact.id,
      waitSeconds: explanation.waitSeconds,
      missing: missing.map((requirement) => ({ code: requirement.skill, kind: requirement.kind === 'language' ? 'language' : 'skill' })),
    });
  }
  return [...byQueue.values()];
}

/** The alert kind raised for an unstaffed queue. */
export const QUEUE_UNSTAFFED = 'queue_unstaffed';

/**
 * The alert for a queue nobody signed in can serve: "No signed-in agent can take contacts of queue Billing (missing:
 * Mandarin)". `nameOf` gives a skill's or language's display name (its code when unknown).
 */
export function unstaffedQueueAlert(
  unstaffed: UnstaffedQueue,
  context: { queueName: string; channel: string; at: number; nameOf: (code: string) => string },
  newId: () => string = randomUUID,
): RealtimeAlert {
  const missing = unstaffed.missing.map((requirement) => ({ ...requirement, name: context.nameOf(requirement.code) }));
  const lacking = missing.length > 0 ? ` (missing: ${missing.map((requirement) => requirement.name).join(', ')})` : ` (nobody takes ${context.channel} contacts)`;
  return {
    id: newId(),
    kind: QUEUE_UNSTAFFED,
    severity: 'critical',
    at: context.at,
    message: `No signed-in agent can take contacts of queue ${context.queueName}${lacking}`,
    contactId: unstaffed.contactId,
    queueId: unstaffed.queueId,
    details: { queueName: context.queueName, channel: context.channel, missing },
    acknowledged: null,
  };
}

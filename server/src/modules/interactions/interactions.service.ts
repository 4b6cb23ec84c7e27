import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, Channel, ContactExplanation, InteractionListResponse, InteractionView, ValueTier } from '@callcentre/shared';
import { AuthenticatedPrincipal, hasRole } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { phoneLookupKeys } from '../customers';
import type { QueueEntity } from '../queues';
import { auditRow } from '../audit';
import { arrivalContact, RoutingService, type Arrival } from '../routing';
import { isOpen } from './business-hours';
import { contactReaderOf } from '../../common/auth/contact-access.sql';
import { CreateInteractionDto } from './dto/create-interaction.dto';
import { ListInteractionsQuery } from './dto/list-interactions.query';
import { interactionErrors } from './interactions.errors';
import { InteractionsRepository } from './interactions.repository';

/** How long an accepted external id stays remembered in memory after its commit. */
const EXTERNAL_ID_MEMORY_MS = 5 * 60_000;

export interface IngestResult {
  interaction: InteractionView;
  /** False when the external id was seen before and the first interaction is returned. */
  created: boolean;
  /** Set when the queue was closed: the contact became a callback (voice) or a ticket (chat). */
  outOfHoursTreatment: 'callback' | 'ticket' | null;
  /**
   * Skills the IVR asked for that the chosen queue does not require (routing serves a contact by its queue's
   * skills): said back, so that no requested skill is dropped silently. Empty when a queue was named.
   */
  skillsNotRequiredByQueue: string[];
}

/** Only a supervisor acts on other people's contacts; anyone else (a team lead taking calls too) acts as an agent. */
function actorOf(principal: AuthenticatedPrincipal): Actor {
  if (principal.kind === 'api_key') return { kind: 'system' };
  return hasRole(principal, 'supervisor') ? { kind: 'supervisor', id: principal.id } : { kind: 'agent', id: principal.id };
}

/**
 * The CTI boundary: contacts arrive here (idempotent on the sender's external id), telephony events
 * change them, and agents answer offers. Every change goes through the routing core and is
 * committed before the caller hears back.
 */
@Injectable()
export class InteractionsService {
  /** External ids accepted recently (maybe not yet committed): a twin arrival returns the first interaction. */
  private readonly inFlightExternalIds = new Map<string, Promise<string>>();

  constructor(
    private readonly interactions: InteractionsRepository,
    private readonly routing: RoutingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async ingest(input: CreateInteractionDto): Promise<IngestResult> {
    // Queues are resolved from routing's configuration: while it is rebuilt, wait for the rebuilt one.
    await this.routing.whenActive();
    if (input.externalId) {
      const existing = await this.findByExternalId(input.externalId);
      if (existing) return { interaction: existing, created: false, outOfHoursTreatment: null, skillsNotRequiredByQueue: [] };
    }
    const queue = await this.resolveQueue(input);
    const customer = await this.resolveCustomer(input);
    if (input.preferredAgentId) await this.requireAgent(input.preferredAgentId);
    // The customer's last agent is tried first when the IVR named nobody: no customer is a stranger twice.
    const preferredAgentId = input.preferredAgentId ?? (customer ? await this.lastAgentOf(customer.id) : null);

    // Checked again after the awaits: only this synchronous section creates interactions.
    if (input.externalId) {
      const pending = this.inFlightExternalIds.get(input.externalId);
      if (pending) {
        const id = await pending.catch(() => null);
        const existing = id ? await this.findById(id) : await this.findByExternalId(input.externalId);
        if (existing) return { interaction: existing, created: false, outOfHoursTreatment: null, skillsNotRequiredByQueue: [] };
      }
    }
    const now = this.routing.now();
    const open = isOpen(queue.businessHours, now);
    const outOfHoursTreatment = open ? null : input.channel === 'voice' ? 'callback' : input.channel === 'chat' ? 'ticket' : null;
    const channel: Channel = outOfHoursTreatment === 'ticket' ? 'ticket' : input.channel;
    const arrival: Arrival = {
      id: randomUUID(),
      externalId: input.externalId ?? null,
      channel,
      queueId: queue.id,
      customerId: customer?.id ?? null,
      customerName: customer?.name ?? null,
      caller: { ...(input.caller.phone ? { phone: input.caller.phone } : {}), ...(input.caller.email ? { email: input.caller.email } : {}), ...(input.caller.name ? { name: input.caller.name } : {}) },
      language: input.language ?? null,
      valueTier: customer?.valueTier ?? 'ordinary',
      complaint: input.complaint ?? false,
      callback: outOfHoursTreatment === 'callback',
      preferredAgentId,
      subject: input.subject ?? null,
      arrivedAt: now,
    };
    const id = arrival.id;
    const committed = this.routing.dispatch(
      { type: 'enqueue', contact: arrivalContact(arrival) },
      { arrival },
      // The contact as this command left it (offered at once when an agent was free).
      () => this.routing.core.getContact(id),
    );
    if (input.externalId) {
      const externalId = input.externalId;
      const tracked = committed.then(() => id);
      this.inFlightExternalIds.set(externalId, tracked);
      // Kept a while after the commit too: a twin request may have looked in the database just before it.
      const forget = () => {
        if (this.inFlightExternalIds.get(externalId) === tracked) this.inFlightExternalIds.delete(externalId);
      };
      void tracked.then(
        () => setTimeout(forget, EXTERNAL_ID_MEMORY_MS).unref(),
        forget,
      );
    }
    const routed = await committed;
    // Built from what was just committed rather than read back: ingestion is the hot path.
    return {
      interaction: {
        id,
        externalId: arrival.externalId,
        channel,
        status: routed?.status ?? 'waiting',
        queueId: routed?.queueId ?? queue.id,
        customerId: arrival.customerId,
        customerName: arrival.customerName,
        caller: arrival.caller,
        valueTier: arrival.valueTier,
        language: arrival.language,
        complaint: arrival.complaint,
        callback: arrival.callback,
        subject: arrival.subject,
        agentId: routed?.agentId ?? null,
        arrivedAt: new Date(now).toISOString(),
        answeredAt: null,
        endedAt: null,
        closedAt: null,
        waitSeconds: null,
        handleSeconds: null,
        disposition: null,
        wrapUpNotes: null,
        offer:
          routed?.status === 'offered' && routed.offerId && routed.agentId && routed.offerExpiresAt !== null
            ? { offerId: routed.offerId, agentId: routed.agentId, expiresAt: new Date(routed.offerExpiresAt).toISOString() }
            : null,
      },
      created: true,
      outOfHoursTreatment,
      skillsNotRequiredByQueue: this.skillsNotRequiredBy(queue, input.queue ? [] : (input.skills ?? [])),
    };
  }

  async get(id: string): Promise<InteractionView> {
    const found = await this.findById(id);
    if (!found) throw interactionErrors.unknownInteraction(id);
    return found;
  }

  /** One interaction as the caller may see it (see contact-access.sql.ts); one they may not read is refused. */
  async getFor(id: string, principal: AuthenticatedPrincipal): Promise<InteractionView> {
    const found = await this.get(id);
    if (!(await this.interactions.isReadableBy(id, contactReaderOf(principal), principal.id))) throw interactionErrors.notYourContact(id);
    return found;
  }

  /** Recent interactions the caller may read, newest first. */
  async list(query: ListInteractionsQuery, principal: AuthenticatedPrincipal): Promise<InteractionListResponse> {
    const filter = { status: query.status, queueId: query.queueId, agentId: query.agentId, customerId: query.customerId, limit: query.limit ?? 50 };
    return { items: await this.interactions.list(filter, contactReaderOf(principal), principal.id) };
  }

  /** Why the contact waits and for whom: its place, priority parts, requirements and each agent's verdict. */
  async explain(id: string): Promise<ContactExplanation> {
    const interaction = await this.get(id);
    if (!this.routing.core.getContact(id)) {
      await this.routing.whenActive();
      if (!this.routing.core.getContact(id)) throw interactionErrors.notInRouting(id, interaction.status);
    }
    return this.routing.core.explain(id, this.routing.now(), { includeOffline: true });
  }

  async abandon(id: string): Promise<InteractionView> {
    await this.requireLive(id);
    await this.routing.dispatch({ type: 'abandon', contactId: id });
    return this.get(id);
  }

  async end(id: string, principal: AuthenticatedPrincipal): Promise<InteractionView> {
    await this.requireLive(id);
    this.requireOwnWhenAgent(id, principal);
    this.refuseWhenCarriedByPbx(id, principal, 'end');
    await this.routing.dispatch({ type: 'end', contactId: id });
    return this.get(id);
  }

  async requestCallback(id: string): Promise<InteractionView> {
    await this.requireLive(id);
    await this.routing.dispatch({ type: 'request_callback', contactId: id });
    return this.get(id);
  }

  async transfer(id: string, target: { queue?: string; agentId?: string }, principal: AuthenticatedPrincipal): Promise<InteractionView> {
    if (Boolean(target.queue) === Boolean(target.agentId)) throw interactionErrors.transferTarget();
    await this.requireLive(id);
    this.requireOwnWhenAgent(id, principal);
    this.refuseWhenCarriedByPbx(id, principal, 'transfer');
    const by = actorOf(principal);
    // A supervisor's reassignment is audited in the routing commit itself: never announced unrecorded.
    const audit =
      principal.kind === 'user' && by.kind === 'supervisor'
        ? auditRow({
            actor: { kind: 'user', id: principal.id, username: principal.username },
            action: 'interaction.reassigned',
            target: { type: 'interaction', id },
            details: { toQueue: target.queue ?? null, toAgentId: target.agentId ?? null },
          })
        : undefined;
    if (target.queue) {
      const queue = await this.findQueue(target.queue);
      await this.routing.dispatch({ type: 'transfer_to_queue', contactId: id, queueId: queue.id, by }, { audit });
    } else {
      const agentId = target.agentId as string;
      await this.requireAgent(agentId);
      await this.routing.dispatch({ type: 'transfer_to_agent', contactId: id, agentId, by }, { audit });
    }
    return this.get(id);
  }

  /** A supervisor gives a waiting contact extra priority points; the change and its audit entry are committed together. */
  async setPriority(id: string, boost: number, principal: AuthenticatedPrincipal): Promise<InteractionView> {
    await this.requireLive(id);
    const previous = this.routing.core.explain(id, this.routing.now()).priority.boost;
    const audit =
      principal.kind === 'user' && previous !== boost
        ? auditRow({ actor: { kind: 'user', id: principal.id, username: principal.username }, action: 'interaction.priority_changed', target: { type: 'interaction', id }, details: { before: previous, after: boost } })
        : undefined;
    // The audit entry is stored in the routing commit itself: the change is never announced unrecorded.
    await this.routing.dispatch({ type: 'set_priority_boost', contactId: id, boost, by: actorOf(principal) }, { audit });
    return this.get(id);
  }

  async accept(id: string, agentId: string, offerId?: string): Promise<InteractionView> {
    await this.requireLive(id);
    await this.routing.dispatch({ type: 'accept', contactId: id, agentId, offerId });
    return this.get(id);
  }

  async reject(id: string, agentId: string, offerId?: string): Promise<InteractionView> {
    await this.requireLive(id);
    await this.routing.dispatch({ type: 'reject', contactId: id, agentId, offerId });
    return this.get(id);
  }

  /** Ends after-contact work with a disposition; the agent becomes routable again. */
  async finishWrapUp(id: string, agentId: string, disposition: string | undefined, by: Actor, notes?: string): Promise<InteractionView> {
    await this.requireLive(id);
    const recorded = disposition || notes?.trim() ? { disposition: { interactionId: id, disposition: disposition ?? null, notes: notes?.trim() || null } } : {};
    await this.routing.dispatch({ type: 'end_wrap_up', agentId, contactId: id, by }, recorded);
    return this.get(id);
  }

  private async requireLive(id: string): Promise<void> {
    // A standby's core is empty: say why it cannot act (503) rather than that the contact left routing.
    await this.routing.whenActive();
    if (this.routing.core.getContact(id)) return;
    const interaction = await this.get(id);
    throw interactionErrors.notInRouting(id, interaction.status);
  }

  /** The PBX and supervisors act on any contact; an agent (a team lead taking calls included) only on their own. */
  private requireOwnWhenAgent(id: string, principal: AuthenticatedPrincipal): void {
    if (principal.kind !== 'user') return;
    if (hasRole(principal, 'supervisor')) return;
    if (this.routing.core.getContact(id)?.agentId !== principal.id) throw interactionErrors.notYourContact(id);
  }

  /**
   * With a PBX connected (CTI_COMMAND_URL), a voice call in conversation is the PBX's: a person ending or moving it
   * in routing alone would leave the audio up on the agent's line. They go through the call's commands instead,
   * which the PBX carries out first (docs/cti.md). The PBX itself (an API key) still reports its own hang-ups here.
   */
  private refuseWhenCarriedByPbx(id: string, principal: AuthenticatedPrincipal, action: 'end' | 'transfer'): void {
    if (principal.kind !== 'user' || !this.config.CTI_COMMAND_URL) return;
    const contact = this.routing.core.getContact(id);
    if (contact?.channel === 'voice' && contact.status === 'connected') throw interactionErrors.carriedByPbx(id, action);
  }

  private findById(id: string): Promise<InteractionView | null> {
    return this.interactions.findById(id);
  }

  private findByExternalId(externalId: string): Promise<InteractionView | null> {
    return this.interactions.findByExternalId(externalId);
  }

  private async findQueue(codeOrId: string): Promise<QueueEntity> {
    const queue = this.routing.queue(codeOrId);
    if (!queue) throw interactionErrors.unknownQueue(codeOrId);
    return queue;
  }

  /** The queue the IVR chose, or the first queue whose required skills are all among the requested skills. */
  private async resolveQueue(input: CreateInteractionDto): Promise<QueueEntity> {
    if (input.queue) return this.findQueue(input.queue);
    const requested = input.skills ?? [];
    if (requested.length === 0) throw interactionErrors.queueOrSkillsRequired();
    const skills = await this.interactions.skills();
    const byCode = new Map(skills.map((skill) => [skill.code, skill.id]));
    const unknown = requested.filter((code) => !byCode.has(code));
    if (unknown.length > 0) throw interactionErrors.unknownSkills(unknown);
    const wanted = new Set(requested.map((code) => byCode.get(code)));
    const queues = this.routing.queues().sort((a, b) => a.basePriority - b.basePriority || a.code.localeCompare(b.code));
    const fitting = queues
      .map((queue) => ({ queue, required: queue.skills.filter((s) => !s.optional) }))
      .filter(({ required }) => required.length > 0 && required.every((s) => wanted.has(s.skillId)))
      .sort((a, b) => b.required.length - a.required.length);
    if (fitting.length === 0) throw interactionErrors.noQueueForSkills(requested);
    return fitting[0].queue;
  }

  private skillsNotRequiredBy(queue: QueueEntity, requested: string[]): string[] {
    const required = new Set(queue.skills.filter((s) => !s.optional).map((s) => this.routing.skillCode(s.skillId)));
    return [...new Set(requested)].filter((code) => !required.has(code));
  }

  private async resolveCustomer(input: CreateInteractionDto): Promise<{ id: string; name: string; valueTier: ValueTier } | null> {
    const { customerId, phone, email } = input.caller;
    if (customerId) {
      const customer = await this.interactions.customerById(customerId);
      if (!customer) throw interactionErrors.unknownCustomer(customerId);
      return customer;
    }
    if (!phone && !email) return null;
    return this.interactions.customerByPhoneOrEmail(phone ? phoneLookupKeys(phone, this.config.CENTRE_PHONE_REGION) : [], email ?? null, phone ?? null);
  }

  /** Who served this customer last, within the last 30 days. */
  private lastAgentOf(customerId: string): Promise<string | null> {
    return this.interactions.lastAgentOf(customerId);
  }

  private async requireAgent(agentId: string): Promise<void> {
    if (!(await this.interactions.agentExists(agentId))) throw interactionErrors.unknownAgent(agentId);
  }
}

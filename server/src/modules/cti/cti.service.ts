import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  agentServesQueue,
  initialCallSnapshot,
  persistCall,
  restoreCallSnapshot,
  stepCall,
  type Actor,
  type AgentView,
  type CallCommand,
  type CallCommandAccepted,
  type CallCommandRequest,
  type CallContext,
  type CallDetails,
  type CallDirectory,
  type CallEvent,
  type CallSnapshot,
  type CallTimesResponse,
  type CallView,
  type CtiCommandMessage,
  type RoutingCommand,
  type TelephonyEventBody,
  type TelephonyEventResult,
} from '@callcentre/shared';
import { AuthenticatedPrincipal, hasRole } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { DomainError } from '../../common/http/domain-error';
import { JobsService } from '../../common/jobs';
import { ROUTING_COMMITTED, RoutingService, type RoutingCommitted } from '../routing';
import { CtiCommandSender } from './cti-command-sender';
import { AgentNotFreeReason, ctiErrors } from './cti.errors';
import { CALL_CHANGED, type CallChanged } from './cti.events';
import { CtiRepository, type StoredCall, type TimelineLine } from './cti.repository';

export const COMMAND_DEADLINE_JOB = 'cti.command-deadline';
interface DeadlinePayload {
  interactionId: string;
  commandId: string;
}

type Answer = Extract<CallEvent, { type: 'command.confirmed' | 'command.refused' | 'command.expired' }>;

const seconds = (ms: number) => Math.max(0, Math.round(ms) / 1000);

/**
 * The call workspace through the CTI boundary. A command from the desktop is checked against the call's machine
 * (shared/src/cti/call.machine.ts) and against routing (a colleague consulted or added to a conference must be
 * free, and is reserved in routing while on the call), committed as pending with its deadline job, announced, and
 * only then sent to the PBX. The PBX's answer (a telephony event) applies it, or fails it; a command not answered
 * by its deadline fails by the deadline job. A failed command leaves the call as it was. Answers that are repeated,
 * late or for another command change nothing. Work on one call runs one step at a time.
 */
@Injectable()
export class CtiService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Cti');
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Calls not over, so that routing's commits cost no query for the calls the desktop never touched. */
  private readonly live = new Set<string>();
  private readonly committed = (committed: RoutingCommitted) => this.onRoutingCommitted(committed);

  constructor(
    private readonly repository: CtiRepository,
    private readonly routing: RoutingService,
    private readonly sender: CtiCommandSender,
    private readonly jobs: JobsService,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.registerTask<DeadlinePayload>(COMMAND_DEADLINE_JOB, (payload) => this.expire(payload.interactionId, payload.commandId));
    this.events.on(ROUTING_COMMITTED, this.committed);
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const call of await this.repository.liveCalls()) this.live.add(call.persisted.context.contactId);
  }

  onModuleDestroy(): void {
    this.events.off(ROUTING_COMMITTED, this.committed);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Commands from the desktop
  // -------------------------------------------------------------------------------------------------------------

  request(contactId: string, principal: AuthenticatedPrincipal, body: CallCommandRequest): Promise<CallCommandAccepted> {
    return this.serial(contactId, async () => {
      await this.routing.whenActive();
      const contact = this.routing.core.getContact(contactId);
      if (!contact) {
        const facts = await this.repository.callFacts(contactId);
        if (!facts) throw ctiErrors.callNotFound(contactId);
        throw ctiErrors.notALiveCall(contactId, facts.status);
      }
      if (contact.channel !== 'voice' || contact.status !== 'connected' || !contact.agentId) throw ctiErrors.notALiveCall(contactId, contact.status);
      if (contact.agentId !== principal.id) throw ctiErrors.notYourCall(contactId);
      const stored = await this.repository.findCall(contactId);
      const snapshot = this.currentSnapshot(stored, contactId, contact.agentId);
      const command = this.commandOf(body, snapshot.context);
      const commandId = randomUUID();
      const at = this.routing.now();
      const expiresAt = at + this.config.CTI_COMMAND_TIMEOUT_SECONDS * 1000;
      const step = stepCall(snapshot, { type: 'command.requested', commandId, command, at, by: principal.id, expiresAt });
      if (!step.changed) throw ctiErrors.commandNotAllowed(body.type, snapshot.value as string);

      const reserve = command.type === 'consult' ? command.agentId : command.type === 'conference_add' && command.agentId ? command.agentId : null;
      const by: Actor = { kind: 'agent', id: principal.id };
      if (reserve) await this.reserve(reserve, contactId, by);
      const target = this.targetOf(command, snapshot.context);
      const targetQueue = 'queueId' in command && command.queueId ? this.routing.queue(command.queueId) : undefined;
      const message: CtiCommandMessage = {
        commandId,
        callId: contactId,
        externalCallId: (await this.repository.callFacts(contactId))?.externalId ?? null,
        type: command.type,
        agentId: principal.id,
        targetAgentId: target,
        targetExtension: target ? await this.repository.agentExtension(target) : null,
        targetQueueId: targetQueue?.id ?? null,
        targetQueueCode: targetQueue?.code ?? null,
        requestedAt: new Date(at).toISOString(),
        expiresAt: new Date(expiresAt).toISOString(),
      };
      let version: number;
      try {
        version = await this.repository.transaction(async (manager) => {
          if (!(await this.repository.saveCall(manager, persistCall(step.snapshot), stored?.version ?? null, at))) throw this.conflict(contactId);
          await this.repository.insertCommand(manager, { id: commandId, interactionId: contactId, type: command.type, message, requestedBy: principal.id, requestedAt: at, expiresAt });
          await this.jobs.enqueue(COMMAND_DEADLINE_JOB, { interactionId: contactId, commandId }, { runAt: new Date(expiresAt), jobKey: `cti-deadline:${commandId}`, maxAttempts: 10 }, manager);
          return (stored?.version ?? 0) + 1;
        });
      } catch (error) {
        if (reserve) await this.dispatchQuietly({ type: 'release_agent', agentId: reserve, by });
        throw error;
      }
      this.live.add(contactId);
      const call = this.view(step.snapshot, version, at);
      this.announce(call, snapshot.context);
      // Sent once committed and announced: the PBX's answer always finds the command pending.
      void this.deliver(message);
      return { commandId, call };
    });
  }

  /** The PBX's answer, or the deadline: applies or fails the pending command. Anything else changes nothing. */
  private settle(contactId: string, answer: Answer): Promise<{ outcome: 'applied' | 'stale'; call: CallView | null }> {
    return this.serial(contactId, async () => {
      const stored = await this.repository.findCall(contactId);
      if (!stored) return { outcome: 'stale' as const, call: null };
      const snapshot = restoreCallSnapshot(stored.persisted);
      const pending = snapshot.context.pending;
      const step = stepCall(snapshot, answer);
      if (!step.changed || !pending) return { outcome: 'stale' as const, call: this.view(snapshot, stored.version, stored.updatedAt) };
      const by: Actor = { kind: 'agent', id: pending.requestedBy };
      if (answer.type === 'command.confirmed') await this.applyInRouting(contactId, pending.command, snapshot.context, by);
      else if (pending.command.type === 'consult' || (pending.command.type === 'conference_add' && pending.command.agentId)) {
        await this.dispatchQuietly({ type: 'release_agent', agentId: pending.command.agentId as string, by });
      }
      const status = answer.type === 'command.confirmed' ? 'confirmed' : answer.type === 'command.refused' ? 'refused' : 'timed_out';
      const detail = answer.type === 'command.refused' ? (answer.detail ?? null)?.slice(0, 200) ?? null : null;
      await this.repository.transaction(async (manager) => {
        if (!(await this.repository.saveCall(manager, persistCall(step.snapshot), stored.version, answer.at))) throw this.conflict(contactId);
        await this.repository.settleCommand(manager, pending.commandId, status, detail, answer.at);
        await this.writeTimeline(manager, contactId, snapshot.context, step.snapshot.context, answer.at, pending.command, pending.requestedBy);
      });
      if (step.snapshot.value === 'over') this.live.delete(contactId);
      const call = this.view(step.snapshot, stored.version + 1, answer.at);
      this.announce(call, snapshot.context);
      return { outcome: 'applied' as const, call };
    });
  }

  /** The deadline job: a command still pending at its deadline failed (timeout). */
  async expire(interactionId: string, commandId: string): Promise<void> {
    await this.settle(interactionId, { type: 'command.expired', commandId, at: this.routing.now() });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Telephony events from the PBX
  // -------------------------------------------------------------------------------------------------------------

  async telephonyEvent(body: TelephonyEventBody): Promise<TelephonyEventResult> {
    if (await this.repository.eventSeen(body.eventId)) return { eventId: body.eventId, outcome: 'duplicate', call: await this.callView(body.callId) };
    const at = this.routing.now();
    let result: { outcome: 'applied' | 'stale'; call: CallView | null };
    switch (body.type) {
      case 'command.confirmed':
      case 'command.refused': {
        if (!body.commandId) throw ctiErrors.targetRequired(body.type);
        const known = await this.repository.commandMessage(body.commandId);
        if (!known || known.interactionId !== body.callId) throw ctiErrors.unknownCommand(body.commandId);
        result = await this.settle(
          body.callId,
          body.type === 'command.confirmed' ? { type: 'command.confirmed', commandId: body.commandId, at } : { type: 'command.refused', commandId: body.commandId, at, detail: body.reason ?? null },
        );
        break;
      }
      case 'call.ended': {
        // The caller (or the PBX) hung up: routing ends the conversation, and the call follows routing's commit.
        await this.routing.whenActive();
        const contact = this.routing.core.getContact(body.callId);
        if (contact?.status === 'connected') {
          await this.routing.dispatch({ type: 'end', contactId: body.callId }).catch((error: unknown) => this.logger.warn(`call end not applied: ${String(error)}`));
          // The commit queued the call's closing on its chain (see `gone`): the answer reads the call after it.
          result = { outcome: 'applied', call: await this.serial(body.callId, () => this.callView(body.callId)) };
        } else {
          result = { outcome: 'stale', call: await this.callView(body.callId) };
        }
        break;
      }
    }
    const taken = await this.repository.transaction((manager) => this.repository.takeEvent(manager, body.eventId, body.callId, body.type, result.outcome));
    return { eventId: body.eventId, outcome: taken ? result.outcome : 'duplicate', call: result.call };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reads
  // -------------------------------------------------------------------------------------------------------------

  /** The call now, its timeline, talk and hold apart. Agents read the calls they handled or were on; supervisors and team leads any. */
  async details(contactId: string, principal: AuthenticatedPrincipal): Promise<CallDetails> {
    const facts = await this.repository.callFacts(contactId);
    if (!facts) throw ctiErrors.callNotFound(contactId);
    const stored = await this.repository.findCall(contactId);
    const timeline = await this.repository.timeline(contactId);
    if (!this.mayRead(principal, stored, timeline.map((line) => line.agentId))) throw ctiErrors.notYourCall(contactId);
    const call = stored ? this.view(restoreCallSnapshot(stored.persisted), stored.version, stored.updatedAt) : null;
    const now = this.routing.now();
    const holdSeconds = call ? call.holdSeconds + (call.held && call.heldSince !== null ? seconds(now - call.heldSince) : 0) : 0;
    // The last part of the conversation runs to its end, or to now while it goes on; a call waiting again (blind-
    // transferred to a queue, handed back) has only the earlier parts.
    const lastPartEnd = facts.endedAt ?? (facts.status === 'connected' ? now : null);
    const lastPart = lastPartEnd === null || facts.answeredAt === null ? 0 : seconds(lastPartEnd - facts.answeredAt);
    const talkSeconds = facts.answeredAt === null || facts.channel !== 'voice' ? null : Math.max(0, Math.round((facts.earlierTalkSeconds + lastPart - holdSeconds) * 1000) / 1000);
    return { contactId, call, timeline, talkSeconds, holdSeconds };
  }

  /** Calls on desktops now: supervisors, team leads and administrators see all; an agent those they are on. */
  async liveCalls(principal: AuthenticatedPrincipal): Promise<{ items: CallView[] }> {
    const calls = (await this.repository.liveCalls()).map((stored) => this.view(restoreCallSnapshot(stored.persisted), stored.version, stored.updatedAt));
    if (principal.kind === 'user' && !this.seesFloor(principal)) return { items: calls.filter((call) => this.peopleOn(call).includes(principal.id)) };
    return { items: calls };
  }

  /** Talk and hold counted apart per queue, over the voice calls that ended in the period (docs/statistics.md). */
  async callTimes(fromText: string | undefined, toText: string | undefined): Promise<CallTimesResponse> {
    const to = toText ? new Date(toText) : new Date(this.routing.now());
    const from = fromText ? new Date(fromText) : new Date(to.getTime() - 24 * 3600_000);
    if (!(from.getTime() < to.getTime()) || to.getTime() - from.getTime() > 31 * 24 * 3600_000) throw ctiErrors.badPeriod();
    const round = (value: number) => Math.round(value * 1000) / 1000;
    const queues = (await this.repository.callTimes(from, to)).map((row) => ({
      queueId: row.queueId,
      queueName: row.queueName,
      calls: row.calls,
      talkSeconds: round(row.talk),
      holdSeconds: round(row.hold),
      averageTalkSeconds: row.calls > 0 ? round(row.talk / row.calls) : null,
      averageHoldSeconds: row.calls > 0 ? round(row.hold / row.calls) : null,
      callsWithHold: row.withHold,
    }));
    return { from: from.toISOString(), to: to.toISOString(), queues };
  }

  /** Colleagues to consult or transfer to, with their live state and skills, and the queues with how many are free. */
  async directory(): Promise<CallDirectory> {
    await this.routing.whenActive();
    const rows = await this.repository.directory();
    const views = new Map(rows.map((row) => [row.id, this.routing.core.getAgent(row.id)]));
    const agents = rows.map((row) => {
      const view = views.get(row.id);
      return {
        id: row.id,
        displayName: row.displayName,
        state: view?.state ?? 'offline',
        notReadyReason: view?.notReadyReason ?? null,
        free: this.isFree(view),
        skills: row.skills,
        languages: view?.languages ? [...view.languages] : [],
      };
    });
    const queues = this.routing.queues().map((queue) => {
      const demands = queue.skills.filter((skill) => !skill.optional).map((skill) => ({ skill: this.routing.skillCode(skill.skillId) ?? skill.skillId, minProficiency: skill.minProficiency }));
      return { id: queue.id, code: queue.code, name: queue.name, freeAgents: agents.filter((agent) => agent.free && agentServesQueue(agent.skills, demands)).length };
    });
    return { agents, queues };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Routing's side
  // -------------------------------------------------------------------------------------------------------------

  /** Calls whose conversation ended or moved away outside a command (hang-up, abandon, a supervisor's transfer) are over. */
  private onRoutingCommitted(committed: RoutingCommitted): void {
    if (this.live.size === 0) return;
    for (const event of committed.events) {
      if (!('contactId' in event) || !this.live.has(event.contactId)) continue;
      const gone =
        event.type === 'contact.wrap_up' ||
        event.type === 'contact.abandoned' ||
        event.type === 'contact.requeued' ||
        (event.type === 'contact.completed' && event.endedBy === 'contact_end') ||
        (event.type === 'contact.transferred' && event.fromAgentId !== null);
      if (!gone) continue;
      const movedTo = event.type === 'contact.transferred' ? event.toAgentId : null;
      void this.gone(event.contactId, event.at, movedTo).catch((error: unknown) => this.logger.error(`call ${event.contactId} not closed: ${String(error)}`));
    }
  }

  private gone(contactId: string, at: number, movedTo: string | null): Promise<void> {
    return this.serial(contactId, async () => {
      const stored = await this.repository.findCall(contactId);
      if (!stored || stored.persisted.value === 'over') {
        this.live.delete(contactId);
        return;
      }
      const snapshot = restoreCallSnapshot(stored.persisted);
      // A warm transfer this module applied: the call follows its new agent.
      if (movedTo !== null && movedTo === snapshot.context.agentId) return;
      const step = stepCall(snapshot, { type: 'call.gone', at });
      if (!step.changed) return;
      for (const agentId of this.reservedOn(snapshot.context)) await this.dispatchQuietly({ type: 'release_agent', agentId });
      await this.repository.transaction(async (manager) => {
        if (!(await this.repository.saveCall(manager, persistCall(step.snapshot), stored.version, at))) throw this.conflict(contactId);
        if (snapshot.context.pending) await this.repository.settleCommand(manager, snapshot.context.pending.commandId, 'refused', 'the call ended first', at);
        await this.writeTimeline(manager, contactId, snapshot.context, step.snapshot.context, at, null, null);
      });
      this.live.delete(contactId);
      this.announce(this.view(step.snapshot, stored.version + 1, at), snapshot.context);
    });
  }

  private async applyInRouting(contactId: string, command: CallCommand, before: CallContext, by: Actor): Promise<void> {
    switch (command.type) {
      case 'consult_cancel':
        if (before.consult) await this.dispatchQuietly({ type: 'release_agent', agentId: before.consult.agentId, by });
        return;
      case 'transfer_complete': {
        const to = before.consult?.agentId;
        if (!to) return;
        try {
          await this.routing.dispatch({ type: 'hand_over', contactId, agentId: to, by });
        } catch (error) {
          // The colleague left meanwhile: the call waits for them as a transfer would (their window, then the queue).
          this.logger.warn(`warm transfer of ${contactId} not connected at once: ${error instanceof Error ? error.message : String(error)}`);
          await this.dispatchQuietly({ type: 'release_agent', agentId: to, by });
          await this.dispatchQuietly({ type: 'transfer_to_agent', contactId, agentId: to, by });
        }
        return;
      }
      case 'blind_transfer':
        if (command.queueId) await this.dispatchQuietly({ type: 'transfer_to_queue', contactId, queueId: command.queueId, by });
        else if (command.agentId) await this.dispatchQuietly({ type: 'transfer_to_agent', contactId, agentId: command.agentId, by });
        return;
      case 'conference_drop':
        await this.dispatchQuietly({ type: 'release_agent', agentId: command.agentId, by });
        return;
      case 'end':
        for (const agentId of this.reservedOn(before)) await this.dispatchQuietly({ type: 'release_agent', agentId, by });
        if (this.routing.core.getContact(contactId)?.status === 'connected') await this.dispatchQuietly({ type: 'end', contactId });
        return;
      default:
        return;
    }
  }

  private async reserve(agentId: string, contactId: string, by: Actor): Promise<void> {
    const view = this.routing.core.getAgent(agentId);
    if (!view) throw ctiErrors.unknownAgent(agentId);
    if (!this.isFree(view)) throw this.notFree(view);
    try {
      await this.routing.dispatch({ type: 'reserve_agent', agentId, contactId, by });
    } catch (error) {
      const now = this.routing.core.getAgent(agentId);
      if (now && error instanceof DomainError) throw this.notFree(now);
      throw error;
    }
  }

  private async dispatchQuietly(command: RoutingCommand): Promise<void> {
    try {
      await this.routing.dispatch(command);
    } catch (error) {
      this.logger.warn(`routing refused ${command.type}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private isFree(view: AgentView | undefined): boolean {
    return !!view && view.state === 'available' && view.routableChannels.includes('voice');
  }

  private notFree(view: AgentView): DomainError {
    const reason: AgentNotFreeReason =
      view.state === 'offline' || view.disconnected
        ? 'offline'
        : view.state === 'not_ready'
          ? 'not_ready'
          : view.state === 'wrap_up'
            ? 'wrap_up'
            : view.state === 'reserved'
              ? view.offeredContactId
                ? 'ringing'
                : 'reserved'
              : view.state === 'available' && view.pendingNotReady
                ? 'not_ready'
                : 'busy';
    return ctiErrors.agentNotFree(view.id, reason, view.state, view.notReadyReason);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------------------------------------------

  private currentSnapshot(stored: StoredCall | null, contactId: string, agentId: string): CallSnapshot {
    if (stored && stored.persisted.value !== 'over' && stored.persisted.context.agentId === agentId) return restoreCallSnapshot(stored.persisted);
    // A call new to the desktop, or back on one after it moved (a blind transfer answered): a fresh workspace, its hold time kept.
    const fresh = initialCallSnapshot(contactId, agentId);
    if (!stored) return fresh;
    return restoreCallSnapshot({ value: 'ready', context: { ...fresh.context, holdSeconds: stored.persisted.context.holdSeconds } });
  }

  private commandOf(body: CallCommandRequest, context: CallContext): CallCommand {
    const takesQueue = body.type === 'consult' || body.type === 'blind_transfer';
    const needsAgent = takesQueue ? !body.queueId : body.type === 'conference_drop';
    const takesAgent = needsAgent || body.type === 'conference_add';
    if ((needsAgent && !body.agentId) || (!takesAgent && body.agentId) || (body.queueId && (!takesQueue || body.agentId))) throw ctiErrors.targetRequired(body.type);
    switch (body.type) {
      case 'consult':
        return body.queueId ? { type: 'consult', agentId: this.freeAgentIn(body.queueId, context), queueId: body.queueId } : { type: 'consult', agentId: body.agentId as string };
      case 'blind_transfer':
        if (body.queueId) return { type: 'blind_transfer', queueId: this.otherQueue(body.queueId, context) };
        if (!this.routing.core.getAgent(body.agentId as string)) throw ctiErrors.unknownAgent(body.agentId as string);
        if (body.agentId !== context.agentId && !this.isFree(this.routing.core.getAgent(body.agentId as string))) throw this.notFree(this.routing.core.getAgent(body.agentId as string) as AgentView);
        return { type: 'blind_transfer', agentId: body.agentId as string };
      case 'conference_add':
        return body.agentId ? { type: 'conference_add', agentId: body.agentId } : { type: 'conference_add' };
      case 'conference_drop':
        return { type: 'conference_drop', agentId: body.agentId as string };
      default:
        return { type: body.type } as CallCommand;
    }
  }

  /** The queue a call is blind-transferred to, by id: another queue than the one it is in. */
  private otherQueue(queueIdOrCode: string, context: CallContext): string {
    const queue = this.routing.queue(queueIdOrCode);
    if (!queue) throw ctiErrors.unknownQueue(queueIdOrCode);
    if (this.routing.core.getContact(context.contactId)?.queueId === queue.id) throw ctiErrors.sameQueue(queue.id);
    return queue.id;
  }

  /** A consult of a queue goes to the free agent serving it who has been free longest. */
  private freeAgentIn(queueIdOrCode: string, context: CallContext): string {
    const queue = this.routing.queue(queueIdOrCode);
    if (!queue) throw ctiErrors.unknownQueue(queueIdOrCode);
    const demands = queue.skills.filter((skill) => !skill.optional).map((skill) => ({ skill: this.routing.skillCode(skill.skillId) ?? skill.skillId, minProficiency: skill.minProficiency }));
    const free = this.routing.core
      .agentIds()
      .map((id) => this.routing.core.getAgent(id))
      .filter((view): view is AgentView => !!view && view.id !== context.agentId && this.isFree(view) && agentServesQueue(view.skills, demands))
      .sort((a, b) => a.stateSince - b.stateSince);
    if (free.length === 0) throw ctiErrors.noFreeAgentInQueue(queue.id);
    return free[0].id;
  }

  private targetOf(command: CallCommand, context: CallContext): string | null {
    if ('agentId' in command && command.agentId) return command.agentId;
    if (command.type === 'transfer_complete' || command.type === 'consult_cancel' || command.type === 'conference_add') return context.consult?.agentId ?? null;
    return null;
  }

  private reservedOn(context: CallContext): string[] {
    const pending = context.pending?.command;
    const pendingReserve = pending && (pending.type === 'consult' || pending.type === 'conference_add') && pending.agentId ? [pending.agentId] : [];
    return [...new Set([...(context.consult ? [context.consult.agentId] : []), ...context.parties.map((party) => party.agentId), ...pendingReserve])];
  }

  private async deliver(message: CtiCommandMessage): Promise<void> {
    try {
      const delivery = await this.sender.send(message);
      if (delivery.kind === 'no_pbx') await this.settle(message.callId, { type: 'command.confirmed', commandId: message.commandId, at: this.routing.now() });
      else if (delivery.kind === 'refused') await this.settle(message.callId, { type: 'command.refused', commandId: message.commandId, at: this.routing.now(), detail: delivery.detail });
      // Undelivered: the deadline job fails it.
    } catch (error) {
      this.logger.error(`command ${message.commandId} not settled after sending: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async writeTimeline(
    manager: Parameters<Parameters<CtiRepository['transaction']>[0]>[0],
    contactId: string,
    before: CallContext,
    after: CallContext,
    at: number,
    command: CallCommand | null,
    by: string | null,
  ): Promise<void> {
    const lines: TimelineLine[] = [];
    const actor = by ?? before.agentId;
    if (!before.held && after.held) lines.push({ at, kind: 'held', agentId: actor });
    if (before.held && !after.held) await this.repository.closeHold(manager, contactId, Math.round((after.holdSeconds - before.holdSeconds) * 1000) / 1000);
    if (!before.muted && after.muted) lines.push({ at, kind: 'muted', agentId: actor });
    if (before.muted && !after.muted && command?.type === 'unmute') lines.push({ at, kind: 'unmuted', agentId: actor });
    if (!before.consult && after.consult) lines.push({ at, kind: 'consulted', agentId: after.consult.agentId, reason: after.consult.queueId });
    if (before.consult && !after.consult && command?.type === 'consult_cancel') lines.push({ at, kind: 'consult_cancelled', agentId: before.consult.agentId });
    for (const party of after.parties) if (!before.parties.some((p) => p.agentId === party.agentId)) lines.push({ at, kind: 'conference_added', agentId: party.agentId });
    for (const party of before.parties) if (!after.parties.some((p) => p.agentId === party.agentId)) lines.push({ at, kind: 'conference_dropped', agentId: party.agentId });
    if (after.lastFailure && after.lastFailure !== before.lastFailure && after.lastFailure.at === at) {
      lines.push({ at, kind: 'command_failed', agentId: actor, commandType: after.lastFailure.commandType, reason: after.lastFailure.detail ?? after.lastFailure.reason });
    }
    await this.repository.addTimeline(manager, contactId, lines);
  }

  private view(snapshot: CallSnapshot, version: number, updatedAt: number): CallView {
    const context = snapshot.context;
    return {
      contactId: context.contactId,
      state: snapshot.value as CallView['state'],
      agentId: context.agentId,
      held: context.held,
      heldSince: context.heldSince,
      holdSeconds: context.holdSeconds,
      muted: context.muted,
      consult: context.consult,
      parties: context.parties,
      pending: context.pending,
      lastFailure: context.lastFailure,
      outcome: context.outcome,
      version,
      updatedAt,
    };
  }

  private async callView(contactId: string): Promise<CallView | null> {
    const stored = await this.repository.findCall(contactId);
    return stored ? this.view(restoreCallSnapshot(stored.persisted), stored.version, stored.updatedAt) : null;
  }

  private peopleOn(call: CallView): string[] {
    const target = call.pending && 'agentId' in call.pending.command ? call.pending.command.agentId : null;
    return [call.agentId, ...(call.consult ? [call.consult.agentId] : []), ...call.parties.map((party) => party.agentId), ...(target ? [target] : [])];
  }

  private announce(call: CallView, before: CallContext): void {
    const agentIds = [...new Set([...this.peopleOn(call), before.agentId, ...this.reservedOn(before)])];
    const changed: CallChanged = { call, agentIds };
    this.events.emit(CALL_CHANGED, changed);
  }

  private seesFloor(principal: AuthenticatedPrincipal): boolean {
    return hasRole(principal, 'supervisor') || hasRole(principal, 'team_lead') || hasRole(principal, 'admin');
  }

  private mayRead(principal: AuthenticatedPrincipal, stored: StoredCall | null, timelineAgents: (string | null)[]): boolean {
    if (principal.kind !== 'user' || this.seesFloor(principal)) return true;
    if (timelineAgents.includes(principal.id)) return true;
    if (!stored) return false;
    const context = stored.persisted.context;
    return [context.agentId, context.consult?.agentId, ...context.parties.map((party) => party.agentId)].includes(principal.id);
  }

  private conflict(contactId: string): DomainError {
    return new DomainError('CALL_CHANGED_MEANWHILE', `the call '${contactId}' changed meanwhile; try again`, 409, { interactionId: contactId });
  }

  /** Runs `work` after every earlier step on the same call. */
  private serial<T>(contactId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(contactId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const tail = next.catch(() => undefined);
    this.chains.set(contactId, tail);
    void tail.then(() => {
      if (this.chains.get(contactId) === tail) this.chains.delete(contactId);
    });
    return next;
  }
}

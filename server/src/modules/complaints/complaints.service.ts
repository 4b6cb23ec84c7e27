import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, EntityManager } from 'typeorm';
import {
  allowedEvents,
  allowedReturnSteps,
  applyComplaintEvent,
  complaintDeadlineOf,
  complaintMachine,
  complaintStateOf,
  complaintStepOf,
  DEFAULT_COMPLAINT_DEADLINE_POLICY,
  INITIAL_COMPLAINT_CONTEXT,
  evaluateComplaintDeadline,
  restoreComplaintSnapshot,
  type BusinessCalendar,
  type ComplaintAlertKind,
  type ComplaintContext,
  type ComplaintDeadline,
  type ComplaintDeadlinePolicy,
  type ComplaintDeadlinePreview,
  type ComplaintDetail,
  type ComplaintEvent,
  type ComplaintEventType,
  type ComplaintHistory,
  type ComplaintLiveUpdate,
  type ComplaintPage,
  type ComplaintSnapshot,
  type ComplaintState,
  type ComplaintSummary,
  type ComplaintTransitionResult,
  type ComplaintUpdateCause,
  type RealtimeAlert,
  type Role,
  type ValueTier,
} from '@callcentre/shared';
import type { AuthenticatedUser } from '../../common/auth';
import { AlertsService } from '../alerts';
import { AuditService } from '../audit';
import type { AuditActor } from '../audit';
import { CalendarsService } from '../calendars';
import {
  clockEventsAdded,
  complaintNumber,
  deadlineColumns,
  deadlineDetail,
  deadlineSummary,
  eventPayload,
  isWorse,
  SYSTEM_ACTOR_ID,
  yearIn,
} from './complaint-records';
import { canSeeComplaint, eventsUserMaySend, mayLinkAnyContact, mayOpenForAnyCustomer, maySendToComplaint, type ComplaintScope } from './complaints.access';
import { ComplaintsClock } from './complaints.clock';
import { complaintErrors, type ComplaintStanding } from './complaints.errors';
import { ComplaintRow, ComplaintsRepository, ComplaintSummaryRow, type AlertRow } from './complaints.repository';
import { COMPLAINT_ALERT, COMPLAINT_CHANGED, type ComplaintAlertRaised, type ComplaintAudience, type ComplaintChanged } from './complaints.types';
import { toMachineEvent, type ComplaintEventBody } from './dto/complaint-event.dto';
import type { DeadlinePreviewQuery } from './dto/deadline-preview.query';
import type { ListComplaintsQuery } from './dto/list-complaints.query';
import type { OpenComplaintDto } from './dto/open-complaint.dto';

/** Who sent an event: a member of staff, or the server itself (an escalation on breach). */
type Sender = { kind: 'user'; user: AuthenticatedUser } | { kind: 'system'; name: string };

/** What to announce once the transaction committed. */
interface Announcements {
  changed: ComplaintChanged[];
  alerts: ComplaintAlertRaised[];
}

/** Thrown inside a transaction whose complaint moved meanwhile; rolls it back. */
class VersionLost extends Error {}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function scopeOf(row: Pick<ComplaintRow, 'owner_id' | 'team_lead_id' | 'owner_team_lead_id' | 'state'>): ComplaintScope {
  return { ownerId: row.owner_id, teamLeadId: row.team_lead_id, ownerTeamLeadId: row.owner_team_lead_id, state: row.state };
}

function toSummary(row: ComplaintSummaryRow): ComplaintSummary {
  return {
    id: row.id,
    number: row.number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    category: row.category,
    complexity: row.complexity,
    valueTier: row.value_tier,
    state: row.state,
    step: row.step,
    version: row.version,
    receivedBy: row.received_by,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    teamLeadId: row.team_lead_id,
    teamLeadName: row.team_lead_name,
    threatening: row.threatening,
    aboutAgent: row.about_agent,
    aboutAgentId: row.about_agent_id,
    deadline: deadlineSummary(row),
    receivedAt: new Date(row.received_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    closedAt: iso(row.closed_at),
    satisfaction: row.satisfaction,
  };
}

/**
 * Complaints: the server runs the complaint machine authoritatively. Each change loads the stored snapshot,
 * asks the pure machine, and writes the new snapshot, its history, clock and audit rows in one transaction
 * guarded by the complaint's version; live updates and alerts go out only after the commit (as domain events
 * the realtime adapter turns into socket deltas). Deadlines are evaluated on the business calendar and kept
 * on the row with the instant of their next crossing, which the deadline scheduler acts on.
 */
@Injectable()
export class ComplaintsService {
  private readonly logger = new Logger('Complaints');
  readonly policy: ComplaintDeadlinePolicy = DEFAULT_COMPLAINT_DEADLINE_POLICY;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ComplaintsRepository,
    private readonly calendars: CalendarsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly clock: ComplaintsClock,
    private readonly alerts: AlertsService,
  ) {}

  // ---------------------------------------------------------------------------------------------------------
  // Opening
  // ---------------------------------------------------------------------------------------------------------

  async open(input: OpenComplaintDto, user: AuthenticatedUser): Promise<ComplaintDetail> {
    if (!input.interactionId && !input.customerId) throw complaintErrors.customerOrInteractionRequired();
    const interaction = input.interactionId ? await this.repository.findInteraction(input.interactionId) : null;
    if (input.interactionId && !interaction) throw complaintErrors.interactionNotFound(input.interactionId);
    // An agent receives a complaint only from a contact they handled or for a customer they served; a team lead for anyone.
    const anyCustomer = mayOpenForAnyCustomer(user);
    if (interaction && !anyCustomer && !(await this.repository.handledInteraction(interaction.id, user.id))) {
      throw complaintErrors.interactionNotYours(interaction.id);
    }
    if (interaction?.customer_id && input.customerId && interaction.customer_id !== input.customerId) {
      throw complaintErrors.customerMismatch(interaction.id, input.customerId);
    }
    const customerId = interaction?.customer_id ?? input.customerId ?? null;
    const customer = customerId ? await this.repository.findCustomer(customerId) : null;
    if (customerId && !customer) throw complaintErrors.customerNotFound(customerId);
    if (customer && !interaction && !anyCustomer && !(await this.repository.servedCustomer(customer.id, user.id))) {
      throw complaintErrors.customerNotServed(customer.id);
    }
    // The value tier at receipt: the customer's grade, else what the contact was routed with.
    const valueTier: ValueTier = customer?.value_tier ?? interaction?.value_tier ?? 'ordinary';
    const aboutAgent = input.aboutAgentId ? await this.requireWorker('aboutAgentId', input.aboutAgentId) : null;

    // Domain rule: a complaint about an agent goes to that agent's team lead.
    const teamLeadId = aboutAgent?.team_lead_id ?? user.teamLeadId ?? (user.roles.includes('team_lead') ? user.id : null);
    const now = this.clock.now();
    const { calendar } = await this.calendars.current();
    const threat = input.threat
      ? {
          callerNumber: input.threat.callerNumber ?? interaction?.caller?.phone ?? null,
          at: input.threat.at ? new Date(input.threat.at) : (interaction?.arrived_at ?? now),
          workstation: input.threat.workstation,
          statement: input.threat.statement,
        }
      : null;

    const announcements: Announcements = { changed: [], alerts: [] };
    const id = await this.dataSource.transaction(async (manager) => {
      const year = yearIn(calendar.timeZone, now);
      const number = complaintNumber(year, await this.repository.nextSequence(manager, year));
      const event: ComplaintEvent = {
        type: 'complaint.recorded',
        complaintId: number,
        category: input.category.trim(),
        complexity: input.complexity,
        description: input.description,
        valueTier,
        aboutAgentConduct: aboutAgent !== null,
        concernedAgentId: aboutAgent?.id ?? null,
        threatening: threat !== null,
        at: now.toISOString(),
        by: user.id,
      };
      const result = applyComplaintEvent(null, event);
      if (!result.changed) throw new Error(`the complaint machine refused a validated receipt (${number})`);
      const state = complaintStateOf(result.snapshot);
      const deadline = deadlineColumns(this.evaluate(calendar, result.snapshot.context, now), 'on_track', now, true);
      const complaintId = await this.repository.insert(manager, {
        number,
        customer_id: customer?.id ?? null,
        category: event.category,
        complexity: event.complexity,
        description: event.description,
        value_tier: valueTier,
        received_by: user.id,
        owner_id: user.id,
        team_lead_id: teamLeadId,
        threatening: threat !== null,
        threat_caller_number: threat?.callerNumber ?? null,
        threat_at: threat?.at ?? null,
        threat_workstation: threat?.workstation ?? null,
        threat_statement: threat?.statement ?? null,
        about_agent: aboutAgent !== null,
        about_agent_id: aboutAgent?.id ?? null,
        snapshot: result.persisted,
        machine_version: complaintMachine.version ?? '1',
        state,
        step: complaintStepOf(result.snapshot),
        received_at: now,
        created_at: now,
        ...deadline,
      });
      if (interaction) await this.repository.linkInteraction(manager, complaintId, interaction.id, user.id, now);
      await this.repository.insertHistory(manager, {
        complaint_id: complaintId,
        version: 1,
        at: now,
        actor_kind: 'user',
        actor_id: user.id,
        actor_name: user.displayName,
        event_type: 'complaint.recorded',
        payload: { ...eventPayload(event), interactionId: interaction?.id ?? null, customerId: customer?.id ?? null },
        note: input.note ?? null,
        from_state: 'receive',
        to_state: state,
        from_value: 'receive',
        to_value: result.snapshot.value,
      });
      await this.repository.insertClockEvents(manager, complaintId, clockEventsAdded(INITIAL_COMPLAINT_CONTEXT, result.snapshot.context));
      const row = (await this.repository.find(complaintId, manager)) as ComplaintRow;
      announcements.changed.push(this.changed(row, 'opened', 'complaint.recorded', null));
      if (threat) {
        announcements.alerts.push(
          await this.raiseAlert(manager, row, 'complaint_threatening_call', 'critical', now, `Threatening call recorded on complaint ${number}: alert the team lead`, {
            callerNumber: threat.callerNumber,
            threatAt: threat.at.toISOString(),
            workstation: threat.workstation,
            statement: threat.statement,
            recordedBy: user.id,
          }),
        );
        await this.audit.record(
          {
            actor: user,
            action: 'complaint.threat_reported',
            target: { type: 'complaint', id: complaintId },
            details: { number, callerNumber: threat.callerNumber, at: threat.at.toISOString(), workstation: threat.workstation },
          },
          manager,
        );
      }
      return complaintId;
    });
    this.announce(announcements);
    return this.get(id, user);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Reading
  // ---------------------------------------------------------------------------------------------------------

  async list(query: ListComplaintsQuery, user: AuthenticatedUser): Promise<ComplaintPage> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const { rows, total } = await this.repository.list(
      {
        state: query.state,
        ownerId: query.ownerId,
        teamLeadId: query.teamLeadId,
        customerId: query.customerId,
        deadline: query.deadline,
        open: query.open,
        threatening: query.threatening,
        sort: query.sort ?? 'newest',
        limit,
        offset,
      },
      { all: user.roles.includes('supervisor'), userId: user.id, teamLead: user.roles.includes('team_lead') },
    );
    return { items: rows.map(toSummary), total, limit, offset };
  }

  async get(id: string, user: AuthenticatedUser): Promise<ComplaintDetail> {
    const row = await this.visible(id, user);
    const snapshot = restoreComplaintSnapshot(row.snapshot);
    const { calendar } = await this.calendars.current();
    const deadline = this.evaluate(calendar, snapshot.context, this.clock.now());
    const links = await this.repository.interactionsOf(row.id);
    const { deadline: _stored, ...summary } = toSummary(row);
    const mayReturn = maySendToComplaint(user, scopeOf(row), snapshot.context, 'escalation.returned');
    return {
      ...summary,
      description: row.description,
      stateValue: snapshot.value,
      machineVersion: row.machine_version,
      threat: row.threatening
        ? { callerNumber: row.threat_caller_number, at: iso(row.threat_at) as string, workstation: row.threat_workstation ?? '', statement: row.threat_statement ?? '' }
        : null,
      aboutAgentName: row.about_agent_name,
      deadline: deadline ? deadlineDetail(deadline) : deadlineSummary(row),
      allowedEvents: eventsUserMaySend(user, scopeOf(row), snapshot.context, allowedEvents(snapshot)),
      allowedReturnSteps: mayReturn ? allowedReturnSteps(snapshot) : [],
      context: snapshot.context,
      interactions: links.map((link) => ({
        interactionId: link.interaction_id,
        channel: link.channel,
        arrivedAt: iso(link.arrived_at),
        agentId: link.agent_id,
        linkedAt: new Date(link.linked_at).toISOString(),
        linkedBy: link.linked_by,
      })),
    };
  }

  async history(id: string, user: AuthenticatedUser): Promise<ComplaintHistory> {
    const row = await this.visible(id, user);
    const { events, clock, alerts } = await this.repository.history(row.id);
    return {
      complaintId: row.id,
      number: row.number,
      events: events.map((event) => ({
        id: String(event.id),
        version: event.version,
        at: new Date(event.at).toISOString(),
        actor: { kind: event.actor_kind, id: event.actor_id, name: event.actor_name },
        type: event.event_type,
        payload: event.payload,
        note: event.note,
        fromState: event.from_state,
        toState: event.to_state,
        fromValue: event.from_value,
        toValue: event.to_value,
      })),
      clock: clock.map((entry) => ({
        id: String(entry.id),
        kind: entry.kind,
        at: new Date(entry.at).toISOString(),
        reason: entry.reason,
        actorId: entry.actor_id,
        details: entry.details,
        recordedAt: new Date(entry.recorded_at).toISOString(),
      })),
      alerts: alerts.map((alert) => ({
        id: alert.id,
        kind: alert.kind,
        severity: alert.severity,
        at: new Date(alert.at).toISOString(),
        message: alert.message,
        recipients: alert.recipients,
        recipientRoles: alert.recipient_roles,
        details: alert.details,
      })),
    };
  }

  /** When a complaint received at `receivedAt` would be due, on the current calendar and policy. */
  async previewDeadline(query: DeadlinePreviewQuery): Promise<ComplaintDeadlinePreview> {
    const { calendar } = await this.calendars.current();
    const receivedAt = query.receivedAt ? new Date(query.receivedAt) : this.clock.now();
    const deadline = evaluateComplaintDeadline(
      calendar,
      this.policy,
      { complexity: query.complexity, valueTier: query.valueTier ?? 'ordinary', events: [{ type: 'started', at: receivedAt }] },
      receivedAt,
    );
    return { ...deadlineDetail(deadline), timeZone: calendar.timeZone, receivedAt: receivedAt.toISOString() };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Moving
  // ---------------------------------------------------------------------------------------------------------

  async send(id: string, body: ComplaintEventBody, user: AuthenticatedUser): Promise<ComplaintDetail> {
    const row = await this.visible(id, user);
    const snapshot = restoreComplaintSnapshot(row.snapshot);
    const scope = scopeOf(row);
    if (!maySendToComplaint(user, scope, snapshot.context, body.type)) {
      throw complaintErrors.mayNotSend(row.number, body.type, this.standing(row, snapshot, user));
    }
    if (body.expectedVersion !== undefined && body.expectedVersion !== row.version) {
      throw complaintErrors.versionConflict(row.number, body.expectedVersion, this.standing(row, snapshot, user));
    }
    if (body.type === 'owner.assigned' || body.type === 'action.deferred') await this.requireWorker('ownerId', body.ownerId);

    const now = this.clock.now();
    const { event, note } = toMachineEvent(body, now.toISOString(), user.id);
    const result = applyComplaintEvent(snapshot, event);
    if (!result.changed) throw complaintErrors.eventRefused(row.number, body.type, this.standing(row, snapshot, user));

    const announcements: Announcements = { changed: [], alerts: [] };
    try {
      await this.dataSource.transaction(async (manager) => {
        const locked = await this.repository.lock(manager, row.id);
        if (!locked || locked.version !== row.version) throw new VersionLost();
        const { calendar } = await this.calendars.current();
        announcements.changed.push(
          await this.transition(manager, { ...row, deadline_status: locked.deadline_status }, snapshot, result, event, { kind: 'user', user }, note, now, calendar),
        );
      });
    } catch (error) {
      if (!(error instanceof VersionLost)) throw error;
      const current = await this.repository.find(row.id);
      if (!current) throw complaintErrors.notFound(row.id);
      throw complaintErrors.versionConflict(row.number, body.expectedVersion ?? row.version, this.standing(current, restoreComplaintSnapshot(current.snapshot), user));
    }
    this.announce(announcements);
    return this.get(row.id, user);
  }

  /**
   * Links another contact about the same complaint. Whoever may see the complaint works it, but its owner links
   * only contacts they handled; its team lead and supervisors link any. A contact of another customer never fits.
   */
  async linkInteraction(id: string, interactionId: string, user: AuthenticatedUser): Promise<ComplaintDetail> {
    const row = await this.visible(id, user);
    const interaction = await this.repository.findInteraction(interactionId);
    if (!interaction) throw complaintErrors.interactionNotFound(interactionId);
    if (!mayLinkAnyContact(user, scopeOf(row)) && !(await this.repository.handledInteraction(interaction.id, user.id))) {
      throw complaintErrors.linkNotYours(interactionId, row.number);
    }
    if (interaction.customer_id && row.customer_id && interaction.customer_id !== row.customer_id) {
      throw complaintErrors.customerMismatch(interactionId, row.customer_id);
    }
    const linked = await this.dataSource.transaction((manager) => this.repository.linkInteraction(manager, row.id, interactionId, user.id, this.clock.now()));
    if (!linked) throw complaintErrors.interactionAlreadyLinked(interactionId, row.number);
    return this.get(row.id, user);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Deadlines
  // ---------------------------------------------------------------------------------------------------------

  /**
   * Evaluates a complaint whose next crossing is due: stores the fresh deadline; on a crossing (due soon,
   * breached) records it on the clock, alerts the owner, the team lead and supervisors, and on a breach
   * escalates to the team lead as the system unless the complaint is already with one. Returns false when
   * there was nothing to do (not due, closed, or being changed by someone else right now).
   */
  async processDeadline(id: string): Promise<boolean> {
    const now = this.clock.now();
    const { calendar } = await this.calendars.current();
    const announcements: Announcements = { changed: [], alerts: [] };
    const processed = await this.dataSource.transaction(async (manager) => {
      const row = await this.repository.lockDue(manager, id, now);
      if (!row) return false;
      const snapshot = restoreComplaintSnapshot(row.snapshot);
      const deadline = this.evaluate(calendar, snapshot.context, now);
      const columns = deadlineColumns(deadline, row.deadline_status, now, false);
      await this.repository.updateDeadline(manager, row.id, columns);
      const crossing = deadline && isWorse(deadline.status, row.deadline_status) ? (deadline.status as 'due_soon' | 'breached') : null;
      const updated: ComplaintRow = { ...row, ...columns };
      if (!crossing) {
        const visibleChange = row.deadline_status !== columns.deadline_status || iso(row.due_at) !== iso(columns.due_at);
        if (visibleChange) announcements.changed.push(this.changed(updated, 'deadline', null, null));
        return true;
      }
      const dueAt = (deadline as ComplaintDeadline).dueAt;
      const crossedAt = crossing === 'breached' ? new Date(Math.min(dueAt.getTime(), now.getTime())) : new Date(Math.min(new Date(row.next_crossing_at ?? now).getTime(), now.getTime()));
      await this.repository.insertCrossing(manager, row.id, crossing, crossedAt, {
        previous: row.deadline_status,
        deadlineKind: columns.deadline_kind,
        dueAt: iso(columns.due_at),
        commitmentDueAt: iso(columns.commitment_due_at),
        detectedAt: now.toISOString(),
      });
      const what = columns.deadline_kind === 'progress_call' ? 'progress call' : 'resolution';
      const message =
        crossing === 'breached'
          ? `Complaint ${row.number}: the ${what} deadline (${iso(columns.due_at)}) has passed`
          : `Complaint ${row.number}: the ${what} is due soon (${iso(columns.due_at)})`;
      announcements.alerts.push(
        await this.raiseAlert(manager, updated, crossing === 'breached' ? 'complaint_deadline_breached' : 'complaint_deadline_due_soon', crossing === 'breached' ? 'critical' : 'warning', crossedAt, message, {
          deadlineKind: columns.deadline_kind,
          dueAt: iso(columns.due_at),
          commitmentDueAt: iso(columns.commitment_due_at),
          state: row.state,
        }),
      );
      if (crossing === 'breached' && allowedEvents(snapshot).includes('complaint.escalated')) {
        const event: ComplaintEvent = {
          type: 'complaint.escalated',
          reason: `The ${what} deadline passed (${iso(columns.due_at)}): escalated automatically`,
          at: now.toISOString(),
          by: SYSTEM_ACTOR_ID,
        };
        const result = applyComplaintEvent(snapshot, event);
        if (result.changed) {
          announcements.changed.push(
            await this.transition(manager, updated, snapshot, result, event, { kind: 'system', name: 'deadline scheduler' }, 'Deadline breached', now, calendar),
          );
          return true;
        }
      }
      announcements.changed.push(this.changed(updated, 'deadline', null, null));
      return true;
    });
    this.announce(announcements);
    return processed;
  }

  /** Where a context stands against its deadline at `now` (never before its receipt). */
  evaluate(calendar: BusinessCalendar, context: ComplaintContext, now: Date): ComplaintDeadline | null {
    if (context.receivedAt === null) return null;
    const at = Math.max(now.getTime(), Date.parse(context.receivedAt), ...context.clockPauses.flatMap((pause) => [Date.parse(pause.from), pause.to ? Date.parse(pause.to) : 0]));
    try {
      return complaintDeadlineOf(calendar, this.policy, context, at);
    } catch (error) {
      this.logger.error(`deadline of complaint ${context.complaintId} could not be evaluated: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------------------

  /**
   * Writes one accepted transition inside the caller's transaction: the new snapshot with the version bumped
   * (refused if the complaint moved meanwhile), the history row, the clock events it added, and the audit
   * entries (closure, reassignment, escalation by the system). Returns the live update to send after commit.
   */
  private async transition(
    manager: EntityManager,
    row: ComplaintRow,
    before: ComplaintSnapshot,
    result: ComplaintTransitionResult,
    event: ComplaintEvent,
    sender: Sender,
    note: string | null,
    now: Date,
    calendar: BusinessCalendar,
  ): Promise<ComplaintChanged> {
    const next = result.snapshot;
    const state = complaintStateOf(next);
    const context = next.context;
    const ownerId = context.ownerId ?? row.owner_id;
    const teamLeadId = context.teamLeadId ?? row.team_lead_id;
    const deadline = deadlineColumns(this.evaluate(calendar, context, now), row.deadline_status, now, state !== 'closed');
    const written = await this.repository.update(manager, row.id, row.version, {
      snapshot: result.persisted,
      machine_version: complaintMachine.version ?? '1',
      state,
      step: complaintStepOf(next),
      owner_id: ownerId,
      team_lead_id: teamLeadId,
      updated_at: now,
      closed_at: state === 'closed' ? new Date(context.closedAt ?? now) : null,
      ...deadline,
    });
    if (!written) throw new VersionLost();
    await this.repository.insertHistory(manager, {
      complaint_id: row.id,
      version: row.version + 1,
      at: new Date(event.at),
      actor_kind: sender.kind,
      actor_id: sender.kind === 'user' ? sender.user.id : null,
      actor_name: sender.kind === 'user' ? sender.user.displayName : sender.name,
      event_type: event.type,
      payload: eventPayload(event),
      note,
      from_state: row.state,
      to_state: state,
      from_value: before.value,
      to_value: next.value,
    });
    await this.repository.insertClockEvents(manager, row.id, clockEventsAdded(before.context, context));

    const actor: AuditActor = sender.kind === 'user' ? sender.user : { kind: 'system', name: sender.name };
    const target = { type: 'complaint', id: row.id };
    if (state === 'closed') {
      await this.audit.record(
        {
          actor,
          action: 'complaint.closed',
          target,
          details: { number: row.number, outcome: context.outcome, settled: context.closing?.settled ?? null, satisfaction: context.closing?.satisfaction ?? null },
        },
        manager,
      );
    }
    if (event.type === 'owner.assigned') {
      await this.audit.record({ actor, action: 'complaint.owner_assigned', target, details: { number: row.number, from: row.owner_id, to: ownerId } }, manager);
    }
    if (sender.kind === 'system' && event.type === 'complaint.escalated') {
      await this.audit.record({ actor, action: 'complaint.auto_escalated', target, details: { number: row.number, from: row.state, reason: event.reason } }, manager);
    }
    const updated: ComplaintRow = {
      ...row,
      ...deadline,
      state,
      step: complaintStepOf(next),
      version: row.version + 1,
      owner_id: ownerId,
      team_lead_id: teamLeadId,
      updated_at: now,
      closed_at: state === 'closed' ? now : null,
    };
    return this.changed(updated, 'event', event.type, row);
  }

  /** The live update of a complaint, and who gets it: owner, team lead, supervisors, and every team lead while it is escalated. */
  private changed(row: ComplaintRow, cause: ComplaintUpdateCause, eventType: ComplaintEventType | null, before: ComplaintRow | null): ComplaintChanged {
    const update: ComplaintLiveUpdate = {
      complaintId: row.id,
      number: row.number,
      state: row.state,
      step: row.step,
      version: row.version,
      ownerId: row.owner_id,
      teamLeadId: row.team_lead_id,
      customerId: row.customer_id,
      threatening: row.threatening,
      deadline: deadlineSummary(row),
      cause,
      eventType,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
    const users = [row.owner_id, row.team_lead_id, before?.owner_id, before?.team_lead_id].filter((user): user is string => Boolean(user));
    const roles: Role[] = ['supervisor'];
    if (row.state === 'escalated' || before?.state === 'escalated') roles.push('team_lead');
    return { update, audience: { users: [...new Set(users)], roles } };
  }

  private async raiseAlert(
    manager: EntityManager,
    row: ComplaintRow,
    kind: ComplaintAlertKind,
    severity: AlertRow['severity'],
    at: Date,
    message: string,
    details: Record<string, unknown>,
  ): Promise<ComplaintAlertRaised> {
    // Threats go to every team lead and supervisor at once; deadline crossings to the people concerned.
    const audience: ComplaintAudience =
      kind === 'complaint_threatening_call'
        ? { users: [row.owner_id, row.team_lead_id].filter((user): user is string => Boolean(user)), roles: ['team_lead', 'supervisor'] }
        : { users: [...new Set([row.owner_id, row.team_lead_id].filter((user): user is string => Boolean(user)))], roles: ['supervisor'] };
    const alertId = await this.repository.insertAlert(manager, {
      complaint_id: row.id,
      kind,
      severity,
      at,
      message,
      recipients: audience.users,
      recipient_roles: audience.roles,
      details: { number: row.number, ...details },
    });
    const alert: RealtimeAlert = {
      id: alertId,
      kind,
      severity,
      at: at.getTime(),
      message,
      agentId: row.owner_id,
      ...(row.owner_name ? { agentName: row.owner_name } : {}),
      complaintId: row.id,
      details: { number: row.number, state: row.state, teamLeadId: row.team_lead_id, ...details },
      acknowledged: null,
    };
    // The open list the consoles show (complaint_alerts above is the complaint's own history).
    await this.alerts.store(manager, { alert, audience });
    return { alert, audience };
  }

  private announce(announcements: Announcements): void {
    for (const changed of announcements.changed) this.emitSafely(COMPLAINT_CHANGED, changed);
    for (const alert of announcements.alerts) this.emitSafely(COMPLAINT_ALERT, alert);
  }

  private emitSafely(name: string, payload: unknown): void {
    try {
      this.events.emit(name, payload);
    } catch (error) {
      this.logger.error(`${name} listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async visible(id: string, user: AuthenticatedUser): Promise<ComplaintRow> {
    const row = await this.repository.find(id);
    if (!row) throw complaintErrors.notFound(id);
    if (!canSeeComplaint(user, scopeOf(row))) throw complaintErrors.notVisible(row.number);
    return row;
  }

  private standing(row: ComplaintRow, snapshot: ComplaintSnapshot, user: AuthenticatedUser): ComplaintStanding {
    const allowed = allowedEvents(snapshot);
    return {
      state: row.state as ComplaintState,
      stateValue: snapshot.value,
      version: row.version,
      allowedEvents: allowed,
      yourAllowedEvents: eventsUserMaySend(user, scopeOf(row), snapshot.context, allowed),
    };
  }

  /** A user who can work complaints (an agent or a team lead). */
  private async requireWorker(field: string, userId: string) {
    const found = await this.repository.findUser(userId);
    if (!found) throw complaintErrors.userNotFound(field, userId);
    if (!found.roles.includes('agent') && !found.roles.includes('team_lead')) throw complaintErrors.notAnAgent(field, userId);
    return found;
  }
}

import { and, assertEvent, assign, not, or, setup } from 'xstate';
import { COMPLAINT_COMPLEXITIES, VALUE_TIERS } from '../domain/call-centre';
import {
  ComplaintAction,
  ComplaintContext,
  ComplaintEvent,
  ComplaintReturnStep,
  ClockPause,
  EscalationKind,
  EscalationOrigin,
  EscalationRecord,
  RemedyOffer,
} from './complaint.types';

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const instant = (value: unknown): number => (typeof value === 'string' ? Date.parse(value) : NaN);

function replaceLast<T>(list: readonly T[], change: (item: T) => T): T[] {
  return list.length === 0 ? [...list] : [...list.slice(0, -1), change(list[list.length - 1])];
}

function currentEscalation(context: ComplaintContext): EscalationRecord | undefined {
  return context.escalations[context.escalations.length - 1];
}

function pendingOffer(context: ComplaintContext): RemedyOffer | undefined {
  const last = context.remedyOffers[context.remedyOffers.length - 1];
  return last?.outcome === 'pending' ? last : undefined;
}

function openAction(context: ComplaintContext): ComplaintAction | undefined {
  const last = context.actions[context.actions.length - 1];
  return last && last.completedAt === null ? last : undefined;
}

function newEscalation(kind: EscalationKind, reason: string, from: EscalationOrigin, event: ComplaintEvent): EscalationRecord {
  return {
    kind,
    reason,
    from,
    escalatedAt: event.at,
    escalatedBy: event.by,
    acceptedAt: null,
    acceptedBy: null,
    returnedAt: null,
    returnedTo: null,
    guidance: null,
    resolvedAt: null,
  };
}

/** Ends an open pause of the given kind at `at`. */
function endPause(pauses: readonly ClockPause[], kind: ClockPause['kind'], at: string): ClockPause[] {
  const last = pauses[pauses.length - 1];
  return last && last.kind === kind && last.to === null ? replaceLast(pauses, (pause) => ({ ...pause, to: at })) : [...pauses];
}

/** Offers still awaiting the customer's choice are withdrawn when the complaint leaves the choice. */
function withdrawPendingOffer(context: ComplaintContext, at: string): RemedyOffer[] {
  return pendingOffer(context)
    ? replaceLast(context.remedyOffers, (offer) => ({ ...offer, outcome: 'withdrawn', decidedAt: at }))
    : [...context.remedyOffers];
}

export const INITIAL_COMPLAINT_CONTEXT: ComplaintContext = Object.freeze({
  complaintId: null,
  receivedAt: null,
  agentId: null,
  ownerId: null,
  teamLeadId: null,
  category: null,
  complexity: null,
  description: null,
  valueTier: null,
  aboutAgentConduct: false,
  concernedAgentId: null,
  threatening: false,
  upheld: null,
  clarification: null,
  remedyOffers: [],
  chosenRemedy: null,
  actions: [],
  progressCalls: [],
  escalations: [],
  resolution: null,
  waitingOnCustomer: false,
  clockPauses: [],
  outcome: null,
  closing: null,
  closedAt: null,
});

const complaintSetup = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintEvent,
  },
  guards: {
    isCompleteRecord: ({ event }) =>
      event.type === 'complaint.recorded' &&
      isText(event.complaintId) &&
      isText(event.category) &&
      isText(event.description) &&
      isText(event.by) &&
      COMPLAINT_COMPLEXITIES.includes(event.complexity) &&
      VALUE_TIERS.includes(event.valueTier) &&
      typeof event.aboutAgentConduct === 'boolean' &&
      typeof event.threatening === 'boolean',
    /** Domain rule: complaints about an agent's attitude or service quality, and threats, go to the team lead at once. */
    needsTeamLeadAtOnce: ({ event }) =>
      event.type === 'complaint.recorded' && (event.aboutAgentConduct || event.threatening),
    hasSummary: ({ event }) => event.type === 'problem.clarified' && isText(event.summary),
    findsUpheld: ({ event }) => event.type === 'problem.clarified' && event.upheld === true,
    hasNote: ({ event }) => 'note' in event && isText(event.note),
    hasReason: ({ event }) => 'reason' in event && isText(event.reason),
    /** A new round of remedies: at least one, each described, with ids never offered before. */
    isFreshOffer: ({ context, event }) => {
      if (event.type !== 'remedies.offered' || !Array.isArray(event.remedies) || event.remedies.length === 0) return false;
      const used = new Set(context.remedyOffers.flatMap((offer) => offer.remedies.map((remedy) => remedy.id)));
      const ids = event.remedies.map((remedy) => remedy?.id);
      return (
        event.remedies.every((remedy) => isText(remedy?.id) && isText(remedy?.description)) &&
        new Set(ids).size === ids.length &&
        ids.every((id) => !used.has(id))
      );
    },
    isOfferedRemedy: ({ context, event }) =>
      event.type === 'remedy.chosen' && !!pendingOffer(context)?.remedies.some((remedy) => remedy.id === event.remedyId),
    isValidDeferral: ({ event }) =>
      event.type === 'action.deferred' &&
      isText(event.description) &&
      isText(event.ownerId) &&
      instant(event.dueAt) > instant(event.at),
    isValidReschedule: ({ context, event }) =>
      event.type === 'action.rescheduled' &&
      isText(event.reason) &&
      instant(event.dueAt) > instant(event.at) &&
      instant(event.dueAt) !== instant(openAction(context)?.dueAt),
    clockRunning: ({ context }) => !context.waitingOnCustomer,
    waitingOnCustomer: ({ context }) => context.waitingOnCustomer,
    /**
     * A new owner (not the current one). A complaint about an agent is never worked by that agent
     * (domain rule: the team lead investigates).
     */
    isEligibleOwner: ({ context, event }) =>
      event.type === 'owner.assigned' &&
      isText(event.ownerId) &&
      event.ownerId !== context.ownerId &&
      !(context.aboutAgentConduct && context.concernedAgentId === event.ownerId),
    /**
     * A team lead hands a complaint back with guidance either to explore solutions again, or to the very
     * step it was escalated from; never to the agent a conduct complaint is about.
     */
    mayReturnTo: ({ context, event }, params: { step: ComplaintReturnStep }) =>
      event.type === 'escalation.returned' &&
      event.to === params.step &&
      isText(event.guidance) &&
      (params.step === 'resolve' || currentEscalation(context)?.from === params.step) &&
      !(context.aboutAgentConduct && context.concernedAgentId === context.ownerId),
    hasResolution: ({ event }) => event.type === 'escalation.resolved' && isText(event.resolution),
    isValidClosing: ({ event }) =>
      event.type === 'customer.thanked' &&
      typeof event.settled === 'boolean' &&
      (event.anythingElse === null || typeof event.anythingElse === 'string') &&
      (event.satisfaction === null ||
        (Number.isInteger(event.satisfaction) && event.satisfaction >= 1 && event.satisfaction <= 5)),
    customerSettled: ({ event }) => event.type === 'customer.thanked' && event.settled === true,
    resolvedByTeamLead: ({ context }) => context.outcome === 'resolved_by_team_lead',
  },
  actions: {
    recordComplaint: assign(({ event }) => {
      assertEvent(event, 'complaint.recorded');
      return {
        complaintId: event.complaintId,
        receivedAt: event.at,
        agentId: event.by,
        ownerId: event.by,
        category: event.category,
        complexity: event.complexity,
        description: event.description,
        valueTier: event.valueTier,
        aboutAgentConduct: event.aboutAgentConduct,
        concernedAgentId: event.aboutAgentConduct ? (event.concernedAgentId ?? null) : null,
        threatening: event.threatening,
      };
    }),
    escalateOnReceipt: assign(({ context, event }) => {
      assertEvent(event, 'complaint.recorded');
      const kind: EscalationKind = event.threatening ? 'threatening' : 'agent_conduct';
      return { escalations: [...context.escalations, newEscalation(kind, '', 'receive', event)] };
    }),
    escalateOnRequest: assign(({ context, event }, params: { from: EscalationOrigin }) => {
      assertEvent(event, 'complaint.escalated');
      return {
        escalations: [...context.escalations, newEscalation('requested', event.reason, params.from, event)],
        remedyOffers: withdrawPendingOffer(context, event.at),
      };
    }),
    recordClarification: assign(({ event }) => {
      assertEvent(event, 'problem.clarified');
      return { upheld: event.upheld, clarification: event.summary };
    }),
    escalateRejectedExplanation: assign(({ context, event }) => {
      assertEvent(event, 'explanation.rejected');
      return {
        escalations: [...context.escalations, newEscalation('explanation_rejected', event.note, 'resolve', event)],
      };
    }),
    offerRemedies: assign(({ context, event }) => {
      assertEvent(event, 'remedies.offered');
      const offer: RemedyOffer = {
        remedies: event.remedies.map(({ id, description }) => ({ id, description })),
        offeredAt: event.at,
        offeredBy: event.by,
        outcome: 'pending',
        decidedAt: null,
        note: null,
      };
      return { remedyOffers: [...context.remedyOffers, offer] };
    }),
    chooseRemedy: assign(({ context, event }) => {
      assertEvent(event, 'remedy.chosen');
      return {
        chosenRemedy: pendingOffer(context)?.remedies.find((remedy) => remedy.id === event.remedyId) ?? null,
        remedyOffers: replaceLast(context.remedyOffers, (offer) => ({
          ...offer,
          outcome: 'chosen' as const,
          decidedAt: event.at,
        })),
      };
    }),
    rejectRemedies: assign(({ context, event }) => {
      assertEvent(event, 'remedies.rejected');
      return {
        remedyOffers: replaceLast(context.remedyOffers, (offer) => ({
          ...offer,
          outcome: 'rejected' as const,
          decidedAt: event.at,
          note: event.note,
        })),
      };
    }),
    completeActionDuringContact: assign(({ context, event }) => {
      assertEvent(event, 'action.completed');
      const action: ComplaintAction = {
        description: context.chosenRemedy?.description ?? '',
        ownerId: event.by,
        startedAt: event.at,
        dueAt: null,
        completedAt: event.at,
        completionNote: event.note,
        dueDateChanges: [],
      };
      return { actions: [...context.actions, action] };
    }),
    deferAction: assign(({ context, event }) => {
      assertEvent(event, 'action.deferred');
      const action: ComplaintAction = {
        description: event.description,
        ownerId: event.ownerId,
        startedAt: event.at,
        dueAt: event.dueAt,
        completedAt: null,
        completionNote: null,
        dueDateChanges: [],
      };
      return { actions: [...context.actions, action] };
    }),
    rescheduleAction: assign(({ context, event }) => {
      assertEvent(event, 'action.rescheduled');
      return {
        actions: replaceLast(context.actions, (action) => ({
          ...action,
          dueAt: event.dueAt,
          dueDateChanges: [
            ...action.dueDateChanges,
            { from: action.dueAt ?? event.at, to: event.dueAt, reason: event.reason, at: event.at, by: event.by },
          ],
        })),
      };
    }),
    completeFollowedUpAction: assign(({ context, event }) => {
      assertEvent(event, 'action.completed');
      return {
        actions: replaceLast(context.actions, (action) => ({ ...action, completedAt: event.at, completionNote: event.note })),
      };
    }),
    logProgressCall: assign(({ context, event }) => {
      assertEvent(event, 'progress.logged');
      return { progressCalls: [...context.progressCalls, { note: event.note, at: event.at, by: event.by }] };
    }),
    acceptEscalation: assign(({ context, event }) => {
      assertEvent(event, 'escalation.accepted');
      return {
        teamLeadId: event.by,
        escalations: replaceLast(context.escalations, (record) => ({
          ...record,
          acceptedAt: event.at,
          acceptedBy: event.by,
        })),
      };
    }),
    assignOwner: assign(({ event }) => {
      assertEvent(event, 'owner.assigned');
      return { ownerId: event.ownerId };
    }),
    returnToAgent: assign(({ context, event }) => {
      assertEvent(event, 'escalation.returned');
      return {
        escalations: replaceLast(context.escalations, (record) => ({
          ...record,
          returnedAt: event.at,
          returnedTo: event.to,
          guidance: event.guidance,
        })),
        // Exploring solutions again means a fresh choice.
        chosenRemedy: event.to === 'resolve' ? null : context.chosenRemedy,
      };
    }),
    resolveEscalation: assign(({ context, event }) => {
      assertEvent(event, 'escalation.resolved');
      return {
        resolution: event.resolution,
        outcome: 'resolved_by_team_lead' as const,
        escalations: replaceLast(context.escalations, (record) => ({ ...record, resolvedAt: event.at })),
      };
    }),
    markExplained: assign({ outcome: 'explained' as const }),
    markRemedied: assign({ outcome: 'remedied' as const }),
    startCustomerWait: assign(({ context, event }) => {
      assertEvent(event, 'customer.wait');
      const pause: ClockPause = {
        kind: 'waiting_on_customer',
        reason: event.reason,
        from: event.at,
        by: event.by,
        to: null,
      };
      return { waitingOnCustomer: true, clockPauses: [...context.clockPauses, pause] };
    }),
    /** The customer answered, explicitly or by taking part in the next step. */
    endCustomerWait: assign(({ context, event }) => ({
      waitingOnCustomer: false,
      clockPauses: endPause(context.clockPauses, 'waiting_on_customer', event.at),
    })),
    /** Settled: the clock holds while the customer is thanked and asked the closing question. */
    awaitClosing: assign(({ context, event }) => ({
      waitingOnCustomer: false,
      clockPauses: [
        ...endPause(context.clockPauses, 'waiting_on_customer', event.at),
        { kind: 'settled', reason: '', from: event.at, by: event.by, to: null },
      ],
    })),
    recordClosingAnswers: assign(({ event }) => {
      assertEvent(event, 'customer.thanked');
      return {
        closing: {
          settled: event.settled,
          anythingElse: event.anythingElse,
          satisfaction: event.satisfaction,
          at: event.at,
        },
      };
    }),
    escalateNotSettled: assign(({ context, event }) => {
      assertEvent(event, 'customer.thanked');
      return {
        outcome: null,
        clockPauses: endPause(context.clockPauses, 'settled', event.at),
        escalations: [...context.escalations, newEscalation('not_settled', '', 'thank', event)],
      };
    }),
    close: assign(({ event }) => ({ closedAt: event.at })),
  },
});

/** Events every working state accepts: the customer-wait pause and progress calls. */
const clockAndProgress = {
  'customer.wait': { guard: and(['clockRunning', 'hasReason']), actions: 'startCustomerWait' },
  'customer.answered': { guard: 'waitingOnCustomer', actions: 'endCustomerWait' },
  'progress.logged': { guard: 'hasNote', actions: 'logProgressCall' },
} as const;

const reassign = {
  'owner.assigned': { guard: 'isEligibleOwner', actions: 'assignOwner' },
} as const;

function escalateFrom(from: EscalationOrigin) {
  return {
    'complaint.escalated': {
      guard: 'hasReason',
      target: '#complaint.escalated',
      actions: { type: 'escalateOnRequest', params: { from } },
    },
  } as const;
}

function returnTo(step: ComplaintReturnStep) {
  return {
    guard: { type: 'mayReturnTo', params: { step } },
    target: `#complaint.${step}`,
    actions: 'returnToAgent',
  } as const;
}

/**
 * The complaint lifecycle: the six trained steps (receive, calm, clarify, explore solutions, act, thank),
 * with follow-up of actions that outlast the contact and escalation to the team lead.
 */
export const complaintMachine = complaintSetup.createMachine({
  id: 'complaint',
  version: '1',
  context: INITIAL_COMPLAINT_CONTEXT,
  initial: 'receive',
  states: {
    receive: {
      on: {
        'complaint.recorded': [
          {
            guard: and(['isCompleteRecord', 'needsTeamLeadAtOnce']),
            target: 'escalated',
            actions: ['recordComplaint', 'escalateOnReceipt'],
          },
          { guard: 'isCompleteRecord', target: 'calm', actions: 'recordComplaint' },
        ],
      },
    },
    calm: {
      on: {
        ...clockAndProgress,
        ...reassign,
        ...escalateFrom('calm'),
        'customer.calmed': { target: 'clarify', actions: 'endCustomerWait' },
      },
    },
    clarify: {
      on: {
        ...clockAndProgress,
        ...reassign,
        ...escalateFrom('clarify'),
        'problem.clarified': [
          {
            guard: and(['hasSummary', 'findsUpheld']),
            target: 'resolve.proposing',
            actions: ['recordClarification', 'endCustomerWait'],
          },
          {
            guard: and(['hasSummary', not('findsUpheld')]),
            target: 'resolve.explaining',
            actions: ['recordClarification', 'endCustomerWait'],
          },
        ],
      },
    },
    resolve: {
      initial: 'proposing',
      on: {
        ...clockAndProgress,
        ...reassign,
        ...escalateFrom('resolve'),
      },
      states: {
        /** Upheld: offer the customer a choice of remedies. */
        proposing: {
          on: { 'remedies.offered': { guard: 'isFreshOffer', target: 'awaiting_choice', actions: 'offerRemedies' } },
        },
        awaiting_choice: {
          on: {
            'remedy.chosen': {
              guard: 'isOfferedRemedy',
              target: '#complaint.act',
              actions: ['chooseRemedy', 'endCustomerWait'],
            },
            // Every remedy refused: look for others (or escalate, from the parent state).
            'remedies.rejected': { target: 'proposing', actions: ['rejectRemedies', 'endCustomerWait'] },
          },
        },
        /** Not upheld: explain patiently and clear up the misunderstanding. */
        explaining: {
          on: {
            'explanation.accepted': {
              target: '#complaint.thank',
              actions: ['endCustomerWait', 'markExplained'],
            },
            'explanation.rejected': {
              target: '#complaint.escalated',
              actions: ['endCustomerWait', 'escalateRejectedExplanation'],
            },
          },
        },
      },
    },
    act: {
      on: {
        ...clockAndProgress,
        ...reassign,
        ...escalateFrom('act'),
        'action.completed': { target: 'thank', actions: ['completeActionDuringContact', 'markRemedied'] },
        'action.deferred': { guard: 'isValidDeferral', target: 'follow_up', actions: 'deferAction' },
      },
    },
    /** The remedy outlasts the contact: it has a due date and an owner, and the customer gets progress calls. */
    follow_up: {
      on: {
        ...clockAndProgress,
        ...reassign,
        ...escalateFrom('follow_up'),
        'action.rescheduled': { guard: 'isValidReschedule', actions: 'rescheduleAction' },
        'action.completed': { target: 'thank', actions: ['completeFollowedUpAction', 'markRemedied'] },
      },
    },
    /** With the team lead, who accepts it, appoints a follow-up owner, and resolves it or hands it back. */
    escalated: {
      initial: 'awaiting_team_lead',
      on: { ...clockAndProgress },
      states: {
        awaiting_team_lead: {
          on: { 'escalation.accepted': { target: 'handling', actions: 'acceptEscalation' } },
        },
        handling: {
          on: {
            ...reassign,
            'escalation.returned': [
              returnTo('resolve'),
              returnTo('calm'),
              returnTo('clarify'),
              returnTo('act'),
              returnTo('follow_up'),
            ],
            'escalation.resolved': { guard: 'hasResolution', target: '#complaint.thank', actions: 'resolveEscalation' },
          },
        },
      },
    },
    /** Thank, apologise again, and ask the closing question; the satisfaction score is recorded. */
    thank: {
      entry: 'awaitClosing',
      on: {
        'customer.thanked': [
          {
            guard: and(['isValidClosing', or(['customerSettled', 'resolvedByTeamLead'])]),
            target: 'closed',
            actions: 'recordClosingAnswers',
          },
          // Not settled: an agent does not close it, the team lead takes it.
          {
            guard: 'isValidClosing',
            target: 'escalated',
            actions: ['recordClosingAnswers', 'escalateNotSettled'],
          },
        ],
      },
    },
    closed: {
      type: 'final',
      entry: 'close',
    },
  },
});

import { StateValue } from 'xstate';
import {
  COMPLAINT_EVENT_TYPES,
  ComplaintEvent,
  ComplaintEventOf,
  ComplaintEventType,
  ComplaintSnapshot,
  allowedEvents,
  allowedReturnSteps,
  applyComplaintEvent,
  complaintStateOf,
  complaintStepOf,
  initialComplaintSnapshot,
  persistComplaintSnapshot,
  restoreComplaintSnapshot,
} from '.';

const AGENT = 'agent-ann';
const OTHER_AGENT = 'agent-bo';
const LEAD = 'lead-lin';
const SUPERVISOR = 'sup-sam';

const at = (minute: number) => new Date(Date.parse('2025-09-22T02:00:00Z') + minute * 60_000).toISOString();

type Fields<T extends ComplaintEventType> = Partial<Omit<ComplaintEventOf<T>, 'type'>>;

/** Event factories with valid defaults; override any field. */
const ev = {
  recorded: (fields: Fields<'complaint.recorded'> = {}): ComplaintEvent => ({
    type: 'complaint.recorded',
    complaintId: 'C-1001',
    category: 'billing',
    complexity: 'general',
    description: 'Charged twice for the September bill',
    valueTier: 'ordinary',
    aboutAgentConduct: false,
    threatening: false,
    at: at(0),
    by: AGENT,
    ...fields,
  }),
  calmed: (fields: Fields<'customer.calmed'> = {}): ComplaintEvent => ({ type: 'customer.calmed', at: at(2), by: AGENT, ...fields }),
  clarified: (fields: Fields<'problem.clarified'> = {}): ComplaintEvent => ({
    type: 'problem.clarified',
    upheld: true,
    summary: 'The September bill was collected twice',
    at: at(5),
    by: AGENT,
    ...fields,
  }),
  explanationAccepted: (): ComplaintEvent => ({ type: 'explanation.accepted', at: at(8), by: AGENT }),
  explanationRejected: (note = 'Still thinks the fee is unfair'): ComplaintEvent => ({
    type: 'explanation.rejected',
    note,
    at: at(8),
    by: AGENT,
  }),
  offered: (ids: string[] = ['refund', 'credit'], fields: Fields<'remedies.offered'> = {}): ComplaintEvent => ({
    type: 'remedies.offered',
    remedies: ids.map((id) => ({ id, description: `Remedy ${id}` })),
    at: at(7),
    by: AGENT,
    ...fields,
  }),
  chosen: (remedyId = 'refund'): ComplaintEvent => ({ type: 'remedy.chosen', remedyId, at: at(9), by: AGENT }),
  rejected: (note = 'Wants a cash refund instead'): ComplaintEvent => ({ type: 'remedies.rejected', note, at: at(9), by: AGENT }),
  completed: (fields: Fields<'action.completed'> = {}): ComplaintEvent => ({
    type: 'action.completed',
    note: 'Refund issued',
    at: at(12),
    by: AGENT,
    ...fields,
  }),
  deferred: (fields: Fields<'action.deferred'> = {}): ComplaintEvent => ({
    type: 'action.deferred',
    description: 'Finance reverses the second collection',
    dueAt: at(60 * 24),
    ownerId: AGENT,
    at: at(12),
    by: AGENT,
    ...fields,
  }),
  rescheduled: (fields: Fields<'action.rescheduled'> = {}): ComplaintEvent => ({
    type: 'action.rescheduled',
    dueAt: at(60 * 48),
    reason: 'Finance needs the bank statement',
    at: at(60),
    by: AGENT,
    ...fields,
  }),
  progress: (fields: Fields<'progress.logged'> = {}): ComplaintEvent => ({
    type: 'progress.logged',
    note: 'Told the customer finance has the case',
    at: at(30),
    by: AGENT,
    ...fields,
  }),
  escalated: (fields: Fields<'complaint.escalated'> = {}): ComplaintEvent => ({
    type: 'complaint.escalated',
    reason: 'Needs approval above my limit',
    at: at(10),
    by: AGENT,
    ...fields,
  }),
  accepted: (fields: Fields<'escalation.accepted'> = {}): ComplaintEvent => ({
    type: 'escalation.accepted',
    at: at(15),
    by: LEAD,
    ...fields,
  }),
  ownerAssigned: (ownerId = OTHER_AGENT, fields: Fields<'owner.assigned'> = {}): ComplaintEvent => ({
    type: 'owner.assigned',
    ownerId,
    at: at(16),
    by: LEAD,
    ...fields,
  }),
  returned: (to: ComplaintEventOf<'escalation.returned'>['to'] = 'resolve', guidance = 'Offer the goodwill credit'): ComplaintEvent => ({
    type: 'escalation.returned',
    to,
    guidance,
    at: at(20),
    by: LEAD,
  }),
  resolved: (resolution = 'Refunded with a goodwill credit'): ComplaintEvent => ({
    type: 'escalation.resolved',
    resolution,
    at: at(25),
    by: LEAD,
  }),
  thanked: (fields: Fields<'customer.thanked'> = {}): ComplaintEvent => ({
    type: 'customer.thanked',
    settled: true,
    anythingElse: null,
    satisfaction: 4,
    at: at(14),
    by: AGENT,
    ...fields,
  }),
  wait: (fields: Fields<'customer.wait'> = {}): ComplaintEvent => ({
    type: 'customer.wait',
    reason: 'Customer is looking for the bank statement',
    at: at(6),
    by: AGENT,
    ...fields,
  }),
  answered: (fields: Fields<'customer.answered'> = {}): ComplaintEvent => ({
    type: 'customer.answered',
    at: at(40),
    by: AGENT,
    ...fields,
  }),
};

/** Applies events in order, failing loudly if one is refused. */
function run(events: ComplaintEvent[], from: ComplaintSnapshot | null = null): ComplaintSnapshot {
  let snapshot = from ?? initialComplaintSnapshot();
  for (const event of events) {
    const result = applyComplaintEvent(snapshot, event);
    if (!result.changed) {
      throw new Error(`${event.type} refused in ${JSON.stringify(snapshot.value)}`);
    }
    snapshot = result.snapshot;
  }
  return snapshot;
}

function expectRefused(snapshot: ComplaintSnapshot, event: ComplaintEvent) {
  const result = applyComplaintEvent(snapshot, event);
  expect(result.changed).toBe(false);
  expect(result.snapshot).toBe(snapshot);
  expect(result.persisted).toEqual(persistComplaintSnapshot(snapshot));
}

const reach = {
  receive: () => initialComplaintSnapshot(),
  calm: () => run([ev.recorded()]),
  clarify: () => run([ev.recorded(), ev.calmed()]),
  proposing: () => run([ev.recorded(), ev.calmed(), ev.clarified()]),
  awaitingChoice: () => run([ev.recorded(), ev.calmed(), ev.clarified(), ev.offered()]),
  explaining: () => run([ev.recorded(), ev.calmed(), ev.clarified({ upheld: false })]),
  act: () => run([ev.recorded(), ev.calmed(), ev.clarified(), ev.offered(), ev.chosen()]),
  followUp: () => run([ev.recorded(), ev.calmed(), ev.clarified(), ev.offered(), ev.chosen(), ev.deferred()]),
  awaitingTeamLead: () => run([ev.recorded(), ev.calmed(), ev.escalated()]),
  handling: () => run([ev.recorded(), ev.calmed(), ev.escalated(), ev.accepted()]),
  thank: () => run([ev.recorded(), ev.calmed(), ev.clarified({ upheld: false }), ev.explanationAccepted()]),
  closed: () =>
    run([ev.recorded(), ev.calmed(), ev.clarified({ upheld: false }), ev.explanationAccepted(), ev.thanked()]),
  calmWaiting: () => run([ev.recorded(), ev.wait()]),
  handlingWaiting: () => run([ev.recorded(), ev.calmed(), ev.escalated(), ev.accepted(), ev.wait({ at: at(17) })]),
};

/** A well-formed event of each type for the given snapshot, so a refusal can only come from the state. */
function sampleEvent(type: ComplaintEventType, snapshot: ComplaintSnapshot): ComplaintEvent {
  const offers = snapshot.context.remedyOffers;
  switch (type) {
    case 'complaint.recorded':
      return ev.recorded();
    case 'customer.calmed':
      return ev.calmed();
    case 'problem.clarified':
      return ev.clarified();
    case 'explanation.accepted':
      return ev.explanationAccepted();
    case 'explanation.rejected':
      return ev.explanationRejected();
    case 'remedies.offered':
      return ev.offered([`fresh-${offers.length}`]);
    case 'remedy.chosen':
      return ev.chosen(offers[offers.length - 1]?.remedies[0]?.id ?? 'refund');
    case 'remedies.rejected':
      return ev.rejected();
    case 'action.completed':
      return ev.completed();
    case 'action.deferred':
      return ev.deferred();
    case 'action.rescheduled':
      return ev.rescheduled();
    case 'progress.logged':
      return ev.progress();
    case 'complaint.escalated':
      return ev.escalated();
    case 'escalation.accepted':
      return ev.accepted();
    case 'owner.assigned':
      return ev.ownerAssigned();
    case 'escalation.returned':
      return ev.returned('resolve');
    case 'escalation.resolved':
      return ev.resolved();
    case 'customer.thanked':
      return ev.thanked();
    case 'customer.wait':
      return ev.wait();
    case 'customer.answered':
      return ev.answered();
  }
}

/** States x events: the events each state accepts and the state each one leads to; every other event is refused. */
const TABLE: Array<[string, () => ComplaintSnapshot, Partial<Record<ComplaintEventType, StateValue>>]> = [
  ['receive', reach.receive, { 'complaint.recorded': 'calm' }],
  [
    'calm',
    reach.calm,
    {
      'customer.calmed': 'clarify',
      'complaint.escalated': { escalated: 'awaiting_team_lead' },
      'owner.assigned': 'calm',
      'progress.logged': 'calm',
      'customer.wait': 'calm',
    },
  ],
  [
    'calm while waiting on the customer',
    reach.calmWaiting,
    {
      'customer.calmed': 'clarify',
      'complaint.escalated': { escalated: 'awaiting_team_lead' },
      'owner.assigned': 'calm',
      'progress.logged': 'calm',
      'customer.answered': 'calm',
    },
  ],
  [
    'clarify',
    reach.clarify,
    {
      'problem.clarified': { resolve: 'proposing' },
      'complaint.escalated': { escalated: 'awaiting_team_lead' },
      'owner.assigned': 'clarify',
      'progress.logged': 'clarify',
      'customer.wait': 'clarify',
    },
  ],
  [
    'resolve.proposing',
    reach.proposing,
    {
      'remedies.offered': { resolve: 'awaiting_choice' },
      'complaint.escalated': { escalated: 'awaiting_team_lead' },
      'owner.assigned': { resolve: 'proposing' },
      'progress.logged': { resolve: 'proposing' },
      'customer.wait': { resolve: 'proposing' },
    },
  ],
  [
    'resolve.awaiting_choice',
    reach.awaitingChoice,
    {
      'remedy.chosen': 'act',
      'remedies.rejected': { resolve: 'proposing' },
      'complaint.escalated': { escalated: 'awaiting_team_lead' },
      'owner.assigned': { resolve: 'awaiting_choice' },
      'progress.logged': { resolve: 'awaiting_choice' },
      'customer.wait': { resolve: 'awaiting_choice' },
    },
  ],
  [
    'resolve.explaining',
    reach.explaining,
    {
      'explanation.accepted': 'thank',
      'explanation.rejected': { escalated: 'awaiting_team_lead' },
      'complaint.escalated': { escalated: 'awaiting_team_lead' },
      'owner.assigned': { resolve: 'explaining' },
      'progress.logged': { resolve: 'explaining' },
      'customer.wait': { resolve: 'explaining' },
    },
  ],
  [
    'act',
    reach.act,
    {
      'action.completed': 'thank',
      'action.deferred': 'follow_up',
      'complaint.escalated': { escalated: 'awaiting_team_lead' },
      'owner.assigned': 'act',
      'progress.logged': 'act',
      'customer.wait': 'act',
    },
  ],
  [
    'follow_up',
    reach.followUp,
    {
      'action.completed': 'thank',
      'action.rescheduled': 'follow_up',
      'complaint.escalated': { escalated: 'awaiting_team_lead' },
      'owner.assigned': 'follow_up',
      'progress.logged': 'follow_up',
      'customer.wait': 'follow_up',
    },
  ],
  [
    'escalated.awaiting_team_lead',
    reach.awaitingTeamLead,
    {
      'escalation.accepted': { escalated: 'handling' },
      'progress.logged': { escalated: 'awaiting_team_lead' },
      'customer.wait': { escalated: 'awaiting_team_lead' },
    },
  ],
  [
    'escalated.handling',
    reach.handling,
    {
      'owner.assigned': { escalated: 'handling' },
      'escalation.returned': { resolve: 'proposing' },
      'escalation.resolved': 'thank',
      'progress.logged': { escalated: 'handling' },
      'customer.wait': { escalated: 'handling' },
    },
  ],
  [
    'escalated.handling while waiting on the customer',
    reach.handlingWaiting,
    {
      'owner.assigned': { escalated: 'handling' },
      'escalation.returned': { resolve: 'proposing' },
      'escalation.resolved': 'thank',
      'progress.logged': { escalated: 'handling' },
      'customer.answered': { escalated: 'handling' },
    },
  ],
  ['thank', reach.thank, { 'customer.thanked': 'closed' }],
  ['closed', reach.closed, {}],
];

describe('complaintMachine: states x events', () => {
  describe.each(TABLE)('%s', (_name, reachState, accepted) => {
    const allowed = Object.keys(accepted) as ComplaintEventType[];

    it('reports exactly the accepted events', () => {
      expect([...allowedEvents(reachState())].sort()).toEqual([...allowed].sort());
    });

    if (allowed.length > 0) {
      it.each(allowed.map((type) => [type]))('accepts %s', (type) => {
        const snapshot = reachState();
        const result = applyComplaintEvent(snapshot, sampleEvent(type, snapshot));
        expect(result.changed).toBe(true);
        expect(result.snapshot.value).toEqual(accepted[type]);
        expect({ value: result.snapshot.value, context: result.snapshot.context }).not.toEqual({
          value: snapshot.value,
          context: snapshot.context,
        });
      });
    }

    const refused = COMPLAINT_EVENT_TYPES.filter((type) => !allowed.includes(type));
    it.each(refused.map((type) => [type]))('refuses %s, leaving the snapshot unchanged', (type) => {
      const snapshot = reachState();
      expectRefused(snapshot, sampleEvent(type, snapshot));
    });
  });

  it('covers every state of the machine', () => {
    const values = TABLE.map(([, reachState]) => JSON.stringify(reachState().value));
    expect(new Set(values)).toEqual(
      new Set(
        [
          'receive',
          'calm',
          'clarify',
          { resolve: 'proposing' },
          { resolve: 'awaiting_choice' },
          { resolve: 'explaining' },
          'act',
          'follow_up',
          { escalated: 'awaiting_team_lead' },
          { escalated: 'handling' },
          'thank',
          'closed',
        ].map((value) => JSON.stringify(value)),
      ),
    );
  });

  it('refuses an event of unknown type', () => {
    expectRefused(reach.calm(), { type: 'complaint.deleted', at: at(1), by: AGENT } as unknown as ComplaintEvent);
  });
});

describe('receive', () => {
  it('records the complaint and makes the recording agent its owner', () => {
    const snapshot = reach.calm();
    expect(snapshot.context).toMatchObject({
      complaintId: 'C-1001',
      receivedAt: at(0),
      agentId: AGENT,
      ownerId: AGENT,
      category: 'billing',
      complexity: 'general',
      description: 'Charged twice for the September bill',
      valueTier: 'ordinary',
      aboutAgentConduct: false,
      concernedAgentId: null,
      threatening: false,
      escalations: [],
    });
  });

  it('sends a complaint about an agent’s attitude straight to the team lead', () => {
    const snapshot = run([ev.recorded({ aboutAgentConduct: true, concernedAgentId: OTHER_AGENT })]);
    expect(snapshot.value).toEqual({ escalated: 'awaiting_team_lead' });
    expect(snapshot.context.concernedAgentId).toBe(OTHER_AGENT);
    expect(snapshot.context.escalations).toEqual([
      expect.objectContaining({ kind: 'agent_conduct', from: 'receive', escalatedAt: at(0), escalatedBy: AGENT }),
    ]);
    expect(complaintStepOf(snapshot)).toBe('receive');
  });

  it('alerts the team lead at once to a threatening call', () => {
    const snapshot = run([ev.recorded({ threatening: true })]);
    expect(snapshot.value).toEqual({ escalated: 'awaiting_team_lead' });
    expect(snapshot.context.threatening).toBe(true);
    expect(snapshot.context.escalations[0].kind).toBe('threatening');
  });

  it('ignores a concerned agent on a complaint that is not about conduct', () => {
    expect(run([ev.recorded({ concernedAgentId: OTHER_AGENT })]).context.concernedAgentId).toBeNull();
  });

  it.each<[string, Fields<'complaint.recorded'>]>([
    ['a blank number', { complaintId: ' ' }],
    ['a blank category', { category: '' }],
    ['a blank description', { description: '' }],
    ['an unknown complexity', { complexity: 'trivial' as never }],
    ['an unknown value tier', { valueTier: 'gold' as never }],
    ['a missing conduct flag', { aboutAgentConduct: undefined as never }],
    ['no sender', { by: '' }],
  ])('refuses a record with %s', (_name, fields) => {
    expectRefused(initialComplaintSnapshot(), ev.recorded(fields));
  });
});

describe('clarify and explore solutions', () => {
  it('records the clarified problem and whether it is upheld', () => {
    expect(reach.proposing().context).toMatchObject({ upheld: true, clarification: 'The September bill was collected twice' });
    const explaining = reach.explaining();
    expect(explaining.value).toEqual({ resolve: 'explaining' });
    expect(explaining.context.upheld).toBe(false);
  });

  it('refuses a clarification without a summary', () => {
    expectRefused(reach.clarify(), ev.clarified({ summary: '  ' }));
  });

  it('thanks the customer who accepts the explanation', () => {
    const snapshot = reach.thank();
    expect(snapshot.value).toBe('thank');
    expect(snapshot.context.outcome).toBe('explained');
  });

  it('escalates when the customer does not accept the explanation', () => {
    const snapshot = run([ev.explanationRejected('Says the contract never mentioned the fee')], reach.explaining());
    expect(snapshot.value).toEqual({ escalated: 'awaiting_team_lead' });
    expect(snapshot.context.escalations[0]).toMatchObject({
      kind: 'explanation_rejected',
      reason: 'Says the contract never mentioned the fee',
      from: 'resolve',
    });
  });

  it('records each offer of remedies and the one chosen', () => {
    const snapshot = reach.act();
    expect(snapshot.context.chosenRemedy).toEqual({ id: 'refund', description: 'Remedy refund' });
    expect(snapshot.context.remedyOffers).toEqual([
      {
        remedies: [
          { id: 'refund', description: 'Remedy refund' },
          { id: 'credit', description: 'Remedy credit' },
        ],
        offeredAt: at(7),
        offeredBy: AGENT,
        outcome: 'chosen',
        decidedAt: at(9),
        note: null,
      },
    ]);
  });

  it('keeps looking after every remedy is refused, with new remedies', () => {
    const afterRejection = run([ev.rejected()], reach.awaitingChoice());
    expect(afterRejection.value).toEqual({ resolve: 'proposing' });
    expect(afterRejection.context.remedyOffers[0]).toMatchObject({ outcome: 'rejected', note: 'Wants a cash refund instead' });
    expectRefused(afterRejection, ev.offered(['refund']));
    const secondRound = run([ev.offered(['cash']), ev.chosen('cash')], afterRejection);
    expect(secondRound.value).toBe('act');
    expect(secondRound.context.chosenRemedy?.id).toBe('cash');
    expect(secondRound.context.remedyOffers.map((offer) => offer.outcome)).toEqual(['rejected', 'chosen']);
  });

  it('can escalate after every remedy is refused', () => {
    const snapshot = run([ev.rejected(), ev.escalated({ reason: 'Customer refuses every remedy' })], reach.awaitingChoice());
    expect(snapshot.context.escalations[0]).toMatchObject({ kind: 'requested', from: 'resolve' });
  });

  it('withdraws an offer still open when the complaint is escalated', () => {
    const snapshot = run([ev.escalated()], reach.awaitingChoice());
    expect(snapshot.context.remedyOffers[0].outcome).toBe('withdrawn');
  });

  it.each<[string, ComplaintEvent]>([
    ['no remedies', ev.offered([])],
    ['duplicate ids', ev.offered(['refund', 'refund'])],
    ['a remedy without a description', ev.offered([], { remedies: [{ id: 'x', description: ' ' }] })],
  ])('refuses an offer with %s', (_name, event) => {
    expectRefused(reach.proposing(), event);
  });

  it('refuses a remedy that was not offered', () => {
    expectRefused(reach.awaitingChoice(), ev.chosen('voucher'));
  });
});

describe('act and follow up', () => {
  it('thanks the customer when the remedy is carried out during the contact', () => {
    const snapshot = run([ev.completed()], reach.act());
    expect(snapshot.value).toBe('thank');
    expect(snapshot.context.outcome).toBe('remedied');
    expect(snapshot.context.actions).toEqual([
      {
        description: 'Remedy refund',
        ownerId: AGENT,
        startedAt: at(12),
        dueAt: null,
        completedAt: at(12),
        completionNote: 'Refund issued',
        dueDateChanges: [],
      },
    ]);
  });

  it('follows up an action that outlasts the contact until it is done', () => {
    const followUp = run([ev.progress({ at: at(600) }), ev.rescheduled(), ev.progress({ at: at(1200), note: 'Refund approved' })], reach.followUp());
    expect(followUp.context.actions[0]).toMatchObject({
      description: 'Finance reverses the second collection',
      ownerId: AGENT,
      dueAt: at(60 * 48),
      completedAt: null,
      dueDateChanges: [
        { from: at(60 * 24), to: at(60 * 48), reason: 'Finance needs the bank statement', at: at(60), by: AGENT },
      ],
    });
    expect(followUp.context.progressCalls.map((call) => call.note)).toEqual([
      'Told the customer finance has the case',
      'Refund approved',
    ]);
    const done = run([ev.completed({ at: at(1500), note: 'Reversed' })], followUp);
    expect(done.value).toBe('thank');
    expect(done.context.actions[0]).toMatchObject({ completedAt: at(1500), completionNote: 'Reversed' });
    expect(done.context.actions).toHaveLength(1);
  });

  it.each<[string, Fields<'action.deferred'>]>([
    ['a due date before now', { dueAt: at(11) }],
    ['a due date equal to now', { dueAt: at(12) }],
    ['an unreadable due date', { dueAt: 'next week' }],
    ['no owner', { ownerId: '' }],
    ['no description', { description: '' }],
  ])('refuses a deferral with %s', (_name, fields) => {
    expectRefused(reach.act(), ev.deferred(fields));
  });

  it.each<[string, Fields<'action.rescheduled'>]>([
    ['a due date in the past', { dueAt: at(30) }],
    ['the same due date', { dueAt: at(60 * 24) }],
    ['no reason', { reason: '' }],
  ])('refuses a reschedule with %s', (_name, fields) => {
    expectRefused(reach.followUp(), ev.rescheduled(fields));
  });

  it('refuses a progress call without a note', () => {
    expectRefused(reach.followUp(), ev.progress({ note: '' }));
  });
});

describe('escalation to the team lead', () => {
  it.each<[string, () => ComplaintSnapshot, string]>([
    ['calm', reach.calm, 'calm'],
    ['clarify', reach.clarify, 'clarify'],
    ['resolve', reach.proposing, 'resolve'],
    ['act', reach.act, 'act'],
    ['follow_up', reach.followUp, 'follow_up'],
  ])('escalates from %s with a reason and remembers where from', (_name, reachState, from) => {
    const snapshot = run([ev.escalated({ by: SUPERVISOR })], reachState());
    expect(snapshot.value).toEqual({ escalated: 'awaiting_team_lead' });
    expect(snapshot.context.escalations).toEqual([
      {
        kind: 'requested',
        reason: 'Needs approval above my limit',
        from,
        escalatedAt: at(10),
        escalatedBy: SUPERVISOR,
        acceptedAt: null,
        acceptedBy: null,
        returnedAt: null,
        returnedTo: null,
        guidance: null,
        resolvedAt: null,
      },
    ]);
  });

  it('refuses an escalation without a reason', () => {
    expectRefused(reach.act(), ev.escalated({ reason: ' ' }));
  });

  it('records the team lead who accepts it', () => {
    const snapshot = reach.handling();
    expect(snapshot.context.teamLeadId).toBe(LEAD);
    expect(snapshot.context.escalations[0]).toMatchObject({ acceptedAt: at(15), acceptedBy: LEAD });
  });

  it('lets the team lead appoint a follow-up owner, or take it', () => {
    expect(run([ev.ownerAssigned(OTHER_AGENT)], reach.handling()).context.ownerId).toBe(OTHER_AGENT);
    expect(run([ev.ownerAssigned(LEAD)], reach.handling()).context.ownerId).toBe(LEAD);
    expectRefused(reach.handling(), ev.ownerAssigned(''));
    expectRefused(reach.handling(), ev.ownerAssigned(AGENT));
  });

  it('hands it back to explore solutions with guidance', () => {
    const snapshot = run([ev.escalated(), ev.accepted(), ev.returned('resolve')], reach.act());
    expect(snapshot.value).toEqual({ resolve: 'proposing' });
    expect(snapshot.context.chosenRemedy).toBeNull();
    expect(snapshot.context.escalations[0]).toMatchObject({
      returnedAt: at(20),
      returnedTo: 'resolve',
      guidance: 'Offer the goodwill credit',
    });
    expect(complaintStepOf(snapshot)).toBe('resolve');
  });

  it.each<[string, () => ComplaintSnapshot, ComplaintEventOf<'escalation.returned'>['to'], StateValue]>([
    ['calm', reach.calm, 'calm', 'calm'],
    ['clarify', reach.clarify, 'clarify', 'clarify'],
    ['resolve', reach.awaitingChoice, 'resolve', { resolve: 'proposing' }],
    ['act', reach.act, 'act', 'act'],
    ['follow_up', reach.followUp, 'follow_up', 'follow_up'],
  ])('hands it back to the step it came from: %s', (_name, reachState, to, value) => {
    const handling = run([ev.escalated(), ev.accepted()], reachState());
    expect(allowedReturnSteps(handling).sort()).toEqual([...new Set(['resolve', to])].sort());
    const snapshot = run([ev.returned(to)], handling);
    expect(snapshot.value).toEqual(value);
  });

  it('keeps the chosen remedy and open action when handed back to act or follow-up', () => {
    const backToFollowUp = run([ev.escalated(), ev.accepted(), ev.returned('follow_up')], reach.followUp());
    expect(backToFollowUp.context.chosenRemedy?.id).toBe('refund');
    expect(backToFollowUp.context.actions[0].completedAt).toBeNull();
  });

  it('refuses to hand it back to a step it did not come from, or without guidance', () => {
    const handling = run([ev.escalated(), ev.accepted()], reach.clarify());
    expectRefused(handling, ev.returned('act'));
    expectRefused(handling, ev.returned('follow_up'));
    expectRefused(handling, ev.returned('calm'));
    expectRefused(handling, ev.returned('resolve', ''));
  });

  it('does not hand a conduct complaint back to the agent it is about', () => {
    const aboutTheOwner = run([ev.recorded({ aboutAgentConduct: true, concernedAgentId: AGENT }), ev.accepted()]);
    expect(allowedReturnSteps(aboutTheOwner)).toEqual([]);
    expectRefused(aboutTheOwner, ev.returned('resolve'));
    expectRefused(aboutTheOwner, ev.ownerAssigned(AGENT));
    const reassigned = run([ev.ownerAssigned(OTHER_AGENT), ev.returned('resolve')], aboutTheOwner);
    expect(reassigned.value).toEqual({ resolve: 'proposing' });
    expect(reassigned.context.ownerId).toBe(OTHER_AGENT);
  });

  it('never makes the agent a conduct complaint is about its owner', () => {
    const aboutAnotherAgent = run([ev.recorded({ aboutAgentConduct: true, concernedAgentId: OTHER_AGENT }), ev.accepted()]);
    expectRefused(aboutAnotherAgent, ev.ownerAssigned(OTHER_AGENT));
    expect(run([ev.ownerAssigned(LEAD)], aboutAnotherAgent).context.ownerId).toBe(LEAD);
  });

  it('closes a complaint the team lead resolved, even when the customer is not fully satisfied', () => {
    const thank = run([ev.resolved()], reach.handling());
    expect(thank.value).toBe('thank');
    expect(thank.context).toMatchObject({ resolution: 'Refunded with a goodwill credit', outcome: 'resolved_by_team_lead' });
    expect(thank.context.escalations[0].resolvedAt).toBe(at(25));
    const closed = run([ev.thanked({ settled: false, satisfaction: 2, at: at(30), by: LEAD })], thank);
    expect(closed.value).toBe('closed');
    expect(closed.context.closing).toEqual({ settled: false, anythingElse: null, satisfaction: 2, at: at(30) });
  });

  it('refuses a resolution without text', () => {
    expectRefused(reach.handling(), ev.resolved(''));
  });

  it('can be escalated again after being handed back', () => {
    const snapshot = run([ev.returned('resolve'), ev.escalated({ at: at(50) })], reach.handling());
    expect(snapshot.context.escalations).toHaveLength(2);
    expect(snapshot.context.escalations[1]).toMatchObject({ from: 'resolve', escalatedAt: at(50), acceptedAt: null });
  });
});

describe('thank and close', () => {
  it('records the closing answers and closes', () => {
    const snapshot = run([ev.thanked({ anythingElse: 'Asked about the new tariff', satisfaction: 5 })], reach.thank());
    expect(snapshot.value).toBe('closed');
    expect(snapshot.status).toBe('done');
    expect(snapshot.context.closing).toEqual({
      settled: true,
      anythingElse: 'Asked about the new tariff',
      satisfaction: 5,
      at: at(14),
    });
    expect(snapshot.context.closedAt).toBe(at(14));
    expect(complaintStepOf(snapshot)).toBeNull();
  });

  it('closes when the customer declines to score', () => {
    expect(run([ev.thanked({ satisfaction: null })], reach.thank()).value).toBe('closed');
  });

  it.each([0, 6, 3.5, Number.NaN])('refuses a satisfaction score of %p', (satisfaction) => {
    expectRefused(reach.thank(), ev.thanked({ satisfaction }));
  });

  it('sends a complaint the customer says is not settled to the team lead instead of closing it', () => {
    const snapshot = run([ev.thanked({ settled: false, satisfaction: 1 })], reach.thank());
    expect(snapshot.value).toEqual({ escalated: 'awaiting_team_lead' });
    expect(snapshot.context.outcome).toBeNull();
    expect(snapshot.context.closing).toMatchObject({ settled: false, satisfaction: 1 });
    expect(snapshot.context.escalations[0]).toMatchObject({ kind: 'not_settled', from: 'thank' });
    expect(complaintStepOf(snapshot)).toBe('thank');
    expect(allowedReturnSteps(run([ev.accepted()], snapshot))).toEqual(['resolve']);
  });
});

describe('waiting on the customer', () => {
  it('pauses with a reason and resumes when the customer answers', () => {
    const waiting = reach.calmWaiting();
    expect(waiting.context.waitingOnCustomer).toBe(true);
    expect(waiting.context.clockPauses).toEqual([
      { kind: 'waiting_on_customer', reason: 'Customer is looking for the bank statement', from: at(6), by: AGENT, to: null },
    ]);
    expectRefused(waiting, ev.wait());
    const answered = run([ev.answered()], waiting);
    expect(answered.context.waitingOnCustomer).toBe(false);
    expect(answered.context.clockPauses[0].to).toBe(at(40));
    expectRefused(answered, ev.answered());
  });

  it('refuses a pause without a reason', () => {
    expectRefused(reach.clarify(), ev.wait({ reason: '' }));
  });

  it('ends the wait when the customer takes part in the next step', () => {
    const snapshot = run([ev.wait({ at: at(8) }), ev.chosen('credit')], reach.awaitingChoice());
    expect(snapshot.context.waitingOnCustomer).toBe(false);
    expect(snapshot.context.clockPauses[0].to).toBe(at(9));
  });

  it('keeps waiting through an escalation', () => {
    const snapshot = run([ev.wait(), ev.escalated(), ev.accepted()], reach.clarify());
    expect(snapshot.context.waitingOnCustomer).toBe(true);
    expect(allowedEvents(snapshot)).toContain('customer.answered');
  });

  it('holds the clock once settled, and restarts it if the customer says it is not settled', () => {
    const thank = run([ev.wait({ at: at(10) }), ev.completed({ at: at(20) })], reach.act());
    expect(thank.context.waitingOnCustomer).toBe(false);
    expect(thank.context.clockPauses).toEqual([
      expect.objectContaining({ kind: 'waiting_on_customer', from: at(10), to: at(20) }),
      expect.objectContaining({ kind: 'settled', from: at(20), to: null }),
    ]);
    const reopened = run([ev.thanked({ settled: false, at: at(25) })], thank);
    expect(reopened.context.clockPauses[1].to).toBe(at(25));
  });
});

describe('persistence', () => {
  const journey = () =>
    run([ev.recorded(), ev.calmed(), ev.clarified(), ev.offered(), ev.chosen(), ev.deferred(), ev.wait({ at: at(20) })]);

  it('round-trips through JSON and carries on', () => {
    const snapshot = journey();
    const stored = JSON.parse(JSON.stringify(persistComplaintSnapshot(snapshot)));
    const restored = restoreComplaintSnapshot(stored);
    expect(restored.value).toEqual(snapshot.value);
    expect(restored.context).toEqual(snapshot.context);
    expect(allowedEvents(restored)).toEqual(allowedEvents(snapshot));
    const next = applyComplaintEvent(restored, ev.answered());
    expect(next.changed).toBe(true);
    expect(next.snapshot.context.waitingOnCustomer).toBe(false);
  });

  it('applies an event to a stored snapshot directly', () => {
    const stored = JSON.parse(JSON.stringify(applyComplaintEvent(null, ev.recorded()).persisted));
    const result = applyComplaintEvent(stored, ev.calmed());
    expect(result.changed).toBe(true);
    expect(result.persisted.value).toBe('clarify');
    expect(JSON.parse(JSON.stringify(result.persisted))).toEqual(result.persisted);
  });

  it('refuses events on a stored closed complaint', () => {
    const stored = JSON.parse(JSON.stringify(persistComplaintSnapshot(reach.closed())));
    const restored = restoreComplaintSnapshot(stored);
    expect(restored.status).toBe('done');
    expect(allowedEvents(restored)).toEqual([]);
    expect(applyComplaintEvent(stored, ev.progress()).changed).toBe(false);
  });

  it('starts a new complaint from null and refuses anything but a record', () => {
    const refused = applyComplaintEvent(null, ev.calmed());
    expect(refused.changed).toBe(false);
    expect(refused.persisted.value).toBe('receive');
    expect(applyComplaintEvent(null, ev.recorded()).persisted.value).toBe('calm');
  });

  it('fills context fields a stored snapshot predates with their initial values', () => {
    const stored = JSON.parse(JSON.stringify(persistComplaintSnapshot(reach.calm())));
    delete stored.context.clockPauses;
    expect(restoreComplaintSnapshot(stored).context.clockPauses).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'calm'],
    ['no context', { value: 'calm' }],
    ['no state value', { context: {} }],
    ['an unknown state', { value: 'archived', context: {} }],
    ['an unknown sub-state', { value: { resolve: 'haggling' }, context: {} }],
  ])('refuses to restore %s', (_name, stored) => {
    expect(() => restoreComplaintSnapshot(stored)).toThrow(TypeError);
  });
});

describe('complaintStateOf / complaintStepOf', () => {
  it.each<[string, () => ComplaintSnapshot, string, string | null]>([
    ['receive', reach.receive, 'receive', 'receive'],
    ['calm', reach.calm, 'calm', 'calm'],
    ['clarify', reach.clarify, 'clarify', 'clarify'],
    ['resolve', reach.awaitingChoice, 'resolve', 'resolve'],
    ['act', reach.act, 'act', 'act'],
    ['follow_up', reach.followUp, 'follow_up', 'act'],
    ['escalated from clarify', reach.awaitingTeamLead, 'escalated', 'clarify'],
    ['escalated from follow-up', () => run([ev.escalated()], reach.followUp()), 'escalated', 'act'],
    ['thank', reach.thank, 'thank', 'thank'],
    ['closed', reach.closed, 'closed', null],
  ])('%s', (_name, reachState, state, step) => {
    const snapshot = reachState();
    expect(complaintStateOf(snapshot)).toBe(state);
    expect(complaintStepOf(snapshot)).toBe(step);
  });
});

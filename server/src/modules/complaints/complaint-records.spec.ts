import { applyComplaintEvent, initialComplaintSnapshot, INITIAL_COMPLAINT_CONTEXT, type ComplaintEvent, type ComplaintSnapshot, type ComplaintDeadline } from '@callcentre/shared';
import { clockEventsAdded, complaintNumber, deadlineColumns, eventPayload, yearIn } from './complaint-records';

const by = 'agent-amy';
const at = (minute: number) => new Date(Date.parse('2026-11-02T02:00:00Z') + minute * 60_000).toISOString();

function run(events: ComplaintEvent[], from: ComplaintSnapshot = initialComplaintSnapshot()): ComplaintSnapshot {
  return events.reduce((snapshot, event) => {
    const result = applyComplaintEvent(snapshot, event);
    if (!result.changed) throw new Error(`${event.type} refused`);
    return result.snapshot;
  }, from);
}

const recorded: ComplaintEvent = {
  type: 'complaint.recorded',
  complaintId: 'CMP-2026-000001',
  category: 'billing',
  complexity: 'simple',
  description: 'Charged twice',
  valueTier: 'ordinary',
  aboutAgentConduct: false,
  threatening: false,
  at: at(0),
  by,
};

describe('clockEventsAdded', () => {
  it('reads what a transition added to the clock: start, a pause with its reason, the resume, a progress call', () => {
    const received = run([recorded]);
    expect(clockEventsAdded(INITIAL_COMPLAINT_CONTEXT, received.context)).toEqual([{ kind: 'started', at: at(0), reason: null, actorId: by, details: {} }]);
    const waiting = run([{ type: 'customer.wait', reason: 'Finding the receipt', at: at(5), by }], received);
    expect(clockEventsAdded(received.context, waiting.context)).toEqual([
      { kind: 'paused', at: at(5), reason: 'Finding the receipt', actorId: by, details: { pause: 'waiting_on_customer' } },
    ]);
    const calls = run([{ type: 'progress.logged', note: 'Called back', at: at(6), by }], waiting);
    expect(clockEventsAdded(waiting.context, calls.context)).toEqual([{ kind: 'progress_call', at: at(6), reason: 'Called back', actorId: by, details: {} }]);
    const calmed = run([{ type: 'customer.calmed', at: at(9), by }], calls);
    expect(clockEventsAdded(calls.context, calmed.context)).toEqual([{ kind: 'resumed', at: at(9), reason: null, actorId: null, details: { pause: 'waiting_on_customer' } }]);
    expect(clockEventsAdded(calmed.context, calmed.context)).toEqual([]);
  });

  it('records the settled pause and the stop when the complaint closes', () => {
    const thank = run([
      recorded,
      { type: 'customer.calmed', at: at(1), by },
      { type: 'problem.clarified', upheld: false, summary: 'Billed as agreed', at: at(2), by },
      { type: 'explanation.accepted', at: at(3), by },
    ]);
    const closed = run([{ type: 'customer.thanked', settled: true, anythingElse: null, satisfaction: 4, at: at(4), by }], thank);
    expect(clockEventsAdded(thank.context, closed.context).map((entry) => entry.kind)).toEqual(['stopped']);
    expect(clockEventsAdded(INITIAL_COMPLAINT_CONTEXT, thank.context).map((entry) => [entry.kind, entry.reason])).toEqual([
      ['started', null],
      ['paused', 'Settled: awaiting the closing answers'],
    ]);
  });
});

describe('deadlineColumns', () => {
  const now = new Date('2026-11-02T06:00:00Z');
  const deadline = (status: ComplaintDeadline['status']): ComplaintDeadline => ({
    kind: 'resolution',
    status,
    clock: 'running',
    keyCustomer: false,
    countedFrom: new Date('2026-11-02T02:00:00Z'),
    dueAt: new Date('2026-11-03T02:00:00Z'),
    commitmentDueAt: new Date('2026-11-03T02:00:00Z'),
    allowedWorkingTimeMs: 8 * 3_600_000,
    elapsedWorkingTimeMs: 0,
    remainingWorkingTimeMs: 8 * 3_600_000,
    nextCrossing: status === 'breached' ? null : { at: new Date('2026-11-03T00:24:00Z'), status: status === 'on_track' ? 'due_soon' : 'breached' },
  });

  it('stores an evaluation that is not a crossing as it is', () => {
    expect(deadlineColumns(deadline('on_track'), 'on_track', now, true)).toMatchObject({ deadline_status: 'on_track', next_crossing_at: new Date('2026-11-03T00:24:00Z') });
    expect(deadlineColumns(deadline('on_track'), 'breached', now, true)).toMatchObject({ deadline_status: 'on_track' });
  });

  it('leaves a crossing to the scheduler: the old status stays and the scheduler is told to look now', () => {
    expect(deadlineColumns(deadline('breached'), 'on_track', now, true)).toMatchObject({ deadline_status: 'on_track', next_crossing_at: now });
    expect(deadlineColumns(deadline('breached'), 'on_track', now, false)).toMatchObject({ deadline_status: 'breached', next_crossing_at: null });
  });
});

describe('numbers and payloads', () => {
  it('numbers complaints CMP-<year>-<6 digits> by the year in the centre’s zone', () => {
    expect(complaintNumber(2026, 42)).toBe('CMP-2026-000042');
    expect(yearIn('Asia/Shanghai', new Date('2026-12-31T17:00:00Z'))).toBe(2027);
    expect(yearIn('Europe/London', new Date('2026-12-31T17:00:00Z'))).toBe(2026);
  });

  it('keeps an event’s own details for the history, without type, time and sender', () => {
    expect(eventPayload({ type: 'complaint.escalated', reason: 'Above my limit', at: at(1), by })).toEqual({ reason: 'Above my limit' });
  });
});

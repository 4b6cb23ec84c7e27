import { createBusinessCalendar } from '../calendar/business-calendar';
import { DEFAULT_COMPLAINT_DEADLINE_POLICY } from '../calendar/complaint-deadline';
import { complaintClockEvents, complaintDeadlineOf } from './complaint.clock';
import { ComplaintSnapshot, applyComplaintEvent, initialComplaintSnapshot } from './complaint.snapshot';
import { ComplaintEvent } from './complaint.types';

const shanghai = createBusinessCalendar({
  timeZone: 'Asia/Shanghai',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  workingHours: [
    { from: '09:00', to: '12:00' },
    { from: '13:00', to: '18:00' },
  ],
});

const sh = (date: string, time: string) => new Date(`2025-${date}T${time}:00+08:00`).toISOString();
const by = 'agent-ann';

function run(events: ComplaintEvent[]): ComplaintSnapshot {
  return events.reduce((snapshot, event) => {
    const result = applyComplaintEvent(snapshot, event);
    if (!result.changed) throw new Error(`${event.type} refused`);
    return result.snapshot;
  }, initialComplaintSnapshot());
}

const recorded: ComplaintEvent = {
  type: 'complaint.recorded',
  complaintId: 'C-7',
  category: 'delivery',
  complexity: 'simple',
  description: 'Parcel left in the rain',
  valueTier: 'ordinary',
  aboutAgentConduct: false,
  threatening: false,
  at: sh('09-22', '10:00'),
  by,
};

describe('complaintClockEvents', () => {
  it('has no clock before the complaint is recorded', () => {
    expect(complaintClockEvents(initialComplaintSnapshot().context)).toEqual([]);
    expect(complaintDeadlineOf(shanghai, DEFAULT_COMPLAINT_DEADLINE_POLICY, initialComplaintSnapshot().context, sh('09-22', '10:00'))).toBeNull();
  });

  it('reads receipt, waits, progress calls, settling and closing from the context', () => {
    const snapshot = run([
      recorded,
      { type: 'customer.wait', reason: 'Finding the order number', at: sh('09-22', '17:00'), by },
      { type: 'progress.logged', note: 'Courier asked for photos', at: sh('09-23', '09:30'), by },
      { type: 'customer.answered', at: sh('09-23', '10:00'), by },
      { type: 'customer.calmed', at: sh('09-23', '10:05'), by },
      { type: 'problem.clarified', upheld: false, summary: 'Delivered as instructed', at: sh('09-23', '10:10'), by },
      { type: 'explanation.accepted', at: sh('09-23', '10:20'), by },
      { type: 'customer.thanked', settled: true, anythingElse: null, satisfaction: 4, at: sh('09-23', '10:25'), by },
    ]);
    expect(complaintClockEvents(snapshot.context)).toEqual([
      { type: 'started', at: sh('09-22', '10:00') },
      { type: 'paused', at: sh('09-22', '17:00') },
      { type: 'progress_call', at: sh('09-23', '09:30') },
      { type: 'resumed', at: sh('09-23', '10:00') },
      { type: 'paused', at: sh('09-23', '10:20') },
      { type: 'stopped', at: sh('09-23', '10:25') },
    ]);
  });
});

describe('complaintDeadlineOf', () => {
  it('extends the deadline by the wait on the customer', () => {
    const waiting = run([
      recorded,
      { type: 'customer.wait', reason: 'Finding the order number', at: sh('09-22', '17:00'), by },
      { type: 'customer.answered', at: sh('09-23', '10:00'), by },
    ]);
    const deadline = complaintDeadlineOf(shanghai, DEFAULT_COMPLAINT_DEADLINE_POLICY, waiting.context, sh('09-23', '10:30'));
    expect(deadline?.dueAt.toISOString()).toBe(sh('09-23', '12:00'));
    expect(deadline?.status).toBe('due_soon');
  });

  it('holds the clock once settled', () => {
    const settled = run([
      recorded,
      { type: 'customer.calmed', at: sh('09-22', '10:05'), by },
      { type: 'problem.clarified', upheld: false, summary: 'Delivered as instructed', at: sh('09-22', '10:10'), by },
      { type: 'explanation.accepted', at: sh('09-22', '11:00'), by },
    ]);
    const deadline = complaintDeadlineOf(shanghai, DEFAULT_COMPLAINT_DEADLINE_POLICY, settled.context, sh('09-24', '10:00'));
    expect(deadline).toMatchObject({ clock: 'paused', status: 'on_track', elapsedWorkingTimeMs: 3_600_000, nextCrossing: null });
  });
});

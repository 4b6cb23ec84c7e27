import { ComplaintComplexity, ValueTier } from '../domain/call-centre';
import { createBusinessCalendar } from './business-calendar';
import {
  ComplaintClockEvent,
  ComplaintDeadlinePolicy,
  DEFAULT_COMPLAINT_DEADLINE_POLICY,
  evaluateComplaintDeadline,
} from './complaint-deadline';
import { MS_PER_HOUR, MS_PER_MINUTE } from './time-zone';

const H = MS_PER_HOUR;
const iso = (text: string) => new Date(text).toISOString();
/** Local Shanghai wall time on a day of the week of 22 September 2025 (Monday 22 ... Sunday 28). */
const sh = (date: string, time: string) => `2025-${date}T${time}:00+08:00`;

/** 8 working hours a day: 09:00-12:00 and 13:00-18:00, Monday to Friday. */
const shanghai = createBusinessCalendar({
  timeZone: 'Asia/Shanghai',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  workingHours: [
    { from: '09:00', to: '12:00' },
    { from: '13:00', to: '18:00' },
  ],
});

const london = createBusinessCalendar({
  timeZone: 'Europe/London',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  workingHours: [{ from: '09:00', to: '18:00' }],
});

function evaluate(
  complexity: ComplaintComplexity,
  events: ComplaintClockEvent[],
  now: string,
  options: { valueTier?: ValueTier; policy?: Partial<ComplaintDeadlinePolicy> } = {},
) {
  return evaluateComplaintDeadline(
    shanghai,
    { ...DEFAULT_COMPLAINT_DEADLINE_POLICY, ...options.policy },
    { complexity, valueTier: options.valueTier ?? 'ordinary', events },
    now,
  );
}

const receivedMonday10 = { type: 'started', at: sh('09-22', '10:00') } as const;

describe('evaluateComplaintDeadline: simple and general complaints', () => {
  it('is on track early on, with the crossing into "due soon" scheduled', () => {
    const result = evaluate('simple', [receivedMonday10], sh('09-22', '11:00'));
    expect(result).toMatchObject({
      kind: 'resolution',
      status: 'on_track',
      clock: 'running',
      keyCustomer: false,
      allowedWorkingTimeMs: 8 * H,
      elapsedWorkingTimeMs: 1 * H,
      remainingWorkingTimeMs: 7 * H,
    });
    expect(result.countedFrom.toISOString()).toBe(iso(sh('09-22', '10:00')));
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-23', '10:00')));
    expect(result.commitmentDueAt.toISOString()).toBe(iso(sh('09-23', '10:00')));
    // Due soon in the last 20% (1h36m): after 6h24m of working time, Monday 17:24.
    expect(result.nextCrossing).toEqual({ at: new Date(sh('09-22', '17:24')), status: 'due_soon' });
  });

  it('is due soon in the last 20%, with the breach scheduled', () => {
    const result = evaluate('simple', [receivedMonday10], sh('09-23', '09:00'));
    expect(result.status).toBe('due_soon');
    expect(result.remainingWorkingTimeMs).toBe(1 * H);
    expect(result.nextCrossing).toEqual({ at: new Date(sh('09-23', '10:00')), status: 'breached' });
  });

  it('stays due soon overnight, when no working time passes', () => {
    expect(evaluate('simple', [receivedMonday10], sh('09-22', '23:00')).status).toBe('due_soon');
  });

  it('is breached at the due instant and reports how far over it is', () => {
    expect(evaluate('simple', [receivedMonday10], sh('09-23', '10:00'))).toMatchObject({
      status: 'breached',
      remainingWorkingTimeMs: 0,
      nextCrossing: null,
    });
    const later = evaluate('simple', [receivedMonday10], sh('09-23', '14:00'));
    expect(later.status).toBe('breached');
    expect(later.remainingWorkingTimeMs).toBe(-3 * H);
    expect(later.dueAt.toISOString()).toBe(iso(sh('09-23', '10:00')));
  });

  it('gives a general complaint three working days', () => {
    const result = evaluate('general', [receivedMonday10], sh('09-22', '10:00'));
    expect(result.allowedWorkingTimeMs).toBe(24 * H);
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-25', '10:00')));
  });

  it('counts a complaint received at the weekend from Monday opening', () => {
    const result = evaluate('simple', [{ type: 'started', at: sh('09-20', '10:00') }], sh('09-22', '09:00'));
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-22', '18:00')));
    expect(result).toMatchObject({ status: 'on_track', elapsedWorkingTimeMs: 0, allowedWorkingTimeMs: 8 * H });
  });

  it.each<ValueTier>(['important', 'secondary'])('works a %s customer to half the time, keeping the commitment', (tier) => {
    const result = evaluate('simple', [receivedMonday10], sh('09-22', '11:00'), { valueTier: tier });
    expect(result.keyCustomer).toBe(true);
    expect(result.allowedWorkingTimeMs).toBe(4 * H);
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-22', '15:00')));
    expect(result.commitmentDueAt.toISOString()).toBe(iso(sh('09-23', '10:00')));
  });

  it('uses the configured key-customer fraction', () => {
    const result = evaluate('general', [receivedMonday10], sh('09-22', '11:00'), {
      valueTier: 'important',
      policy: { keyCustomerFraction: 0.25 },
    });
    expect(result.allowedWorkingTimeMs).toBe(6 * H);
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-22', '17:00')));
  });

  it('supports a "due soon" threshold in working hours', () => {
    const policy = { dueSoon: { workingTimeMs: 2 * H } };
    expect(evaluate('simple', [receivedMonday10], sh('09-22', '16:59'), { policy }).status).toBe('on_track');
    const result = evaluate('simple', [receivedMonday10], sh('09-22', '17:00'), { policy });
    expect(result.status).toBe('due_soon');
    expect(evaluate('simple', [receivedMonday10], sh('09-22', '11:00'), { policy }).nextCrossing).toEqual({
      at: new Date(sh('09-22', '17:00')),
      status: 'due_soon',
    });
  });

  it('follows the DST change in London: three working days keep the wall-clock time', () => {
    const result = evaluateComplaintDeadline(
      london,
      DEFAULT_COMPLAINT_DEADLINE_POLICY,
      { complexity: 'general', valueTier: 'small', events: [{ type: 'started', at: '2025-03-28T10:00:00Z' }] },
      '2025-03-31T10:00:00+01:00',
    );
    expect(result.dueAt.toISOString()).toBe(iso('2025-04-02T10:00:00+01:00'));
    expect(result.allowedWorkingTimeMs).toBe(27 * H);
    expect(result.elapsedWorkingTimeMs).toBe(9 * H);
  });
});

describe('evaluateComplaintDeadline: over a public holiday', () => {
  /** The Shanghai calendar with the 2025 National Day holiday (1-8 October) and its make-up Saturday, 11 October. */
  const goldenWeek = createBusinessCalendar({
    ...shanghai.config,
    holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
    extraWorkingDays: ['2025-10-11'],
  });
  const overHoliday = (complexity: ComplaintComplexity, received: string, now: string) =>
    evaluateComplaintDeadline(goldenWeek, DEFAULT_COMPLAINT_DEADLINE_POLICY, { complexity, valueTier: 'ordinary', events: [{ type: 'started', at: received }] }, now);

  it('skips the holiday and counts the make-up Saturday', () => {
    // 24 working hours from Tuesday 30 September 10:00: 7 that day, 8 on Thursday 9 and Friday 10 October, 1 on Saturday 11.
    const result = overHoliday('general', sh('09-30', '10:00'), sh('09-30', '11:00'));
    expect(result.dueAt.toISOString()).toBe(iso('2025-10-11T10:00:00+08:00'));
    // Without the holiday the same complaint would be due on Friday 3 October.
    const withoutHoliday = evaluateComplaintDeadline(shanghai, DEFAULT_COMPLAINT_DEADLINE_POLICY, { complexity: 'general', valueTier: 'ordinary', events: [{ type: 'started', at: sh('09-30', '10:00') }] }, sh('09-30', '11:00'));
    expect(withoutHoliday.dueAt.toISOString()).toBe(iso('2025-10-03T10:00:00+08:00'));
  });

  it('stands still during the holiday and schedules "due soon" after it', () => {
    const result = overHoliday('general', sh('09-30', '10:00'), '2025-10-05T12:00:00+08:00');
    expect(result).toMatchObject({ status: 'on_track', elapsedWorkingTimeMs: 7 * H, remainingWorkingTimeMs: 17 * H });
    // Due soon with 20% (4h48m) left: 19h12m counted, so Friday 10 October 14:12.
    expect(result.nextCrossing).toEqual({ at: new Date('2025-10-10T14:12:00+08:00'), status: 'due_soon' });
  });

  it('is not breached by a simple complaint received on the eve of the holiday until the day after it', () => {
    const received = sh('09-30', '15:00');
    // 3 working hours on Tuesday, then 5 on Thursday 9 October: due at 15:00.
    const lastHolidayEvening = overHoliday('simple', received, '2025-10-08T17:00:00+08:00');
    expect(lastHolidayEvening).toMatchObject({ status: 'on_track', elapsedWorkingTimeMs: 3 * H });
    expect(lastHolidayEvening.dueAt.toISOString()).toBe(iso('2025-10-09T15:00:00+08:00'));
    expect(overHoliday('simple', received, '2025-10-09T14:59:00+08:00').status).toBe('due_soon');
    expect(overHoliday('simple', received, '2025-10-09T15:00:00+08:00').status).toBe('breached');
  });
});

describe('evaluateComplaintDeadline: pauses while waiting on the customer', () => {
  const pausedOvernight: ComplaintClockEvent[] = [
    receivedMonday10,
    { type: 'paused', at: sh('09-22', '17:00') },
    { type: 'resumed', at: sh('09-23', '10:00') },
  ];

  it('extends the deadline by the paused working time across the night', () => {
    // Paused Monday 17:00-18:00 and Tuesday 09:00-10:00: two working hours later.
    const result = evaluate('simple', pausedOvernight, sh('09-23', '10:30'));
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-23', '12:00')));
    expect(result.elapsedWorkingTimeMs).toBe(6.5 * H);
    expect(result.status).toBe('due_soon');
    expect(result.nextCrossing).toEqual({ at: new Date(sh('09-23', '12:00')), status: 'breached' });
  });

  it('stops counting while paused and projects the due time from now', () => {
    const result = evaluate(
      'simple',
      [receivedMonday10, { type: 'paused', at: sh('09-22', '11:00') }],
      sh('09-24', '10:00'),
    );
    expect(result).toMatchObject({
      clock: 'paused',
      status: 'on_track',
      elapsedWorkingTimeMs: 1 * H,
      remainingWorkingTimeMs: 7 * H,
      nextCrossing: null,
    });
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-24', '18:00')));
  });

  it('stays breached while paused when the deadline had already passed', () => {
    const result = evaluate(
      'simple',
      [receivedMonday10, { type: 'paused', at: sh('09-23', '11:00') }],
      sh('09-25', '10:00'),
    );
    expect(result).toMatchObject({ status: 'breached', clock: 'paused', remainingWorkingTimeMs: -1 * H });
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-23', '10:00')));
  });

  it('accepts events out of order and ignores repeated pauses and resumes', () => {
    const shuffled: ComplaintClockEvent[] = [
      { type: 'resumed', at: sh('09-23', '10:00') },
      { type: 'paused', at: sh('09-22', '17:30') },
      receivedMonday10,
      { type: 'paused', at: sh('09-22', '17:00') },
      { type: 'resumed', at: sh('09-23', '11:00') },
    ];
    expect(evaluate('simple', shuffled, sh('09-23', '10:30')).dueAt.toISOString()).toBe(iso(sh('09-23', '12:00')));
  });

  it('ignores events after now', () => {
    const result = evaluate('simple', pausedOvernight, sh('09-22', '16:00'));
    expect(result.clock).toBe('running');
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-23', '10:00')));
  });
});

describe('evaluateComplaintDeadline: a stopped clock', () => {
  it('freezes the status when the complaint was settled', () => {
    const result = evaluate(
      'simple',
      [receivedMonday10, { type: 'stopped', at: sh('09-22', '16:00') }, { type: 'paused', at: sh('09-22', '17:00') }],
      sh('09-26', '10:00'),
    );
    expect(result).toMatchObject({
      clock: 'stopped',
      status: 'on_track',
      elapsedWorkingTimeMs: 5 * H,
      nextCrossing: null,
    });
  });

  it('keeps a breach that happened before the stop', () => {
    const result = evaluate(
      'simple',
      [receivedMonday10, { type: 'stopped', at: sh('09-23', '15:00') }],
      sh('09-26', '10:00'),
    );
    expect(result).toMatchObject({ clock: 'stopped', status: 'breached', remainingWorkingTimeMs: -4 * H });
  });
});

describe('evaluateComplaintDeadline: complex complaints', () => {
  it('tracks the next progress call, three working days from receipt', () => {
    const result = evaluate('complex', [receivedMonday10], sh('09-22', '11:00'));
    expect(result.kind).toBe('progress_call');
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-25', '10:00')));
  });

  it('counts from the latest progress call', () => {
    const result = evaluate(
      'complex',
      [
        receivedMonday10,
        { type: 'progress_call', at: sh('09-23', '11:00') },
        { type: 'progress_call', at: sh('09-24', '15:00') },
      ],
      sh('09-25', '09:00'),
    );
    expect(result.countedFrom.toISOString()).toBe(iso(sh('09-24', '15:00')));
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-29', '15:00')));
    expect(result.elapsedWorkingTimeMs).toBe(3 * H);
  });

  it('calls key customers twice as often', () => {
    const result = evaluate(
      'complex',
      [receivedMonday10, { type: 'progress_call', at: sh('09-24', '15:00') }],
      sh('09-24', '16:00'),
      { valueTier: 'secondary' },
    );
    // 12 working hours from Wednesday 15:00: 3 on Wednesday, 8 on Thursday, 1 on Friday.
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-26', '10:00')));
    expect(result.commitmentDueAt.toISOString()).toBe(iso(sh('09-29', '15:00')));
  });

  it('is breached when the progress call is overdue', () => {
    const result = evaluate('complex', [receivedMonday10], sh('09-25', '11:00'));
    expect(result.status).toBe('breached');
    expect(result.remainingWorkingTimeMs).toBe(-1 * H);
  });

  it('does not count a pause that ended before the latest call', () => {
    const result = evaluate(
      'complex',
      [
        receivedMonday10,
        { type: 'paused', at: sh('09-22', '11:00') },
        { type: 'resumed', at: sh('09-23', '11:00') },
        { type: 'progress_call', at: sh('09-23', '15:00') },
      ],
      sh('09-23', '16:00'),
    );
    expect(result.elapsedWorkingTimeMs).toBe(1 * H);
    expect(result.dueAt.toISOString()).toBe(iso(sh('09-26', '15:00')));
  });
});

describe('evaluateComplaintDeadline: invalid input', () => {
  it('needs a start at or before now', () => {
    const noStart = new RangeError('A complaint clock must start with a "started" event at or before now');
    expect(() => evaluate('simple', [], sh('09-22', '11:00'))).toThrow(noStart);
    expect(() => evaluate('simple', [receivedMonday10], sh('09-22', '09:00'))).toThrow(noStart);
    expect(() => evaluate('simple', [{ type: 'paused', at: sh('09-22', '09:00') }, receivedMonday10], sh('09-22', '11:00'))).toThrow(
      noStart,
    );
  });

  it('rejects a second start', () => {
    expect(() => evaluate('simple', [receivedMonday10, receivedMonday10], sh('09-22', '11:00'))).toThrow(
      new RangeError('A complaint clock starts only once'),
    );
  });

  it.each<[string, Partial<ComplaintDeadlinePolicy>, string]>([
    ['a zero key-customer fraction', { keyCustomerFraction: 0 }, 'keyCustomerFraction must be in (0, 1], got 0'],
    ['a key-customer fraction above one', { keyCustomerFraction: 1.5 }, 'keyCustomerFraction must be in (0, 1], got 1.5'],
    ['a key-customer fraction that is not a number', { keyCustomerFraction: NaN }, 'keyCustomerFraction must be in (0, 1], got NaN'],
    ['a due-soon fraction of one', { dueSoon: { fractionOfAllowed: 1 } }, 'dueSoon.fractionOfAllowed must be in [0, 1), got 1'],
    ['a negative due-soon fraction', { dueSoon: { fractionOfAllowed: -0.1 } }, 'dueSoon.fractionOfAllowed must be in [0, 1), got -0.1'],
    ['a due-soon fraction that is not a number', { dueSoon: { fractionOfAllowed: NaN } }, 'dueSoon.fractionOfAllowed must be in [0, 1), got NaN'],
    ['a negative due-soon duration', { dueSoon: { workingTimeMs: -MS_PER_MINUTE } }, 'dueSoon.workingTimeMs must be >= 0, got -60000'],
    ['a due-soon duration that is not a number', { dueSoon: { workingTimeMs: NaN } }, 'dueSoon.workingTimeMs must be >= 0, got NaN'],
  ])('rejects a policy with %s, naming the setting', (_name, policy, message) => {
    expect(() => evaluate('simple', [receivedMonday10], sh('09-22', '11:00'), { policy })).toThrow(new RangeError(message));
  });

  it('accepts the ends of each policy range that are inside it', () => {
    // keyCustomerFraction in (0, 1]: 1 works key customers to the full commitment.
    const full = evaluate('simple', [receivedMonday10], sh('09-22', '11:00'), {
      valueTier: 'important',
      policy: { keyCustomerFraction: 1 },
    });
    expect(full.keyCustomer).toBe(true);
    expect(full.allowedWorkingTimeMs).toBe(8 * H);
    expect(full.dueAt.toISOString()).toBe(iso(sh('09-23', '10:00')));
    // A due-soon threshold of 0 (fraction or duration): never due soon, breached at the due instant.
    for (const dueSoon of [{ fractionOfAllowed: 0 }, { workingTimeMs: 0 }]) {
      const result = evaluate('simple', [receivedMonday10], sh('09-23', '09:59'), { policy: { dueSoon } });
      expect(result.status).toBe('on_track');
      expect(result.nextCrossing?.at.toISOString()).toBe(iso(sh('09-23', '10:00')));
      expect(evaluate('simple', [receivedMonday10], sh('09-23', '10:00'), { policy: { dueSoon } }).status).toBe('breached');
    }
  });
});

describe('evaluateComplaintDeadline: events that change nothing, and due times reached in a closed stretch', () => {
  const at = (date: string, time: string) => iso(sh(date, time));

  it('does not move a simple complaint’s anchor on a progress call', () => {
    const result = evaluate('simple', [receivedMonday10, { type: 'progress_call', at: sh('09-22', '11:00') }], sh('09-22', '11:30'));
    expect(result.countedFrom.toISOString()).toBe(at('09-22', '10:00'));
    expect(result.dueAt.toISOString()).toBe(at('09-23', '10:00'));
  });

  it('ignores everything after the stop', () => {
    const result = evaluate(
      'simple',
      [receivedMonday10, { type: 'stopped', at: sh('09-22', '11:00') }, { type: 'stopped', at: sh('09-22', '15:00') }],
      sh('09-22', '16:00'),
    );
    expect(result.clock).toBe('stopped');
    expect(result.elapsedWorkingTimeMs).toBe(1 * H);
    // Projected from the first stop: 7 working hours from Monday 11:00.
    expect(result.dueAt.toISOString()).toBe(at('09-23', '10:00'));
  });

  it('ignores a resume while the clock runs', () => {
    const result = evaluate('simple', [receivedMonday10, { type: 'resumed', at: sh('09-22', '11:00') }], sh('09-22', '12:00'));
    expect(result.elapsedWorkingTimeMs).toBe(2 * H);
  });

  it('does not count the paused time when the complaint is stopped while paused', () => {
    const result = evaluate(
      'simple',
      [receivedMonday10, { type: 'paused', at: sh('09-22', '11:00') }, { type: 'stopped', at: sh('09-22', '14:00') }],
      sh('09-22', '15:00'),
    );
    expect(result.elapsedWorkingTimeMs).toBe(1 * H);
  });

  it('schedules no crossing while paused and due soon', () => {
    const result = evaluate('simple', [receivedMonday10, { type: 'paused', at: sh('09-23', '09:00') }], sh('09-23', '09:30'));
    expect(result).toMatchObject({ status: 'due_soon', clock: 'paused', nextCrossing: null });
  });

  it('gives the instant the target was reached when a pause began exactly then', () => {
    const result = evaluate('simple', [receivedMonday10, { type: 'paused', at: sh('09-23', '10:00') }], sh('09-23', '11:00'));
    expect(result.status).toBe('breached');
    expect(result.dueAt.toISOString()).toBe(at('09-23', '10:00'));
  });

  it('gives the instant the target was reached in a second closed stretch', () => {
    const result = evaluate(
      'simple',
      [
        receivedMonday10,
        { type: 'paused', at: sh('09-22', '11:00') },
        { type: 'resumed', at: sh('09-22', '13:00') },
        { type: 'paused', at: sh('09-23', '12:00') },
      ],
      sh('09-23', '14:00'),
    );
    // One hour before the first pause, then seven more from Monday 13:00.
    expect(result.dueAt.toISOString()).toBe(at('09-23', '11:00'));
  });
});

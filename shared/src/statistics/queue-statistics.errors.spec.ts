import type { QueueContactEvent } from './queue-events';
import { QueueStatisticsInputError, STATISTICS_EVENT_TYPES, localDateOf, validateQueueContactEvent } from './index';
import { thrownError } from '../testing/thrown';

/** The server answers a malformed statistics input with the error's field and message. */
const errorOf = (run: () => unknown): QueueStatisticsInputError => thrownError(run, QueueStatisticsInputError);

const completed: QueueContactEvent = {
  type: 'contact.completed',
  contactId: 'c1',
  queueId: 'q1',
  channel: 'voice',
  at: Date.UTC(2026, 11, 5, 9),
  talkSeconds: 60,
  holdSeconds: 0,
  afterCallWorkSeconds: 10,
};

describe('QueueStatisticsInputError', () => {
  it('is a RangeError named after itself that says what the field must be', () => {
    const error = errorOf(() => validateQueueContactEvent({ ...completed, talkSeconds: -1 }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.name).toBe('QueueStatisticsInputError');
    expect(error.field).toBe('talkSeconds');
    expect(error.message).toBe('talkSeconds must be a finite number of seconds >= 0 (received -1)');
  });

  it('refuses an empty contact or queue id', () => {
    expect(errorOf(() => validateQueueContactEvent({ ...completed, contactId: '' })).message).toBe(
      'contactId must be a non-empty string (received )',
    );
    expect(errorOf(() => validateQueueContactEvent({ ...completed, queueId: '' })).field).toBe('queueId');
  });

  it('names an unknown time zone', () => {
    expect(errorOf(() => localDateOf(0, 'Mars/Olympus_Mons')).message).toBe(
      'timeZone must be an IANA time zone such as Asia/Shanghai (received Mars/Olympus_Mons)',
    );
  });
});

describe('STATISTICS_EVENT_TYPES', () => {
  it('lists the routing events that feed queue figures, the ones read back from the journal', () => {
    expect([...STATISTICS_EVENT_TYPES].sort()).toEqual(
      [
        'contact.abandoned',
        'contact.completed',
        'contact.connected',
        'contact.overflowed',
        'contact.queued',
        'contact.requeued',
        'contact.transferred',
      ].sort(),
    );
  });
});

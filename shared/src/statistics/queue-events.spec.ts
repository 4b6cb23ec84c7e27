import { type ContactOutcomeRecord, type QueueContactEvent, eventsFromOutcome, validateQueueContactEvent } from './queue-events';
import { QueueStatisticsInputError } from './queue-statistics.errors';
import { thrownError } from '../testing/thrown';

/** The server answers a malformed event or stored row with the error's field, rule and received value. */
const errorOf = (run: () => unknown): QueueStatisticsInputError => thrownError(run, QueueStatisticsInputError);

const at = Date.UTC(2026, 11, 5, 9);
const base = { contactId: 'c1', queueId: 'q1', channel: 'voice', at } as const;
const answered: QueueContactEvent = { ...base, type: 'contact.answered', enqueuedAt: at - 30_000 };
const completed: QueueContactEvent = { ...base, type: 'contact.completed', talkSeconds: 60, holdSeconds: 5, afterCallWorkSeconds: 10 };
const row: ContactOutcomeRecord = { contactId: 'c1', queueId: 'q1', channel: 'chat', enqueuedAt: at };

describe('validateQueueContactEvent', () => {
  it('names the field, the rule and the value of an unknown type or channel', () => {
    const type = errorOf(() => validateQueueContactEvent({ ...base, type: 'contact.lost' } as never));
    expect([type.field, type.expected, type.received]).toEqual([
      'type',
      'one of contact.queued, contact.answered, contact.abandoned, contact.overflowed, contact.transferred, contact.requeued, contact.completed',
      'contact.lost',
    ]);
    const channel = errorOf(() => validateQueueContactEvent({ ...answered, channel: 'fax' as never }));
    expect([channel.field, channel.expected, channel.received]).toEqual(['channel', 'one of voice, chat, email, ticket', 'fax']);
  });

  it('names the field of a bad entry time, and refuses an entry after the event', () => {
    expect(errorOf(() => validateQueueContactEvent({ ...answered, enqueuedAt: 1.5 })).field).toBe('enqueuedAt');
    const late = errorOf(() => validateQueueContactEvent({ ...answered, enqueuedAt: at + 1 }));
    expect(late.message).toBe(`enqueuedAt must be at or before at (${at}) (received ${at + 1})`);
    expect(() => validateQueueContactEvent({ ...answered, enqueuedAt: at })).not.toThrow();
  });

  it('names each handle-time part that is not a number of seconds', () => {
    expect(errorOf(() => validateQueueContactEvent({ ...completed, holdSeconds: -1 })).field).toBe('holdSeconds');
    expect(errorOf(() => validateQueueContactEvent({ ...completed, afterCallWorkSeconds: Number.NaN })).field).toBe('afterCallWorkSeconds');
    expect(errorOf(() => validateQueueContactEvent({ ...base, type: 'contact.requeued', handleSeconds: -2 })).field).toBe('handleSeconds');
    expect(() => validateQueueContactEvent({ ...base, type: 'contact.transferred', handleSeconds: null })).not.toThrow();
  });
});

describe('eventsFromOutcome', () => {
  it('says which fields contradict each other', () => {
    const twoOutcomes = errorOf(() => eventsFromOutcome({ ...row, answeredAt: at + 5, overflowedAt: at + 6 }));
    expect(twoOutcomes.message).toBe('answeredAt/abandonedAt/overflowedAt must be at most one outcome (received 2)');
    const unanswered = errorOf(() => eventsFromOutcome({ ...row, abandonedAt: at + 5, completedAt: at + 9 }));
    expect(unanswered.message).toBe(`completedAt must be given only for an answered contact (received ${at + 9})`);
    const early = errorOf(() => eventsFromOutcome({ ...row, answeredAt: at + 5, completedAt: at + 4 }));
    expect(early.message).toBe(`completedAt must be at or after answeredAt (${at + 5}) (received ${at + 4})`);
  });

  it('accepts a contact completed at the very moment it was answered', () => {
    expect(eventsFromOutcome({ ...row, answeredAt: at + 5, completedAt: at + 5 }).map((event) => [event.type, event.at])).toEqual([
      ['contact.queued', at],
      ['contact.answered', at + 5],
      ['contact.completed', at + 5],
    ]);
  });
});

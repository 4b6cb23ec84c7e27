import { WorkforceInputError, erlangAAgentsNeeded, erlangAFigures, erlangCAgentsNeeded, erlangCFigures } from './index';
import { thrownError } from '../testing/thrown';

/**
 * The staffing API answers a bad forecast with the error's message (422 INVALID_FORECAST), so the message a
 * planner reads names the field, what it must be and what was received.
 */
const errorOf = (run: () => unknown): WorkforceInputError => thrownError(run, WorkforceInputError);

describe('WorkforceInputError', () => {
  const ok = { ahtSeconds: 180, agents: 10, serviceLevelThresholdSeconds: 20 };
  const targets = { arrivalRatePerHour: 360, ahtSeconds: 180, targetServiceLevel: 0.8, serviceLevelThresholdSeconds: 20 };

  it('is a RangeError named after itself, with the field, the rule and the value received', () => {
    const error = errorOf(() => erlangCFigures({ ...ok, arrivalRatePerHour: -5 }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.name).toBe('WorkforceInputError');
    expect(error.field).toBe('arrivalRatePerHour');
    expect(error.expected).toBe('a finite number >= 0');
    expect(error.received).toBe(-5);
    expect(error.message).toBe('arrivalRatePerHour must be a finite number >= 0 (received -5)');
    expect(String(error)).toBe('WorkforceInputError: arrivalRatePerHour must be a finite number >= 0 (received -5)');
  });

  it('asks for the arrival rate in exactly one unit', () => {
    expect(errorOf(() => erlangCFigures({ ...ok, arrivalRatePerHour: 360, arrivalRatePerSecond: 0.1 } as never)).message).toBe(
      'arrivalRate must be given either per second or per hour, not both (received both)',
    );
    expect(errorOf(() => erlangCFigures(ok as never)).message).toBe(
      'arrivalRate must be given as arrivalRatePerSecond or arrivalRatePerHour (received neither)',
    );
    expect(errorOf(() => erlangCFigures({ ...ok, arrivalRatePerSecond: -0.1 })).message).toBe(
      'arrivalRatePerSecond must be a finite number >= 0 (received -0.1)',
    );
  });

  it('says what each kind of input must be', () => {
    expect(errorOf(() => erlangCFigures({ ...ok, arrivalRatePerHour: 360, ahtSeconds: 0 })).message).toBe(
      'ahtSeconds must be a finite number > 0 (received 0)',
    );
    expect(errorOf(() => erlangCFigures({ ...ok, arrivalRatePerHour: 360, agents: 2.5 })).message).toBe(
      'agents must be a whole number >= 0 (received 2.5)',
    );
    expect(
      errorOf(() => erlangAFigures({ ...ok, arrivalRatePerHour: 360, patienceSeconds: 0 })).message,
    ).toBe('patienceSeconds must be a number > 0 (or Infinity) (received 0)');
    expect(errorOf(() => erlangCAgentsNeeded({ ...targets, targetServiceLevel: 1 })).message).toBe(
      'targetServiceLevel must be a share strictly between 0 and 1 (received 1)',
    );
    expect(errorOf(() => erlangCAgentsNeeded({ ...targets, maxOccupancy: 1.5 })).message).toBe(
      'maxOccupancy must be a share above 0 and at most 1 (received 1.5)',
    );
    expect(errorOf(() => erlangAAgentsNeeded({ ...targets, patienceSeconds: 60, maxAbandonRate: 0 })).message).toBe(
      'maxAbandonRate must be a share above 0 and at most 1 (received 0)',
    );
  });
});

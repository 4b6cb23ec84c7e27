import type { QueueLiveStatistics } from '@callcentre/shared';
import { floorSummary, waitTone } from './floor-figures';

const queue = (name: string, waitingCount: number, longestWaitSeconds: number | null, answered: number, inTime: number, targetPercent = 80, thresholdSeconds = 20) =>
  ({ queueId: name, code: name, name, waitingCount, longestWaitSeconds, serviceLevel: { targetPercent, thresholdSeconds }, rolling: { answered, answeredWithinThreshold: inTime } }) as unknown as QueueLiveStatistics;

describe('the floor summary', () => {
  it('colours the oldest wait against its threshold: within, up to twice, beyond', () => {
    expect(waitTone(null, 20)).toBe('neutral');
    expect(waitTone(20, 20)).toBe('good');
    expect(waitTone(40, 20)).toBe('warning');
    expect(waitTone(41, 20)).toBe('critical');
  });

  it('adds the waiting contacts, finds the oldest wait with its own queue threshold, and counts agents by state', () => {
    const summary = floorSummary([queue('General', 2, 15, 10, 9), queue('Billing', 3, 50, 30, 15, 90, 30)], ['available', 'busy', 'busy', 'offline']);
    expect(summary.waiting).toBe(5);
    expect(summary.oldest).toEqual({ seconds: 50, thresholdSeconds: 30, queueName: 'Billing' });
    expect(summary.agentsByState).toMatchObject({ available: 1, busy: 2, offline: 1, not_ready: 0 });
    // 24 of 40 answered in time; the target weighted by answers: (80·10 + 90·30) / 40.
    expect(summary.serviceLevel).toBeCloseTo(0.6);
    expect(summary.targetPercent).toBeCloseTo(87.5);
  });

  it('has no service level before anything is answered', () => {
    expect(floorSummary([queue('General', 1, 5, 0, 0)], []).serviceLevel).toBeNull();
  });
});

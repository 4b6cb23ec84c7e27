import { aQueue } from '../../testing/fixtures';
import { AT_RISK_MARGIN_POINTS, byPriorityThenName, serviceLevelTone } from './service-level';

describe('serviceLevelTone', () => {
  it('is green when the target is met or beaten', () => {
    expect(serviceLevelTone(80, 80)).toBe('good');
    expect(serviceLevelTone(97, 80)).toBe('good');
  });

  it(`is amber when short of the target by less than ${AT_RISK_MARGIN_POINTS} points`, () => {
    expect(serviceLevelTone(79.9, 80)).toBe('warning');
    expect(serviceLevelTone(80 - AT_RISK_MARGIN_POINTS, 80)).toBe('warning');
  });

  it('is red further below the target', () => {
    expect(serviceLevelTone(69.9, 80)).toBe('critical');
    expect(serviceLevelTone(0, 80)).toBe('critical');
  });

  it('is neutral without a measurement', () => {
    expect(serviceLevelTone(undefined, 80)).toBe('neutral');
    expect(serviceLevelTone(null, 80)).toBe('neutral');
    expect(serviceLevelTone(Number.NaN, 80)).toBe('neutral');
  });
});

describe('byPriorityThenName', () => {
  it('puts the highest priority first and breaks ties by name, without changing the input', () => {
    const queues = [
      aQueue({ code: 'general', name: 'General', basePriority: 0 }),
      aQueue({ code: 'technical', name: 'Technical', basePriority: 10 }),
      aQueue({ code: 'vip', name: 'VIP', basePriority: 50 }),
      aQueue({ code: 'billing', name: 'Billing', basePriority: 10 }),
    ];
    expect(byPriorityThenName(queues).map((queue) => queue.code)).toEqual(['vip', 'billing', 'technical', 'general']);
    expect(queues[0].code).toBe('general');
  });
});

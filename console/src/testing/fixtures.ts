import type { Queue } from '../features/queues';

/** Builds a queue as the server lists it; override what the test is about. */
export function aQueue(overrides: Partial<Queue> = {}): Queue {
  const code = overrides.code ?? 'general';
  return {
    id: `00000000-0000-4000-8000-${code.padEnd(12, '0').slice(0, 12).replace(/[^0-9a-f]/g, '0')}`,
    code,
    name: code.charAt(0).toUpperCase() + code.slice(1),
    basePriority: 0,
    serviceLevelPercent: 80,
    serviceLevelSeconds: 20,
    serviceLevelFormula: 'abandons_in_denominator',
    wrapUpSeconds: 30,
    maxWaitSeconds: null,
    overflowQueueId: null,
    strategy: 'longest_idle',
    ...overrides,
  };
}

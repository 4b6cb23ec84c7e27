import { queueEventOf, queueFiguresForRange, runSimulation, type RoutingEvent, type Scenario } from '@callcentre/shared';
import { liveQueueLoad } from './staffing-load';

/** Two hours of two queues, one overflowing into the other, with wrap-up and callers who hang up. */
const SCENARIO: Scenario = {
  name: 'Staffing figures agree',
  start: '2025-01-06T08:00:00Z',
  duration: '2:00',
  warmUp: '0:15',
  seed: 11,
  queues: [
    {
      id: 'billing',
      name: 'Billing',
      requiredSkills: [{ skill: 'billing', minProficiency: 2 }],
      serviceLevel: { percent: 80, withinSeconds: 20 },
      wrapUpSeconds: 30,
      overflow: { afterSeconds: 60, targetQueueId: 'general' },
      arrivals: { perHour: 200 },
      talkTime: { type: 'lognormal', meanSeconds: 180, sdSeconds: 90 },
      patience: { type: 'exponential', meanSeconds: 90 },
    },
    {
      id: 'general',
      name: 'General',
      requiredSkills: [{ skill: 'general', minProficiency: 1 }],
      serviceLevel: { percent: 80, withinSeconds: 30 },
      wrapUpSeconds: 15,
      arrivals: { perHour: 150 },
      talkTime: { type: 'exponential', meanSeconds: 150 },
      patience: { type: 'exponential', meanSeconds: 120 },
    },
  ],
  agents: [
    { id: 'biller', count: 8, skills: { billing: 3, general: 1 } },
    { id: 'generalist', count: 6, skills: { general: 3 } },
  ],
};

describe('staffing figures: the simulator, the live statistics and staffing count the same events alike', () => {
  const events: RoutingEvent[] = [];
  const report = runSimulation(SCENARIO, { onEvent: (event) => events.push(event) });
  const from = Date.parse(report.startsAt) + report.warmUpSeconds * 1000;
  const to = Date.parse(report.startsAt) + report.durationSeconds * 1000;

  it.each(['billing', 'general'])('queue %s: offered, completed and AHT', (queueId) => {
    const simulated = report.queues.find((queue) => queue.queueId === queueId);
    if (!simulated) throw new Error(`no queue ${queueId} in the report`);
    const thresholds = { serviceLevelThresholdSeconds: simulated.serviceLevelThresholdSeconds, shortAbandonThresholdSeconds: 5 };
    // The live statistics: every journal event through queueEventOf, then the window's arithmetic.
    const live = queueFiguresForRange(
      events.flatMap((event) => {
        const mapped = queueEventOf(event);
        return mapped && mapped.queueId === queueId ? [mapped] : [];
      }),
      { queueId, fromInclusive: from, toExclusive: to, thresholds },
    );
    const staffing = liveQueueLoad(events, { id: queueId, serviceLevelSeconds: thresholds.serviceLevelThresholdSeconds, shortAbandonSeconds: 5 }, from, to);

    expect(simulated.offered).toBeGreaterThan(100);
    expect(simulated.completed).toBeGreaterThan(50);
    expect({ offered: live.offered, completed: live.completed, ahtSeconds: live.ahtSeconds }).toEqual({
      offered: simulated.offered,
      completed: simulated.completed,
      ahtSeconds: simulated.ahtSeconds,
    });
    expect(staffing).toEqual({ offered: live.offered, completed: live.completed, ahtSeconds: live.ahtSeconds });
  });
});

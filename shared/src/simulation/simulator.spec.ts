import type { RoutingEvent } from '../routing/routing.events';
import mmn from './scenarios/mmn-single-skill.json';
import multiSkillDay from './scenarios/multi-skill-day.json';
import { parseScenario, type ResolvedScenario, type Scenario, type ScenarioQueue } from './scenario';
import { runSimulation } from './simulator';

const queue = (overrides: Partial<ScenarioQueue> = {}): ScenarioQueue => ({
  id: 'q',
  requiredSkills: [{ skill: 'general', minProficiency: 1 }],
  wrapUpSeconds: 0,
  arrivals: { perHour: 120 },
  talkTime: { type: 'exponential', meanSeconds: 120 },
  ...overrides,
});

const small = (overrides: Partial<Scenario> = {}): Scenario => ({
  name: 'small',
  duration: '2:00',
  queues: [queue()],
  agents: [{ id: 'a', count: 5, skills: { general: 2 } }],
  ...overrides,
});

function trace(scenario: Scenario | ResolvedScenario, seed?: number): { events: RoutingEvent[]; report: ReturnType<typeof runSimulation> } {
  const events: RoutingEvent[] = [];
  const report = runSimulation(scenario, { seed, onEvent: (event) => events.push(event) });
  return { events, report };
}

describe('runSimulation', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    const scenario = parseScenario(multiSkillDay);
    const first = trace(scenario);
    const again = trace(scenario);
    expect(again.events).toEqual(first.events);
    expect(again.report).toEqual(first.report);
    const other = trace(scenario, 8);
    expect(other.report.seed).toBe(8);
    expect(other.report.arrivals).not.toBe(first.report.arrivals);
  });

  it('keeps a queue\'s arrivals when another queue is added (one random stream per purpose)', () => {
    const arrivalsOf = (scenario: Scenario) => trace(scenario).events.filter((e) => e.type === 'contact.queued' && e.queueId === 'q').map((e) => e.at);
    const alone = arrivalsOf(small());
    const withAnother = arrivalsOf(small({ queues: [queue(), queue({ id: 'other', requiredSkills: [{ skill: 'other', minProficiency: 1 }] })] }));
    expect(withAnother).toEqual(alone);
  });

  it('follows a piecewise-constant arrival rate and stops arrivals after the last interval', () => {
    const { events } = trace(
      small({ duration: '3:00', seed: 3, queues: [queue({ arrivals: { intervalMinutes: 60, perHour: [600, 0] } })], agents: [{ id: 'a', count: 30, skills: { general: 1 } }] }),
    );
    const start = Date.parse('2025-01-06T00:00:00Z');
    const arrivals = events.filter((e) => e.type === 'contact.queued').map((e) => e.at - start);
    // Poisson count with mean 600: standard deviation about 24.5.
    expect(Math.abs(arrivals.length - 600)).toBeLessThan(100);
    expect(Math.max(...arrivals)).toBeLessThan(3_600_000);
  });

  it('answers offers after the answer delay, ends the talk and lets the wrap-up timer finish the contact', () => {
    const { events, report } = trace(
      small({
        answerDelay: { type: 'constant', seconds: 3 },
        queues: [queue({ wrapUpSeconds: 30, talkTime: { type: 'constant', seconds: 100 }, arrivals: { perHour: 20 } })],
        agents: [{ id: 'a', count: 10, skills: { general: 1 } }],
      }),
    );
    const byContact = new Map<string, RoutingEvent[]>();
    for (const event of events) if ('contactId' in event) byContact.set(event.contactId, [...(byContact.get(event.contactId) ?? []), event]);
    const completed = [...byContact.values()].filter((list) => list.some((e) => e.type === 'contact.completed'));
    expect(completed.length).toBeGreaterThan(10);
    for (const list of completed) {
      const at = (type: RoutingEvent['type']) => list.find((e) => e.type === type)?.at as number;
      expect(list.map((e) => e.type)).toEqual(['contact.queued', 'contact.offered', 'offer.accepted', 'contact.connected', 'contact.wrap_up', 'contact.completed']);
      expect(at('contact.connected') - at('contact.offered')).toBe(3000);
      expect(at('contact.wrap_up') - at('contact.connected')).toBe(100_000);
      expect(at('contact.completed') - at('contact.wrap_up')).toBe(30_000);
    }
    const [figures] = report.queues;
    expect(figures.ahtSeconds).toBe(130);
    // Ten agents for 20 calls an hour: every caller waits exactly the 3 s of ringing.
    expect(figures.asaSeconds).toBe(3);
    expect(figures.serviceLevel).toBe(1);
    expect(report.refusedCommands).toBe(0);
  });

  it('lets impatient callers hang up while waiting and counts them as abandoned', () => {
    const { report, events } = trace(
      small({
        queues: [queue({ arrivals: { perHour: 240 }, talkTime: { type: 'exponential', meanSeconds: 300 }, patience: { type: 'exponential', meanSeconds: 30 } })],
        agents: [{ id: 'a', count: 10, skills: { general: 1 } }],
      }),
    );
    const [figures] = report.queues;
    expect(figures.abandoned).toBeGreaterThan(50);
    expect(figures.abandoned).toBe(events.filter((e) => e.type === 'contact.abandoned').length);
    expect(figures.offered).toBe(report.arrivals);
    expect(figures.answered + figures.abandoned + figures.waitingAtEnd).toBeLessThanOrEqual(figures.offered);
    // Over the callers whose wait ended: those still waiting at the end are in neither side.
    expect(figures.abandonRate).toBeCloseTo(figures.abandoned / (figures.answered + figures.abandoned + figures.overflowedOut), 12);
    expect(figures.longestWaitSeconds).toBeGreaterThan(30);
  });

  it('re-offers a contact whose offer rang out and brings the agent who missed it back', () => {
    const { events, report } = trace(
      small({
        duration: '0:30',
        answerDelay: { type: 'uniform', minSeconds: 5, maxSeconds: 15 },
        queues: [queue({ offerTimeoutSeconds: 10, arrivals: { perHour: 60 } })],
        agents: [{ id: 'a', count: 3, skills: { general: 1 } }],
      }),
    );
    expect(events.some((e) => e.type === 'offer.expired')).toBe(true);
    expect(events.some((e) => e.type === 'agent.state_changed' && e.reason === 'missed_offers')).toBe(true);
    expect(report.queues[0].answered).toBeGreaterThan(0);
    expect(report.refusedCommands).toBe(0);
  });

  it('logs agents in and out with their shift and takes breaks after the contact in hand', () => {
    const { events, report } = trace(
      small({
        duration: '3:00',
        queues: [queue({ arrivals: { perHour: 60 }, talkTime: { type: 'constant', seconds: 600 } })],
        agents: [{ id: 'x', skills: { general: 1 }, shift: { start: '0:30', end: '2:30', breaks: [{ start: '1:00', durationMinutes: 15, reason: 'lunch' }] } }],
      }),
    );
    const start = Date.parse('2025-01-06T00:00:00Z');
    const changes = events.filter((e) => e.type === 'agent.state_changed').map((e) => ({ at: e.at - start, to: e.to, reason: e.reason }));
    expect(changes[0]).toEqual({ at: 1_800_000, to: 'available', reason: null });
    const lunch = changes.find((c) => c.reason === 'lunch') as { at: number };
    // The lunch starts at 1:00 or when the 10-minute call in hand ends, and lasts 15 minutes from then.
    expect(lunch.at).toBeGreaterThanOrEqual(3_600_000);
    expect(lunch.at).toBeLessThan(3_600_000 + 600_000);
    const back = changes.find((c) => c.at > lunch.at && c.to !== 'not_ready') as { at: number };
    expect(back.at).toBe(lunch.at + 900_000);
    const last = changes[changes.length - 1];
    expect(last.to).toBe('offline');
    expect(last.at).toBeGreaterThanOrEqual(9_000_000);
    expect(last.at).toBeLessThan(9_000_000 + 600_000);
    expect(changes.filter((c) => c.at > last.at)).toEqual([]);
    // Occupancy: handling over staffed time (lunch and logged-out time excluded).
    expect(report.agents.staffedHours).toBeGreaterThan(1.7);
    expect(report.agents.staffedHours).toBeLessThan(2);
    expect(report.agents.occupancy).toBeGreaterThan(0);
    expect(report.refusedCommands).toBe(0);
  });

  it('runs the example scenarios', () => {
    const single = runSimulation(parseScenario(mmn));
    expect(single.queues[0].answered).toBeGreaterThan(2500);
    expect(single.queues[0].abandoned).toBe(0);
    const day = runSimulation(parseScenario(multiSkillDay));
    expect(day.queues.map((q) => q.queueId)).toEqual(['sales', 'support', 'support-any', 'support-zh']);
    // No warm-up: every contact that entered a queue was answered, abandoned or moved on there, or still waits.
    for (const q of day.queues) expect(q.offered).toBe(q.answered + q.abandoned + q.overflowedOut + q.waitingAtEnd);
    expect(day.queues[2].offered).toBe(day.queues[1].overflowedOut);
    expect(day.refusedCommands).toBe(0);
  });
});

import { ScenarioError, parseScenario, type Scenario } from './scenario';

const valid: Scenario = {
  name: 'small',
  duration: '2:00',
  queues: [
    {
      id: 'sales',
      requiredSkills: [{ skill: 'sales', minProficiency: 2 }],
      arrivals: { intervalMinutes: 60, perHour: [60, 120] },
      talkTime: { type: 'lognormal', meanSeconds: 180, sdSeconds: 60 },
      patience: { type: 'exponential', meanSeconds: 90 },
    },
  ],
  agents: [
    { id: 'a', count: 3, skills: { sales: 3 }, shift: { start: '0:00', end: '1:30', breaks: [{ start: '0:45', durationMinutes: 10, reason: 'break' }] } },
    { id: 'solo', skills: { sales: 2 } },
  ],
};

function issuesOf(input: unknown): { path: string; problem: string }[] {
  try {
    parseScenario(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return [...(error as ScenarioError).issues];
  }
  throw new Error('the scenario was accepted');
}

describe('parseScenario', () => {
  it('fills defaults, converts times and expands agent groups', () => {
    const scenario = parseScenario(valid);
    expect(scenario).toMatchObject({ name: 'small', startsAt: Date.parse('2025-01-06T00:00:00Z'), durationMs: 7_200_000, warmUpMs: 0, seed: 1 });
    expect(scenario.answerDelay).toEqual({ type: 'constant', seconds: 0 });
    const [queue] = scenario.queues;
    expect(queue).toMatchObject({ id: 'sales', channel: 'voice', language: null, intervalMs: 3_600_000, shortAbandonSeconds: 5, serviceLevelFormula: 'abandons_in_denominator' });
    expect(queue.ratesPerMs).toEqual([60 / 3_600_000, 120 / 3_600_000]);
    expect(queue.definition).toEqual({ id: 'sales', requiredSkills: [{ skill: 'sales', minProficiency: 2 }] });
    expect(scenario.agents.map((a) => a.profile.id)).toEqual(['a-1', 'a-2', 'a-3', 'solo']);
    expect(scenario.agents[0]).toMatchObject({ shiftStartMs: 0, shiftEndMs: 5_400_000, breaks: [{ startMs: 2_700_000, durationMs: 600_000, reason: 'break' }] });
    expect(scenario.agents[3]).toMatchObject({ shiftStartMs: 0, shiftEndMs: 7_200_000, breaks: [] });
  });

  it('takes seconds or H:MM:SS and a single rate for the whole run', () => {
    const scenario = parseScenario({ ...valid, duration: 5400, warmUp: '0:10:30', queues: [{ ...valid.queues[0], arrivals: { perHour: 30 } }] });
    expect(scenario.durationMs).toBe(5_400_000);
    expect(scenario.warmUpMs).toBe(630_000);
    expect(scenario.queues[0]).toMatchObject({ intervalMs: 5_400_000, ratesPerMs: [30 / 3_600_000] });
  });

  it('reports every problem with its path', () => {
    const issues = issuesOf({
      duration: '25 minutes',
      warmUp: 10,
      colour: 'blue',
      seed: -1,
      queues: [
        {
          id: 'sales',
          requiredSkills: [{ skill: 'sales', minProficiency: 9 }],
          arrivals: { perHour: [10, -1] },
          talkTime: { type: 'gamma', meanSeconds: 3 },
          patience: { type: 'exponential' },
          channel: 'fax',
        },
        { id: 'support', arrivals: { perHour: 10 }, talkTime: { type: 'exponential', meanSeconds: 0 }, patience: { type: 'none' }, wrapUpSeconds: -4 },
      ],
      agents: [
        { id: 'a', count: 0, skills: { sales: 3 } },
        { id: 'b', skills: { sales: 7 }, shift: { start: '2:00', end: '1:00' } },
        { id: 'c', skills: {}, shift: { breaks: [{ start: '9:00', durationMinutes: 0, reason: 'nap' }] } },
      ],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'colour', problem: expect.stringContaining('unknown field') },
        { path: 'duration', problem: 'must be seconds or "H:MM" / "H:MM:SS"' },
        { path: 'seed', problem: 'must be a whole number 0 to 4294967295' },
        { path: 'queues[0].requiredSkills', problem: 'sales minProficiency must be an integer 1-5' },
        { path: 'queues[0].channel', problem: 'must be one of voice, chat, email, ticket' },
        { path: 'queues[0].talkTime.type', problem: 'must be one of exponential, lognormal, constant, uniform' },
        { path: 'queues[0].patience.meanSeconds', problem: 'must be a number' },
        { path: 'queues[0].arrivals.perHour[1]', problem: 'must be >= 0' },
        { path: 'queues[1].wrapUpSeconds', problem: 'must be >= 0' },
        { path: 'queues[1].talkTime.meanSeconds', problem: 'must be > 0' },
        { path: 'agents[0].count', problem: 'must be >= 1' },
        { path: 'agents[1].skills', problem: 'skill sales proficiency must be an integer 1-5' },
        { path: 'agents[1].shift.end', problem: 'must be after the start' },
        { path: 'agents[2].shift.breaks[0].durationMinutes', problem: 'must be > 0' },
        { path: 'agents[2].shift.breaks[0].reason', problem: 'must be one of break, lunch, training, meeting' },
      ]),
    );
  });

  it('rejects overflow to an unknown queue, duplicate ids, a warm-up as long as the run and a document that is no object', () => {
    expect(issuesOf({ ...valid, queues: [{ ...valid.queues[0], overflow: { afterSeconds: 60, targetQueueId: 'nowhere' } }] })).toEqual([
      { path: 'queues[0].overflow', problem: expect.stringContaining('nowhere') },
    ]);
    expect(issuesOf({ ...valid, queues: [valid.queues[0], valid.queues[0]] })).toEqual([{ path: 'queues[1].id', problem: 'queue sales is listed twice' }]);
    expect(issuesOf({ ...valid, agents: [{ id: 'x', skills: {} }, { id: 'x', skills: {} }] })).toEqual([{ path: 'agents[1].id', problem: 'agent x is defined twice' }]);
    expect(issuesOf({ ...valid, warmUp: '2:00' })).toEqual([{ path: 'warmUp', problem: 'must be shorter than the duration' }]);
    expect(issuesOf([1, 2])).toEqual([{ path: '', problem: 'must be an object' }]);
    expect(issuesOf({ ...valid, queues: [], agents: undefined })).toEqual([
      { path: 'queues', problem: 'must be a non-empty list' },
      { path: 'agents', problem: 'must be a non-empty list' },
    ]);
    expect(issuesOf({ ...valid, policy: { complaintBonus: -1 } })).toEqual([{ path: 'policy.complaintBonus', problem: 'must be >= 0' }]);
  });

  it('names the problems in its message', () => {
    expect(() => parseScenario({ ...valid, duration: 0 })).toThrow('invalid scenario:\n  duration: must be > 0');
  });
});

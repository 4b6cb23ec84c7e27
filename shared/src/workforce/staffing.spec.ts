import {
  WorkforceInputError,
  erlangAAgentsNeeded,
  erlangAFigures,
  erlangCAgentsNeeded,
  erlangCFigures,
  recommendStaffing,
  staffingTable,
} from './index';

const forecast = { arrivalRatePerHour: 360, ahtSeconds: 180, targetServiceLevel: 0.8, serviceLevelThresholdSeconds: 20 };

describe('recommendStaffing', () => {
  it('answers "how many agents for 80/20" with Erlang C and a table around it', () => {
    const r = recommendStaffing(forecast);
    expect(r.model).toBe('erlang_c');
    expect(r.serviceLevelBasis).toBe('offered');
    expect(r.trafficErlangs).toBeCloseTo(18, 12);
    expect(r.requiredAgents).toBe(22);
    expect(r.requiredAgents).toBe(erlangCAgentsNeeded(forecast).agents);
    expect(r.rows.map((row) => row.agents)).toEqual([20, 21, 22, 23, 24, 25]);
    expect(r.rows.map((row) => row.meetsTargets)).toEqual([false, false, true, true, true, true]);
    expect(r.atRequired).toEqual(r.rows[2]);
    const c = erlangCFigures({ ...forecast, agents: 22 });
    expect(r.atRequired).toEqual({
      agents: 22,
      serviceLevel: c.serviceLevel,
      probabilityOfWaiting: c.probabilityOfWaiting,
      asaSeconds: c.asaSeconds,
      occupancy: c.occupancy,
      abandonRate: 0,
      meetsTargets: true,
    });
  });

  it('uses Erlang A when a patience is given, on the basis asked for', () => {
    const withPatience = { ...forecast, patienceSeconds: 90 };
    const r = recommendStaffing(withPatience);
    expect(r.model).toBe('erlang_a');
    expect(r.serviceLevelBasis).toBe('offered');
    expect(r.requiredAgents).toBe(erlangAAgentsNeeded(withPatience).agents);
    const a = erlangAFigures({ ...withPatience, agents: r.requiredAgents });
    expect(r.atRequired.serviceLevel).toBe(a.serviceLevelOfOffered);
    expect(r.atRequired.abandonRate).toBe(a.abandonRate);
    expect(r.atRequired.abandonRate).toBeGreaterThan(0);

    const answered = recommendStaffing({ ...withPatience, serviceLevelBasis: 'answered' });
    expect(answered.serviceLevelBasis).toBe('answered');
    expect(answered.atRequired.serviceLevel).toBe(
      erlangAFigures({ ...withPatience, agents: answered.requiredAgents }).serviceLevelOfAnswered,
    );
  });

  it('treats an infinite patience as Erlang C and reports Erlang C on the offered basis whatever basis is asked', () => {
    const infinite = recommendStaffing({ ...forecast, patienceSeconds: Number.POSITIVE_INFINITY });
    expect(infinite.model).toBe('erlang_c');
    expect(infinite.requiredAgents).toBe(22);
    const askedAnswered = recommendStaffing({ ...forecast, serviceLevelBasis: 'answered' });
    expect(askedAnswered.model).toBe('erlang_c');
    expect(askedAnswered.serviceLevelBasis).toBe('offered');
    expect(askedAnswered.requiredAgents).toBe(22);
  });

  it('marks rows that miss a ceiling', () => {
    const r = recommendStaffing({ ...forecast, maxOccupancy: 0.75 });
    expect(r.requiredAgents).toBe(24);
    expect(r.rows.find((row) => row.agents === 23)?.meetsTargets).toBe(false);
    expect(r.rows.find((row) => row.agents === 23)?.serviceLevel).toBeGreaterThan(0.8);
  });

  it('leaves out negative counts and shows unstable counts with their limits', () => {
    const r = recommendStaffing({ ...forecast, arrivalRatePerHour: 6 });
    expect(r.requiredAgents).toBe(2);
    expect(r.rows.map((row) => row.agents)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.rows[0]).toMatchObject({ serviceLevel: 0, asaSeconds: Number.POSITIVE_INFINITY, meetsTargets: false });
    const quiet = recommendStaffing({ ...forecast, arrivalRatePerHour: 0 });
    expect(quiet.requiredAgents).toBe(0);
    expect(quiet.rows.map((row) => row.agents)).toEqual([0, 1, 2, 3]);
    expect(quiet.atRequired).toMatchObject({ serviceLevel: 1, occupancy: 0, meetsTargets: true });
  });

  it('rejects a bad forecast', () => {
    expect(() => recommendStaffing({ ...forecast, arrivalRatePerHour: -10 })).toThrow(WorkforceInputError);
    expect(() => recommendStaffing({ ...forecast, ahtSeconds: 0 })).toThrow(/ahtSeconds/);
    expect(() => recommendStaffing({ ...forecast, targetServiceLevel: 80 })).toThrow(/targetServiceLevel/);
    expect(() => recommendStaffing({ ...forecast, patienceSeconds: -1 })).toThrow(/patienceSeconds/);
  });
});

describe('staffingTable', () => {
  it('gives the figures at any agent counts', () => {
    const rows = staffingTable(forecast, [18, 30]);
    expect(rows[0]).toMatchObject({ agents: 18, serviceLevel: 0, probabilityOfWaiting: 1, meetsTargets: false });
    expect(rows[1].serviceLevel).toBe(erlangCFigures({ ...forecast, agents: 30 }).serviceLevel);
    expect(rows[1].meetsTargets).toBe(true);
    expect(() => staffingTable(forecast, [3.5])).toThrow(/agents/);
  });
});

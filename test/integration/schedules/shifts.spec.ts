import { erlangAAgentsNeeded, type ForecastResponse, type Shift } from '@callcentre/shared';
import { ForecastService } from '../../../server/src/modules/reports/forecast.service';
import { ReportsService } from '../../../server/src/modules/reports/reports.service';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, queueIdOf, staff, Staff } from '../realtime/support';

/** Monday 2027-06-07 on a UTC centre clock: the forecast day, in the future of the clock the forecast is given. */
const DAY = '2027-06-07';
const at = (time: string, date = DAY) => `${date}T${time}:00Z`;

/**
 * Agents' shifts: who may change them, the rules every shift keeps, and the forecast's gap against the agents
 * scheduled, on a small case worked out by hand.
 */
describe('agent shifts and the staffing gap of the plan', () => {
  let server: TestApp;
  let sophie: Staff;
  let admin: Staff;
  let billing: string;
  const ids = new Map<string, string>();

  const send = async (who: Staff, method: string, path: string, body?: unknown) => api(server.baseUrl, method, path, who.headers, body);
  const add = async (who: Staff, body: Record<string, unknown>) => send(who, 'POST', '/api/shifts', body);
  const shiftFor = (username: string, from: string, to: string, date = DAY) => ({ agentId: ids.get(username), startsAt: at(from, date), endsAt: at(to, date) });

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env: { CENTRE_TIME_ZONE: 'UTC' } });
    sophie = await staff(server.dataSource, 'sophie');
    admin = await staff(server.dataSource, 'admin');
    billing = await queueIdOf(server.dataSource, 'billing');
    for (const row of await server.dataSource.query(`SELECT id, username FROM users`)) ids.set(row.username, row.id);
    // Eight weeks of closed Billing history before the day: 3 contacts a quarter hour, 240 s each, all day.
    const end = Date.parse(at('00:00'));
    await server.dataSource.query(
      `INSERT INTO report_queue_intervals (queue_id, starts_at, offered, answered, answered_within, answered_wait_ms, completed, handled, handle_seconds)
       SELECT $1, s, 3, 3, 3, 15000, 3, 3, 720 FROM generate_series($2::timestamptz, $3::timestamptz - interval '15 minutes', interval '15 minutes') s`,
      [billing, new Date(end - 56 * 86_400_000).toISOString(), new Date(end).toISOString()],
    );
    // The closing job's first pass (at start) is over before the history is declared closed up to the day.
    await server.app.get(ReportsService).closeIntervals();
    await server.dataSource.query(
      `INSERT INTO report_close_state (id, closed_until, time_zone) VALUES (1, $1, 'UTC') ON CONFLICT (id) DO UPDATE SET closed_until = EXCLUDED.closed_until, time_zone = EXCLUDED.time_zone`,
      [new Date(end).toISOString()],
    );
    server.app.get(ForecastService).now = () => end - 12 * 3_600_000;
  });

  afterAll(async () => {
    await server.close();
  });

  it('counts the agents scheduled who serve the queue, by the share of each interval they cover, and the gap to the agents required', async () => {
    // Amy, Li Na and David meet Billing's required skill (billing ≥ 2); Ben does not.
    for (const shift of [shiftFor('amy', '09:00', '17:00'), shiftFor('li.na', '09:40', '13:30'), shiftFor('david', '12:00', '20:00'), shiftFor('ben', '09:00', '17:00')]) {
      expect((await add(sophie, shift)).status).toBe(201);
    }
    const forecast = (await send(sophie, 'GET', `/api/reports/forecast?queue=${billing}&from=${DAY}&days=1&interval=15m`)).body as ForecastResponse;
    expect(forecast.intervals).toHaveLength(96);
    const byTime = new Map(forecast.intervals.map((interval) => [interval.local.slice(11, 16), interval]));
    // By hand: Amy from 09:00, Li Na from 09:40 (a third of the 09:30 quarter), David from 12:00; Li Na leaves at
    // 13:30, Amy at 17:00, David at 20:00.
    const scheduled: Record<string, number> = {
      '08:45': 0, '09:00': 1, '09:15': 1, '09:30': 1.33, '09:45': 2, '11:45': 2, '12:00': 3, '13:15': 3, '13:30': 2, '16:45': 2, '17:00': 1, '19:45': 1, '20:00': 0,
    };
    // 3 contacts a quarter hour of 240 s (0.8 Erlang) for Billing's 80 % within 30 s, with 180 s patience: 2 agents.
    const required = erlangAAgentsNeeded({ arrivalRatePerHour: 12, ahtSeconds: 240, targetServiceLevel: 0.8, serviceLevelThresholdSeconds: 30, patienceSeconds: 180 }).agents;
    expect(required).toBe(2);
    expect(Object.keys(scheduled).map((time) => [time, Math.round((byTime.get(time)?.forecastOffered ?? NaN) * 1000) / 1000, byTime.get(time)?.requiredAgents, byTime.get(time)?.agentsScheduled, byTime.get(time)?.scheduledGap])).toEqual(
      Object.entries(scheduled).map(([time, agents]) => [time, 3, 2, agents, Math.round((agents - 2) * 100) / 100]),
    );
    // The day is ahead of the clock: nobody is signed in for it yet.
    expect(byTime.get('12:00')?.agentsAvailable).toBeNull();

    const csv = await fetch(`${server.baseUrl}/api/reports/forecast?queue=${billing}&from=${DAY}&days=1&interval=15m&format=csv`, { headers: sophie.headers });
    const lines = (await csv.text()).trim().split(/\r?\n/);
    const header = lines[0].split(',');
    expect(header.slice(-2)).toEqual(['agentsScheduled', 'scheduledGap']);
    const noon = lines.find((line) => line.startsWith(`${DAY} 12:00`))?.split(',') ?? [];
    expect(noon.slice(-2)).toEqual(['3', '1']);
  });

  it('refuses a shift that overlaps another of the same agent, naming it, and one that ends before it starts or lasts over 16 hours', async () => {
    const count = async () => (await server.dataSource.query(`SELECT count(*)::int AS n FROM agent_shifts`))[0].n;
    const before = await count();
    const overlap = await add(sophie, shiftFor('amy', '16:00', '18:00'));
    expect({ status: overlap.status, code: overlap.body.code, message: overlap.body.message }).toEqual({
      status: 409,
      code: 'SHIFT_OVERLAP',
      message: 'Amy Walker already has a shift from 2027-06-07T09:00:00.000Z to 2027-06-07T17:00:00.000Z that overlaps this one',
    });
    const inside = await add(sophie, shiftFor('amy', '10:00', '11:00'));
    expect(inside.body.code).toBe('SHIFT_OVERLAP');
    const backwards = await add(sophie, shiftFor('frank', '18:00', '09:00'));
    expect({ status: backwards.status, code: backwards.body.code }).toEqual({ status: 422, code: 'SHIFT_ENDS_BEFORE_START' });
    const long = await add(sophie, { agentId: ids.get('frank'), startsAt: at('06:00'), endsAt: at('22:01') });
    expect({ status: long.status, code: long.body.code }).toEqual({ status: 422, code: 'SHIFT_TOO_LONG' });
    const noOffset = await add(sophie, { agentId: ids.get('frank'), startsAt: `${DAY}T09:00:00`, endsAt: `${DAY}T17:00:00` });
    expect({ status: noOffset.status, fields: noOffset.body.fields.map((f: { field: string }) => f.field) }).toEqual({ status: 400, fields: ['startsAt', 'endsAt'] });
    const nobody = await add(sophie, { startsAt: at('09:00'), endsAt: at('17:00') });
    expect(nobody.status).toBe(400);
    const notAgent = await add(sophie, { agentId: ids.get('sophie'), startsAt: at('09:00'), endsAt: at('17:00') });
    expect({ status: notAgent.status, code: notAgent.body.code }).toEqual({ status: 404, code: 'AGENT_NOT_FOUND' });
    expect(await count()).toBe(before);
    // Back to back is not an overlap; sixteen hours is allowed.
    expect((await add(sophie, shiftFor('amy', '17:00', '19:00'))).status).toBe(201);
    expect((await add(sophie, { agentId: ids.get('frank'), startsAt: at('06:00'), endsAt: at('22:00') })).status).toBe(201);
  });

  it('gives every agent of a team the same shift, or none of them when one already works then', async () => {
    const team = (await send(admin, 'GET', '/api/teams')).body.find((candidate: { name: string }) => candidate.name === 'Cantonese desk');
    const agents = (await send(sophie, 'GET', '/api/agents')).body.filter((agent: { teamId: string }) => agent.teamId === team.id);
    const tuesday = '2027-06-08';
    const created = await add(sophie, { teamId: team.id, startsAt: at('08:00', tuesday), endsAt: at('16:00', tuesday) });
    expect(created.status).toBe(201);
    expect((created.body as Shift[]).map((shift) => shift.agentName).sort()).toEqual(agents.map((agent: { displayName: string }) => agent.displayName).sort());
    expect((created.body as Shift[]).every((shift) => shift.teamName === 'Cantonese desk')).toBe(true);

    // Frank already works 06:00-22:00 on Monday: the whole team's Monday evening shift is refused.
    const refused = await add(sophie, { teamId: team.id, startsAt: at('20:00'), endsAt: at('23:00') });
    expect({ status: refused.status, code: refused.body.code, agent: refused.body.details.agentName }).toEqual({ status: 409, code: 'SHIFT_OVERLAP', agent: 'Frank Müller' });
    const monday = (await send(sophie, 'GET', `/api/shifts?from=${at('20:00')}&to=${at('23:00')}&teamId=${team.id}`)).body as Shift[];
    expect(monday.map((shift) => shift.agentName)).toEqual(['Frank Müller']);
  });

  it('lists the shifts of a week and removes one, audited; agents may neither read nor change them, team leads only read', async () => {
    const week = await send(sophie, 'GET', `/api/shifts?from=${at('00:00')}&to=${at('00:00', '2027-06-14')}`);
    expect(week.status).toBe(200);
    const amys = (week.body as Shift[]).filter((shift) => shift.agentName === 'Amy Walker');
    expect(amys.map((shift) => [shift.startsAt, shift.endsAt, shift.teamName])).toEqual([
      ['2027-06-07T09:00:00.000Z', '2027-06-07T17:00:00.000Z', 'Customer care'],
      ['2027-06-07T17:00:00.000Z', '2027-06-07T19:00:00.000Z', 'Customer care'],
    ]);
    expect((await send(sophie, 'GET', `/api/shifts?from=${at('00:00')}&to=${at('00:00', '2027-07-09')}`)).body.code).toBe('SHIFT_RANGE_TOO_LONG');

    const amy = await staff(server.dataSource, 'amy');
    const grace = await staff(server.dataSource, 'grace');
    expect((await add(amy, shiftFor('amy', '20:00', '21:00'))).status).toBe(403);
    expect((await send(amy, 'DELETE', `/api/shifts/${amys[1].id}`)).status).toBe(403);
    expect((await send(amy, 'GET', `/api/shifts?from=${at('00:00')}&to=${at('23:00')}`)).status).toBe(403);
    expect((await send(amy, 'POST', '/api/shifts/import', { csv: 'username,startsAt,endsAt\n' })).status).toBe(403);
    expect((await add(grace, shiftFor('amy', '20:00', '21:00'))).status).toBe(403);
    expect((await send(grace, 'GET', `/api/shifts?from=${at('00:00')}&to=${at('23:00')}`)).status).toBe(200);

    expect((await send(admin, 'DELETE', `/api/shifts/${amys[1].id}`)).status).toBe(204);
    expect((await send(admin, 'DELETE', `/api/shifts/${amys[1].id}`)).status).toBe(404);
    const [deleted] = (await send(admin, 'GET', '/api/audit?action=shift.deleted')).body.items;
    expect(deleted).toMatchObject({ actor: { name: 'admin' }, target: { type: 'shift', id: amys[1].id }, details: { agentName: 'Amy Walker', startsAt: '2027-06-07T17:00:00.000Z' } });
    const created = (await send(admin, 'GET', '/api/audit?action=shift.created&limit=100')).body.items;
    expect(created.some((entry: { actor: { name: string }; details: { agentName: string } }) => entry.actor.name === 'sophie' && entry.details.agentName === 'Li Na')).toBe(true);
  });

  it('imports a CSV of shifts all or none, naming the lines to correct', async () => {
    const wednesday = '2027-06-09';
    const bad = await send(sophie, 'POST', '/api/shifts/import', {
      csv: ['username,startsAt,endsAt', `amy,${at('09:00', wednesday)},${at('17:00', wednesday)}`, `amy,${at('16:00', wednesday)},${at('20:00', wednesday)}`, `nobody,${at('09:00', wednesday)},${at('17:00', wednesday)}`, `ben,${wednesday} 09:00,${at('17:00', wednesday)}`].join('\n'),
    });
    expect({ status: bad.status, code: bad.body.code, lines: bad.body.details.problems.map((problem: { line: number }) => problem.line) }).toEqual({ status: 422, code: 'SHIFT_IMPORT_INVALID', lines: [2, 3, 4, 5] });
    const count = async () => (await server.dataSource.query(`SELECT count(*)::int AS n FROM agent_shifts WHERE starts_at >= $1`, [at('00:00', wednesday)]))[0].n;
    expect(await count()).toBe(0);
    const good = await send(sophie, 'POST', '/api/shifts/import', {
      csv: ['username,startsAt,endsAt', `amy,${at('09:00', wednesday)},${at('17:00', wednesday)}`, `ben,2027-06-09T10:00:00+01:00,2027-06-09T18:00:00+01:00`, ''].join('\r\n'),
    });
    expect(good.status).toBe(201);
    expect(good.body).toEqual({ imported: 2 });
    expect(await count()).toBe(2);
  });
});

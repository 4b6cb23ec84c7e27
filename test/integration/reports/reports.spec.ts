import ExcelJS from 'exceljs';
import type { AgentReportResponse, CallTimesResponse, QueueHistoryResponse, QueueReportResponse, QueueReportRow } from '@callcentre/shared';
import type { AuthenticatedUser } from '../../../server/src/common/auth';
import { JobsService } from '../../../server/src/common/jobs';
import { AGENT_COLUMNS, csvField, QUEUE_COLUMNS, type ReportColumn } from '../../../server/src/modules/reports/report-export';
import { RoutingService } from '../../../server/src/modules/routing/routing.service';
import { CLOSE_INTERVALS_JOB } from '../../../server/src/modules/reports/jobs/reports.jobs';
import { ReportsRepository } from '../../../server/src/modules/reports/reports.repository';
import { ReportsService } from '../../../server/src/modules/reports/reports.service';
import { ReportTalkAndHold1764000025000 } from '../../../migrations/1764000025000-report-talk-and-hold';
import { startTestApp, TestApp } from '../../support/test-app';
import { api, queueIdOf, staff, Staff } from '../realtime/support';
import { succeedingApi } from '../statistics/support';

/** A seeded generator, so the traffic is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ZONE = 'Europe/Berlin';
/** 2027-03-28 00:00 in Berlin (UTC+1); clocks go from 02:00 to 03:00, so the local day has 23 hours. */
const DAY_START = Date.parse('2027-03-27T23:00:00Z');
const NEXT_DAY_START = Date.parse('2027-03-28T22:00:00Z');

const COMPARED = ['offered', 'answered', 'answeredWithinThreshold', 'abandoned', 'shortAbandoned', 'overflowedOut', 'transferredOut', 'requeued', 'completed', 'handled'] as const;

async function raw(server: TestApp, path: string, headers: Record<string, string>): Promise<{ status: number; type: string; body: Buffer }> {
  const response = await fetch(`${server.baseUrl}${path}`, { headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r') continue;
    else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  return rows;
}

const sum = (rows: readonly QueueReportRow[], key: (typeof COMPARED)[number]) => rows.reduce((total, row) => total + row[key], 0);

/** A text of a sheet as a spreadsheet program reads it: ECMA-376's `_xHHHH_` escapes (ST_Xstring) back to their characters. */
const unescapeSheetText = (text: string) => text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** The first sheet of an XLSX workbook read by exceljs: its rows of cell values (text unescaped, a missing cell null). */
async function sheetRows(body: Buffer, columns: number): Promise<Array<Array<string | number | null>>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: Array<Array<string | number | null>> = [];
  for (let index = 1; index <= sheet.rowCount; index++) {
    const row = sheet.getRow(index);
    rows.push(
      Array.from({ length: columns }, (_, column) => {
        const cell = row.getCell(column + 1);
        if (cell.type === ExcelJS.ValueType.Null) return null;
        if (cell.type === ExcelJS.ValueType.Number) return cell.value as number;
        if (cell.type === ExcelJS.ValueType.String) return unescapeSheetText(cell.value as string);
        throw new Error(`cell ${cell.address} of type ${cell.type}`);
      }),
    );
  }
  return rows;
}

describe('historical reports over generated traffic across a clock change', () => {
  const env = { CENTRE_TIME_ZONE: ZONE, HEARTBEAT_TIMEOUT_SECONDS: '600' };
  let server: TestApp;
  let sophie: Staff;
  let grace: Staff;
  const agents: Staff[] = [];
  let clock = DAY_START + 30 * 60_000;
  const ok = succeedingApi(() => server);
  const created: string[] = [];
  const queues: Record<string, string> = {};
  /** Waits until the call's command is applied (without a PBX the server confirms its own commands at once). */
  const settledCall = async (id: string) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const details = await ok('GET', `/api/calls/${id}`, sophie.headers);
      if (details.call && details.call.state !== 'pending') return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the command on call ${id} was not applied`);
  };

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true, env });
    server.app.get(RoutingService).now = () => clock;
    server.app.get(ReportsService).now = () => clock;
    sophie = await staff(server.dataSource, 'sophie');
    grace = await staff(server.dataSource, 'grace');
    for (const name of ['amy', 'ben', 'frank']) agents.push(await staff(server.dataSource, name));
    for (const code of ['general', 'billing', 'technical']) queues[code] = await queueIdOf(server.dataSource, code);

    // 00:30 to 04:30 local (03:30 of real time: the hour from 02:00 does not exist), steps of 20 s to 3 min.
    const next = random(17);
    // Holds come from a generator of their own, so the rest of the traffic is what it was without them.
    const holds = random(29);
    const byId = new Map(agents.map((agent) => [agent.id, agent]));
    const routing = server.app.get(RoutingService);
    for (const agent of agents) await ok('PUT', '/api/agents/me/state', agent.headers, { state: 'available' });
    const end = Date.parse('2027-03-28T02:30:00Z');
    while (clock < end) {
      clock += Math.round((20 + next() * 160) * 1000);
      for (const agent of agents) await ok('POST', '/api/agents/me/heartbeat', agent.headers);
      await routing.dispatch({ type: 'tick' });
      if (next() < 0.7) {
        const queue = ['general', 'billing', 'billing', 'technical'][Math.floor(next() * 4)];
        created.push((await ok('POST', '/api/interactions', sophie.headers, { channel: 'voice', caller: {}, queue })).interaction.id);
      }
      for (const id of created) {
        const contact = routing.core.getContact(id);
        if (!contact) continue;
        const roll = next();
        const holdRoll = holds();
        if (contact.status === 'connected' && holdRoll < 0.35) {
          // The agent puts the caller on hold or takes them off it through the call workspace (no PBX: confirmed at once).
          const agent = byId.get(contact.agentId as string);
          if (agent) {
            const { call } = await ok('GET', `/api/calls/${id}`, sophie.headers);
            const onHold = call !== null && call.state !== 'over' && call.agentId === agent.id && call.held;
            await ok('POST', `/api/calls/${id}/commands`, agent.headers, { type: onHold ? 'resume' : 'hold' });
            await settledCall(id);
          }
        }
        if (contact.status === 'waiting' && roll < 0.12) {
          await ok('POST', `/api/interactions/${id}/abandon`, sophie.headers);
        } else if (contact.status === 'offered') {
          const interaction = await ok('GET', `/api/interactions/${id}`, sophie.headers);
          const agent = interaction.offer ? byId.get(interaction.offer.agentId) : undefined;
          if (agent && roll < 0.85) await ok('POST', `/api/interactions/${id}/accept`, agent.headers, { offerId: interaction.offer.offerId });
          else if (roll >= 0.85) await ok('POST', `/api/interactions/${id}/abandon`, sophie.headers);
        } else if (contact.status === 'connected') {
          const agent = byId.get(contact.agentId as string);
          if (!agent) continue;
          if (roll < 0.1) await ok('POST', `/api/interactions/${id}/transfer`, agent.headers, { queue: contact.queueId === queues.general ? 'technical' : 'general' });
          else if (roll < 0.55) await ok('POST', `/api/interactions/${id}/end`, agent.headers);
        } else if (contact.status === 'wrap_up' && roll < 0.7) {
          const agent = byId.get(contact.agentId as string);
          if (agent) await ok('POST', `/api/interactions/${id}/wrap-up`, agent.headers, { disposition: 'resolved' });
        }
      }
      // Now and then an agent takes a break, and comes back.
      const agent = agents[Math.floor(next() * agents.length)];
      const view = routing.core.getAgent(agent.id);
      if (view?.state === 'available' && next() < 0.08) await ok('PUT', '/api/agents/me/state', agent.headers, { state: 'not_ready', reason: next() < 0.5 ? 'break' : 'lunch' });
      else if (view?.state === 'not_ready' && next() < 0.4) await ok('PUT', '/api/agents/me/state', agent.headers, { state: 'available' });
    }
    // Callers answer the surveys of six contacts (experience 5 − expectation 3, and 2 − 4): satisfaction 0 on average.
    await server.dataSource.query(
      `UPDATE satisfaction_surveys SET answered_at = $1, source = 'web',
              experience = CASE WHEN rn % 2 = 0 THEN 5 ELSE 2 END, expectation = CASE WHEN rn % 2 = 0 THEN 3 ELSE 4 END
         FROM (SELECT interaction_id, row_number() OVER (ORDER BY interaction_id) AS rn FROM satisfaction_surveys WHERE agent_id IS NOT NULL LIMIT 6) picked
        WHERE satisfaction_surveys.interaction_id = picked.interaction_id`,
      ['2027-03-28T01:10:00Z'],
    );
    expect((await server.dataSource.query(`SELECT count(*)::int AS n FROM satisfaction_surveys WHERE answered_at IS NOT NULL`))[0].n).toBe(6);
  }, 600_000);

  afterAll(async () => {
    await server.close();
  });

  it('closes intervals durably, catching up after a stop, and keeps the closing job booked', async () => {
    const reports = server.app.get(ReportsService);
    expect(await server.app.get(JobsService).scheduledAt(CLOSE_INTERVALS_JOB)).not.toBeNull();
    // A first close up to 01:00 UTC, then (as after a restart) everything up to the next local midnight.
    await reports.closeIntervals(Date.parse('2027-03-28T01:00:00Z'));
    clock = NEXT_DAY_START + 5 * 60_000;
    expect(await reports.closeIntervals()).toBe(NEXT_DAY_START);
  });

  it('gives every past 15-minute interval of every queue the figures the live statistics give the same interval', async () => {
    for (const code of ['general', 'billing', 'technical']) {
      const report = await ok('GET', `/api/reports/queues?from=2027-03-28&to=2027-03-29&interval=15m&queue=${queues[code]}`, sophie.headers) as QueueReportResponse;
      const range = `from=${encodeURIComponent(new Date(DAY_START).toISOString())}&to=${encodeURIComponent(new Date(NEXT_DAY_START).toISOString())}&intervalMinutes=15`;
      const history = await ok('GET', `/api/statistics/queues/${queues[code]}/history?${range}`, sophie.headers) as QueueHistoryResponse;
      const byStart = new Map(report.rows.map((row) => [row.start, row]));
      let compared = 0;
      for (const interval of history.intervals) {
        const row = byStart.get(new Date(interval.startsAt).toISOString());
        const live = interval;
        // An interval with nothing in it has no record; it reads as zeros.
        const stored: QueueReportRow = row ?? { ...live, ...Object.fromEntries(COMPARED.map((key) => [key, 0])), asaSeconds: null, ahtSeconds: null, serviceLevelAnsweredOnly: null, serviceLevelAbandonsInDenominator: null, serviceLevelShortAbandonsMet: null } as unknown as QueueReportRow;
        if (row !== undefined) compared += 1;
        expect(Object.fromEntries(COMPARED.map((key) => [key, stored[key]]))).toEqual(Object.fromEntries(COMPARED.map((key) => [key, live[key]])));
        expect(stored.asaSeconds).toBe(live.asaSeconds);
        expect(stored.ahtSeconds ?? 0).toBeCloseTo(live.ahtSeconds ?? 0, 9);
        expect(stored.serviceLevelAnsweredOnly).toBe(live.serviceLevelByFormula.answered_only);
        expect(stored.serviceLevelAbandonsInDenominator).toBe(live.serviceLevelByFormula.abandons_in_denominator);
        expect(stored.serviceLevelShortAbandonsMet).toBe(live.serviceLevelByFormula.short_abandons_met);
      }
      expect(compared).toBeGreaterThan(3);
    }
  });

  it('adds up to what the interactions themselves say, with overflow, transfers and abandons in the traffic', async () => {
    const report = await ok('GET', '/api/reports/queues?from=2027-03-28&to=2027-03-29&interval=day', sophie.headers) as QueueReportResponse;
    const facts = (await server.dataSource.query(
      `SELECT count(*)::int AS contacts,
              count(*) FILTER (WHERE status = 'abandoned')::int AS abandoned,
              count(*) FILTER (WHERE status = 'completed' AND closed_at < $2)::int AS completed,
              count(*) FILTER (WHERE queue_id <> first_queue_id)::int AS moved
         FROM interactions WHERE id = ANY($1)`,
      // Routing's own timer may end a wrap-up left open by the traffic after the clock moved past the day: not in it.
      [created, new Date(NEXT_DAY_START).toISOString()],
    ))[0];
    expect(facts.contacts).toBe(created.length);
    expect(facts.abandoned).toBeGreaterThan(0);
    expect(facts.moved).toBeGreaterThan(0);
    // Each contact once centre-wide: offered − requeued − overflowed out − transferred out.
    expect(sum(report.rows, 'offered') - sum(report.rows, 'requeued') - sum(report.rows, 'overflowedOut') - sum(report.rows, 'transferredOut')).toBe(facts.contacts);
    expect(sum(report.rows, 'abandoned')).toBe(facts.abandoned);
    expect(sum(report.rows, 'completed')).toBe(facts.completed);
    expect(sum(report.rows, 'overflowedOut') + sum(report.rows, 'transferredOut')).toBeGreaterThan(0);
    expect(sum(report.rows, 'overflowedOut')).toBeGreaterThan(0);
    expect(sum(report.rows, 'transferredOut')).toBeGreaterThan(0);
    const answers = (await server.dataSource.query(`SELECT count(*)::int AS n FROM routing_events WHERE type = 'contact.connected' AND interaction_id = ANY($1)`, [created]))[0].n;
    expect(sum(report.rows, 'answered')).toBe(answers);
    // The answered surveys, in their queues: six in all, mean satisfaction as the surveys give it.
    const surveys = await server.dataSource.query(`SELECT queue_id, count(*)::int AS n, avg(satisfaction)::float8 AS mean FROM satisfaction_surveys WHERE answered_at IS NOT NULL GROUP BY queue_id`);
    expect(report.rows.reduce((total, row) => total + row.surveysAnswered, 0)).toBe(6);
    for (const survey of surveys) {
      const row = report.rows.find((candidate) => candidate.queueId === survey.queue_id) as QueueReportRow;
      expect(row.surveysAnswered).toBe(survey.n);
      expect(row.satisfaction).toBeCloseTo(survey.mean, 10);
    }
    expect(report.rows.every((row) => row.emailsReplied === 0 && row.emailsWithinPromise === null)).toBe(true);
  });

  it('counts talk and hold of the calls that ended, as the calls recorded them, by queue and by agent alike', async () => {
    const report = await ok('GET', '/api/reports/queues?from=2027-03-28&to=2027-03-29&interval=day', sophie.headers) as QueueReportResponse;
    const agentsReport = await ok('GET', '/api/reports/agents?from=2027-03-28&to=2027-03-29&interval=15m', sophie.headers) as AgentReportResponse;
    // Each call's conversation with agents from the journal's times: every answer up to what ended that agent's part
    // (their transfer, or the end of the call), so the caller's waits after a transfer are left out.
    const ended: Array<{ id: string; queue_id: string; conversation: number; waited_again: boolean }> = await server.dataSource.query(
      `SELECT i.id, i.queue_id,
              (SELECT sum(extract(epoch FROM coalesce(
                        (SELECT min(n.at) FROM routing_events n
                          WHERE n.interaction_id = i.id AND n.at >= c.at AND n.id > c.id AND n.type IN ('contact.transferred', 'contact.requeued')),
                        i.ended_at) - c.at))::float8
                 FROM routing_events c WHERE c.interaction_id = i.id AND c.type = 'contact.connected' AND c.at <= i.ended_at) AS conversation,
              (SELECT count(*) FROM routing_events c WHERE c.interaction_id = i.id AND c.type = 'contact.connected') > 1 AS waited_again
         FROM interactions i WHERE i.id = ANY($1) AND i.ended_at >= $2 AND i.ended_at < $3`,
      [created, new Date(DAY_START).toISOString(), new Date(NEXT_DAY_START).toISOString()],
    );
    expect(ended.length).toBeGreaterThan(10);
    // Transferred calls answered again are in the traffic: their waits in between are not talk.
    expect(ended.filter((call) => call.waited_again).length).toBeGreaterThan(0);
    // Each call's hold as its details give it, its talk as the rest of its conversation; the details agree.
    let hold = 0;
    let talk = 0;
    let withHold = 0;
    for (const call of ended) {
      const details = await ok('GET', `/api/calls/${call.id}`, sophie.headers);
      hold += details.holdSeconds;
      talk += Math.max(0, call.conversation - details.holdSeconds);
      expect(details.talkSeconds).toBeCloseTo(Math.max(0, call.conversation - details.holdSeconds), 2);
      if (details.holdSeconds > 0) withHold += 1;
    }
    expect(withHold).toBeGreaterThan(2);
    const total = (rows: ReadonlyArray<{ callsEnded: number; talkSeconds: number; holdSeconds: number; callsWithHold: number }>, key: 'callsEnded' | 'talkSeconds' | 'holdSeconds' | 'callsWithHold') =>
      rows.reduce((sum, row) => sum + row[key], 0);
    for (const rows of [report.rows, agentsReport.rows]) {
      expect(total(rows, 'callsEnded')).toBe(ended.length);
      expect(total(rows, 'holdSeconds')).toBeCloseTo(hold, 6);
      expect(total(rows, 'talkSeconds')).toBeCloseTo(talk, 2);
      expect(total(rows, 'callsWithHold')).toBe(withHold);
    }
    // The same figures per queue as GET /api/calls/times over the same day.
    const range = `from=${encodeURIComponent(new Date(DAY_START).toISOString())}&to=${encodeURIComponent(new Date(NEXT_DAY_START).toISOString())}`;
    const times = await ok('GET', `/api/calls/times?${range}`, sophie.headers) as CallTimesResponse;
    for (const queue of times.queues) {
      const row = report.rows.find((candidate) => candidate.queueId === queue.queueId) as QueueReportRow;
      expect(row).toMatchObject({ callsEnded: queue.calls, callsWithHold: queue.callsWithHold });
      expect(row.talkSeconds).toBeCloseTo(queue.talkSeconds, 2);
      expect(row.holdSeconds).toBeCloseTo(queue.holdSeconds, 2);
      expect(row.averageHoldSeconds).toBeCloseTo(queue.averageHoldSeconds as number, 2);
      expect(row.averageTalkSeconds).toBeCloseTo(queue.averageTalkSeconds as number, 2);
    }
    expect(report.rows.filter((row) => row.callsEnded === 0).every((row) => row.averageTalkSeconds === null && row.averageHoldSeconds === null)).toBe(true);
  });

  it('makes the day of the clock change 23 hours long, by day and by local hour, and the three grains agree', async () => {
    const byDay = await ok('GET', `/api/reports/queues?from=2027-03-28&to=2027-03-29&interval=day&queue=${queues.billing}`, sophie.headers) as QueueReportResponse;
    expect(byDay.rows).toHaveLength(1);
    expect(byDay.rows[0]).toMatchObject({ local: '2027-03-28', start: new Date(DAY_START).toISOString(), end: new Date(NEXT_DAY_START).toISOString() });
    expect(Date.parse(byDay.rows[0].end) - Date.parse(byDay.rows[0].start)).toBe(23 * 3_600_000);
    const byHour = await ok('GET', `/api/reports/queues?from=2027-03-28&to=2027-03-29&interval=60m&queue=${queues.billing}`, sophie.headers) as QueueReportResponse;
    const locals = byHour.rows.map((row) => row.local.slice(11));
    expect(locals).not.toContain('02:00');
    expect(locals).toEqual(expect.arrayContaining(['01:00', '03:00']));
    const byQuarter = await ok('GET', `/api/reports/queues?from=2027-03-28&to=2027-03-29&interval=15m&queue=${queues.billing}`, sophie.headers) as QueueReportResponse;
    for (const key of COMPARED) {
      expect(sum(byHour.rows, key)).toBe(byDay.rows[0][key]);
      expect(sum(byQuarter.rows, key)).toBe(byDay.rows[0][key]);
    }
    for (const key of ['callsEnded', 'talkSeconds', 'holdSeconds', 'callsWithHold'] as const) {
      expect(byHour.rows.reduce((total, row) => total + row[key], 0)).toBeCloseTo(byDay.rows[0][key], 6);
      expect(byQuarter.rows.reduce((total, row) => total + row[key], 0)).toBeCloseTo(byDay.rows[0][key], 6);
    }
  });

  it('keeps the hourly rollups equal to the 15-minute records they sum, over the clock change, and cuts an hour at a range’s ends', async () => {
    const expectHoursSumTheirRecords = async (zone: string) => {
      for (const [owner, key] of [
        ['queue', 'queue_id'],
        ['agent', 'agent_id'],
      ] as const) {
        const counts: string[] = (
          await server.dataSource.query(
            `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND column_name NOT IN ($2, 'starts_at') ORDER BY ordinal_position`,
            [`report_${owner}_intervals`, key],
          )
        ).map((row: { column_name: string }) => row.column_name);
        expect(counts.length).toBeGreaterThan(10);
        // Every hour row against its records summed by local hour, both ways (a full outer join), column by column.
        const [check] = await server.dataSource.query(
          `WITH summed AS (
             SELECT ${key}, starts_at - make_interval(secs => (extract(epoch FROM (starts_at AT TIME ZONE $1))::bigint % 3600)) AS hour, ${counts.map((c) => `sum(${c})::float8 AS ${c}`).join(', ')}
               FROM report_${owner}_intervals GROUP BY 1, 2
           )
           SELECT count(*)::int AS hours,
                  count(*) FILTER (WHERE h.${key} IS NULL OR s.${key} IS NULL OR ${counts.map((c) => `abs(h.${c}::float8 - s.${c}) > 1e-6`).join(' OR ')})::int AS different
             FROM report_${owner}_hours h FULL JOIN summed s ON s.${key} = h.${key} AND s.hour = h.starts_at`,
          [zone],
        );
        expect(check.different).toBe(0);
        expect(check.hours).toBeGreaterThan(0);
      }
    };
    await expectHoursSumTheirRecords(ZONE);
    // A zone three quarters of an hour off whole hours: its hours start at :15, are derived again, and still add up.
    const records = server.app.get(ReportsRepository);
    await records.transaction((manager) => records.rederiveAllDays(manager, 'Asia/Kathmandu'));
    expect((await server.dataSource.query(`SELECT DISTINCT extract(minute FROM starts_at)::int AS minute FROM report_agent_hours`)).map((row: { minute: number }) => row.minute)).toEqual([15]);
    await expectHoursSumTheirRecords('Asia/Kathmandu');
    await records.transaction((manager) => records.rederiveAllDays(manager, ZONE));
    await expectHoursSumTheirRecords(ZONE);
    // The traffic's local hours of the day of the change: 00:00 and 01:00 in winter time, then 03:00 and 04:00.
    const hours = await server.dataSource.query(`SELECT DISTINCT to_char(starts_at AT TIME ZONE $1, 'HH24:MI') AS local FROM report_queue_hours WHERE offered > 0 ORDER BY 1`, [ZONE]);
    expect(hours.map((row: { local: string }) => row.local)).toEqual(['00:00', '01:00', '03:00', '04:00']);

    // By hour over a range cut inside hours (00:45 to 03:15 local): each hour is the sum of its 15-minute rows in the range.
    const range = `from=2027-03-27T23:45:00.000Z&to=2027-03-28T01:15:00.000Z`;
    for (const path of ['queues', 'agents'] as const) {
      const byHour = await ok('GET', `/api/reports/${path}?${range}&interval=60m`, sophie.headers) as QueueReportResponse | AgentReportResponse;
      const byQuarter = await ok('GET', `/api/reports/${path}?${range}&interval=15m`, sophie.headers) as QueueReportResponse | AgentReportResponse;
      const id = (row: object) => ('queueId' in row ? row.queueId : (row as { agentId: string }).agentId) as string;
      const hourOf = (start: string) => Math.floor(Date.parse(start) / 3_600_000) * 3_600_000;
      const expected = new Map<string, number>();
      for (const row of byQuarter.rows) {
        const slot = `${id(row)} ${hourOf(row.start)}`;
        expected.set(slot, (expected.get(slot) ?? 0) + row.handled);
      }
      expect(new Set(byHour.rows.map((row) => hourOf(row.start))).size).toBe(3);
      expect(new Map(byHour.rows.map((row) => [`${id(row)} ${Date.parse(row.start)}`, row.handled]))).toEqual(expected);
    }
  });

  it('reports agents: their answers and handlings are the queues’, with time by state and not-ready reasons; a team lead sees their team only', async () => {
    const queuesReport = await ok('GET', '/api/reports/queues?from=2027-03-28&to=2027-03-29&interval=day', sophie.headers) as QueueReportResponse;
    const agentsReport = await ok('GET', '/api/reports/agents?from=2027-03-28&to=2027-03-29&interval=60m', sophie.headers) as AgentReportResponse;
    const total = (key: 'answered' | 'handled') => agentsReport.rows.reduce((sum, row) => sum + row[key], 0);
    expect(total('answered')).toBe(sum(queuesReport.rows, 'answered'));
    expect(total('handled')).toBe(sum(queuesReport.rows, 'handled'));
    expect(agentsReport.rows.reduce((sum, row) => sum + row.surveysAnswered, 0)).toBe(6);
    const amy = agentsReport.rows.filter((row) => row.agentId === agents[0].id);
    // The team each agent is in now, by name (the demo's teams).
    expect(new Set(amy.map((row) => row.teamName))).toEqual(new Set(['Customer care']));
    expect(new Set(agentsReport.rows.filter((row) => row.agentId === agents[2].id).map((row) => row.teamName))).toEqual(new Set(['Cantonese desk']));
    expect(amy.reduce((sum, row) => sum + row.signedInSeconds, 0)).toBeGreaterThan(3 * 3600 - 60);
    expect(amy.every((row) => row.occupancy === null || (row.occupancy >= 0 && row.occupancy <= 1))).toBe(true);
    const notReady = agentsReport.rows.reduce((sum, row) => sum + row.notReadySeconds, 0);
    const byReason = agentsReport.rows.reduce((sum, row) => sum + Object.values(row.notReadyByReason).reduce((a, b) => a + (b ?? 0), 0), 0);
    expect(notReady).toBeGreaterThan(0);
    expect(byReason).toBeCloseTo(notReady, 6);

    const team = await ok('GET', '/api/reports/agents?from=2027-03-28&to=2027-03-29&interval=day', grace.headers) as AgentReportResponse;
    const frank = agents[2].id; // Daniel's team
    expect(team.rows.some((row) => row.agentId === agents[0].id)).toBe(true);
    expect(team.rows.some((row) => row.agentId === frank)).toBe(false);
    expect((await api(server.baseUrl, 'GET', `/api/reports/agents?agent=${frank}`, grace.headers)).status).toBe(404);
    expect((await api(server.baseUrl, 'GET', '/api/reports/queues', agents[0].headers)).status).toBe(403);
    expect((await api(server.baseUrl, 'GET', '/api/reports/queues?interval=5m', sophie.headers)).status).toBe(400);
    expect((await api(server.baseUrl, 'GET', '/api/reports/queues?from=2026-01-01&to=2027-03-29&interval=15m', sophie.headers)).status).toBe(400);
  });

  it('exports the same rows as CSV and XLSX, which parse back to the JSON figures', async () => {
    const path = '/api/reports/queues?from=2027-03-28&to=2027-03-29&interval=60m';
    const json = await ok('GET', path, sophie.headers) as QueueReportResponse;
    expect(json.rows.length).toBeGreaterThan(5);

    const csv = await raw(server, `${path}&format=csv`, sophie.headers);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const [header, ...lines] = parseCsv(csv.body.toString('utf8'));
    expect(header).toEqual(expect.arrayContaining(['queueCode', 'local', 'offered', 'shortAbandoned', 'longAbandoned', 'serviceLevelShortAbandonsMet', 'satisfaction', 'emailsWithinPromise', 'talkSeconds', 'holdSeconds', 'averageTalkSeconds', 'averageHoldSeconds']));
    expect(lines).toHaveLength(json.rows.length);
    const column = (name: string) => header.indexOf(name);
    lines.forEach((line, index) => {
      const row = json.rows[index];
      expect(line[column('queueCode')]).toBe(row.queueCode);
      expect(line[column('start')]).toBe(row.start);
      expect(Number(line[column('offered')])).toBe(row.offered);
      expect(Number(line[column('abandoned')])).toBe(row.abandoned);
      expect(line[column('asaSeconds')] === '' ? null : Number(line[column('asaSeconds')])).toBe(row.asaSeconds);
      expect(line[column('satisfaction')] === '' ? null : Number(line[column('satisfaction')])).toBe(row.satisfaction);
      expect(line[column('emailsWithinPromise')]).toBe('');
      expect(Number(line[column('holdSeconds')])).toBe(row.holdSeconds);
      expect(line[column('averageTalkSeconds')] === '' ? null : Number(line[column('averageTalkSeconds')])).toBe(row.averageTalkSeconds);
    });

    const xlsx = await raw(server, `${path}&format=xlsx`, sophie.headers);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(json.rows.length + 1);
    const names = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (rowIndex: number, name: string) => sheet.getRow(rowIndex + 2).getCell(names.indexOf(name) + 1).value;
    json.rows.forEach((row, index) => {
      expect(cell(index, 'queueCode')).toBe(row.queueCode);
      expect(cell(index, 'offered')).toBe(row.offered);
      expect(cell(index, 'answered')).toBe(row.answered);
      expect(cell(index, 'ahtSeconds') ?? null).toBe(row.ahtSeconds);
      expect(cell(index, 'talkSeconds')).toBe(row.talkSeconds);
      expect(cell(index, 'averageHoldSeconds') ?? null).toBe(row.averageHoldSeconds);
    });

    const agentsCsv = await raw(server, '/api/reports/agents?from=2027-03-28&to=2027-03-29&interval=day&format=csv', sophie.headers);
    expect(parseCsv(agentsCsv.body.toString('utf8'))[0]).toEqual(expect.arrayContaining(['agentName', 'occupancy', 'notReady.break', 'notReady.lunch', 'talkSeconds', 'holdSeconds', 'averageTalkSeconds', 'averageHoldSeconds']));
  });

  it('fills talk and hold into records closed before they were counted, with their hours and days', async () => {
    const read = async () => [
      ...((await ok('GET', '/api/reports/queues?from=2027-03-28&to=2027-03-29&interval=day', sophie.headers)) as QueueReportResponse).rows,
      ...((await ok('GET', '/api/reports/queues?from=2027-03-28&to=2027-03-29&interval=60m', sophie.headers)) as QueueReportResponse).rows,
      ...((await ok('GET', '/api/reports/agents?from=2027-03-28&to=2027-03-29&interval=15m', sophie.headers)) as AgentReportResponse).rows,
    ].map((row) => [row.start, 'queueId' in row ? row.queueId : row.agentId, row.callsEnded, row.talkSeconds.toFixed(6), row.holdSeconds.toFixed(6), row.callsWithHold]);
    const counted = await read();
    expect(counted.some((row) => (row[2] as number) > 0)).toBe(true);
    // As records closed before the columns existed: all zero.
    const tables = await server.dataSource.query(`SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'calls_ended' AND table_name LIKE 'report\\_%'`);
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const { table_name: table } of tables) await server.dataSource.query(`UPDATE ${table} SET calls_ended = 0, talk_seconds = 0, hold_seconds = 0, calls_with_hold = 0`);
    expect((await read()).every((row) => row[2] === 0)).toBe(true);
    const runner = server.dataSource.createQueryRunner();
    try {
      await new ReportTalkAndHold1764000025000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await read()).toEqual(counted);
  });
  it('streams JSON and CSV byte for byte as the rows built in the server write them, and XLSX that reads back as those rows, with names to escape and figures of every magnitude', async () => {
    const reports = server.app.get(ReportsService);
    const userOf = (who: Staff, roles: AuthenticatedUser['roles']): AuthenticatedUser => ({ kind: 'user', id: who.id, username: who.username, displayName: who.username, roles, teamLeadId: null });
    const amy = agents[0].id;
    const names = { queue: (await server.dataSource.query(`SELECT name FROM queues WHERE id = $1`, [queues.billing]))[0].name, agent: (await server.dataSource.query(`SELECT display_name FROM users WHERE id = $1`, [amy]))[0].display_name };
    // A record of each with figures JavaScript writes otherwise than PostgreSQL's default text (plain digits from 1e-6
    // to 1e21, exponents without a leading zero, −0 as 0), kept to be put back. Above 2^53 (285 million years of
    // seconds) PostgreSQL may write a digit more than JavaScript where the shortest decimal is exactly half-way
    // between two doubles, so the figures here stay below it but for 1e21, whose digits both write alike.
    const [agentRecord] = await server.dataSource.query(`SELECT * FROM report_agent_intervals WHERE agent_id = $1 ORDER BY starts_at LIMIT 1`, [amy]);
    const [queueRecord] = await server.dataSource.query(`SELECT * FROM report_queue_intervals WHERE queue_id = $1 AND answered > 0 ORDER BY starts_at LIMIT 1`, [queues.billing]);
    try {
      await server.dataSource.query(`UPDATE queues SET name = $2 WHERE id = $1`, [queues.billing, '=HYPERLINK("x"), "billing"\n\ttab \\ back ☎ \u0001']);
      await server.dataSource.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [amy, '-Amy "A", ünï\r\nline <b>&amp;</b> _x0041_ \uffff ']);
      await server.dataSource.query(
        `UPDATE report_agent_intervals SET reserved_seconds = 0.0000123, available_seconds = 4.5e-8, busy_seconds = '-0', not_ready_break = 7e-5, talk_seconds = 2.5e15, hold_seconds = 1e21, calls_ended = 2
          WHERE agent_id = $1 AND starts_at = $2`,
        [amy, agentRecord.starts_at],
      );
      await server.dataSource.query(`UPDATE report_queue_intervals SET talk_seconds = 0.00007, hold_seconds = 3e-7, handle_seconds = 4e15 WHERE queue_id = $1 AND starts_at = $2`, [queues.billing, queueRecord.starts_at]);

      const csvOf = <Row>(columns: readonly ReportColumn<Row>[], rows: readonly Row[]) =>
        [columns.map((column) => csvField(column.header)).join(','), ...rows.map((row) => columns.map((column) => csvField(column.value(row))).join(','))].map((line) => `${line}\r\n`).join('');
      const texts: string[] = [];
      const expectSame = async (path: string, who: Staff, built: { meta: object; rows: readonly object[] }, columns: readonly ReportColumn<never>[]) => {
        expect(built.rows.length).toBeGreaterThan(0);
        const json = await raw(server, path, who.headers);
        expect(json.status).toBe(200);
        expect(json.body.toString('utf8')).toBe(JSON.stringify({ ...built.meta, rows: built.rows }));
        const csv = await raw(server, `${path}&format=csv`, who.headers);
        expect(csv.status).toBe(200);
        expect(csv.body.toString('utf8')).toBe(csvOf(columns, built.rows as never[]));
        texts.push(json.body.toString('utf8'), csv.body.toString('utf8'));
        // The workbook, read back by exceljs: the header row, then every row's cells as the rows built here hold them
        // (names as they are, a formula-looking one as text; figures as numbers; a missing figure as no cell).
        const xlsx = await raw(server, `${path}&format=xlsx`, who.headers);
        expect(xlsx.status).toBe(200);
        expect(xlsx.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        const sheet = await sheetRows(xlsx.body, columns.length);
        // −0 is written 0, as JSON writes it.
        const cellOf = (value: string | number | null) => (value === 0 ? 0 : value);
        expect(sheet).toEqual([columns.map((column) => column.header), ...built.rows.map((row) => columns.map((column) => cellOf(column.value(row as never))))]);
        sheets.push(...sheet.flat().filter((cell): cell is string => typeof cell === 'string'));
      };
      const sheets: string[] = [];
      const day = 'from=2027-03-28&to=2027-03-29';
      const cut = 'from=2027-03-27T23:45:00.000Z&to=2027-03-28T01:15:00.000Z';
      for (const query of [`${day}&interval=15m`, `${day}&interval=30m`, `${day}&interval=60m`, `${cut}&interval=60m`, `${day}&interval=day`, `${day}&interval=15m&queue=${queues.billing}`]) {
        const params = Object.fromEntries(new URLSearchParams(query)) as Record<string, string>;
        await expectSame(`/api/reports/queues?${query}`, sophie, await reports.queueReport(params as Parameters<ReportsService['queueReport']>[0]), QUEUE_COLUMNS as never);
      }
      for (const query of [`${day}&interval=15m`, `${day}&interval=30m`, `${day}&interval=60m`, `${cut}&interval=60m`, `${day}&interval=day`, `${day}&interval=15m&agent=${amy}`]) {
        const params = Object.fromEntries(new URLSearchParams(query)) as Record<string, string>;
        await expectSame(`/api/reports/agents?${query}`, sophie, await reports.agentReport(params as Parameters<ReportsService['agentReport']>[0], userOf(sophie, ['supervisor'])), AGENT_COLUMNS as never);
      }
      // A team lead's report holds their team only, as built.
      await expectSame(`/api/reports/agents?${day}&interval=60m`, grace, await reports.agentReport({ from: '2027-03-28', to: '2027-03-29', interval: '60m' }, userOf(grace, ['team_lead'])), AGENT_COLUMNS as never);
      // The odd names and figures are in what was compared.
      const all = texts.join('');
      for (const text of ['"=HYPERLINK(\\"x\\"), \\"billing\\"\\n\\ttab \\\\ back ☎ \\u0001"', `"'=HYPERLINK(""x""), ""billing""\n\ttab \\ back ☎ \u0001"`, `"'-Amy ""A"", ünï\r\nline <b>&amp;</b> _x0041_ \uffff "`]) expect(all).toContain(text);
      // In the sheets, the names as they are, among them a formula-looking one as a text cell.
      for (const name of ['=HYPERLINK("x"), "billing"\n\ttab \\ back ☎ \u0001', '-Amy "A", ünï\r\nline <b>&amp;</b> _x0041_ \uffff ']) expect(sheets).toContain(name);
      for (const figure of ['"reservedSeconds":0.0000123', '"availableSeconds":4.5e-8', '"busySeconds":0,', '"break":0.00007', '"talkSeconds":2500000000000000', '"holdSeconds":1e+21', '"averageHoldSeconds":500000000000000000000', '"holdSeconds":3e-7', '"ahtSeconds":']) {
        expect(all).toContain(figure);
      }
    } finally {
      await server.dataSource.query(`UPDATE queues SET name = $2 WHERE id = $1`, [queues.billing, names.queue]);
      await server.dataSource.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [amy, names.agent]);
      await server.dataSource.query(
        `UPDATE report_agent_intervals SET reserved_seconds = $3, available_seconds = $4, busy_seconds = $5, not_ready_break = $6, talk_seconds = $7, hold_seconds = $8, calls_ended = $9
          WHERE agent_id = $1 AND starts_at = $2`,
        [amy, agentRecord.starts_at, agentRecord.reserved_seconds, agentRecord.available_seconds, agentRecord.busy_seconds, agentRecord.not_ready_break, agentRecord.talk_seconds, agentRecord.hold_seconds, agentRecord.calls_ended],
      );
      await server.dataSource.query(`UPDATE report_queue_intervals SET talk_seconds = $3, hold_seconds = $4, handle_seconds = $5 WHERE queue_id = $1 AND starts_at = $2`, [
        queues.billing,
        queueRecord.starts_at,
        queueRecord.talk_seconds,
        queueRecord.hold_seconds,
        queueRecord.handle_seconds,
      ]);
    }
  });
});

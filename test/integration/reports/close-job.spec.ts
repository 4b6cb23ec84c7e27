import { ReportsService } from '../../../server/src/modules/reports/reports.service';
import { startTestApp, TestApp } from '../../support/test-app';
import { eventually, queueIdOf } from '../realtime/support';

const QUARTER = 15 * 60_000;

/**
 * The closing job as the server runs it: a durable graphile-worker job booked when the server starts, so whatever
 * ended while no server ran is closed by the next start.
 */
describe('the interval closing job', () => {
  let server: TestApp;

  afterAll(async () => {
    await server.close();
  });

  it('closes, when a server starts, the intervals that ended while none ran', async () => {
    server = await startTestApp({ seedDemo: true, env: { CENTRE_TIME_ZONE: 'UTC' } });
    const billing = await queueIdOf(server.dataSource, 'billing');
    const closedAtFirst = await eventually(async () => (await server.dataSource.query(`SELECT closed_until FROM report_close_state`))[0]?.closed_until as Date | undefined, 20_000, 'a first close');
    expect(closedAtFirst.getTime()).toBeLessThanOrEqual(server.app.get(ReportsService).closableUntil());
    await server.stop();

    // While no server runs, the journal gets a short abandon in Billing two quarter hours before the last close
    // (as a journal written by another process, or restored), and the last close is set back before it.
    const quarter = Math.floor((Date.now() - 3 * QUARTER) / QUARTER) * QUARTER;
    const contact = '7d7a3c4e-0000-4000-8000-000000000001';
    const at = (seconds: number) => new Date(quarter + seconds * 1000).toISOString();
    const { Client } = await import('pg');
    const db = new Client({ connectionString: server.database.url });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO routing_events (at, type, interaction_id, queue_id, payload) VALUES
           ($1, 'contact.queued', $3, $4, jsonb_build_object('type', 'contact.queued', 'reason', 'arrival')),
           ($2, 'contact.abandoned', $3, $4, jsonb_build_object('type', 'contact.abandoned', 'waitSeconds', 3))`,
        [at(60), at(63), contact, billing],
      );
      await db.query(`UPDATE report_close_state SET closed_until = $1`, [new Date(quarter - QUARTER).toISOString()]);
    } finally {
      await db.end();
    }

    server = await startTestApp({ database: server.database, env: { CENTRE_TIME_ZONE: 'UTC' } });
    const record = await eventually(
      async () => (await server.dataSource.query(`SELECT offered, abandoned, short_abandoned FROM report_queue_intervals WHERE queue_id = $1 AND starts_at = $2`, [billing, new Date(quarter).toISOString()]))[0],
      20_000,
      'the interval closed after the restart',
    );
    expect(record).toEqual({ offered: 1, abandoned: 1, short_abandoned: 1 });
    const [state] = await server.dataSource.query(`SELECT closed_until FROM report_close_state`);
    expect(state.closed_until.getTime()).toBeGreaterThanOrEqual(quarter + QUARTER);
  });
});

import { historyRow, newCustomer, valueRun } from '../../factories/customer-value';
import { call } from '../../factories/routing';
import { createSignedInUser, type SignedInStaff } from '../../factories/users';
import { startTestApp, type TestApp } from '../../support/test-app';
import { send } from '../security/support';

/**
 * The managers' value reports on a small crafted pair of runs, checked against figures worked out by hand
 * (see each test), and their CSV.
 */
describe('customer value: the managers’ reports', () => {
  let server: TestApp;
  let supervisor: SignedInStaff;
  let lead: SignedInStaff;
  let agent: SignedInStaff;
  let earlier: number;
  let later: number;
  let stillRunning: number;

  const get = (who: SignedInStaff, path: string) => call(server.baseUrl, 'GET', path, who.headers);

  beforeAll(async () => {
    server = await startTestApp();
    const ds = server.dataSource;
    supervisor = await createSignedInUser(ds, { roles: ['supervisor'] });
    lead = await createSignedInUser(ds, { roles: ['team_lead'] });
    agent = await createSignedInUser(ds, { roles: ['agent'], teamLeadId: lead.id });
  });
  afterAll(async () => {
    await server.close();
  });

  it('says so when no run has completed yet', async () => {
    const answer = await get(supervisor, '/api/customer-value/pyramid');
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 404, code: 'NO_COMPLETED_VALUE_RUN' });
  });

  describe('on two completed runs', () => {
    beforeAll(async () => {
      const ds = server.dataSource;
      earlier = await valueRun(ds, new Date('2026-10-01T00:00:00Z'));
      later = await valueRun(ds, new Date('2026-11-01T00:00:00Z'));
      // Neither a run still going nor a failed one is a report's run.
      stillRunning = await valueRun(ds, new Date('2026-11-15T00:00:00Z'), 'running');
      await valueRun(ds, new Date('2026-11-10T00:00:00Z'), 'failed');

      const c = [] as string[];
      for (let index = 1; index <= 6; index += 1) c.push(await newCustomer(ds, `Report customer ${index}`));
      // Earlier run: tier in force, cell, money.
      await historyRow(ds, earlier, c[0], { tier: 'important', segment: 'keep_best', monetary: '1000.00' });
      await historyRow(ds, earlier, c[1], { tier: 'secondary', segment: 'develop', monetary: '400.00' });
      await historyRow(ds, earlier, c[2], { tier: 'ordinary', segment: 'ordinary', monetary: '100.00' });
      await historyRow(ds, earlier, c[3], { tier: 'small', segment: null, monetary: '0.00' });
      await historyRow(ds, earlier, c[4], { tier: 'small', segment: 'no_value', monetary: '20.00' });
      // Later run; the computed tier differs from the one in force for c[2] (an override): reports use the one in force.
      await historyRow(ds, later, c[0], { tier: 'important', segment: 'keep_best', monetary: '1200.50' });
      await historyRow(ds, later, c[1], { tier: 'important', segment: 'keep_best', monetary: '800.00' });
      await historyRow(ds, later, c[2], { tier: 'ordinary', effectiveTier: 'secondary', segment: 'retain_at_risk', monetary: '300.00' });
      await historyRow(ds, later, c[3], { tier: 'small', segment: null, monetary: '0.00' });
      await historyRow(ds, later, c[4], { tier: 'ordinary', segment: 'ordinary', monetary: '99.50' });
      await historyRow(ds, later, c[5], { tier: 'small', segment: 'new_or_occasional', monetary: '10.00' });
      await historyRow(ds, stillRunning, c[0], { tier: 'small', segment: 'no_value', monetary: '1.00' });
    });

    it('the pyramid: customers and share of value per tier in force (2410.00 in all: 2000.50, 300.00, 99.50, 10.00)', async () => {
      const pyramid = await get(lead, '/api/customer-value/pyramid');
      expect(pyramid.status).toBe(200);
      expect(pyramid.body).toEqual({
        runId: later,
        asOf: '2026-11-01T00:00:00.000Z',
        tiers: [
          { tier: 'important', customers: 2, value: '2000.50', valueShare: 0.8301 },
          { tier: 'secondary', customers: 1, value: '300.00', valueShare: 0.1245 },
          { tier: 'ordinary', customers: 1, value: '99.50', valueShare: 0.0413 },
          { tier: 'small', customers: 2, value: '10.00', valueShare: 0.0041 },
        ],
      });
      const first = await get(supervisor, `/api/customer-value/pyramid?runId=${earlier}`);
      expect(first.body.tiers.map((tier: { customers: number }) => tier.customers)).toEqual([1, 1, 1, 2]);
      expect((await get(supervisor, `/api/customer-value/pyramid?runId=${stillRunning}`)).status).toBe(404);
      expect((await get(supervisor, '/api/customer-value/pyramid?runId=first')).status).toBe(400);
    });

    it('the RFM grid: eight cells with customers, value and change since the previous completed run, and the inactive', async () => {
      const grid = await get(supervisor, '/api/customer-value/rfm-grid');
      expect(grid.status).toBe(200);
      expect(grid.body).toEqual({
        runId: later,
        previousRunId: earlier,
        cells: [
          { segment: 'keep_best', recency: 'low', frequency: 'high', monetary: 'high', customers: 2, value: '2000.50', customersChange: 1 },
          { segment: 'develop', recency: 'low', frequency: 'low', monetary: 'high', customers: 0, value: '0.00', customersChange: -1 },
          { segment: 'generally_important', recency: 'low', frequency: 'high', monetary: 'low', customers: 0, value: '0.00', customersChange: 0 },
          { segment: 'retain_at_risk', recency: 'high', frequency: 'high', monetary: 'high', customers: 1, value: '300.00', customersChange: 1 },
          { segment: 'ordinary', recency: 'high', frequency: 'high', monetary: 'low', customers: 1, value: '99.50', customersChange: 0 },
          { segment: 'no_value', recency: 'high', frequency: 'low', monetary: 'low', customers: 0, value: '0.00', customersChange: -1 },
          { segment: 'new_or_occasional', recency: 'low', frequency: 'low', monetary: 'low', customers: 1, value: '10.00', customersChange: 1 },
          { segment: 'win_back', recency: 'high', frequency: 'low', monetary: 'high', customers: 0, value: '0.00', customersChange: 0 },
        ],
        inactive: 1,
      });
      const first = await get(supervisor, `/api/customer-value/rfm-grid?runId=${earlier}`);
      expect(first.body.previousRunId).toBeNull();
      expect(first.body.cells.every((cell: { customersChange: number | null }) => cell.customersChange === null)).toBe(true);
    });

    it('the tier migration between the last two completed runs, or two named ones; customers new in the later run come from "new"', async () => {
      const migration = await get(supervisor, '/api/customer-value/migration');
      expect(migration.status).toBe(200);
      expect(migration.body.fromRunId).toBe(earlier);
      expect(migration.body.toRunId).toBe(later);
      expect(migration.body.moves).toHaveLength(20);
      expect(migration.body.moves.filter((move: { customers: number }) => move.customers > 0)).toEqual([
        { from: 'important', to: 'important', customers: 1 },
        { from: 'secondary', to: 'important', customers: 1 },
        { from: 'ordinary', to: 'secondary', customers: 1 },
        { from: 'small', to: 'ordinary', customers: 1 },
        { from: 'small', to: 'small', customers: 1 },
        { from: 'new', to: 'small', customers: 1 },
      ]);
      const backwards = await get(supervisor, `/api/customer-value/migration?from=${later}&to=${earlier}`);
      expect(backwards.body.moves.filter((move: { customers: number }) => move.customers > 0)).toEqual([
        { from: 'important', to: 'important', customers: 1 },
        { from: 'important', to: 'secondary', customers: 1 },
        { from: 'secondary', to: 'ordinary', customers: 1 },
        { from: 'ordinary', to: 'small', customers: 1 },
        { from: 'small', to: 'small', customers: 1 },
      ]);
      const noEarlier = await get(supervisor, `/api/customer-value/migration?to=${earlier}`);
      expect({ status: noEarlier.status, code: noEarlier.body.code }).toEqual({ status: 404, code: 'NO_PREVIOUS_VALUE_RUN' });
    });

    it('exports each report as CSV with a header line, by ?format=csv or Accept: text/csv', async () => {
      const pyramid = await send(server.baseUrl, 'GET', '/api/customer-value/pyramid?format=csv', { headers: supervisor.headers });
      expect(pyramid.status).toBe(200);
      expect(pyramid.text).toBe('tier,customers,value,value_share\r\nimportant,2,2000.50,0.8301\r\nsecondary,1,300.00,0.1245\r\nordinary,1,99.50,0.0413\r\nsmall,2,10.00,0.0041\r\n');
      const raw = await fetch(`${server.baseUrl}/api/customer-value/rfm-grid`, { headers: { ...supervisor.headers, accept: 'text/csv' } });
      expect(raw.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(raw.headers.get('content-disposition')).toBe(`attachment; filename="rfm-grid-run-${later}.csv"`);
      const grid = (await raw.text()).split('\r\n');
      expect(grid[0]).toBe('segment,recency,frequency,monetary,customers,value,customers_change');
      expect(grid[1]).toBe('keep_best,low,high,high,2,2000.50,1');
      expect(grid[9]).toBe('inactive,,,,1,,');
      const migration = await send(server.baseUrl, 'GET', '/api/customer-value/migration?format=csv', { headers: lead.headers });
      const lines = migration.text.split('\r\n');
      expect(lines[0]).toBe('from_tier,to_tier,customers');
      expect(lines).toContain('secondary,important,1');
      expect(lines).toContain('new,small,1');
      expect(lines).toHaveLength(22);
      // JSON stays the default, and a format the reports do not have is refused, naming the field.
      expect((await get(supervisor, '/api/customer-value/pyramid?format=json')).body.runId).toBe(later);
      const xml = await get(supervisor, '/api/customer-value/pyramid?format=xml');
      expect({ status: xml.status, mentions: JSON.stringify(xml.body).includes('format') }).toEqual({ status: 400, mentions: true });
    });

    it('keeps the reports from agents', async () => {
      for (const path of ['pyramid', 'rfm-grid', 'migration', 'losses']) {
        expect({ path, status: (await get(agent, `/api/customer-value/${path}`)).status }).toEqual({ path, status: 403 });
      }
    });
  });
});

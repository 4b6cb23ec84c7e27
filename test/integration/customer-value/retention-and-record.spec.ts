import { ChurnService } from '../../../server/src/modules/customer-value/churn.service';
import { daysBefore, historyRow, newCustomer, pastContact, purchase, storedComplaint, valueRun } from '../../factories/customer-value';
import { call, signInAs, type DemoStaff } from '../../factories/routing';
import { startTestApp, type TestApp } from '../../support/test-app';
import { send } from '../security/support';

/**
 * The retention worklist (ownership by the team of the agent who last served the customer, who sees and works
 * it), lost customers, the notes the team shares and the record's purchases, contacts and complaints.
 */
describe('customer value: the retention worklist, lost customers and the shared record', () => {
  let server: TestApp;
  const staff = {} as Record<'amy' | 'ben' | 'frank' | 'grace' | 'daniel' | 'sophie', DemoStaff>;
  const customer = {} as Record<'amyKeepBest' | 'amyOrdinary' | 'grace' | 'frank' | 'nobody' | 'lost' | 'belowThreshold' | 'record', string>;
  const asOf = new Date();
  let run: number;
  let firstRun: { withReasons: number; atRisk: number; actionsOpened: number };

  const api = (who: DemoStaff, method: string, path: string, body?: unknown) => call(server.baseUrl, method, path, who.headers, body);
  const actionOf = async (customerId: string) =>
    (await server.dataSource.query(`SELECT id, team_lead_id, action, status, outcome FROM retention_actions WHERE customer_id = $1 ORDER BY created_at`, [customerId])) as {
      id: string;
      team_lead_id: string | null;
      action: string;
      status: string;
      outcome: string | null;
    }[];
  const auditOf = (action: string, targetId: string) =>
    server.dataSource.query(`SELECT actor_id, details FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY id`, [action, targetId]);

  beforeAll(async () => {
    server = await startTestApp({ seedDemo: true });
    const ds = server.dataSource;
    for (const name of Object.keys({ amy: 0, ben: 0, frank: 0, grace: 0, daniel: 0, sophie: 0 }) as (keyof typeof staff)[]) staff[name] = await signInAs(ds, name);
    const previous = await valueRun(ds, daysBefore(asOf, 30));
    run = await valueRun(ds, asOf, 'running');

    // At risk: a key customer who fell from important (35 points, the at-risk score exactly); the tier in force,
    // money spent and cell are those the worklist orders and acts by.
    const atRisk = async (name: keyof typeof customer, tierInForce: string, monetary: string, segment: string | null) => {
      customer[name] = await newCustomer(ds, `Retention ${name}`, tierInForce);
      await historyRow(ds, previous, customer[name], { tier: 'important' });
      await historyRow(ds, run, customer[name], { tier: 'secondary', effectiveTier: tierInForce, monetary, segment });
    };
    await atRisk('amyKeepBest', 'important', '900.00', 'keep_best');
    await atRisk('amyOrdinary', 'secondary', '5000.00', 'ordinary');
    await atRisk('grace', 'important', '2000.00', 'retain_at_risk');
    await atRisk('frank', 'secondary', '500.00', null);
    await atRisk('nobody', 'small', '50.00', 'develop');
    await atRisk('lost', 'important', '700.00', 'keep_best');
    // 30 points (an overdue purchase): below the at-risk score.
    customer.belowThreshold = await newCustomer(ds, 'Retention below threshold');
    await historyRow(ds, run, customer.belowThreshold, { frequency: 4, usualGapDays: 10, recencyDays: 45 });

    // Who served them last: Amy (Grace's team) after Frank (Daniel's) for amyKeepBest; Grace herself; Frank.
    await pastContact(ds, { customerId: customer.amyKeepBest, agentId: staff.frank.id, arrivedAt: daysBefore(asOf, 20) });
    await pastContact(ds, { customerId: customer.amyKeepBest, agentId: staff.amy.id, arrivedAt: daysBefore(asOf, 5) });
    await pastContact(ds, { customerId: customer.amyOrdinary, agentId: staff.amy.id, arrivedAt: daysBefore(asOf, 15) });
    await pastContact(ds, { customerId: customer.grace, agentId: staff.grace.id, arrivedAt: daysBefore(asOf, 3) });
    await pastContact(ds, { customerId: customer.frank, agentId: staff.frank.id, arrivedAt: daysBefore(asOf, 40) });
    // A call that rang out for Amy is no service.
    await pastContact(ds, { customerId: customer.nobody, agentId: null, arrivedAt: daysBefore(asOf, 2), status: 'abandoned' });
    await pastContact(ds, { customerId: customer.lost, agentId: staff.amy.id, arrivedAt: daysBefore(asOf, 9) });
    await ds.query(`INSERT INTO customer_losses (customer_id, cause, note) VALUES ($1, 'competitive', 'Moved to a rival')`, [customer.lost]);

    firstRun = await ds.transaction((manager) => server.app.get(ChurnService).scoreRun(run, asOf, manager));
    await ds.query(`UPDATE customer_value_runs SET status = 'completed', finished_at = now() WHERE id = $1`, [run]);

    // The record's customer: served by Amy (and once by Frank), with purchases and a scored complaint.
    customer.record = await newCustomer(ds, 'Record customer');
    await pastContact(ds, { customerId: customer.record, agentId: staff.amy.id, arrivedAt: daysBefore(asOf, 4), subject: 'Invoice copy' });
    await pastContact(ds, { customerId: customer.record, agentId: staff.frank.id, arrivedAt: daysBefore(asOf, 2), queueCode: 'technical' });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  describe('the worklist', () => {
    it('opens one action per customer at risk and not lost, with the care action of its cell, owned by the team of whoever served them last', async () => {
      const owners = async (name: keyof typeof customer) => (await actionOf(customer[name])).map((row) => ({ team: row.team_lead_id, action: row.action, status: row.status }));
      expect({
        amyKeepBest: await owners('amyKeepBest'),
        amyOrdinary: await owners('amyOrdinary'),
        grace: await owners('grace'),
        frank: await owners('frank'),
        nobody: await owners('nobody'),
        lost: await owners('lost'),
        belowThreshold: await owners('belowThreshold'),
      }).toEqual({
        amyKeepBest: [{ team: staff.grace.id, action: 'coupon', status: 'open' }],
        amyOrdinary: [{ team: staff.grace.id, action: 'greeting', status: 'open' }],
        grace: [{ team: staff.grace.id, action: 'return_visit', status: 'open' }],
        frank: [{ team: staff.daniel.id, action: 'win_back_offer', status: 'open' }],
        nobody: [{ team: null, action: 'new_product_notice', status: 'open' }],
        lost: [],
        belowThreshold: [],
      });
      // Seven customers show a reason, six of them at risk; the lost one gets no action.
      expect(firstRun).toEqual({ withReasons: 7, atRisk: 6, actionsOpened: 5 });
    });

    it('keeps an open action when the next run finds the customer still at risk', async () => {
      const before = await server.dataSource.query(`SELECT id FROM retention_actions ORDER BY id`);
      const next = await valueRun(server.dataSource, new Date(), 'running');
      await server.dataSource.query(`INSERT INTO customer_value_history SELECT $1, customer_id, rank, computed_tier, effective_tier, monetary, frequency, recency_days, usual_gap_days, recency_level, frequency_level, monetary_level, segment FROM customer_value_history WHERE run_id = $2`, [next, run]);
      const result = await server.dataSource.transaction((manager) => server.app.get(ChurnService).scoreRun(next, new Date(), manager));
      await server.dataSource.query(`DELETE FROM customer_value_runs WHERE id = $1`, [next]);
      expect(result.actionsOpened).toBe(0);
      expect(await server.dataSource.query(`SELECT id FROM retention_actions ORDER BY id`)).toEqual(before);
    });

    const names = async (who: DemoStaff, query = '') => {
      const answer = await api(who, 'GET', `/api/customer-value/worklist${query}`);
      expect(answer.status).toBe(200);
      return (answer.body.items as { customerName: string }[]).map((item) => item.customerName.replace('Retention ', ''));
    };

    it('shows a team lead and their agents the team’s actions, most valuable first; supervisors every action', async () => {
      expect(await names(staff.grace)).toEqual(['grace', 'amyKeepBest', 'amyOrdinary']);
      expect(await names(staff.amy)).toEqual(['grace', 'amyKeepBest', 'amyOrdinary']);
      expect(await names(staff.daniel)).toEqual(['frank']);
      expect(await names(staff.frank)).toEqual(['frank']);
      expect(await names(staff.sophie)).toEqual(['grace', 'amyKeepBest', 'amyOrdinary', 'frank', 'nobody']);
      expect(await names(staff.sophie, '?limit=2&offset=1')).toEqual(['amyKeepBest', 'amyOrdinary']);
      const page = await api(staff.grace, 'GET', '/api/customer-value/worklist?limit=1');
      expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 0 });
      expect(page.body.items[0]).toEqual({
        id: expect.any(String),
        customerId: customer.grace,
        customerName: 'Retention grace',
        valueTier: 'important',
        segment: 'retain_at_risk',
        churnScore: 35,
        teamLeadId: staff.grace.id,
        action: 'return_visit',
        status: 'open',
        outcome: null,
        outcomeNote: null,
        createdAt: expect.any(String),
        completedAt: null,
      });
      expect((await api(staff.grace, 'GET', '/api/customer-value/worklist?status=closed')).status).toBe(400);
    });

    it('lists one customer’s actions, within the reader’s worklist', async () => {
      expect(await names(staff.sophie, `?customerId=${customer.frank}`)).toEqual(['frank']);
      expect(await names(staff.grace, `?customerId=${customer.amyOrdinary}`)).toEqual(['amyOrdinary']);
      // Another team's customer: nothing, as in the worklist itself.
      expect(await names(staff.grace, `?customerId=${customer.frank}`)).toEqual([]);
      const bad = await api(staff.grace, 'GET', '/api/customer-value/worklist?customerId=frank');
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('customerId must be a customer id');
    });

    it('records an outcome once, by the owning team or a supervisor, audited', async () => {
      const [keepBest] = await actionOf(customer.amyKeepBest);
      const [ordinary] = await actionOf(customer.amyOrdinary);
      const [nobody] = await actionOf(customer.nobody);
      const outcome = (who: DemoStaff, id: string, body: unknown) => api(who, 'POST', `/api/customer-value/worklist/${id}/outcome`, body);

      const missingOutcome = await outcome(staff.amy, keepBest.id, { status: 'done' });
      expect(missingOutcome.status).toBe(400);
      expect(JSON.stringify(missingOutcome.body)).toContain('outcome');
      expect((await outcome(staff.amy, keepBest.id, { status: 'open', outcome: 'reached' })).status).toBe(400);

      const done = await outcome(staff.amy, keepBest.id, { status: 'done', outcome: 'accepted', note: 'Took the coupon' });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ id: keepBest.id, status: 'done', outcome: 'accepted', outcomeNote: 'Took the coupon', completedAt: expect.any(String) });
      const audited = await auditOf('retention.action_completed', keepBest.id);
      expect(audited).toEqual([{ actor_id: staff.amy.id, details: { customerId: customer.amyKeepBest, action: 'coupon', status: 'done', outcome: 'accepted', note: 'Took the coupon' } }]);
      expect((await outcome(staff.grace, keepBest.id, { status: 'skipped' })).status).toBe(409);

      expect((await outcome(staff.frank, ordinary.id, { status: 'done', outcome: 'reached' })).status).toBe(403);
      expect((await outcome(staff.daniel, nobody.id, { status: 'skipped' })).status).toBe(403);
      expect((await outcome(staff.grace, nobody.id, { status: 'skipped' })).status).toBe(403);
      expect((await actionOf(customer.nobody))[0].status).toBe('open');
      const skipped = await outcome(staff.sophie, nobody.id, { status: 'skipped', note: 'Asked not to be called' });
      expect(skipped.status).toBe(200);
      expect(skipped.body).toMatchObject({ status: 'skipped', outcome: null });

      const open = await api(staff.grace, 'GET', '/api/customer-value/worklist?status=open');
      expect(open.body.items.map((item: { customerId: string }) => item.customerId)).toEqual([customer.grace, customer.amyOrdinary]);
    });

    it('counts open, done and skipped actions per care action within the caller’s worklist, as JSON or CSV', async () => {
      const all = await api(staff.sophie, 'GET', '/api/customer-value/worklist/progress');
      expect(all.body).toEqual({
        actions: [
          { action: 'greeting', open: 1, done: 0, skipped: 0 },
          { action: 'return_visit', open: 1, done: 0, skipped: 0 },
          { action: 'new_product_notice', open: 0, done: 0, skipped: 1 },
          { action: 'coupon', open: 0, done: 1, skipped: 0 },
          { action: 'win_back_offer', open: 1, done: 0, skipped: 0 },
        ],
        total: { open: 3, done: 1, skipped: 1 },
      });
      const team = await api(staff.grace, 'GET', '/api/customer-value/worklist/progress');
      expect(team.body.total).toEqual({ open: 2, done: 1, skipped: 0 });
      const csv = await send(server.baseUrl, 'GET', '/api/customer-value/worklist/progress?format=csv', { headers: staff.grace.headers });
      expect(csv.status).toBe(200);
      expect(csv.text).toBe('action,open,done,skipped\r\ngreeting,1,0,0\r\nreturn_visit,1,0,0\r\nnew_product_notice,0,0,0\r\ncoupon,0,1,0\r\nwin_back_offer,0,0,0\r\n');
    });
  });

  describe('lost customers', () => {
    it('lets a team lead mark their team’s customer lost (audited, the open care action skipped) and reinstate them; not another team’s lead, not an agent', async () => {
      const mark = (who: DemoStaff, body: unknown) => api(who, 'PUT', `/api/customers/${customer.amyOrdinary}/loss`, body);
      expect((await mark(staff.daniel, { cause: 'fault' })).status).toBe(403);
      expect((await mark(staff.amy, { cause: 'fault' })).status).toBe(403);
      const badCause = await mark(staff.grace, { cause: 'bored' });
      expect(badCause.status).toBe(400);
      expect(JSON.stringify(badCause.body)).toContain('cause');
      expect(await actionOf(customer.amyOrdinary)).toMatchObject([{ status: 'open' }]);

      const marked = await mark(staff.grace, { cause: 'fault', note: ' Billed twice, twice ' });
      expect(marked.status).toBe(200);
      expect(marked.body).toEqual({ cause: 'fault', note: 'Billed twice, twice', markedAt: expect.any(String), markedBy: staff.grace.id });
      const [action] = await actionOf(customer.amyOrdinary);
      expect(action).toMatchObject({ status: 'skipped', outcome: 'lost' });
      expect(await auditOf('customer.marked_lost', customer.amyOrdinary)).toEqual([
        { actor_id: staff.grace.id, details: { cause: 'fault', note: 'Billed twice, twice', before: null, skippedActionId: action.id } },
      ]);

      expect((await api(staff.daniel, 'DELETE', `/api/customers/${customer.amyOrdinary}/loss`)).status).toBe(403);
      expect((await api(staff.grace, 'DELETE', `/api/customers/${customer.amyOrdinary}/loss`)).status).toBe(204);
      expect(await auditOf('customer.reinstated', customer.amyOrdinary)).toEqual([
        { actor_id: staff.grace.id, details: expect.objectContaining({ cause: 'fault', note: 'Billed twice, twice', markedBy: staff.grace.id }) },
      ]);
      const again = await api(staff.grace, 'DELETE', `/api/customers/${customer.amyOrdinary}/loss`);
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 404, code: 'CUSTOMER_NOT_LOST' });
    });

    it('reports lost customers by cause with the preventable (fault) share, as JSON or CSV', async () => {
      expect((await api(staff.daniel, 'PUT', `/api/customers/${customer.frank}/loss`, { cause: 'fault' })).status).toBe(200);
      expect((await api(staff.sophie, 'PUT', `/api/customers/${customer.nobody}/loss`, { cause: 'natural', note: 'Moved abroad' })).status).toBe(200);
      // With the competitor's customer marked at the start: 3 lost, 1 of them our fault.
      const report = await api(staff.grace, 'GET', '/api/customer-value/losses');
      expect(report.body).toEqual({
        total: 3,
        preventableShare: 0.3333,
        causes: [
          { cause: 'natural', customers: 1 },
          { cause: 'competitive', customers: 1 },
          { cause: 'fault', customers: 1 },
          { cause: 'malicious', customers: 0 },
          { cause: 'other', customers: 0 },
        ],
      });
      expect((await api(staff.amy, 'GET', '/api/customer-value/losses')).status).toBe(403);
      const csv = await send(server.baseUrl, 'GET', '/api/customer-value/losses', { headers: { ...staff.sophie.headers, accept: 'text/csv' } });
      expect(csv.status).toBe(200);
      expect(csv.text).toBe('cause,customers,share\r\nnatural,1,0.3333\r\ncompetitive,1,0.3333\r\nfault,1,0.3333\r\nmalicious,0,0\r\nother,0,0\r\n');
    });
  });

  describe('the shared record', () => {
    it('shares notes with whoever may read the customer: the agents who served them, their team lead, supervisors', async () => {
      const notes = (who: DemoStaff, query = '') => api(who, 'GET', `/api/customers/${customer.record}/notes${query}`);
      const add = (who: DemoStaff, body: unknown) => api(who, 'POST', `/api/customers/${customer.record}/notes`, body);
      const added = await add(staff.amy, { body: 'Prefers e-mail after 6 pm' });
      expect(added.status).toBe(201);
      expect(added.body).toEqual({ id: expect.any(String), body: 'Prefers e-mail after 6 pm', authorId: staff.amy.id, authorName: 'Amy Walker', createdAt: expect.any(String) });
      expect((await add(staff.grace, { body: 'x'.repeat(4000) })).status).toBe(201);
      for (const body of [{ body: '' }, { body: '   ' }, { body: 'x'.repeat(4001) }, {}]) {
        const refused = await add(staff.amy, body);
        expect({ status: refused.status, names: JSON.stringify(refused.body).includes('body') }).toEqual({ status: 400, names: true });
      }
      const seenByLead = await notes(staff.grace);
      expect(seenByLead.status).toBe(200);
      expect(seenByLead.body.items.map((note: { authorName: string }) => note.authorName)).toEqual(['Grace Lin', 'Amy Walker']);
      expect((await notes(staff.sophie)).status).toBe(200);
      // Ben is on Amy's team but never served this customer; Daniel's team served them once (Frank).
      expect((await notes(staff.ben)).status).toBe(403);
      expect((await add(staff.ben, { body: 'Hello' })).status).toBe(403);
      expect((await notes(staff.daniel)).status).toBe(200);
      // A customer only Amy served is not Daniel's team's to read.
      expect((await api(staff.daniel, 'GET', `/api/customers/${customer.amyOrdinary}/notes`)).status).toBe(403);
      expect((await api(staff.daniel, 'POST', `/api/customers/${customer.amyOrdinary}/notes`, { body: 'Hello' })).status).toBe(403);

      const first = await notes(staff.amy, '?limit=1');
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextBefore).toBe(first.body.items[0].id);
      const second = await notes(staff.amy, `?limit=1&before=${first.body.nextBefore}`);
      expect(second.body).toEqual({ items: [expect.objectContaining({ body: 'Prefers e-mail after 6 pm' })], nextBefore: null });
    });

    it('pages the customer’s purchases newest first for whoever may read the customer', async () => {
      const ds = server.dataSource;
      const ids: string[] = [];
      for (const [daysAgo, amount] of [[50, '10.00'], [40, '20.50'], [30, '-5.00'], [20, '40.00'], [10, '55.25']] as const) ids.push(await purchase(ds, customer.record, daysBefore(asOf, daysAgo), amount));
      const otherCustomersPurchase = await purchase(ds, customer.grace, daysBefore(asOf, 1), '1.00');
      const page = (who: DemoStaff, query: string) => api(who, 'GET', `/api/customers/${customer.record}/transactions${query}`);

      const first = await page(staff.amy, '?limit=2');
      expect(first.status).toBe(200);
      expect(first.body.items.map((item: { amount: string }) => item.amount)).toEqual(['55.25', '40.00']);
      expect(first.body.items[0]).toEqual({ id: ids[4], externalId: expect.any(String), occurredAt: daysBefore(asOf, 10).toISOString(), amount: '55.25', product: 'Plan', channel: 'web' });
      const second = await page(staff.amy, `?limit=2&before=${first.body.nextBefore}`);
      expect(second.body.items.map((item: { amount: string }) => item.amount)).toEqual(['-5.00', '20.50']);
      const last = await page(staff.amy, `?limit=2&before=${second.body.nextBefore}`);
      expect(last.body).toEqual({ items: [expect.objectContaining({ amount: '10.00' })], nextBefore: null });

      expect((await page(staff.amy, `?before=${otherCustomersPurchase}`)).status).toBe(400);
      expect((await page(staff.amy, '?before=abc')).status).toBe(400);
      expect((await page(staff.amy, '?limit=0')).status).toBe(400);
      expect((await page(staff.ben, '')).status).toBe(403);
      expect((await page(staff.grace, '')).status).toBe(200);
    });

    it('reaches the customer’s contacts (with dispositions and notes) and complaints (with satisfaction) under the same rules', async () => {
      const complaint = await storedComplaint(server.dataSource, { customerId: customer.record, ownerId: staff.amy.id, receivedAt: daysBefore(asOf, 9), closedAt: daysBefore(asOf, 8), satisfaction: 4 });
      const contacts = async (who: DemoStaff) => {
        const answer = await api(who, 'GET', `/api/interactions?customerId=${customer.record}`);
        expect(answer.status).toBe(200);
        return answer.body.items as { agentId: string; disposition: string; wrapUpNotes: string | null }[];
      };
      const amySees = await contacts(staff.amy);
      expect(amySees.map((item) => item.agentId)).toEqual([staff.amy.id]);
      expect(amySees[0]).toMatchObject({ disposition: 'resolved', wrapUpNotes: null });
      expect((await contacts(staff.sophie)).map((item) => item.agentId)).toEqual([staff.frank.id, staff.amy.id]);
      expect(await contacts(staff.ben)).toEqual([]);

      const complaints = await api(staff.amy, 'GET', `/api/complaints?customerId=${customer.record}`);
      expect(complaints.status).toBe(200);
      expect(complaints.body.items).toEqual([expect.objectContaining({ id: complaint.id, number: complaint.number, satisfaction: 4 })]);
    });
  });
});
